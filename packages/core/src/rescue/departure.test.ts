/**
 * Departure (离站) of a rescue case: R-RES-02 (adult leaves at any time with a declaration; a 15-year-old
 * cannot leave alone; minors need the station's consent), R-RES-07 (collector's id checked and copied;
 * cash at most 20 yuan with a receipt, per departure or per payment; travel voucher direct or via a named
 * transfer station; leaving without formalities recorded), R-RES-03/R-RES-08 (belongings returned against
 * the register), scope (ADR 0015), the 自行离站声明书 and the ledger — on SQLite and PostgreSQL.
 */
import { composeResidentId, isDomainError, parsePlainDate } from '@social-affairs/kernel';
import type { RecordDepartureBody } from '@social-affairs/kernel/contracts/rescue';
import { expect, it } from 'vitest';
import type { Actor } from '../access/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { pdfText } from '../testing/pdf-text';
import { findRescueCase } from './cases.repository';
import { aBelonging, aCaseAttachment } from './departure.fixtures';
import {
  departureLedger,
  departureOptions,
  printSelfDepartureDeclaration,
  recordDeparture,
} from './departure.service';
import { rescueLine } from './line';
import { defaultRescueConfig, type RescueConfig } from './rescue.config';
import { aRescueCase, aRescueStation, type RescueStationFixture } from './rescue.fixtures';
import { placeCase } from './placements.service';
import { aPartnerWithAgreement } from './stay.fixtures';

const NOW = '2026-03-10T02:00:00.000Z'; // 2026-03-10 10:00 Beijing

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (e === undefined) return undefined;
  if (isDomainError(e)) return e.code;
  throw e instanceof Error ? e : new Error('unexpected rejection');
}

describeEachDatabase(
  'rescue departure (R-RES-02, R-RES-07, R-RES-08)',
  (t) => {
    function setup(cfg: Partial<RescueConfig> = {}) {
      const clock = new ManualClock(NOW);
      const ctx = testContext(t.db, clock, { lines: { rescue: { ...defaultRescueConfig, ...cfg } } });
      return { ctx, clock };
    }
    const adult = (ctx: CoreContext, st: RescueStationFixture) =>
      aRescueCase(ctx, st, { estimatedAge: 45, enteredAt: '2026-03-05T02:00:00.000Z' });
    const selfBody = async (
      ctx: CoreContext,
      actor: Actor,
      caseId: string,
    ): Promise<RecordDepartureBody> => ({
      kind: 'self_departure',
      declarationAttachmentId: await aCaseAttachment(ctx, actor, caseId, 'signed_declaration'),
    });
    const caseRow = async (ctx: CoreContext, id: string) => (await findRescueCase(ctx.db.kysely, id))!;

    it('TC R-RES-02: an adult asks to leave → allowed immediately, with a numbered 自行离站声明书', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await adult(ctx, st);
      const options = await departureOptions(ctx, st.staff, c.id);
      expect(options.kinds.find((k) => k.kind === 'self_departure')).toMatchObject({
        allowed: true,
        needsConsent: false,
      });
      const printed = await printSelfDepartureDeclaration(ctx, st.staff, c.id);
      expect(printed.number).toMatch(/^湘芙民救离字〔2026〕第\d{6}号$/);
      const text = pdfText(printed.pdf).flat;
      expect(text).toContain('自行离站声明书');
      expect(text).toContain(printed.number);
      expect(text).toContain('2026年3月10日');
      expect(text).toContain('2026年3月5日');
      // A reprint keeps the number.
      expect((await printSelfDepartureDeclaration(ctx, st.staff, c.id)).number).toBe(printed.number);
      // Without the signed declaration the departure is refused and nothing changes.
      expect(await codeOf(recordDeparture(ctx, st.staff, c.id, { kind: 'self_departure' }))).toBe(
        'RESCUE_DECLARATION_REQUIRED',
      );
      expect((await caseRow(ctx, c.id)).status).toBe('in_station');
      const done = await recordDeparture(ctx, st.staff, c.id, await selfBody(ctx, st.staff, c.id));
      expect(done.departure).toMatchObject({
        kind: 'self_departure',
        departedOn: '2026-03-10',
        declarationNo: printed.number,
      });
      const row = await caseRow(ctx, c.id);
      expect(row).toMatchObject({ status: 'departed', closeKind: 'self_departure' });
      expect(row.closedAt).not.toBeNull();
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('targetId', '=', c.id)
        .where('action', '=', 'rescue.departure.record')
        .execute();
      expect(audit).toHaveLength(1);
      // A closed case cannot depart again.
      expect(await codeOf(recordDeparture(ctx, st.staff, c.id, await selfBody(ctx, st.staff, c.id)))).toBe(
        'RESCUE_CASE_CLOSED',
      );
    });

    it('TC R-RES-02: a 15-year-old asks to leave alone → blocked; must be collected (id checked and copied) or escorted', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await aRescueCase(ctx, st, { estimatedAge: 15, enteredAt: '2026-03-05T02:00:00.000Z' });
      const options = await departureOptions(ctx, st.staff, c.id);
      const self = options.kinds.find((k) => k.kind === 'self_departure')!;
      expect(self.allowed).toBe(false);
      expect(self.reason).toContain('未满16周岁');
      expect(options.kinds.find((k) => k.kind === 'return_home')!.allowed).toBe(false);
      expect(options.kinds.find((k) => k.kind === 'collected_by_family')!.allowed).toBe(true);
      expect(await codeOf(recordDeparture(ctx, st.staff, c.id, await selfBody(ctx, st.staff, c.id)))).toBe(
        'RESCUE_DEPARTURE_NOT_ALLOWED',
      );
      expect(await codeOf(printSelfDepartureDeclaration(ctx, st.staff, c.id))).toBe(
        'RESCUE_DEPARTURE_NOT_ALLOWED',
      );
      const residentId = composeResidentId('430102', parsePlainDate('1980-05-06'), 123);
      const collector = { name: '王芳', relation: '母亲', residentId };
      // TC R-RES-07: a handover record without a copy of the collector's id → invalid.
      expect(
        await codeOf(recordDeparture(ctx, st.staff, c.id, { kind: 'collected_by_family', collector })),
      ).toBe('RESCUE_COLLECTOR_ID_COPY_REQUIRED');
      const copy = await aCaseAttachment(ctx, st.staff, c.id, 'collector_id_copy');
      // A wrong id number is refused (kernel resident-id validator).
      expect(
        await codeOf(
          recordDeparture(ctx, st.staff, c.id, {
            kind: 'collected_by_family',
            collector: { ...collector, residentId: '430102198005061239', idCopyAttachmentId: copy },
          }),
        ),
      ).toMatch(/^RESIDENT_ID_/);
      // An attachment of another kind is not the id copy.
      const other = await aCaseAttachment(ctx, st.staff, c.id, 'signed_receipt');
      expect(
        await codeOf(
          recordDeparture(ctx, st.staff, c.id, {
            kind: 'collected_by_family',
            collector: { ...collector, idCopyAttachmentId: other },
          }),
        ),
      ).toBe('ATTACHMENT_KIND_MISMATCH');
      const done = await recordDeparture(ctx, st.staff, c.id, {
        kind: 'collected_by_family',
        collector: { ...collector, idCopyAttachmentId: copy },
      });
      expect(done.departure.collectorResidentIdMasked).not.toContain(residentId.slice(6, 14));
      expect(done.departure.collectorResidentIdMasked).toMatch(/^4301/);
      // The full id never reaches a stored row or an audit detail.
      const stored = await ctx.db.kysely
        .selectFrom('rescueDepartures')
        .selectAll()
        .where('caseId', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(residentId);
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('details')
        .where('targetId', '=', c.id)
        .execute();
      expect(JSON.stringify(audit)).not.toContain(residentId);
    });

    it('R-RES-02 minors 16–17: leaving needs the station’s consent; limited capacity must be collected; readings are configuration', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c17 = await aRescueCase(ctx, st, { estimatedAge: 17, enteredAt: '2026-03-05T02:00:00.000Z' });
      const o = await departureOptions(ctx, st.staff, c17.id);
      expect(o.kinds.find((k) => k.kind === 'self_departure')).toMatchObject({
        allowed: true,
        needsConsent: true,
      });
      const body = await selfBody(ctx, st.staff, c17.id);
      expect(await codeOf(recordDeparture(ctx, st.staff, c17.id, body))).toBe(
        'RESCUE_STATION_CONSENT_REQUIRED',
      );
      const done = await recordDeparture(ctx, st.staff, c17.id, { ...body, consentBy: '站长 刘明' });
      expect(done.departure.consentBy).toBe('站长 刘明');

      const limited = await aRescueCase(ctx, st, { estimatedAge: 40, civilCapacity: 'limited' });
      expect(
        await codeOf(recordDeparture(ctx, st.staff, limited.id, await selfBody(ctx, st.staff, limited.id))),
      ).toBe('RESCUE_DEPARTURE_NOT_ALLOWED');
      // Transfer (inter-station escort) is open to them, with an escort.
      expect(
        await codeOf(
          recordDeparture(ctx, st.staff, limited.id, {
            kind: 'transfer',
            transferTo: 'station',
            transferToName: '怀化市救助管理站',
          }),
        ),
      ).toBe('RESCUE_ESCORT_REQUIRED');
      await recordDeparture(ctx, st.staff, limited.id, {
        kind: 'transfer',
        transferTo: 'station',
        transferToName: '怀化市救助管理站',
        escort: '张伟、李军',
      });
      expect((await caseRow(ctx, limited.id)).closeKind).toBe('transfer');

      // Configuration: collection required under 18 → a 17-year-old is blocked too.
      const strict = setup({ collectionRequiredUnderAge: 18 });
      const st2 = await aRescueStation(strict.ctx, { county: '430102' });
      const c = await aRescueCase(strict.ctx, st2, { estimatedAge: 17 });
      expect(
        await codeOf(
          recordDeparture(strict.ctx, st2.staff, c.id, {
            ...(await selfBody(strict.ctx, st2.staff, c.id)),
            consentBy: '站长',
          }),
        ),
      ).toBe('RESCUE_DEPARTURE_NOT_ALLOWED');
    });

    it('TC R-RES-07: a cash disbursement of 30 → rejected (cap 20, per departure); a receipt is required', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await adult(ctx, st);
      const base = await selfBody(ctx, st.staff, c.id);
      expect(
        await codeOf(recordDeparture(ctx, st.staff, c.id, { ...base, cashPayments: [{ amountFen: 3000 }] })),
      ).toBe('RESCUE_CASH_OVER_CAP');
      // Per departure (default): 15 + 10 together is over the cap.
      expect(
        await codeOf(
          recordDeparture(ctx, st.staff, c.id, {
            ...base,
            cashPayments: [{ amountFen: 1500 }, { amountFen: 1000 }],
          }),
        ),
      ).toBe('RESCUE_CASH_OVER_CAP');
      expect(
        await codeOf(recordDeparture(ctx, st.staff, c.id, { ...base, cashPayments: [{ amountFen: 2000 }] })),
      ).toBe('RESCUE_CASH_RECEIPT_REQUIRED');
      expect((await caseRow(ctx, c.id)).status).toBe('in_station'); // refused writes changed nothing
      const receipt = await aCaseAttachment(ctx, st.staff, c.id, 'signed_receipt');
      const done = await recordDeparture(ctx, st.staff, c.id, {
        ...base,
        cashPayments: [{ amountFen: 2000, purpose: '公交车费' }],
        cashReceiptAttachmentId: receipt,
      });
      expect(done.departure.cashTotalFen).toBe(2000);
    });

    it('R-RES-07 §8 reading per payment: each payment at most 20 yuan, several allowed', async () => {
      const { ctx } = setup({ cashCapScope: 'per_payment' });
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await adult(ctx, st);
      const base = await selfBody(ctx, st.staff, c.id);
      const receipt = await aCaseAttachment(ctx, st.staff, c.id, 'signed_receipt');
      expect(
        await codeOf(
          recordDeparture(ctx, st.staff, c.id, {
            ...base,
            cashReceiptAttachmentId: receipt,
            cashPayments: [{ amountFen: 3000 }],
          }),
        ),
      ).toBe('RESCUE_CASH_OVER_CAP');
      const done = await recordDeparture(ctx, st.staff, c.id, {
        ...base,
        cashReceiptAttachmentId: receipt,
        cashPayments: [{ amountFen: 1500 }, { amountFen: 1000 }],
      });
      expect(done.departure.cashTotalFen).toBe(2500);
    });

    it('R-RES-03/R-RES-08: belongings and documents are returned against the register, signed for; an item kept needs a reason', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await adult(ctx, st);
      const phone = await aBelonging(ctx, c.id, '手机');
      const idCard = await aBelonging(ctx, c.id, '居民身份证', { identityDocument: true });
      const options = await departureOptions(ctx, st.staff, c.id);
      expect(options.belongings.map((b) => b.itemId).sort()).toEqual([phone, idCard].sort());
      const base = await selfBody(ctx, st.staff, c.id);
      expect(await codeOf(recordDeparture(ctx, st.staff, c.id, base))).toBe('RESCUE_BELONGINGS_UNACCOUNTED');
      expect(
        await codeOf(
          recordDeparture(ctx, st.staff, c.id, {
            ...base,
            belongings: [
              { itemId: phone, returned: false },
              { itemId: idCard, returned: true },
            ],
            belongingsSigned: true,
          }),
        ),
      ).toBe('RESCUE_BELONGING_REASON_REQUIRED');
      const all = [
        { itemId: phone, returned: false, reason: '本人自愿放弃（已损坏）' },
        { itemId: idCard, returned: true },
      ];
      expect(await codeOf(recordDeparture(ctx, st.staff, c.id, { ...base, belongings: all }))).toBe(
        'RESCUE_BELONGINGS_SIGNATURE_REQUIRED',
      );
      const done = await recordDeparture(ctx, st.staff, c.id, {
        ...base,
        belongings: all,
        belongingsSigned: true,
      });
      expect(done.departure.belongings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ itemId: idCard, returned: true }),
          expect.objectContaining({ itemId: phone, returned: false, reason: '本人自愿放弃（已损坏）' }),
        ]),
      );
      const register = await ctx.db.kysely
        .selectFrom('rescueBelongings')
        .select(['id', 'returnedAt', 'returnedNote'])
        .where('caseId', '=', c.id)
        .execute();
      expect(register.find((r) => r.id === idCard)!.returnedAt).not.toBeNull();
      expect(register.find((r) => r.id === phone)).toMatchObject({
        returnedAt: null,
        returnedNote: '未退还：本人自愿放弃（已损坏）',
      });
    });

    it('R-RES-07: return home with a travel voucher names the transfer station when no direct route; leaving without formalities is written down', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await adult(ctx, st);
      const home = { kind: 'return_home' as const, destination: '湖南省怀化市沅陵县' };
      expect(await codeOf(recordDeparture(ctx, st.staff, c.id, home))).toBe('RESCUE_VOUCHER_REQUIRED');
      expect(
        await codeOf(
          recordDeparture(ctx, st.staff, c.id, { ...home, travelVoucher: { routeKind: 'transfer' } }),
        ),
      ).toBe('RESCUE_TRANSFER_STATION_REQUIRED');
      const done = await recordDeparture(ctx, st.staff, c.id, {
        ...home,
        travelVoucher: { routeKind: 'transfer', transferStation: '怀化南站', voucherNo: 'CP-001' },
      });
      expect(done.departure).toMatchObject({ routeKind: 'transfer', transferStation: '怀化南站' });
      expect((await caseRow(ctx, c.id)).closeNote).toContain('怀化南站');

      const gone = await adult(ctx, st);
      expect(
        await codeOf(
          recordDeparture(ctx, st.staff, gone.id, { kind: 'left_without_formalities', leftFrom: 'hospital' }),
        ),
      ).toBe('RESCUE_WRITTEN_RECORD_REQUIRED');
      await recordDeparture(ctx, st.staff, gone.id, {
        kind: 'left_without_formalities',
        leftFrom: 'hospital',
        note: '3月10日上午在市第一医院住院期间自行离开，经寻找未果，视为放弃救助',
      });
      expect((await caseRow(ctx, gone.id)).closeKind).toBe('left_without_formalities');
    });

    it('death at the station: the case closes as deceased and the death is recorded in the people index', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await adult(ctx, st);
      expect(
        await codeOf(recordDeparture(ctx, st.staff, c.id, { kind: 'death', deathDate: '2026-03-11' })),
      ).toBe('RESCUE_DEPARTURE_IN_FUTURE');
      const done = await recordDeparture(ctx, st.staff, c.id, {
        kind: 'death',
        deathDate: '2026-03-09',
        deathCause: '突发疾病经抢救无效',
        note: '送医抢救无效死亡',
      });
      expect(done.deathRecorded).toBe(true);
      expect(await caseRow(ctx, c.id)).toMatchObject({ status: 'deceased', closeKind: 'death' });
      const person = await ctx.db.kysely
        .selectFrom('people')
        .select(['status', 'deathDate'])
        .where('id', '=', c.personId)
        .executeTakeFirstOrThrow();
      expect(person).toEqual({ status: 'deceased', deathDate: '2026-03-09' });
      // The line's own subscriber finds the case closed: nothing more happens.
      await ctx.events.dispatchPending();
      const closing = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', c.id)
        .where('action', '=', 'rescue.case.closed-by-death')
        .execute();
      expect(closing).toHaveLength(0);
    });

    it('death is one transaction: a refusal by the people index refuses the departure, nothing written', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await adult(ctx, st);
      // The index holds a birth date the case does not (the case has an estimated age only).
      await ctx.db.kysely
        .updateTable('people')
        .set({ birthDate: '2026-03-10' })
        .where('id', '=', c.personId)
        .execute();
      const auditsBefore = await ctx.db.kysely
        .selectFrom('auditLog')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(
        await codeOf(
          recordDeparture(ctx, st.staff, c.id, {
            kind: 'death',
            deathDate: '2026-03-09',
            deathCause: '病故',
          }),
        ),
      ).toBe('DEATH_BEFORE_BIRTH');
      expect(await caseRow(ctx, c.id)).toMatchObject({ status: 'in_station', closeKind: null });
      const departures = await ctx.db.kysely
        .selectFrom('rescueDepartures')
        .select('id')
        .where('caseId', '=', c.id)
        .execute();
      expect(departures).toHaveLength(0);
      const person = await ctx.db.kysely
        .selectFrom('people')
        .select(['status', 'deathDate'])
        .where('id', '=', c.personId)
        .executeTakeFirstOrThrow();
      expect(person).toEqual({ status: 'alive', deathDate: null });
      const auditsAfter = await ctx.db.kysely
        .selectFrom('auditLog')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(auditsAfter.n)).toBe(Number(auditsBefore.n));
      const events = await ctx.db.kysely
        .selectFrom('outboxEvents')
        .select('id')
        .where('type', '=', 'person.deceased')
        .execute();
      expect(events).toHaveLength(0);
    });

    it('death of a person the index already holds as deceased: the departure stands, the note says so', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await adult(ctx, st);
      await ctx.db.kysely
        .updateTable('people')
        .set({ status: 'deceased', deathDate: '2026-03-08' })
        .where('id', '=', c.personId)
        .execute();
      const done = await recordDeparture(ctx, st.staff, c.id, { kind: 'death', deathDate: '2026-03-09' });
      expect(done.deathRecorded).toBe(false);
      expect(done.deathRecordNote).toBe('人员信息库中已登记死亡');
      expect(await caseRow(ctx, c.id)).toMatchObject({ status: 'deceased', closeKind: 'death' });
    });

    it('a placed person’s departure ends the placement (the stay concern’s table) with the stay', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await adult(ctx, st);
      const partner = await aPartnerWithAgreement(ctx, st);
      await placeCase(ctx, st.staff, c.id, {
        partnerId: partner.partnerId,
        startedOn: '2026-03-06',
        reason: '需要长期护理，站内无条件',
      });
      expect((await caseRow(ctx, c.id)).status).not.toBe('in_station');
      await recordDeparture(ctx, st.staff, c.id, {
        kind: 'collected_by_family',
        collector: {
          name: '赵刚',
          relation: '儿子',
          residentId: composeResidentId('430102', parsePlainDate('1990-02-03'), 11),
          idCopyAttachmentId: await aCaseAttachment(ctx, st.staff, c.id, 'collector_id_copy'),
        },
      });
      const placement = await ctx.db.kysely
        .selectFrom('rescuePlacements')
        .selectAll()
        .where('caseId', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(placement).toMatchObject({ status: 'ended', endedOn: '2026-03-10' });
      expect((await caseRow(ctx, c.id)).status).toBe('departed');
    });

    it('scope (ADR 0015): a sibling station’s staff and another county get 404 on every write naming the case', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const sibling = await aRescueStation(ctx, { county: '430102' });
      const outsider = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor;
      const c = await adult(ctx, st);
      const body = await selfBody(ctx, st.staff, c.id);
      for (const actor of [sibling.staff, outsider]) {
        expect(await codeOf(recordDeparture(ctx, actor, c.id, body))).toBe('NOT_FOUND');
        expect(await codeOf(printSelfDepartureDeclaration(ctx, actor, c.id))).toBe('NOT_FOUND');
        expect(await codeOf(departureOptions(ctx, actor, c.id))).toBe('NOT_FOUND');
      }
      // County staff of the station's county may record it.
      await recordDeparture(ctx, st.countyStaff, c.id, body);
      const ledgerOwn = await departureLedger(ctx, st.staff, { page: 1, pageSize: 20 });
      expect(ledgerOwn.items.map((r) => r.caseId)).toContain(c.id);
      expect(
        (await departureLedger(ctx, sibling.staff, { page: 1, pageSize: 20 })).items.map((r) => r.caseId),
      ).not.toContain(c.id);
      expect((await departureLedger(ctx, st.staff, { page: 1, pageSize: 20, kind: 'death' })).total).toBe(0);
      expect((await departureLedger(ctx, st.staff, { page: 1, pageSize: 20, q: c.caseNo })).total).toBe(1);
    });
  },
  { lines: [rescueLine] },
);
