import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { decideApproval, withdrawApproval } from '../approvals/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { visibleCase } from './cases.access';
import { arrangeEducation, assessGuardianship, minorOf } from './minors.service';
import { recordFundItem } from './funds.service';
import { rescueLine } from './line';
import {
  endPlacement,
  institutionScorecard,
  placeCase,
  placementLedger,
  placementsOf,
} from './placements.service';
import { aRescueCase, aRescueStation } from './rescue.fixtures';
import { stayOverLimitOn } from './stay-limit';
import { stayPart } from './stay.part';
import { aPartnerWithAgreement, aVisitPhoto } from './stay.fixtures';
import { recordService, requestStayExtension, servicesOf, stayOf } from './stay.service';
import { overdueVisits, recordVisit } from './visits.service';

const code = (e: unknown): string | undefined => (isDomainError(e) ? e.code : String(e));
const kind = (e: unknown): string | undefined => (isDomainError(e) ? e.kind : undefined);

describeEachDatabase(
  'rescue stay: limit and extension (R-RES-05, R-RES-11)',
  (t) => {
    it('TC: adult admitted 2025-03-01, still in the station on 03-12 with no extension → over the limit', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-12T02:00:00.000Z'));
      const s = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z', birthDate: '1980-05-05' });
      const row = await visibleCase(ctx.db.kysely, s.staff, c.id);
      const on11 = await stayOverLimitOn(ctx, row, '2025-03-11' as never);
      expect(on11).toMatchObject({ over: false, applies: true, limitEnd: '2025-03-11', extendedUntil: null });
      const on12 = await stayOverLimitOn(ctx, row, '2025-03-12' as never);
      expect(on12).toMatchObject({ over: true, limitEnd: '2025-03-11', overFrom: '2025-03-12' });
      // Identified person: never stranded, but the limit still applies.
      expect(on12.stayStatus).toBe('within_limit');
      const view = await stayOf(ctx, s.staff, c.id);
      expect(view).toMatchObject({ over: true, canRequestExtension: true });
    });

    it('TC: suspected mental disorder → the 10-day rule does not apply; under 16 neither', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-20T02:00:00.000Z'));
      const s = await aRescueStation(ctx);
      const m = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z', mentalSigns: true });
      const kid = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z', estimatedAge: 12 });
      for (const id of [m.id, kid.id]) {
        const row = await visibleCase(ctx.db.kysely, s.staff, id);
        expect(await stayOverLimitOn(ctx, row, '2025-03-20' as never)).toMatchObject({
          over: false,
          applies: false,
        });
      }
      // Unidentified for more than 10 days → stranded (computed, never stored).
      expect((await stayOf(ctx, s.staff, m.id)).stayStatus).toBe('stranded');
      const e = await requestStayExtension(ctx, s.staff, m.id, {
        reason: '病情需要',
        requestedUntil: '2025-04-01',
      }).catch((x: unknown) => x);
      expect(code(e)).toBe('RESCUE_STAY_LIMIT_NOT_APPLICABLE');
    });

    it('extension through the approval engine: submit → county decides → outcome on the case; approved to 03-20 → not over on 03-12', async () => {
      const clock = new ManualClock('2025-03-10T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const s = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z', birthDate: '1975-01-01' });
      const bad = await requestStayExtension(ctx, s.staff, c.id, {
        reason: '等待家属',
        requestedUntil: '2025-03-05',
      }).catch((x: unknown) => x);
      expect(code(bad)).toBe('RESCUE_EXTENSION_NOT_LATER');
      const ext = await requestStayExtension(ctx, s.staff, c.id, {
        reason: '家属已联系，约定3月20日前来接回',
        requestedUntil: '2025-03-20',
      });
      expect(ext).toMatchObject({ status: 'pending', requestedUntil: '2025-03-20' });
      expect(ext.approvalId).toBeTruthy();
      const again = await requestStayExtension(ctx, s.staff, c.id, {
        reason: '再次申请',
        requestedUntil: '2025-03-25',
      }).catch((x: unknown) => x);
      expect(code(again)).toBe('RESCUE_EXTENSION_PENDING');
      // Station staff cannot decide (no rescue:approve); another county's reviewer cannot either.
      const own = await decideApproval(ctx, s.staff, ext.approvalId!, { decision: 'approve' }).catch(
        (x: unknown) => x,
      );
      expect(isDomainError(own)).toBe(true);
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      await decideApproval(ctx, reviewer, ext.approvalId!, { decision: 'approve' });
      await ctx.events.dispatchPending();
      clock.set('2025-03-12T02:00:00.000Z');
      const view = await stayOf(ctx, s.staff, c.id);
      expect(view.extensions[0]).toMatchObject({ status: 'approved' });
      expect(view).toMatchObject({ over: false, extendedUntil: '2025-03-20', effectiveEnd: '2025-03-20' });
      const row = await visibleCase(ctx.db.kysely, s.staff, c.id);
      expect((await stayOverLimitOn(ctx, row, '2025-03-21' as never)).over).toBe(true);
      // Replaying the event changes nothing.
      await ctx.events.dispatchPending();
      expect((await stayOf(ctx, s.staff, c.id)).extensions).toHaveLength(1);
    });

    it('a rejected extension is recorded with the reason; the case stays over the limit', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-12T02:00:00.000Z'));
      const s = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z', birthDate: '1975-01-01' });
      const ext = await requestStayExtension(ctx, s.staff, c.id, {
        reason: '等待返乡车票',
        requestedUntil: '2025-03-30',
      });
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      await decideApproval(ctx, reviewer, ext.approvalId!, {
        decision: 'reject',
        reason: '理由不充分，请尽快安排返乡',
      });
      await ctx.events.dispatchPending();
      const view = await stayOf(ctx, s.staff, c.id);
      expect(view.extensions[0]).toMatchObject({
        status: 'rejected',
        decisionReason: '理由不充分，请尽快安排返乡',
      });
      expect(view.over).toBe(true);
      // A request withdrawn through the approval engine does not block a new one.
      const second = await requestStayExtension(ctx, s.staff, c.id, {
        reason: '家属已在途中',
        requestedUntil: '2025-03-15',
      });
      await withdrawApproval(ctx, s.staff, second.approvalId!, { reason: '家属已到站，无需延期' });
      const third = await requestStayExtension(ctx, s.staff, c.id, {
        reason: '家属临时有事推迟',
        requestedUntil: '2025-03-16',
      });
      const all = (await stayOf(ctx, s.staff, c.id)).extensions;
      expect(all.map((e) => [e.id, e.status])).toEqual(
        expect.arrayContaining([
          [second.id, 'withdrawn'],
          [third.id, 'pending'],
        ]),
      );
    });

    it('scope: an extension or a service naming a case of a sibling station or another county → 404', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-12T02:00:00.000Z'));
      const a = await aRescueStation(ctx);
      const b = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, a, { enteredAt: '2025-03-01T02:00:00.000Z', birthDate: '1975-01-01' });
      const outsider = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor;
      for (const actor of [b.staff, outsider]) {
        const e1 = await requestStayExtension(ctx, actor, c.id, {
          reason: '测试理由',
          requestedUntil: '2025-03-20',
        }).catch((x: unknown) => x);
        const e2 = await recordService(ctx, actor, c.id, {
          kind: 'food',
          serviceDate: '2025-03-12',
          description: '午餐',
          providedBy: '张三',
        }).catch((x: unknown) => x);
        expect([code(e1), code(e2)]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
      }
    });
  },
  { lines: [rescueLine] },
);

describeEachDatabase(
  'rescue stay: services log (R-RES-04; no fee or labour, R-RES-02/08)',
  (t) => {
    it('records services; TC: any fee item on a recipient’s account → validation error', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-05T02:00:00.000Z'));
      const s = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z' });
      await recordService(ctx, s.staff, c.id, {
        kind: 'food',
        serviceDate: '2025-03-01',
        description: '提供晚餐一份',
        providedBy: '食堂 李师傅',
      });
      await recordService(ctx, s.countyStaff, c.id, {
        kind: 'travel_voucher',
        serviceDate: '2025-03-05',
        description: '长沙至怀化火车票一张',
        providedBy: '王五',
      });
      const list = await servicesOf(ctx, s.staff, c.id);
      expect(list.map((x) => x.kind)).toEqual(['travel_voucher', 'food']);
      for (const k of ['fee', 'charge', 'labour']) {
        const e = await recordService(ctx, s.staff, c.id, {
          kind: k as never,
          serviceDate: '2025-03-05',
          description: '住宿',
          providedBy: '王五',
        }).catch((x: unknown) => x);
        expect([kind(e), code(e)]).toEqual(['invalid', 'RESCUE_SERVICE_KIND_INVALID']);
      }
      for (const text of ['收取住宿费50元', '安排打扫院子劳动']) {
        const e = await recordService(ctx, s.staff, c.id, {
          kind: 'other',
          serviceDate: '2025-03-05',
          description: text,
          providedBy: '王五',
        }).catch((x: unknown) => x);
        expect(code(e)).toBe('RESCUE_NO_FEE_OR_LABOUR');
      }
      expect(await servicesOf(ctx, s.staff, c.id)).toHaveLength(2);
      // The table itself refuses a kind outside the closed list.
      await expect(
        ctx.db.kysely
          .insertInto('rescueServices')
          .values({
            id: 'x1',
            caseId: c.id,
            stationId: s.id,
            divisionCode: s.divisionCode,
            kind: 'fee' as never,
            serviceDate: '2025-03-05',
            description: 'x',
            providedBy: 'x',
            createdBy: 'x',
            createdAt: 'x',
          })
          .execute(),
      ).rejects.toThrow();
    });
  },
  { lines: [rescueLine] },
);

describeEachDatabase(
  'rescue stay: placements, visits, scorecard (R-RES-13)',
  (t) => {
    it('places a person: responsible station, agreement id, inspection log; ends the placement → in_station', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-20T02:00:00.000Z'));
      const s = await aRescueStation(ctx);
      const p = await aPartnerWithAgreement(ctx, s);
      const c = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z', mentalSigns: true });
      const noReason = await placeCase(ctx, s.staff, c.id, {
        partnerId: p.partnerId,
        startedOn: '2025-03-15',
        reason: '',
      }).catch((x: unknown) => x);
      expect(code(noReason)).toBe('RESCUE_PLACEMENT_REASON_REQUIRED');
      const placed = await placeCase(ctx, s.staff, c.id, {
        partnerId: p.partnerId,
        startedOn: '2025-03-15',
        reason: '精神障碍需专业照护，站内无条件',
      });
      expect(placed).toMatchObject({
        responsibleStationId: s.id,
        agreementId: p.agreementId,
        agreementNo: p.agreementNo,
        status: 'active',
        visitDueOn: '2025-04-15',
      });
      expect((await visibleCase(ctx.db.kysely, s.staff, c.id)).status).toBe('placed');
      const again = await placeCase(ctx, s.staff, c.id, {
        partnerId: p.partnerId,
        startedOn: '2025-03-16',
        reason: '重复安排测试',
      }).catch((x: unknown) => x);
      expect(code(again)).toBe('RESCUE_ALREADY_PLACED');
      const view = await placementsOf(ctx, s.staff, c.id);
      expect(view.placements[0]).toMatchObject({
        responsibleStationName: s.name,
        agreementId: p.agreementId,
      });
      expect(Array.isArray(view.placements[0]!.inspections)).toBe(true);
      expect(view.options.map((o) => o.partnerId)).toContain(p.partnerId);
      const ledger = await placementLedger(ctx, s.countyStaff, { status: 'active' });
      expect(ledger.items.map((i) => i.caseId)).toEqual([c.id]);
      const ended = await endPlacement(ctx, s.staff, c.id, {
        endedOn: '2025-03-20',
        endReason: '病情稳定回站',
      });
      expect(ended).toMatchObject({ status: 'ended', endedOn: '2025-03-20' });
      expect((await visibleCase(ctx.db.kysely, s.staff, c.id)).status).toBe('in_station');
    });

    it('TC: an institution flagged unqualified → new placements blocked; full agreement → blocked; hospital → in_hospital', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-20T02:00:00.000Z'));
      const s = await aRescueStation(ctx);
      const bad = await aPartnerWithAgreement(ctx, s, { qualification: 'unqualified' });
      const small = await aPartnerWithAgreement(ctx, s, { places: 1 });
      const hosp = await aPartnerWithAgreement(ctx, s, { kind: 'hospital' });
      const c1 = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z' });
      const c2 = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z' });
      const e = await placeCase(ctx, s.staff, c1.id, {
        partnerId: bad.partnerId,
        startedOn: '2025-03-18',
        reason: '长期滞留需托养',
      }).catch((x: unknown) => x);
      expect(code(e)).toBe('RESCUE_PARTNER_UNQUALIFIED');
      expect((await visibleCase(ctx.db.kysely, s.staff, c1.id)).status).toBe('in_station');
      await placeCase(ctx, s.staff, c1.id, {
        partnerId: small.partnerId,
        startedOn: '2025-03-18',
        reason: '长期滞留需托养',
      });
      const full = await placeCase(ctx, s.staff, c2.id, {
        partnerId: small.partnerId,
        startedOn: '2025-03-18',
        reason: '长期滞留需托养',
      }).catch((x: unknown) => x);
      expect(code(full)).toBe('RESCUE_AGREEMENT_FULL');
      await placeCase(ctx, s.staff, c2.id, {
        partnerId: hosp.partnerId,
        startedOn: '2025-03-19',
        reason: '突发疾病住院治疗',
      });
      expect((await visibleCase(ctx.db.kysely, s.staff, c2.id)).status).toBe('in_hospital');
    });

    it('scope: placing or visiting a case of a sibling station / another county → 404', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-20T02:00:00.000Z'));
      const a = await aRescueStation(ctx);
      const b = await aRescueStation(ctx);
      const p = await aPartnerWithAgreement(ctx, a);
      const c = await aRescueCase(ctx, a, { enteredAt: '2025-03-01T02:00:00.000Z' });
      const outsider = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor;
      for (const actor of [b.staff, outsider]) {
        const e1 = await placeCase(ctx, actor, c.id, {
          partnerId: p.partnerId,
          startedOn: '2025-03-18',
          reason: '长期滞留需托养',
        }).catch((x: unknown) => x);
        const e2 = await recordVisit(ctx, actor, c.id, {
          visitDate: '2025-03-19',
          visitor: '张三',
          findings: '良好',
          evidenceIds: ['x'],
        }).catch((x: unknown) => x);
        expect([code(e1), code(e2)]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
      }
      expect((await placementLedger(ctx, b.staff, {})).total).toBe(0);
    });

    it('visits: at least one evidence photo; overdue after the interval; scorecard counts visits, incidents and overdue', async () => {
      const clock = new ManualClock('2025-03-20T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const s = await aRescueStation(ctx);
      const p = await aPartnerWithAgreement(ctx, s);
      const c = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z' });
      const c2 = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z' });
      await placeCase(ctx, s.staff, c.id, {
        partnerId: p.partnerId,
        startedOn: '2025-03-01',
        reason: '长期滞留需托养',
      });
      await placeCase(ctx, s.staff, c2.id, {
        partnerId: p.partnerId,
        startedOn: '2025-03-01',
        reason: '长期滞留需托养',
      });
      const none = await recordVisit(ctx, s.staff, c.id, {
        visitDate: '2025-03-20',
        visitor: '张三',
        findings: '良好',
        evidenceIds: [],
      }).catch((x: unknown) => x);
      expect(code(none)).toBe('RESCUE_VISIT_EVIDENCE_REQUIRED');
      const wrongKind = await aVisitPhoto(ctx, c.id, 'photo');
      const otherCase = await aVisitPhoto(ctx, c2.id);
      for (const id of [wrongKind, otherCase]) {
        const e = await recordVisit(ctx, s.staff, c.id, {
          visitDate: '2025-03-20',
          visitor: '张三',
          findings: '良好',
          evidenceIds: [id],
        }).catch((x: unknown) => x);
        expect(code(e)).toBe('RESCUE_VISIT_EVIDENCE_INVALID');
      }
      // 31 days after the start (04-01) is not overdue yet; 04-02 is.
      expect(await overdueVisits(ctx, s.staff, '2025-04-01' as never)).toHaveLength(0);
      const photo = await aVisitPhoto(ctx, c.id);
      clock.set('2025-03-25T02:00:00.000Z');
      const v = await recordVisit(ctx, s.staff, c.id, {
        visitDate: '2025-03-25',
        visitor: '张三、李四',
        findings: '床铺潮湿，已要求整改',
        problem: true,
        evidenceIds: [photo],
      });
      expect(v).toMatchObject({ problem: true, evidenceIds: [photo] });
      const overdue = await overdueVisits(ctx, s.countyStaff, '2025-04-02' as never);
      expect(overdue.map((o) => [o.caseId, o.dueOn, o.daysOverdue])).toEqual([[c2.id, '2025-04-01', 1]]);
      expect(
        await overdueVisits(
          ctx,
          (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor,
          '2025-04-02' as never,
        ),
      ).toEqual([]);
      clock.set('2025-04-02T02:00:00.000Z');
      const card = await institutionScorecard(ctx, s.countyStaff);
      expect(card).toEqual([
        expect.objectContaining({
          partnerId: p.partnerId,
          placedCount: 2,
          visitsTotal: 1,
          visitsOnTime: 1,
          onTimePct: 100,
          overdueVisits: 1,
          incidents: 1,
        }),
      ]);
      const todo = await stayPart.todos![0]!.load(ctx, s.staff);
      expect(todo).toEqual([
        expect.objectContaining({ kind: 'rescue.visits-overdue', count: 1, dueOn: '2025-04-01' }),
      ]);
      const ledger = await placementLedger(ctx, s.staff, { overdue: true });
      expect(ledger.items.map((i) => i.caseId)).toEqual([c2.id]);
      expect(ledger.items[0]!.visitOverdue).toBe(true);
    });
  },
  { lines: [rescueLine] },
);

describeEachDatabase(
  'rescue stay: minors (R-RES-16) and funds (R-RES-17)',
  (t) => {
    it('schooling, vocational training 14+ and willing only, guardianship with the court suggestion', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-20T02:00:00.000Z'));
      const s = await aRescueStation(ctx);
      const young = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z', estimatedAge: 12 });
      const teen = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z', estimatedAge: 15 });
      const adult = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z', estimatedAge: 30 });
      const e1 = await arrangeEducation(ctx, s.staff, young.id, {
        kind: 'vocational',
        institution: '市职校',
        fromDate: '2025-03-18',
        willing: true,
      }).catch((x: unknown) => x);
      expect(code(e1)).toBe('RESCUE_VOCATIONAL_UNDER_14');
      await arrangeEducation(ctx, s.staff, young.id, {
        kind: 'school',
        institution: '芙蓉区第一小学',
        fromDate: '2025-03-18',
      });
      const e2 = await arrangeEducation(ctx, s.staff, teen.id, {
        kind: 'vocational',
        institution: '市职校',
        fromDate: '2025-03-18',
        willing: false,
      }).catch((x: unknown) => x);
      expect(code(e2)).toBe('RESCUE_VOCATIONAL_NOT_WILLING');
      await arrangeEducation(ctx, s.staff, teen.id, {
        kind: 'vocational',
        institution: '市职校',
        fromDate: '2025-03-18',
        willing: true,
      });
      const e3 = await arrangeEducation(ctx, s.staff, teen.id, { kind: 'none' }).catch((x: unknown) => x);
      expect(code(e3)).toBe('RESCUE_EDUCATION_REASON_REQUIRED');
      const g = await assessGuardianship(ctx, s.staff, teen.id, {
        assessedOn: '2025-03-19',
        finding: 'refuse',
        persistentRefusal: true,
        note: '多次联系拒绝接回',
      });
      expect(g.courtSuggestion).toContain('人民法院');
      const m = await minorOf(ctx, s.staff, teen.id);
      expect(m).toMatchObject({ minor: true, age: 15, vocationalAllowed: true });
      expect(m.education).toHaveLength(1);
      const e4 = await assessGuardianship(ctx, s.staff, adult.id, {
        assessedOn: '2025-03-19',
        finding: 'able',
      }).catch((x: unknown) => x);
      expect(code(e4)).toBe('RESCUE_NOT_MINOR');
    });

    it('funds: living, medical, purchased services (justified) only; construction refused', async () => {
      const ctx = testContext(t.db, new ManualClock('2025-03-20T02:00:00.000Z'));
      const s = await aRescueStation(ctx);
      const b = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, s, { enteredAt: '2025-03-01T02:00:00.000Z' });
      const item = await recordFundItem(ctx, s.staff, {
        caseId: c.id,
        category: 'medical',
        amountFen: 12_350,
        spentOn: '2025-03-10',
        description: '门诊费',
      });
      expect(item).toMatchObject({ stationId: s.id, amountFen: 12_350 });
      for (const category of ['construction', 'office', 'salary']) {
        const e = await recordFundItem(ctx, s.staff, {
          stationId: s.id,
          category,
          amountFen: 100,
          spentOn: '2025-03-10',
          description: '新建宿舍楼',
        }).catch((x: unknown) => x);
        expect([kind(e), code(e)]).toEqual(['invalid', 'RESCUE_FUND_CATEGORY_NOT_ALLOWED']);
      }
      const e = await recordFundItem(ctx, s.staff, {
        stationId: s.id,
        category: 'purchased_service',
        amountFen: 100,
        spentOn: '2025-03-10',
        description: '护工',
      }).catch((x: unknown) => x);
      expect(code(e)).toBe('RESCUE_PURCHASE_JUSTIFICATION_REQUIRED');
      await recordFundItem(ctx, s.staff, {
        stationId: s.id,
        category: 'purchased_service',
        justification: 'staffing_gap',
        amountFen: 300_000,
        spentOn: '2025-03-10',
        description: '购买夜间护工服务',
      });
      const scope = await recordFundItem(ctx, b.staff, {
        stationId: s.id,
        category: 'living',
        amountFen: 100,
        spentOn: '2025-03-10',
        description: '伙食',
      }).catch((x: unknown) => x);
      expect(code(scope)).toBe('NOT_FOUND');
    });
  },
  { lines: [rescueLine] },
);
