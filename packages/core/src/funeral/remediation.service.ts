/**
 * The remediation ledger (整治台账, F6): illegal graves and facilities found — scattered graves in forbidden
 * locations (R-FUN-07, protected historic tombs exempt), illegal or clan cemeteries (R-FUN-05/06), rural
 * cemeteries selling to non-villagers (R-FUN-06), oversize graves (R-FUN-08), coffin and superstitious
 * goods (R-FUN-11) — with a rectification deadline, evidence photos (attachment owner type
 * `funeral_remediation`), closure (销号) only with closure evidence, overdue flagged on read, and counts by
 * division. Scoped by division: township staff see their township; facility accounts see none.
 */
import {
  DomainError,
  childrenOf,
  getDivision,
  newId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import type {
  LocationFlag,
  RemediationBodyDto,
  RemediationClosureBodyDto,
  RemediationCountsDto,
  RemediationDto,
  RemediationQueryDto,
} from '@social-affairs/kernel/contracts/funeral';
import {
  authorize,
  ensureDivisionInScope,
  ensureVisible,
  scopeFilterFor,
  scopePrefix,
  type Actor,
} from '../access/index';
import type { AttachmentOwnerType } from '../attachments/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import type { TodoSource } from '../line';
import { visibleFacility } from './cases.access';
import {
  activeAttachmentsOf,
  closeFindingRow,
  countFindingsByDivision,
  countOverdueFindings,
  findFinding,
  insertFinding,
  listFindingRows,
  lockFinding,
  type RemediationRow,
  type RemediationSort,
} from './remediation.repository';

export const REMEDIATION_OWNER_TYPE = 'funeral_remediation';
export const REMEDIATION_ATTACHMENT_KINDS = {
  found_photo: '发现时现场照片',
  closure_photo: '整改后现场照片',
  closure_document: '整改销号材料',
  other: '其他材料',
} as const;
/** Attachment kinds that count as closure evidence. */
const CLOSURE_KINDS: readonly string[] = ['closure_photo', 'closure_document'];

export const funeralRemediationAttachmentOwner: AttachmentOwnerType = {
  type: REMEDIATION_OWNER_TYPE,
  label: '整治台账记录',
  readPermission: 'funeral:read',
  writePermission: 'funeral:write',
  kinds: REMEDIATION_ATTACHMENT_KINDS,
  async resolve(ctx, ownerId) {
    const f = await findFinding(ctx.db.kysely, ownerId);
    return f ? { divisionCode: f.divisionCode, institutionId: null } : null;
  },
};

const today = (ctx: CoreContext): PlainDate => todayPlainDate(ctx.config.timeZone, ctx.clock.now());
const divisionName = (code: string) => getDivision(code)?.name ?? code;
const NOT_FOUND = '整治台账记录不存在或不在您的管辖范围内';

function present(r: RemediationRow, on: string): RemediationDto {
  return {
    id: r.id,
    category: r.category,
    divisionCode: r.divisionCode,
    divisionName: divisionName(r.divisionCode),
    location: r.location,
    locationFlags: r.locationFlags ? (r.locationFlags.split(',') as LocationFlag[]) : [],
    facilityId: r.facilityId,
    description: r.description,
    foundOn: r.foundOn,
    deadline: r.deadline,
    status: r.status,
    overdue: r.status === 'open' && r.deadline < on,
    closedOn: r.closedOn,
    closureNote: r.closureNote,
    evidenceAttachmentIds: r.evidenceAttachmentIds ? r.evidenceAttachmentIds.split(',') : [],
    createdBy: r.createdBy,
  };
}

async function visibleFinding(db: Executor, actor: Actor, id: string, lock = false): Promise<RemediationRow> {
  const row = lock ? await lockFinding(db, id) : await findFinding(db, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', NOT_FOUND);
  ensureVisible(actor, { divisionCode: row.divisionCode, institutionId: null }, '整治台账记录');
  return row;
}

/**
 * Records a finding in the actor's division. A scattered grave in a forbidden location needs at least one
 * R-FUN-07 location flag; a protected historic tomb is exempt and refused (422
 * `FUNERAL_PROTECTED_TOMB_EXEMPT`).
 */
export async function recordFinding(
  ctx: CoreContext,
  actor: Actor,
  body: RemediationBodyDto,
): Promise<RemediationDto> {
  authorize(actor, 'funeral:write');
  if (!getDivision(body.divisionCode)) {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'divisionCode' });
  }
  // A named facility out of scope answers 404 like a missing one (ADR 0015), before the division check.
  if (body.facilityId) await visibleFacility(ctx.db.kysely, actor, body.facilityId);
  ensureDivisionInScope(actor, body.divisionCode);
  if (actor.institutionId) {
    throw new DomainError(
      'forbidden',
      'DIVISION_OUT_OF_SCOPE',
      '整治台账由县乡民政部门登记，机构账号不能登记',
      {
        field: 'divisionCode',
      },
    );
  }
  if (body.protectedHistoric) {
    throw new DomainError(
      'invalid',
      'FUNERAL_PROTECTED_TOMB_EXEMPT',
      '受保护的古墓葬不属于整治对象（R-FUN-07）：不列入整治台账',
      { field: 'protectedHistoric' },
    );
  }
  if (body.category === 'scattered_grave_forbidden' && body.locationFlags.length === 0) {
    throw new DomainError(
      'invalid',
      'FUNERAL_LOCATION_FLAG_REQUIRED',
      '禁止区域乱埋乱葬须标明所在禁止区域（耕地、林地、公园、风景区、文保区、水库、河堤、水源保护区、铁路或公路干线沿线）',
      { field: 'locationFlags' },
    );
  }
  const on = today(ctx);
  if (body.foundOn > on) {
    throw new DomainError('invalid', 'FUNERAL_DATE_IN_FUTURE', '发现日期不能晚于今天', { field: 'foundOn' });
  }
  if (body.deadline < body.foundOn) {
    throw new DomainError('invalid', 'FUNERAL_DEADLINE_BEFORE_FOUND', '整改期限不能早于发现日期', {
      field: 'deadline',
    });
  }
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const now = ctx.clock.now().toISOString();
    await insertFinding(trx, {
      id,
      category: body.category,
      divisionCode: body.divisionCode,
      location: body.location,
      locationFlags: [...new Set(body.locationFlags)].join(','),
      facilityId: body.facilityId ?? null,
      description: body.description,
      foundOn: body.foundOn,
      deadline: body.deadline,
      status: 'open',
      closedOn: null,
      closureNote: null,
      evidenceAttachmentIds: '',
      createdBy: actor.username,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.remediation.record',
      targetType: 'funeral_remediation',
      targetId: id,
      divisionCode: body.divisionCode,
      details: { category: body.category, foundOn: body.foundOn, deadline: body.deadline },
    });
  });
  return present((await findFinding(ctx.db.kysely, id))!, on);
}

export async function getFinding(ctx: CoreContext, actor: Actor, id: string): Promise<RemediationDto> {
  authorize(actor, 'funeral:read');
  return present(await visibleFinding(ctx.db.kysely, actor, id), today(ctx));
}

/**
 * Closes (销号) an open finding: the closure date (not before it was found, not in the future), what was
 * done, and at least one closure photo or document already attached to the finding (422
 * `FUNERAL_REMEDIATION_EVIDENCE_REQUIRED` otherwise).
 */
export async function closeFinding(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: RemediationClosureBodyDto,
): Promise<RemediationDto> {
  authorize(actor, 'funeral:write');
  const on = today(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await visibleFinding(trx, actor, id, true);
    if (row.status === 'closed') {
      throw new DomainError('conflict', 'FUNERAL_REMEDIATION_CLOSED', '该记录已销号');
    }
    if (body.closedOn < row.foundOn || body.closedOn > on) {
      throw new DomainError('invalid', 'FUNERAL_CLOSED_ON_INVALID', '销号日期应在发现日期之后、今天之前', {
        field: 'closedOn',
      });
    }
    const evidence = await activeAttachmentsOf(trx, REMEDIATION_OWNER_TYPE, row.id, CLOSURE_KINDS);
    const cited = [...new Set(body.evidenceAttachmentIds)];
    const valid = cited.filter((a) => evidence.some((e) => e.id === a));
    if (valid.length === 0 || valid.length !== cited.length) {
      throw new DomainError(
        'invalid',
        'FUNERAL_REMEDIATION_EVIDENCE_REQUIRED',
        '销号须附整改后的现场照片或整改销号材料：请先上传到本记录，再选择作为销号依据',
        { field: 'evidenceAttachmentIds' },
      );
    }
    await closeFindingRow(trx, row.id, {
      closedOn: body.closedOn,
      closureNote: body.closureNote,
      evidenceAttachmentIds: valid.join(','),
      updatedAt: ctx.clock.now().toISOString(),
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.remediation.close',
      targetType: 'funeral_remediation',
      targetId: row.id,
      divisionCode: row.divisionCode,
      details: { closedOn: body.closedOn, evidence: valid.length, overdue: row.deadline < body.closedOn },
    });
  });
  return present((await findFinding(ctx.db.kysely, id))!, on);
}

function filterOf(ctx: CoreContext, actor: Actor, q: RemediationQueryDto) {
  authorize(actor, 'funeral:read');
  return {
    scope: scopeFilterFor(actor, q.division),
    category: q.category,
    state: q.state,
    today: today(ctx),
    from: q.from,
    to: q.to,
    q: q.q,
  };
}

const sortOf = (sort: RemediationQueryDto['sort']): { sort: RemediationSort; desc: boolean } => {
  const s = parseSort(sort);
  return s ? { sort: s.field, desc: s.desc } : { sort: 'foundOn', desc: true };
};

export async function listFindings(
  ctx: CoreContext,
  actor: Actor,
  q: RemediationQueryDto & { page: number; pageSize: number },
): Promise<{ items: RemediationDto[]; total: number; page: number; pageSize: number }> {
  const f = filterOf(ctx, actor, q);
  const { rows, total } = await listFindingRows(ctx.db.kysely, f, {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    ...sortOf(q.sort),
  });
  return { items: rows.map((r) => present(r, f.today)), total, page: q.page, pageSize: q.pageSize };
}

export async function exportFindings(
  ctx: CoreContext,
  actor: Actor,
  q: RemediationQueryDto,
): Promise<AsyncIterable<RemediationDto>> {
  const f = filterOf(ctx, actor, q);
  const { rows, total } = await listFindingRows(ctx.db.kysely, f, {
    offset: 0,
    limit: 100_000,
    ...sortOf(q.sort),
  });
  await ctx.readAudit.record(actor, {
    action: 'funeral.remediation.export',
    targetType: 'funeral_remediation',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter({ ...q }), rows: total },
  });
  return (async function* () {
    for (const r of rows) yield present(r, f.today);
  })();
}

/**
 * Found / closed / open / overdue by the next division level below the chosen one (province → cities,
 * city → counties, county → townships); findings recorded at the chosen level itself form their own row.
 */
export async function remediationCounts(
  ctx: CoreContext,
  actor: Actor,
  q: { division?: string | undefined },
): Promise<RemediationCountsDto> {
  authorize(actor, 'funeral:read');
  const code = q.division ?? actor.divisionCode;
  const scope = scopeFilterFor(actor, code);
  const on = today(ctx);
  const counts = await countFindingsByDivision(ctx.db.kysely, scope, on);
  const children = childrenOf(code, { includeNonAdministrative: true });
  const rows = new Map<string, RemediationCountsDto['rows'][number]>();
  const bucketOf = (division: string) => {
    const child = children.find((c) => division.startsWith(scopePrefix(c.code)));
    return child ?? { code, name: `${divisionName(code)}（本级）` };
  };
  for (const c of counts) {
    const b = bucketOf(c.divisionCode);
    const row = rows.get(b.code) ?? {
      divisionCode: b.code,
      divisionName: b.name,
      found: 0,
      closed: 0,
      open: 0,
      overdue: 0,
    };
    row.found += c.found;
    row.closed += c.closed;
    row.open += c.found - c.closed;
    row.overdue += c.overdue;
    rows.set(b.code, row);
  }
  return {
    division: { code, name: divisionName(code) },
    today: on,
    rows: [...rows.values()].sort((a, b) => a.divisionCode.localeCompare(b.divisionCode)),
  };
}

export const remediationTodos: TodoSource[] = [
  {
    name: 'funeral.remediation-overdue',
    permission: 'funeral:read',
    async load(ctx, actor) {
      if (actor.institutionId) return [];
      const n = await countOverdueFindings(ctx.db.kysely, scopeFilterFor(actor), today(ctx));
      return n === 0
        ? []
        : [
            {
              line: 'funeral',
              kind: 'funeral.remediation-overdue',
              title: `殡葬整治台账：${n} 项已超过整改期限未销号`,
              count: n,
              link: '/funeral/remediation?state=overdue',
            },
          ];
    },
  },
];
