/**
 * Rescue stations (救助管理站) and their dormitories (宿舍). A station is an institution of kind
 * `rescue_station` in the platform registry (ADR 0009) with a profile here (same id): address, hotline and
 * its 24-hour / 114 registration (R-RES-14), capacity by sex; dormitories are of one sex (R-RES-04).
 * Managing needs `rescue:manage`; reading `rescue:read` (station staff see their own station only).
 */
import { DomainError, newId } from '@social-affairs/kernel';
import type {
  EditRescueDormitoryBody,
  EditRescueStationBody,
  NewRescueDormitoryBody,
  NewRescueStationBody,
  RescueDormitoryView,
  RescueStationDetailView,
  RescueStationsQuery,
  RescueStationView,
} from '@social-affairs/kernel/contracts/rescue';
import {
  authorize,
  countyCodeOf,
  createInstitutionInTransaction,
  scopeDivisionName,
  scopeFilterFor,
  type Actor,
} from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import type { RescueStationRow } from './cases.repository';
import { visibleStation } from './cases.access';
import {
  dormitoryOccupancy,
  findDormitory,
  findDormitoryByName,
  insertDormitory,
  insertStation,
  listDormitoryRows,
  listStationRows,
  stationOccupancy,
  updateDormitory,
  updateStationIfVersion,
  type RescueDormitoryRow,
} from './stations.repository';

function presentStation(r: RescueStationRow, occ?: { male: number; female: number }): RescueStationView {
  return {
    id: r.id,
    name: r.name,
    divisionCode: r.divisionCode,
    divisionName: scopeDivisionName(r.divisionCode),
    address: r.address,
    hotline: r.hotline,
    receptionAllDay: r.receptionAllDay === 1,
    hotlineAllDay: r.hotlineAllDay === 1,
    hotlineInDirectory: r.hotlineInDirectory === 1,
    capacityMale: r.capacityMale,
    capacityFemale: r.capacityFemale,
    occupancy: occ ?? { male: 0, female: 0 },
    status: r.status,
    version: r.version,
    updatedAt: r.updatedAt,
  };
}

function presentDormitory(r: RescueDormitoryRow, occupied: number): RescueDormitoryView {
  return {
    id: r.id,
    stationId: r.stationId,
    name: r.name,
    sex: r.sex,
    beds: r.beds,
    occupied,
    status: r.status,
  };
}

const stationTaken = () =>
  new DomainError('conflict', 'RESCUE_STATION_NAME_TAKEN', '该区划内已有同名机构，请修改站名', {
    field: 'name',
  });

/**
 * Registers a station: the institution (kind rescue_station) and its profile in one transaction, so a
 * refused profile leaves no institution behind. The institution is written by the platform's
 * `createInstitutionInTransaction` (same checks as `createInstitution`, authorised by `rescue:manage`),
 * audited as both `institution.create` and `rescue.station.create`.
 */
export async function createRescueStation(
  ctx: CoreContext,
  actor: Actor,
  input: NewRescueStationBody,
): Promise<RescueStationView> {
  authorize(actor, 'rescue:manage');
  const now = ctx.clock.now().toISOString();
  let row: RescueStationRow | undefined;
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const inst = await createInstitutionInTransaction(
        ctx,
        trx,
        actor,
        { kind: 'rescue_station', name: input.name, divisionCode: input.divisionCode },
        { permission: 'rescue:manage' },
      );
      row = {
        id: inst.id,
        name: inst.name,
        divisionCode: inst.divisionCode,
        address: input.address,
        hotline: input.hotline,
        receptionAllDay: input.receptionAllDay ? 1 : 0,
        hotlineAllDay: input.hotlineAllDay ? 1 : 0,
        hotlineInDirectory: input.hotlineInDirectory ? 1 : 0,
        capacityMale: input.capacityMale,
        capacityFemale: input.capacityFemale,
        status: 'active',
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await insertStation(trx, row);
      await audit(ctx, trx, actor, {
        action: 'rescue.station.create',
        targetType: 'rescue_station',
        targetId: row.id,
        divisionCode: countyCodeOf(row.divisionCode),
        details: {
          name: row.name,
          capacityMale: row.capacityMale,
          capacityFemale: row.capacityFemale,
          hotline: row.hotline,
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw stationTaken();
    if (err instanceof DomainError && err.code === 'INSTITUTION_NAME_TAKEN') throw stationTaken();
    throw err;
  }
  return presentStation(row!);
}

/** Edits the profile; refused with 409 `RESCUE_VERSION_CONFLICT` when someone changed it since `version`. */
export async function updateRescueStation(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: EditRescueStationBody,
): Promise<RescueStationDetailView> {
  authorize(actor, 'rescue:manage');
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await visibleStation(trx, actor, id);
    const set = {
      name: input.name.trim(),
      address: input.address,
      hotline: input.hotline,
      receptionAllDay: input.receptionAllDay ? 1 : 0,
      hotlineAllDay: input.hotlineAllDay ? 1 : 0,
      hotlineInDirectory: input.hotlineInDirectory ? 1 : 0,
      capacityMale: input.capacityMale,
      capacityFemale: input.capacityFemale,
      status: input.status,
      updatedAt: now,
    };
    if (!(await updateStationIfVersion(trx, id, input.version, set))) throw versionConflict();
    const changed = Object.fromEntries(
      Object.entries(set).filter(([k, v]) => k !== 'updatedAt' && before[k as keyof RescueStationRow] !== v),
    );
    await audit(ctx, trx, actor, {
      action: 'rescue.station.update',
      targetType: 'rescue_station',
      targetId: id,
      divisionCode: countyCodeOf(before.divisionCode),
      details: { changed },
    });
  });
  return getRescueStation(ctx, actor, id);
}

export function versionConflict(): DomainError {
  return new DomainError('conflict', 'RESCUE_VERSION_CONFLICT', '该记录已被他人修改，请刷新后再保存', {});
}

/** Stations inside the actor's scope (station staff: their own), with occupancy by sex. */
export async function listRescueStations(
  ctx: CoreContext,
  actor: Actor,
  q: RescueStationsQuery = {},
): Promise<RescueStationView[]> {
  authorize(actor, 'rescue:read');
  const scope = scopeFilterFor(actor, q.division);
  const rows = await listStationRows(ctx.db.kysely, {
    scope,
    ...(q.q ? { q: q.q } : {}),
    ...(q.status ? { status: q.status } : {}),
  });
  const occ = await stationOccupancy(
    ctx.db.kysely,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentStation(r, occ.get(r.id)));
}

/** One station with its dormitories and their occupancy. */
export async function getRescueStation(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<RescueStationDetailView> {
  authorize(actor, 'rescue:read');
  const row = await visibleStation(ctx.db.kysely, actor, id);
  const occ = await stationOccupancy(ctx.db.kysely, [id]);
  return { ...presentStation(row, occ.get(id)), dormitories: await listDormitories(ctx, actor, id) };
}

/** The station's dormitories with the people assigned to each. */
export async function listDormitories(
  ctx: CoreContext,
  actor: Actor,
  stationId: string,
): Promise<RescueDormitoryView[]> {
  authorize(actor, 'rescue:read');
  await visibleStation(ctx.db.kysely, actor, stationId);
  const [rows, occ] = await Promise.all([
    listDormitoryRows(ctx.db.kysely, stationId),
    dormitoryOccupancy(ctx.db.kysely, stationId),
  ]);
  return rows.map((r) => presentDormitory(r, occ.get(r.id) ?? 0));
}

const dormTaken = () =>
  new DomainError('conflict', 'RESCUE_DORMITORY_NAME_TAKEN', '本站已有同名宿舍，请修改名称', {
    field: 'name',
  });

export async function addDormitory(
  ctx: CoreContext,
  actor: Actor,
  stationId: string,
  input: NewRescueDormitoryBody,
): Promise<RescueDormitoryView> {
  authorize(actor, 'rescue:manage');
  const now = ctx.clock.now().toISOString();
  const row: RescueDormitoryRow = {
    id: newId(),
    stationId,
    name: input.name.trim(),
    sex: input.sex,
    beds: input.beds,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const station = await visibleStation(trx, actor, stationId);
      if (await findDormitoryByName(trx, stationId, row.name)) throw dormTaken();
      await insertDormitory(trx, row);
      await audit(ctx, trx, actor, {
        action: 'rescue.dormitory.create',
        targetType: 'rescue_station',
        targetId: stationId,
        divisionCode: countyCodeOf(station.divisionCode),
        details: { dormitoryId: row.id, name: row.name, sex: row.sex, beds: row.beds },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw dormTaken();
    throw err;
  }
  return presentDormitory(row, 0);
}

/**
 * Renames, resizes or closes/reopens a dormitory. The sex of a dormitory never changes (R-RES-04: people
 * are assigned by it); fewer beds than people assigned, or closing one with people in it, is refused (409).
 */
export async function updateDormitoryOf(
  ctx: CoreContext,
  actor: Actor,
  dormitoryId: string,
  input: EditRescueDormitoryBody,
): Promise<RescueDormitoryView> {
  authorize(actor, 'rescue:manage');
  const now = ctx.clock.now().toISOString();
  let occupied = 0;
  let after: RescueDormitoryRow | undefined;
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const dorm = await findDormitory(trx, dormitoryId);
      if (!dorm) throw new DomainError('not_found', 'NOT_FOUND', '宿舍不存在或不在您的管辖范围内');
      const station = await visibleStation(trx, actor, dorm.stationId).catch(() => {
        throw new DomainError('not_found', 'NOT_FOUND', '宿舍不存在或不在您的管辖范围内');
      });
      occupied = (await dormitoryOccupancy(trx, dorm.stationId)).get(dorm.id) ?? 0;
      if (input.status === 'closed' && occupied > 0) {
        throw new DomainError(
          'conflict',
          'RESCUE_DORMITORY_OCCUPIED',
          `${dorm.name}还住有 ${occupied} 人，请先调整住宿后再停用`,
          { field: 'status', occupied },
        );
      }
      if (input.beds < occupied) {
        throw new DomainError(
          'conflict',
          'RESCUE_DORMITORY_OCCUPIED',
          `${dorm.name}现住 ${occupied} 人，床位数不能少于现住人数`,
          { field: 'beds', occupied },
        );
      }
      const name = input.name.trim();
      if (name !== dorm.name && (await findDormitoryByName(trx, dorm.stationId, name))) throw dormTaken();
      await updateDormitory(trx, dorm.id, { name, beds: input.beds, status: input.status, updatedAt: now });
      after = { ...dorm, name, beds: input.beds, status: input.status, updatedAt: now };
      await audit(ctx, trx, actor, {
        action:
          input.status === 'closed' && dorm.status !== 'closed'
            ? 'rescue.dormitory.close'
            : 'rescue.dormitory.update',
        targetType: 'rescue_station',
        targetId: dorm.stationId,
        divisionCode: countyCodeOf(station.divisionCode),
        details: {
          dormitoryId: dorm.id,
          before: { name: dorm.name, beds: dorm.beds, status: dorm.status },
          after: { name, beds: input.beds, status: input.status },
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw dormTaken();
    throw err;
  }
  return presentDormitory(after!, occupied);
}
