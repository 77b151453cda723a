/**
 * The payments concern's configuration block (`lines.disability.payments`, ADR 0033): the bank payment
 * file's layouts (columns, order, delimiter, amount unit, header and totals line), the one in use, the
 * bank return file's columns and the account-number rule. Defaults: the agreed "代发" CSV layout (UTF-8
 * with a byte-order mark, amounts in yuan with two decimals, a totals trailer) and a second, pipe-
 * delimited fixed layout in fen with a totals header, to show that the layout is configuration.
 */
import { z } from 'zod';

/** What a payment file column holds. */
export type PaymentFileField =
  | 'seq'
  | 'reference'
  | 'accountNumber'
  | 'holderName'
  | 'accountKind'
  | 'bankName'
  | 'amount'
  | 'month'
  | 'subsidy'
  | 'divisionCode'
  | 'memo';
export const PAYMENT_FILE_FIELDS = [
  'seq',
  'reference',
  'accountNumber',
  'holderName',
  'accountKind',
  'bankName',
  'amount',
  'month',
  'subsidy',
  'divisionCode',
  'memo',
] as const satisfies readonly PaymentFileField[];

export interface PaymentFileColumn {
  field: PaymentFileField;
  /** Column title in the title line. */
  title: string;
}

export interface PaymentFileFormat {
  key: string;
  label: string;
  /**
   * Only UTF-8 is written: no GBK encoder is installed (Node decodes GBK but cannot encode it); `utf-8-bom`
   * starts the file with a byte-order mark so that spreadsheet programs read the Chinese right.
   */
  encoding: 'utf-8' | 'utf-8-bom';
  delimiter: ',' | '|' | '\t';
  lineEnding: '\r\n' | '\n';
  /** `yuan`: 12.34 (two decimals); `fen`: 1234. */
  amountUnit: 'yuan' | 'fen';
  /** A line with the column titles first. */
  titleLine: boolean;
  /** Totals (count and amount): none, a line before the lines (after titles) or a trailer after them. */
  totals: 'none' | 'header' | 'trailer';
  columns: PaymentFileColumn[];
  /** File name pattern: `{county}`, `{month}`, `{fileNo}` are replaced; the extension is part of it. */
  fileName: string;
}

/** The bank's return file: a title line, then one line per credit; columns found by their titles. */
export interface PaymentReturnFormat {
  referenceTitle: string;
  resultTitle: string;
  reasonTitle: string;
  /** Result values that mean the credit was made; anything else is a failure. */
  successValues: string[];
}

export interface PaymentsConfig {
  /** Key of the format used for new files. */
  fileFormat: string;
  formats: PaymentFileFormat[];
  returnFormat: PaymentReturnFormat;
  /** Account numbers: digits only, this many (a 社保卡 financial account is a bank card number). */
  accountDigits: { min: number; max: number };
  /** Office word of the file's number (`湘浏民残代字〔2026〕第000001号`). */
  fileNumberWord: string;
}

export const defaultPaymentsConfig: PaymentsConfig = {
  fileFormat: 'daifa_csv',
  formats: [
    {
      key: 'daifa_csv',
      label: '代发通用格式（CSV，金额以元计）',
      encoding: 'utf-8-bom',
      delimiter: ',',
      lineEnding: '\r\n',
      amountUnit: 'yuan',
      titleLine: true,
      totals: 'trailer',
      columns: [
        { field: 'seq', title: '序号' },
        { field: 'reference', title: '业务流水号' },
        { field: 'accountNumber', title: '收款账号' },
        { field: 'holderName', title: '户名' },
        { field: 'amount', title: '金额' },
        { field: 'memo', title: '摘要' },
      ],
      fileName: '残疾人两项补贴代发_{county}_{month}.csv',
    },
    {
      key: 'bank_fixed_pipe',
      label: '银行批量代发（竖线分隔，金额以分计，首行汇总）',
      encoding: 'utf-8',
      delimiter: '|',
      lineEnding: '\n',
      amountUnit: 'fen',
      titleLine: false,
      totals: 'header',
      columns: [
        { field: 'reference', title: '流水号' },
        { field: 'accountKind', title: '账户类型' },
        { field: 'accountNumber', title: '账号' },
        { field: 'holderName', title: '户名' },
        { field: 'amount', title: '金额（分）' },
        { field: 'month', title: '所属月份' },
      ],
      fileName: 'DF_{county}_{month}.txt',
    },
  ],
  returnFormat: {
    referenceTitle: '业务流水号',
    resultTitle: '处理结果',
    reasonTitle: '失败原因',
    successValues: ['成功', '0000', 'S'],
  },
  accountDigits: { min: 12, max: 19 },
  fileNumberWord: '民残代字',
};

const text = (max: number) => z.string().trim().min(1).max(max);

export const paymentsConfigSchema: z.ZodType<PaymentsConfig> = z
  .object({
    fileFormat: text(40),
    formats: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z0-9_]{1,40}$/),
            label: text(60),
            encoding: z.enum(['utf-8', 'utf-8-bom']),
            delimiter: z.enum([',', '|', '\t']),
            lineEnding: z.enum(['\r\n', '\n']),
            amountUnit: z.enum(['yuan', 'fen']),
            titleLine: z.boolean(),
            totals: z.enum(['none', 'header', 'trailer']),
            columns: z
              .array(z.object({ field: z.enum(PAYMENT_FILE_FIELDS), title: text(30) }).strict())
              .min(1)
              .max(20),
            fileName: text(80),
          })
          .strict(),
      )
      .min(1),
    returnFormat: z
      .object({
        referenceTitle: text(30),
        resultTitle: text(30),
        reasonTitle: text(30),
        successValues: z.array(text(20)).min(1),
      })
      .strict(),
    accountDigits: z
      .object({ min: z.number().int().min(6).max(32), max: z.number().int().min(6).max(32) })
      .strict(),
    fileNumberWord: text(20),
  })
  .strict()
  .refine((c) => c.formats.some((f) => f.key === c.fileFormat), {
    message: 'fileFormat 必须是 formats 中的一种',
    path: ['fileFormat'],
  })
  .refine((c) => c.formats.every((f) => f.columns.some((col) => col.field === 'reference')), {
    message: '代发文件格式必须包含业务流水号（reference）列，回盘文件据此对账',
    path: ['formats'],
  });
