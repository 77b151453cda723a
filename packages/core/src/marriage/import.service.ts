/**
 * Historical back-fill (历史婚姻登记档案补录): an Excel template, CSV or xlsx upload, a per-row report.
 * Each row is validated and written in its own transaction — a failing row leaves nothing behind —
 * and rows without id numbers wait for the matching engine (MarriagePartyMatcher) or a clerk.
 */
import ExcelJS from 'exceljs';
import {
  DomainError,
  comparePlainDate,
  getDivision,
  isPlainDate,
  successorsOf,
  normalizePersonName,
  parseResidentId,
  type PlainDate,
  newId,
} from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, ensureDivisionInScope, inScope, type Actor } from '../access/actor';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/dialect';
import type { Database } from '../db/schema';
import { countyOf, createPersonInTransaction } from '../people/index';
import { marriagesOfPerson } from './marriage.repository';
import type { CrossBorder, MarriageRow, MarriageStatus } from './marriage.table';
import { indexActor } from './parties';
import { marriageToday } from './registry.service';

/** Template columns, in order. */
export const IMPORT_COLUMNS = [
  { key: 'kind', header: '登记类别', hint: '结婚 / 补办结婚', width: 12 },
  { key: 'registeredOn', header: '登记日期', hint: 'YYYY-MM-DD', width: 12 },
  { key: 'registryCode', header: '登记机关代码', hint: '本平台登记机关代码，可空', width: 14 },
  { key: 'registryName', header: '登记机关名称', hint: '代码为空时必填', width: 26 },
  { key: 'certificateNo', header: '证书字号', hint: '可空；不得重复', width: 22 },
  { key: 'husbandName', header: '男方姓名', hint: '必填', width: 10 },
  { key: 'husbandId', header: '男方身份证号', hint: '18 位或 15 位；空则待匹配', width: 22 },
  { key: 'husbandBirthDate', header: '男方出生日期', hint: '无身份证号时填写', width: 12 },
  { key: 'wifeName', header: '女方姓名', hint: '必填', width: 10 },
  { key: 'wifeId', header: '女方身份证号', hint: '18 位或 15 位；空则待匹配', width: 22 },
  { key: 'wifeBirthDate', header: '女方出生日期', hint: '无身份证号时填写', width: 12 },
  { key: 'crossBorder', header: '涉外情况', hint: '内地 / 涉外 / 涉港澳台', width: 10 },
  { key: 'status', header: '婚姻状态', hint: '存续 / 离婚 / 丧偶 / 无效 / 撤销', width: 10 },
  { key: 'endedOn', header: '终止日期', hint: '非存续时必填', width: 12 },
] as const;

type ColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];
export type ImportRow = Record<ColumnKey, string>;

const STATUS_OF: Record<string, MarriageStatus> = {
  存续: 'subsisting',
  离婚: 'divorced',
  丧偶: 'ended_by_death',
  无效: 'void',
  撤销: 'annulled',
};
const CROSS_BORDER_OF: Record<string, CrossBorder> = {
  内地: 'mainland',
  '': 'mainland',
  涉外: 'foreign',
  涉港澳台: 'hk_macao_taiwan',
};

export interface ImportMessage {
  code: string;
  message: string;
  field?: ColumnKey;
}

export interface ImportRowReport {
  rowNo: number;
  status: 'imported' | 'failed' | 'awaiting_match' | 'matched';
  marriageId: string | null;
  messages: ImportMessage[];
}

export interface ImportReport {
  id: string;
  fileName: string;
  divisionCode: string;
  totalRows: number;
  importedRows: number;
  failedRows: number;
  awaitingRows: number;
  createdAt: string;
  rows: ImportRowReport[];
}

/** The seam for the record-linkage engine: candidate people for a party named without an id. */
export interface MarriagePartyMatcher {
  candidates(party: {
    name: string;
    sex: 'male' | 'female';
    birthDate: string | null;
    divisionCode: string;
  }): Promise<{ personId: string; score: number }[]>;
}

/** The .xlsx template: the columns with a bold header, a hint row, an example, and a notes sheet. */
export async function importTemplateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('婚姻登记补录', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow({
    kind: '结婚',
    registeredOn: '1998-10-01',
    registryCode: '',
    registryName: '浏阳市民政局婚姻登记处',
    certificateNo: '浏婚字第1998-0123号',
    husbandName: '张三',
    husbandId: '430181197001010011',
    husbandBirthDate: '',
    wifeName: '李四',
    wifeId: '',
    wifeBirthDate: '1972-05-06',
    crossBorder: '内地',
    status: '离婚',
    endedOn: '2005-03-02',
  });
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [
    { header: '列', width: 16 },
    { header: '说明', width: 60 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) notes.addRow([c.header, c.hint]);
  notes.addRow(['', '每行一段婚姻；一行出错不影响其他行，出错行不会写入任何数据。']);
  notes.addRow(['', '15 位旧身份证号自动升级为 18 位；无身份证号的行进入“待匹配”，由人员比对确认后入库。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); a UTF-8 BOM is ignored. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** A cell as text: dates as YYYY-MM-DD, rich text and hyperlinks by their text, formulas by their result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return typeof v.text === 'string' ? v.text : '';
    if ('result' in v) return v.result === undefined || v.result === null ? '' : cellText(v.result);
    return '';
  }
  return String(v);
}

async function xlsxRows(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= IMPORT_COLUMNS.length; c++) cells.push(cellText(r.getCell(c).value));
    rows.push(cells);
  });
  return rows;
}

function toRecords(table: string[][]): ImportRow[] {
  const [header, ...body] = table;
  if (!header) return [];
  const index = IMPORT_COLUMNS.map((c) => header.findIndex((h) => h.trim() === c.header));
  const missing = IMPORT_COLUMNS.filter((_c, i) => index[i] === -1).map((c) => c.header);
  if (missing.length > 0) {
    throw new DomainError(
      'invalid',
      'IMPORT_COLUMNS_MISSING',
      `文件缺少列：${missing.join('、')}（请使用下载的模板）`,
      { missing },
    );
  }
  return body.map((cells) => {
    const r = {} as ImportRow;
    IMPORT_COLUMNS.forEach((c, i) => {
      r[c.key] = (cells[index[i] ?? -1] ?? '').trim();
    });
    return r;
  });
}

/** A party of a back-filled row as parsed (kept as JSON with rows awaiting a match). */
export interface ParsedParty {
  name: string;
  residentId: string | null;
  birthDate: PlainDate | null;
  sex: 'male' | 'female';
}

/** A back-filled row as parsed; rows awaiting a match keep it in `marriage_import_rows.data`. */
export interface ParsedRow {
  kind: MarriageRow['kind'];
  registeredOn: PlainDate;
  registry: { id: string | null; name: string; divisionCode: string };
  certificateNo: string | null;
  husband: ParsedParty;
  wife: ParsedParty;
  crossBorder: CrossBorder;
  status: MarriageStatus;
  endedOn: PlainDate | null;
}

/** Shape checks of one row; `messages` collects every problem (warnings carry code *_NOTE). */
async function parseRow(
  ctx: CoreContext,
  actor: Actor,
  r: ImportRow,
  divisionCode: string,
  today: PlainDate,
  messages: ImportMessage[],
): Promise<ParsedRow | undefined> {
  const fail = (code: string, message: string, field?: ColumnKey) =>
    messages.push({ code, message, ...(field ? { field } : {}) });
  const date = (v: string, field: ColumnKey, label: string): PlainDate | null => {
    if (!v) return null;
    if (!isPlainDate(v)) {
      fail('DATE_INVALID', `${label}“${v}”不是有效日期（YYYY-MM-DD）`, field);
      return null;
    }
    if (comparePlainDate(v, today) > 0) {
      fail('DATE_IN_FUTURE', `${label}晚于今天`, field);
      return null;
    }
    return v;
  };
  const kind: MarriageRow['kind'] | undefined =
    r.kind === '补办结婚' ? 'supplementary' : r.kind === '结婚' || r.kind === '' ? 'backfill' : undefined;
  if (!kind) fail('IMPORT_KIND_INVALID', '登记类别应为“结婚”或“补办结婚”', 'kind');
  const registeredOn = date(r.registeredOn, 'registeredOn', '登记日期');
  if (!r.registeredOn) fail('IMPORT_REQUIRED', '登记日期必填', 'registeredOn');
  let registry: ParsedRow['registry'] | undefined;
  if (r.registryCode) {
    const found = await ctx.db.kysely
      .selectFrom('marriageRegistries')
      .selectAll()
      .where('code', '=', r.registryCode)
      .executeTakeFirst();
    if (!found || !inScope(actor, found.divisionCode))
      fail(
        'IMPORT_REGISTRY_UNKNOWN',
        `登记机关代码 ${r.registryCode} 不存在或不在管辖范围内`,
        'registryCode',
      );
    else registry = { id: found.id, name: found.name, divisionCode: found.divisionCode };
  } else if (r.registryName) registry = { id: null, name: r.registryName, divisionCode };
  else fail('IMPORT_REQUIRED', '登记机关代码或名称至少填写一项', 'registryName');
  const party = (role: 'husband' | 'wife'): ParsedParty | undefined => {
    const label = role === 'husband' ? '男方' : '女方';
    const nameField = `${role}Name` as ColumnKey;
    const idField = `${role}Id` as ColumnKey;
    const birthField = `${role}BirthDate` as ColumnKey;
    const name = normalizePersonName(r[nameField]);
    if (!name) {
      fail('IMPORT_REQUIRED', `${label}姓名必填`, nameField);
      return undefined;
    }
    const sex = role === 'husband' ? 'male' : 'female';
    if (!r[idField])
      return { name, residentId: null, birthDate: date(r[birthField], birthField, `${label}出生日期`), sex };
    try {
      const parsed = parseResidentId(r[idField], { today });
      if (parsed.sex !== sex) {
        fail(
          'PARTY_SEX_MISMATCH',
          `${label}身份证号码显示为${parsed.sex === 'male' ? '男' : '女'}性`,
          idField,
        );
        return undefined;
      }
      if (parsed.upgradedFrom15)
        messages.push({
          code: 'RESIDENT_ID_UPGRADED_NOTE',
          message: `${label}15 位身份证号已升级为 18 位`,
          field: idField,
        });
      return { name, residentId: parsed.id, birthDate: parsed.birthDate, sex };
    } catch (err) {
      if (err instanceof DomainError) {
        fail(err.code, `${label}：${err.message}`, idField);
        return undefined;
      }
      throw err;
    }
  };
  const husband = party('husband');
  const wife = party('wife');
  const crossBorder = CROSS_BORDER_OF[r.crossBorder];
  if (!crossBorder)
    fail('IMPORT_CROSS_BORDER_INVALID', '涉外情况应为“内地”“涉外”或“涉港澳台”', 'crossBorder');
  const status = STATUS_OF[r.status || '存续'];
  if (!status) fail('IMPORT_STATUS_INVALID', '婚姻状态应为 存续/离婚/丧偶/无效/撤销', 'status');
  const endedOn = date(r.endedOn, 'endedOn', '终止日期');
  if (status && status !== 'subsisting' && !r.endedOn)
    fail('IMPORT_END_DATE_REQUIRED', '非存续的婚姻须填写终止日期', 'endedOn');
  if (status === 'subsisting' && r.endedOn)
    fail('IMPORT_END_DATE_UNEXPECTED', '存续的婚姻不应填写终止日期', 'endedOn');
  if (registeredOn && endedOn && comparePlainDate(endedOn, registeredOn) < 0)
    fail('IMPORT_END_BEFORE_START', '终止日期早于登记日期', 'endedOn');
  if (messages.some((m) => !m.code.endsWith('_NOTE'))) return undefined;
  if (!kind || !registeredOn || !registry || !husband || !wife || !crossBorder || !status) return undefined;
  return {
    kind,
    registeredOn,
    registry,
    certificateNo: r.certificateNo || null,
    husband,
    wife,
    crossBorder,
    status,
    endedOn,
  };
}

/** The period a marriage occupied in law (void/annulled ones occupy none). */
function overlaps(
  a: { registeredOn: string; endedOn: string | null },
  b: { registeredOn: string; endedOn: string | null },
): boolean {
  const aEnd = a.endedOn ?? '9999-12-31';
  const bEnd = b.endedOn ?? '9999-12-31';
  return a.registeredOn < bEnd && b.registeredOn < aEnd;
}

/** How a party of a row awaiting a match was identified: an existing person, or a new one. */
type PartyResolution = { personId: string } | { newPerson: true };

class RowFailure extends Error {
  constructor(readonly messages: ImportMessage[]) {
    super('row failed');
  }
}

/** Writes one row's marriage (creating missing people) in `trx`; throws RowFailure to roll back. */
async function writeRow(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  row: ParsedRow,
  people: { husband: PartyResolution | null; wife: PartyResolution | null },
  source: string,
): Promise<string> {
  const who = indexActor(actor);
  const personFor = async (p: ParsedParty, given: PartyResolution | null): Promise<string> => {
    if (given && 'personId' in given) return given.personId;
    if (!p.residentId) {
      if (!given?.newPerson) throw new Error('party without id or person');
      // Nobody in the index: a person without an id number, indexed under the registry's county.
      const created = await createPersonInTransaction(ctx, trx, who, {
        name: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        hukouDivisionCode: countyOf(row.registry.divisionCode),
        source,
      });
      return created.id;
    }
    const existing = await trx
      .selectFrom('people')
      .select(['id', 'name'])
      .where('residentId', '=', p.residentId)
      .executeTakeFirst();
    if (existing) {
      if (normalizePersonName(existing.name) !== p.name) {
        throw new RowFailure([
          {
            code: 'PARTY_NAME_MISMATCH',
            message: `${p.sex === 'male' ? '男方' : '女方'}姓名与人口基础库不一致（库中为 ${existing.name}）`,
          },
        ]);
      }
      return existing.id;
    }
    const idCode = p.residentId.slice(0, 6);
    const hukou = getDivision(idCode)
      ? idCode
      : (successorsOf(idCode).find((c) => getDivision(c)) ?? countyOf(row.registry.divisionCode));
    const created = await createPersonInTransaction(ctx, trx, who, {
      residentId: p.residentId,
      name: p.name,
      hukouDivisionCode: hukou,
      source,
    });
    return created.id;
  };
  const husbandId = await personFor(row.husband, people.husband);
  const wifeId = await personFor(row.wife, people.wife);
  const problems: ImportMessage[] = [];
  const counts = row.status !== 'void' && row.status !== 'annulled';
  for (const [label, personId] of [
    ['男方', husbandId],
    ['女方', wifeId],
  ] as const) {
    const history = await marriagesOfPerson(trx, personId);
    for (const m of history) {
      if (m.status === 'void' || m.status === 'annulled' || !counts) continue;
      if (overlaps(m, row)) {
        problems.push({
          code:
            m.status === 'subsisting' && row.status === 'subsisting'
              ? 'PARTY_ALREADY_MARRIED'
              : 'IMPORT_HISTORY_OVERLAP',
          message: `${label}在 ${m.registeredOn}${m.endedOn ? ` 至 ${m.endedOn}` : ' 起'} 已有婚姻登记（${m.registryName}），与本行时间重叠`,
        });
      }
    }
  }
  if (problems.length > 0) throw new RowFailure(problems);
  const now = ctx.clock.now().toISOString();
  const marriage: MarriageRow = {
    id: newId(),
    kind: row.kind,
    husbandId,
    wifeId,
    registryId: row.registry.id,
    registryName: row.registry.name,
    divisionCode: row.registry.divisionCode,
    registeredOn: row.registeredOn,
    effectiveFrom: row.registeredOn,
    crossBorder: row.crossBorder,
    certificateNo: row.certificateNo,
    status: row.status,
    endedOn: row.endedOn,
    endReference: row.status === 'subsisting' ? null : 'backfill',
    registrarId: actor.userId,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  try {
    await trx.insertInto('marriages').values(marriage).execute();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new RowFailure([
        { code: 'IMPORT_DUPLICATE', message: '证书字号重复，或一方已有存续婚姻', field: 'certificateNo' },
      ]);
    }
    throw err;
  }
  await audit(ctx, trx, actor, {
    action: 'marriage.backfill',
    targetType: 'marriage',
    targetId: marriage.id,
    divisionCode: marriage.divisionCode,
    details: { source, status: marriage.status, certificateNo: marriage.certificateNo },
  });
  return marriage.id;
}

export interface ImportInput {
  fileName: string;
  format: 'csv' | 'xlsx';
  /** CSV text, or the xlsx file as base64. */
  content: string;
  /** The division the records belong to when their registry is given by name only. */
  divisionCode: string;
}

/**
 * Imports historical marriage records. Every row gets a report line: imported, failed (with every
 * reason; nothing written), or awaiting a match (a party has no id number: kept for the matching
 * engine, not written as a marriage yet).
 */
export async function importMarriages(
  ctx: CoreContext,
  actor: Actor,
  input: ImportInput,
  matcher?: MarriagePartyMatcher,
): Promise<ImportReport> {
  authorize(actor, 'marriage:write');
  ensureDivisionInScope(actor, input.divisionCode);
  const table =
    input.format === 'csv' ? parseCsv(input.content) : await xlsxRows(Buffer.from(input.content, 'base64'));
  const records = toRecords(table);
  if (records.length === 0)
    throw new DomainError('invalid', 'IMPORT_EMPTY', '文件中没有数据行', { field: 'content' });
  if (records.length > 20_000)
    throw new DomainError('invalid', 'IMPORT_TOO_LARGE', '单次最多导入 20000 行，请分批导入', {
      field: 'content',
    });
  const today = marriageToday(ctx);
  const importId = newId();
  const createdAt = ctx.clock.now().toISOString();
  const source = `历史补录:${input.fileName}`;
  await ctx.db.kysely
    .insertInto('marriageImports')
    .values({
      id: importId,
      divisionCode: input.divisionCode,
      fileName: input.fileName,
      totalRows: records.length,
      importedRows: 0,
      failedRows: 0,
      awaitingRows: 0,
      createdBy: actor.username,
      createdAt,
    })
    .execute();
  const reports: ImportRowReport[] = [];
  for (const [i, r] of records.entries()) {
    const rowNo = i + 2; // the header is row 1, as in Excel
    const messages: ImportMessage[] = [];
    const parsed = await parseRow(ctx, actor, r, input.divisionCode, today, messages);
    let report: ImportRowReport;
    if (!parsed) report = { rowNo, status: 'failed', marriageId: null, messages };
    else if (!parsed.husband.residentId || !parsed.wife.residentId) {
      const candidates = matcher
        ? {
            husband: parsed.husband.residentId
              ? []
              : await matcher.candidates({ ...parsed.husband, divisionCode: parsed.registry.divisionCode }),
            wife: parsed.wife.residentId
              ? []
              : await matcher.candidates({ ...parsed.wife, divisionCode: parsed.registry.divisionCode }),
          }
        : null;
      messages.push({
        code: 'IMPORT_AWAITING_MATCH_NOTE',
        message: '一方或双方没有身份证号码，待人员比对确认后入库',
      });
      report = { rowNo, status: 'awaiting_match', marriageId: null, messages };
      await ctx.db.kysely
        .insertInto('marriageImportRows')
        .values({
          id: newId(),
          importId,
          rowNo,
          status: 'awaiting_match',
          marriageId: null,
          messages: JSON.stringify(messages),
          data: JSON.stringify({ row: parsed, candidates }),
          divisionCode: parsed.registry.divisionCode,
        })
        .execute();
      reports.push(report);
      continue;
    } else {
      try {
        const marriageId = await ctx.db.kysely.transaction().execute(async (trx) => {
          const id = await writeRow(ctx, trx, actor, parsed, { husband: null, wife: null }, source);
          await trx
            .insertInto('marriageImportRows')
            .values({
              id: newId(),
              importId,
              rowNo,
              status: 'imported',
              marriageId: id,
              messages: JSON.stringify(messages),
              data: null,
              divisionCode: parsed.registry.divisionCode,
            })
            .execute();
          return id;
        });
        reports.push({ rowNo, status: 'imported', marriageId, messages });
        continue;
      } catch (err) {
        if (err instanceof RowFailure)
          report = { rowNo, status: 'failed', marriageId: null, messages: [...messages, ...err.messages] };
        else if (err instanceof DomainError)
          report = {
            rowNo,
            status: 'failed',
            marriageId: null,
            messages: [...messages, { code: err.code, message: err.message }],
          };
        else throw err;
      }
    }
    await ctx.db.kysely
      .insertInto('marriageImportRows')
      .values({
        id: newId(),
        importId,
        rowNo,
        status: 'failed',
        marriageId: null,
        messages: JSON.stringify(report.messages),
        data: null,
        divisionCode: input.divisionCode,
      })
      .execute();
    reports.push(report);
  }
  const count = (s: ImportRowReport['status']) => reports.filter((x) => x.status === s).length;
  await ctx.db.kysely
    .updateTable('marriageImports')
    .set({
      importedRows: count('imported'),
      failedRows: count('failed'),
      awaitingRows: count('awaiting_match'),
    })
    .where('id', '=', importId)
    .execute();
  await ctx.readAudit.record(actor, {
    action: 'marriage.import',
    targetType: 'marriage_import',
    targetId: importId,
    divisionCode: input.divisionCode,
    details: {
      fileName: input.fileName,
      total: records.length,
      imported: count('imported'),
      failed: count('failed'),
      awaiting: count('awaiting_match'),
    },
  });
  return getImportReport(ctx, actor, importId);
}

export async function getImportReport(ctx: CoreContext, actor: Actor, id: string): Promise<ImportReport> {
  authorize(actor, 'marriage:read');
  const imp = await ctx.db.kysely
    .selectFrom('marriageImports')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!imp || !inScope(actor, imp.divisionCode))
    throw new DomainError('not_found', 'NOT_FOUND', '导入记录不存在或不在您的管辖范围内');
  const rows = await ctx.db.kysely
    .selectFrom('marriageImportRows')
    .selectAll()
    .where('importId', '=', id)
    .orderBy('rowNo')
    .execute();
  return {
    id: imp.id,
    fileName: imp.fileName,
    divisionCode: imp.divisionCode,
    totalRows: imp.totalRows,
    importedRows: imp.importedRows,
    failedRows: imp.failedRows,
    awaitingRows: imp.awaitingRows,
    createdAt: imp.createdAt,
    rows: rows.map((r) => ({
      rowNo: r.rowNo,
      status: r.status,
      marriageId: r.marriageId,
      messages: JSON.parse(r.messages) as ImportMessage[],
    })),
  };
}

/** Imports in scope, newest first. */
export async function listImports(ctx: CoreContext, actor: Actor) {
  authorize(actor, 'marriage:read');
  const rows = await ctx.db.kysely
    .selectFrom('marriageImports')
    .selectAll()
    .orderBy('createdAt', 'desc')
    .limit(200)
    .execute();
  return rows
    .filter((r) => inScope(actor, r.divisionCode))
    .map(
      ({
        id,
        fileName,
        divisionCode,
        totalRows,
        importedRows,
        failedRows,
        awaitingRows,
        createdAt,
        createdBy,
      }) => ({
        id,
        fileName,
        divisionCode,
        totalRows,
        importedRows,
        failedRows,
        awaitingRows,
        createdAt,
        createdBy,
      }),
    );
}

export interface ResolveImportRowInput {
  husbandPersonId?: string | null;
  wifePersonId?: string | null;
  /** No such person in the index: create one from the row (name, sex, birth date; no id number). */
  husbandAsNewPerson?: boolean;
  wifeAsNewPerson?: boolean;
}

/**
 * Resolves a row awaiting a match once the parties are identified (by the matching engine's review
 * or a clerk): each party without an id number is linked to a person of the index the clerk may see,
 * or created as a new person (without an id) when the index has nobody; then the marriage is written
 * with the same checks as an import row, in one transaction with the row's status and an audit row.
 */
export async function resolveImportRow(
  ctx: CoreContext,
  actor: Actor,
  importId: string,
  rowNo: number,
  people: ResolveImportRowInput,
): Promise<ImportRowReport> {
  authorize(actor, 'marriage:write');
  const row = await ctx.db.kysely
    .selectFrom('marriageImportRows')
    .selectAll()
    .where('importId', '=', importId)
    .where('rowNo', '=', rowNo)
    .executeTakeFirst();
  if (!row || !inScope(actor, row.divisionCode))
    throw new DomainError('not_found', 'NOT_FOUND', '导入行不存在或不在您的管辖范围内');
  if (row.status !== 'awaiting_match' || !row.data)
    throw new DomainError('conflict', 'IMPORT_ROW_NOT_AWAITING', '该行不是待匹配状态');
  const parsed = (JSON.parse(row.data) as { row: ParsedRow }).row;
  const resolution: Record<'husband' | 'wife', PartyResolution | null> = { husband: null, wife: null };
  const how: Record<'husband' | 'wife', 'resident_id' | 'linked' | 'new_person'> = {
    husband: 'resident_id',
    wife: 'resident_id',
  };
  for (const role of ['husband', 'wife'] as const) {
    const label = role === 'husband' ? '男方' : '女方';
    const given = people[`${role}PersonId`];
    const asNew = people[`${role}AsNewPerson`] === true;
    const field = `${role}PersonId`;
    if (given && asNew) {
      throw new DomainError(
        'invalid',
        'IMPORT_PARTY_CHOICE_CONFLICT',
        `${label}只能选择关联已有人员或新建人员之一`,
        { field },
      );
    }
    if (asNew && parsed[role].residentId) {
      throw new DomainError(
        'invalid',
        'IMPORT_PARTY_HAS_ID',
        `${label}有身份证号码，按号码关联人口基础库，不能另建人员`,
        { field: `${role}AsNewPerson` },
      );
    }
    if (!parsed[role].residentId && !given && !asNew) {
      throw new DomainError('invalid', 'IMPORT_PARTY_UNRESOLVED', `${label}尚未确认对应的人员`, { field });
    }
    if (given) {
      const p = await ctx.db.kysely
        .selectFrom('people')
        .select(['id', 'sex', 'divisionCode'])
        .where('id', '=', given)
        .executeTakeFirst();
      // A person outside the clerk's scope is treated as unknown: its existence is not disclosed.
      if (!p || !inScope(actor, p.divisionCode))
        throw new DomainError(
          'invalid',
          'IMPORT_PARTY_INVALID',
          `所选${label}人员不存在或不在您的管辖范围内`,
          { field },
        );
      if (p.sex !== parsed[role].sex)
        throw new DomainError(
          'invalid',
          'IMPORT_PARTY_INVALID',
          `所选${label}人员性别为${p.sex === 'male' ? '男' : '女'}，与本行不符`,
          { field },
        );
      resolution[role] = { personId: given };
      how[role] = 'linked';
    } else if (asNew) {
      resolution[role] = { newPerson: true };
      how[role] = 'new_person';
    }
  }
  try {
    const marriageId = await ctx.db.kysely.transaction().execute(async (trx) => {
      const id = await writeRow(ctx, trx, actor, parsed, resolution, '历史补录（比对确认）');
      const r = await trx
        .updateTable('marriageImportRows')
        .set({ status: 'matched', marriageId: id, data: null })
        .where('id', '=', row.id)
        .where('status', '=', 'awaiting_match')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw new DomainError('conflict', 'IMPORT_ROW_NOT_AWAITING', '该行不是待匹配状态');
      await trx
        .updateTable('marriageImports')
        .set((eb) => ({ awaitingRows: eb('awaitingRows', '-', 1), importedRows: eb('importedRows', '+', 1) }))
        .where('id', '=', importId)
        .execute();
      await audit(ctx, trx, actor, {
        action: 'marriage.import.resolve',
        targetType: 'marriage_import',
        targetId: importId,
        divisionCode: row.divisionCode,
        details: { rowNo, marriageId: id, husband: how.husband, wife: how.wife },
      });
      return id;
    });
    return { rowNo, status: 'matched', marriageId, messages: [] };
  } catch (err) {
    if (err instanceof RowFailure)
      throw new DomainError(
        'conflict',
        err.messages[0]?.code ?? 'IMPORT_ROW_FAILED',
        err.messages.map((m) => m.message).join('；'),
      );
    throw err;
  }
}
