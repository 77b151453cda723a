/**
 * Historical back-fill (历史婚姻登记档案补录): an Excel template, CSV or xlsx upload, a per-row report —
 * a user of the platform's tabular import pipeline (`../imports`, docs/imports.md): this file gives the
 * column spec (headers, aliases, cell checks) and the row's write; reading, checking, reporting and
 * the template come from the pipeline. Each row is written in its own transaction — a failing row
 * leaves nothing behind — and rows without id numbers wait for the matching engine
 * (MarriagePartyMatcher) or a clerk. Re-importing a byte-identical file for the same division answers
 * the earlier report; a row whose marriage (same husband, wife and date) is already there is not
 * written again.
 */
import {
  DomainError,
  ageOn,
  comparePlainDate,
  getDivision,
  isPlainDate,
  successorsOf,
  normalizePersonName,
  parseResidentId,
  type LeapDayBirthdayRule,
  type PlainDate,
  newId,
} from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { authorize, ensureDivisionInScope, inScope, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import type { Database } from '../db/index';
import {
  ImportCellError,
  ImportRowRefused,
  importTemplateXlsx as templateOf,
  runImport,
  type ImportColumn,
  type ImportIssue,
  type ImportSpec,
} from '../imports/index';
import {
  countyOf,
  createPersonInTransaction,
  findIndexedPerson,
  findIndexedPersonByResidentId,
} from '../people/index';
import {
  countAwaitingResolved,
  findImport,
  findImportRow,
  importRowsOf,
  insertImport,
  insertImportRow,
  latestImports,
  markImportRowMatched,
  updateImportCounts,
} from './import.repository';
import { insertMarriage, marriagesOfPerson, peopleByIds } from './marriage.repository';
import type { CrossBorder, MarriageRow, MarriageStatus } from './marriage.table';
import { indexActor } from './parties';
import { findRegistryByCode } from './registry.repository';
import { marriageToday } from './registry.service';
import { marriageConfig, minimumAgeOn } from './marriage.config';

/** Template columns, in order (Chinese header; the key and the English aliases are also accepted). */
export const IMPORT_COLUMNS = [
  { key: 'kind', header: '登记类别', aliases: ['Kind'], hint: '结婚 / 补办结婚', width: 12 },
  {
    key: 'registeredOn',
    header: '登记日期',
    aliases: ['Registered on', 'Registration date'],
    hint: 'YYYY-MM-DD',
    width: 12,
  },
  {
    key: 'registryCode',
    header: '登记机关代码',
    aliases: ['Registry code'],
    hint: '本平台登记机关代码，可空',
    width: 14,
  },
  {
    key: 'registryName',
    header: '登记机关名称',
    aliases: ['Registry name', 'Registry'],
    hint: '代码为空时必填',
    width: 26,
  },
  {
    key: 'certificateNo',
    header: '证书字号',
    aliases: ['Certificate no', 'Certificate number'],
    hint: '可空；不得重复',
    width: 22,
  },
  { key: 'husbandName', header: '男方姓名', aliases: ['Husband name'], hint: '必填', width: 10 },
  {
    key: 'husbandId',
    header: '男方身份证号',
    aliases: ['Husband id', 'Husband resident id'],
    hint: '18 位或 15 位；空则待匹配',
    width: 22,
  },
  {
    key: 'husbandBirthDate',
    header: '男方出生日期',
    aliases: ['Husband birth date'],
    hint: '无身份证号时填写',
    width: 12,
  },
  { key: 'wifeName', header: '女方姓名', aliases: ['Wife name'], hint: '必填', width: 10 },
  {
    key: 'wifeId',
    header: '女方身份证号',
    aliases: ['Wife id', 'Wife resident id'],
    hint: '18 位或 15 位；空则待匹配',
    width: 22,
  },
  {
    key: 'wifeBirthDate',
    header: '女方出生日期',
    aliases: ['Wife birth date'],
    hint: '无身份证号时填写',
    width: 12,
  },
  {
    key: 'crossBorder',
    header: '涉外情况',
    aliases: ['Cross border'],
    hint: '内地 / 涉外 / 涉港澳台',
    width: 10,
  },
  {
    key: 'status',
    header: '婚姻状态',
    aliases: ['Status'],
    hint: '存续 / 离婚 / 丧偶 / 无效 / 撤销',
    width: 10,
  },
  { key: 'endedOn', header: '终止日期', aliases: ['Ended on', 'End date'], hint: '非存续时必填', width: 12 },
] as const;

type ColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

const STATUS_OF: Record<string, MarriageStatus> = {
  存续: 'subsisting',
  离婚: 'divorced',
  丧偶: 'ended_by_death',
  无效: 'void',
  撤销: 'annulled',
};
const CROSS_BORDER_OF: Record<string, CrossBorder> = {
  内地: 'mainland',
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

/** A resident id cell as parsed: the 18-digit id and whether it was upgraded from 15 digits. */
interface IdCell {
  id: string;
  birthDate: PlainDate;
  upgraded: boolean;
}

/** A row's cells as the spec parses them (before the registry lookup). */
interface BackfillCells {
  kind: MarriageRow['kind'];
  registeredOn: PlainDate;
  registryCode: string | null;
  registryName: string | null;
  certificateNo: string | null;
  husbandName: string;
  husbandId: IdCell | null;
  husbandBirthDate: PlainDate | null;
  wifeName: string;
  wifeId: IdCell | null;
  wifeBirthDate: PlainDate | null;
  crossBorder: CrossBorder;
  status: MarriageStatus;
  endedOn: PlainDate | null;
}

/**
 * A party under the minimum age of the law in force on the record's own registration date (issue 11):
 * the row is refused with this reason — never imported silently. See docs/marriage.md (back-fill).
 */
export function underAgeAtRegistration(
  registeredOn: PlainDate,
  party: { sex: 'male' | 'female'; birthDate: PlainDate | null },
  leapDayBirthday: LeapDayBirthdayRule,
): ImportMessage | null {
  const law = minimumAgeOn(registeredOn);
  if (!law || !party.birthDate) return null;
  const minimum = law[party.sex];
  const age = ageOn(party.birthDate, registeredOn, { leapDayBirthday });
  if (age >= minimum) return null;
  const label = party.sex === 'male' ? '男方' : '女方';
  return {
    code: 'IMPORT_PARTY_UNDER_AGE',
    message: `${label}在登记日期 ${registeredOn} 仅 ${age} 周岁，未达当时法定婚龄 ${minimum} 周岁（${law.law}），本行不予导入；请核对出生日期和登记日期，属实的按规定另行处理`,
    field: party.sex === 'male' ? 'husbandId' : 'wifeId',
  };
}

/** The back-fill's column spec for the pipeline (dates are checked against `today`). */
export function backfillImportSpec(
  today: PlainDate,
  leapDayBirthday: LeapDayBirthdayRule = 'feb28',
): ImportSpec<BackfillCells> {
  const date = (label: string) => (v: string) => {
    if (!isPlainDate(v))
      throw new ImportCellError('DATE_INVALID', `${label}“${v}”不是有效日期（YYYY-MM-DD）`);
    if (comparePlainDate(v, today) > 0) throw new ImportCellError('DATE_IN_FUTURE', `${label}晚于今天`);
    return v;
  };
  const name = (label: string) => (v: string) => {
    const n = normalizePersonName(v);
    if (!n) throw new ImportCellError('IMPORT_REQUIRED', `${label}姓名必填`);
    return n;
  };
  const residentId =
    (label: string, sex: 'male' | 'female') =>
    (v: string, sink: { note(code: string, reason: string): void }): IdCell => {
      try {
        const parsed = parseResidentId(v, { today });
        if (parsed.sex !== sex)
          throw new ImportCellError(
            'PARTY_SEX_MISMATCH',
            `${label}身份证号码显示为${parsed.sex === 'male' ? '男' : '女'}性`,
          );
        if (parsed.upgradedFrom15)
          sink.note('RESIDENT_ID_UPGRADED_NOTE', `${label}15 位身份证号已升级为 18 位`);
        return { id: parsed.id, birthDate: parsed.birthDate, upgraded: parsed.upgradedFrom15 !== null };
      } catch (err) {
        if (err instanceof DomainError) throw new ImportCellError(err.code, `${label}：${err.message}`);
        throw err;
      }
    };
  const parse: Partial<Record<ColumnKey, Pick<ImportColumn, 'parse' | 'empty' | 'required'>>> = {
    kind: {
      empty: 'backfill',
      parse: (v: string) => {
        if (v === '补办结婚') return 'supplementary';
        if (v === '结婚') return 'backfill';
        throw new ImportCellError('IMPORT_KIND_INVALID', '登记类别应为“结婚”或“补办结婚”');
      },
    },
    registeredOn: { required: true, parse: date('登记日期') },
    husbandName: { required: true, parse: name('男方') },
    husbandId: { parse: residentId('男方', 'male') },
    husbandBirthDate: { parse: date('男方出生日期') },
    wifeName: { required: true, parse: name('女方') },
    wifeId: { parse: residentId('女方', 'female') },
    wifeBirthDate: { parse: date('女方出生日期') },
    crossBorder: {
      empty: 'mainland',
      parse: (v: string) => {
        const c = CROSS_BORDER_OF[v];
        if (!c)
          throw new ImportCellError('IMPORT_CROSS_BORDER_INVALID', '涉外情况应为“内地”“涉外”或“涉港澳台”');
        return c;
      },
    },
    status: {
      empty: 'subsisting',
      parse: (v: string) => {
        const s = STATUS_OF[v];
        if (!s) throw new ImportCellError('IMPORT_STATUS_INVALID', '婚姻状态应为 存续/离婚/丧偶/无效/撤销');
        return s;
      },
    },
    endedOn: { parse: date('终止日期') },
  };
  return {
    title: '婚姻登记补录',
    columns: IMPORT_COLUMNS.map((c) => ({ ...c, headerRequired: true, ...parse[c.key] })),
    checkRow: (r, sink) => {
      if (r.registryCode === null && r.registryName === null)
        sink.error('IMPORT_REQUIRED', '登记机关代码或名称至少填写一项', 'registryName');
      if (r.status && r.status !== 'subsisting' && r.endedOn === null)
        sink.error('IMPORT_END_DATE_REQUIRED', '非存续的婚姻须填写终止日期', 'endedOn');
      if (r.status === 'subsisting' && r.endedOn)
        sink.error('IMPORT_END_DATE_UNEXPECTED', '存续的婚姻不应填写终止日期', 'endedOn');
      if (r.registeredOn && r.endedOn && comparePlainDate(r.endedOn, r.registeredOn) < 0)
        sink.error('IMPORT_END_BEFORE_START', '终止日期早于登记日期', 'endedOn');
      if (r.registeredOn) {
        for (const sex of ['male', 'female'] as const) {
          const role = sex === 'male' ? 'husband' : 'wife';
          const birthDate = r[`${role}Id`]?.birthDate ?? r[`${role}BirthDate`] ?? null;
          const under = underAgeAtRegistration(r.registeredOn, { sex, birthDate }, leapDayBirthday);
          if (under) sink.error(under.code, under.message, under.field);
        }
      }
    },
    notes: [
      '每行一段婚姻；一行出错不影响其他行，出错行不会写入任何数据。',
      '15 位旧身份证号自动升级为 18 位；无身份证号的行进入“待匹配”，由人员比对确认后入库。',
    ],
  };
}

const TEMPLATE_EXAMPLE: Record<ColumnKey, string> = {
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
};

/** The .xlsx template: the columns with a bold header, an example row, and a notes sheet. */
export async function importTemplateXlsx(): Promise<Buffer> {
  const spec = backfillImportSpec('2999-12-31' as PlainDate);
  return templateOf({
    ...spec,
    columns: spec.columns.map((c) => ({ ...c, example: TEMPLATE_EXAMPLE[c.key as ColumnKey] })),
  });
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

/**
 * Writes one row's marriage (creating missing people) in `trx`; throws RowFailure to roll back.
 * The row's natural key is its couple and registration date: when that marriage is already there
 * (a re-import), nothing is written and its id is answered with `unchanged`.
 */
async function writeRow(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  row: ParsedRow,
  people: { husband: PartyResolution | null; wife: PartyResolution | null },
  source: string,
): Promise<{ marriageId: string; unchanged: boolean }> {
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
    const existing = await findIndexedPersonByResidentId(trx, p.residentId);
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
    const created = await createPersonInTransaction(
      ctx,
      trx,
      who,
      { residentId: p.residentId, name: p.name, hukouDivisionCode: hukou, source },
      { residentIdAbsent: true },
    );
    return created.id;
  };
  const husbandId = await personFor(row.husband, people.husband);
  const wifeId = await personFor(row.wife, people.wife);
  // The index's birth dates decide too (a row resolved to a known person): never an under-age party
  // at the record's own date, whatever path the row took (issue 11).
  const leapDayBirthday = marriageConfig(ctx).leapDayBirthday;
  const indexed = await peopleByIds(trx, [husbandId, wifeId]);
  const underAge = (['male', 'female'] as const).flatMap((sex) => {
    const p = indexed.find((x) => x.id === (sex === 'male' ? husbandId : wifeId));
    const birthDate = (p?.birthDate ?? null) as PlainDate | null;
    const m = underAgeAtRegistration(row.registeredOn, { sex, birthDate }, leapDayBirthday);
    return m ? [m] : [];
  });
  if (underAge.length > 0) throw new RowFailure(underAge);
  const problems: ImportMessage[] = [];
  const counts = row.status !== 'void' && row.status !== 'annulled';
  const husbandHistory = await marriagesOfPerson(trx, husbandId);
  const same = husbandHistory.find(
    (m) =>
      m.wifeId === wifeId &&
      m.registeredOn === row.registeredOn &&
      m.status === row.status &&
      m.endedOn === row.endedOn,
  );
  if (same) return { marriageId: same.id, unchanged: true };
  for (const [label, history] of [
    ['男方', husbandHistory],
    ['女方', await marriagesOfPerson(trx, wifeId)],
  ] as const) {
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
    await insertMarriage(trx, marriage);
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
  return { marriageId: marriage.id, unchanged: false };
}

export interface ImportInput {
  fileName: string;
  format: 'csv' | 'xlsx';
  /** CSV text, or the xlsx file as base64. (The pipeline tells the formats apart by content.) */
  content: string;
  /** The division the records belong to when their registry is given by name only. */
  divisionCode: string;
}

/** At most this many rows per file (the HTTP body is limited anyway). */
const MAX_ROWS = 20_000;

const messageOf = (i: ImportIssue): ImportMessage => ({
  code: i.code,
  message: i.reason,
  ...(i.column ? { field: i.column as ColumnKey } : {}),
});

type Prepared = { row: ParsedRow; notes: ImportMessage[]; candidates: unknown };

/**
 * Imports historical marriage records through the import pipeline. Every row gets a report line:
 * imported, failed (with every reason; nothing written), or awaiting a match (a party has no id
 * number: kept for the matching engine, not written as a marriage yet). The same file imported again
 * for the same division answers the earlier report and changes nothing.
 */
export async function importMarriages(
  ctx: CoreContext,
  actor: Actor,
  input: ImportInput,
  matcher?: MarriagePartyMatcher,
): Promise<ImportReport> {
  authorize(actor, 'marriage:write');
  ensureDivisionInScope(actor, input.divisionCode);
  const today = marriageToday(ctx);
  const source = `历史补录:${input.fileName}`;
  const spec = backfillImportSpec(today, marriageConfig(ctx).leapDayBirthday);
  let importId = '';
  const tally = { total: 0, imported: 0, failed: 0, awaiting: 0 };
  const report = await runImport<BackfillCells, Prepared, { status: 'imported' | 'awaiting_match' }>(
    ctx,
    actor,
    {
      spec,
      source:
        input.format === 'csv' ? Buffer.from(input.content, 'utf8') : Buffer.from(input.content, 'base64'),
      fileName: input.fileName,
      importKind: `marriage.backfill:${input.divisionCode}`,
      divisionCode: input.divisionCode,
      maxRows: MAX_ROWS,
      batchSize: 1,
      begin: async (runId) => {
        importId = runId;
        await insertImport(ctx.db.kysely, {
          id: runId,
          divisionCode: input.divisionCode,
          fileName: input.fileName,
          totalRows: 0,
          importedRows: 0,
          failedRows: 0,
          awaitingRows: 0,
          createdBy: actor.username,
          createdAt: ctx.clock.now().toISOString(),
        });
      },
      // Outside the row's transaction: the registry lookup and the matching engine's candidates.
      prepareRow: async (c, _rowNo, sink) => {
        let registry: ParsedRow['registry'] | undefined;
        if (c.registryCode) {
          const found = await findRegistryByCode(ctx.db.kysely, c.registryCode);
          if (!found || !inScope(actor, found.divisionCode)) {
            sink.error(
              'IMPORT_REGISTRY_UNKNOWN',
              `登记机关代码 ${c.registryCode} 不存在或不在管辖范围内`,
              'registryCode',
            );
            return undefined;
          }
          registry = { id: found.id, name: found.name, divisionCode: found.divisionCode };
        } else registry = { id: null, name: c.registryName ?? '', divisionCode: input.divisionCode };
        const party = (role: 'husband' | 'wife'): ParsedParty => {
          const id = c[`${role}Id`];
          return {
            name: c[`${role}Name`],
            residentId: id?.id ?? null,
            birthDate: id ? id.birthDate : c[`${role}BirthDate`],
            sex: role === 'husband' ? 'male' : 'female',
          };
        };
        const row: ParsedRow = {
          kind: c.kind,
          registeredOn: c.registeredOn,
          registry,
          certificateNo: c.certificateNo,
          husband: party('husband'),
          wife: party('wife'),
          crossBorder: c.crossBorder,
          status: c.status,
          endedOn: c.endedOn,
        };
        const notes: ImportMessage[] = [];
        for (const [role, label] of [
          ['husband', '男方'],
          ['wife', '女方'],
        ] as const) {
          if (c[`${role}Id`]?.upgraded)
            notes.push({
              code: 'RESIDENT_ID_UPGRADED_NOTE',
              message: `${label}15 位身份证号已升级为 18 位`,
              field: `${role}Id`,
            });
        }
        let candidates: unknown = null;
        if ((!row.husband.residentId || !row.wife.residentId) && matcher) {
          const d = row.registry.divisionCode;
          candidates = {
            husband: row.husband.residentId
              ? []
              : await matcher.candidates({ ...row.husband, divisionCode: d }),
            wife: row.wife.residentId ? [] : await matcher.candidates({ ...row.wife, divisionCode: d }),
          };
        }
        return { row, notes, candidates };
      },
      applyRow: async (trx, p, rowNo) => {
        if (!p.row.husband.residentId || !p.row.wife.residentId) {
          const note = {
            code: 'IMPORT_AWAITING_MATCH_NOTE',
            message: '一方或双方没有身份证号码，待人员比对确认后入库',
          };
          await insertImportRow(trx, {
            id: newId(),
            importId,
            rowNo,
            status: 'awaiting_match',
            marriageId: null,
            messages: JSON.stringify([...p.notes, note]),
            data: JSON.stringify({ row: p.row, candidates: p.candidates }),
            divisionCode: p.row.registry.divisionCode,
          });
          return { notes: [{ code: note.code, reason: note.message }], result: { status: 'awaiting_match' } };
        }
        try {
          const w = await writeRow(ctx, trx, actor, p.row, { husband: null, wife: null }, source);
          const notes = w.unchanged
            ? [{ code: 'IMPORT_ALREADY_PRESENT_NOTE', message: '该段婚姻已在库中，未重复写入' }]
            : [];
          await insertImportRow(trx, {
            id: newId(),
            importId,
            rowNo,
            status: 'imported',
            marriageId: w.marriageId,
            messages: JSON.stringify([...p.notes, ...notes]),
            data: null,
            divisionCode: p.row.registry.divisionCode,
          });
          return {
            status: w.unchanged ? 'unchanged' : 'applied',
            notes: notes.map((n) => ({ code: n.code, reason: n.message })),
            result: { status: 'imported' },
          };
        } catch (err) {
          if (err instanceof RowFailure)
            throw new ImportRowRefused(
              err.messages.map((m) => ({
                code: m.code,
                reason: m.message,
                ...(m.field ? { column: m.field } : {}),
              })),
            );
          throw err;
        }
      },
      onRowDone: async (r) => {
        tally.total++;
        if (r.status !== 'refused') {
          if (r.result?.status === 'awaiting_match') tally.awaiting++;
          else tally.imported++;
          return;
        }
        tally.failed++;
        await insertImportRow(ctx.db.kysely, {
          id: newId(),
          importId,
          rowNo: r.rowNo,
          status: 'failed',
          marriageId: null,
          messages: JSON.stringify(r.issues.map(messageOf)),
          data: null,
          divisionCode: input.divisionCode,
        });
      },
    },
  );
  if (report.repeated) return getImportReport(ctx, actor, report.runId);
  await updateImportCounts(ctx.db.kysely, importId, {
    totalRows: tally.total,
    importedRows: tally.imported,
    failedRows: tally.failed,
    awaitingRows: tally.awaiting,
  });
  await ctx.readAudit.record(actor, {
    action: 'marriage.import',
    targetType: 'marriage_import',
    targetId: importId,
    divisionCode: input.divisionCode,
    details: {
      fileName: input.fileName,
      total: tally.total,
      imported: tally.imported,
      failed: tally.failed,
      awaiting: tally.awaiting,
    },
  });
  return getImportReport(ctx, actor, importId);
}

export async function getImportReport(ctx: CoreContext, actor: Actor, id: string): Promise<ImportReport> {
  authorize(actor, 'marriage:read');
  const imp = await findImport(ctx.db.kysely, id);
  if (!imp || !inScope(actor, imp.divisionCode))
    throw new DomainError('not_found', 'NOT_FOUND', '导入记录不存在或不在您的管辖范围内');
  // The report's rows name the parties of each historical record: a read of personal data.
  await ctx.readAudit.record(actor, {
    action: 'marriage.import.report-read',
    targetType: 'marriage_import',
    targetId: imp.id,
    divisionCode: imp.divisionCode,
  });
  const rows = await importRowsOf(ctx.db.kysely, id);
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
  const rows = await latestImports(ctx.db.kysely, 200);
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
  const row = await findImportRow(ctx.db.kysely, importId, rowNo);
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
      const p = await findIndexedPerson(ctx.db.kysely, given);
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
      const { marriageId: id } = await writeRow(ctx, trx, actor, parsed, resolution, '历史补录（比对确认）');
      if (!(await markImportRowMatched(trx, row.id, id)))
        throw new DomainError('conflict', 'IMPORT_ROW_NOT_AWAITING', '该行不是待匹配状态');
      await countAwaitingResolved(trx, importId);
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
