import { isDomainError } from '@social-affairs/kernel';
import { describe, expect, it } from 'vitest';
import { ensureVisible } from '../access/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { visibleApplication, visibleCertificate, visibleEntitlement } from './disability.access';
import { defaultDisabilityConfig, type DisabilityConfig } from './disability.config';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  anEntitlement,
  aStandard,
} from './disability.fixtures';
import { eventsOfEntitlement } from './disability.repository';
import { grantEntitlement, stopEntitlement } from './entitlements';
import { disabilityLine } from './line';
import {
  addMonthsToMonth,
  decideDue,
  eligibilityOf,
  floorFenOf,
  forwardDue,
  lastPaidMonthAfterEvent,
  notifyDue,
  payFromMonthOf,
  pickStandard,
  workingDaysAfter,
  type EligibilityFacts,
} from './rules';
import { standardFor } from './standards.lookup';

const hunan = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  hukouDivisionCode: '430181',
  provincePrefix: '43',
  alive: true,
  certificate: { category: 4, grade: 2, status: 'valid' },
  dibao: false,
  tekun: false,
  ...over,
});
const cfg = defaultDisabilityConfig;
const on = '2025-06-01';
const codes = (e: { reasons: { code: string }[] }) => e.reasons.map((r) => r.code);

describe('disability rules (rulebook §6)', () => {
  it('R-DIS-01 TC1–TC4: limb grade 2 not on 低保 → care only; grade 4 intellectual → neither unless extended; grade 1 on 低保 → both; non-Hunan hukou → neither', () => {
    const tc1 = eligibilityOf(cfg, '430181001', on, hunan());
    expect([tc1.care.eligible, tc1.living.eligible]).toEqual([true, false]);
    expect(codes(tc1.living)).toEqual(['NOT_DIBAO']);

    const grade4 = hunan({ certificate: { category: 5, grade: 4, status: 'valid' } });
    expect(eligibilityOf(cfg, '430181001', on, grade4).care.eligible).toBe(false);
    const extended: DisabilityConfig = {
      ...cfg,
      extensions: [
        {
          divisionCode: '4301',
          from: '2021-01-01',
          livingLowIncome: true,
          livingElderlyParents: false,
          livingMultipleDisabled: false,
          careGrade34IntellectualMental: true,
          basis: '测试：长沙市扩面文件',
        },
      ],
    };
    expect(eligibilityOf(extended, '430181001', on, grade4).care.eligible).toBe(true);
    // The extension is for 长沙市 only, and only from its start date.
    expect(
      eligibilityOf(extended, '430202001', on, { ...grade4, hukouDivisionCode: '430202' }).care.eligible,
    ).toBe(false);
    expect(eligibilityOf(extended, '430181001', '2020-12-31', grade4).care.eligible).toBe(false);
    // A limb grade-4 certificate is not intellectual/mental: no extension.
    expect(
      eligibilityOf(
        extended,
        '430181001',
        on,
        hunan({ certificate: { category: 4, grade: 4, status: 'valid' } }),
      ).care.eligible,
    ).toBe(false);
    // Low-income extension for the living subsidy.
    expect(eligibilityOf(extended, '430181001', on, hunan({ lowIncome: true })).living.eligible).toBe(true);
    expect(eligibilityOf(cfg, '430181001', on, hunan({ lowIncome: true })).living.eligible).toBe(false);

    const tc3 = eligibilityOf(
      cfg,
      '430181001',
      on,
      hunan({ dibao: true, certificate: { category: 1, grade: 1, status: 'valid' } }),
    );
    expect([tc3.living.eligible, tc3.care.eligible]).toEqual([true, true]);

    const tc4 = eligibilityOf(cfg, '440106001', on, hunan({ hukouDivisionCode: '440106', dibao: true }));
    expect([tc4.living.eligible, tc4.care.eligible]).toEqual([false, false]);
    expect(codes(tc4.care)).toContain('HUKOU_OUTSIDE');
  });

  it('R-DIS-01/07: no certificate, or one expired, frozen or cancelled, or a deceased person → neither', () => {
    expect(
      codes(eligibilityOf(cfg, '430181001', on, hunan({ certificate: null, dibao: true })).care),
    ).toContain('NO_CERTIFICATE');
    for (const status of ['expired', 'frozen', 'cancelled']) {
      const e = eligibilityOf(
        cfg,
        '430181001',
        on,
        hunan({ dibao: true, certificate: { category: 4, grade: 1, status } }),
      );
      expect([e.living.eligible, e.care.eligible]).toEqual([false, false]);
    }
    expect(eligibilityOf(cfg, '430181001', on, hunan({ alive: false })).care.eligible).toBe(false);
  });

  it('R-DIS-03: orphan grade 1 → care only; work-injury care allowance → no care (both by default, care only when configured); 特困 → neither unless configured', () => {
    const orphan = eligibilityOf(
      cfg,
      '430181001',
      on,
      hunan({ dibao: true, orphanSupport: true, certificate: { category: 4, grade: 1, status: 'valid' } }),
    );
    expect([orphan.care.eligible, orphan.living.eligible]).toEqual([true, false]);

    const injury = hunan({ dibao: true, workInjuryCareAllowance: true });
    const both = eligibilityOf(cfg, '430181001', on, injury);
    expect([both.care.eligible, both.living.eligible]).toEqual([false, false]);
    const careOnly = eligibilityOf(
      { ...cfg, overlap: { ...cfg.overlap, workInjuryCareExcludes: 'care' } },
      '430181001',
      on,
      injury,
    );
    expect([careOnly.care.eligible, careOnly.living.eligible]).toEqual([false, true]);

    const tekun = hunan({
      dibao: true,
      tekun: true,
      certificate: { category: 4, grade: 1, status: 'valid' },
    });
    const baseline = eligibilityOf(cfg, '430181001', on, tekun);
    expect([baseline.care.eligible, baseline.living.eligible]).toEqual([false, false]);
    const keeps = eligibilityOf(
      { ...cfg, overlap: { ...cfg.overlap, tekunKeepsCare: true } },
      '430181001',
      on,
      tekun,
    );
    expect([keeps.care.eligible, keeps.living.eligible]).toEqual([true, false]);
    // Every reason names its rule.
    expect(baseline.care.reasons.every((r) => r.rule.startsWith('R-DIS-'))).toBe(true);
  });

  it('R-DIS-05 / R-DIS-07: paid from the month of application; stopped from the month after the event', () => {
    expect(payFromMonthOf('2025-03-28')).toBe('2025-03');
    expect(lastPaidMonthAfterEvent('2025-03-15')).toBe('2025-03');
    expect(addMonthsToMonth('2025-06', 1)).toBe('2025-07');
    expect(addMonthsToMonth('2025-12', 1)).toBe('2026-01');
    expect(addMonthsToMonth('2026-01', -1)).toBe('2025-12');
  });

  it('R-DIS-06 TC: complete on Mon 2025-03-03 → forward by Thu 03-06; received 03-06 → decide by 03-20; notify within 3 working days', () => {
    expect(forwardDue(cfg, '2025-03-03')).toEqual({ dueOn: '2025-03-06', provisional: false });
    expect(decideDue(cfg, '2025-03-06')).toEqual({ dueOn: '2025-03-20', provisional: false });
    expect(notifyDue(cfg, '2025-03-20').dueOn).toBe('2025-03-25');
    // Across National Day 2025 (10-01..10-08 off, Sat 10-11 an adjusted working day, which counts).
    expect(forwardDue(cfg, '2025-09-30').dueOn).toBe('2025-10-11');
    // A year whose holidays are not loaded is flagged, never guessed silently.
    expect(workingDaysAfter('2031-12-29', 3).provisional).toBe(true);
  });

  it('R-DIS-08: floors 65 (2020) and 70 (2021 onwards, until configured otherwise); standards pick the most specific tier', () => {
    expect(floorFenOf(cfg, 2020, 'care')).toBe(6_500);
    expect(floorFenOf(cfg, 2021, 'living')).toBe(7_000);
    expect(floorFenOf(cfg, 2026, 'living')).toBe(7_000);
    expect(floorFenOf(cfg, 2019, 'living')).toBe(0);
    const cands = [
      {
        divisionCode: '4301',
        category: null,
        grade: null,
        hardship: null,
        amountFen: 9_000,
        fromMonth: '2025-01',
      },
      {
        divisionCode: '430181',
        category: null,
        grade: null,
        hardship: null,
        amountFen: 9_500,
        fromMonth: '2025-01',
      },
      {
        divisionCode: '430181',
        category: null,
        grade: 1,
        hardship: null,
        amountFen: 12_000,
        fromMonth: '2025-01',
      },
      {
        divisionCode: '430181',
        category: null,
        grade: 1,
        hardship: null,
        amountFen: 13_000,
        fromMonth: '2025-07',
      },
    ];
    const who = { divisionCode: '430181001', month: '2025-03', category: 4, grade: 2, hardship: null };
    expect(pickStandard(cands, who)?.amountFen).toBe(9_500);
    expect(pickStandard(cands, { ...who, grade: 1 })?.amountFen).toBe(12_000);
    expect(pickStandard(cands, { ...who, grade: 1, month: '2025-08' })?.amountFen).toBe(13_000);
    expect(pickStandard(cands, { ...who, divisionCode: '430102001' })?.amountFen).toBe(9_000);
    expect(pickStandard(cands, { ...who, divisionCode: '430202001' })).toBeUndefined();
  });
});

describeEachDatabase(
  'disability shared core: entitlements, scope, standards',
  (t) => {
    const setup = () => testContext(t.db, new ManualClock('2025-03-10T02:00:00.000Z'));

    it('grants once per person and subsidy, stops from the month after the event with its reason, idempotently', async () => {
      const ctx = setup();
      const c = await aDisabilityCounty(ctx);
      const p = await aDisabledPerson(ctx, { grade: 1, dibaoFrom: '2024-01-01' });
      const at = ctx.clock.now().toISOString();
      const granted = await ctx.db.kysely.transaction().execute((trx) =>
        grantEntitlement(
          trx,
          c.civilAffairs,
          {
            personId: p.personId,
            subsidy: 'care',
            divisionCode: c.township,
            countyCode: c.county,
            applicationId: null,
            certificateId: p.certificateId,
            fromMonth: '2025-03',
            source: 'test',
            sourceId: null,
          },
          at,
        ),
      );
      expect(granted).toMatchObject({ status: 'active', fromMonth: '2025-03', toMonth: null });
      const again = await ctx.db.kysely
        .transaction()
        .execute((trx) =>
          grantEntitlement(
            trx,
            c.civilAffairs,
            {
              personId: p.personId,
              subsidy: 'care',
              divisionCode: c.township,
              countyCode: c.county,
              applicationId: null,
              certificateId: p.certificateId,
              fromMonth: '2025-04',
              source: 'test',
              sourceId: null,
            },
            at,
          ),
        )
        .catch((e: unknown) => e);
      expect(isDomainError(again) && again.code).toBe('DISABILITY_ALREADY_RECEIVING');

      const stopped = await ctx.db.kysely
        .transaction()
        .execute((trx) =>
          stopEntitlement(
            trx,
            c.civilAffairs,
            granted,
            { reason: 'death', eventDate: '2025-03-15', source: 'death', sourceId: null },
            at,
          ),
        );
      expect(stopped.changed).toBe(true);
      expect(stopped.row).toMatchObject({ status: 'stopped', toMonth: '2025-03', stopReason: 'death' });
      const twice = await ctx.db.kysely
        .transaction()
        .execute((trx) =>
          stopEntitlement(
            trx,
            c.civilAffairs,
            stopped.row,
            { reason: 'death', eventDate: '2025-03-15', source: 'death', sourceId: null },
            at,
          ),
        );
      expect(twice.changed).toBe(false);
      const events = await eventsOfEntitlement(ctx.db.kysely, granted.id);
      expect(events.map((e) => [e.kind, e.effectiveMonth, e.reasonCode])).toEqual([
        ['granted', '2025-03', null],
        ['stopped', '2025-04', 'death'],
      ]);
    });

    it('scope: the receiving window and the hukou side see an application; another township and another county do not', async () => {
      const ctx = setup();
      const c = await aDisabilityCounty(ctx);
      const far = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const p = await aDisabledPerson(ctx);
      // Received in 芙蓉区's 文艺路街道 for a 浏阳市 淮川街道 hukou (apply anywhere, R-DIS-06).
      const a = await anApplication(ctx, p, { divisionCode: c.township, receivedDivisionCode: far.township });
      const db = ctx.db.kysely;
      await expect(visibleApplication(db, c.townshipClerk, a.id)).resolves.toMatchObject({ id: a.id });
      await expect(visibleApplication(db, far.townshipClerk, a.id)).resolves.toMatchObject({ id: a.id });
      await expect(visibleApplication(db, c.civilAffairs, a.id)).resolves.toMatchObject({ id: a.id });
      await expect(visibleApplication(db, c.otherTownshipClerk, a.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(visibleApplication(db, far.otherTownshipClerk, a.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });

      const e = await anEntitlement(ctx, p, { divisionCode: c.township });
      await expect(visibleEntitlement(db, c.townshipClerk, e.id)).resolves.toBeTruthy();
      await expect(visibleEntitlement(db, c.otherTownshipClerk, e.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      // The certificate register is shared by the county's townships, not by another county.
      await expect(visibleCertificate(db, c.otherTownshipClerk, p.certificateId!)).resolves.toBeTruthy();
      await expect(visibleCertificate(db, far.countyClerk, p.certificateId!)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(() => ensureVisible(far.countyClerk, c.township, 'x')).toThrow();
    });

    it('standardFor: the division and tier standard, raised to the floor when below it; none configured → undefined', async () => {
      const ctx = setup();
      await aStandard(ctx, { divisionCode: '430181', year: 2025, subsidy: 'care', amountFen: 10_000 });
      await aStandard(ctx, {
        divisionCode: '430181',
        year: 2025,
        subsidy: 'care',
        grade: 1,
        amountFen: 12_000,
      });
      await aStandard(ctx, { divisionCode: '430181', year: 2025, subsidy: 'living', amountFen: 6_000 });
      const db = ctx.db.kysely;
      const base = { divisionCode: '430181001', month: '2025-03', category: 4, grade: 2, hardship: null };
      expect((await standardFor(db, cfg, { ...base, subsidy: 'care' }))?.amountFen).toBe(10_000);
      expect((await standardFor(db, cfg, { ...base, subsidy: 'care', grade: 1 }))?.amountFen).toBe(12_000);
      expect(await standardFor(db, cfg, { ...base, subsidy: 'living' })).toMatchObject({
        amountFen: 7_000,
        raisedToFloor: true,
      });
      expect(await standardFor(db, cfg, { ...base, subsidy: 'care', month: '2024-03' })).toBeUndefined();
    });
  },
  { lines: [disabilityLine] },
);
