import {
  DomainError,
  ageOn,
  getDivision,
  maskResidentId,
  normalizePersonName,
  parsePlainDate,
  parseResidentId,
  personNamePinyin,
  personNameSearchKey,
  personNameSortKey,
  todayPlainDate,
  type PlainDate,
  newId,
} from '@social-affairs/kernel';
import {
  authorize,
  ensureSharedDivisionInScope,
  ensureSharedVisible,
  inSharedScope,
  isSubCounty,
  scopePrefix,
  type Actor,
} from '../access/actor';
import { audit } from '../audit/audit.service';
import { maskAuditFilter, maskSearchTerm } from '../audit/audit-mask';
import type { CoreContext } from '../context';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/create-db';
import { GroupedReads } from '../db/grouped-reads';
import type { Database, PersonRow } from '../db/schema';
import { emitEvent } from '../events/outbox';
import {
  factsOf,
  findPersonById,
  findPersonByResidentId,
  insertFacts,
  insertPerson,
  lookupPersonByResidentId,
  personSummaryByResidentId,
  personSummariesByResidentIds,
  type PersonSummaryRow,
  iteratePeople,
  markDeceased,
  searchPeople as searchRows,
  type PeopleFilter,
  type PeopleSortField,
} from './people.repository';
import { PEOPLE_SORT_FIELDS, parseSort } from '@social-affairs/kernel/contracts';

export interface PersonSummary {
  id: string;
  residentIdMasked: string | null;
  name: string;
  namePinyin: string;
  sex: 'male' | 'female';
  birthDate: string | null;
  age: number | null;
  hukouDivisionCode: string;
  hukouDivisionName: string;
  status: 'alive' | 'deceased';
  deathDate: string | null;
}

export interface PersonDetail extends PersonSummary {
  facts: { field: string; source: string; recordedAt: string; recordedBy: string; recordedByName: string }[];
  createdAt: string;
  updatedAt: string;
}

export function divisionLabel(code: string): string {
  const d = getDivision(code);
  return d?.name ?? code;
}

export function presentPerson(p: PersonSummaryRow, today: PlainDate): PersonSummary {
  const until = p.deathDate ? (p.deathDate as PlainDate) : today;
  return {
    id: p.id,
    residentIdMasked: p.residentId ? maskResidentId(p.residentId) : null,
    name: p.name,
    namePinyin: p.namePinyin,
    sex: p.sex,
    birthDate: p.birthDate,
    age: p.birthDate ? ageOn(p.birthDate as PlainDate, until) : null,
    hukouDivisionCode: p.hukouDivisionCode,
    hukouDivisionName: divisionLabel(p.hukouDivisionCode),
    status: p.status,
    deathDate: p.deathDate,
  };
}

/** The county-level code responsible for a hukou code (township codes belong to their county). */
export function countyOf(code: string): string {
  return code.length > 6 ? code.slice(0, 6) : code;
}

/**
 * A person's index entry by id, unaudited and unscoped: for another line's service that reads it for
 * its own act (which that service authorises and audits), e.g. a matching review showing both records.
 */
export function findIndexedPerson(
  db: Kysely<Database> | Transaction<Database>,
  id: string,
): Promise<PersonRow | undefined> {
  return findPersonById(db, id);
}

/**
 * A person's index entry by (normalised) resident id, unaudited and unscoped — the prepared hot
 * lookup — for another line's act in its own transaction (a registration resolving its parties; its
 * audit row names them).
 */
export function findIndexedPersonByResidentId(
  db: Kysely<Database> | Transaction<Database>,
  residentId: string,
): Promise<PersonRow | undefined> {
  return lookupPersonByResidentId(db, residentId);
}

export interface NewPerson {
  residentId?: string | null;
  name: string;
  sex?: 'male' | 'female';
  birthDate?: string | null;
  hukouDivisionCode: string;
  /** Where the facts come from, e.g. 户籍, 婚姻登记, 殡仪馆, 残联, 人工录入. */
  source: string;
}

function today(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

/**
 * Adds a person to the master index. With a resident id, birth date and sex come from it and a
 * declared value that contradicts it is refused (R-ID-04, decided: reject).
 */
export async function createPerson(ctx: CoreContext, actor: Actor, input: NewPerson): Promise<PersonDetail> {
  const row = await ctx.db.kysely
    .transaction()
    .execute((trx) => createPersonInTransaction(ctx, trx, actor, input));
  return detail(ctx, row);
}

/**
 * `createPerson` inside the caller's transaction: the person (facts, audit row) exists only if the
 * caller's whole change commits — e.g. one row of a back-fill import.
 */
export async function createPersonInTransaction(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: NewPerson,
  /** The caller looked the resident id up in this same transaction and found no one. */
  opts: { residentIdAbsent?: boolean } = {},
): Promise<PersonRow> {
  authorize(actor, 'people:write');
  const name = normalizePersonName(input.name);
  if (!name) throw new DomainError('invalid', 'PERSON_NAME_REQUIRED', '请填写姓名', { field: 'name' });
  const division = getDivision(input.hukouDivisionCode);
  if (!division) {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '户籍地行政区划代码不存在', {
      field: 'hukouDivisionCode',
    });
  }
  // The index is a shared county registry: a township or institution user works on its county's people.
  ensureSharedDivisionInScope(actor, countyOf(input.hukouDivisionCode));
  const now = ctx.clock.now().toISOString();
  let residentId: string | null = null;
  let sex = input.sex;
  let birthDate = input.birthDate ? parsePlainDate(input.birthDate) : null;
  if (input.residentId) {
    const parsed = parseResidentId(input.residentId, { today: today(ctx) });
    residentId = parsed.id;
    if (sex && sex !== parsed.sex) {
      throw new DomainError('invalid', 'RESIDENT_ID_SEX_MISMATCH', '性别与身份证号码不一致', {
        field: 'sex',
      });
    }
    if (birthDate && birthDate !== parsed.birthDate) {
      throw new DomainError('invalid', 'RESIDENT_ID_BIRTH_DATE_MISMATCH', '出生日期与身份证号码不一致', {
        field: 'birthDate',
      });
    }
    sex = parsed.sex;
    birthDate = parsed.birthDate;
  }
  if (!sex) throw new DomainError('invalid', 'PERSON_SEX_REQUIRED', '请选择性别', { field: 'sex' });
  const row: PersonRow = {
    id: newId(),
    residentId,
    name,
    namePinyin: personNamePinyin(name),
    nameSearchKey: personNameSearchKey(name),
    nameSortKey: personNameSortKey(name),
    sex,
    birthDate,
    hukouDivisionCode: input.hukouDivisionCode,
    divisionCode: countyOf(input.hukouDivisionCode),
    status: 'alive',
    deathDate: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  if (residentId && !opts.residentIdAbsent && (await findPersonByResidentId(trx, residentId))) {
    throw new DomainError('conflict', 'PERSON_RESIDENT_ID_EXISTS', '该身份证号码的人员已存在', {
      field: 'residentId',
    });
  }
  await insertPerson(trx, row);
  const fact = (field: string, value: string | null) => ({
    id: newId(),
    personId: row.id,
    field,
    value,
    source: input.source,
    recordedAt: now,
    recordedBy: actor.username,
  });
  await insertFacts(trx, [
    ...(residentId ? [fact('residentId', residentId)] : []),
    fact('name', name),
    fact('sex', sex),
    ...(birthDate ? [fact('birthDate', birthDate)] : []),
    fact('hukouDivisionCode', row.hukouDivisionCode),
  ]);
  await audit(ctx, trx, actor, {
    action: 'person.create',
    targetType: 'person',
    targetId: row.id,
    divisionCode: row.divisionCode,
    details: { source: input.source, withResidentId: residentId !== null },
  });
  return row;
}

async function detail(ctx: CoreContext, row: PersonRow): Promise<PersonDetail> {
  const facts = await factsOf(ctx.db.kysely, row.id);
  return {
    ...presentPerson(row, today(ctx)),
    facts: facts.map(({ field, source, recordedAt, recordedBy, recordedByName }) => ({
      field,
      source,
      recordedAt,
      recordedBy,
      // Shown to people by the recorder's name, not the account name (issue 13 item 3).
      // A fact with no account behind it was written by the system (demo seed, an import, a job).
      recordedByName: recordedByName ?? '系统',
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function visiblePerson(ctx: CoreContext, actor: Actor, id: string): Promise<PersonRow> {
  let row = await findPersonById(ctx.db.kysely, id);
  // A merged record stands for its survivor (person merge): reads and acts go to the survivor.
  for (let hops = 0; row?.mergedInto && hops < 16; hops++)
    row = await findPersonById(ctx.db.kysely, row.mergedInto);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
  ensureSharedVisible(actor, row.divisionCode, '人员');
  return row;
}

/** Reads one person's record; the read is audited with the stated reason. */
export async function getPerson(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason?: string,
): Promise<PersonDetail> {
  authorize(actor, 'people:read');
  const row = await visiblePerson(ctx, actor, id);
  await ctx.readAudit.record(actor, {
    action: 'person.read',
    targetType: 'person',
    targetId: row.id,
    divisionCode: row.divisionCode,
    reason: reason ?? null,
  });
  return detail(ctx, row);
}

const lookups = new WeakMap<Db, GroupedReads<{ residentId: string }, PersonSummaryRow>>();

/** The audited lookups of one turn read together on PostgreSQL (db/grouped-reads.ts, ADR 0038). */
function groupedLookups(db: Db): GroupedReads<{ residentId: string }, PersonSummaryRow> {
  let g = lookups.get(db);
  if (!g) {
    g = new GroupedReads(
      db,
      personSummaryByResidentId,
      (residentId) => ({ residentId }),
      personSummariesByResidentIds,
      (row) => row.residentId ?? '',
    );
    lookups.set(db, g);
  }
  return g;
}

/** Looks a person up by resident id (audited). Outside the actor's scope it does not exist. */
export async function findPersonByResidentIdFor(
  ctx: CoreContext,
  actor: Actor,
  residentIdInput: string,
  reason?: string,
): Promise<PersonSummary> {
  authorize(actor, 'people:read');
  const { id } = parseResidentId(residentIdInput, { today: today(ctx) });
  const visible = (p: PersonSummaryRow | undefined): p is PersonSummaryRow =>
    p !== undefined && inSharedScope(actor, p.divisionCode);
  // The read and its audit row commit together (on SQLite, inside the audit batch's transaction);
  // nothing is recorded for a person who is not there or not in the actor's scope.
  const [row] = await ctx.readAudit.readAudited(
    actor,
    personSummaryByResidentId,
    { residentId: id },
    ([p]) =>
      visible(p)
        ? {
            action: 'person.lookup',
            targetType: 'person',
            targetId: p.id,
            divisionCode: p.divisionCode,
            reason: reason ?? null,
          }
        : null,
    { reads: groupedLookups(ctx.db), key: id },
  );
  if (!visible(row)) {
    throw new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
  }
  return presentPerson(row, today(ctx));
}

/** Shows the full resident id: a stated reason is required and the reveal is audited. */
export async function revealResidentId(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<{ residentId: string | null }> {
  authorize(actor, 'people:reveal');
  if (reason.trim().length < 2) {
    throw new DomainError('invalid', 'REASON_REQUIRED', '请填写查看完整身份证号码的事由', {
      field: 'reason',
    });
  }
  const row = await visiblePerson(ctx, actor, id);
  await ctx.readAudit.record(actor, {
    action: 'person.reveal-resident-id',
    targetType: 'person',
    targetId: row.id,
    divisionCode: row.divisionCode,
    reason: reason.trim(),
  });
  return { residentId: row.residentId };
}

export interface DeathInput {
  deathDate: string;
  source: string;
  reason?: string;
}

/**
 * Records a death once. Emits `person.deceased` in the same transaction so every line reacts
 * (subsidies stop, spouse widowed, rescue case closed) without re-typing.
 */
export async function recordDeath(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  input: DeathInput,
): Promise<PersonDetail> {
  authorize(actor, 'people:record-death');
  const row = await ctx.db.kysely
    .transaction()
    .execute((trx) => recordDeathInTransaction(ctx, trx, actor, { ...input, personId: id }));
  ctx.events.kick();
  return detail(ctx, row);
}

/**
 * `recordDeath` inside the caller's transaction: the death (fact, `person.deceased` event, audit row) is
 * written only if the caller's whole change commits, and a refusal here (`DEATH_DATE_IN_FUTURE`,
 * `DEATH_BEFORE_BIRTH`, `PERSON_ALREADY_DECEASED` — thrown before anything is written) refuses the
 * caller's change (e.g. a rescue departure by death). The caller kicks `ctx.events` after its commit.
 * Returns the person's row as updated.
 */
export async function recordDeathInTransaction(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: DeathInput & { personId: string },
): Promise<PersonRow> {
  authorize(actor, 'people:record-death');
  const deathDate = parsePlainDate(input.deathDate);
  let row = await findPersonById(trx, input.personId);
  // A merged record stands for its survivor (person merge): reads and acts go to the survivor.
  for (let hops = 0; row?.mergedInto && hops < 16; hops++) row = await findPersonById(trx, row.mergedInto);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
  ensureSharedVisible(actor, row.divisionCode, '人员');
  if (deathDate > today(ctx)) {
    throw new DomainError('invalid', 'DEATH_DATE_IN_FUTURE', '死亡日期不能晚于今天', { field: 'deathDate' });
  }
  if (row.birthDate && deathDate < row.birthDate) {
    throw new DomainError('invalid', 'DEATH_BEFORE_BIRTH', '死亡日期不能早于出生日期', {
      field: 'deathDate',
    });
  }
  const now = ctx.clock.now();
  if (!(await markDeceased(trx, row.id, deathDate, now.toISOString()))) {
    throw new DomainError('conflict', 'PERSON_ALREADY_DECEASED', '该人员已登记死亡');
  }
  await insertFacts(trx, [
    {
      id: newId(),
      personId: row.id,
      field: 'deathDate',
      value: deathDate,
      source: input.source,
      recordedAt: now.toISOString(),
      recordedBy: actor.username,
    },
  ]);
  await emitEvent(
    trx,
    ctx.db.dialect,
    'person.deceased',
    { personId: row.id, deathDate, divisionCode: row.divisionCode, source: input.source },
    now,
  );
  await audit(ctx, trx, actor, {
    action: 'person.record-death',
    targetType: 'person',
    targetId: row.id,
    divisionCode: row.divisionCode,
    reason: input.reason ?? null,
    details: { deathDate, source: input.source },
  });
  return (await findPersonById(trx, row.id)) ?? row;
}

export interface PeopleQuery {
  division?: string;
  q?: string;
  sex?: 'male' | 'female';
  status?: 'alive' | 'deceased';
  /** `field` or `-field` of PEOPLE_SORT_FIELDS (validated by the route). */
  sort?: string;
  page: number;
  pageSize: number;
}

function filterFor(actor: Actor, q: PeopleQuery): PeopleFilter {
  const division = q.division ?? (isSubCounty(actor) ? countyOf(actor.divisionCode) : actor.divisionCode);
  ensureSharedDivisionInScope(actor, division);
  const sort = parseSort(q.sort as PeopleSortField | undefined);
  if (sort && !(PEOPLE_SORT_FIELDS as readonly string[]).includes(sort.field))
    throw new DomainError('invalid', 'SORT_FIELD_INVALID', '不支持按该列排序', { field: 'sort' });
  return { divisionPrefix: scopePrefix(division), q: q.q, sex: q.sex, status: q.status, sort };
}

/** A page of the people ledger within the actor's scope and the picked division. */
export async function searchPeople(ctx: CoreContext, actor: Actor, q: PeopleQuery) {
  authorize(actor, 'people:read');
  const { rows, total } = await searchRows(ctx.db.kysely, ctx.db.dialect, filterFor(actor, q), {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  // A search by a full resident id identifies a person: audited like a lookup by id (the id masked),
  // one row per person answered, or one for a search that found no one.
  if (q.q && /^[0-9]{17}[0-9Xx]$/.test(q.q.trim())) {
    const details = { query: maskSearchTerm(q.q), found: rows.length };
    const entries = rows.length
      ? rows.map((r) => ({
          action: 'person.search-by-resident-id',
          targetType: 'person',
          targetId: r.id,
          divisionCode: r.divisionCode,
          details,
        }))
      : [
          {
            action: 'person.search-by-resident-id',
            targetType: 'person',
            divisionCode: q.division ?? actor.divisionCode,
            details,
          },
        ];
    await Promise.all(entries.map((e) => ctx.readAudit.record(actor, e)));
  }
  const t = today(ctx);
  return { items: rows.map((r) => presentPerson(r, t)), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Every row the filters select, masked as on screen, for the Excel export. Permission and scope are
 * checked (and the export audited) before the first row, so a refusal is a clean error, not a broken file.
 */
export async function exportPeople(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<PeopleQuery, 'page' | 'pageSize'>,
): Promise<AsyncIterable<PersonSummary>> {
  authorize(actor, 'people:read');
  const filter = filterFor(actor, { ...q, page: 1, pageSize: 1 });
  await ctx.readAudit.record(actor, {
    action: 'person.export',
    targetType: 'person',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q) },
  });
  const t = today(ctx);
  return (async function* () {
    for await (const row of iteratePeople(ctx.db.kysely, ctx.db.dialect, filter)) yield presentPerson(row, t);
  })();
}
