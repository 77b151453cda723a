/** The people ledger's server-side sort (pinyin names), the living-only age groups and the monthly trend. */
import { DomainError, personNameSortKey } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aPerson, aUser, testContext } from '../testing/factories';
import { getPerson, recordDeath, searchPeople } from './people.service';
import { peopleByDivision, peopleTrend } from './people.stats';

const page = { page: 1, pageSize: 50 };

describeEachDatabase('people ledger order, age groups and trend', (t) => {
  it('lists names in pinyin order on both databases, ties broken by id, and sorts by the allowed columns', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { divisionCode: '430100' });
    // Code-point (and PostgreSQL collation) order is not pinyin order: 张 U+5F20 < 李 U+674E < 王 U+738B.
    const names = ['王芳', '张伟', '李昂', '梁山', '阿依古丽·买买提', '李明', '赵敏', '张伟'];
    const created = [];
    for (const [i, name] of names.entries())
      created.push(await aPerson(ctx, actor, { county: '430102', name, birth: [1980 + i, 1, 1] }));
    const listed = await searchPeople(ctx, actor, { ...page, division: '430102', sort: 'name' });
    expect(listed.items.map((p) => p.name)).toEqual([
      '阿依古丽·买买提',
      '李昂',
      '李明',
      '梁山',
      '王芳',
      '张伟',
      '张伟',
      '赵敏',
    ]);
    // The two 张伟 are told apart by id, the same way on every page.
    const zhang = listed.items.filter((p) => p.name === '张伟').map((p) => p.id);
    expect(zhang).toEqual([...zhang].sort());
    // Without a sort the ledger is in division then pinyin order too.
    const byDefault = await searchPeople(ctx, actor, { ...page, division: '430102' });
    expect(byDefault.items.map((p) => p.name)).toEqual(listed.items.map((p) => p.name));
    const desc = await searchPeople(ctx, actor, { ...page, division: '430102', sort: '-name' });
    expect(desc.items.map((p) => p.id)).toEqual(listed.items.map((p) => p.id).reverse());

    const byBirth = await searchPeople(ctx, actor, { ...page, division: '430102', sort: '-birthDate' });
    expect(byBirth.items[0]?.name).toBe('张伟');
    expect(byBirth.items[0]?.birthDate).toBe('1987-01-01');
    // Paging under a sort neither repeats nor skips a row.
    const pages = [];
    for (let p = 1; p <= 3; p++)
      pages.push(
        ...(await searchPeople(ctx, actor, { page: p, pageSize: 3, division: '430102', sort: 'status' }))
          .items,
      );
    expect(new Set(pages.map((p) => p.id)).size).toBe(names.length);

    await recordDeath(ctx, systemActor(), created[0]!.id, { deathDate: '2026-10-01', source: '公安' });
    const byDeath = await searchPeople(ctx, actor, { ...page, division: '430102', sort: '-deathDate' });
    // Unknown dates last in either direction, on both databases.
    expect(byDeath.items[0]?.name).toBe('王芳');
    const byDeathAsc = await searchPeople(ctx, actor, { ...page, division: '430102', sort: 'deathDate' });
    expect(byDeathAsc.items[0]?.name).toBe('王芳');

    await expect(searchPeople(ctx, actor, { ...page, sort: 'residentId' })).rejects.toThrow(DomainError);
  });

  it('shows who recorded each fact by display name', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { divisionCode: '430100' });
    const p = await aPerson(ctx, actor, { county: '430102' });
    const read = await getPerson(ctx, actor, p.id);
    expect(read.facts[0]).toMatchObject({ recordedBy: actor.username });
    expect(read.facts[0]?.recordedByName).toMatch(/^测试用户\d+$/);
  });

  it('counts only the living in the age groups, the deceased apart', async () => {
    const ctx = testContext(t.db);
    const { actor } = await aUser(ctx, { divisionCode: '430000' });
    const old = await aPerson(ctx, actor, { county: '430181', birth: [1940, 1, 1] });
    await aPerson(ctx, actor, { county: '430181', birth: [1945, 1, 1] });
    await aPerson(ctx, actor, { county: '430181', birth: [1990, 1, 1] });
    await recordDeath(ctx, systemActor(), old.id, { deathDate: '2026-01-05', source: '公安' });
    const city = await peopleByDivision(ctx, actor, '430100');
    expect(city.rows.find((r) => r.divisionCode === '430181')).toMatchObject({
      counts: [0, 1, 1],
      alive: 2,
      deceased: 1,
      total: 3,
    });
  });

  it('gives a 12- or 36-month trend on Beijing calendar months', async () => {
    const clock = new ManualClock('2026-01-31T16:30:00.000Z'); // 2026-02-01 00:30 in Beijing
    const ctx = testContext(t.db, clock);
    const { actor } = await aUser(ctx, { divisionCode: '430000' });
    await aPerson(ctx, actor, { county: '430102' }); // added in February (Beijing), January in UTC
    clock.set('2025-12-15T02:00:00.000Z');
    const dead = await aPerson(ctx, actor, { county: '430102', birth: [1950, 1, 1] });
    await recordDeath(ctx, systemActor(), dead.id, { deathDate: '2025-12-10', source: '公安' });
    clock.set('2026-02-02T02:00:00.000Z');
    const trend = await peopleTrend(ctx, actor, '430100', 12);
    expect(trend.months).toHaveLength(12);
    expect(trend.months[0]?.month).toBe('2025-03');
    expect(trend.months.at(-1)).toEqual({ month: '2026-02', added: 1, deaths: 0 });
    expect(trend.months.at(-2)).toEqual({ month: '2026-01', added: 0, deaths: 0 });
    expect(trend.months.at(-3)).toEqual({ month: '2025-12', added: 1, deaths: 1 });
    const long = await peopleTrend(ctx, actor, '430100', 36);
    expect(long.months[0]?.month).toBe('2023-03');
  });
});

it('orders the stored key as pinyin, with only ASCII letters and digits', () => {
  const keys = ['李昂', '梁山', '力', '吕布', '张三', '章三', 'John Smith'].map(personNameSortKey);
  for (const k of keys) expect(k).toMatch(/^[0-9a-z]+$/);
  expect(personNameSortKey('李昂') < personNameSortKey('梁山')).toBe(true);
  expect(personNameSortKey('李') < personNameSortKey('李昂')).toBe(true);
  expect(personNameSortKey('吕布') < personNameSortKey('马云')).toBe(true);
  expect(personNameSortKey('张三')).not.toBe(personNameSortKey('章三'));
  expect(personNameSortKey('单雄信').startsWith('shan4')).toBe(true);
});
