import { type PlainDate, childrenOf, isDomainError, newId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import { storeAttachment } from '../attachments/index';
import type { CoreContext } from '../context';
import { createPerson } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { custodyEventsOf } from './cases.repository';
import { demoPdf, seedCemeteriesDemo } from './cemeteries.demo-seed';
import { cemeteriesTodos } from './cemeteries.todos';
import { seedFacilitiesDemo } from './facilities.demo-seed';
import {
  createPlotBlock,
  getPlot,
  interInPlot,
  listCemeteries,
  listEcoBurials,
  listPlots,
  payEcoBurialAward,
  plotMap,
  recordEcoBurial,
  renewPlot,
  sellPlot,
} from './cemeteries.service';
import { defaultFuneralConfig, type FuneralConfig } from './funeral.config';
import { aFuneralCase, aFuneralFacility } from './funeral.fixtures';
import { funeralLine } from './line';
import {
  closeFinding,
  exportFindings,
  getFinding,
  listFindings,
  recordFinding,
  remediationCounts,
  remediationTodos,
} from './remediation.service';

/** A date literal as the contracts' branded date. */
const d = (s: string) => s as PlainDate;

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (isDomainError(e) ? e.code : e),
  );
const page = { page: 1, pageSize: 50 };
const sale = (termFrom: string, termYears = 20) => ({
  mode: 'sale' as const,
  holderName: '李秀英',
  holderPhone: '13912345678',
  termFrom: d(termFrom),
  termYears,
});
/** Today on the test clock: 2026-11-29 (10:00 Beijing). */
const clock = () => new ManualClock('2026-11-29T02:00:00.000Z');

async function plotIds(ctx: CoreContext, facilityId: string, actor: Parameters<typeof listPlots>[1]) {
  return (await listPlots(ctx, actor, { facilityId, ...page })).items.map((p) => p.id);
}

describeEachDatabase(
  'cemeteries: plots, limits, villagers, interment, eco burials (R-FUN-01/05/06/07/08)',
  (t) => {
    it('block creation and sale enforce R-FUN-05/07/08 and R-FUN-01; expiring and expired are computed on read; scope hides plots', async () => {
      const ctx = testContext(t.db, clock());
      const cem = await aFuneralFacility(ctx, { kind: 'cemetery_public_benefit' });
      const block = {
        facilityId: cem.id,
        section: 'A',
        rowFrom: 1,
        rowTo: 2,
        numberFrom: 1,
        numberTo: 3,
        kind: 'ash_grave' as const,
        areaM2: 0.8,
        locationFlags: [],
      };
      expect(await code(createPlotBlock(ctx, cem.staff, { ...block, areaM2: 1.2 }))).toBe(
        'FUNERAL_PLOT_OVERSIZE',
      );
      expect(await code(createPlotBlock(ctx, cem.staff, { ...block, locationFlags: ['highway'] }))).toBe(
        'FUNERAL_FORBIDDEN_LOCATION',
      );
      expect(
        await code(createPlotBlock(ctx, cem.staff, { ...block, kind: 'single_body_grave', areaM2: 3 })),
      ).toBe('FUNERAL_BURIAL_IN_CREMATION_ZONE');
      expect(await code(createPlotBlock(ctx, cem.staff, { ...block, kind: 'niche' }))).toBe(
        'FUNERAL_PLOT_KIND_MISMATCH',
      );
      expect(await createPlotBlock(ctx, cem.staff, block)).toEqual({ created: 6 });
      expect(await code(createPlotBlock(ctx, cem.staff, { ...block, rowFrom: 2, rowTo: 3 }))).toBe(
        'FUNERAL_PLOT_EXISTS',
      );
      const invalid = await aFuneralFacility(ctx, {
        kind: 'cemetery_commercial',
        approvedByLevel: 'county_civil_affairs',
      });
      expect(await code(createPlotBlock(ctx, invalid.staff, { ...block, facilityId: invalid.id }))).toBe(
        'FUNERAL_FACILITY_INVALID',
      );

      const [p1, p2, p3, p4] = await plotIds(ctx, cem.id, cem.staff);
      expect(await code(sellPlot(ctx, cem.staff, p1!, sale(d('2026-11-01'), 25)))).toBe(
        'FUNERAL_TERM_TOO_LONG',
      );
      // 2007-01-01 + 20 years ends 2026-12-31: within 12 months → expiring.
      const expiring = await sellPlot(ctx, cem.staff, p1!, sale(d('2007-01-01')));
      expect(expiring).toMatchObject({
        status: 'reserved',
        termUntil: d('2026-12-31'),
        termState: 'expiring',
      });
      expect(expiring.holderPhoneMasked).toBe('139****5678');
      expect((await sellPlot(ctx, cem.staff, p2!, sale(d('2000-01-01')))).termState).toBe('expired');
      expect((await sellPlot(ctx, cem.staff, p3!, sale(d('2026-11-01')))).termState).toBe('current');
      expect(await code(sellPlot(ctx, cem.staff, p1!, sale(d('2026-11-01'))))).toBe('FUNERAL_PLOT_NOT_FREE');

      const exp = await listPlots(ctx, cem.countyStaff, {
        facilityId: cem.id,
        termState: 'expiring',
        ...page,
      });
      expect(exp.items.map((p) => p.id)).toEqual([p1]);
      expect((await listPlots(ctx, cem.staff, { termState: 'expired', ...page })).total).toBe(1);
      const map = await plotMap(ctx, cem.staff, cem.id);
      expect(map.plots.map((p) => p.termState)).toEqual([
        'expiring',
        'expired',
        'current',
        'none',
        'none',
        'none',
      ]);
      const [summary] = await listCemeteries(ctx, cem.staff, {});
      expect(summary).toMatchObject({
        plots: 6,
        free: 3,
        reserved: 3,
        expiring: 1,
        expired: 1,
        mayTakeBusiness: true,
      });
      expect(await cemeteriesTodos[0]!.load(ctx, cem.staff)).toMatchObject([
        { kind: 'funeral.plots-expiring', count: 1, dueOn: '2026-12-31' },
      ]);

      // Renewal: each period ≤ 20 years and the term may not reach past today + 20 years.
      expect(await code(renewPlot(ctx, cem.staff, p1!, { years: 21 }))).toBe('FUNERAL_TERM_TOO_LONG');
      expect(await code(renewPlot(ctx, cem.staff, p1!, { years: 20 }))).toBe('FUNERAL_TERM_TOO_LONG');
      expect(await renewPlot(ctx, cem.staff, p1!, { years: 19 })).toMatchObject({
        termUntil: d('2045-12-31'),
        termState: 'current',
      });
      expect(await code(renewPlot(ctx, cem.staff, p4!, { years: 5 }))).toBe('FUNERAL_PLOT_NOT_SOLD');

      // Scope: another county's staff and another facility's staff see nothing.
      const outsider = (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430181' })).actor;
      const sibling = await aFuneralFacility(ctx, { kind: 'cemetery_public_benefit' });
      for (const actor of [outsider, sibling.staff]) {
        expect(await code(getPlot(ctx, actor, p1!))).toBe('NOT_FOUND');
        expect(await code(sellPlot(ctx, actor, p4!, sale(d('2026-11-01'))))).toBe('NOT_FOUND');
        expect(await code(plotMap(ctx, actor, cem.id))).toBe('NOT_FOUND');
      }
      expect((await listPlots(ctx, outsider, page)).total).toBe(0);
      expect((await getPlot(ctx, cem.countyStaff, p4!)).status).toBe('free');
    });

    it('R-FUN-06: a rural public cemetery sells only to villagers of its village, read from the people index', async () => {
      const ctx = testContext(t.db, clock());
      const village = '430182102201';
      const rural = await aFuneralFacility(ctx, {
        kind: 'rural_public_cemetery',
        county: '430182',
        villageCode: village,
      });
      await createPlotBlock(ctx, rural.staff, {
        facilityId: rural.id,
        section: 'A',
        rowFrom: 1,
        rowTo: 1,
        numberFrom: 1,
        numberTo: 3,
        kind: 'ash_grave',
        areaM2: 1,
        locationFlags: [],
      });
      const person = async (name: string, villageCode: string | null) => {
        const p = await createPerson(ctx, systemActor('test', '430182'), {
          name,
          sex: 'male',
          hukouDivisionCode: '430182102',
          source: '测试',
        });
        if (villageCode) {
          await ctx.db.kysely
            .insertInto('personFacts')
            .values({
              id: newId(),
              personId: p.id,
              field: 'hukouVillageCode',
              value: villageCode,
              source: '户籍核验',
              recordedAt: ctx.clock.now().toISOString(),
              recordedBy: 'test',
            })
            .execute();
        }
        return p.id;
      };
      const villager = await person('村民甲', village);
      const outsider = await person('外村乙', '430182102202');
      const unverified = await person('未核丙', null);
      const [a, b] = await plotIds(ctx, rural.id, rural.staff);
      const refusal = async (body: object) =>
        sellPlot(ctx, rural.staff, a!, { ...sale(d('2026-11-01')), ...body }).then(
          () => 'ok',
          (e: unknown) => (isDomainError(e) ? `${e.code}/${(e.details as { reason: string }).reason}` : e),
        );
      expect(await refusal({})).toBe('FUNERAL_NOT_A_VILLAGER/no_person');
      expect(await refusal({ holderPersonId: unverified })).toBe('FUNERAL_NOT_A_VILLAGER/village_unverified');
      expect(await refusal({ holderPersonId: outsider })).toBe('FUNERAL_NOT_A_VILLAGER/other_village');
      expect((await getPlot(ctx, rural.staff, a!)).status).toBe('free');
      expect(
        (await sellPlot(ctx, rural.staff, a!, { ...sale(d('2026-11-01')), holderPersonId: villager })).status,
      ).toBe('reserved');
      // The deceased is a villager: a buyer from elsewhere may buy for them.
      const deceasedVillager = await person('村民丁', village);
      const sold = await sellPlot(ctx, rural.staff, b!, {
        ...sale(d('2026-11-01')),
        holderPersonId: outsider,
        deceasedPersonId: deceasedVillager,
      });
      expect(sold.status).toBe('reserved');
    });

    it('interment: a scanned urn links the case and moves it to buried; body burial refused in a cremation zone (R-FUN-01)', async () => {
      const reform: FuneralConfig = {
        ...defaultFuneralConfig,
        zoneAreas: [
          {
            divisionCode: '430102',
            zone: 'burial_reform',
            approvedBy: '测试',
            basis: '测试',
            from: d('2020-01-01'),
          },
        ],
      };
      const ctx = testContext(t.db, clock());
      const reformCtx = testContext(t.db, clock(), { lines: { funeral: reform } });
      const home = await aFuneralFacility(ctx);
      const cem = await aFuneralFacility(ctx, { kind: 'cemetery_public_benefit' });
      await createPlotBlock(ctx, cem.staff, {
        facilityId: cem.id,
        section: 'A',
        rowFrom: 1,
        rowTo: 1,
        numberFrom: 1,
        numberTo: 2,
        kind: 'ash_grave',
        areaM2: 1,
        locationFlags: [],
      });
      // Where the zone is burial reform, body graves may be laid out and sold.
      await createPlotBlock(reformCtx, cem.staff, {
        facilityId: cem.id,
        section: 'B',
        rowFrom: 1,
        rowTo: 1,
        numberFrom: 1,
        numberTo: 1,
        kind: 'single_body_grave',
        areaM2: 4,
        locationFlags: [],
      });
      const [ash, ash2, body] = await plotIds(ctx, cem.id, cem.staff);
      const c = await aFuneralCase(ctx, home, { birthDate: d('1940-01-02'), step: 'cremated' });
      const urn = `GH${c.id.toUpperCase()}`;
      await ctx.db.kysely.updateTable('funeralCases').set({ urnCode: urn }).where('id', '=', c.id).execute();
      expect(
        await code(
          interInPlot(ctx, cem.staff, ash!, { urnCode: urn, remains: 'ashes', interredOn: d('2026-11-29') }),
        ),
      ).toBe('FUNERAL_PLOT_NOT_SOLD');
      await sellPlot(ctx, cem.staff, ash!, sale(d('2026-11-01')));
      expect(
        await code(
          interInPlot(ctx, cem.staff, ash!, {
            urnCode: 'GHNOPE',
            remains: 'ashes',
            interredOn: d('2026-11-29'),
          }),
        ),
      ).toBe('FUNERAL_CODE_UNKNOWN');
      const done = await interInPlot(ctx, cem.staff, ash!, {
        urnCode: urn,
        remains: 'ashes',
        interredOn: d('2026-11-29'),
      });
      expect(done.status).toBe('occupied');
      expect(done.interred).toMatchObject([{ personId: c.personId, caseId: c.id, remains: 'ashes' }]);
      const events = await custodyEventsOf(ctx.db.kysely, c.id);
      expect(events.at(-1)).toMatchObject({ step: 'buried', code: urn });
      const row = await ctx.db.kysely
        .selectFrom('funeralCases')
        .select(['step', 'closedAt'])
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(row.step).toBe('buried');
      expect(row.closedAt).not.toBeNull();
      await sellPlot(ctx, cem.staff, ash2!, sale(d('2026-11-01')));
      expect(
        await code(
          interInPlot(ctx, cem.staff, ash2!, { urnCode: urn, remains: 'ashes', interredOn: d('2026-11-29') }),
        ),
      ).toBe('FUNERAL_CASE_STEP');
      expect(
        await code(
          interInPlot(ctx, cem.staff, ash2!, {
            personId: c.personId,
            remains: 'ashes',
            interredOn: d('2026-11-29'),
          }),
        ),
      ).toBe('FUNERAL_ALREADY_INTERRED');
      expect(
        await code(
          interInPlot(ctx, cem.staff, ash2!, {
            personId: c.personId,
            remains: 'body',
            interredOn: d('2026-11-29'),
          }),
        ),
      ).toBe('FUNERAL_PLOT_KIND_MISMATCH');

      await sellPlot(reformCtx, cem.staff, body!, sale(d('2026-11-01')));
      const other = await aFuneralCase(ctx, home, { birthDate: d('1941-02-03'), step: 'in_storage' });
      // Under the default configuration the cemetery's county is a cremation zone: a body is refused.
      expect(
        await code(
          interInPlot(ctx, cem.staff, body!, {
            personId: other.personId,
            remains: 'body',
            interredOn: d('2026-11-29'),
          }),
        ),
      ).toBe('FUNERAL_BURIAL_IN_CREMATION_ZONE');
      expect((await getPlot(ctx, cem.staff, body!)).status).toBe('reserved');
      expect(
        (
          await interInPlot(reformCtx, cem.staff, body!, {
            personId: other.personId,
            remains: 'body',
            interredOn: d('2026-11-29'),
          })
        ).status,
      ).toBe('occupied');
    });

    it('eco burials: one per person, the award from configuration by division and date, paid once; scoped', async () => {
      const ctx = testContext(t.db, clock());
      const home = await aFuneralFacility(ctx);
      const cem = await aFuneralFacility(ctx, { kind: 'cemetery_public_benefit' });
      const c = await aFuneralCase(ctx, home, { birthDate: d('1939-05-06'), step: 'ashes_released' });
      const eco = await recordEcoBurial(ctx, cem.countyStaff, {
        personId: c.personId,
        caseId: c.id,
        facilityId: cem.id,
        kind: 'tree',
        buriedOn: d('2026-11-20'),
        place: '生态园树葬区',
      });
      expect(eco).toMatchObject({ awardFen: 100_000, awardStatus: 'pending', divisionCode: '430102' });
      expect(
        await code(
          recordEcoBurial(ctx, cem.countyStaff, {
            personId: c.personId,
            kind: 'sea',
            buriedOn: d('2026-11-20'),
            place: '海葬',
            divisionCode: '430102',
          }),
        ),
      ).toBe('FUNERAL_ECO_BURIAL_EXISTS');
      expect(await code(payEcoBurialAward(ctx, cem.countyStaff, eco.id, { paidOn: d('2026-11-10') }))).toBe(
        'FUNERAL_PAID_ON_INVALID',
      );
      expect(
        (await payEcoBurialAward(ctx, cem.countyStaff, eco.id, { paidOn: d('2026-11-28') })).awardStatus,
      ).toBe('paid');
      expect(await code(payEcoBurialAward(ctx, cem.countyStaff, eco.id, { paidOn: d('2026-11-28') }))).toBe(
        'FUNERAL_AWARD_NOT_PENDING',
      );
      const outsider = (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430181' })).actor;
      expect((await listEcoBurials(ctx, outsider, page)).total).toBe(0);
      expect(await code(payEcoBurialAward(ctx, outsider, eco.id, { paidOn: d('2026-11-28') }))).toBe(
        'NOT_FOUND',
      );
      expect(
        (await listEcoBurials(ctx, cem.countyStaff, { kind: 'tree', ...page })).items.map((e) => e.id),
      ).toContain(eco.id);
    });
  },
  { lines: [funeralLine] },
);

describeEachDatabase(
  'remediation ledger (整治台账): findings, closure with evidence, overdue, counts by division',
  (t) => {
    it('records, refuses, closes only with evidence, flags overdue, counts by township and scopes by township', async () => {
      const ctx = testContext(t.db, clock());
      const [town1, town2] = childrenOf('430102');
      const county = (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' })).actor;
      const township = (await aUser(ctx, { role: 'funeral_staff', divisionCode: town1!.code })).actor;
      const base = {
        category: 'scattered_grave_forbidden' as const,
        divisionCode: town1!.code,
        location: '京港澳高速K1480东侧',
        locationFlags: ['highway' as const],
        protectedHistoric: false,
        description: '高速沿线新坟 2 座',
        foundOn: d('2026-09-01'),
        deadline: d('2026-10-31'),
      };
      expect(await code(recordFinding(ctx, township, { ...base, divisionCode: town2!.code }))).toBe(
        'DIVISION_OUT_OF_SCOPE',
      );
      expect(await code(recordFinding(ctx, township, { ...base, protectedHistoric: true }))).toBe(
        'FUNERAL_PROTECTED_TOMB_EXEMPT',
      );
      expect(await code(recordFinding(ctx, township, { ...base, locationFlags: [] }))).toBe(
        'FUNERAL_LOCATION_FLAG_REQUIRED',
      );
      expect(await code(recordFinding(ctx, township, { ...base, deadline: d('2026-08-01') }))).toBe(
        'FUNERAL_DEADLINE_BEFORE_FOUND',
      );
      const overdue = await recordFinding(ctx, township, base);
      expect(overdue).toMatchObject({ status: 'open', overdue: true, locationFlags: ['highway'] });
      const other = await recordFinding(ctx, county, {
        ...base,
        category: 'superstitious_goods',
        divisionCode: town2!.code,
        locationFlags: [],
        deadline: d('2026-12-31'),
      });
      expect(other.overdue).toBe(false);

      // Closure needs a closure photo or document attached to the finding.
      const close = {
        closedOn: d('2026-11-28'),
        closureNote: '已迁移，现场恢复',
        evidenceAttachmentIds: [] as string[],
      };
      expect(await code(closeFinding(ctx, township, overdue.id, close))).toBe(
        'FUNERAL_REMEDIATION_EVIDENCE_REQUIRED',
      );
      const found = await storeAttachment(ctx, township, {
        ownerType: 'funeral_remediation',
        ownerId: overdue.id,
        kind: 'found_photo',
        content: demoPdf('found'),
      });
      expect(
        await code(
          closeFinding(ctx, township, overdue.id, { ...close, evidenceAttachmentIds: [found.attachment.id] }),
        ),
      ).toBe('FUNERAL_REMEDIATION_EVIDENCE_REQUIRED');
      expect((await getFinding(ctx, township, overdue.id)).status).toBe('open');
      const proof = await storeAttachment(ctx, township, {
        ownerType: 'funeral_remediation',
        ownerId: overdue.id,
        kind: 'closure_photo',
        content: demoPdf('closed'),
      });
      expect(
        await code(
          closeFinding(ctx, township, overdue.id, {
            ...close,
            closedOn: d('2026-12-01'),
            evidenceAttachmentIds: [proof.attachment.id],
          }),
        ),
      ).toBe('FUNERAL_CLOSED_ON_INVALID');
      const closed = await closeFinding(ctx, township, overdue.id, {
        ...close,
        evidenceAttachmentIds: [proof.attachment.id],
      });
      expect(closed).toMatchObject({
        status: 'closed',
        overdue: false,
        evidenceAttachmentIds: [proof.attachment.id],
      });
      expect(
        await code(
          closeFinding(ctx, township, overdue.id, { ...close, evidenceAttachmentIds: [proof.attachment.id] }),
        ),
      ).toBe('FUNERAL_REMEDIATION_CLOSED');

      // Scope: the township sees its own; the county both; another county none.
      expect((await listFindings(ctx, township, page)).items.map((f) => f.id)).toEqual([overdue.id]);
      expect(await code(getFinding(ctx, township, other.id))).toBe('NOT_FOUND');
      expect((await listFindings(ctx, county, page)).total).toBe(2);
      const outsider = (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430181' })).actor;
      expect((await listFindings(ctx, outsider, page)).total).toBe(0);
      expect(await code(closeFinding(ctx, outsider, other.id, close))).toBe('NOT_FOUND');

      // Overdue and counts by township.
      const late = await recordFinding(ctx, county, {
        ...base,
        divisionCode: town2!.code,
        foundOn: d('2026-10-01'),
        deadline: d('2026-11-01'),
      });
      expect((await listFindings(ctx, county, { state: 'overdue', ...page })).items.map((f) => f.id)).toEqual(
        [late.id],
      );
      expect(await remediationTodos[0]!.load(ctx, county)).toMatchObject([
        { kind: 'funeral.remediation-overdue', count: 1 },
      ]);
      const counts = await remediationCounts(ctx, county, {});
      expect(counts.rows).toEqual([
        { divisionCode: town1!.code, divisionName: town1!.name, found: 1, closed: 1, open: 0, overdue: 0 },
        { divisionCode: town2!.code, divisionName: town2!.name, found: 2, closed: 0, open: 2, overdue: 1 },
      ]);
      const exported: string[] = [];
      for await (const f of await exportFindings(ctx, county, { state: 'open' })) exported.push(f.id);
      expect(exported.sort()).toEqual([other.id, late.id].sort());
    });

    it('demo seed: plots with mixed status and expiring terms, eco burials, about twenty findings; idempotent', async () => {
      const ctx = testContext(t.db, clock());
      await seedFacilitiesDemo(ctx);
      await seedCemeteriesDemo(ctx);
      await seedCemeteriesDemo(ctx);
      const admin = systemActor('test', '430000');
      const plots = await listPlots(ctx, admin, { ...page, pageSize: 1 });
      expect(plots.total).toBe(2 * 8 * 12 + 2 * 6 * 10 + 4 * 8);
      expect((await listPlots(ctx, admin, { termState: 'expiring', ...page })).total).toBeGreaterThan(0);
      const findings = await listFindings(ctx, admin, page);
      expect(findings.total).toBe(20);
      expect(findings.items.some((f) => f.status === 'closed' && f.evidenceAttachmentIds.length === 1)).toBe(
        true,
      );
      expect(findings.items.some((f) => f.overdue)).toBe(true);
    });
  },
  { lines: [funeralLine] },
);
