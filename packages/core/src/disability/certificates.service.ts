/**
 * The certificate register (残疾人证, R-DIS-04) of the disability line, fed from the county disability
 * federation through the platform import pipeline (docs/imports.md), plus a manual entry and status
 * changes by the county federation, the ledger (台账) with its Excel export, and the daily expiry job.
 *
 * The register is a county register shared by the county's townships (ADR 0009 shared scope). Numbers are
 * checked with the kernel's `parseDisabilityCertificateNumber`; a number contains the holder's resident
 * id, so every view, report and audit row shows it masked.
 */
import {
  DISABILITY_CATEGORY_LABELS,
  DISABILITY_CERTIFICATE_MESSAGES,
  DISABILITY_GRADE_LABELS,
  DomainError,
  addDays,
  getDivision,
  isPlainDate,
  maskResidentId,
  newId,
  parseDisabilityCertificateNumber,
  parsePlainDate,
  todayPlainDate,
  type DisabilityCategory,
  type DisabilityGrade,
  type ParsedDisabilityCertificate,
} from '@social-affairs/kernel';
import {
  authorize,
  ensureDivisionInScope,
  inScope,
  isSubCounty,
  scopeDivisionName,
  scopeFilterFor,
  scopePrefix,
  systemActor,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database, Executor, PersonRow } from '../db/index';
import type { Transaction } from 'kysely';
import {
  ImportRowRefused,
  ImportCellError,
  dateCell,
  importReportXlsx,
  importRunKind,
  importTemplateXlsx,
  residentIdCell,
  runImport,
  type ImportProgress,
  type ImportRunReport,
  type ImportSource,
  type ImportSpec,
} from '../imports/index';
import { findIndexedPerson, findIndexedPersonByResidentId } from '../people/index';
import {
  certificateImportRuns,
  certificateLedgerPage,
  certificatesPastValidity,
  countCertificateLedger,
  eventsOfCertificate,
  insertCertificate,
  insertCertificateEvent,
  updateCertificate,
  type CertificateLedgerDbRow,
  type CertificateLedgerSort,
  type CertificateEventRow,
} from './certificates.repository';
import {
  CERTIFICATE_EVENT_KIND_LABELS,
  CERTIFICATE_EVENT_SOURCE_LABELS,
  type CertificateEventSource,
} from './certificates.table';
import { visibleCertificate } from './disability.access';
import {
  certificatesOfPerson,
  findCertificateByNumber,
  type DisabilityCertificateRow,
} from './disability.repository';
import { CERTIFICATE_STATUS_LABELS, type CertificateStatus } from './disability.table';

export const CERTIFICATE_IMPORT_KIND_PREFIX = 'disability.certificates:';
/** First-generation certificates stopped being valid on this day (R-DIS-04); the register refuses them. */
export const FIRST_GENERATION_LAST_DAY = '2009-12-31';

const notFound = (what = '残疾人证') =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);

function today(ctx: CoreContext): string {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/** `430181**********1242`: the number's resident-id part masked (category and grade stay readable). */
export function maskCertificateNumber(number: string): string {
  return maskResidentId(number);
}

/**
 * The status a certificate has on `on`: a valid certificate past its `validUntil` is expired even before
 * the daily job has marked it (R-DIS-07: nothing pays on an expired certificate). The roster (D4) and the
 * comparison jobs (D6) read it through this function.
 */
export function certificateStatusOn(
  c: Pick<DisabilityCertificateRow, 'status' | 'validUntil'>,
  on: string,
): CertificateStatus {
  if (c.status === 'valid' && c.validUntil !== null && c.validUntil < on) return 'expired';
  return c.status;
}

const dayAfter = (d: string) => addDays(parsePlainDate(d), 1);

// ----- checks shared by the import and the manual entry ------------------------------------------------

const CATEGORY_WORDS: Record<string, DisabilityCategory> = {};
for (const [k, v] of Object.entries(DISABILITY_CATEGORY_LABELS)) {
  const n = Number(k) as DisabilityCategory;
  CATEGORY_WORDS[k] = n;
  CATEGORY_WORDS[v] = n;
  CATEGORY_WORDS[v.replace('残疾', '')] = n;
}
CATEGORY_WORDS['多重'] = 7;
const GRADE_WORDS: Record<string, DisabilityGrade> = {};
for (const [k, v] of Object.entries(DISABILITY_GRADE_LABELS)) {
  const n = Number(k) as DisabilityGrade;
  GRADE_WORDS[k] = n;
  GRADE_WORDS[v] = n;
  GRADE_WORDS[`${k}级`] = n;
  GRADE_WORDS[v.replace('级', '')] = n;
}
const STATUS_WORDS: Record<string, CertificateStatus> = {
  有效: 'valid',
  正常: 'valid',
  valid: 'valid',
  过期: 'expired',
  已过期: 'expired',
  expired: 'expired',
  冻结: 'frozen',
  已冻结: 'frozen',
  frozen: 'frozen',
  注销: 'cancelled',
  已注销: 'cancelled',
  cancelled: 'cancelled',
};

export function parseCategoryWord(text: string): DisabilityCategory | undefined {
  return CATEGORY_WORDS[text.replace(/\s+/g, '')];
}
export function parseGradeWord(text: string): DisabilityGrade | undefined {
  return GRADE_WORDS[text.replace(/\s+/g, '')];
}

export interface CertificateFacts {
  number: ParsedDisabilityCertificate;
  residentId: string;
  category?: number | null;
  grade?: number | null;
  issuedOn: string | null;
  validUntil: string | null;
  status: CertificateStatus;
  statusOn: string | null;
}

export interface FactIssue {
  code: string;
  reason: string;
  column: string;
}

/**
 * R-DIS-04 across fields: the number's id part is the holder's id, the category and grade columns agree
 * with the number's digits, no first-generation certificate (valid until 2009-12-31 at the latest), a
 * validity that does not end before it starts, and the day of a status other than valid.
 */
export function certificateFactIssues(f: Partial<CertificateFacts>): FactIssue[] {
  const out: FactIssue[] = [];
  const n = f.number;
  if (n && f.residentId && n.residentId !== f.residentId.toUpperCase())
    out.push({
      code: 'DISABILITY_CERT_HOLDER_MISMATCH',
      reason: `${DISABILITY_CERTIFICATE_MESSAGES.DISABILITY_CERT_HOLDER_MISMATCH}（“公民身份号码”列）`,
      column: 'residentId',
    });
  if (n && f.category != null && f.category !== n.category)
    out.push({
      code: 'DISABILITY_CERT_CATEGORY_MISMATCH',
      reason: `残疾类别与证号第19位不一致：证号为${n.categoryLabel}，本行填写${DISABILITY_CATEGORY_LABELS[f.category as DisabilityCategory] ?? f.category}`,
      column: 'category',
    });
  if (n && f.grade != null && f.grade !== n.grade)
    out.push({
      code: 'DISABILITY_CERT_GRADE_MISMATCH',
      reason: `残疾等级与证号第20位不一致：证号为${n.gradeLabel}，本行填写${DISABILITY_GRADE_LABELS[f.grade as DisabilityGrade] ?? f.grade}`,
      column: 'grade',
    });
  if (f.validUntil && f.validUntil <= FIRST_GENERATION_LAST_DAY)
    out.push({
      code: 'DISABILITY_CERT_FIRST_GENERATION',
      reason: '第一代残疾人证已于2009年12月31日停止使用：请持证人换领第二代残疾人证后再登记',
      column: 'validUntil',
    });
  else if (f.validUntil && f.issuedOn && f.validUntil < f.issuedOn)
    out.push({
      code: 'DISABILITY_CERT_VALIDITY_INVALID',
      reason: '有效期至不能早于发证日期',
      column: 'validUntil',
    });
  if (f.status && f.status !== 'valid' && !f.statusOn && !(f.status === 'expired' && f.validUntil))
    out.push({
      code: 'DISABILITY_CERT_STATUS_DATE_MISSING',
      reason: `状态为“${CERTIFICATE_STATUS_LABELS[f.status]}”时须填写状态日期（冻结、注销的日期）`,
      column: 'statusOn',
    });
  return out;
}

// ----- import -------------------------------------------------------------------------------------------

export interface CertificateImportRow {
  number: ParsedDisabilityCertificate;
  residentId: string;
  name: string;
  category: number;
  grade: number;
  issuedOn: string;
  validUntil: string | null;
  status: CertificateStatus;
  statusOn: string | null;
  divisionCode: string;
}

export const CERTIFICATE_IMPORT_SPEC: ImportSpec<CertificateImportRow> = {
  title: '残疾人证',
  columns: [
    {
      key: 'number',
      header: '残疾人证号',
      aliases: ['证号', '残疾证号', '残疾人证编号', 'Certificate number'],
      required: true,
      width: 24,
      hint: '20 位：18 位公民身份号码 + 1 位残疾类别（1–7）+ 1 位残疾等级（1–4）',
      parse: (v) => parseDisabilityCertificateNumber(v.replace(/\s+/g, '')),
      example: '43018119800101001742',
    },
    {
      key: 'residentId',
      header: '公民身份号码',
      aliases: ['身份证号', '身份证号码', '居民身份证号码', 'Resident id'],
      required: true,
      width: 22,
      hint: '持证人的 18 位公民身份号码，须与证号前 18 位一致，且已在人员信息库中登记（导入不新建人员）',
      parse: residentIdCell('公民身份号码'),
      example: '430181198001010017',
    },
    {
      key: 'name',
      header: '姓名',
      aliases: ['持证人姓名', 'Name'],
      required: true,
      width: 10,
      example: '张伟',
    },
    {
      key: 'category',
      header: '残疾类别',
      aliases: ['类别', 'Category'],
      required: true,
      hint: '数字 1–7 或名称：1 视力 2 听力 3 言语 4 肢体 5 智力 6 精神 7 多重',
      parse: (v) => {
        const c = parseCategoryWord(v);
        if (!c)
          throw new ImportCellError(
            'DISABILITY_CATEGORY_UNKNOWN',
            `残疾类别“${v}”无法识别，应为 1–7 或 视力、听力、言语、肢体、智力、精神、多重`,
          );
        return c;
      },
      example: '肢体',
    },
    {
      key: 'grade',
      header: '残疾等级',
      aliases: ['等级', 'Grade'],
      required: true,
      hint: '1–4 或 一级…四级（一级最重）',
      parse: (v) => {
        const g = parseGradeWord(v);
        if (!g)
          throw new ImportCellError(
            'DISABILITY_GRADE_UNKNOWN',
            `残疾等级“${v}”无法识别，应为 1–4 或 一级…四级`,
          );
        return g;
      },
      example: '二级',
    },
    {
      key: 'issuedOn',
      header: '发证日期',
      aliases: ['发证时间', 'Issued on'],
      required: true,
      parse: dateCell('发证日期'),
      example: '2021-05-10',
    },
    {
      key: 'validUntil',
      header: '有效期至',
      aliases: ['有效期', '有效截止日期', 'Valid until'],
      headerRequired: true,
      hint: '证件有效期的最后一天；长期有效的留空',
      parse: dateCell('有效期至'),
      example: '2031-05-09',
    },
    {
      key: 'status',
      header: '状态',
      aliases: ['证件状态', 'Status'],
      required: true,
      hint: '有效 / 过期 / 冻结 / 注销',
      parse: (v) => {
        const s = STATUS_WORDS[v.replace(/\s+/g, '')] ?? STATUS_WORDS[v.toLowerCase()];
        if (!s)
          throw new ImportCellError(
            'DISABILITY_CERT_STATUS_UNKNOWN',
            `状态“${v}”无法识别，应为 有效、过期、冻结 或 注销`,
          );
        return s;
      },
      example: '有效',
    },
    {
      key: 'statusOn',
      header: '状态日期',
      aliases: ['状态变更日期', 'Status on'],
      headerRequired: false,
      hint: '冻结、注销的日期（过期可留空：按有效期至的次日）',
      parse: dateCell('状态日期'),
    },
    {
      key: 'divisionCode',
      header: '区县代码',
      aliases: ['区划代码', '行政区划代码', '发证县区代码', 'County'],
      required: true,
      hint: '发证残联所在的 6 位县级行政区划代码',
      parse: (v) => {
        const d = getDivision(v);
        if (!/^\d{6}$/.test(v) || !d || d.level !== 'county')
          throw new ImportCellError('DIVISION_UNKNOWN', `区县代码“${v}”不存在（应为 6 位县级行政区划代码）`);
        return v;
      },
      example: '430181',
    },
  ],
  checkRow: (row, sink) => {
    for (const i of certificateFactIssues(row)) sink.error(i.code, i.reason, i.column);
  },
  notes: [
    '每行一本第二代残疾人证；同一证号再次导入时：信息相同为“无变化”，状态不同（如有效→冻结、注销、过期）记为状态变更并保留历史。',
    '持证人须已在人员信息库中登记（按公民身份号码关联，导入不新建人员）。',
    '导入报告中不出现完整的公民身份号码或残疾人证号。',
  ],
};

/** Who may import: the county federation (disability:federation) or a county-level subsidy clerk. */
function ensureImporter(actor: Actor): void {
  if (!actor.permissions.has('disability:federation') && !actor.permissions.has('disability:write'))
    authorize(actor, 'disability:federation');
  if (isSubCounty(actor) || actor.divisionCode.length !== 6)
    throw new DomainError(
      'forbidden',
      'DISABILITY_CERT_IMPORT_LEVEL',
      '残疾人证数据由县级残联或县级补贴经办人员导入：乡镇（街道）账号不能导入，请联系县残联',
    );
}

async function survivorOf(db: Executor, person: PersonRow | undefined): Promise<PersonRow | undefined> {
  let p = person;
  for (let i = 0; p?.mergedInto && i < 8; i++) p = await findIndexedPerson(db, p.mergedInto);
  return p;
}

interface ChangeWrite {
  certificate: DisabilityCertificateRow;
  set: {
    status: CertificateStatus;
    statusOn: string | null;
    validUntil: string | null;
    issuedOn: string | null;
    divisionCode: string;
  };
  reason: string | null;
  source: CertificateEventSource;
  importRunId: string | null;
}

/** Writes a change of a certificate with its history row and its audit row (same transaction). */
async function writeChange(
  ctx: CoreContext,
  db: Transaction<Database>,
  actor: Actor,
  w: ChangeWrite,
): Promise<void> {
  const c = w.certificate;
  const at = ctx.clock.now().toISOString();
  const kind = w.set.status !== c.status ? 'status' : 'updated';
  await updateCertificate(db, c.id, {
    ...w.set,
    updatedAt: at,
    ...(w.importRunId ? { importRunId: w.importRunId } : {}),
  });
  await insertCertificateEvent(db, {
    certificateId: c.id,
    kind,
    fromStatus: c.status,
    toStatus: w.set.status,
    statusOn: w.set.statusOn,
    reason: w.reason,
    source: w.source,
    importRunId: w.importRunId,
    actorId: actor.userId ?? actor.username,
    at,
  });
  await audit(ctx, db, actor, {
    action: kind === 'status' ? 'disability.certificate.status' : 'disability.certificate.update',
    targetType: 'disability_certificate',
    targetId: c.id,
    divisionCode: w.set.divisionCode,
    details: {
      number: maskCertificateNumber(c.number),
      from: c.status,
      to: w.set.status,
      statusOn: w.set.statusOn,
      source: w.source,
      ...(w.reason ? { reason: w.reason } : {}),
      ...(w.importRunId ? { run: w.importRunId } : {}),
    },
  });
}

async function writeNew(
  ctx: CoreContext,
  db: Transaction<Database>,
  actor: Actor,
  r: {
    number: ParsedDisabilityCertificate;
    personId: string;
    issuedOn: string | null;
    validUntil: string | null;
    status: CertificateStatus;
    statusOn: string | null;
    divisionCode: string;
    source: 'import' | 'manual';
    importRunId: string | null;
  },
): Promise<string> {
  const id = newId();
  const at = ctx.clock.now().toISOString();
  await insertCertificate(db, {
    id,
    number: r.number.number,
    personId: r.personId,
    category: r.number.category,
    grade: r.number.grade,
    issuedOn: r.issuedOn,
    validUntil: r.validUntil,
    status: r.status,
    statusOn: r.statusOn,
    divisionCode: r.divisionCode,
    source: r.source,
    importRunId: r.importRunId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
  await insertCertificateEvent(db, {
    certificateId: id,
    kind: 'recorded',
    fromStatus: null,
    toStatus: r.status,
    statusOn: r.statusOn,
    reason: null,
    source: r.source,
    importRunId: r.importRunId,
    actorId: actor.userId ?? actor.username,
    at,
  });
  await audit(ctx, db, actor, {
    action: 'disability.certificate.record',
    targetType: 'disability_certificate',
    targetId: id,
    divisionCode: r.divisionCode,
    details: {
      number: maskCertificateNumber(r.number.number),
      category: r.number.category,
      grade: r.number.grade,
      status: r.status,
      source: r.source,
      ...(r.importRunId ? { run: r.importRunId } : {}),
    },
  });
  return id;
}

/**
 * Imports the federation's certificate file (CSV or .xlsx). Natural key: the certificate number. A row
 * already in the register with the same facts is `unchanged`; a different status (valid → frozen /
 * cancelled / expired …), validity or county is a change, kept in the certificate's history and audited.
 * A status dated before the one in the register is refused (an older file must not undo a newer state).
 * The same bytes again answer the earlier report (`repeated`).
 */
export async function importCertificates(
  ctx: CoreContext,
  actor: Actor,
  input: { file: ImportSource; fileName: string; onProgress?: (p: ImportProgress) => void },
): Promise<ImportRunReport> {
  ensureImporter(actor);
  const on = today(ctx);
  let runId: string | null = null;
  return runImport<CertificateImportRow>(ctx, actor, {
    spec: CERTIFICATE_IMPORT_SPEC,
    source: input.file,
    fileName: input.fileName,
    importKind: `${CERTIFICATE_IMPORT_KIND_PREFIX}${actor.divisionCode}`,
    divisionCode: actor.divisionCode,
    batchSize: 200,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    begin: (id) => {
      runId = id;
      return Promise.resolve();
    },
    applyRow: async (trx, r) => {
      if (!inScope(actor, r.divisionCode))
        throw new ImportRowRefused([
          { code: 'DIVISION_OUT_OF_SCOPE', reason: '区县不在您的管辖范围内', column: 'divisionCode' },
        ]);
      const person = await survivorOf(trx, await findIndexedPersonByResidentId(trx, r.residentId));
      if (!person)
        throw new ImportRowRefused([
          {
            code: 'DISABILITY_CERT_PERSON_UNKNOWN',
            reason:
              '人员信息库中没有该公民身份号码的人员：请先在“人员信息”中登记，再重新导入本行（导入不新建人员）',
            column: 'residentId',
          },
        ]);
      const notes: { code: string; reason: string; column?: string }[] = [];
      if (person.name !== r.name)
        notes.push({
          code: 'DISABILITY_CERT_NAME_DIFFERS',
          reason: `姓名“${r.name}”与人员信息库中的姓名不一致，已按公民身份号码关联，请核对`,
          column: 'name',
        });
      let status = r.status;
      let statusOn =
        r.status === 'expired' && !r.statusOn && r.validUntil ? dayAfter(r.validUntil) : r.statusOn;
      if (status === 'valid' && r.validUntil && r.validUntil < on) {
        status = 'expired';
        statusOn = dayAfter(r.validUntil);
        notes.push({
          code: 'DISABILITY_CERT_PAST_VALIDITY',
          reason: '文件中状态为“有效”，但有效期已过：按“已过期”登记',
          column: 'status',
        });
      }
      const existing = await findCertificateByNumber(trx, r.number.number);
      if (!existing) {
        const others = (await certificatesOfPerson(trx, person.id)).filter(
          (c) => certificateStatusOn(c, on) === 'valid',
        );
        if (others.length > 0 && status === 'valid')
          notes.push({
            code: 'DISABILITY_CERT_OTHER_VALID',
            reason: '该持证人另有一本有效的残疾人证（类别或等级不同）：请在残联数据中注销旧证',
            column: 'number',
          });
        await writeNew(ctx, trx, actor, {
          number: r.number,
          personId: person.id,
          issuedOn: r.issuedOn,
          validUntil: r.validUntil,
          status,
          statusOn,
          divisionCode: r.divisionCode,
          source: 'import',
          importRunId: runId,
        });
        return { notes };
      }
      if (!inScope(actor, existing.divisionCode))
        throw new ImportRowRefused([
          {
            code: 'DISABILITY_CERT_OTHER_COUNTY',
            reason: '该残疾人证由您管辖范围以外的县级残联登记，不能由您导入变更',
            column: 'divisionCode',
          },
        ]);
      let setStatusOn = statusOn ?? existing.statusOn;
      if (status !== existing.status && !statusOn) {
        // A change of status without its day: the import's day is taken (noted, so the clerk can check).
        setStatusOn = on;
        notes.push({
          code: 'DISABILITY_CERT_STATUS_DATE_ASSUMED',
          reason: `状态由“${CERTIFICATE_STATUS_LABELS[existing.status]}”变为“${CERTIFICATE_STATUS_LABELS[status]}”但未填状态日期：按导入当日登记，请核对`,
          column: 'statusOn',
        });
      }
      const set = {
        status,
        statusOn: setStatusOn,
        validUntil: r.validUntil,
        issuedOn: r.issuedOn,
        divisionCode: r.divisionCode,
      };
      const same =
        set.status === existing.status &&
        set.statusOn === existing.statusOn &&
        set.validUntil === existing.validUntil &&
        set.issuedOn === existing.issuedOn &&
        set.divisionCode === existing.divisionCode;
      if (same) return { status: 'unchanged', notes };
      if (set.status !== existing.status && statusOn && existing.statusOn && statusOn < existing.statusOn)
        throw new ImportRowRefused([
          {
            code: 'DISABILITY_CERT_STATUS_OLDER',
            reason: `本行状态日期早于登记簿中该证当前状态（${CERTIFICATE_STATUS_LABELS[existing.status]}，${existing.statusOn}）的日期：旧数据不能覆盖新状态，请核对文件`,
            column: 'statusOn',
          },
        ]);
      await writeChange(ctx, trx, actor, {
        certificate: existing,
        set,
        reason: null,
        source: 'import',
        importRunId: runId,
      });
      return { notes };
    },
  });
}

export function certificateImportTemplateXlsx(): Promise<Buffer> {
  return importTemplateXlsx(CERTIFICATE_IMPORT_SPEC);
}

/** A certificate import's per-row report (.xlsx); 404 for another kind of run or outside the caller's scope. */
export async function certificateImportReportXlsx(
  ctx: CoreContext,
  actor: Actor,
  runId: string,
): Promise<Buffer> {
  authorize(actor, 'disability:read');
  if (!(await importRunKind(ctx, actor, runId)).startsWith(CERTIFICATE_IMPORT_KIND_PREFIX))
    throw new DomainError('not_found', 'NOT_FOUND', '导入记录不存在或不在您的管辖范围内');
  return importReportXlsx(ctx, actor, runId, CERTIFICATE_IMPORT_SPEC);
}

/** The certificate imports in the actor's scope (newest first). */
export async function listCertificateImports(ctx: CoreContext, actor: Actor) {
  authorize(actor, 'disability:read');
  const prefix = scopePrefix(actor.divisionCode);
  const county = actor.divisionCode.slice(0, 6);
  const runs = await certificateImportRuns(ctx.db.kysely, {
    kindPrefix: CERTIFICATE_IMPORT_KIND_PREFIX,
    scopePrefix: prefix,
    sharedCounty: isSubCounty(actor) ? county : null,
  });
  return runs.map((r) => ({
    runId: r.id,
    fileName: r.fileName,
    format: r.format,
    status: r.status,
    rowsRead: r.rowsRead,
    rowsApplied: r.rowsApplied,
    rowsUnchanged: r.rowsUnchanged,
    rowsRefused: r.rowsRefused,
    createdBy: r.createdBy,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  }));
}

// ----- manual entry and status changes (county federation) ----------------------------------------------

export interface RecordCertificateInput {
  certificateNumber: string;
  residentId: string;
  issuedOn: string;
  validUntil?: string | null;
  /** County of the issuing federation (default: the actor's county). */
  divisionCode?: string;
}

const invalid = (code: string, message: string, field: string) =>
  new DomainError('invalid', code, message, { field });

/** 县残联 records a certificate by hand (same checks as the import); 409 when the number is registered. */
export async function recordCertificate(
  ctx: CoreContext,
  actor: Actor,
  input: RecordCertificateInput,
): Promise<CertificateView> {
  authorize(actor, 'disability:federation');
  const divisionCode = input.divisionCode ?? actor.divisionCode.slice(0, 6);
  if (!/^\d{6}$/.test(divisionCode) || getDivision(divisionCode)?.level !== 'county')
    throw invalid('DIVISION_UNKNOWN', '发证县区代码应为 6 位县级行政区划代码', 'divisionCode');
  ensureDivisionInScope(actor, divisionCode);
  let number: ParsedDisabilityCertificate;
  try {
    number = parseDisabilityCertificateNumber(input.certificateNumber, {
      holderResidentId: input.residentId,
    });
  } catch (e) {
    if (e instanceof DomainError)
      throw new DomainError('invalid', e.code, e.message, { field: 'certificateNumber' });
    throw e;
  }
  for (const d of [
    ['issuedOn', input.issuedOn],
    ['validUntil', input.validUntil],
  ] as const)
    if (d[1] && !isPlainDate(d[1]))
      throw invalid('DATE_INVALID', '日期不正确：请按 2026-01-31 的格式填写', d[0]);
  const issues = certificateFactIssues({
    number,
    residentId: input.residentId,
    issuedOn: input.issuedOn,
    validUntil: input.validUntil ?? null,
    status: 'valid',
    statusOn: null,
  });
  if (issues[0]) throw invalid(issues[0].code, issues[0].reason, issues[0].column);
  const on = today(ctx);
  if (input.issuedOn > on) throw invalid('DISABILITY_CERT_ISSUED_FUTURE', '发证日期不能晚于今天', 'issuedOn');
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const person = await survivorOf(trx, await findIndexedPersonByResidentId(trx, number.residentId));
    if (!person)
      throw invalid(
        'DISABILITY_CERT_PERSON_UNKNOWN',
        '人员信息库中没有该公民身份号码的人员：请先在“人员信息”中登记持证人',
        'residentId',
      );
    if (await findCertificateByNumber(trx, number.number))
      throw new DomainError(
        'conflict',
        'DISABILITY_CERT_EXISTS',
        '该残疾人证号已登记：如需变更状态，请在台账中办理',
        {
          field: 'certificateNumber',
        },
      );
    const expired = input.validUntil && input.validUntil < on;
    return writeNew(ctx, trx, actor, {
      number,
      personId: person.id,
      issuedOn: input.issuedOn,
      validUntil: input.validUntil ?? null,
      status: expired ? 'expired' : 'valid',
      statusOn: expired ? dayAfter(input.validUntil!) : input.issuedOn,
      divisionCode,
      source: 'manual',
      importRunId: null,
    });
  });
  return (await getCertificate(ctx, actor, id, { audited: false })).certificate;
}

export interface ChangeCertificateStatusInput {
  /** frozen (冻结), cancelled (注销), valid (解冻, or 换证续期 of an expired certificate with `validUntil`). */
  status: 'frozen' | 'cancelled' | 'valid';
  /** Day the status takes effect (not after today). */
  on: string;
  reason: string;
  /** New last day of validity when renewing an expired certificate. */
  validUntil?: string | null;
}

const ALLOWED_FROM: Record<ChangeCertificateStatusInput['status'], readonly CertificateStatus[]> = {
  frozen: ['valid'],
  cancelled: ['valid', 'frozen', 'expired'],
  valid: ['frozen', 'expired'],
};

/** 县残联 freezes, cancels, unfreezes or renews a certificate, with the day and the reason (history kept). */
export async function changeCertificateStatus(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: ChangeCertificateStatusInput,
): Promise<CertificateView> {
  authorize(actor, 'disability:federation');
  if (!isPlainDate(input.on)) throw invalid('DATE_INVALID', '日期不正确：请按 2026-01-31 的格式填写', 'on');
  const on = today(ctx);
  if (input.on > on) throw invalid('DISABILITY_CERT_STATUS_DATE_FUTURE', '状态日期不能晚于今天', 'on');
  if (input.reason.trim().length < 2) throw invalid('REASON_REQUIRED', '请填写原因（至少 2 个字）', 'reason');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await visibleCertificate(trx, actor, id);
    if (!inScope(actor, c.divisionCode)) throw notFound();
    const current = certificateStatusOn(c, on);
    if (!ALLOWED_FROM[input.status].includes(current))
      throw new DomainError(
        'conflict',
        'DISABILITY_CERT_TRANSITION',
        `残疾人证当前为“${CERTIFICATE_STATUS_LABELS[current]}”，不能办理“${input.status === 'frozen' ? '冻结' : input.status === 'cancelled' ? '注销' : '恢复有效'}”`,
        { status: current },
      );
    if (c.statusOn && input.on < c.statusOn)
      throw invalid('DISABILITY_CERT_STATUS_OLDER', `状态日期不能早于当前状态的日期（${c.statusOn}）`, 'on');
    let validUntil = c.validUntil;
    if (input.status === 'valid' && current === 'expired') {
      if (!input.validUntil || !isPlainDate(input.validUntil) || input.validUntil < on)
        throw invalid(
          'DISABILITY_CERT_RENEWAL_VALIDITY',
          '已过期的残疾人证恢复有效须填写新的有效期至（不早于今天）',
          'validUntil',
        );
      validUntil = input.validUntil;
    }
    await writeChange(ctx, trx, actor, {
      certificate: c,
      set: {
        status: input.status,
        statusOn: input.on,
        validUntil,
        issuedOn: c.issuedOn,
        divisionCode: c.divisionCode,
      },
      reason: input.reason.trim(),
      source: 'manual',
      importRunId: null,
    });
  });
  return (await getCertificate(ctx, actor, id, { audited: false })).certificate;
}

// ----- views, ledger, detail ----------------------------------------------------------------------------

export interface CertificateView {
  id: string;
  numberMasked: string;
  personId: string;
  personName: string;
  hukouDivisionCode: string;
  category: number;
  categoryLabel: string;
  grade: number;
  gradeLabel: string;
  colour: 'red' | 'green';
  issuedOn: string | null;
  validUntil: string | null;
  /** Effective status today (a valid certificate past its validity shows expired). */
  status: CertificateStatus;
  statusLabel: string;
  /** Status as stored (the expiry job may not have run yet). */
  recordedStatus: CertificateStatus;
  statusOn: string | null;
  divisionCode: string;
  divisionName: string;
  source: 'import' | 'manual';
  updatedAt: string;
}

function present(r: CertificateLedgerDbRow, on: string): CertificateView {
  const status = certificateStatusOn(r, on);
  return {
    id: r.id,
    numberMasked: maskCertificateNumber(r.number),
    personId: r.personId,
    personName: r.personName,
    hukouDivisionCode: r.hukouDivisionCode,
    category: r.category,
    categoryLabel: DISABILITY_CATEGORY_LABELS[r.category as DisabilityCategory],
    grade: r.grade,
    gradeLabel: DISABILITY_GRADE_LABELS[r.grade as DisabilityGrade],
    colour: r.category === 1 ? 'red' : 'green',
    issuedOn: r.issuedOn,
    validUntil: r.validUntil,
    status,
    statusLabel: CERTIFICATE_STATUS_LABELS[status],
    recordedStatus: r.status,
    statusOn:
      status === 'expired' && r.status === 'valid' && r.validUntil ? dayAfter(r.validUntil) : r.statusOn,
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    source: r.source,
    updatedAt: r.updatedAt,
  };
}

export interface CertificatesQuery {
  q?: string;
  category?: number;
  grade?: number;
  status?: CertificateStatus;
  division?: string;
  sort?: `${CertificateLedgerSort}` | `-${CertificateLedgerSort}`;
}

function ledgerFilter(actor: Actor, q: CertificatesQuery, on: string) {
  const sort = q.sort
    ? { field: q.sort.replace(/^-/, '') as CertificateLedgerSort, desc: q.sort.startsWith('-') }
    : undefined;
  return {
    // The register is kept per county: a township picked in the division bar lists its county's register.
    scope: scopeFilterFor(actor, q.division && q.division.length > 6 ? q.division.slice(0, 6) : q.division, {
      shared: true,
    }),
    today: on,
    ...(q.q?.trim() ? { q: q.q.trim() } : {}),
    ...(q.category ? { category: q.category } : {}),
    ...(q.grade ? { grade: q.grade } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(sort ? { sort } : {}),
  };
}

/** The certificate ledger (残疾人证台账) in the actor's scope: filters, paging, sort; an audited read. */
export async function listCertificates(
  ctx: CoreContext,
  actor: Actor,
  q: CertificatesQuery & { page: number; pageSize: number },
): Promise<{ items: CertificateView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const on = today(ctx);
  const f = ledgerFilter(actor, q, on);
  const db = ctx.db.kysely;
  const [rows, total] = await Promise.all([
    certificateLedgerPage(db, f, q.pageSize, (q.page - 1) * q.pageSize),
    countCertificateLedger(db, f),
  ]);
  await ctx.readAudit.record(actor, {
    action: 'disability.certificate.list',
    targetType: 'disability_certificate',
    divisionCode: q.division ?? actor.divisionCode,
    details: {
      total,
      page: q.page,
      byText: Boolean(f.q),
      ...(q.status ? { status: q.status } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.grade ? { grade: q.grade } : {}),
    },
  });
  return { items: rows.map((r) => present(r, on)), total, page: q.page, pageSize: q.pageSize };
}

/** Every row of the ledger under the filter (Excel export); audited before the first row. */
export async function exportCertificates(
  ctx: CoreContext,
  actor: Actor,
  q: CertificatesQuery,
): Promise<AsyncIterable<CertificateView>> {
  authorize(actor, 'disability:read');
  const on = today(ctx);
  const f = ledgerFilter(actor, q, on);
  const db = ctx.db.kysely;
  await ctx.readAudit.record(actor, {
    action: 'disability.certificate.export',
    targetType: 'disability_certificate',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: { ...q, q: q.q ? '***' : undefined } },
  });
  return (async function* () {
    for (let offset = 0; ; offset += 2000) {
      const rows = await certificateLedgerPage(db, f, 2000, offset);
      for (const r of rows) yield present(r, on);
      if (rows.length < 2000) return;
    }
  })();
}

export interface CertificateEventView {
  id: string;
  kind: string;
  kindLabel: string;
  fromStatus: CertificateStatus | null;
  toStatus: CertificateStatus;
  toStatusLabel: string;
  statusOn: string | null;
  reason: string | null;
  source: CertificateEventSource;
  sourceLabel: string;
  at: string;
}

function presentEvent(e: CertificateEventRow): CertificateEventView {
  return {
    id: e.id,
    kind: e.kind,
    kindLabel: CERTIFICATE_EVENT_KIND_LABELS[e.kind],
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    toStatusLabel: CERTIFICATE_STATUS_LABELS[e.toStatus],
    statusOn: e.statusOn,
    reason: e.reason,
    source: e.source,
    sourceLabel: CERTIFICATE_EVENT_SOURCE_LABELS[e.source],
    at: e.at,
  };
}

/** One certificate with its history (audited read with the holder as subject). */
export async function getCertificate(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  opts: { audited?: boolean } = {},
): Promise<{ certificate: CertificateView; events: CertificateEventView[] }> {
  authorize(actor, 'disability:read');
  const db = ctx.db.kysely;
  const c = await visibleCertificate(db, actor, id);
  const on = today(ctx);
  const [row] = await certificateLedgerPage(
    db,
    {
      scope: { divisionPrefix: '', institutionId: null, sharedCounty: null },
      today: on,
      personId: c.personId,
    },
    50,
    0,
  ).then((rows) => rows.filter((r) => r.id === c.id));
  if (!row) throw notFound();
  if (opts.audited !== false)
    await ctx.readAudit.record(actor, {
      action: 'disability.certificate.read',
      targetType: 'disability_certificate',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { number: maskCertificateNumber(c.number) },
    });
  return { certificate: present(row, on), events: (await eventsOfCertificate(db, c.id)).map(presentEvent) };
}

// ----- the daily expiry job -----------------------------------------------------------------------------

/**
 * `disability.certificates-expire`: marks valid certificates whose validity ended before today as expired
 * from the day after their last valid day (history and audit like any change). Until it runs, the views
 * and `certificateStatusOn` already treat them as expired.
 */
export async function expireCertificates(ctx: CoreContext): Promise<{ expired: number }> {
  const on = today(ctx);
  const system = systemActor('disability.certificates-expire', '430000');
  let expired = 0;
  for (;;) {
    const batch = await certificatesPastValidity(ctx.db.kysely, on, 500);
    if (batch.length === 0) break;
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const c of batch)
        await writeChange(ctx, trx, system, {
          certificate: c,
          set: {
            status: 'expired',
            statusOn: dayAfter(c.validUntil!),
            validUntil: c.validUntil,
            issuedOn: c.issuedOn,
            divisionCode: c.divisionCode,
          },
          reason: '有效期届满',
          source: 'job',
          importRunId: null,
        });
    });
    expired += batch.length;
    if (batch.length < 500) break;
  }
  return { expired };
}
