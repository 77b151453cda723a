/**
 * Social-assistance rolls of the platform (社会救助名单; docs/assistance-rolls.md): 低保, 特困 and
 * 生活困难的重点优抚对象 memberships imported from the rolls the assistance offices keep, linked to the
 * people index by resident id. Lines look eligibility up here (`assistanceStatusOn`) — it is never typed
 * into a line's form (R-FUN-09 for the funeral line, R-DIS-01 for the disability line).
 *
 * Permissions: importing needs `people:write` and an account that is not bound to an institution (a
 * funeral home or rescue station does not keep the rolls); reading needs `people:read`, scoped by the
 * membership's county.
 */
import { DomainError, getDivision, isPlainDate, maskResidentId, newId } from '@social-affairs/kernel';
import { authorize, ensureSharedVisible, inScope, scopePrefix, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import {
  ImportCellError,
  ImportRowRefused,
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
import {
  findIndexedPerson as findPersonById,
  findIndexedPersonByResidentId as findPersonByResidentId,
} from '../people/index';
import {
  assistanceImportRuns,
  findMembership,
  insertMembership,
  membershipsInForce,
  membershipsOfPerson,
  overlappingMemberships,
  searchMemberships,
  updateMembershipEnd,
  type MembershipWithSource,
} from './assistance.repository';
import { ASSISTANCE_PROGRAM_LABELS, ASSISTANCE_PROGRAMS, type AssistanceProgram } from './assistance.table';

export const ASSISTANCE_IMPORT_KIND_PREFIX = 'assistance.roll:';

export interface AssistanceRollRow {
  residentId: string;
  name: string;
  program: AssistanceProgram;
  divisionCode: string;
  fromDate: string;
  toDate: string | null;
}

const PROGRAM_WORDS: Record<string, AssistanceProgram> = {
  低保: 'dibao',
  低保对象: 'dibao',
  城乡低保: 'dibao',
  城市低保: 'dibao',
  农村低保: 'dibao',
  最低生活保障: 'dibao',
  dibao: 'dibao',
  特困: 'tekun',
  特困人员: 'tekun',
  特困供养: 'tekun',
  特困供养人员: 'tekun',
  五保: 'tekun',
  tekun: 'tekun',
  优抚: 'youfu',
  优抚对象: 'youfu',
  重点优抚对象: 'youfu',
  生活困难的重点优抚对象: 'youfu',
  youfu: 'youfu',
};

/** The roll file's columns: 公民身份号码, 姓名, 救助类别, 区县, 起始日期, 终止日期 (optional). */
export const ASSISTANCE_ROLL_SPEC: ImportSpec<AssistanceRollRow> = {
  title: '社会救助名单',
  columns: [
    {
      key: 'residentId',
      header: '公民身份号码',
      aliases: ['身份证号', '身份证号码', '居民身份证号码', 'Resident id'],
      required: true,
      width: 22,
      hint: '18 位；须已在人员信息库中登记（导入不新建人员）',
      parse: residentIdCell('公民身份号码'),
      example: '430102195003070012',
    },
    {
      key: 'name',
      header: '姓名',
      aliases: ['Name', '对象姓名'],
      required: true,
      width: 10,
      example: '张伟',
    },
    {
      key: 'program',
      header: '救助类别',
      aliases: ['类别', '类型', 'Program'],
      required: true,
      hint: '低保 / 特困 / 优抚（生活困难的重点优抚对象）',
      parse: (v) => {
        const p = PROGRAM_WORDS[v.replace(/\s+/g, '')] ?? PROGRAM_WORDS[v.toLowerCase()];
        if (!p)
          throw new ImportCellError(
            'ASSISTANCE_PROGRAM_UNKNOWN',
            `救助类别“${v}”无法识别，应为 低保、特困 或 优抚`,
          );
        return p;
      },
      example: '低保',
    },
    {
      key: 'divisionCode',
      header: '区县代码',
      aliases: ['区划代码', '行政区划代码', '县区代码', 'County'],
      required: true,
      hint: '名单所属的 6 位县级行政区划代码',
      parse: (v) => {
        const d = getDivision(v);
        if (!/^\d{6}$/.test(v) || !d || d.level === 'province')
          throw new ImportCellError('DIVISION_UNKNOWN', `区县代码“${v}”不存在（应为 6 位县级行政区划代码）`);
        return v;
      },
      example: '430102',
    },
    {
      key: 'fromDate',
      header: '起始日期',
      aliases: ['开始日期', '纳入日期', '享受起始日期', 'From'],
      required: true,
      parse: dateCell('起始日期'),
      example: '2024-01-01',
    },
    {
      key: 'toDate',
      header: '终止日期',
      aliases: ['结束日期', '退出日期', '停保日期', 'To'],
      headerRequired: false,
      hint: '仍在册的留空；退出名单的填写最后享受日期',
      parse: dateCell('终止日期'),
    },
  ],
  checkRow: (row, sink) => {
    if (row.fromDate && row.toDate && row.toDate < row.fromDate)
      sink.error('ASSISTANCE_PERIOD_INVALID', '终止日期不能早于起始日期', 'toDate');
  },
};

function institutionRefused(actor: Actor): void {
  if (actor.institutionId)
    throw new DomainError(
      'forbidden',
      'ASSISTANCE_IMPORT_INSTITUTION',
      '社会救助名单由县级民政部门导入，机构账号不能导入：请联系县级民政部门',
    );
}

/**
 * Imports a roll file (CSV or .xlsx). Each row links to the people-index record with that resident id
 * (an unknown id is a refused row: no person is created); the natural key is person + program + start
 * date. The same row again is `unchanged`; a row that gives an end date to an open membership (or
 * corrects it) closes it (history kept, the run recorded). A new membership overlapping another of the
 * same program is refused. Rows outside the importer's scope are refused.
 */
export async function importAssistanceRoll(
  ctx: CoreContext,
  actor: Actor,
  input: { file: ImportSource; fileName: string; onProgress?: (p: ImportProgress) => void },
): Promise<ImportRunReport> {
  authorize(actor, 'people:write');
  institutionRefused(actor);
  let runId: string | null = null;
  const now = ctx.clock.now().toISOString();
  return runImport<AssistanceRollRow>(ctx, actor, {
    spec: ASSISTANCE_ROLL_SPEC,
    source: input.file,
    fileName: input.fileName,
    importKind: `${ASSISTANCE_IMPORT_KIND_PREFIX}${actor.divisionCode}`,
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
      let person = await findPersonByResidentId(trx, r.residentId);
      // A merged record answers for its survivor (person merge).
      for (let i = 0; person?.mergedInto && i < 5; i++) person = await findPersonById(trx, person.mergedInto);
      if (!person)
        throw new ImportRowRefused([
          {
            code: 'ASSISTANCE_PERSON_UNKNOWN',
            reason:
              '人员信息库中没有该公民身份号码的人员：请先在“人员信息”中登记，再重新导入本行（导入不新建人员）',
            column: 'residentId',
          },
        ]);
      const notes =
        person.name !== r.name
          ? [
              {
                code: 'ASSISTANCE_NAME_DIFFERS',
                reason: `名单姓名“${r.name}”与人员信息库中的姓名不一致，已按公民身份号码关联，请核对`,
                column: 'name',
              },
            ]
          : [];
      const existing = await findMembership(trx, person.id, r.program, r.fromDate);
      if (existing) {
        if (existing.toDate === r.toDate) return { status: 'unchanged', notes };
        await updateMembershipEnd(trx, existing.id, {
          toDate: r.toDate,
          updatedByRunId: runId,
          updatedAt: now,
        });
        await audit(ctx, trx, actor, {
          action: 'assistance.membership.end',
          targetType: 'person',
          targetId: person.id,
          divisionCode: r.divisionCode,
          details: {
            program: r.program,
            from: r.fromDate,
            to: r.toDate,
            previousTo: existing.toDate,
            run: runId,
          },
        });
        return { notes };
      }
      const clash = await overlappingMemberships(trx, person.id, r.program, r.fromDate, r.toDate);
      if (clash.length > 0) {
        const c = clash[0]!;
        throw new ImportRowRefused([
          {
            code: 'ASSISTANCE_PERIOD_OVERLAP',
            reason: `该人员已有${ASSISTANCE_PROGRAM_LABELS[r.program]}记录（${c.fromDate} 起${c.toDate ? `至 ${c.toDate}` : '，尚未终止'}），与本行期间重叠：如已退出，请先在名单中填写原记录的终止日期`,
            column: 'fromDate',
          },
        ]);
      }
      await insertMembership(trx, {
        id: newId(),
        personId: person.id,
        program: r.program,
        divisionCode: r.divisionCode,
        fromDate: r.fromDate,
        toDate: r.toDate,
        rollName: r.name,
        importRunId: runId,
        updatedByRunId: null,
        createdAt: now,
        updatedAt: now,
      });
      await audit(ctx, trx, actor, {
        action: 'assistance.membership.add',
        targetType: 'person',
        targetId: person.id,
        divisionCode: r.divisionCode,
        details: { program: r.program, from: r.fromDate, to: r.toDate, run: runId },
      });
      return { notes };
    },
  });
}

export interface AssistanceStatus {
  program: AssistanceProgram;
  label: string;
  divisionCode: string;
  fromDate: string;
  toDate: string | null;
  /** Where it was found: the roll file and when it was imported. */
  source: string;
  importRunId: string | null;
}

function statusOf(m: MembershipWithSource): AssistanceStatus {
  return {
    program: m.program,
    label: ASSISTANCE_PROGRAM_LABELS[m.program],
    divisionCode: m.divisionCode,
    fromDate: m.fromDate,
    toDate: m.toDate,
    source: m.sourceFileName
      ? `社会救助名单“${m.sourceFileName}”（${m.sourceImportedAt?.slice(0, 10) ?? ''} 导入）`
      : '社会救助名单',
    importRunId: m.importRunId,
  };
}

/**
 * The programs a person is on on `on` (YYYY-MM-DD), 特困 first, then 低保, then 优抚 — for a line's
 * eligibility lookup (no permission check, no audit: the calling service does both).
 */
export async function assistanceStatusOn(
  db: Executor,
  personId: string,
  on: string,
): Promise<AssistanceStatus[]> {
  const rows = await membershipsInForce(db, [personId], on);
  const order = (p: AssistanceProgram) => ASSISTANCE_PROGRAMS.indexOf(p);
  return rows.map(statusOf).sort((a, b) => order(a.program) - order(b.program));
}

export interface AssistanceMembershipView extends AssistanceStatus {
  id: string;
  personId: string;
  personName: string;
  rollName: string;
  residentIdMasked: string | null;
  inForce: boolean;
}

/** A person's memberships (history) in the actor's scope; an audited read of the person's data. */
export async function assistanceOfPerson(
  ctx: CoreContext,
  actor: Actor,
  personId: string,
  today: string,
): Promise<AssistanceMembershipView[]> {
  authorize(actor, 'people:read');
  let person = await findPersonById(ctx.db.kysely, personId);
  for (let i = 0; person?.mergedInto && i < 16; i++)
    person = await findPersonById(ctx.db.kysely, person.mergedInto);
  if (!person) throw new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
  ensureSharedVisible(actor, person.divisionCode, '人员');
  const rows = (await membershipsOfPerson(ctx.db.kysely, person.id)).filter((m) =>
    m.divisionCode.startsWith(scopePrefix(actor.divisionCode).slice(0, 6)),
  );
  await ctx.readAudit.record(actor, {
    action: 'assistance.person-read',
    targetType: 'person',
    targetId: person.id,
    divisionCode: person.divisionCode,
    subjectPersonId: person.id,
    details: { memberships: rows.length },
  });
  return rows.map((m) => ({
    ...statusOf(m),
    id: m.id,
    personId: m.personId,
    personName: person.name,
    rollName: m.rollName,
    residentIdMasked: person.residentId ? maskResidentId(person.residentId) : null,
    inForce: m.fromDate <= today && (m.toDate === null || m.toDate >= today),
  }));
}

export interface AssistanceQuery {
  divisionCode?: string;
  program?: AssistanceProgram;
  inForceOn?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** The roll ledger (名单台账) in the actor's scope: filters, paging; an audited list read. */
export async function listAssistanceMemberships(
  ctx: CoreContext,
  actor: Actor,
  query: AssistanceQuery,
  today: string,
): Promise<{ total: number; page: number; pageSize: number; items: AssistanceMembershipView[] }> {
  authorize(actor, 'people:read');
  if (query.inForceOn && !isPlainDate(query.inForceOn))
    throw new DomainError('invalid', 'DATE_INVALID', '在册日期不正确：请按 2026-01-31 的格式填写', {
      field: 'inForceOn',
    });
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 20));
  const { total, rows } = await searchMemberships(
    ctx.db.kysely,
    {
      scopePrefix: scopePrefix(actor.divisionCode).slice(0, 6),
      ...(query.divisionCode ? { divisionCode: scopePrefix(query.divisionCode) } : {}),
      ...(query.program ? { program: query.program } : {}),
      ...(query.inForceOn ? { inForceOn: query.inForceOn } : {}),
      ...(query.q?.trim() ? { q: query.q.trim() } : {}),
    },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  await ctx.readAudit.record(actor, {
    action: 'assistance.list',
    targetType: 'people',
    targetId: 'assistance-rolls',
    divisionCode: actor.divisionCode,
    details: { total, page, program: query.program ?? null },
  });
  return {
    total,
    page,
    pageSize,
    items: rows.map((m) => ({
      ...statusOf({ ...m, sourceFileName: null, sourceImportedAt: null }),
      id: m.id,
      personId: m.personId,
      personName: m.personName,
      rollName: m.rollName,
      residentIdMasked: m.residentId ? maskResidentId(m.residentId) : null,
      inForce: m.fromDate <= today && (m.toDate === null || m.toDate >= today),
    })),
  };
}

/** The import history of the rolls in the actor's scope (newest first). */
export async function listAssistanceImports(ctx: CoreContext, actor: Actor) {
  authorize(actor, 'people:read');
  const runs = await assistanceImportRuns(
    ctx.db.kysely,
    ASSISTANCE_IMPORT_KIND_PREFIX,
    scopePrefix(actor.divisionCode),
  );
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

export function assistanceImportTemplateXlsx(): Promise<Buffer> {
  return importTemplateXlsx(ASSISTANCE_ROLL_SPEC);
}

/** A roll import's per-row report (.xlsx); 404 for another kind of run or outside the caller's scope. */
export async function assistanceImportReportXlsx(
  ctx: CoreContext,
  actor: Actor,
  runId: string,
): Promise<Buffer> {
  authorize(actor, 'people:read');
  if (!(await importRunKind(ctx, actor, runId)).startsWith(ASSISTANCE_IMPORT_KIND_PREFIX))
    throw new DomainError('not_found', 'NOT_FOUND', '导入记录不存在或不在您的管辖范围内');
  return importReportXlsx(ctx, actor, runId, ASSISTANCE_ROLL_SPEC);
}
