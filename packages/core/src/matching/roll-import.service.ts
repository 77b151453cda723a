/**
 * Rolls of external records (火化名单, 死亡通知, 低保名册 …) imported from a CSV or .xlsx file through the
 * platform's tabular import pipeline (docs/imports.md). Headers in Chinese (公民身份号码 or 身份证号 …)
 * or English (the names the older CSV used: name, sex, birthDate, residentId, eventDate, divisionCode,
 * externalRef); every refused cell is reported as 第 N 行「列」：原因. Each record
 * is idempotent by its natural key within the roll: its original number (externalRef) when given,
 * otherwise its whole content; the same file imported again into the same roll answers the earlier
 * report.
 */
import { DomainError, getDivision, newId } from '@social-affairs/kernel';
import { authorize, inScope, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import {
  ImportCellError,
  ImportRowRefused,
  dateCell,
  residentIdCell,
  sexCell,
  importReportXlsx,
  importRunKind,
  importTemplateXlsx,
  runImport,
  type ApplyOutcome,
  type ImportProgress,
  type ImportRunReport,
  type ImportSource,
  type ImportSpec,
} from '../imports/index';
import { countyOf } from '../people/index';
import { insertMatchRecords } from './matching.repository';
import type { MatchRecordRow } from './matching.table';
import { existingRollRefs, findRollRecord, insertRollRecords } from './roll-import.repository';

export interface RollFileRow {
  externalRef: string | null;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
  residentId: string | null;
  eventDate: string | null;
  divisionCode: string;
}

const ROLL_KIND_PREFIX = 'matching.roll:';

/**
 * The roll file's columns. Headers as the departments write them (公民身份号码 or 身份证号, 死亡日期 or
 * 火化日期 …) or in English; cells in the usual written forms (see imports/cells.ts).
 */
export const ROLL_IMPORT_SPEC: ImportSpec<RollFileRow> = {
  title: '比对名单',
  columns: [
    { key: 'name', header: '姓名', aliases: ['Name', '死者姓名', '对象姓名'], width: 10, example: '张伟' },
    {
      key: 'sex',
      header: '性别',
      aliases: ['Sex'],
      hint: '男 / 女（也可为 男性/女性、1/2、male/female）',
      parse: sexCell('性别'),
      example: '男',
    },
    {
      key: 'birthDate',
      header: '出生日期',
      aliases: ['Birth date', '出生年月日', '出生年月'],
      hint: '如 1950-03-07、1950/3/7、1950年3月7日、19500307；农历请写“农历1950年2月19日”',
      parse: dateCell('出生日期'),
      example: '1950-03-07',
    },
    {
      key: 'residentId',
      header: '公民身份号码',
      aliases: ['身份证号', '身份证号码', '居民身份证号码', '证件号码', 'Resident id', 'ID number'],
      width: 22,
      hint: '18 位或 15 位；校验位不符的仍导入（提示可能有录入错误）',
      parse: residentIdCell('公民身份号码'),
    },
    {
      key: 'eventDate',
      header: '事件日期',
      aliases: ['Event date', '死亡日期', '火化日期', '发放日期'],
      hint: '如死亡、火化日期；格式同出生日期',
      parse: dateCell('事件日期'),
    },
    {
      key: 'divisionCode',
      header: '区划代码',
      aliases: ['Division code', 'Division', '行政区划代码', '户籍地区划代码'],
      required: true,
      hint: '6 位县级（或 9 位乡镇级）行政区划代码',
      parse: (v) => {
        if (!getDivision(v))
          throw new ImportCellError(
            'DIVISION_UNKNOWN',
            `行政区划代码“${v}”不存在（应为 6 位县级或 9 位乡镇级代码）`,
          );
        return v;
      },
      example: '430102',
    },
    {
      key: 'externalRef',
      header: '原编号',
      aliases: ['External ref', 'Ref', '编号', '火化证号', '原始编号'],
      hint: '名单中的原编号（如火化证号）；同一名单内不重复',
    },
  ],
};

/** Imports a roll file into roll `source`; rows outside the caller's scope are refused one by one. */
export async function importRollFile(
  ctx: CoreContext,
  actor: Actor,
  input: { source: string; file: ImportSource; fileName: string; onProgress?: (p: ImportProgress) => void },
): Promise<ImportRunReport> {
  authorize(actor, 'matching:review');
  const source = input.source.trim();
  const now = ctx.clock.now().toISOString();
  /** The record a file row becomes; refuses a row outside the caller's scope. */
  const recordOf = (r: RollFileRow): MatchRecordRow => {
    if (!inScope(actor, r.divisionCode))
      throw new ImportRowRefused([
        { code: 'DIVISION_OUT_OF_SCOPE', reason: '区划不在您的管辖范围内', column: 'divisionCode' },
      ]);
    return {
      id: newId(),
      source,
      externalRef: r.externalRef,
      name: r.name,
      sex: r.sex,
      birthDate: r.birthDate,
      residentId: r.residentId,
      eventDate: r.eventDate,
      divisionCode: countyOf(r.divisionCode),
      importedAt: now,
      importedBy: actor.username,
    };
  };
  const report = await runImport<RollFileRow>(ctx, actor, {
    spec: ROLL_IMPORT_SPEC,
    source: input.file,
    fileName: input.fileName,
    importKind: `${ROLL_KIND_PREFIX}${source}`,
    divisionCode: actor.divisionCode,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    applyRow: async (trx, r) => {
      const row = recordOf(r);
      if (await findRollRecord(trx, row)) return { status: 'unchanged' };
      await insertMatchRecords(trx, [row]);
    },
    // A batch at once: one lookup of the original numbers, one multi-row INSERT. A row out of scope
    // refuses the batch, which is then replayed row by row (only that row is refused).
    applyBatch: async (trx, rows) => {
      const records = rows.map(({ row }) => recordOf(row));
      const withRef = records.filter((r): r is typeof r & { externalRef: string } => r.externalRef !== null);
      const taken = withRef.length > 0 ? await existingRollRefs(trx, source, withRef) : new Set<string>();
      const fresh: typeof records = [];
      const outcomes: ApplyOutcome[] = [];
      const contentSeen = new Set<string>();
      for (const r of records) {
        let there: boolean;
        if (r.externalRef !== null) {
          const key = `${r.divisionCode}\u0000${r.externalRef}`;
          there = taken.has(key);
          taken.add(key); // a second row of the batch with the same number: unchanged, as row by row
        } else {
          const key = JSON.stringify([r.divisionCode, r.name, r.sex, r.birthDate, r.residentId, r.eventDate]);
          there = contentSeen.has(key) || (await findRollRecord(trx, r)) !== undefined;
          contentSeen.add(key);
        }
        if (!there) fresh.push(r);
        outcomes.push({ status: there ? 'unchanged' : 'applied' });
      }
      await insertRollRecords(trx, fresh);
      return outcomes;
    },
  });
  if (!report.repeated && report.rowsApplied > 0)
    await ctx.db.kysely.transaction().execute((trx) =>
      audit(ctx, trx, actor, {
        action: 'matching.import-roll',
        targetType: 'match_roll',
        targetId: source,
        divisionCode: actor.divisionCode,
        details: { records: report.rowsApplied, fileName: input.fileName, run: report.runId },
      }),
    );
  return report;
}

/** The roll file template (.xlsx: headers, an example row and a notes sheet). */
export function rollImportTemplateXlsx(): Promise<Buffer> {
  return importTemplateXlsx(ROLL_IMPORT_SPEC);
}

/**
 * A roll import's full per-row report as .xlsx. 404 for a run that is not a roll import or is outside
 * the caller's scope.
 */
export async function rollImportReportXlsx(ctx: CoreContext, actor: Actor, runId: string): Promise<Buffer> {
  authorize(actor, 'matching:review');
  if (!(await importRunKind(ctx, actor, runId)).startsWith(ROLL_KIND_PREFIX))
    throw new DomainError('not_found', 'NOT_FOUND', '导入记录不存在或不在您的管辖范围内');
  return importReportXlsx(ctx, actor, runId, ROLL_IMPORT_SPEC);
}

/** Chinese names of the JSON roll body's fields (`POST /api/matching/rolls`): the file's column headers. */
const ROLL_BODY_LABELS: Readonly<Record<string, string>> = {
  source: '名单来源',
  records: '记录',
  ...Object.fromEntries(ROLL_IMPORT_SPEC.columns.map((c) => [c.key, c.header])),
};

/**
 * A validation issue of the JSON roll body as the file import words it, by record and column:
 * `records.2.birthDate` → 第 3 条记录「出生日期」：…; never the field path itself.
 */
export function rollBodyIssueMessage(path: readonly (string | number)[], message: string): string {
  let where = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const next = path[i + 1];
    if (seg === 'records' && typeof next === 'number') {
      where += `第 ${next + 1} 条记录`;
      i++;
    } else if (typeof seg === 'string') where += `「${ROLL_BODY_LABELS[seg] ?? seg}」`;
    else if (typeof seg === 'number') where += `第 ${seg + 1} 项`;
  }
  return where ? `${where}：${message}` : message;
}
