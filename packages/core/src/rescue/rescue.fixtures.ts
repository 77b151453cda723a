/**
 * Test fixtures of the rescue line, for every concern's tests and for other packages
 * (`@social-affairs/core/rescue/testing`). They write rows directly so that a concern's tests do not
 * depend on another concern's service (a case is created here without the intake service's checks).
 */
import {
  composeResidentId,
  newId,
  parsePlainDate,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  createInstitution,
  createUser,
  systemActor,
  userActor,
  type Actor,
  type Role,
} from '../access/index';
import type { CoreContext } from '../context';
import { createPerson } from '../people/index';
import { TEST_PASSWORD, aUser } from '../testing/index';
import type { RescueCasesTable, RescueSex } from './rescue.table';

export interface RescueStationFixture {
  /** Station id (= its institution id). */
  id: string;
  name: string;
  divisionCode: string;
  /** A rescue_staff account bound to the station (institution scope). */
  staff: Actor;
  /** A county-level rescue_staff account of the station's county (no institution). */
  countyStaff: Actor;
  /** Dormitories: one male, one female. */
  maleDormitoryId: string;
  femaleDormitoryId: string;
}

let stationCounter = 0;
let accountCounter = 0;

/** An account of `role` bound to the institution `institutionId` (division: the institution's). */
export async function anInstitutionUser(
  ctx: CoreContext,
  role: Role,
  divisionCode: string,
  institutionId: string,
): Promise<Actor> {
  const username = `rescue${++accountCounter}${newId().slice(0, 6)}`;
  const u = await createUser(ctx, systemActor('test', '000000'), {
    username,
    displayName: `救助站测试用户${accountCounter}`,
    role,
    divisionCode,
    institutionId,
    password: TEST_PASSWORD,
  });
  return userActor(ctx.access, { ...u, role: u.role });
}

/** A rescue station (institution + profile + two dormitories) in `county` (default 芙蓉区 430102). */
export async function aRescueStation(
  ctx: CoreContext,
  opts: { county?: string; name?: string; capacityMale?: number; capacityFemale?: number } = {},
): Promise<RescueStationFixture> {
  const county = opts.county ?? '430102';
  const n = ++stationCounter;
  const name = opts.name ?? `测试救助管理站${n}`;
  const inst = await createInstitution(ctx, systemActor('test', '000000'), {
    kind: 'rescue_station',
    name: `${name}（${newId().slice(0, 4)}）`,
    divisionCode: county,
  });
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely
    .insertInto('rescueStations')
    .values({
      id: inst.id,
      name: inst.name,
      divisionCode: county,
      address: '测试路1号',
      hotline: '0731-12345',
      receptionAllDay: 1,
      hotlineAllDay: 1,
      hotlineInDirectory: 1,
      capacityMale: opts.capacityMale ?? 40,
      capacityFemale: opts.capacityFemale ?? 20,
      status: 'active',
      createdAt: now,
      updatedAt: now,
      version: 1,
    })
    .execute();
  const dorm = async (sex: RescueSex, dormName: string): Promise<string> => {
    const id = newId();
    await ctx.db.kysely
      .insertInto('rescueDormitories')
      .values({
        id,
        stationId: inst.id,
        name: dormName,
        sex,
        beds: 10,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    return id;
  };
  return {
    id: inst.id,
    name: inst.name,
    divisionCode: county,
    staff: await anInstitutionUser(ctx, 'rescue_staff', county, inst.id),
    countyStaff: (await aUser(ctx, { role: 'rescue_staff', divisionCode: county })).actor,
    maleDormitoryId: await dorm('male', '男宿舍一'),
    femaleDormitoryId: await dorm('female', '女宿舍一'),
  };
}

let caseCounter = 0;
let residentSeq = 0;

export interface RescueCaseFixtureOptions {
  sex?: RescueSex;
  /** Known birth date (identified people); omit for an unidentified person with `estimatedAge`. */
  birthDate?: string | null;
  estimatedAge?: number | null;
  identityStatus?: RescueCasesTable['identityStatus'];
  name?: string;
  /** Entry instant (default: the clock's now). */
  enteredAt?: string;
  mentalSigns?: boolean;
  civilCapacity?: RescueCasesTable['civilCapacity'];
  status?: RescueCasesTable['status'];
}

/**
 * A case at `station`, written directly (no intake checks): a people-index record (with a valid synthetic
 * resident id when identified, none when not) and the case row. Returns the case row's id and person id.
 */
export async function aRescueCase(
  ctx: CoreContext,
  station: RescueStationFixture,
  opts: RescueCaseFixtureOptions = {},
): Promise<{ id: string; personId: string; caseNo: string; entryDate: PlainDate }> {
  const sex = opts.sex ?? 'male';
  const identity = opts.identityStatus ?? (opts.birthDate ? 'identified' : 'unidentified');
  const enteredAt = opts.enteredAt ?? ctx.clock.now().toISOString();
  const entryDate = todayPlainDate(ctx.config.timeZone, new Date(enteredAt));
  const birth = opts.birthDate ? parsePlainDate(opts.birthDate) : null;
  const seq = ((residentSeq++ % 499) * 2 + (sex === 'male' ? 1 : 0)) % 1000;
  const person = await createPerson(ctx, systemActor('test', station.divisionCode), {
    residentId:
      identity === 'identified' && birth
        ? composeResidentId(station.divisionCode.slice(0, 6), birth, seq)
        : null,
    name: opts.name ?? (identity === 'identified' ? '李强' : `无名氏${++caseCounter}`),
    sex,
    birthDate: birth,
    hukouDivisionCode: station.divisionCode.slice(0, 6),
    source: '救助管理',
  });
  const id = newId();
  const caseNo = `测救〔${entryDate.slice(0, 4)}〕第${String(++caseCounter).padStart(6, '0')}号-${id.slice(0, 4)}`;
  const status = opts.status ?? 'in_station';
  const open = status === 'in_station' || status === 'placed' || status === 'in_hospital';
  await ctx.db.kysely
    .insertInto('rescueCases')
    .values({
      id,
      caseNo,
      stationId: station.id,
      divisionCode: station.divisionCode,
      personId: person.id,
      identityStatus: identity,
      nameGiven: opts.name ?? null,
      sex,
      birthDate: birth,
      estimatedAge: birth ? null : (opts.estimatedAge ?? 40),
      enteredAt,
      entryDate,
      referralSource: 'police',
      civilCapacity: opts.civilCapacity ?? 'full',
      mentalSigns: opts.mentalSigns ? 1 : 0,
      foundPlace: '长沙火车站广场',
      foundOn: entryDate,
      heightCm: 168,
      health: '一般',
      intellect: '正常',
      mentalState: '稳定',
      features: '左眉有痣',
      clothing: '蓝色外套、黑色长裤',
      dormitoryId: sex === 'male' ? station.maleDormitoryId : station.femaleDormitoryId,
      status,
      closedAt: open ? null : enteredAt,
      closeKind: open ? null : status,
      closeNote: null,
      createdBy: 'test',
      createdAt: enteredAt,
      updatedAt: enteredAt,
      version: 1,
    })
    .execute();
  return { id, personId: person.id, caseNo, entryDate };
}

/** Today's Beijing date on the context's clock. */
export function rescueToday(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}
