import { DomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { aPerson, aUser, testContext } from '../testing/factories';
import { getPerson, searchPeople } from '../people/people.service';
import { ensureVisible, inScope, inSharedScope, systemActor, userActor, type Actor } from './actor';
import { createInstitution, getInstitution, listInstitutions } from './institutions.service';
import { isScopeDivisionCode, scopeDivisionName, scopeFilterFor } from './scope';
import { whereInScope } from './scope.repository';
import { createUser } from './users.service';

const actor = (divisionCode: string, institutionId?: string): Actor => ({
  ...systemActor('t', divisionCode),
  role: 'rescue_staff',
  ...(institutionId ? { institutionId } : {}),
});

it('keeps county and wider scopes as they were, and scopes townships and institutions below them', () => {
  const county = actor('430102');
  expect(inScope(county, '430102')).toBe(true);
  expect(inScope(county, '430102001')).toBe(true);
  expect(inScope(county, { divisionCode: '430102001', institutionId: 'i1' })).toBe(true);
  expect(inScope(county, '430181')).toBe(false);
  const township = actor('430102001');
  expect(inScope(township, '430102001')).toBe(true);
  expect(inScope(township, '430102002')).toBe(false);
  expect(inScope(township, '430102')).toBe(false);
  expect(inSharedScope(township, '430102')).toBe(true);
  expect(inSharedScope(township, '430181')).toBe(false);
  const home = actor('430102', 'home-a');
  expect(inScope(home, { divisionCode: '430102', institutionId: 'home-a' })).toBe(true);
  expect(inScope(home, { divisionCode: '430102', institutionId: 'home-b' })).toBe(false);
  expect(inScope(home, '430102')).toBe(false);
  expect(inSharedScope(home, '430102')).toBe(true);
  expect(() => ensureVisible(home, { divisionCode: '430102', institutionId: 'home-b' }, '记录')).toThrow(
    DomainError,
  );
  // The platform's own actor keeps its province-wide view.
  expect(inScope(systemActor('x', '000000'), { divisionCode: '430102', institutionId: 'home-b' })).toBe(true);
});

it('validates township codes as a county code plus three digits, and names them', () => {
  expect(isScopeDivisionCode('430102001')).toBe(true);
  expect(isScopeDivisionCode('430102777')).toBe(true);
  expect(isScopeDivisionCode('430102000')).toBe(false);
  expect(isScopeDivisionCode('439999001')).toBe(false);
  expect(isScopeDivisionCode('4301020011')).toBe(false);
  expect(scopeDivisionName('430102001')).toBe('文艺路街道');
  expect(scopeDivisionName('430102777')).toBe('芙蓉区（乡镇 777）');
});

it('builds list filters that refuse a division outside the scope', () => {
  expect(scopeFilterFor(actor('430100'), '430102')).toEqual({
    divisionPrefix: '430102',
    institutionId: null,
    sharedCounty: null,
  });
  expect(scopeFilterFor(actor('430102001'))).toEqual({
    divisionPrefix: '430102001',
    institutionId: null,
    sharedCounty: null,
  });
  expect(() => scopeFilterFor(actor('430102001'), '430102')).toThrow(DomainError);
  expect(scopeFilterFor(actor('430102001'), '430102', { shared: true })).toEqual({
    divisionPrefix: '430102001',
    institutionId: null,
    sharedCounty: '430102',
  });
  expect(() => scopeFilterFor(actor('430102001'), '430102002')).toThrow(DomainError);
  expect(scopeFilterFor(actor('430102', 'h'))).toEqual({
    divisionPrefix: '430102',
    institutionId: 'h',
    sharedCounty: null,
  });
});

describeEachDatabase('scope below the county', (t) => {
  async function setup() {
    const ctx = testContext(t.db);
    const admin = (await aUser(ctx, { role: 'admin', divisionCode: '430102' })).actor;
    const homeA = await createInstitution(ctx, admin, {
      kind: 'funeral_home',
      name: '芙蓉区殡仪馆',
      divisionCode: '430102001',
    });
    const homeB = await createInstitution(ctx, admin, {
      kind: 'funeral_home',
      name: '文艺路殡仪服务站',
      divisionCode: '430102002',
    });
    const station = await createInstitution(ctx, admin, {
      kind: 'rescue_station',
      name: '芙蓉区救助管理站',
      divisionCode: '430102',
    });
    return { ctx, admin, homeA, homeB, station };
  }

  it('filters a list alike on both engines with whereInScope', async () => {
    const { ctx, homeA, homeB, station } = await setup();
    const names = async (a: Actor, division?: string, shared = false) =>
      (
        await ctx.db.kysely
          .selectFrom('institutions')
          .select('name')
          .where((eb) =>
            whereInScope(eb, scopeFilterFor(a, division, { shared }), {
              division: 'divisionCode',
              institution: 'id',
            }),
          )
          .orderBy('name')
          .execute()
      ).map((r) => r.name);
    expect(await names(actor('430102'))).toHaveLength(3);
    expect(await names(actor('430102001'))).toEqual([homeA.name]);
    expect(await names(actor('430102002'))).toEqual([homeB.name]);
    expect(await names(actor('430102', homeB.id))).toEqual([homeB.name]);
    expect(await names(actor('430181'))).toEqual([]);
    // `institution` column named `id` here: the station is county-level, shared only if it had no institution.
    expect(await names(actor('430102001'), '430102', true)).toEqual([homeA.name]);
    const noInstitutionColumn = await ctx.db.kysely
      .selectFrom('institutions')
      .select('name')
      .where((eb) =>
        whereInScope(eb, scopeFilterFor(actor('430102', homeA.id), undefined, { shared: true }), {
          division: 'divisionCode',
        }),
      )
      .execute();
    expect(noInstitutionColumn.map((r) => r.name)).toEqual([station.name]);
  });

  it('creates township and institution accounts; they see their own and 404 for a sibling’s', async () => {
    const { ctx, admin, homeA, homeB } = await setup();
    const townshipUser = await createUser(ctx, admin, {
      username: 'wyl.clerk',
      displayName: '文艺路街道经办人',
      role: 'rescue_staff',
      divisionCode: '430102001',
      password: 'Passw0rd-test',
    });
    expect(townshipUser).toMatchObject({
      divisionCode: '430102001',
      divisionName: '文艺路街道',
      institutionId: null,
    });
    const homeUser = await createUser(ctx, admin, {
      username: 'home.b',
      displayName: '殡仪服务站经办人',
      role: 'funeral_staff',
      divisionCode: '430102',
      institutionId: homeB.id,
      password: 'Passw0rd-test',
    });
    expect(homeUser.institutionId).toBe(homeB.id);
    const wrong = await createUser(ctx, admin, {
      username: 'home.x',
      displayName: 'x',
      role: 'funeral_staff',
      divisionCode: '430102001',
      institutionId: homeB.id,
      password: 'Passw0rd-test',
    }).catch((e: DomainError) => e);
    expect((wrong as DomainError).code).toBe('INSTITUTION_OUTSIDE_DIVISION');
    const township = userActor(ctx.access, { ...townshipUser, role: 'admin' });
    const home = userActor(ctx.access, { ...homeUser, role: 'admin' });
    expect(home.institutionId).toBe(homeB.id);
    expect((await getInstitution(ctx, township, homeA.id)).id).toBe(homeA.id);
    await expect(getInstitution(ctx, township, homeB.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getInstitution(ctx, home, homeB.id)).id).toBe(homeB.id);
    await expect(getInstitution(ctx, home, homeA.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listInstitutions(ctx, home)).items.map((i) => i.id)).toEqual([homeB.id]);
    // A township administrator cannot create a county-wide account.
    await expect(
      createUser(ctx, township, {
        username: 'esc.x',
        displayName: 'x',
        role: 'admin',
        divisionCode: '430102',
        password: 'Passw0rd-test',
      }),
    ).rejects.toMatchObject({ code: 'DIVISION_OUT_OF_SCOPE' });
  });

  it('shares the county’s people index with township and institution users, not another county’s', async () => {
    const { ctx, homeB } = await setup();
    const county = await aUser(ctx, { role: 'rescue_staff', divisionCode: '430100' });
    const here = await aPerson(ctx, county.actor, { county: '430102' });
    const there = await aPerson(ctx, county.actor, { county: '430181' });
    const clerk = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430102001' })).actor;
    const home: Actor = { ...clerk, divisionCode: '430102', institutionId: homeB.id };
    for (const a of [clerk, home]) {
      expect((await getPerson(ctx, a, here.id)).id).toBe(here.id);
      await expect(getPerson(ctx, a, there.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await searchPeople(ctx, a, { page: 1, pageSize: 10 })).items.map((p) => p.id)).toEqual([
        here.id,
      ]);
      await expect(searchPeople(ctx, a, { division: '430181', page: 1, pageSize: 10 })).rejects.toMatchObject(
        {
          code: 'DIVISION_OUT_OF_SCOPE',
        },
      );
    }
  });

  it('refuses unknown kinds, divisions above the county and duplicate names', async () => {
    const { ctx, admin } = await setup();
    const refused = (input: { kind: string; name: string; divisionCode: string }) =>
      createInstitution(ctx, admin, input).catch((e: DomainError) => e.code);
    expect(await refused({ kind: 'bank', name: '某机构', divisionCode: '430102' })).toBe(
      'INSTITUTION_KIND_UNKNOWN',
    );
    expect(await refused({ kind: 'other', name: '某机构', divisionCode: '430100' })).toBe(
      'INSTITUTION_DIVISION_LEVEL',
    );
    expect(await refused({ kind: 'other', name: '某机构', divisionCode: '430102000' })).toBe(
      'DIVISION_UNKNOWN',
    );
    expect(await refused({ kind: 'other', name: '某机构', divisionCode: '430181' })).toBe(
      'DIVISION_OUT_OF_SCOPE',
    );
    expect(await refused({ kind: 'funeral_home', name: '芙蓉区殡仪馆', divisionCode: '430102001' })).toBe(
      'INSTITUTION_NAME_TAKEN',
    );
  });
});
