/** SQL of the cemeteries concern: plots, interments, eco burials (remediation: remediation.repository.ts). */
import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import { whereInScope, type ScopeFilter } from '../access/index';
import type { Executor } from '../db/index';
import type {
  FuneralEcoBurialsTable,
  FuneralPlotIntermentsTable,
  FuneralPlotsTable,
} from './cemeteries.table';
import type { EcoBurialKind, PlotKind, PlotStatus } from '@social-affairs/kernel/contracts/funeral';

export type PlotRow = Selectable<FuneralPlotsTable>;
export type PlotListRow = PlotRow & { facilityName: string };
export type PlotIntermentRow = Selectable<FuneralPlotIntermentsTable> & { name: string };
export type EcoBurialRow = Selectable<FuneralEcoBurialsTable> & { facilityName: string | null };

const CEMETERY_KINDS = [
  'cemetery_commercial',
  'cemetery_public_benefit',
  'rural_public_cemetery',
  'columbarium',
] as const;

/** Cemeteries (and columbaria) in scope, with plot counts by status and term on `today`. */
export async function cemeteriesInScope(
  db: Executor,
  scope: ScopeFilter,
  today: string,
  expiringUntil: string,
) {
  const facilities = await db
    .selectFrom('funeralFacilities')
    .selectAll()
    .where('kind', 'in', [...CEMETERY_KINDS])
    .where((eb) => whereInScope(eb, scope, { division: 'divisionCode', institution: 'id' }))
    .orderBy('divisionCode')
    .orderBy('name')
    .execute();
  if (facilities.length === 0) return [];
  const counts = await db
    .selectFrom('funeralPlots')
    .select((eb) => [
      'facilityId',
      eb.fn.countAll<number>().as('plots'),
      sql<number>`sum(case when status = 'free' then 1 else 0 end)`.as('free'),
      sql<number>`sum(case when status = 'reserved' then 1 else 0 end)`.as('reserved'),
      sql<number>`sum(case when status = 'occupied' then 1 else 0 end)`.as('occupied'),
      sql<number>`sum(case when status <> 'free' and term_until >= ${today} and term_until <= ${expiringUntil} then 1 else 0 end)`.as(
        'expiring',
      ),
      sql<number>`sum(case when status <> 'free' and term_until < ${today} then 1 else 0 end)`.as('expired'),
    ])
    .where(
      'facilityId',
      'in',
      facilities.map((f) => f.id),
    )
    .groupBy('facilityId')
    .execute();
  const byId = new Map(counts.map((c) => [c.facilityId, c]));
  return facilities.map((f) => {
    const c = byId.get(f.id);
    return {
      facility: f,
      plots: Number(c?.plots ?? 0),
      free: Number(c?.free ?? 0),
      reserved: Number(c?.reserved ?? 0),
      occupied: Number(c?.occupied ?? 0),
      expiring: Number(c?.expiring ?? 0),
      expired: Number(c?.expired ?? 0),
    };
  });
}

export async function insertPlots(db: Executor, rows: Insertable<FuneralPlotsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('funeralPlots')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/** Existing plots of a facility among the given section/row/number block (the bulk create refuses them). */
export async function existingPlotsInBlock(
  db: Executor,
  facilityId: string,
  section: string,
  rows: [number, number],
  numbers: [number, number],
): Promise<number> {
  const r = await db
    .selectFrom('funeralPlots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('facilityId', '=', facilityId)
    .where('section', '=', section)
    .where('rowNo', '>=', rows[0])
    .where('rowNo', '<=', rows[1])
    .where('number', '>=', numbers[0])
    .where('number', '<=', numbers[1])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findPlot(db: Executor, id: string): Promise<PlotListRow | undefined> {
  return db
    .selectFrom('funeralPlots as p')
    .innerJoin('funeralFacilities as f', 'f.id', 'p.facilityId')
    .selectAll('p')
    .select('f.name as facilityName')
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** Bumps the plot's version inside a write transaction (serialises two writers on one plot). */
export async function lockPlot(db: Executor, id: string): Promise<PlotListRow | undefined> {
  const r = await db
    .updateTable('funeralPlots')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return findPlot(db, id);
}

export async function updatePlot(
  db: Executor,
  id: string,
  set: Partial<Omit<FuneralPlotsTable, 'id' | 'facilityId' | 'version'>>,
): Promise<void> {
  await db.updateTable('funeralPlots').set(set).where('id', '=', id).execute();
}

export interface PlotFilter {
  scope: ScopeFilter;
  facilityId?: string | undefined;
  section?: string | undefined;
  status?: PlotStatus | undefined;
  kind?: PlotKind | undefined;
  termState?: 'expiring' | 'expired' | undefined;
  today: string;
  expiringUntil: string;
  q?: string | undefined;
}

const PLOT_SORTS = {
  termUntil: ['p.termUntil'],
  status: ['p.status'],
  areaM2: ['p.areaDm2'],
  label: ['p.section', 'p.rowNo', 'p.number'],
} as const;
export type PlotSort = keyof typeof PLOT_SORTS;

function filteredPlots(db: Executor, f: PlotFilter) {
  let q = db
    .selectFrom('funeralPlots as p')
    .innerJoin('funeralFacilities as f', 'f.id', 'p.facilityId')
    .selectAll('p')
    .select('f.name as facilityName')
    .where((eb) => whereInScope(eb, f.scope, { division: 'p.divisionCode', institution: 'p.facilityId' }));
  if (f.facilityId) q = q.where('p.facilityId', '=', f.facilityId);
  if (f.section) q = q.where('p.section', '=', f.section);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.kind) q = q.where('p.kind', '=', f.kind);
  if (f.termState === 'expiring') {
    q = q
      .where('p.status', '<>', 'free')
      .where('p.termUntil', '>=', f.today)
      .where('p.termUntil', '<=', f.expiringUntil);
  } else if (f.termState === 'expired') {
    q = q.where('p.status', '<>', 'free').where('p.termUntil', '<', f.today);
  }
  const term = f.q?.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('p.holderName', 'like', like), eb('p.contractNo', 'like', like), eb('p.section', '=', term)]),
    );
  }
  return q;
}

export async function listPlotRows(
  db: Executor,
  f: PlotFilter,
  page: { offset: number; limit: number; sort: PlotSort; desc: boolean },
): Promise<{ rows: PlotListRow[]; total: number }> {
  const count = await filteredPlots(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let q = filteredPlots(db, f);
  for (const col of PLOT_SORTS[page.sort]) q = q.orderBy(col, page.desc ? 'desc' : 'asc');
  const rows = await q.orderBy('p.id').offset(page.offset).limit(page.limit).execute();
  return { rows, total: Number(count.n) };
}

/** Every plot of a cemetery for the status map (small columns only). */
export function plotsOfFacility(db: Executor, facilityId: string) {
  return db
    .selectFrom('funeralPlots')
    .select(['id', 'section', 'rowNo', 'number', 'kind', 'status', 'termUntil'])
    .where('facilityId', '=', facilityId)
    .orderBy('section')
    .orderBy('rowNo')
    .orderBy('number')
    .execute();
}

export async function intermentsOfPlots(
  db: Executor,
  plotIds: readonly string[],
): Promise<PlotIntermentRow[]> {
  if (plotIds.length === 0) return [];
  return db
    .selectFrom('funeralPlotInterments as i')
    .innerJoin('people as pe', 'pe.id', 'i.personId')
    .selectAll('i')
    .select('pe.name as name')
    .where('i.plotId', 'in', [...plotIds])
    .orderBy('i.interredOn')
    .orderBy('i.id')
    .execute();
}

export function intermentOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('funeralPlotInterments')
    .selectAll()
    .where('personId', '=', personId)
    .executeTakeFirst();
}

export async function insertInterment(
  db: Executor,
  row: Insertable<FuneralPlotIntermentsTable>,
): Promise<void> {
  await db.insertInto('funeralPlotInterments').values(row).execute();
}

/** The latest `hukouVillageCode` fact of a person (a verified hukou village, 12 digits), if any. */
export async function hukouVillageOf(db: Executor, personId: string): Promise<string | null> {
  const r = await db
    .selectFrom('personFacts')
    .select('value')
    .where('personId', '=', personId)
    .where('field', '=', 'hukouVillageCode')
    .orderBy('recordedAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r?.value ?? null;
}

// ----- eco burials -----

export async function insertEcoBurial(db: Executor, row: Insertable<FuneralEcoBurialsTable>): Promise<void> {
  await db.insertInto('funeralEcoBurials').values(row).execute();
}

export function findEcoBurial(db: Executor, id: string): Promise<EcoBurialRow | undefined> {
  return db
    .selectFrom('funeralEcoBurials as e')
    .leftJoin('funeralFacilities as f', 'f.id', 'e.facilityId')
    .selectAll('e')
    .select('f.name as facilityName')
    .where('e.id', '=', id)
    .executeTakeFirst();
}

export function ecoBurialOfPerson(db: Executor, personId: string) {
  return db.selectFrom('funeralEcoBurials').select('id').where('personId', '=', personId).executeTakeFirst();
}

export interface EcoBurialFilter {
  scope: ScopeFilter;
  facilityId?: string | undefined;
  kind?: EcoBurialKind | undefined;
  awardStatus?: 'pending' | 'paid' | 'none' | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function filteredEcoBurials(db: Executor, f: EcoBurialFilter) {
  let q = db
    .selectFrom('funeralEcoBurials as e')
    .leftJoin('funeralFacilities as f', 'f.id', 'e.facilityId')
    .selectAll('e')
    .select('f.name as facilityName')
    .where((eb) => whereInScope(eb, f.scope, { division: 'e.divisionCode', institution: 'e.facilityId' }));
  if (f.facilityId) q = q.where('e.facilityId', '=', f.facilityId);
  if (f.kind) q = q.where('e.kind', '=', f.kind);
  if (f.awardStatus) q = q.where('e.awardStatus', '=', f.awardStatus);
  if (f.from) q = q.where('e.buriedOn', '>=', f.from);
  if (f.to) q = q.where('e.buriedOn', '<=', f.to);
  return q;
}

export async function listEcoBurialRows(
  db: Executor,
  f: EcoBurialFilter,
  page: { offset: number; limit: number; sort: 'buriedOn' | 'awardFen'; desc: boolean },
): Promise<{ rows: EcoBurialRow[]; total: number }> {
  const count = await filteredEcoBurials(db, f)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filteredEcoBurials(db, f)
    .orderBy(page.sort === 'awardFen' ? 'e.awardFen' : 'e.buriedOn', page.desc ? 'desc' : 'asc')
    .orderBy('e.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { rows, total: Number(count.n) };
}

export async function markEcoAwardPaid(
  db: Executor,
  id: string,
  paidOn: string,
  at: string,
): Promise<number> {
  const r = await db
    .updateTable('funeralEcoBurials')
    .set({ awardStatus: 'paid', paidOn, updatedAt: at })
    .where('id', '=', id)
    .where('awardStatus', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
