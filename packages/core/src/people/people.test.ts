import { expect, it } from 'vitest';
import { DomainError } from '@social-affairs/kernel';
import { describeEachDatabase } from '../testing/each-database';
import { aPerson, aPersonInput, aUser, testContext } from '../testing/factories';
import { verifyAuditChain } from '../audit/audit.service';
import {
  createPerson,
  findPersonByResidentIdFor,
  getPerson,
  recordDeath,
  revealResidentId,
  searchPeople,
} from './people.service';
import { peopleByDivision } from './people.stats';

async function rejects(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  return err as DomainError;
}

describeEachDatabase('people index', (t) => {
  it('derives birth date and sex from the resident id and stores pinyin with surname readings', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { role: 'registrar', divisionCode: '430100' });
    const p = await createPerson(ctx, actor, {
      residentId: '430102199003071234',
      name: '单雄信',
      hukouDivisionCode: '430102',
      source: '户籍',
    });
    expect(p).toMatchObject({
      sex: 'male',
      birthDate: '1990-03-07',
      namePinyin: 'shan xiong xin',
      residentIdMasked: '430102********1234',
    });
    expect(p.facts.map((f) => f.field)).toEqual(
      expect.arrayContaining(['residentId', 'name', 'sex', 'birthDate']),
    );
    expect(p.facts.every((f) => f.source === '户籍' && f.recordedBy === actor.username)).toBe(true);
  });

  it('normalises a lowercase x and surrounding spaces before storing the id', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { divisionCode: '430600' });
    const p = await createPerson(ctx, actor, {
      residentId: ' 43060219781115006x ',
      name: '李娜',
      hukouDivisionCode: '430602',
      source: '户籍',
    });
    const found = await findPersonByResidentIdFor(ctx, actor, '43060219781115006X');
    expect(found.id).toBe(p.id);
  });

  it('refuses a second person with the same resident id and writes nothing', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx);
    const input = aPersonInput();
    await createPerson(ctx, actor, input);
    const before = await t.db.kysely.selectFrom('personFacts').select('id').execute();
    await rejects(createPerson(ctx, actor, { ...input, name: '王五' }), 'PERSON_RESIDENT_ID_EXISTS');
    const after = await t.db.kysely.selectFrom('personFacts').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('refuses an invalid resident id with the kernel error code', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx);
    await rejects(
      createPerson(ctx, actor, {
        residentId: '430102199003071235',
        name: '张三',
        hukouDivisionCode: '430102',
        source: 'x',
      }),
      'RESIDENT_ID_CHECK_DIGIT',
    );
  });

  it('refuses a declared sex that contradicts the id', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx);
    await rejects(
      createPerson(ctx, actor, {
        residentId: '433101198512310020',
        sex: 'male',
        name: '张三',
        hukouDivisionCode: '433101',
        source: 'x',
      }),
      'RESIDENT_ID_SEX_MISMATCH',
    );
  });

  it('keeps people without an id (back-filled records)', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx);
    const p = await createPerson(ctx, actor, {
      name: '刘某',
      sex: 'female',
      birthDate: '1950-01-01',
      hukouDivisionCode: '430181001',
      source: '历史补录',
    });
    expect(p.residentIdMasked).toBeNull();
    expect(p.hukouDivisionName).toBeTruthy();
  });

  it('hides people outside the reader’s county as not found', async () => {
    const ctx = testContext(t.db);
    const { actor: province } = await aUser(ctx, { divisionCode: '430000' });
    const { actor: liuyang } = await aUser(ctx, { divisionCode: '430181' });
    const p = await aPerson(ctx, province, { county: '430102' });
    await rejects(getPerson(ctx, liuyang, p.id), 'NOT_FOUND');
    await rejects(
      findPersonByResidentIdFor(
        ctx,
        liuyang,
        (await revealResidentId(ctx, province, p.id, '核对身份')).residentId ?? '',
      ),
      'NOT_FOUND',
    );
    await rejects(
      searchPeople(ctx, liuyang, { division: '430100', page: 1, pageSize: 10 }),
      'DIVISION_OUT_OF_SCOPE',
    );
  });

  it('lists only the people in scope and finds them by name, pinyin and id prefix', async () => {
    const ctx = testContext(t.db);
    const { actor: province } = await aUser(ctx, { divisionCode: '430000' });
    await aPerson(ctx, province, { county: '430181', name: '曾国藩' });
    await aPerson(ctx, province, { county: '430181', name: '张伟' });
    await aPerson(ctx, province, { county: '430102', name: '曾小明' });
    const { actor: liuyang } = await aUser(ctx, { divisionCode: '430181' });
    const all = await searchPeople(ctx, liuyang, { page: 1, pageSize: 10 });
    expect(all.total).toBe(2);
    expect(
      (await searchPeople(ctx, liuyang, { q: '曾', page: 1, pageSize: 10 })).items.map((p) => p.name),
    ).toEqual(['曾国藩']);
    expect((await searchPeople(ctx, province, { q: 'zeng', page: 1, pageSize: 10 })).total).toBe(2);
    expect((await searchPeople(ctx, province, { q: 'ZengGuo', page: 1, pageSize: 10 })).total).toBe(1);
    expect((await searchPeople(ctx, province, { q: '430181', page: 1, pageSize: 10 })).total).toBe(2);
  });

  it('audits every read and reveal with the stated reason, and the chain stays valid', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { divisionCode: '430100' });
    const p = await aPerson(ctx, actor);
    await getPerson(ctx, actor, p.id, '办理婚姻登记');
    await rejects(revealResidentId(ctx, actor, p.id, ' '), 'REASON_REQUIRED');
    await revealResidentId(ctx, actor, p.id, '核对身份');
    const rows = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('targetId', '=', p.id)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => [r.action, r.reason])).toEqual([
      ['person.create', null],
      ['person.read', '办理婚姻登记'],
      ['person.reveal-resident-id', '核对身份'],
    ]);
    expect((await verifyAuditChain(ctx)).ok).toBe(true);
  });

  it('records a death once, emits person.deceased in the same transaction, and refuses a second', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { role: 'funeral_staff', divisionCode: '430100' });
    const p = await aPerson(ctx, actor);
    const seen: string[] = [];
    ctx.events.subscribe('test.deaths', 'person.deceased', async (_trx, e) => {
      seen.push(`${e.payload.personId}@${e.payload.deathDate}`);
    });
    const d = await recordDeath(ctx, actor, p.id, { deathDate: '2026-11-01', source: '殡仪馆' });
    expect(d).toMatchObject({ status: 'deceased', deathDate: '2026-11-01', age: 36 });
    await ctx.events.dispatchPending();
    expect(seen).toEqual([`${p.id}@2026-11-01`]);
    await rejects(
      recordDeath(ctx, actor, p.id, { deathDate: '2026-11-02', source: '医院' }),
      'PERSON_ALREADY_DECEASED',
    );
    const events = await t.db.kysely.selectFrom('outboxEvents').selectAll().execute();
    expect(events).toHaveLength(1);
  });

  it('refuses a death date in the future or before birth', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { role: 'funeral_staff' });
    const p = await aPerson(ctx, actor);
    await rejects(
      recordDeath(ctx, actor, p.id, { deathDate: '2026-12-01', source: 'x' }),
      'DEATH_DATE_IN_FUTURE',
    );
    await rejects(
      recordDeath(ctx, actor, p.id, { deathDate: '1980-01-01', source: 'x' }),
      'DEATH_BEFORE_BIRTH',
    );
  });

  it('refuses recording a death without the permission', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { role: 'supervisor' });
    await rejects(
      recordDeath(ctx, actor, 'whatever', { deathDate: '2026-01-01', source: 'x' }),
      'PERMISSION_DENIED',
    );
  });

  it('counts people by child division and age band, drilling from province to county', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { divisionCode: '430000' });
    await aPerson(ctx, actor, { county: '430181', birth: [2010, 1, 1] });
    await aPerson(ctx, actor, { county: '430181', birth: [1990, 1, 1] });
    await aPerson(ctx, actor, { county: '433101', birth: [1950, 1, 1] });
    // Turns 18 on 2026-11-29 (the test clock's date in Beijing): an adult today.
    await aPerson(ctx, actor, { county: '430102', birth: [2008, 11, 29] });
    const province = await peopleByDivision(ctx, actor);
    expect(province.rows.length).toBe(14);
    const cs = province.rows.find((r) => r.divisionCode === '430100');
    expect(cs).toMatchObject({ divisionName: '长沙市', counts: [1, 2, 0], total: 3 });
    expect(province.rows.find((r) => r.divisionCode === '433100')?.counts).toEqual([0, 0, 1]);
    const city = await peopleByDivision(ctx, actor, '430100');
    expect(city.rows.find((r) => r.divisionCode === '430181')?.total).toBe(2);
  });
});
