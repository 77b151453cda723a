import { isDomainError } from '@social-affairs/kernel';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { ensureFacilityMayTakeBusiness, visibleFacility, visibleFuneralCase } from './cases.access';
import { defaultFuneralConfig, type FuneralConfig } from './funeral.config';
import { aFuneralCase, aFuneralFacility } from './funeral.fixtures';
import { funeralLine } from './line';
import {
  cremationZoneOf,
  facilityApproval,
  noticeEndsOn,
  ruleEraOf,
  transportRuleOf,
  universalCoverageOf,
} from './rules';

const withExemption: FuneralConfig = {
  ...defaultFuneralConfig,
  zoneAreas: [
    {
      divisionCode: '433130',
      zone: 'burial_reform',
      approvedBy: '湖南省民政厅',
      basis: '测试：龙山县土葬改革区',
      from: '2020-01-01',
    },
    {
      divisionCode: '433130101',
      zone: 'cremation',
      approvedBy: '湖南省民政厅',
      basis: '测试：县城所在镇仍为火葬区',
      from: '2026-01-01',
    },
  ],
};

describe('funeral rules', () => {
  it('R-FUN-01: the whole province is a cremation zone by default; the longest prefix in force wins', () => {
    expect(cremationZoneOf(defaultFuneralConfig, '430102', '2026-05-01').zone).toBe('cremation');
    expect(cremationZoneOf(withExemption, '433130102', '2026-05-01').zone).toBe('burial_reform');
    expect(cremationZoneOf(withExemption, '433130101', '2026-05-01').zone).toBe('cremation');
    // A death before the township's designation keeps the county's zone.
    expect(cremationZoneOf(withExemption, '433130101', '2025-12-31').zone).toBe('burial_reform');
  });

  it('R-FUN-04: Changsha collects only with funeral-home vehicles, free; elsewhere the default', () => {
    const cs = transportRuleOf(defaultFuneralConfig, '430104');
    expect(cs.carriers).toEqual(['funeral_home_vehicle']);
    expect(cs.collectionFree).toBe(true);
    expect(transportRuleOf(defaultFuneralConfig, '430202').carriers).toContain('family_own');
  });

  it('R-FUN-09: Changsha hukou residents are covered from 2020, others are not', () => {
    const on = '2026-05-01';
    expect(
      universalCoverageOf(defaultFuneralConfig, { hukouDivision: '430104', deathDivision: '430202', on }),
    ).not.toBeNull();
    expect(
      universalCoverageOf(defaultFuneralConfig, { hukouDivision: '430202', deathDivision: '430104', on }),
    ).toBeNull();
    expect(
      universalCoverageOf(defaultFuneralConfig, {
        hukouDivision: '430104',
        deathDivision: '430104',
        on: '2019-12-31',
      }),
    ).toBeNull();
  });

  it('R-FUN-05: a cemetery whose last approver is a county is invalid; a province-approved one is valid', () => {
    const bad = facilityApproval({
      kind: 'cemetery_commercial',
      approvedByLevel: 'county_civil_affairs',
      reviewedByLevel: 'county_civil_affairs',
    });
    expect(bad.valid).toBe(false);
    expect(
      facilityApproval({
        kind: 'cemetery_commercial',
        approvedByLevel: 'provincial_civil_affairs',
        reviewedByLevel: 'city_civil_affairs',
      }).valid,
    ).toBe(true);
    expect(
      facilityApproval({
        kind: 'rural_public_cemetery',
        approvedByLevel: 'county_civil_affairs',
        reviewedByLevel: null,
      }).valid,
    ).toBe(false);
  });

  it('notice period and the 2026 rule dates', () => {
    expect(noticeEndsOn(defaultFuneralConfig, '2026-03-01')).toBe('2026-03-31');
    expect(ruleEraOf(defaultFuneralConfig, 'death_certificate', '2026-06-30')).toBe('before_2026');
    expect(ruleEraOf(defaultFuneralConfig, 'death_certificate', '2026-07-01')).toBe('from_2026');
    expect(ruleEraOf(defaultFuneralConfig, 'regulation', '2026-03-29')).toBe('before_2026');
  });
});

describeEachDatabase(
  'funeral core: scope and facility validity',
  (t) => {
    it('a case is visible to its facility and county, 404 to a sibling facility; an invalid facility takes no business', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-11-02T02:00:00.000Z'));
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const other = await aFuneralFacility(ctx, { county: '430102' });
      const c = await aFuneralCase(ctx, home, { birthDate: '1940-02-02' });
      expect((await visibleFuneralCase(ctx.db.kysely, home.staff, c.id)).id).toBe(c.id);
      expect((await visibleFuneralCase(ctx.db.kysely, home.countyStaff, c.id)).id).toBe(c.id);
      await expect(visibleFuneralCase(ctx.db.kysely, other.staff, c.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const cemetery = await aFuneralFacility(ctx, {
        kind: 'cemetery_commercial',
        approvedByLevel: 'county_civil_affairs',
      });
      const row = await visibleFacility(ctx.db.kysely, cemetery.countyStaff, cemetery.id);
      try {
        ensureFacilityMayTakeBusiness(row);
        expect.unreachable();
      } catch (e) {
        expect(isDomainError(e) && e.code).toBe('FUNERAL_FACILITY_INVALID');
      }
    });
  },
  { lines: [funeralLine] },
);
