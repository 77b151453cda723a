/**
 * Contracts of the funeral line's statistics and exchange concern (殡葬统计与数据交换, issue 17 item 10):
 * the figures by period and division (docs/funeral.md "Statistics and exchange") and the exchange export
 * with its field dictionary (docs/funeral-exchange.md, ADR 0031).
 */
import { z } from 'zod';
import { plainDateSchema } from '../../plain-date';
import { divisionCodeSchema } from '../common';

export const funeralStatsPeriodSchema = z.enum(['month', 'quarter', 'year']);
export type FuneralStatsPeriod = z.infer<typeof funeralStatsPeriodSchema>;

export const FUNERAL_STATS_PERIOD_LABELS: Record<FuneralStatsPeriod, string> = {
  month: '按月',
  quarter: '按季度',
  year: '按年',
};

export const funeralStatsQuery = z.object({
  division: divisionCodeSchema.optional().describe('统计区划（默认本人管辖区划），可逐级下钻'),
  period: funeralStatsPeriodSchema.optional().describe('分组期间：month 月、quarter 季、year 年（默认月）'),
  from: plainDateSchema.optional().describe('起始日期（含），默认本年 1 月 1 日'),
  to: plainDateSchema.optional().describe('截止日期（含），默认今天'),
});
export type FuneralStatsQueryDto = z.infer<typeof funeralStatsQuery>;

/**
 * The figures of one period, one division, or the whole query. Figures of a concern whose table is not in
 * the database are null (and named in `unavailable`).
 */
export const funeralStatsFigures = z.object({
  /** 死亡人数: people-index deaths dated in the period, by the death's division (the cremation rate's denominator). */
  deaths: z.number().int(),
  /** 其中已火化: those deaths whose body has a cremation event (the cremation rate's numerator). */
  deathsCremated: z.number().int(),
  /** 火化率 = deathsCremated ÷ deaths (0…1), null when there is no death. */
  cremationRate: z.number().nullable(),
  /** 接收遗体: cases whose body was first taken into custody (collected or stored) in the period. */
  bodiesReceived: z.number().int(),
  /** 火化: cremation events in the period, by the facility's division. */
  cremations: z.number().int(),
  /** 安葬: burial events (ashes or body) in the period. */
  burials: z.number().int(),
  /** 其中遗体土葬: burial events of cases whose disposition is body burial. */
  bodyBurials: z.number().int(),
  /** 遗体外运: transport-out events in the period. */
  transportedOut: z.number().int(),
  /** 无名遗体: bodies received in the period whose identity is still unknown. */
  unidentified: z.number().int(),
  /** 生态安葬 (F6's records). */
  ecoBurials: z.number().int().nullable(),
  /** 清明祭扫预约 (F7's bookings, by visit date). */
  qingmingBookings: z.number().int().nullable(),
  /** 其中已入园核验. */
  qingmingCheckIns: z.number().int().nullable(),
  /** 整治：发现 (F6's remediation ledger, by the date found). */
  remediationFound: z.number().int().nullable(),
  /** 整治：销号 (closed in the period). */
  remediationClosed: z.number().int().nullable(),
  /** 整治：逾期未销号 (open past the rectification deadline on `asOf`). */
  remediationOverdue: z.number().int().nullable(),
});
export type FuneralStatsFiguresDto = z.infer<typeof funeralStatsFigures>;

export const funeralStatistics = z.object({
  division: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  period: funeralStatsPeriodSchema,
  from: z.string(),
  to: z.string(),
  /** The day overdue counts are taken on (the period's last day, or today). */
  asOf: z.string(),
  /** Whether the actor may drill down (an institution-bound actor sees its own facility only). */
  institutionOnly: z.boolean(),
  buckets: z.array(funeralStatsFigures.extend({ key: z.string(), label: z.string() })),
  rows: z.array(funeralStatsFigures.extend({ divisionCode: z.string(), divisionName: z.string() })),
  totals: funeralStatsFigures,
  /** Waived (free) basic-service amounts by reason (F5's bills), fen. */
  waivedByReason: z.array(
    z.object({ reason: z.string(), label: z.string(), lines: z.number().int(), amountFen: z.number().int() }),
  ),
  /** Figure groups whose source table does not exist yet (e.g. `ecoBurials`). */
  unavailable: z.array(z.string()),
});
export type FuneralStatisticsDto = z.infer<typeof funeralStatistics>;

// ── exchange ────────────────────────────────────────────────────────────────────────────────────────

export const FUNERAL_EXCHANGE_ENTITIES = [
  'deceased',
  'agent',
  'facility',
  'service',
  'document',
  'price',
  'reservation',
  'reform_area',
] as const;
export type FuneralExchangeEntity = (typeof FUNERAL_EXCHANGE_ENTITIES)[number];

export const FUNERAL_EXCHANGE_ENTITY_LABELS: Record<FuneralExchangeEntity, string> = {
  deceased: '逝者信息',
  agent: '承办人信息',
  facility: '殡葬服务机构',
  service: '殡葬服务记录',
  document: '证明材料',
  price: '收费明细',
  reservation: '祭扫预约',
  reform_area: '殡葬改革区域',
};

export const funeralExchangeQuery = z.object({
  division: divisionCodeSchema.optional().describe('导出区划（默认本人管辖区划）'),
  from: plainDateSchema.optional().describe('起始日期（含）：遗体档案建档日、预约日，默认本月 1 日'),
  to: plainDateSchema.optional().describe('截止日期（含），默认今天'),
  format: z.enum(['xlsx', 'jsonl']).optional().describe('xlsx 每类一张工作表；jsonl 每行一条 JSON 记录'),
});
export type FuneralExchangeQueryDto = z.infer<typeof funeralExchangeQuery>;

/** One field of the exchange's field dictionary (数据字典). */
export const funeralExchangeField = z.object({
  entity: z.string(),
  field: z.string(),
  label: z.string(),
  type: z.string(),
  meaning: z.string(),
  source: z.string(),
  /** Heading of MZ/T 141-2019 the field maps to, and whether that mapping is inferred. */
  standardHeading: z.string(),
  inferred: z.boolean(),
  personal: z.boolean(),
});
export type FuneralExchangeFieldDto = z.infer<typeof funeralExchangeField>;

export const funeralExchangeDictionary = z.object({
  standard: z.string(),
  version: z.string(),
  entities: z.array(
    z.object({
      entity: z.string(),
      label: z.string(),
      standardHeading: z.string(),
      available: z.boolean(),
    }),
  ),
  fields: z.array(funeralExchangeField),
  /** Who sees full resident ids and phone numbers in the export. */
  unmaskedWith: z.string(),
});
export type FuneralExchangeDictionaryDto = z.infer<typeof funeralExchangeDictionary>;

/** Row counts of an export preview (what a download would hold). */
export const funeralExchangePreview = z.object({
  division: z.object({ code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  masked: z.boolean(),
  counts: z.array(
    z.object({ entity: z.string(), label: z.string(), rows: z.number().int(), available: z.boolean() }),
  ),
});
export type FuneralExchangePreviewDto = z.infer<typeof funeralExchangePreview>;
