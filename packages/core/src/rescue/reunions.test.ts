/**
 * Reunions (团聚, issue 16 items 1 and 5): started by a confirmed family match (idempotent) and by hand;
 * steps in order; the handover is the departure `collected_by_family` (R-RES-07) — refused without the
 * collector's id copy, nothing changed — and ends the case as departed; a resident id held by another
 * people-index record → a merge request, never a merge; scope 404s; the worklist; the statistics.
 * On SQLite and PostgreSQL.
 */
import { composeResidentId, isDomainError, parsePlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { createPerson } from '../people/index';
import { emitEvent, type DomainEvents } from '../events/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { findRescueCase } from './cases.repository';
import { recordDeparture } from './departure.service';
import { seedReunionsDemo } from './reunions.demo-seed';
import { aCaseAttachment } from './departure.fixtures';
import { matchingLine } from '../matching/line';
import { rescueLine } from './line';
import { aRescueCase, aRescueStation, type RescueStationFixture } from './rescue.fixtures';
import {
  REUNION_MATCH_SUBSCRIBER,
  cancelReunion,
  caseFamily,
  familyWorklist,
  handOverReunion,
  onFamilyMatchConfirmed,
  recordReunionContact,
  recordReunionIdentity,
  reunionLedger,
  reunionStatistics,
  reunionTodos,
  startReunion,
} from './reunions.service';

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

const KIN_ID = composeResidentId('430102', parsePlainDate('1970-02-03'), 246); // female (even)
/** The collector as the handover form sends it: name and relation pre-filled, the id typed. */
const KIN = { name: '王芳', relation: '母亲', residentId: KIN_ID };

describeEachDatabase(
  'rescue reunions (issue 16; R-RES-07, R-RES-09 … R-RES-12)',
  (t) => {
    function setup() {
      const clock = new ManualClock(NOW);
      const ctx = testContext(t.db, clock);
      return { ctx, clock };
    }
    const unidentified = (ctx: CoreContext, st: RescueStationFixture, opts: { estimatedAge?: number } = {}) =>
      aRescueCase(ctx, st, {
        estimatedAge: opts.estimatedAge ?? 45,
        enteredAt: '2026-03-01T02:00:00.000Z',
        identityStatus: 'unidentified',
      });
    const caseRow = async (ctx: CoreContext, id: string) => (await findRescueCase(ctx.db.kysely, id))!;
    const contact = { familyName: '王芳', familyRelation: '母亲', familyPhone: '13800000000' };

    async function toChecked(
      ctx: CoreContext,
      st: RescueStationFixture,
      caseId: string,
      kind = 'collector_id_copy',
    ) {
      const r0 = await startReunion(ctx, st.staff, caseId, {
        channel: 'notice',
        sourceReference: '公告回复电话',
      });
      const r1 = await recordReunionContact(ctx, st.staff, r0.id, { ...contact, version: r0.version });
      const evidence = await aCaseAttachment(ctx, st.staff, caseId, kind);
      const r2 = await recordReunionIdentity(ctx, st.staff, r1.id, {
        kinName: '王芳',
        kinRelation: '母亲',
        kinResidentId: KIN_ID,
        evidenceAttachmentId: evidence,
        confirmedName: '张小明',
        version: r1.version,
      });
      return r2;
    }

    it('by hand: contact → identity check → handover ends the stay as a departure (collected_by_family)', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await unidentified(ctx, st);
      const started = await startReunion(ctx, st.staff, c.id, { channel: 'notice' });
      expect(started).toMatchObject({
        status: 'contacting',
        channel: 'notice',
        startedHow: 'hand',
        version: 1,
      });
      // One open reunion per case.
      expect(await codeOf(startReunion(ctx, st.staff, c.id, { channel: 'dna' }))).toBe(
        'REUNION_ALREADY_OPEN',
      );
      // The to-do: a reunion waiting for the contact.
      expect(await reunionTodos(ctx, st.staff)).toMatchObject([{ kind: 'rescue.reunion-contact', count: 1 }]);
      // Out of order: no identity check before the contact, no handover before the check.
      const ev = await aCaseAttachment(ctx, st.staff, c.id, 'collector_id_copy');
      expect(
        await codeOf(
          recordReunionIdentity(ctx, st.staff, started.id, {
            kinName: '王芳',
            kinRelation: '母亲',
            kinResidentId: KIN_ID,
            evidenceAttachmentId: ev,
            confirmedName: '张小明',
            version: 1,
          }),
        ),
      ).toBe('REUNION_STEP_OUT_OF_ORDER');
      expect(await codeOf(handOverReunion(ctx, st.staff, started.id, { collector: KIN, version: 1 }))).toBe(
        'REUNION_STEP_OUT_OF_ORDER',
      );
      const contacted = await recordReunionContact(ctx, st.staff, started.id, { ...contact, version: 1 });
      expect(contacted).toMatchObject({ status: 'contacting', familyName: '王芳', version: 2 });
      // A stale version is refused.
      expect(await codeOf(recordReunionContact(ctx, st.staff, started.id, { ...contact, version: 1 }))).toBe(
        'REUNION_STEP_OUT_OF_ORDER'.replace('REUNION_STEP_OUT_OF_ORDER', 'VERSION_CONFLICT'),
      );
      // A wrong resident id and a wrong evidence kind are refused (422 naming the field).
      const bad = {
        kinName: '王芳',
        kinRelation: '母亲',
        kinResidentId: KIN_ID.slice(0, 17) + (KIN_ID.endsWith('1') ? '2' : '1'),
        evidenceAttachmentId: ev,
        confirmedName: '张小明',
        version: 2,
      };
      expect(await codeOf(recordReunionIdentity(ctx, st.staff, started.id, bad))).toMatch(/^RESIDENT_ID_/);
      const receipt = await aCaseAttachment(ctx, st.staff, c.id, 'signed_receipt');
      expect(
        await codeOf(
          recordReunionIdentity(ctx, st.staff, started.id, {
            ...bad,
            kinResidentId: KIN_ID,
            evidenceAttachmentId: receipt,
          }),
        ),
      ).toBe('ATTACHMENT_KIND_MISMATCH');
      const checked = await recordReunionIdentity(ctx, st.staff, started.id, {
        ...bad,
        kinResidentId: KIN_ID,
      });
      expect(checked).toMatchObject({ status: 'identity_checked', confirmedName: '张小明', mergeId: null });
      expect(checked.kinResidentIdMasked).toMatch(/^430102\*{8}\d{3}[\dX]$/);
      expect(JSON.stringify(checked)).not.toContain(KIN_ID);
      expect(await caseRow(ctx, c.id)).toMatchObject({ identityStatus: 'identified', nameGiven: '张小明' });
      const done = await handOverReunion(ctx, st.staff, started.id, {
        collector: KIN,
        version: checked.version,
      });
      expect(done).toMatchObject({ status: 'handed_over', handedOverOn: '2026-03-10', daysToReunion: 9 });
      expect(await caseRow(ctx, c.id)).toMatchObject({
        status: 'departed',
        closeKind: 'collected_by_family',
      });
      const dep = await ctx.db.kysely
        .selectFrom('rescueDepartures')
        .selectAll()
        .where('caseId', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(dep).toMatchObject({
        kind: 'collected_by_family',
        collectorName: '王芳',
        collectorRelation: '母亲',
      });
      expect(done.departureId).toBe(dep.id);
      // The full id never reaches an audit detail.
      const audits = await ctx.db.kysely.selectFrom('auditLog').select(['action', 'details']).execute();
      expect(JSON.stringify(audits)).not.toContain(KIN_ID);
      expect(audits.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'rescue.reunion.start',
          'rescue.reunion.contact',
          'rescue.reunion.identity-check',
          'rescue.reunion.hand-over',
          'rescue.departure.record',
        ]),
      );
      // Nothing more after the end.
      expect(
        await codeOf(cancelReunion(ctx, st.staff, started.id, { reason: '家属反悔', version: done.version })),
      ).toBe('REUNION_STEP_OUT_OF_ORDER');
      const view = await caseFamily(ctx, st.staff, c.id);
      expect(view).toMatchObject({ open: false, canStart: false });
      expect(view.reunions).toHaveLength(1);
    });

    it('R-RES-07: a minor handed over without the collector’s id copy is refused and nothing changes', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await unidentified(ctx, st, { estimatedAge: 12 });
      // Evidence: a copy of an identity document (not the collector's id copy) → not carried to the handover.
      const checked = await toChecked(ctx, st, c.id, 'identity_document_copy');
      const before = await caseRow(ctx, c.id);
      expect(
        await codeOf(
          handOverReunion(ctx, st.staff, checked.id, { collector: KIN, version: checked.version }),
        ),
      ).toBe('RESCUE_COLLECTOR_ID_COPY_REQUIRED');
      expect(await caseRow(ctx, c.id)).toEqual(before);
      const family = await caseFamily(ctx, st.staff, c.id);
      expect(family.collectionRequired).toBe(true);
      expect(family.reunions[0]).toMatchObject({ status: 'identity_checked', version: checked.version });
      expect(
        await ctx.db.kysely.selectFrom('rescueDepartures').select('id').where('caseId', '=', c.id).execute(),
      ).toHaveLength(0);
      // With the collector's id copy the handover goes through.
      const copy = await aCaseAttachment(ctx, st.staff, c.id, 'collector_id_copy');
      const done = await handOverReunion(ctx, st.staff, checked.id, {
        collector: { name: '王芳', relation: '母亲', residentId: KIN_ID, idCopyAttachmentId: copy },
        version: checked.version,
      });
      expect(done.status).toBe('handed_over');
      expect((await caseRow(ctx, c.id)).status).toBe('departed');
    });

    it('the family member’s id is stored masked + keyed HMAC only; the collector’s typed id must match it', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await unidentified(ctx, st);
      const checked = await toChecked(ctx, st, c.id);
      const stored = await ctx.db.kysely
        .selectFrom('rescueReunions')
        .selectAll()
        .where('id', '=', checked.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(KIN_ID);
      expect(stored.kinResidentIdMasked).toMatch(/^430102\*{8}\d{3}[\dX]$/);
      expect(stored.kinResidentIdHmac).toBe(ctx.keys.hmac('rescue.collector-id', KIN_ID));
      // The checked family member with another id typed: refused on the field, nothing changes.
      const otherId = composeResidentId('430102', parsePlainDate('1972-05-06'), 248);
      const before = await caseRow(ctx, c.id);
      const refused = await handOverReunion(ctx, st.staff, checked.id, {
        collector: { ...KIN, residentId: otherId },
        version: checked.version,
      }).catch((e: unknown) => e);
      expect(refused).toMatchObject({
        kind: 'invalid',
        code: 'REUNION_COLLECTOR_ID_MISMATCH',
        details: { field: 'collector.residentId' },
      });
      expect((refused as Error).message).toContain('不一致');
      expect(await caseRow(ctx, c.id)).toEqual(before);
      // Another collector (not the checked member) with their own id and id copy: the departure's checks.
      const copy = await aCaseAttachment(ctx, st.staff, c.id, 'collector_id_copy');
      const done = await handOverReunion(ctx, st.staff, checked.id, {
        collector: { name: '张大山', relation: '父亲', residentId: otherId, idCopyAttachmentId: copy },
        version: checked.version,
      });
      expect(done.status).toBe('handed_over');
      const dep = await ctx.db.kysely
        .selectFrom('rescueDepartures')
        .selectAll()
        .where('caseId', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(dep).toMatchObject({ collectorName: '张大山', collectorIdCopyAttachmentId: copy });
      expect(dep.collectorResidentIdHmac).toBe(ctx.keys.hmac('rescue.collector-id', otherId));
    });

    it('one transaction: a handover refused at the reunion’s update (stale version) leaves no departure and the case open', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await unidentified(ctx, st);
      const checked = await toChecked(ctx, st, c.id);
      const before = await caseRow(ctx, c.id);
      // A valid departure input (the checked member, the right id, the id copy from step 2) but a stale
      // reunion version: the departure is written in the transaction, then the reunion's update refuses.
      expect(
        await codeOf(
          handOverReunion(ctx, st.staff, checked.id, { collector: KIN, version: checked.version - 1 }),
        ),
      ).toBe('VERSION_CONFLICT');
      expect(
        await ctx.db.kysely.selectFrom('rescueDepartures').select('id').where('caseId', '=', c.id).execute(),
      ).toHaveLength(0);
      const after = await caseRow(ctx, c.id);
      expect(after).toEqual(before);
      expect(after).toMatchObject({ closedAt: null, status: 'in_station' });
      expect((await caseFamily(ctx, st.staff, c.id)).reunions[0]).toMatchObject({
        status: 'identity_checked',
        version: checked.version,
        departureId: null,
      });
      const written = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('action', 'in', ['rescue.departure.record', 'rescue.reunion.hand-over'])
        .execute();
      expect(written).toHaveLength(0);
      // The same handover with the current version goes through.
      const done = await handOverReunion(ctx, st.staff, checked.id, {
        collector: KIN,
        version: checked.version,
      });
      expect(done).toMatchObject({ status: 'handed_over' });
      expect((await caseRow(ctx, c.id)).status).toBe('departed');
    });

    it('a resident id held by another people-index record → a person-merge request, not a merge', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await unidentified(ctx, st);
      const known = composeResidentId('430102', parsePlainDate('1981-04-05'), 135); // male
      const other = await createPerson(ctx, systemActor('test', '430102'), {
        residentId: known,
        name: '张小明',
        hukouDivisionCode: '430102',
        source: '户籍',
      });
      const r0 = await startReunion(ctx, st.staff, c.id, { channel: 'dna', sourceReference: '公安DNA比中' });
      const r1 = await recordReunionContact(ctx, st.staff, r0.id, { ...contact, version: 1 });
      const ev = await aCaseAttachment(ctx, st.staff, c.id, 'collector_id_copy');
      const body = {
        kinName: '王芳',
        kinRelation: '母亲',
        kinResidentId: KIN_ID,
        evidenceAttachmentId: ev,
        confirmedName: '张小明',
        version: r1.version,
      };
      // A female resident id for a male case is refused.
      const female = composeResidentId('430102', parsePlainDate('1981-04-05'), 136);
      expect(
        await codeOf(recordReunionIdentity(ctx, st.staff, r1.id, { ...body, confirmedResidentId: female })),
      ).toBe('RESIDENT_ID_SEX_MISMATCH');
      const checked = await recordReunionIdentity(ctx, st.staff, r1.id, {
        ...body,
        confirmedResidentId: known,
      });
      expect(checked.confirmedPersonId).toBe(other.id);
      expect(checked.mergeId).toBeTruthy();
      const merge = await ctx.db.kysely
        .selectFrom('personMerges')
        .selectAll()
        .where('id', '=', checked.mergeId!)
        .executeTakeFirstOrThrow();
      expect(merge).toMatchObject({ status: 'proposed', survivorId: other.id, mergedId: c.personId });
      // Nothing repointed: the case still names its own record, which is not merged.
      expect((await caseRow(ctx, c.id)).personId).toBe(c.personId);
      const person = await ctx.db.kysely
        .selectFrom('people')
        .select('mergedInto')
        .where('id', '=', c.personId)
        .executeTakeFirstOrThrow();
      expect(person.mergedInto).toBeNull();
      expect(
        JSON.stringify(await ctx.db.kysely.selectFrom('auditLog').select('details').execute()),
      ).not.toContain(known);
    });

    it('started by a confirmed family match: idempotent, the other side as source; cancel needs a reason', async () => {
      const { ctx } = setup();
      expect(rescueLine.subscribers?.some((s) => s.name === REUNION_MATCH_SUBSCRIBER)).toBe(true);
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await unidentified(ctx, st);
      const payload: DomainEvents['family.match-confirmed'] = {
        candidateId: 'cand-1',
        channel: 'face',
        left: { entryId: 'report-1', ownerLine: 'matching', kind: 'missing-report' },
        right: { entryId: c.id, ownerLine: 'rescue', kind: 'unidentified-living' },
        divisionCode: '430102',
      };
      const deliver = () =>
        ctx.db.kysely.transaction().execute((trx) => onFamilyMatchConfirmed(ctx, trx, { payload }));
      await deliver();
      await deliver(); // replayed
      const rows = await ctx.db.kysely
        .selectFrom('rescueReunions')
        .selectAll()
        .where('caseId', '=', c.id)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        channel: 'face',
        startedHow: 'event',
        candidateId: 'cand-1',
        sourceLine: 'matching',
        sourceId: 'report-1',
        sourceKind: 'missing-report',
        status: 'contacting',
      });
      // A second confirmed candidate for the same case while one is open: noted, not started, not failing.
      await ctx.db.kysely
        .transaction()
        .execute((trx) =>
          onFamilyMatchConfirmed(ctx, trx, { payload: { ...payload, candidateId: 'cand-2' } }),
        );
      expect(
        await ctx.db.kysely.selectFrom('rescueReunions').select('id').where('caseId', '=', c.id).execute(),
      ).toHaveLength(1);
      // A match between two non-rescue records is ignored.
      await ctx.db.kysely.transaction().execute((trx) =>
        onFamilyMatchConfirmed(ctx, trx, {
          payload: {
            ...payload,
            candidateId: 'cand-3',
            right: { entryId: 'x', ownerLine: 'funeral', kind: 'unidentified-deceased' },
          },
        }),
      );
      expect(await ctx.db.kysely.selectFrom('rescueReunions').select('id').execute()).toHaveLength(1);
      const r = (await caseFamily(ctx, st.staff, c.id)).reunions[0]!;
      expect(await codeOf(cancelReunion(ctx, st.staff, r.id, { reason: ' ', version: r.version }))).toBe(
        'VALIDATION_FAILED',
      );
      const cancelled = await cancelReunion(ctx, st.staff, r.id, {
        reason: '家属确认不是本人',
        version: r.version,
      });
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '家属确认不是本人' });
      // A new one may start after the cancel.
      expect((await startReunion(ctx, st.staff, c.id, { channel: 'other' })).status).toBe('contacting');
      // Through the outbox: the line's subscriber receives the event and starts the reunion.
      const c2 = await unidentified(ctx, st);
      await ctx.db.kysely.transaction().execute((trx) =>
        emitEvent(
          trx,
          ctx.db.dialect,
          'family.match-confirmed',
          {
            ...payload,
            candidateId: 'cand-9',
            channel: 'data',
            right: { ...payload.right, entryId: c2.id },
          },
          new Date(NOW),
        ),
      );
      await ctx.events.dispatchPending();
      await ctx.events.dispatchPending();
      const viaOutbox = (await caseFamily(ctx, st.staff, c2.id)).reunions;
      expect(viaOutbox).toMatchObject([
        { status: 'contacting', channel: 'data', startedHow: 'event', candidateId: 'cand-9' },
      ]);
    });

    it('scope: another station’s staff get 404 on the case and its reunion; lists leave it out', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const elsewhere = await aRescueStation(ctx, { county: '430103' });
      const sibling = await aRescueStation(ctx, { county: '430102' });
      const c = await unidentified(ctx, st);
      const r = await startReunion(ctx, st.staff, c.id, { channel: 'notice' });
      for (const actor of [elsewhere.staff, elsewhere.countyStaff, sibling.staff]) {
        expect(await codeOf(startReunion(ctx, actor, c.id, { channel: 'notice' }))).toBe('NOT_FOUND');
        expect(await codeOf(caseFamily(ctx, actor, c.id))).toBe('NOT_FOUND');
        expect(await codeOf(recordReunionContact(ctx, actor, r.id, { ...contact, version: 1 }))).toBe(
          'NOT_FOUND',
        );
        expect(await codeOf(cancelReunion(ctx, actor, r.id, { reason: '测试取消', version: 1 }))).toBe(
          'NOT_FOUND',
        );
        expect((await reunionLedger(ctx, actor, { page: 1, pageSize: 20 })).total).toBe(0);
        expect((await familyWorklist(ctx, actor, { page: 1, pageSize: 20 })).total).toBe(0);
      }
      expect(
        await codeOf(reunionLedger(ctx, elsewhere.staff, { stationId: st.id, page: 1, pageSize: 20 })),
      ).toBe('NOT_FOUND');
      // The county account of the station's county sees it.
      expect((await reunionLedger(ctx, st.countyStaff, { page: 1, pageSize: 20 })).total).toBe(1);
    });

    it('the 寻亲 worklist: open unidentified cases with days in station, reunion status, filters and sort', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const old = await unidentified(ctx, st, { estimatedAge: 12 });
      const young = await aRescueCase(ctx, st, {
        estimatedAge: 70,
        enteredAt: '2026-03-08T02:00:00.000Z',
        identityStatus: 'to_verify',
        sex: 'female',
      });
      await aRescueCase(ctx, st, { birthDate: '1980-01-01' }); // identified: not on the list
      await aRescueCase(ctx, st, { estimatedAge: 30, status: 'departed' }); // closed: not on the list
      await aCaseAttachment(ctx, st.staff, old.id, 'photo');
      await startReunion(ctx, st.staff, young.id, { channel: 'notice' });
      const list = await familyWorklist(ctx, st.staff, { page: 1, pageSize: 20 });
      expect(list.items.map((r) => r.caseId)).toEqual([old.id, young.id]);
      expect(list.items[0]).toMatchObject({
        daysInStation: 9,
        facePhoto: true,
        openCandidates: 0,
        reunionStatus: null,
        nextStep: '发布寻亲公告',
      });
      expect(list.items[1]).toMatchObject({ daysInStation: 2, reunionStatus: 'contacting', sex: 'female' });
      expect((await familyWorklist(ctx, st.staff, { sex: 'female', page: 1, pageSize: 20 })).total).toBe(1);
      expect(
        (await familyWorklist(ctx, st.staff, { ageBand: 'minor', page: 1, pageSize: 20 })).items[0]!.caseId,
      ).toBe(old.id);
      expect(
        (await familyWorklist(ctx, st.staff, { sort: '-entryDate', page: 1, pageSize: 20 })).items[0]!.caseId,
      ).toBe(young.id);
      expect(await codeOf(familyWorklist(ctx, st.staff, { sort: 'nope', page: 1, pageSize: 20 }))).toBe(
        'SORT_FIELD_INVALID',
      );
      // Candidates of the matching line waiting for a decision are counted; the filter uses the count.
      const cand = (id: string, status: string) => ({
        id,
        // Canonical order: left id < right id (the case's UUID v7 sorts before 'zz…').
        leftEntryId: young.id,
        leftKind: 'unidentified-living' as const,
        leftOwnerLine: 'rescue',
        leftDivisionCode: '430102',
        leftInstitutionId: st.id,
        rightEntryId: 'zz-report-x',
        rightKind: 'missing-report' as const,
        rightOwnerLine: 'matching',
        rightDivisionCode: '430102',
        rightInstitutionId: null,
        channel: 'data' as const,
        score: 0.9,
        band: 'strong' as const,
        explanation: '{}',
        status: status as 'open',
        claimedBy: null,
        claimedAt: null,
        decidedBy: null,
        decidedAt: null,
        reason: null,
        createdAt: NOW,
        updatedAt: NOW,
        version: 1,
      });
      await ctx.db.kysely
        .insertInto('familyCandidates')
        .values([cand('c1', 'open'), { ...cand('c2', 'rejected'), rightEntryId: 'zz-report-y' }])
        .execute();
      const withCandidates = await familyWorklist(ctx, st.staff, {
        hasCandidates: 'yes',
        page: 1,
        pageSize: 20,
      });
      expect(withCandidates.items.map((r) => [r.caseId, r.openCandidates])).toEqual([[young.id, 1]]);
    });

    it('demo seed: 亲属接领 departures become handed-over reunions, two open cases wait for contact; idempotent', async () => {
      const { ctx } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const left = await unidentified(ctx, st);
      const copy = await aCaseAttachment(ctx, st.staff, left.id, 'collector_id_copy');
      await recordDeparture(ctx, st.staff, left.id, {
        kind: 'collected_by_family',
        collector: { name: '王芳', relation: '母亲', residentId: KIN_ID, idCopyAttachmentId: copy },
      });
      const waiting = await unidentified(ctx, st);
      await seedReunionsDemo(ctx);
      await seedReunionsDemo(ctx);
      const rows = await ctx.db.kysely.selectFrom('rescueReunions').selectAll().orderBy('status').execute();
      expect(rows.map((r) => [r.caseId, r.status])).toEqual([
        [waiting.id, 'contacting'],
        [left.id, 'handed_over'],
      ]);
      expect(rows[1]).toMatchObject({ handedOverOn: '2026-03-10', kinName: '王芳' });
      expect((await reunionStatistics(ctx, st.staff, {})).total).toBe(1);
    });

    it('statistics: reunions by channel, median and distribution of days to reunion, by period', async () => {
      const { ctx, clock } = setup();
      const st = await aRescueStation(ctx, { county: '430102' });
      const handed = async (entered: string, channel: 'dna' | 'notice', on: string) => {
        clock.set(entered);
        const c = await aRescueCase(ctx, st, {
          estimatedAge: 40,
          enteredAt: entered,
          identityStatus: 'unidentified',
        });
        clock.set(`${on}T02:00:00.000Z`);
        const r0 = await startReunion(ctx, st.staff, c.id, { channel });
        const r1 = await recordReunionContact(ctx, st.staff, r0.id, { ...contact, version: 1 });
        const ev = await aCaseAttachment(ctx, st.staff, c.id, 'collector_id_copy');
        const r2 = await recordReunionIdentity(ctx, st.staff, r1.id, {
          kinName: '王芳',
          kinRelation: '母亲',
          kinResidentId: KIN_ID,
          evidenceAttachmentId: ev,
          confirmedName: '某某',
          version: r1.version,
        });
        await handOverReunion(ctx, st.staff, r2.id, { collector: KIN, version: r2.version });
      };
      await handed('2026-01-01T02:00:00.000Z', 'dna', '2026-01-03'); // 2 days
      await handed('2026-01-05T02:00:00.000Z', 'notice', '2026-02-14'); // 40 days
      await handed('2026-02-01T02:00:00.000Z', 'notice', '2026-02-11'); // 10 days
      clock.set(NOW);
      const s = await reunionStatistics(ctx, st.staff, { period: 'month' });
      expect(s).toMatchObject({ from: '2026-01-01', to: '2026-03-10', total: 3, medianDays: 10 });
      expect(Object.fromEntries(s.byChannel.map((b) => [b.channel, b.count]))).toEqual({
        dna: 1,
        face: 0,
        notice: 2,
        data: 0,
        other: 0,
      });
      expect(Object.fromEntries(s.distribution.map((d) => [d.key, d.count]))).toEqual({
        '0-3': 1,
        '4-10': 1,
        '11-30': 0,
        '31-90': 1,
        '91+': 0,
      });
      expect(s.byPeriod).toEqual([
        { period: '2026-01', total: 1, byChannel: { dna: 1 }, medianDays: 2 },
        { period: '2026-02', total: 2, byChannel: { notice: 2 }, medianDays: 25 },
      ]);
      const ledger = await reunionLedger(ctx, st.staff, {
        channel: 'notice',
        page: 1,
        pageSize: 20,
        sort: 'handedOverOn',
      });
      expect(ledger.items.map((r) => r.handedOverOn)).toEqual(['2026-02-11', '2026-02-14']);
      // Another county's staff count nothing.
      const other = await aRescueStation(ctx, { county: '430103' });
      expect((await reunionStatistics(ctx, other.staff, {})).total).toBe(0);
    });
  },
  { lines: [matchingLine, rescueLine] },
);
