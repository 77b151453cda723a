/**
 * Settlement (落户安置, R-RES-12) through the approval engine, and the cross-line subscribers (issue 15
 * item 6): a death recorded elsewhere closes the open case once; a person merge moves the case to the
 * survivor and an unmerge moves it back — on SQLite and PostgreSQL.
 */
import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { decideApproval, getApproval, withdrawApproval } from '../approvals/index';
import type { CoreContext } from '../context';
import { createPerson, decideMerge, proposeMerge, recordDeath, unmerge } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { findRescueCase } from './cases.repository';
import { CASE_PERSON_DECEASED_SUBSCRIBER, onCasePersonDeceased } from './cross-line.subscriber';
import { aCaseAttachment, logActions } from './departure.fixtures';
import { RESCUE_SEVEN_STEPS as SEVEN } from '@social-affairs/kernel/contracts/rescue';
import { departureLedger, departureOptions, recordDeparture } from './departure.service';
import { rescueLine } from './line';
import { defaultRescueConfig, type RescueConfig } from './rescue.config';
import { aRescueCase, aRescueStation, type RescueStationFixture } from './rescue.fixtures';
import { applySettlement } from './settlement.service';

const NOW = '2026-06-20T02:00:00.000Z'; // 2026-06-20 Beijing

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (e === undefined) return undefined;
  if (isDomainError(e)) return e.code;
  throw e instanceof Error ? e : new Error('unexpected rejection');
}

/** The instant `days` days before NOW (same time of day). */
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

describeEachDatabase(
  'rescue settlement (R-RES-12) and cross-line subscribers',
  (t) => {
    function setup(cfg: Partial<RescueConfig> = {}) {
      const ctx = testContext(t.db, new ManualClock(NOW), {
        lines: { rescue: { ...defaultRescueConfig, ...cfg } },
      });
      return ctx;
    }
    const stranded = (ctx: CoreContext, st: RescueStationFixture, days: number) =>
      aRescueCase(ctx, st, { estimatedAge: 50, enteredAt: daysBefore(days), identityStatus: 'unidentified' });
    const body = async (ctx: CoreContext, st: RescueStationFixture, caseId: string) => ({
      collectiveHukouInstitution: '长沙市社会福利院',
      materials: ['application_form', 'dna_record', 'face_record'] as (
        'application_form' | 'dna_record' | 'face_record'
      )[],
      attachmentIds: [await aCaseAttachment(ctx, st.staff, caseId, 'dna_record')],
    });

    it('TC R-RES-12: requested at day 80 → blocked (needs more than 3 months)', async () => {
      const ctx = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await stranded(ctx, st, 80);
      await logActions(ctx, { id: c.id, stationId: st.id, divisionCode: st.divisionCode });
      const options = await departureOptions(ctx, st.staff, c.id);
      expect(options.settlementCheck).toMatchObject({
        daysInCare: 80,
        longTerm: false,
        dnaEvidence: true,
        faceEvidence: true,
      });
      const e = await applySettlement(ctx, st.staff, c.id, await body(ctx, st, c.id)).catch(
        (x: unknown) => x,
      );
      expect(isDomainError(e) && e.code).toBe('RESCUE_SETTLEMENT_NOT_ALLOWED');
      expect(isDomainError(e) && e.message).toContain('3个月');
    });

    it('TC R-RES-12: at day 100 with DNA and face records → allowed; the county approves; the case closes as settled', async () => {
      const ctx = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await stranded(ctx, st, 100);
      await logActions(ctx, { id: c.id, stationId: st.id, divisionCode: st.divisionCode });
      // Attachments are required on submission.
      expect(
        await codeOf(
          applySettlement(ctx, st.staff, c.id, { collectiveHukouInstitution: '长沙市社会福利院' }),
        ),
      ).toBe('RESCUE_SETTLEMENT_ATTACHMENTS_REQUIRED');
      const s = await applySettlement(ctx, st.staff, c.id, await body(ctx, st, c.id));
      expect(s).toMatchObject({ status: 'pending', daysInCare: 100, foundDivisionCode: '430102' });
      // One file per person.
      expect(await codeOf(applySettlement(ctx, st.staff, c.id, await body(ctx, st, c.id)))).toBe(
        'RESCUE_SETTLEMENT_EXISTS',
      );
      const approval = await getApproval(ctx, st.countyStaff, s.approvalId!);
      expect(approval).toMatchObject({ definitionKey: 'rescue.settlement', status: 'pending' });
      // Station staff cannot decide (rescue:approve is the county reviewer's).
      expect(
        await codeOf(decideApproval(ctx, st.staff, s.approvalId!, { decision: 'approve' })),
      ).toBeDefined();
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      await decideApproval(ctx, reviewer, s.approvalId!, { decision: 'approve', reason: '同意落户' });
      await ctx.events.dispatchPending();
      const row = (await findRescueCase(ctx.db.kysely, c.id))!;
      expect(row).toMatchObject({ status: 'settled', closeKind: 'settlement' });
      const after = await departureOptions(ctx, st.staff, c.id);
      expect(after.settlement).toMatchObject({ status: 'approved' });
      const ledger = await departureLedger(ctx, st.staff, { page: 1, pageSize: 20, type: 'settlement' });
      expect(ledger.items).toEqual([
        expect.objectContaining({ caseId: c.id, settlementStatus: 'approved', kindLabel: '落户安置' }),
      ]);
      // A replayed event changes nothing.
      expect(await ctx.events.dispatchPending()).toBe(0);
    });

    it('TC R-RES-12: requested without a DNA record → blocked; a request suffices only under `settlementDnaEvidence: request`', async () => {
      const ctx = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const noDna = await stranded(ctx, st, 100);
      await logActions(
        ctx,
        { id: noDna.id, stationId: st.id, divisionCode: st.divisionCode },
        SEVEN.filter((s) => s !== 'dna_request'),
      );
      const e = await applySettlement(ctx, st.staff, noDna.id, await body(ctx, st, noDna.id)).catch(
        (x: unknown) => x,
      );
      expect(isDomainError(e) && e.code).toBe('RESCUE_SETTLEMENT_NOT_ALLOWED');
      expect(isDomainError(e) && e.message).toContain('DNA');
      // DNA requested but no result returned: blocked under the default (`result`), allowed under `request`.
      const requested = await stranded(ctx, st, 100);
      await logActions(ctx, { id: requested.id, stationId: st.id, divisionCode: st.divisionCode }, SEVEN);
      expect(
        await codeOf(applySettlement(ctx, st.staff, requested.id, await body(ctx, st, requested.id))),
      ).toBe('RESCUE_SETTLEMENT_NOT_ALLOWED');
      const lenient = setup({ settlementDnaEvidence: 'request' });
      const s = await applySettlement(lenient, st.staff, requested.id, await body(lenient, st, requested.id));
      expect(s.status).toBe('pending');
      // The seven actions must all be logged (R-RES-10).
      const six = await stranded(ctx, st, 100);
      await logActions(ctx, { id: six.id, stationId: st.id, divisionCode: st.divisionCode }, [
        ...SEVEN.filter((s) => s !== 'media'),
        'dna_result',
      ]);
      expect(await codeOf(applySettlement(ctx, st.staff, six.id, await body(ctx, st, six.id)))).toBe(
        'RESCUE_PRESCRIBED_ACTIONS_MISSING',
      );
      // Scope: a sibling station gets 404.
      const sibling = await aRescueStation(ctx, { county: '430102' });
      expect(
        await codeOf(
          applySettlement(ctx, sibling.staff, six.id, {
            collectiveHukouInstitution: 'x',
            attachmentIds: ['a'],
          }),
        ),
      ).toBe('NOT_FOUND');
    });

    it('a rejected settlement leaves the case open with the file rejected', async () => {
      const ctx = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await stranded(ctx, st, 120);
      await logActions(ctx, { id: c.id, stationId: st.id, divisionCode: st.divisionCode });
      const s = await applySettlement(ctx, st.staff, c.id, await body(ctx, st, c.id));
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      await decideApproval(ctx, reviewer, s.approvalId!, {
        decision: 'reject',
        reason: '材料不全，公安查询说明缺失',
      });
      await ctx.events.dispatchPending();
      expect((await findRescueCase(ctx.db.kysely, c.id))!.status).toBe('in_station');
      expect((await departureOptions(ctx, st.staff, c.id)).settlement).toMatchObject({ status: 'rejected' });
      // A new file may be applied for after a rejection.
      expect((await applySettlement(ctx, st.staff, c.id, await body(ctx, st, c.id))).status).toBe('pending');
    });

    it('a settlement withdrawn in the approval engine shows withdrawn, and no longer blocks a new application', async () => {
      const ctx = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await stranded(ctx, st, 120);
      await logActions(ctx, { id: c.id, stationId: st.id, divisionCode: st.divisionCode });
      const s = await applySettlement(ctx, st.staff, c.id, await body(ctx, st, c.id));
      await withdrawApproval(ctx, st.staff, s.approvalId!, { reason: '材料需补充，撤回重报' });
      expect((await departureOptions(ctx, st.staff, c.id)).settlement).toMatchObject({
        id: s.id,
        status: 'withdrawn',
        statusLabel: '已撤回',
      });
      const ledger = await departureLedger(ctx, st.staff, { page: 1, pageSize: 20, type: 'settlement' });
      expect(ledger.items.map((r) => r.settlementStatus)).toEqual(['withdrawn']);
      const again = await applySettlement(ctx, st.staff, c.id, await body(ctx, st, c.id));
      expect(again.status).toBe('pending');
      const files = await ctx.db.kysely
        .selectFrom('rescueSettlements')
        .select(['id', 'status'])
        .where('caseId', '=', c.id)
        .execute();
      expect(new Map(files.map((f) => [f.id, f.status]))).toEqual(
        new Map([
          [s.id, 'withdrawn'],
          [again.id, 'pending'],
        ]),
      );
    });

    it('a departure withdraws the settlement under way (file and approval) in its transaction', async () => {
      const ctx = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await stranded(ctx, st, 120);
      await logActions(ctx, { id: c.id, stationId: st.id, divisionCode: st.divisionCode });
      const s = await applySettlement(ctx, st.staff, c.id, await body(ctx, st, c.id));
      await recordDeparture(ctx, st.staff, c.id, {
        kind: 'left_without_formalities',
        leftFrom: 'station',
        note: '6月20日上午自行离开，经寻找未果，视为放弃救助',
      });
      expect((await findRescueCase(ctx.db.kysely, c.id))!.status).toBe('departed');
      const file = await ctx.db.kysely
        .selectFrom('rescueSettlements')
        .select(['status', 'decisionReason'])
        .where('id', '=', s.id)
        .executeTakeFirstOrThrow();
      expect(file.status).toBe('withdrawn');
      expect(file.decisionReason).toContain('离站');
      expect((await getApproval(ctx, st.staff, s.approvalId!)).status).toBe('withdrawn');
      // The county can no longer decide it; the case stays departed.
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      expect(await codeOf(decideApproval(ctx, reviewer, s.approvalId!, { decision: 'approve' }))).toBe(
        'APPROVAL_NOT_PENDING',
      );
      await ctx.events.dispatchPending();
      expect((await findRescueCase(ctx.db.kysely, c.id))!.status).toBe('departed');
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('details')
        .where('targetId', '=', c.id)
        .where('action', '=', 'rescue.departure.record')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(String(audit.details))).toMatchObject({ settlementWithdrawn: s.id });
    });

    it('a death recorded elsewhere withdraws the settlement under way with the case', async () => {
      const ctx = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await stranded(ctx, st, 120);
      await logActions(ctx, { id: c.id, stationId: st.id, divisionCode: st.divisionCode });
      const s = await applySettlement(ctx, st.staff, c.id, await body(ctx, st, c.id));
      const funeral = (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' })).actor;
      await recordDeath(ctx, funeral, c.personId, { deathDate: '2026-06-18', source: '殡仪馆火化登记' });
      await ctx.events.dispatchPending();
      expect((await findRescueCase(ctx.db.kysely, c.id))!.status).toBe('deceased');
      const file = await ctx.db.kysely
        .selectFrom('rescueSettlements')
        .select(['status', 'decisionReason'])
        .where('id', '=', s.id)
        .executeTakeFirstOrThrow();
      expect(file).toMatchObject({ status: 'withdrawn' });
      expect(file.decisionReason).toContain('死亡');
      expect((await getApproval(ctx, st.staff, s.approvalId!)).status).toBe('withdrawn');
    });

    it('person.deceased closes the open case once (close_kind death, note with source and date)', async () => {
      const ctx = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await stranded(ctx, st, 20);
      const funeral = (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' })).actor;
      await recordDeath(ctx, funeral, c.personId, { deathDate: '2026-06-18', source: '殡仪馆火化登记' });
      await ctx.events.dispatchPending();
      const row = (await findRescueCase(ctx.db.kysely, c.id))!;
      expect(row).toMatchObject({ status: 'deceased', closeKind: 'death' });
      expect(row.closeNote).toContain('殡仪馆火化登记');
      expect(row.closeNote).toContain('2026-06-18');
      const dep = await ctx.db.kysely
        .selectFrom('rescueDepartures')
        .selectAll()
        .where('caseId', '=', c.id)
        .execute();
      expect(dep).toHaveLength(1);
      expect(dep[0]).toMatchObject({ kind: 'death', deathDate: '2026-06-18' });
      // Idempotent: the same event handled again changes nothing.
      await ctx.db.kysely.transaction().execute((trx) =>
        onCasePersonDeceased(ctx, trx, {
          id: 'replayed-event',
          position: 1,
          type: 'person.deceased',
          payload: {
            personId: c.personId,
            deathDate: '2026-06-18',
            divisionCode: '430102',
            source: '殡仪馆火化登记',
          },
          occurredAt: NOW,
        }),
      );
      const audits = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', c.id)
        .where('action', '=', 'rescue.case.closed-by-death')
        .execute();
      expect(audits).toHaveLength(1);
      const delivered = await ctx.db.kysely.selectFrom('eventDeliveries').select('subscriber').execute();
      expect(delivered.map((d) => d.subscriber)).toContain(CASE_PERSON_DECEASED_SUBSCRIBER);
    });

    it('person.merged re-points the case to the survivor and person.unmerged restores it; a duplicate open case is closed', async () => {
      const ctx = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await stranded(ctx, st, 20);
      const clerk = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430102' })).actor;
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      const survivor = await createPerson(ctx, clerk, {
        residentId: null,
        name: '赵大明',
        sex: 'male',
        birthDate: null,
        hukouDivisionCode: '430102',
        source: '救助站',
      });
      const merge = await proposeMerge(ctx, clerk, {
        survivorId: survivor.id,
        mergedId: c.personId,
        reason: '家属辨认',
      });
      await decideMerge(ctx, reviewer, merge.id, { decision: 'approve', reason: '同意' });
      await ctx.events.dispatchPending();
      expect((await findRescueCase(ctx.db.kysely, c.id))!.personId).toBe(survivor.id);
      await unmerge(ctx, reviewer, merge.id, { reason: '误合并' });
      await ctx.events.dispatchPending();
      expect((await findRescueCase(ctx.db.kysely, c.id))!.personId).toBe(c.personId);

      // Both records have an open case: the merged record's case is closed as a duplicate, then follows.
      const a = await stranded(ctx, st, 30);
      const b = await stranded(ctx, st, 10);
      const m2 = await proposeMerge(ctx, clerk, {
        survivorId: a.personId,
        mergedId: b.personId,
        reason: '指纹比对为同一人',
      });
      await decideMerge(ctx, reviewer, m2.id, { decision: 'approve', reason: '同意' });
      await ctx.events.dispatchPending();
      const closedB = (await findRescueCase(ctx.db.kysely, b.id))!;
      expect(closedB).toMatchObject({
        personId: a.personId,
        status: 'departed',
        closeKind: 'merged_duplicate',
      });
      expect((await findRescueCase(ctx.db.kysely, a.id))!.status).toBe('in_station');
    });
  },
  { lines: [rescueLine] },
);
