/**
 * Cemeteries (公墓, F6): the plot inventory of a cemetery (bulk-created blocks by section, row and number),
 * its status map, and sale / reservation / interment / renewal under the rules: size and term limits
 * (R-FUN-08, `graveLimits`), rural public cemeteries only for villagers of their village (R-FUN-06), no
 * body grave in a cremation zone (R-FUN-01), no plot in a forbidden location (R-FUN-07); and eco-burial
 * records with their awards. Which date decides each rule: docs/funeral.md "Cemeteries and remediation".
 */
import {
  DomainError,
  addDays,
  addMonths,
  maskPhone,
  newId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import {
  BODY_PLOT_KINDS,
  LOCATION_FLAG_LABELS,
  PLOT_KIND_LABELS,
  type CemeteryDto,
  type EcoBurialBodyDto,
  type EcoBurialDto,
  type EcoBurialsQueryDto,
  type LocationFlag,
  type PlotBlockBodyDto,
  type PlotDto,
  type PlotIntermentBodyDto,
  type PlotKind,
  type PlotMapDto,
  type PlotRenewalBodyDto,
  type PlotSaleBodyDto,
  type PlotsQueryDto,
  type TermState,
} from '@social-affairs/kernel/contracts/funeral';
import { authorize, ensureDivisionInScope, ensureVisible, scopeFilterFor, type Actor } from '../access/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import { findIndexedPerson } from '../people/index';
import { findFuneralCaseByCode, lockFuneralCase, appendCustodyEvent } from './cases.repository';
import { ensureFacilityMayTakeBusiness, visibleFacility, visibleFuneralCase } from './cases.access';
import {
  cemeteriesInScope,
  ecoBurialOfPerson,
  existingPlotsInBlock,
  findEcoBurial,
  findPlot,
  hukouVillageOf,
  insertEcoBurial,
  insertInterment,
  insertPlots,
  intermentOfPerson,
  intermentsOfPlots,
  listEcoBurialRows,
  listPlotRows,
  lockPlot,
  markEcoAwardPaid,
  plotsOfFacility,
  updatePlot,
  type EcoBurialRow,
  type PlotListRow,
  type PlotSort,
} from './cemeteries.repository';
import { funeralConfig, type FuneralConfig } from './funeral.config';
import type { FuneralFacilityKind } from './funeral.table';
import { cremationZoneOf, facilityApproval, FACILITY_APPROVAL_RULES } from './rules';
import type { FuneralFacilityRow } from './cases.repository';

const CEMETERY_KINDS: readonly FuneralFacilityKind[] = [
  'cemetery_commercial',
  'cemetery_public_benefit',
  'rural_public_cemetery',
];

const today = (ctx: CoreContext): PlainDate => todayPlainDate(ctx.config.timeZone, ctx.clock.now());

/** The last day a plot counts as 'expiring' (today + `plotExpiringMonths`). */
export function expiringUntil(config: FuneralConfig, on: PlainDate): PlainDate {
  return addMonths(on, config.plotExpiringMonths);
}

/**
 * The term state of a plot on `on` (computed on read): free plots have none; a term ending before `on`
 * is expired; one ending within `plotExpiringMonths` (DESIGN default 12) is expiring.
 */
export function termStateOf(
  config: FuneralConfig,
  plot: { status: string; termUntil: string | null },
  on: PlainDate,
): TermState {
  if (plot.status === 'free' || !plot.termUntil) return 'none';
  if (plot.termUntil < on) return 'expired';
  return plot.termUntil <= expiringUntil(config, on) ? 'expiring' : 'current';
}

/** R-FUN-08: the largest area (m²) a plot of `kind` may have (niches: the ash-grave limit). */
export function graveAreaLimit(config: FuneralConfig, kind: PlotKind): number {
  const l = config.graveLimits;
  return kind === 'single_body_grave'
    ? l.singleBodyGraveM2
    : kind === 'double_body_grave'
      ? l.doubleBodyGraveM2
      : l.ashGraveM2;
}

function ensureAreaWithinLimit(config: FuneralConfig, kind: PlotKind, areaM2: number): void {
  const limit = graveAreaLimit(config, kind);
  if (areaM2 > limit) {
    throw new DomainError(
      'invalid',
      'FUNERAL_PLOT_OVERSIZE',
      `${PLOT_KIND_LABELS[kind]}占地面积不得超过 ${limit} 平方米（R-FUN-08），现为 ${areaM2} 平方米：请按限额调整面积`,
      { field: 'areaM2', limit, areaM2 },
    );
  }
}

function ensureTermWithinLimit(config: FuneralConfig, years: number, field = 'termYears'): void {
  if (years > config.graveLimits.termYears) {
    throw new DomainError(
      'invalid',
      'FUNERAL_TERM_TOO_LONG',
      `墓位使用年限每期不得超过 ${config.graveLimits.termYears} 年（R-FUN-08）：请缩短年限，期满后再续期`,
      { field, limit: config.graveLimits.termYears, years },
    );
  }
}

/**
 * R-FUN-07: a grave or cemetery may not sit on cultivated land or forest, in a city park, scenic area or
 * heritage zone, near a reservoir, river dyke or water-source zone, or along a trunk railway or highway.
 * A protected historic tomb is exempt. Exported for the facilities concern (a new cemetery's site).
 */
export function ensureLocationAllowed(
  flags: readonly LocationFlag[],
  opts: { protectedHistoric?: boolean; field?: string } = {},
): void {
  if (flags.length === 0 || opts.protectedHistoric) return;
  throw new DomainError(
    'invalid',
    'FUNERAL_FORBIDDEN_LOCATION',
    `该位置属于禁止建墓区域（${flags.map((f) => LOCATION_FLAG_LABELS[f]).join('、')}，R-FUN-07）：不得新建墓位或墓地，已有坟墓列入整治台账迁移或深埋不留坟头`,
    { field: opts.field ?? 'locationFlags', flags },
  );
}

/** R-FUN-01: a body grave (or a body's interment) is refused where the cemetery's division is a cremation zone on `on`. */
function ensureNoBodyBurialInCremationZone(
  config: FuneralConfig,
  facility: FuneralFacilityRow,
  on: string,
  field: string,
): void {
  const { zone } = cremationZoneOf(config, facility.divisionCode, on);
  if (zone === 'cremation') {
    throw new DomainError(
      'invalid',
      'FUNERAL_BURIAL_IN_CREMATION_ZONE',
      `${facility.name}所在地 ${on} 属于火葬区（R-FUN-01）：不得设置遗体墓位或土葬遗体，请改为骨灰安葬`,
      { field, divisionCode: facility.divisionCode, on },
    );
  }
}

async function cemeteryForBusiness(
  db: Parameters<typeof visibleFacility>[0],
  actor: Actor,
  facilityId: string,
  kind: PlotKind | null,
): Promise<FuneralFacilityRow> {
  const f = await visibleFacility(db, actor, facilityId);
  const niche = f.kind === 'columbarium';
  if (!CEMETERY_KINDS.includes(f.kind) && !niche) {
    throw new DomainError('invalid', 'FUNERAL_NOT_A_CEMETERY', '所选设施不是公墓、农村公益性墓地或骨灰堂', {
      field: 'facilityId',
    });
  }
  if (kind && niche !== (kind === 'niche')) {
    throw new DomainError(
      'invalid',
      'FUNERAL_PLOT_KIND_MISMATCH',
      niche ? '骨灰堂只能设置骨灰格位' : '公墓不设骨灰格位：请选择墓穴类型',
      { field: 'kind' },
    );
  }
  ensureFacilityMayTakeBusiness(f);
  return f;
}

const plotLabel = (p: { section: string; rowNo: number; number: number }) =>
  `${p.section}区${p.rowNo}排${p.number}号`;

async function present(ctx: CoreContext, rows: PlotListRow[]): Promise<PlotDto[]> {
  const cfg = funeralConfig(ctx);
  const on = today(ctx);
  const interments = await intermentsOfPlots(
    ctx.db.kysely,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    facilityId: r.facilityId,
    facilityName: r.facilityName,
    section: r.section,
    rowNo: r.rowNo,
    number: r.number,
    label: plotLabel(r),
    kind: r.kind,
    areaM2: r.areaDm2 / 100,
    status: r.status,
    termFrom: r.termFrom,
    termUntil: r.termUntil,
    termState: termStateOf(cfg, r, on),
    holderName: r.holderName,
    holderPhoneMasked: r.holderPhone ? maskPhone(r.holderPhone) : null,
    contractNo: r.contractNo,
    interred: interments
      .filter((i) => i.plotId === r.id)
      .map((i) => ({
        personId: i.personId,
        name: i.name,
        caseId: i.caseId,
        interredOn: i.interredOn,
        remains: i.remains,
      })),
  }));
}

/** Cemeteries and columbaria in scope with plot counts (free, reserved, occupied, expiring, expired). */
export async function listCemeteries(
  ctx: CoreContext,
  actor: Actor,
  q: { division?: string | undefined },
): Promise<CemeteryDto[]> {
  authorize(actor, 'funeral:read');
  const scope = scopeFilterFor(actor, q.division);
  const on = today(ctx);
  const rows = await cemeteriesInScope(ctx.db.kysely, scope, on, expiringUntil(funeralConfig(ctx), on));
  return rows.map(({ facility: f, ...c }) => {
    const approval = facilityApproval(f);
    const problem = !approval.valid
      ? approval.reason
      : f.status !== 'active'
        ? f.status === 'suspended'
          ? '已暂停业务'
          : '已关闭'
        : null;
    return {
      id: f.id,
      name: f.name,
      kind: f.kind,
      kindLabel: FACILITY_APPROVAL_RULES[f.kind].label,
      divisionCode: f.divisionCode,
      villageCode: f.villageCode,
      status: f.status,
      capacity: f.capacity,
      mayTakeBusiness: problem === null,
      businessProblem: problem,
      ...c,
    };
  });
}

/** Most plots one block may create. */
export const PLOT_BLOCK_MAX = 2_000;

/**
 * Creates a block of free plots (section × rows × numbers) of one kind and area in a cemetery that may take
 * business: area within the R-FUN-08 limit, no forbidden-location flag (R-FUN-07), no body grave in a
 * cremation zone on today's date (R-FUN-01), none of the places taken yet (409 `FUNERAL_PLOT_EXISTS`).
 */
export async function createPlotBlock(
  ctx: CoreContext,
  actor: Actor,
  body: PlotBlockBodyDto,
): Promise<{ created: number }> {
  authorize(actor, 'funeral:write');
  const cfg = funeralConfig(ctx);
  if (body.rowFrom > body.rowTo || body.numberFrom > body.numberTo) {
    throw new DomainError(
      'invalid',
      'FUNERAL_PLOT_BLOCK_INVALID',
      '起始排号、墓位号不能大于截止排号、墓位号',
      {
        field: body.rowFrom > body.rowTo ? 'rowTo' : 'numberTo',
      },
    );
  }
  const count = (body.rowTo - body.rowFrom + 1) * (body.numberTo - body.numberFrom + 1);
  if (count > PLOT_BLOCK_MAX) {
    throw new DomainError(
      'invalid',
      'FUNERAL_PLOT_BLOCK_TOO_LARGE',
      `一次最多新建 ${PLOT_BLOCK_MAX} 个墓位，本次为 ${count} 个：请分批建立`,
      { field: 'numberTo' },
    );
  }
  const areaDm2 = Math.round(body.areaM2 * 100);
  const on = today(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await cemeteryForBusiness(trx, actor, body.facilityId, body.kind);
    ensureLocationAllowed(body.locationFlags);
    ensureAreaWithinLimit(cfg, body.kind, areaDm2 / 100);
    if (BODY_PLOT_KINDS.includes(body.kind)) ensureNoBodyBurialInCremationZone(cfg, f, on, 'kind');
    const taken = await existingPlotsInBlock(
      trx,
      f.id,
      body.section,
      [body.rowFrom, body.rowTo],
      [body.numberFrom, body.numberTo],
    );
    if (taken > 0) {
      throw new DomainError(
        'conflict',
        'FUNERAL_PLOT_EXISTS',
        `${body.section}区该范围内已有 ${taken} 个墓位：请调整排号或墓位号范围`,
        { field: 'rowFrom', taken },
      );
    }
    const now = ctx.clock.now().toISOString();
    const rows = [];
    for (let r = body.rowFrom; r <= body.rowTo; r++) {
      for (let n = body.numberFrom; n <= body.numberTo; n++) {
        rows.push({
          id: newId(),
          facilityId: f.id,
          divisionCode: f.divisionCode,
          section: body.section,
          rowNo: r,
          number: n,
          kind: body.kind,
          areaDm2,
          status: 'free' as const,
          termFrom: null,
          termUntil: null,
          holderName: null,
          holderPhone: null,
          holderPersonId: null,
          contractNo: null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        });
      }
    }
    await insertPlots(trx, rows);
    await audit(ctx, trx, actor, {
      action: 'funeral.plot.create',
      targetType: 'funeral_facility',
      targetId: f.id,
      divisionCode: f.divisionCode,
      details: {
        section: body.section,
        rows: `${body.rowFrom}-${body.rowTo}`,
        numbers: `${body.numberFrom}-${body.numberTo}`,
        kind: body.kind,
        areaM2: areaDm2 / 100,
        created: rows.length,
      },
    });
    return { created: rows.length };
  });
}

async function plotFilter(ctx: CoreContext, actor: Actor, q: PlotsQueryDto) {
  authorize(actor, 'funeral:read');
  const scope = scopeFilterFor(actor, q.division);
  if (q.facilityId) await visibleFacility(ctx.db.kysely, actor, q.facilityId);
  const on = today(ctx);
  return {
    scope,
    facilityId: q.facilityId,
    section: q.section,
    status: q.status,
    kind: q.kind,
    termState: q.termState,
    today: on,
    expiringUntil: expiringUntil(funeralConfig(ctx), on),
    q: q.q,
  };
}

const plotSortOf = (sort: PlotsQueryDto['sort']): { sort: PlotSort; desc: boolean } => {
  const s = parseSort(sort);
  return s ? { sort: s.field, desc: s.desc } : { sort: 'label', desc: false };
};

/** A page of plots in scope (holders' phones masked); a search by holder name is audited. */
export async function listPlots(
  ctx: CoreContext,
  actor: Actor,
  q: PlotsQueryDto & { page: number; pageSize: number },
): Promise<{ items: PlotDto[]; total: number; page: number; pageSize: number }> {
  const f = await plotFilter(ctx, actor, q);
  const { rows, total } = await listPlotRows(ctx.db.kysely, f, {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    ...plotSortOf(q.sort),
  });
  if (q.q?.trim()) {
    await ctx.readAudit.record(actor, {
      action: 'funeral.plot.search',
      targetType: 'funeral_plot',
      divisionCode: q.division ?? actor.divisionCode,
      details: { facilityId: q.facilityId ?? null, query: q.q.trim().slice(0, 1) + '…', rows: total },
    });
  }
  return { items: await present(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** Every plot the filter selects (Excel export, audited with the masked filter). */
export async function exportPlots(
  ctx: CoreContext,
  actor: Actor,
  q: PlotsQueryDto,
): Promise<AsyncIterable<PlotDto>> {
  const f = await plotFilter(ctx, actor, q);
  const { rows, total } = await listPlotRows(ctx.db.kysely, f, {
    offset: 0,
    limit: 100_000,
    ...plotSortOf(q.sort),
  });
  await ctx.readAudit.record(actor, {
    action: 'funeral.plot.export',
    targetType: 'funeral_plot',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter({ ...q }), rows: total },
  });
  const items = await present(ctx, rows);
  return (async function* () {
    yield* items;
  })();
}

async function visiblePlot(
  db: Parameters<typeof visibleFacility>[0],
  actor: Actor,
  id: string,
  lock = false,
): Promise<PlotListRow> {
  const row = lock ? await lockPlot(db, id) : await findPlot(db, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '墓位不存在或不在您的管辖范围内');
  await visibleFacility(db, actor, row.facilityId).catch(() => {
    throw new DomainError('not_found', 'NOT_FOUND', '墓位不存在或不在您的管辖范围内');
  });
  return row;
}

/** One plot with its holder (phone masked) and who lies in it (audited read of the interred). */
export async function getPlot(ctx: CoreContext, actor: Actor, id: string): Promise<PlotDto> {
  authorize(actor, 'funeral:read');
  const row = await visiblePlot(ctx.db.kysely, actor, id);
  const [dto] = await present(ctx, [row]);
  await ctx.readAudit.record(actor, {
    action: 'funeral.plot.read',
    targetType: 'funeral_plot',
    targetId: id,
    divisionCode: row.divisionCode,
    subjectPersonId: dto!.interred[0]?.personId ?? row.holderPersonId ?? null,
  });
  return dto!;
}

/** The status map of a cemetery: every plot by section, row and number with its status and term state. */
export async function plotMap(ctx: CoreContext, actor: Actor, facilityId: string): Promise<PlotMapDto> {
  authorize(actor, 'funeral:read');
  const f = await visibleFacility(ctx.db.kysely, actor, facilityId);
  const cfg = funeralConfig(ctx);
  const on = today(ctx);
  const plots = await plotsOfFacility(ctx.db.kysely, f.id);
  return {
    facilityId: f.id,
    facilityName: f.name,
    sections: [...new Set(plots.map((p) => p.section))],
    plots: plots.map((p) => ({
      id: p.id,
      section: p.section,
      rowNo: p.rowNo,
      number: p.number,
      kind: p.kind,
      status: p.status,
      termState: termStateOf(cfg, p, on),
    })),
  };
}

/**
 * R-FUN-06: a rural public cemetery serves only the villagers of its village. The buyer's or the
 * deceased's hukou village comes from the people index (a `hukouVillageCode` fact recorded from the hukou
 * register); the clerk cannot type it. No verified village → refused, saying the hukou must be verified.
 */
async function ensureVillager(
  ctx: CoreContext,
  db: Parameters<typeof visibleFacility>[0],
  f: FuneralFacilityRow,
  personIds: string[],
): Promise<void> {
  if (f.kind !== 'rural_public_cemetery') return;
  if (personIds.length === 0) {
    throw new DomainError(
      'invalid',
      'FUNERAL_NOT_A_VILLAGER',
      '农村公益性墓地只向本村村民提供墓位（R-FUN-06）：请选择购墓人或逝者的人员档案以核对户籍所在村',
      { field: 'holderPersonId', reason: 'no_person' },
    );
  }
  const villages = await Promise.all(personIds.map((id) => hukouVillageOf(db, id)));
  if (f.villageCode && villages.includes(f.villageCode)) return;
  const known = villages.filter((v): v is string => v !== null);
  if (known.length === 0) {
    throw new DomainError(
      'invalid',
      'FUNERAL_NOT_A_VILLAGER',
      '人员档案中只有户籍所在县（乡镇），没有经核验的户籍所在村：农村公益性墓地只向本村村民提供墓位（R-FUN-06），请先到户籍登记机关核验户籍并补录后再办理',
      { field: 'holderPersonId', reason: 'village_unverified' },
    );
  }
  throw new DomainError(
    'invalid',
    'FUNERAL_NOT_A_VILLAGER',
    '购墓人和逝者的户籍所在村都不是本墓地所服务的村：农村公益性墓地不得向非本村村民提供墓位（R-FUN-06）',
    { field: 'holderPersonId', reason: 'other_village' },
  );
}

async function existingPerson(db: Parameters<typeof visibleFacility>[0], id: string, field: string) {
  const p = await findIndexedPerson(db, id);
  if (!p) throw new DomainError('not_found', 'NOT_FOUND', '所选人员档案不存在', { field });
  return p;
}

/**
 * Sells or reserves a free plot (both leave it `reserved` until the interment): term within the R-FUN-08
 * limit, area within the limit in force today, rural public cemetery only for villagers (R-FUN-06), no
 * body grave in a cremation zone on the sale date (R-FUN-01).
 */
export async function sellPlot(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: PlotSaleBodyDto,
): Promise<PlotDto> {
  authorize(actor, 'funeral:write');
  const cfg = funeralConfig(ctx);
  const on = today(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const plot = await visiblePlot(trx, actor, id, true);
    const f = await cemeteryForBusiness(trx, actor, plot.facilityId, null);
    if (plot.status !== 'free') {
      throw new DomainError(
        'conflict',
        'FUNERAL_PLOT_NOT_FREE',
        `墓位${plotLabel(plot)}已售出或已安葬，不能再次出售`,
        {
          status: plot.status,
        },
      );
    }
    ensureTermWithinLimit(cfg, body.termYears);
    ensureAreaWithinLimit(cfg, plot.kind, plot.areaDm2 / 100);
    if (BODY_PLOT_KINDS.includes(plot.kind)) ensureNoBodyBurialInCremationZone(cfg, f, on, 'kind');
    const people: string[] = [];
    if (body.holderPersonId)
      people.push((await existingPerson(trx, body.holderPersonId, 'holderPersonId')).id);
    if (body.deceasedPersonId)
      people.push((await existingPerson(trx, body.deceasedPersonId, 'deceasedPersonId')).id);
    await ensureVillager(ctx, trx, f, people);
    const termUntil = addDays(addMonths(body.termFrom, 12 * body.termYears), -1);
    const now = ctx.clock.now().toISOString();
    await updatePlot(trx, plot.id, {
      status: 'reserved',
      termFrom: body.termFrom,
      termUntil,
      holderName: body.holderName,
      holderPhone: body.holderPhone,
      holderPersonId: body.holderPersonId ?? null,
      contractNo: body.contractNo ?? null,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: body.mode === 'reservation' ? 'funeral.plot.reserve' : 'funeral.plot.sell',
      targetType: 'funeral_plot',
      targetId: plot.id,
      divisionCode: plot.divisionCode,
      subjectPersonId: body.deceasedPersonId ?? body.holderPersonId ?? null,
      details: {
        facilityId: f.id,
        plot: plotLabel(plot),
        termFrom: body.termFrom,
        termUntil,
        contractNo: body.contractNo ?? null,
      },
    });
  });
  return getPlotUnaudited(ctx, id);
}

async function getPlotUnaudited(ctx: CoreContext, id: string): Promise<PlotDto> {
  const row = await findPlot(ctx.db.kysely, id);
  const [dto] = await present(ctx, [row!]);
  return dto!;
}

/** People a plot of `kind` takes (single body grave and niche: one; double graves and ash graves: two). */
export function plotCapacity(kind: PlotKind): number {
  return kind === 'single_body_grave' ? 1 : 2;
}

/**
 * Records an interment in a sold plot. With a scanned urn code the funeral case's people record is linked
 * and a case still at `cremated` moves to `buried` (appendCustodyEvent); a body needs a body grave and a
 * cemetery outside the cremation zone on the interment date (R-FUN-01).
 */
export async function interInPlot(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: PlotIntermentBodyDto,
): Promise<PlotDto> {
  authorize(actor, 'funeral:write');
  const cfg = funeralConfig(ctx);
  if (body.interredOn > today(ctx)) {
    throw new DomainError('invalid', 'FUNERAL_DATE_IN_FUTURE', '安葬日期不能晚于今天', {
      field: 'interredOn',
    });
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const plot = await visiblePlot(trx, actor, id, true);
    const f = await cemeteryForBusiness(trx, actor, plot.facilityId, null);
    if (plot.status === 'free') {
      throw new DomainError(
        'conflict',
        'FUNERAL_PLOT_NOT_SOLD',
        `墓位${plotLabel(plot)}尚未出售：请先办理购墓`,
        {
          status: plot.status,
        },
      );
    }
    if (plot.termUntil && plot.termUntil < body.interredOn) {
      throw new DomainError(
        'conflict',
        'FUNERAL_PLOT_TERM_EXPIRED',
        `墓位使用期已于 ${plot.termUntil} 届满：请先办理续期`,
        {
          termUntil: plot.termUntil,
        },
      );
    }
    const already = await intermentsOfPlots(trx, [plot.id]);
    if (already.length >= plotCapacity(plot.kind)) {
      throw new DomainError(
        'conflict',
        'FUNERAL_PLOT_FULL',
        `墓位${plotLabel(plot)}已安葬 ${already.length} 人，不能再安葬`,
      );
    }
    if (body.remains === 'body') {
      if (!BODY_PLOT_KINDS.includes(plot.kind)) {
        throw new DomainError(
          'invalid',
          'FUNERAL_PLOT_KIND_MISMATCH',
          `${PLOT_KIND_LABELS[plot.kind]}只能安葬骨灰`,
          {
            field: 'remains',
          },
        );
      }
      ensureNoBodyBurialInCremationZone(cfg, f, body.interredOn, 'remains');
    }
    let personId: string;
    let caseId: string | null = null;
    const now = ctx.clock.now().toISOString();
    if (body.urnCode) {
      const code = body.urnCode.trim();
      const c = await findFuneralCaseByCode(trx, code);
      const matches = c && (body.remains === 'body' ? c.bodyCode === code : c.urnCode === code);
      if (!c || !matches) {
        throw new DomainError(
          'not_found',
          'FUNERAL_CODE_UNKNOWN',
          body.remains === 'body'
            ? '未找到该遗体条码对应的遗体档案：请重新扫描'
            : '未找到该骨灰盒条码对应的遗体档案：请重新扫描',
          { field: 'urnCode' },
        );
      }
      const locked = (await lockFuneralCase(trx, c.id))!;
      const movable = body.remains === 'body' ? ['in_storage', 'farewell'] : ['cremated'];
      const linkOnly = body.remains === 'ashes' ? ['ashes_released', 'ashes_stored'] : [];
      if (!movable.includes(locked.step) && !linkOnly.includes(locked.step)) {
        throw new DomainError(
          'conflict',
          'FUNERAL_CASE_STEP',
          body.remains === 'body' ? '该遗体当前环节不能安葬' : '该遗体尚未火化或已安葬，不能办理骨灰安葬',
          { step: locked.step },
        );
      }
      if (body.remains === 'body' && locked.deathDate) {
        const zone = cremationZoneOf(cfg, locked.deathDivisionCode, locked.deathDate);
        if (zone.zone === 'cremation') {
          throw new DomainError(
            'invalid',
            'FUNERAL_BURIAL_IN_CREMATION_ZONE',
            '逝者死亡地在死亡之日属于火葬区（R-FUN-01）：遗体应当火化，不得土葬',
            { field: 'remains' },
          );
        }
      }
      personId = locked.personId;
      caseId = locked.id;
      if (movable.includes(locked.step)) {
        await appendCustodyEvent(trx, {
          caseId: locked.id,
          step: 'buried',
          at: now,
          actor: actor.username,
          code,
          place: `${f.name} ${plotLabel(plot)}`,
          note: null,
        });
      }
    } else {
      personId = (await existingPerson(trx, body.personId!, 'personId')).id;
    }
    if (await intermentOfPerson(trx, personId)) {
      throw new DomainError('conflict', 'FUNERAL_ALREADY_INTERRED', '该逝者已有安葬记录（一人一墓）', {
        field: 'urnCode',
      });
    }
    await insertInterment(trx, {
      id: newId(),
      plotId: plot.id,
      personId,
      caseId,
      remains: body.remains,
      interredOn: body.interredOn,
      recordedBy: actor.username,
      recordedAt: now,
    });
    await updatePlot(trx, plot.id, { status: 'occupied', updatedAt: now });
    await audit(ctx, trx, actor, {
      action: 'funeral.plot.inter',
      targetType: 'funeral_plot',
      targetId: plot.id,
      divisionCode: plot.divisionCode,
      subjectPersonId: personId,
      details: {
        facilityId: f.id,
        plot: plotLabel(plot),
        caseId,
        remains: body.remains,
        interredOn: body.interredOn,
      },
    });
  });
  return getPlotUnaudited(ctx, id);
}

/**
 * Renews a sold plot's term by `years`: the term after renewal may not reach further than the R-FUN-08
 * term limit from today (each period at most `graveLimits.termYears`).
 */
export async function renewPlot(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: PlotRenewalBodyDto,
): Promise<PlotDto> {
  authorize(actor, 'funeral:write');
  const cfg = funeralConfig(ctx);
  const on = today(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const plot = await visiblePlot(trx, actor, id, true);
    await cemeteryForBusiness(trx, actor, plot.facilityId, null);
    if (plot.status === 'free' || !plot.termUntil) {
      throw new DomainError('conflict', 'FUNERAL_PLOT_NOT_SOLD', '空闲墓位无需续期');
    }
    ensureTermWithinLimit(cfg, body.years, 'years');
    const until = addMonths(plot.termUntil as PlainDate, 12 * body.years);
    const limit = addDays(addMonths(on, 12 * cfg.graveLimits.termYears), -1);
    if (until > limit) {
      throw new DomainError(
        'invalid',
        'FUNERAL_TERM_TOO_LONG',
        `续期后使用期止于 ${until}，超过自今日起 ${cfg.graveLimits.termYears} 年的限额（至 ${limit}，R-FUN-08）：请减少续期年数`,
        { field: 'years', limit },
      );
    }
    const now = ctx.clock.now().toISOString();
    await updatePlot(trx, plot.id, { termUntil: until, updatedAt: now });
    await audit(ctx, trx, actor, {
      action: 'funeral.plot.renew',
      targetType: 'funeral_plot',
      targetId: plot.id,
      divisionCode: plot.divisionCode,
      details: { plot: plotLabel(plot), from: plot.termUntil, until, years: body.years },
    });
  });
  return getPlotUnaudited(ctx, id);
}

// ----- eco burials -----

/** The eco-burial award in force in `divisionCode` on `on` (longest prefix, latest `from`), or none. */
export function ecoBurialAwardOf(
  config: FuneralConfig,
  divisionCode: string,
  on: string,
): { amountFen: number; basis: string } | null {
  let best: FuneralConfig['ecoBurialAwards'][number] | null = null;
  for (const a of config.ecoBurialAwards) {
    if (!divisionCode.startsWith(a.divisionCode) || a.from > on) continue;
    if (
      !best ||
      a.divisionCode.length > best.divisionCode.length ||
      (a.divisionCode.length === best.divisionCode.length && a.from > best.from)
    ) {
      best = a;
    }
  }
  return best ? { amountFen: best.amountFen, basis: best.basis } : null;
}

function presentEco(r: EcoBurialRow): EcoBurialDto {
  return {
    id: r.id,
    personId: r.personId,
    deceasedName: r.deceasedName,
    caseId: r.caseId,
    facilityId: r.facilityId,
    facilityName: r.facilityName,
    divisionCode: r.divisionCode,
    kind: r.kind,
    buriedOn: r.buriedOn,
    place: r.place,
    awardFen: r.awardFen,
    awardBasis: r.awardBasis,
    awardStatus: r.awardStatus,
    paidOn: r.paidOn,
  };
}

/**
 * Records an eco burial (树葬、花坛葬、草坪葬、海葬、深埋不留坟头) of a deceased person (one per person)
 * with its award from configuration: the burial's division (the cemetery's, or the one given) and the
 * burial date decide the amount.
 */
export async function recordEcoBurial(
  ctx: CoreContext,
  actor: Actor,
  body: EcoBurialBodyDto,
): Promise<EcoBurialDto> {
  authorize(actor, 'funeral:write');
  if (body.buriedOn > today(ctx)) {
    throw new DomainError('invalid', 'FUNERAL_DATE_IN_FUTURE', '安葬日期不能晚于今天', { field: 'buriedOn' });
  }
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    let divisionCode: string;
    let facilityId: string | null = null;
    if (body.facilityId) {
      const f = await cemeteryForBusiness(trx, actor, body.facilityId, null);
      divisionCode = f.divisionCode;
      facilityId = f.id;
    } else {
      if (!body.divisionCode) {
        throw new DomainError(
          'invalid',
          'FUNERAL_DIVISION_REQUIRED',
          '未在公墓内安葬的，请选择安葬地所在区划',
          {
            field: 'divisionCode',
          },
        );
      }
      ensureDivisionInScope(actor, body.divisionCode);
      if (actor.institutionId) {
        throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '机构账号只能登记本机构的生态安葬', {
          field: 'divisionCode',
        });
      }
      divisionCode = body.divisionCode;
    }
    const person = await existingPerson(trx, body.personId, 'personId');
    if (body.caseId) {
      const c = await visibleFuneralCase(trx, actor, body.caseId);
      if (c.personId !== person.id) {
        throw new DomainError('invalid', 'FUNERAL_CASE_PERSON_MISMATCH', '所选遗体档案与逝者人员档案不一致', {
          field: 'caseId',
        });
      }
    }
    if (await ecoBurialOfPerson(trx, person.id)) {
      throw new DomainError('conflict', 'FUNERAL_ECO_BURIAL_EXISTS', '该逝者已登记生态安葬', {
        field: 'personId',
      });
    }
    const award = ecoBurialAwardOf(funeralConfig(ctx), divisionCode, body.buriedOn);
    const now = ctx.clock.now().toISOString();
    await insertEcoBurial(trx, {
      id,
      personId: person.id,
      deceasedName: person.name,
      caseId: body.caseId ?? null,
      facilityId,
      divisionCode,
      kind: body.kind,
      buriedOn: body.buriedOn,
      place: body.place,
      awardFen: award?.amountFen ?? 0,
      awardBasis: award?.basis ?? '本地未设生态安葬奖补',
      awardStatus: award && award.amountFen > 0 ? 'pending' : 'none',
      paidOn: null,
      recordedBy: actor.username,
      createdAt: now,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.eco_burial.record',
      targetType: 'funeral_eco_burial',
      targetId: id,
      divisionCode,
      subjectPersonId: person.id,
      details: {
        kind: body.kind,
        buriedOn: body.buriedOn,
        awardFen: award?.amountFen ?? 0,
        caseId: body.caseId ?? null,
      },
    });
  });
  return presentEco((await findEcoBurial(ctx.db.kysely, id))!);
}

async function ecoFilter(ctx: CoreContext, actor: Actor, q: EcoBurialsQueryDto) {
  authorize(actor, 'funeral:read');
  const scope = scopeFilterFor(actor, q.division);
  if (q.facilityId) await visibleFacility(ctx.db.kysely, actor, q.facilityId);
  return {
    scope,
    facilityId: q.facilityId,
    kind: q.kind,
    awardStatus: q.awardStatus,
    from: q.from,
    to: q.to,
  };
}

export async function listEcoBurials(
  ctx: CoreContext,
  actor: Actor,
  q: EcoBurialsQueryDto & { page: number; pageSize: number },
): Promise<{ items: EcoBurialDto[]; total: number; page: number; pageSize: number }> {
  const f = await ecoFilter(ctx, actor, q);
  const s = parseSort(q.sort);
  const { rows, total } = await listEcoBurialRows(ctx.db.kysely, f, {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    sort: s?.field ?? 'buriedOn',
    desc: s ? s.desc : true,
  });
  await ctx.readAudit.record(actor, {
    action: 'funeral.eco_burial.list',
    targetType: 'funeral_eco_burial',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter({ ...q }), rows: total },
  });
  return { items: rows.map(presentEco), total, page: q.page, pageSize: q.pageSize };
}

export async function exportEcoBurials(
  ctx: CoreContext,
  actor: Actor,
  q: EcoBurialsQueryDto,
): Promise<AsyncIterable<EcoBurialDto>> {
  const f = await ecoFilter(ctx, actor, q);
  const s = parseSort(q.sort);
  const { rows, total } = await listEcoBurialRows(ctx.db.kysely, f, {
    offset: 0,
    limit: 100_000,
    sort: s?.field ?? 'buriedOn',
    desc: s ? s.desc : true,
  });
  await ctx.readAudit.record(actor, {
    action: 'funeral.eco_burial.export',
    targetType: 'funeral_eco_burial',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter({ ...q }), rows: total },
  });
  return (async function* () {
    for (const r of rows) yield presentEco(r);
  })();
}

/** Marks an eco-burial award paid (only a pending one). */
export async function payEcoBurialAward(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: { paidOn: string },
): Promise<EcoBurialDto> {
  authorize(actor, 'funeral:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await findEcoBurial(trx, id);
    if (!row) throw new DomainError('not_found', 'NOT_FOUND', '生态安葬记录不存在或不在您的管辖范围内');
    ensureVisible(actor, { divisionCode: row.divisionCode, institutionId: row.facilityId }, '生态安葬记录');
    if (body.paidOn < row.buriedOn || body.paidOn > today(ctx)) {
      throw new DomainError('invalid', 'FUNERAL_PAID_ON_INVALID', '发放日期应在安葬日期之后、今天之前', {
        field: 'paidOn',
      });
    }
    if ((await markEcoAwardPaid(trx, id, body.paidOn, ctx.clock.now().toISOString())) === 0) {
      throw new DomainError('conflict', 'FUNERAL_AWARD_NOT_PENDING', '该记录没有待发放的奖补');
    }
    await audit(ctx, trx, actor, {
      action: 'funeral.eco_burial.pay',
      targetType: 'funeral_eco_burial',
      targetId: id,
      divisionCode: row.divisionCode,
      subjectPersonId: row.personId,
      details: { awardFen: row.awardFen, paidOn: body.paidOn },
    });
  });
  return presentEco((await findEcoBurial(ctx.db.kysely, id))!);
}
