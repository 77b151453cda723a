import { isDomainError, newId } from '@social-affairs/kernel';
import {
  createFuneralCaseBody,
  recordFuneralCaseDocumentBody,
} from '@social-affairs/kernel/contracts/funeral';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import type { CoreContext } from '../context';
import type { Actor } from '../access/index';
import { insertCaseDocument } from './cases.repository';
import { aCollectionOrder, aDecedentResidentId, aFuneralCaseAttachment } from './custody.fixtures';
import {
  bookFuneralFarewell,
  cancelFuneralCase,
  collectionFreeOf,
  createFuneralCase,
  recordAshesRelease,
  recordAshesStorage,
  recordBurial,
  recordCaseDocument,
  recordCollection,
  recordCremation,
  recordFarewell,
  recordStorage,
  revokeCaseDocument,
  setFuneralDisposition,
} from './custody.service';
import {
  findCaseByScan,
  funeralBoard,
  funeralCaseDetail,
  funeralCaseExport,
  funeralCaseLedger,
} from './custody.views';
import { defaultFuneralConfig } from './funeral.config';
import { aFuneralCase, aFuneralFacility } from './funeral.fixtures';
import { funeralCaseLabelPdf } from './labels';
import { funeralLine } from './line';

const NOW = '2026-12-05T02:00:00.000Z'; // 10:00 Beijing

async function refused(p: Promise<unknown>): Promise<{ kind: string; code: string; details: unknown }> {
  try {
    await p;
  } catch (err) {
    if (isDomainError(err)) return { kind: err.kind, code: err.code, details: err.details };
    throw err;
  }
  throw new Error('expected a refusal');
}

/** A death certificate as F4's service records it (written directly: F4's concern). */
async function aDeathCertificate(ctx: CoreContext, caseId: string) {
  await insertCaseDocument(ctx.db.kysely, {
    id: newId(),
    caseId,
    kind: 'death_certificate',
    number: '430102-2026-000123',
    issuer: '湖南省人民医院',
    issuedOn: '2026-12-04',
    note: null,
    attachmentId: null,
    status: 'valid',
    revokedReason: null,
    recordedBy: 'f4',
    recordedAt: NOW,
  });
}

const doc = (input: Record<string, unknown>) => recordFuneralCaseDocumentBody.parse(input);
const order = (facilityId: string, o: Parameters<typeof aCollectionOrder>[1] = {}) =>
  createFuneralCaseBody.parse(aCollectionOrder(facilityId, o));

async function countCases(ctx: CoreContext) {
  const r = await ctx.db.kysely
    .selectFrom('funeralCases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDatabase(
  'funeral chain of custody (接运与保管)',
  (t) => {
    it('takes an identified body from the collection order to the ashes handed to the agent, every step scanned and gated', async () => {
      const ctx = testContext(t.db, new ManualClock(NOW));
      const home = await aFuneralFacility(ctx, { county: '430102', capacity: 10 });
      const staff = home.staff;
      const residentId = aDecedentResidentId('1941-05-06');
      const agentId = aDecedentResidentId('1970-02-02', '430103', 'female');

      const created = await createFuneralCase(ctx, staff, order(home.id, { residentId }));
      expect(created).toMatchObject({
        identityStatus: 'identified',
        payer: 'family',
        carrier: 'funeral_home_vehicle',
        collectionFree: true, // R-FUN-04 TC: Changsha collection is free
        linkedExistingPerson: false,
      });
      expect(created.caseNo).toMatch(/殡接字〔2026〕第000001号$/);
      expect(created.bodyCode).toMatch(/^YT261205[2-9A-Z]{6}$/);
      expect(await collectionFreeOf(ctx, created.id)).toBe(true);
      // One open file per body: a second order for the same resident id → 409, nothing written.
      const before = await countCases(ctx);
      expect(await refused(createFuneralCase(ctx, staff, order(home.id, { residentId })))).toMatchObject({
        kind: 'conflict',
        code: 'FUNERAL_CASE_ALREADY_OPEN',
      });
      expect(await countCases(ctx)).toBe(before);

      const id = created.id;
      const body = created.bodyCode;
      // The scanned code must be the body's; steps in order only.
      expect(
        await refused(
          recordCollection(ctx, staff, id, { scannedCode: 'YT000000XXXXXX', vehicle: null, note: null }),
        ),
      ).toMatchObject({
        kind: 'invalid',
        code: 'FUNERAL_CODE_MISMATCH',
      });
      expect(
        await refused(recordStorage(ctx, staff, id, { scannedCode: body, place: 'A-01', note: null })),
      ).toMatchObject({
        kind: 'conflict',
        code: 'FUNERAL_STEP_ORDER',
      });
      await recordCollection(ctx, staff, id, {
        scannedCode: ` ${body.toLowerCase()} `,
        vehicle: '湘A·殡001',
        note: null,
      });
      await recordStorage(ctx, staff, id, { scannedCode: body, place: 'A-01', note: null });
      await bookFuneralFarewell(ctx, staff, id, { hall: '二号告别厅', on: '2026-12-05', time: '14:00' });
      await recordFarewell(ctx, staff, id, { scannedCode: body, hall: null, note: null });

      // R-FUN-02 TC: no cremation without the certificate, the confirmation and both ids checked.
      const blocked = await refused(
        recordCremation(ctx, staff, id, { scannedCode: body, cremator: '1号炉', note: null }),
      );
      expect(blocked).toMatchObject({ kind: 'conflict', code: 'FUNERAL_CREMATION_BLOCKED' });
      expect((blocked.details as { unmet: { key: string }[] }).unmet.map((u) => u.key)).toEqual([
        'death_certificate',
        'cremation_confirmation',
        'deceased_id_check',
        'agent_id_check',
      ]);
      await aDeathCertificate(ctx, id);
      await recordCaseDocument(
        ctx,
        staff,
        id,
        doc({ kind: 'cremation_confirmation', number: 'HQ-1', issuer: '刘小红' }),
      );
      // The deceased's id must be the indexed person's; the agent's is kept masked.
      expect(
        await refused(
          recordCaseDocument(ctx, staff, id, doc({ kind: 'deceased_id_check', residentId: agentId })),
        ),
      ).toMatchObject({ code: 'FUNERAL_DECEASED_ID_MISMATCH' });
      await recordCaseDocument(ctx, staff, id, doc({ kind: 'deceased_id_check', residentId }));
      await recordCaseDocument(ctx, staff, id, doc({ kind: 'agent_id_check', residentId: agentId }));
      const cremated = await recordCremation(ctx, staff, id, {
        scannedCode: body,
        cremator: '1号炉',
        note: null,
      });
      expect(cremated.urnCode).toMatch(/^GH261205/);

      // After cremation the urn's code is scanned; the collector must be the checked agent.
      const urn = cremated.urnCode!;
      const release = (scannedCode: string, collectorResidentId: string) =>
        recordAshesRelease(ctx, staff, id, {
          scannedCode,
          collectorName: '刘小红',
          collectorResidentId,
          note: null,
        });
      expect(await refused(release(body, agentId))).toMatchObject({ code: 'FUNERAL_CODE_MISMATCH' });
      expect(await refused(release(urn, residentId))).toMatchObject({ code: 'FUNERAL_COLLECTOR_NOT_AGENT' });
      await release(urn, agentId);

      const view = await funeralCaseDetail(ctx, staff, id);
      expect(view).toMatchObject({
        step: 'ashes_released',
        nextSteps: [],
        collectorName: '刘小红',
        collectorIdMasked: `${agentId.slice(0, 6)}********${agentId.slice(-4)}`,
        agentIdMasked: `${agentId.slice(0, 6)}********${agentId.slice(-4)}`,
      });
      expect(view.closedAt).not.toBeNull();
      expect(view.events.map((e) => e.step)).toEqual([
        'ordered',
        'collected',
        'in_storage',
        'farewell',
        'cremated',
        'ashes_released',
      ]);
      expect(view.events.slice(1).every((e) => e.code !== null && e.actor === staff.username)).toBe(true);
      expect(view.events[1]!.code).toBe(body);
      expect(view.events[5]!.code).toBe(urn);
      // The label PDF (body and urn), the scan look-up, the ledger and its export.
      const label = await funeralCaseLabelPdf(ctx, staff, id);
      expect(label.pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(await findCaseByScan(ctx, staff, urn.toLowerCase())).toEqual({ id });
      const ledger = await funeralCaseLedger(ctx, staff, {
        q: '刘德',
        step: 'closed',
        page: 1,
        pageSize: 20,
      });
      expect(ledger.items.map((r) => r.id)).toEqual([id]);
      expect((await funeralCaseLedger(ctx, staff, { q: body.slice(0, 8), step: 'open' })).total).toBe(0);
      expect(await funeralCaseExport(ctx, staff, { from: '2026-12-05', to: '2026-12-05' })).toHaveLength(1);
      expect(await funeralCaseExport(ctx, staff, { from: '2026-12-06' })).toHaveLength(0);
      const actions = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', id)
        .execute();
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining(['funeral.case.create', 'funeral.custody.step', 'funeral.document.record']),
      );
      const details = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('details')
        .where('targetId', '=', id)
        .execute();
      expect(details.some((d) => String(d.details).includes(agentId))).toBe(false);
    });

    it('refuses a collection order without death proof, with a carrier the place of death forbids, burial in a cremation zone, or at an invalid facility — and writes nothing', async () => {
      const ctx = testContext(t.db, new ManualClock(NOW));
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const invalid = await aFuneralFacility(ctx, {
        county: '430102',
        approvedByLevel: 'county_civil_affairs',
      });
      const before = await countCases(ctx);
      expect(
        await refused(createFuneralCase(ctx, home.staff, order(home.id, { deathProof: null }))),
      ).toMatchObject({
        kind: 'invalid',
        code: 'FUNERAL_DEATH_PROOF_REQUIRED',
      });
      // R-FUN-04 TC: Changsha + a private van → refused.
      expect(
        await refused(createFuneralCase(ctx, home.staff, order(home.id, { carrier: 'other_unit' }))),
      ).toMatchObject({
        code: 'FUNERAL_CARRIER_NOT_ALLOWED',
      });
      // R-FUN-01 TC: burial of a death in a cremation zone (the default: the whole province) → refused.
      expect(
        await refused(createFuneralCase(ctx, home.staff, order(home.id, { disposition: 'burial' }))),
      ).toMatchObject({
        code: 'FUNERAL_BURIAL_IN_CREMATION_ZONE',
      });
      // R-FUN-05: a funeral home approved by the wrong level takes no business.
      expect(await refused(createFuneralCase(ctx, invalid.countyStaff, order(invalid.id)))).toMatchObject({
        code: 'FUNERAL_FACILITY_INVALID',
      });
      // A family body needs its agent; an unidentified body has none.
      expect(
        await refused(createFuneralCase(ctx, home.staff, order(home.id, { agent: null }))),
      ).toMatchObject({
        code: 'FUNERAL_AGENT_REQUIRED',
      });
      expect(
        await refused(
          createFuneralCase(ctx, home.staff, order(home.id, { residentId: null, nameGiven: null })),
        ),
      ).toMatchObject({ code: 'FUNERAL_AGENT_NOT_EXPECTED' });
      expect(
        await refused(
          createFuneralCase(ctx, home.staff, order(home.id, { residentId: '430102194105061234' })),
        ),
      ).toMatchObject({
        kind: 'invalid',
      });
      expect(await countCases(ctx)).toBe(before);

      // Outside Changsha the family may carry the body itself and collection is charged.
      const zhuzhou = await createFuneralCase(
        ctx,
        home.staff,
        order(home.id, { carrier: 'family_own', deathDivisionCode: '430211' }),
      );
      expect(zhuzhou).toMatchObject({ carrier: 'family_own', collectionFree: false });
      // R-FUN-02 TC: an unnamed body → county finance pays; an unclaimed one too.
      const unnamed = await createFuneralCase(
        ctx,
        home.staff,
        order(home.id, { residentId: null, nameGiven: null, sex: 'female', estimatedAge: 50, agent: null }),
      );
      expect(unnamed).toMatchObject({ identityStatus: 'unidentified', payer: 'county_finance' });
      const facts = await ctx.db.kysely
        .selectFrom('personFacts')
        .select(['field', 'value'])
        .where('personId', '=', unnamed.personId)
        .execute();
      expect(facts).toEqual(expect.arrayContaining([{ field: 'identity_status', value: '身份不明' }]));
      const unclaimed = await createFuneralCase(
        ctx,
        home.staff,
        order(home.id, { unclaimed: true, agent: null }),
      );
      expect(unclaimed.payer).toBe('county_finance');
      // An indexed person is linked, never duplicated.
      const rid = aDecedentResidentId('1950-01-01');
      const first = await createFuneralCase(ctx, home.staff, order(home.id, { residentId: rid }));
      await cancelFuneralCase(ctx, home.staff, first.id, { reason: '家属改送外地' });
      const again = await createFuneralCase(ctx, home.staff, order(home.id, { residentId: rid }));
      expect(again).toMatchObject({ personId: first.personId, linkedExistingPerson: true });
      // Cancel only an order that never ran.
      await recordCollection(ctx, home.staff, again.id, {
        scannedCode: again.bodyCode,
        vehicle: null,
        note: null,
      });
      expect(await refused(cancelFuneralCase(ctx, home.staff, again.id, { reason: '误登记' }))).toMatchObject(
        {
          code: 'FUNERAL_STEP_ORDER',
        },
      );
      expect(await refused(cancelFuneralCase(ctx, home.staff, first.id, { reason: '再取消' }))).toMatchObject(
        {
          code: 'FUNERAL_CASE_CLOSED',
        },
      );
    });

    it('R-FUN-01: a body is buried only outside a cremation zone, by the zone on the date of death', async () => {
      const lines = {
        funeral: {
          ...defaultFuneralConfig,
          zoneAreas: [
            {
              divisionCode: '433130',
              zone: 'burial_reform' as const,
              approvedBy: '湖南省民政厅',
              basis: '测试：龙山县土葬改革区',
              from: '2020-01-01',
            },
          ],
        },
      };
      const ctx = testContext(t.db, new ManualClock(NOW), { lines });
      const home = await aFuneralFacility(ctx, { county: '433130' });
      const cemetery = await aFuneralFacility(ctx, { county: '433130', kind: 'cemetery_public_benefit' });
      const c = await createFuneralCase(
        ctx,
        home.staff,
        order(home.id, { deathDivisionCode: '433130', disposition: 'burial', carrier: 'family_own' }),
      );
      // A death dated before the area's designation keeps the default zone: burial refused.
      const early = await aFuneralCase(ctx, home, {
        birthDate: '1930-01-01',
        deathDate: '2019-12-31',
        deathDivisionCode: '433130',
      });
      expect(
        await refused(setFuneralDisposition(ctx, home.staff, early.id, { disposition: 'burial' })),
      ).toMatchObject({
        code: 'FUNERAL_BURIAL_IN_CREMATION_ZONE',
      });
      await recordCollection(ctx, home.staff, c.id, { scannedCode: c.bodyCode, vehicle: null, note: null });
      await recordStorage(ctx, home.staff, c.id, { scannedCode: c.bodyCode, place: 'B-1', note: null });
      // A body whose disposition is burial is not cremated here; it is buried with the body's code.
      expect(
        await refused(
          recordCremation(ctx, home.staff, c.id, { scannedCode: c.bodyCode, cremator: null, note: null }),
        ),
      ).toMatchObject({ code: 'FUNERAL_STEP_ORDER' });
      await recordBurial(ctx, home.staff, c.id, {
        scannedCode: c.bodyCode,
        cemeteryId: cemetery.id,
        plot: '3区5排2号',
        note: null,
      });
      const view = await funeralCaseDetail(ctx, home.staff, c.id);
      expect(view).toMatchObject({ step: 'buried', destinationPlace: '3区5排2号', storagePlace: null });
    });

    it('gates: forensic clearance for an unnatural death; police, photo, DNA/fingerprint and the notice for an unidentified body; storage capacity and places', async () => {
      const clock = new ManualClock(NOW);
      const ctx = testContext(t.db, clock);
      const home = await aFuneralFacility(ctx, { county: '430102', capacity: 2 });
      const columbarium = await aFuneralFacility(ctx, { county: '430102', kind: 'columbarium' });
      const staff = home.staff;
      // Unnatural death: the gate waits for the forensic clearance; revoking it closes the gate again.
      const traffic = await aFuneralCase(ctx, home, {
        birthDate: '1960-01-01',
        deathManner: 'unnatural',
        documents: ['death_certificate', 'cremation_confirmation', 'deceased_id_check', 'agent_id_check'],
      });
      const gateKeys = async (id: string) =>
        (await funeralCaseDetail(ctx, staff, id)).cremationGate.map((g) => g.key);
      expect(await gateKeys(traffic.id)).toEqual(['forensic_clearance']);
      const clearance = await recordCaseDocument(
        ctx,
        staff,
        traffic.id,
        doc({ kind: 'forensic_clearance', issuer: '芙蓉区公安分局', issuedOn: '2026-12-04' }),
      );
      expect(await gateKeys(traffic.id)).toEqual([]);
      await revokeCaseDocument(ctx, staff, traffic.id, clearance.id, { reason: '鉴定书编号有误' });
      expect(await gateKeys(traffic.id)).toEqual(['forensic_clearance']);
      // Documents of another concern are not revoked here; a scan must be the case's own.
      const certificate = (await funeralCaseDetail(ctx, staff, traffic.id)).documents.find(
        (d) => d.kind === 'death_certificate',
      )!;
      expect(
        await refused(revokeCaseDocument(ctx, staff, traffic.id, certificate.id, { reason: '错误' })),
      ).toMatchObject({
        code: 'FUNERAL_DOCUMENT_NOT_HERE',
      });
      const other = await aFuneralCase(ctx, home, { birthDate: '1961-01-01', step: 'ordered' });
      const foreignScan = await aFuneralCaseAttachment(ctx, other.id, 'other');
      expect(
        await refused(
          recordCaseDocument(ctx, staff, traffic.id, doc({ kind: 'other', attachmentId: foreignScan })),
        ),
      ).toMatchObject({ code: 'FUNERAL_ATTACHMENT_NOT_OF_CASE' });

      // Unidentified body: police confirmation, photo, DNA or fingerprint, and the notice over.
      const unnamed = await aFuneralCase(ctx, home, {
        estimatedAge: 45,
        documents: ['death_certificate', 'cremation_confirmation'],
      });
      expect(await gateKeys(unnamed.id)).toEqual([
        'police_confirmation',
        'photo',
        'dna_or_fingerprint',
        'notice',
      ]);
      expect(
        await refused(
          recordCaseDocument(
            ctx,
            staff,
            unnamed.id,
            doc({ kind: 'deceased_id_check', residentId: aDecedentResidentId() }),
          ),
        ),
      ).toMatchObject({ code: 'FUNERAL_UNIDENTIFIED_NO_ID_CHECK' });
      await ctx.db.kysely
        .updateTable('funeralCases')
        .set({ policeConfirmedAt: NOW, noticeStartedOn: '2026-11-05', noticeEndsOn: '2026-12-05' })
        .where('id', '=', unnamed.id)
        .execute();
      await aFuneralCaseAttachment(ctx, unnamed.id, 'photo');
      await aFuneralCaseAttachment(ctx, unnamed.id, 'fingerprint_record');
      const gate = (await funeralCaseDetail(ctx, staff, unnamed.id)).cremationGate;
      expect(gate).toEqual([{ key: 'notice', label: '身份不明遗体：认领公告期未满（至2026年12月5日）' }]);
      // The day board lists it waiting with the unmet item.
      const board = await funeralBoard(ctx, staff);
      expect(board.cremationsWaiting.find((w) => w.id === unnamed.id)?.unmet.map((u) => u.key)).toEqual([
        'notice',
      ]);
      expect(board.noticesEnding.map((n) => n.id)).toContain(unnamed.id);
      expect(board.counts.in_storage).toBe(2);
      clock.set('2026-12-06T02:00:00.000Z');
      expect(await gateKeys(unnamed.id)).toEqual([]);
      // No agent: the ashes are stored (a niche in a columbarium of the county), never "released".
      await recordCremation(ctx, staff, unnamed.id, {
        scannedCode: unnamed.bodyCode,
        cremator: null,
        note: null,
      });
      const urn = (await funeralCaseDetail(ctx, staff, unnamed.id)).urnCode!;
      expect(
        await refused(
          recordAshesRelease(ctx, staff, unnamed.id, {
            scannedCode: urn,
            collectorName: '某人',
            collectorResidentId: aDecedentResidentId(),
            note: null,
          }),
        ),
      ).toMatchObject({ code: 'FUNERAL_NO_AGENT' });
      await recordAshesStorage(ctx, staff, unnamed.id, {
        scannedCode: urn,
        columbariumId: columbarium.id,
        niche: '东区-12',
        note: null,
      });

      // Storage: capacity 2, a place holds one body.
      const a = await aFuneralCase(ctx, home, { birthDate: '1962-01-01', step: 'collected' });
      const b = await aFuneralCase(ctx, home, { birthDate: '1963-01-01', step: 'collected' });
      const d = await aFuneralCase(ctx, home, { birthDate: '1964-01-01', step: 'collected' });
      await recordStorage(ctx, staff, a.id, { scannedCode: a.bodyCode, place: 'C-1', note: null });
      expect(
        await refused(recordStorage(ctx, staff, b.id, { scannedCode: b.bodyCode, place: 'C-1', note: null })),
      ).toMatchObject({
        code: 'FUNERAL_STORAGE_PLACE_TAKEN',
      });
      await recordStorage(ctx, staff, b.id, { scannedCode: b.bodyCode, place: 'C-2', note: null });
      expect(
        await refused(recordStorage(ctx, staff, d.id, { scannedCode: d.bodyCode, place: 'C-3', note: null })),
      ).toMatchObject({
        code: 'FUNERAL_STORAGE_FULL',
      });
    });

    it('scope: a sibling funeral home’s staff gets 404 on every read and write of a case; another county too', async () => {
      const ctx = testContext(t.db, new ManualClock(NOW));
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const sibling = await aFuneralFacility(ctx, { county: '430102' });
      const elsewhere = await aFuneralFacility(ctx, { county: '430181' });
      const c = await aFuneralCase(ctx, home, { birthDate: '1940-01-01', step: 'in_storage' });
      const doc0 = (await funeralCaseDetail(ctx, home.staff, c.id)).documents[0];
      const tries = (who: Actor): (() => Promise<unknown>)[] => [
        () => funeralCaseDetail(ctx, who, c.id),
        () => findCaseByScan(ctx, who, c.bodyCode),
        () => funeralCaseLabelPdf(ctx, who, c.id),
        () => recordCollection(ctx, who, c.id, { scannedCode: c.bodyCode, vehicle: null, note: null }),
        () => recordStorage(ctx, who, c.id, { scannedCode: c.bodyCode, place: 'X', note: null }),
        () => recordFarewell(ctx, who, c.id, { scannedCode: c.bodyCode, hall: '厅', note: null }),
        () => recordCremation(ctx, who, c.id, { scannedCode: c.bodyCode, cremator: null, note: null }),
        () =>
          recordAshesRelease(ctx, who, c.id, {
            scannedCode: c.bodyCode,
            collectorName: 'x',
            collectorResidentId: 'x',
            note: null,
          }),
        () =>
          recordAshesStorage(ctx, who, c.id, {
            scannedCode: c.bodyCode,
            columbariumId: home.id,
            niche: 'x',
            note: null,
          }),
        () =>
          recordBurial(ctx, who, c.id, {
            scannedCode: c.bodyCode,
            cemeteryId: home.id,
            plot: 'x',
            note: null,
          }),
        () => cancelFuneralCase(ctx, who, c.id, { reason: '无' }),
        () => bookFuneralFarewell(ctx, who, c.id, { hall: '厅', on: '2026-12-06', time: '09:00' }),
        () => setFuneralDisposition(ctx, who, c.id, { disposition: 'cremation' }),
        () => recordCaseDocument(ctx, who, c.id, doc({ kind: 'other', issuer: 'x' })),
        () => revokeCaseDocument(ctx, who, c.id, doc0?.id ?? 'x', { reason: '无' }),
        () => createFuneralCase(ctx, who, order(home.id)),
      ];
      for (const who of [sibling.staff, elsewhere.staff, elsewhere.countyStaff]) {
        for (const p of tries(who)) expect(await refused(p())).toMatchObject({ kind: 'not_found' });
      }
      expect((await funeralCaseLedger(ctx, sibling.staff, {})).total).toBe(0);
      expect((await funeralBoard(ctx, sibling.staff)).cards).toHaveLength(0);
      // The county's own staff (no institution) sees it.
      expect((await funeralCaseLedger(ctx, home.countyStaff, {})).items.map((r) => r.id)).toContain(c.id);
    });
  },
  { lines: [funeralLine] },
);
