/**
 * Cremation certificates (火化证明) and the transport of remains out of the area (遗体外运, R-FUN-03): the
 * lifecycle with every illegal transition, one valid certificate per case, re-issue numbering and log,
 * the printed text, the two documents of a transport and the approval engine's decision, scope — on
 * SQLite and PostgreSQL.
 */
import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { decideApproval, getApproval } from '../approvals/index';
import type { Actor } from '../access/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { pdfText } from '../testing/pdf-text';
import { appendCustodyEvent, documentsOfCase, findFuneralCase } from './cases.repository';
import {
  archiveCertificate,
  cancelCertificate,
  certificateLedger,
  certificatesCaseView,
  collectCertificate,
  exportCertificateLedger,
  issueCertificate,
  printCertificate,
  registerCertificate,
  reissueCertificate,
} from './certificates.service';
import { aFuneralCase, aFuneralFacility, type FuneralFacilityFixture } from './funeral.fixtures';
import { seedCertificatesDemo } from './certificates.demo-seed';
import { certificatesTodos } from './certificates.todos';
import { seedCustodyDemo } from './custody.demo-seed';
import { seedFacilitiesDemo } from './facilities.demo-seed';
import { funeralLine } from './line';
import { departTransport, requestTransport, transportLedger } from './transport.service';

const NOW = '2026-06-10T02:00:00.000Z'; // 2026-06-10 10:00 Beijing
const COLLECTOR_ID = '11010519491231002X';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (e === undefined) return undefined;
  if (isDomainError(e)) return e.code;
  throw e instanceof Error ? e : new Error('unexpected rejection');
}

/** The refusal code of each lifecycle action tried on `id` (collect, register, archive, cancel, reissue). */
async function everyAction(ctx: CoreContext, actor: Actor, id: string) {
  return Promise.all([
    codeOf(
      collectCertificate(ctx, actor, id, {
        collectorName: '李小明',
        collectorRelation: '子女',
        collectorResidentId: COLLECTOR_ID,
      }),
    ),
    codeOf(registerCertificate(ctx, actor, id, { office: '芙蓉派出所', registeredOn: '2026-06-10' })),
    codeOf(archiveCertificate(ctx, actor, id, {})),
    codeOf(cancelCertificate(ctx, actor, id, { reason: '测试' })),
    codeOf(reissueCertificate(ctx, actor, id, { reason: 'error' })),
  ]);
}

async function count(ctx: CoreContext, table: 'funeralCremationCertificates' | 'funeralTransportRequests') {
  const r = await ctx.db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDatabase(
  'funeral certificates and transport (火化证明, 遗体外运, R-FUN-03)',
  (t) => {
    const setup = () => testContext(t.db, new ManualClock(NOW));
    /** A case cremated on the 9th (custody event) at `home`. */
    async function cremated(
      ctx: CoreContext,
      home: FuneralFacilityFixture,
      opts: Parameters<typeof aFuneralCase>[2] = {},
    ) {
      const c = await aFuneralCase(ctx, home, { step: 'farewell', deathDate: '2026-06-05', ...opts });
      await appendCustodyEvent(ctx.db.kysely, {
        caseId: c.id,
        step: 'cremated',
        at: '2026-06-09T01:00:00.000Z',
        actor: 'test',
        code: c.bodyCode,
      });
      return c;
    }

    it('lifecycle: issue (numbered, one per case) → collected → registered → archived, every illegal transition 409', async () => {
      const ctx = setup();
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const c = await cremated(ctx, home, { birthDate: '1940-03-03', name: '李德明' });

      // Not cremated yet, or not a cremation → 409; nothing written.
      const stored = await aFuneralCase(ctx, home, { birthDate: '1941-01-01', step: 'in_storage' });
      expect(await codeOf(issueCertificate(ctx, home.staff, stored.id, {}))).toBe(
        'FUNERAL_CERTIFICATE_NOT_CREMATED',
      );
      const buried = await aFuneralCase(ctx, home, {
        birthDate: '1941-01-01',
        step: 'buried',
        disposition: 'burial',
      });
      expect(await codeOf(issueCertificate(ctx, home.staff, buried.id, {}))).toBe(
        'FUNERAL_CERTIFICATE_NOT_CREMATED',
      );
      expect(await count(ctx, 'funeralCremationCertificates')).toBe(0);

      const todo = (kind: string) =>
        Promise.all(certificatesTodos.map((s) => s.load(ctx, home.staff))).then(
          (all) => all.flat().find((x) => x.kind === kind)?.count ?? 0,
        );
      expect(await todo('funeral.certificates-to-issue')).toBe(1);
      const cert = await issueCertificate(ctx, home.staff, c.id, {});
      expect(await todo('funeral.certificates-to-issue')).toBe(0);
      expect(cert).toMatchObject({
        status: 'issued',
        crematedOn: '2026-06-09',
        issuedOn: '2026-06-10',
        deceasedName: '李德明',
        actions: ['collect', 'cancel', 'reissue'],
      });
      expect(cert.number).toMatch(/^湘芙民殡火证字〔2026〕第000001号$/);
      // One valid certificate per case.
      expect(await codeOf(issueCertificate(ctx, home.staff, c.id, {}))).toBe('FUNERAL_CERTIFICATE_EXISTS');

      const illegal = (p: Promise<unknown>) => codeOf(p);
      expect(
        await illegal(
          registerCertificate(ctx, home.staff, cert.id, { office: '芙蓉派出所', registeredOn: '2026-06-10' }),
        ),
      ).toBe('FUNERAL_CERTIFICATE_TRANSITION_INVALID');
      expect(await illegal(archiveCertificate(ctx, home.staff, cert.id, {}))).toBe(
        'FUNERAL_CERTIFICATE_TRANSITION_INVALID',
      );
      // The collector's id is checked.
      expect(
        await codeOf(
          collectCertificate(ctx, home.staff, cert.id, {
            collectorName: '李小明',
            collectorRelation: '子女',
            collectorResidentId: '110105194912310021',
          }),
        ),
      ).toBe('RESIDENT_ID_INVALID');
      const collected = await collectCertificate(ctx, home.staff, cert.id, {
        collectorName: '李小明',
        collectorRelation: '子女',
        collectorResidentId: COLLECTOR_ID,
      });
      expect(collected).toMatchObject({ status: 'collected', collectorName: '李小明' });
      expect(collected.collectorResidentIdMasked).not.toContain('19491231');
      expect(
        await illegal(
          collectCertificate(ctx, home.staff, cert.id, {
            collectorName: '李小明',
            collectorRelation: '子女',
            collectorResidentId: COLLECTOR_ID,
          }),
        ),
      ).toBe('FUNERAL_CERTIFICATE_TRANSITION_INVALID');
      expect(await illegal(archiveCertificate(ctx, home.staff, cert.id, {}))).toBe(
        'FUNERAL_CERTIFICATE_TRANSITION_INVALID',
      );
      expect(
        await codeOf(
          registerCertificate(ctx, home.staff, cert.id, { office: '芙蓉派出所', registeredOn: '2026-06-11' }),
        ),
      ).toBe('FUNERAL_CERTIFICATE_REGISTER_DATE_INVALID');
      const registered = await registerCertificate(ctx, home.staff, cert.id, {
        office: '长沙市公安局芙蓉分局定王台派出所',
        registeredOn: '2026-06-10',
      });
      expect(registered).toMatchObject({
        status: 'registered',
        registeredOn: '2026-06-10',
        actions: ['archive', 'reissue'],
      });
      const e = await cancelCertificate(ctx, home.staff, cert.id, { reason: '误开' }).catch(
        (x: unknown) => x,
      );
      expect(isDomainError(e) && e.code).toBe('FUNERAL_CERTIFICATE_TRANSITION_INVALID');
      expect(isDomainError(e) && e.kind).toBe('conflict'); // 409
      expect(isDomainError(e) && e.message).toContain('已登记');
      const archived = await archiveCertificate(ctx, home.staff, cert.id, {});
      expect(archived).toMatchObject({ status: 'archived', actions: [] });
      expect(await illegal(cancelCertificate(ctx, home.staff, cert.id, { reason: '误开' }))).toBe(
        'FUNERAL_CERTIFICATE_TRANSITION_INVALID',
      );
      expect(await illegal(reissueCertificate(ctx, home.staff, cert.id, { reason: 'lost' }))).toBe(
        'FUNERAL_CERTIFICATE_TRANSITION_INVALID',
      );
      expect(await everyAction(ctx, home.staff, cert.id)).toEqual(
        Array(5).fill('FUNERAL_CERTIFICATE_TRANSITION_INVALID'),
      );

      const view = await certificatesCaseView(ctx, home.staff, c.id);
      expect(view.history.map((h) => `${h.action}:${h.toStatus}`)).toEqual([
        'issue:issued',
        'collect:collected',
        'register:registered',
        'archive:archived',
      ]);
      expect(view.issueBlocker).toContain('已有有效');
      const audits = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', c.id)
        .where('action', 'like', 'funeral.certificate.%')
        .execute();
      expect(audits.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'funeral.certificate.issue',
          'funeral.certificate.collect',
          'funeral.certificate.register',
          'funeral.certificate.archive',
        ]),
      );
      expect(
        JSON.stringify(await ctx.db.kysely.selectFrom('auditLog').select('details').execute()),
      ).not.toContain(COLLECTOR_ID);
    });

    it('cancel then issue anew; re-issue cancels the old, takes the next number and logs old → new; the PDF says so', async () => {
      const ctx = setup();
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const c = await cremated(ctx, home, { birthDate: '1940-03-03', name: '李德明' });
      const first = await issueCertificate(ctx, home.staff, c.id, {});
      await cancelCertificate(ctx, home.staff, first.id, { reason: '火化日期登记有误' });
      // A cancelled certificate takes no further action.
      expect(await everyAction(ctx, home.staff, first.id)).toEqual(
        Array(5).fill('FUNERAL_CERTIFICATE_TRANSITION_INVALID'),
      );
      expect(await codeOf(printCertificate(ctx, home.staff, first.id))).toBe('FUNERAL_CERTIFICATE_CANCELLED');
      const second = await issueCertificate(ctx, home.staff, c.id, {});
      expect(second.number).toMatch(/第000002号$/);
      await collectCertificate(ctx, home.staff, second.id, {
        collectorName: '王小明',
        collectorRelation: '经办人',
        collectorResidentId: COLLECTOR_ID,
      });
      const third = await reissueCertificate(ctx, home.staff, second.id, {
        reason: 'lost',
        note: '家属遗失',
      });
      expect(third).toMatchObject({
        status: 'issued',
        replacesId: second.id,
        replacesNumber: second.number,
        reissueReason: 'lost',
      });
      expect(third.number).toMatch(/第000003号$/);
      const view = await certificatesCaseView(ctx, home.staff, c.id);
      expect(view.certificates.map((x) => x.status)).toEqual(['cancelled', 'cancelled', 'issued']);
      expect(view.reissues).toEqual([
        expect.objectContaining({
          oldNumber: second.number,
          newNumber: third.number,
          reason: 'lost',
          reasonLabel: '遗失补发',
        }),
      ]);

      const printed = await printCertificate(ctx, home.staff, third.id);
      const text = pdfText(printed.pdf).flat;
      expect(text).toContain('火化证明');
      expect(text).toContain('补发');
      expect(text).toContain(third.number);
      expect(text).toContain(second.number);
      expect(text).toContain('李德明');
      expect(text).toContain('2026年6月5日'); // death
      expect(text).toContain('2026年6月9日'); // cremation
      expect(text).toContain(home.name);
      expect(text).toContain('2026年3月30日起施行'); // died after the revised regulation took effect
      // An identified decedent's id is printed in full (used for the hukou cancellation).
      const person = await ctx.db.kysely
        .selectFrom('people')
        .select('residentId')
        .where('id', '=', c.personId)
        .executeTakeFirstOrThrow();
      expect(text).toContain(person.residentId);
    });

    it('PDF of an unidentified body (无名 + case no., no id) and of a death before the 2026 regulation', async () => {
      const ctx = setup();
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const u = await cremated(ctx, home, { estimatedAge: 55, deathDate: '2026-03-20' });
      const cert = await issueCertificate(ctx, home.staff, u.id, {});
      const text = pdfText((await printCertificate(ctx, home.staff, cert.id)).pdf).flat;
      expect(text).toContain('无名');
      expect(text).toContain(u.caseNo.replace(/\s/g, ''));
      expect(text).toContain('身份不明');
      expect(text).toContain('约55岁');
      expect(text).toContain('2012年11月9日修订');
      expect(text).not.toContain('2026年3月30日起施行');
    });

    it('scope: another county and a sibling facility get 404 on every certificate and transport action', async () => {
      const ctx = setup();
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const sibling = await aFuneralFacility(ctx, { county: '430102' });
      const elsewhere = await aFuneralFacility(ctx, { county: '430103' });
      const c = await cremated(ctx, home, { birthDate: '1940-03-03' });
      const stored = await aFuneralCase(ctx, home, { birthDate: '1941-01-01' });
      const cert = await issueCertificate(ctx, home.staff, c.id, {});
      for (const outsider of [sibling.staff, elsewhere.countyStaff]) {
        expect(await codeOf(certificatesCaseView(ctx, outsider, c.id))).toBe('NOT_FOUND');
        expect(await codeOf(issueCertificate(ctx, outsider, c.id, {}))).toBe('NOT_FOUND');
        expect(await codeOf(cancelCertificate(ctx, outsider, cert.id, { reason: '测试' }))).toBe('NOT_FOUND');
        expect(await codeOf(printCertificate(ctx, outsider, cert.id))).toBe('NOT_FOUND');
        expect(
          await codeOf(
            requestTransport(ctx, outsider, stored.id, {
              destinationDivisionCode: '430421',
              destinationAddress: '衡阳县西渡镇',
              reason: '回原籍安葬',
            }),
          ),
        ).toBe('NOT_FOUND');
      }
      const ledger = await certificateLedger(ctx, sibling.staff, { page: 1, pageSize: 20 });
      expect(ledger.total).toBe(0);
      const own = await certificateLedger(ctx, home.countyStaff, {
        page: 1,
        pageSize: 20,
        status: 'issued',
        q: cert.number,
      });
      expect(own.items.map((i) => i.id)).toEqual([cert.id]);
      const rows: string[] = [];
      for await (const r of await exportCertificateLedger(ctx, home.staff, { sort: '-number' }))
        rows.push(r.number);
      expect(rows).toEqual([cert.number]);
    });

    it('TC R-FUN-03: a 遗体外运 request without the home county certificate → 422; before approval → 409; approved → departs', async () => {
      const ctx = setup();
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const c = await aFuneralCase(ctx, home, { birthDate: '1950-05-05' });
      const base = {
        destinationDivisionCode: '430421',
        destinationAddress: '衡阳县西渡镇梅花村',
        reason: '回原籍安葬',
      };
      const e = await requestTransport(ctx, home.staff, c.id, base).catch((x: unknown) => x);
      expect(isDomainError(e) && e.code).toBe('FUNERAL_TRANSPORT_DOCUMENT_MISSING');
      expect(isDomainError(e) && e.kind).toBe('invalid'); // 422
      expect(await count(ctx, 'funeralTransportRequests')).toBe(0);
      expect(
        await codeOf(requestTransport(ctx, home.staff, c.id, { ...base, destinationDivisionCode: '430102' })),
      ).toBe('FUNERAL_TRANSPORT_DESTINATION_LOCAL');

      const req = await requestTransport(ctx, home.staff, c.id, {
        ...base,
        homeCountyCertificate: {
          number: '衡县民证〔2026〕12号',
          issuer: '衡阳县民政局',
          issuedOn: '2026-06-09',
        },
      });
      expect(req).toMatchObject({
        status: 'pending',
        deathCountyCode: '430102',
        homeCountyCertificateNumber: '衡县民证〔2026〕12号',
        deathPlaceApprovalNumber: null,
      });
      expect(req.destinationName).toContain('衡阳县');
      expect(await codeOf(requestTransport(ctx, home.staff, c.id, base))).toBe('FUNERAL_TRANSPORT_EXISTS');
      // Starting the transport before the approval completed → 409, nothing moves.
      expect(await codeOf(departTransport(ctx, home.staff, req.id, { hygieneDone: true }))).toBe(
        'FUNERAL_TRANSPORT_NOT_APPROVED',
      );
      expect((await findFuneralCase(ctx.db.kysely, c.id))!.step).toBe('in_storage');

      const approval = await getApproval(ctx, home.countyStaff, req.approvalId!);
      expect(approval).toMatchObject({ definitionKey: 'funeral.remains-transport', status: 'pending' });
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      await decideApproval(ctx, reviewer, req.approvalId!, { decision: 'approve', reason: '同意外运' });
      await ctx.events.dispatchPending();
      const view = await certificatesCaseView(ctx, home.staff, c.id);
      expect(view.transport.requests[0]).toMatchObject({ status: 'approved' });
      expect(view.transport.requests[0]!.deathPlaceApprovalNumber).toMatch(
        /^湘芙民殡运字〔2026〕第000001号$/,
      );
      expect(view.transport.checklist.map((x) => x.present)).toEqual([true, true]);
      expect((await documentsOfCase(ctx.db.kysely, c.id, { kind: 'death_place_approval' })).length).toBe(1);
      // A replayed event changes nothing.
      expect(await ctx.events.dispatchPending()).toBe(0);
      const [departTodo] = (await Promise.all(certificatesTodos.map((s) => s.load(ctx, home.staff)))).flat();
      expect(departTodo).toMatchObject({ kind: 'funeral.transports-to-depart', count: 1 });

      // FUN Art.13(1): hygiene treatment is confirmed at departure.
      expect(await codeOf(departTransport(ctx, home.staff, req.id, { hygieneDone: false }))).toBe(
        'FUNERAL_TRANSPORT_HYGIENE_REQUIRED',
      );
      const gone = await departTransport(ctx, home.staff, req.id, {
        hygieneDone: true,
        vehicle: '湘A·D1234',
      });
      expect(gone).toMatchObject({ status: 'departed', hygieneDone: true });
      const row = (await findFuneralCase(ctx.db.kysely, c.id))!;
      expect(row).toMatchObject({ step: 'transported_out', disposition: 'transport_out' });
      expect(row.closedAt).not.toBeNull();
      expect(await codeOf(departTransport(ctx, home.staff, req.id, { hygieneDone: true }))).toBe(
        'FUNERAL_CASE_CLOSED',
      );
      const ledger = await transportLedger(ctx, home.countyStaff, {
        page: 1,
        pageSize: 20,
        status: 'departed',
      });
      expect(ledger.items.map((i) => i.id)).toEqual([req.id]);
    });

    it('TC R-FUN-03: the death-place department rejects → the case stays; a cremated body cannot be transported', async () => {
      const ctx = setup();
      const home = await aFuneralFacility(ctx, { county: '430102' });
      const c = await aFuneralCase(ctx, home, {
        birthDate: '1950-05-05',
        documents: ['home_county_certificate'],
      });
      const base = {
        destinationDivisionCode: '430421',
        destinationAddress: '衡阳县西渡镇',
        reason: '回原籍安葬',
      };
      // The certificate already on the case suffices.
      const req = await requestTransport(ctx, home.staff, c.id, base);
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      await decideApproval(ctx, reviewer, req.approvalId!, {
        decision: 'reject',
        reason: '户籍地证明与身份不符',
      });
      await ctx.events.dispatchPending();
      const view = await certificatesCaseView(ctx, home.staff, c.id);
      expect(view.transport.requests[0]).toMatchObject({
        status: 'rejected',
        decisionReason: '户籍地证明与身份不符',
      });
      expect(view.transport.checklist.find((x) => x.kind === 'death_place_approval')!.present).toBe(false);
      expect(await findFuneralCase(ctx.db.kysely, c.id)).toMatchObject({
        step: 'in_storage',
        disposition: 'cremation',
      });
      expect(await codeOf(departTransport(ctx, home.staff, req.id, { hygieneDone: true }))).toBe(
        'FUNERAL_TRANSPORT_NOT_APPROVED',
      );
      // A new request may follow a rejection.
      expect(view.transport.requestBlocker).toBeNull();

      const burnt = await cremated(ctx, home, {
        birthDate: '1950-05-05',
        documents: ['home_county_certificate'],
      });
      expect(await codeOf(requestTransport(ctx, home.staff, burnt.id, base))).toBe(
        'FUNERAL_TRANSPORT_AFTER_CREMATION',
      );
    });

    it('demo seed: certificates in several states and a transport request awaiting approval, once', async () => {
      const ctx = setup();
      await seedFacilitiesDemo(ctx);
      await seedCustodyDemo(ctx);
      await seedCertificatesDemo(ctx);
      await seedCertificatesDemo(ctx);
      const statuses = await ctx.db.kysely
        .selectFrom('funeralCremationCertificates')
        .select('status')
        .orderBy('createdAt')
        .execute();
      expect(statuses.map((x) => x.status).sort()).toEqual(['cancelled', 'issued', 'issued', 'registered']);
      expect(await count(ctx, 'funeralTransportRequests')).toBe(1);
    });
  },
  { lines: [funeralLine] },
);
