import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import type { Actor, Permission } from '../access/index';
import { decideApproval } from '../approvals/index';
import { storeAttachment } from '../attachments/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  aStandard,
  type DisabilityCountyFixture,
} from './disability.fixtures';
import { disabilityLine } from './line';
import {
  decideDispute,
  disabilityPersonPanel,
  exportRecipients,
  lodgeDispute,
  recipientDetail,
  recipientsLedger,
  stopRecipient,
} from './recipients.service';
import {
  decideApplication,
  endNotice,
  federationReview,
  recordObjection,
  reviewQueue,
  reviewView,
  runNoticeEnds,
  submitForReview,
  townshipCheck,
} from './review.service';

const code = (e: unknown): string | undefined => (isDomainError(e) ? e.code : String(e));
const fail = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => code(e),
  );

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 60 }, (_, i) => i)]);

async function evidenceOf(ctx: CoreContext, actor: Actor, applicationId: string): Promise<string> {
  const a = await storeAttachment(ctx, actor, {
    ownerType: 'disability_application',
    ownerId: applicationId,
    kind: 'other',
    content: JPEG,
  });
  return a.attachment.id;
}

/** Submit → township check → federation, leaving the application at civil affairs. */
async function toCivilAffairs(
  ctx: CoreContext,
  fx: DisabilityCountyFixture,
  id: string,
  declare: Parameters<typeof townshipCheck>[3] = { decision: 'approve' },
) {
  await submitForReview(ctx, fx.townshipClerk, id, {});
  await townshipCheck(ctx, fx.townshipClerk, id, declare);
  await federationReview(ctx, fx.federation, id, {
    decision: 'approve',
    certificateConfirmed: true,
    categoryGradeConfirmed: true,
  });
}

describeEachDatabase(
  'disability review and decision',
  (t) => {
    it('runs the chain with different people: TC1, R-DIS-05 months, notice, objection, re-decision, grant', async () => {
      // TC (R-DIS-05): applied 2025-03-28, decided 2025-04-20 → paid from March.
      const clock = new ManualClock('2025-04-20T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const fx = await aDisabilityCounty(ctx);
      // TC1: limb grade 2, not on 低保.
      const p = await aDisabledPerson(ctx, { category: 4, grade: 2 });
      const app = await anApplication(ctx, p, {
        subsidies: ['living', 'care'],
        submittedOn: '2025-03-28',
        status: 'forwarded',
      });
      // Only a forwarded application, only the hukou side.
      expect(await fail(submitForReview(ctx, fx.otherTownshipClerk, app.id, {}))).toBe('NOT_FOUND');
      const submitted = await submitForReview(ctx, fx.townshipClerk, app.id, {});
      expect(submitted).toMatchObject({ status: 'reviewing', currentStepKey: 'township-check' });
      expect(await fail(submitForReview(ctx, fx.townshipClerk, app.id, {}))).toBe('DISABILITY_NOT_FORWARDED');
      // Wrong step / wrong people.
      expect(await fail(decideApplication(ctx, fx.civilAffairs, app.id, { care: 'granted' }))).toBe(
        'DISABILITY_STEP_MISMATCH',
      );
      expect(await fail(townshipCheck(ctx, fx.countyClerk, app.id, { decision: 'approve' }))).toBe(
        'APPROVAL_WRONG_LEVEL',
      );
      await townshipCheck(ctx, fx.townshipClerk, app.id, { decision: 'approve' });
      // The federation step by a county_reviewer → refused.
      expect(
        await fail(
          federationReview(ctx, fx.civilAffairs, app.id, { decision: 'approve', certificateConfirmed: true }),
        ),
      ).toBe('PERMISSION_DENIED');
      await federationReview(ctx, fx.federation, app.id, {
        decision: 'approve',
        certificateConfirmed: true,
        categoryGradeConfirmed: true,
      });
      // Facts from registries, with sources; eligibility per subsidy.
      const view = await reviewView(ctx, fx.civilAffairs, app.id);
      expect(view.currentStepKey).toBe('civil-affairs-decision');
      expect(view.actions.decide).toBe(true);
      expect(view.facts.certificate).toMatchObject({ category: 4, grade: 2, status: 'valid' });
      expect(view.facts.certificate?.numberMasked).not.toContain(p.residentId);
      expect(view.facts.assistanceOn).toEqual([]);
      const living = view.eligibility.find((e) => e.subsidy === 'living')!;
      expect(living.eligible).toBe(false);
      expect(living.reasons.map((r) => r.code)).toEqual(['NOT_DIBAO']);
      expect(view.eligibility.find((e) => e.subsidy === 'care')!.eligible).toBe(true);
      // Granting what the facts do not support → 422 with the reasons; refusal needs reasons; nothing changes.
      const notEligible = await decideApplication(ctx, fx.civilAffairs, app.id, {
        living: 'granted',
        care: 'granted',
      }).catch((e: unknown) => e);
      expect(code(notEligible)).toBe('DISABILITY_NOT_ELIGIBLE');
      expect(isDomainError(notEligible) && notEligible.kind).toBe('invalid');
      expect(await fail(decideApplication(ctx, fx.civilAffairs, app.id, { care: 'granted' }))).toBe(
        'DISABILITY_OUTCOME_REQUIRED',
      );
      expect(
        await fail(decideApplication(ctx, fx.civilAffairs, app.id, { living: 'refused', care: 'granted' })),
      ).toBe('DISABILITY_REASON_REQUIRED');
      expect((await reviewView(ctx, fx.civilAffairs, app.id)).status).toBe('reviewing');
      const decided = await decideApplication(ctx, fx.civilAffairs, app.id, {
        living: 'refused',
        care: 'granted',
        reason: '申请人不是低保对象，不符合生活补贴条件',
      });
      expect(decided).toMatchObject({
        status: 'notice',
        livingOutcome: 'refused',
        careOutcome: 'granted',
        noticeStartsOn: '2025-04-20',
        // 5 working days after Sunday 04-20.
        noticeEndsOn: '2025-04-25',
        payFromMonth: '2025-03',
      });
      expect(decided.remedy).toContain('行政复议');
      // Objection during the notice → back to civil affairs; a re-decision that keeps the outcome.
      expect(
        await fail(
          recordObjection(ctx, fx.townshipClerk, app.id, { receivedOn: '2025-04-30', reason: '有异议' }),
        ),
      ).toBe('DISABILITY_OBJECTION_OUTSIDE_NOTICE');
      clock.set('2025-04-22T02:00:00.000Z');
      const objected = await recordObjection(ctx, fx.townshipClerk, app.id, {
        receivedOn: '2025-04-22',
        objector: '邻居',
        reason: '反映申请人已外出务工多年',
      });
      expect(objected).toMatchObject({ status: 'reviewing', currentStepKey: 'civil-affairs-decision' });
      expect(await fail(endNotice(ctx, fx.townshipClerk, app.id))).toBe('DISABILITY_NOT_IN_NOTICE');
      const again = await decideApplication(ctx, fx.civilAffairs, app.id, {
        living: 'refused',
        care: 'granted',
        reason: '经核查申请人户籍仍在本地，异议不成立；非低保对象不符合生活补贴条件',
      });
      expect(again).toMatchObject({ status: 'notice', noticeStartsOn: '2025-04-22' });
      expect(again.objections).toMatchObject([{ outcome: 'dismissed', objector: '邻居' }]);
      // The clerk's button refuses before the notice ends; the daily job grants after it.
      expect(await fail(endNotice(ctx, fx.townshipClerk, app.id))).toBe('DISABILITY_NOTICE_NOT_ENDED');
      clock.set(`${again.noticeEndsOn}T02:00:00.000Z`);
      expect(await runNoticeEnds(ctx)).toEqual({ granted: 0, failed: 0 });
      clock.set('2025-05-12T02:00:00.000Z');
      expect(await runNoticeEnds(ctx)).toEqual({ granted: 1, failed: 0 });
      expect(await runNoticeEnds(ctx)).toEqual({ granted: 0, failed: 0 });
      const done = await reviewView(ctx, fx.townshipClerk, app.id);
      expect(done).toMatchObject({ status: 'approved', decidedOn: '2025-05-12' });
      const ledger = await recipientsLedger(ctx, fx.countyClerk, { q: p.name });
      const mine = ledger.items.filter((r) => r.personId === p.personId);
      expect(mine).toMatchObject([
        { subsidy: 'care', fromMonth: '2025-03', status: 'active', applicationNo: app.applicationNo },
      ]);
    });

    it('separation of duties, eligibility TCs with declared facts and evidence, inbox decisions', async () => {
      const clock = new ManualClock('2026-06-01T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const fx = await aDisabilityCounty(ctx);
      // Same person on two steps → 403 (an account holding both permissions).
      const both: Actor = {
        ...fx.federation,
        permissions: new Set<Permission>([...fx.federation.permissions, 'disability:approve']),
      };
      const p1 = await aDisabledPerson(ctx, { grade: 1, dibaoFrom: '2020-01-01' });
      const a1 = await anApplication(ctx, p1, { subsidies: ['living', 'care'], status: 'forwarded' });
      await submitForReview(ctx, fx.townshipClerk, a1.id, {});
      await townshipCheck(ctx, fx.townshipClerk, a1.id, { decision: 'approve' });
      await federationReview(ctx, both, a1.id, {
        decision: 'approve',
        certificateConfirmed: true,
        categoryGradeConfirmed: true,
      });
      expect(await fail(decideApplication(ctx, both, a1.id, { living: 'granted', care: 'granted' }))).toBe(
        'APPROVAL_SEPARATION_OF_DUTIES',
      );
      // TC3 / R-DIS-02: grade 1 on 低保 → both granted (with a notice of 0 days: granted at once).
      const noNotice = testContext(t.db, clock, {
        lines: { disability: { ...(ctx.config.lines.disability as object), noticeWorkingDays: 0 } },
      });
      const both1 = await decideApplication(noNotice, fx.civilAffairs, a1.id, {
        living: 'granted',
        care: 'granted',
      });
      expect(both1).toMatchObject({ status: 'approved', payFromMonth: '2026-06' });

      // Orphan, grade 1 on 低保: declared with evidence → care yes, living no (R-DIS-03).
      const p2 = await aDisabledPerson(ctx, { grade: 1, dibaoFrom: '2020-01-01' });
      const a2 = await anApplication(ctx, p2, { subsidies: ['living', 'care'], status: 'forwarded' });
      await submitForReview(ctx, fx.townshipClerk, a2.id, {});
      expect(
        await fail(townshipCheck(ctx, fx.townshipClerk, a2.id, { decision: 'approve', orphanSupport: true })),
      ).toBe('DISABILITY_EVIDENCE_REQUIRED');
      expect(
        await fail(
          townshipCheck(ctx, fx.townshipClerk, a2.id, {
            decision: 'approve',
            orphanSupport: true,
            evidenceAttachmentIds: ['nope'],
          }),
        ),
      ).toBe('DISABILITY_EVIDENCE_UNKNOWN');
      const ev = await evidenceOf(ctx, fx.townshipClerk, a2.id);
      await townshipCheck(ctx, fx.townshipClerk, a2.id, {
        decision: 'approve',
        orphanSupport: true,
        evidenceAttachmentIds: [ev],
      });
      await federationReview(ctx, fx.federation, a2.id, {
        decision: 'approve',
        certificateConfirmed: true,
        categoryGradeConfirmed: true,
      });
      const v2 = await reviewView(ctx, fx.civilAffairs, a2.id);
      expect(v2.facts.declared).toMatchObject({ orphanSupport: true, evidenceAttachmentIds: [ev] });
      expect(v2.eligibility.map((e) => [e.subsidy, e.eligible, e.reasons[0]?.code])).toEqual([
        ['living', false, 'ORPHAN'],
        ['care', true, 'SEVERE'],
      ]);
      // A decision taken in the approvals inbox: the subscriber grants what the facts support.
      await decideApproval(ctx, fx.civilAffairs, v2.approval!.id, { decision: 'approve' });
      await ctx.events.dispatchPending();
      expect(await reviewView(ctx, fx.civilAffairs, a2.id)).toMatchObject({
        status: 'notice',
        livingOutcome: 'refused',
        careOutcome: 'granted',
      });

      // 工伤护理费 → neither (default `both`); 特困 → neither; choose the higher (R-DIS-03).
      await aStandard(ctx, { subsidy: 'care', amountFen: 10_000, year: 2026 });
      const p3 = await aDisabledPerson(ctx, { grade: 2, dibaoFrom: '2020-01-01' });
      const a3 = await anApplication(ctx, p3, { subsidies: ['living', 'care'], status: 'forwarded' });
      const ev3 = await evidenceOf(ctx, fx.townshipClerk, a3.id);
      await toCivilAffairs(ctx, fx, a3.id, {
        decision: 'approve',
        workInjuryCareAllowance: true,
        evidenceAttachmentIds: [ev3],
      });
      const v3 = await reviewView(ctx, fx.civilAffairs, a3.id);
      expect(v3.eligibility.map((e) => e.reasons.map((r) => r.code))).toEqual([
        ['WORK_INJURY_CARE'],
        ['WORK_INJURY_CARE'],
      ]);
      const p4 = await aDisabledPerson(ctx, { grade: 1, dibaoFrom: '2020-01-01', tekunFrom: '2021-01-01' });
      const a4 = await anApplication(ctx, p4, { subsidies: ['living', 'care'], status: 'forwarded' });
      await toCivilAffairs(ctx, fx, a4.id);
      const v4 = await reviewView(ctx, fx.civilAffairs, a4.id);
      expect(v4.facts.assistanceOn.map((s) => s.program).sort()).toEqual(['dibao', 'tekun']);
      expect(v4.eligibility.every((e) => !e.eligible && e.reasons.some((r) => r.code === 'TEKUN'))).toBe(
        true,
      );
      // All refused → rejected, with the remedy; via the inbox's rejection as well.
      const refused = await decideApplication(ctx, fx.civilAffairs, a4.id, {
        living: 'refused',
        care: 'refused',
        reason: '特困供养人员不享受两项补贴',
      });
      expect(refused).toMatchObject({ status: 'rejected', decidedOn: '2026-06-01' });
      expect(refused.remedy).toContain('行政诉讼');
      const p5 = await aDisabledPerson(ctx, { grade: 2 });
      const a5 = await anApplication(ctx, p5, { subsidies: ['care'], status: 'forwarded' });
      const ev5 = await evidenceOf(ctx, fx.townshipClerk, a5.id);
      await toCivilAffairs(ctx, fx, a5.id, {
        decision: 'approve',
        otherBenefit: { kind: 'work_disability', subsidy: 'care', amountFen: 12_000 },
        evidenceAttachmentIds: [ev5],
      });
      const v5 = await reviewView(ctx, fx.civilAffairs, a5.id);
      expect(v5.eligibility[1]).toMatchObject({ eligible: false, standardFen: 10_000 });
      expect(v5.eligibility[1]!.reasons[0]!.code).toBe('OTHER_BENEFIT_HIGHER');
      await decideApproval(ctx, fx.civilAffairs, v5.approval!.id, {
        decision: 'reject',
        reason: '择高享受原补贴',
      });
      await ctx.events.dispatchPending();
      expect(await reviewView(ctx, fx.civilAffairs, a5.id)).toMatchObject({
        status: 'rejected',
        careOutcome: 'refused',
      });
      // County-only hukou: no township step.
      const p6 = await aDisabledPerson(ctx, { grade: 2 });
      const a6 = await anApplication(ctx, p6, { divisionCode: '430181', status: 'forwarded' });
      const v6 = await submitForReview(ctx, fx.countyClerk, a6.id, {});
      expect(v6.currentStepKey).toBe('federation-review');
      // The queue of the county.
      const queue = await reviewQueue(ctx, fx.civilAffairs, { status: 'reviewing' });
      expect(queue.items.map((i) => i.id)).toContain(a6.id);
    });

    it('stops by hand, disputes reversed, ledger, export, person panel and scope', async () => {
      const clock = new ManualClock('2026-03-10T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const fx = await aDisabilityCounty(ctx);
      const outsider = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const p = await aDisabledPerson(ctx, { grade: 1 });
      const app = await anApplication(ctx, p, { submittedOn: '2026-01-20', status: 'forwarded' });
      await toCivilAffairs(ctx, fx, app.id);
      await decideApplication(ctx, fx.civilAffairs, app.id, { care: 'granted' });
      clock.set('2026-03-20T02:00:00.000Z');
      await endNotice(ctx, fx.townshipClerk, app.id);
      const [row] = (await recipientsLedger(ctx, fx.civilAffairs, { q: p.residentId })).items;
      expect(row).toMatchObject({ fromMonth: '2026-01', status: 'active' });
      expect(JSON.stringify(row)).not.toContain(p.residentId);
      // Scope: another township and another county do not see it.
      expect(await fail(recipientDetail(ctx, fx.otherTownshipClerk, row!.id))).toBe('NOT_FOUND');
      expect(
        await fail(
          stopRecipient(ctx, outsider.civilAffairs, row!.id, {
            reason: 'voluntary',
            eventDate: '2026-03-01',
          }),
        ),
      ).toBe('NOT_FOUND');
      expect(
        (await recipientsLedger(ctx, outsider.civilAffairs, {})).items.some((r) => r.id === row!.id),
      ).toBe(false);
      // Stop by hand: only civil affairs; imprisonment from the judgment's effective date.
      expect(
        await fail(
          stopRecipient(ctx, fx.townshipClerk, row!.id, { reason: 'imprisonment', eventDate: '2026-02-15' }),
        ),
      ).toBe('PERMISSION_DENIED');
      expect(
        await fail(
          stopRecipient(ctx, fx.civilAffairs, row!.id, { reason: 'imprisonment', eventDate: '2026-04-01' }),
        ),
      ).toBe('DISABILITY_EVENT_DATE');
      const stopped = await stopRecipient(ctx, fx.civilAffairs, row!.id, {
        reason: 'imprisonment',
        eventDate: '2026-02-15',
        note: '（2026）湘0181刑初1号判决生效',
      });
      expect(stopped).toMatchObject({ status: 'stopped', toMonth: '2026-02', stopReason: 'imprisonment' });
      expect(stopped.events.map((e) => [e.kind, e.effectiveMonth])).toEqual([
        ['granted', '2026-01'],
        ['stopped', '2026-03'],
      ]);
      const filtered = await recipientsLedger(ctx, fx.civilAffairs, {
        status: 'stopped',
        stopReason: 'imprisonment',
      });
      expect(filtered.items.map((r) => r.id)).toContain(row!.id);
      // Dispute: re-check within 10 working days, reversed → the same entitlement resumes from March.
      const lodged = await lodgeDispute(ctx, fx.townshipClerk, row!.id, {
        lodgedOn: '2026-03-20',
        reason: '判决已改为缓刑，未收监执行',
      });
      expect(lodged.disputes).toMatchObject([{ status: 'open', dueOn: '2026-04-03' }]);
      expect(
        await fail(
          lodgeDispute(ctx, fx.townshipClerk, row!.id, { lodgedOn: '2026-03-20', reason: '再次异议' }),
        ),
      ).toBe('DISABILITY_DISPUTE_OPEN');
      const disputeId = lodged.disputes[0]!.id;
      expect(
        await fail(
          decideDispute(ctx, outsider.civilAffairs, disputeId, { outcome: 'reversed', reason: '核实' }),
        ),
      ).toBe('NOT_FOUND');
      const reversed = await decideDispute(ctx, fx.civilAffairs, disputeId, {
        outcome: 'reversed',
        reason: '经核实判处缓刑未收监，撤销停发',
      });
      expect(reversed).toMatchObject({ status: 'active', toMonth: null, stopReason: null });
      expect(reversed.events.at(-1)).toMatchObject({
        kind: 'reinstated',
        effectiveMonth: '2026-03',
        source: 'dispute',
      });
      expect(
        await fail(decideDispute(ctx, fx.civilAffairs, disputeId, { outcome: 'upheld', reason: '维持' })),
      ).toBe('DISABILITY_DISPUTE_DECIDED');
      // Export and person panel.
      const rows: unknown[] = [];
      for await (const r of await exportRecipients(ctx, fx.countyClerk, { subsidy: 'care' })) rows.push(r);
      expect(rows.length).toBeGreaterThanOrEqual(1);
      const panel = await disabilityPersonPanel(ctx, fx.countyClerk, p.personId);
      expect(panel?.facts.map((f) => f.label)).toEqual(expect.arrayContaining(['残疾人证', '护理补贴']));
      expect(await disabilityPersonPanel(ctx, outsider.countyClerk, p.personId)).toMatchObject({
        facts: expect.arrayContaining([{ label: '其他记录', value: '另有 2 条辖区外记录' }]),
      });
    });
  },
  { lines: [disabilityLine] },
);
