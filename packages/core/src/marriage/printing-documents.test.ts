import { loadedHolidayYears } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import type { ManualClock } from '../testing/factories';
import { keepForPreview, pdfText } from '../testing/pdf-text';
import { applyForDivorce, requestDivorceCertificate, withdrawDivorce } from './divorce.service';
import { aCouple, aDivorceApplication, aMarriageDesk, beijingMorning } from './marriage.fixtures';
import { contextOn, rejects } from './marriage.test-support';
import {
  printCertificateIssue,
  printDivorceDocument,
  printMarriageCertificate,
  printRefusalNotice,
} from './printing.service';
import { registerMarriage } from './registration.service';
import { reissueCertificate } from './reissue.service';
import { marriageLine } from './line';

/** No date on a document is printed as YYYY-MM-DD, and no record id (UUID) appears on it. */
function expectOfficialForm(text: string) {
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}/);
}

const both = (registryId: string) => ({
  registryId,
  husbandPresent: true,
  wifePresent: true,
  bothStillWishToDivorce: true,
  agreementConfirmed: true,
});

describeEachDatabase(
  'printed marriage documents (text of the rendered PDFs)',
  (t) => {
    it('prints the refusal notice with its number, the reasons, the remedies, the seal and Chinese dates', async () => {
      const ctx = contextOn(t.db, '2025-05-09');
      const desk = await aMarriageDesk(ctx);
      const err = await rejects(
        registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id, { husbandBirth: '2003-05-10' })),
        'MARRIAGE_REFUSED',
      );
      const doc = await printRefusalNotice(
        ctx,
        desk.registrar,
        (err.details as { refusalId: string }).refusalId,
      );
      keepForPreview('refusal-notice.pdf', doc.pdf);
      const { flat, text, pages } = pdfText(doc.pdf);
      expect(pages).toBe(1);
      expect(flat).toContain('不予办理结婚登记告知书');
      expect(flat).toContain('编号：湘浏民婚告字〔2025〕第000001号');
      expect(doc.fileName).toBe('不予办理结婚登记告知书-湘浏民婚告字〔2025〕第000001号.pdf');
      expect(flat).toContain('你们于2025年5月9日向本机关提出的申请');
      expect(flat).toContain('未达法定婚龄');
      // Remedies: reconsideration to the county government within 60 days, litigation within 6 months.
      expect(flat).toContain(
        '如不服本决定，可以自收到本告知书之日起60日内向浏阳市人民政府申请行政复议，也可以自收到本告知书之日起6个月内依法向人民法院提起行政诉讼。',
      );
      // The seal block: the registry's name with the seal position, the date; the receipt line.
      expect(flat).toContain(`${desk.registry.name}（盖章）2025年5月9日`);
      expect(flat).toContain('当事人签收：');
      expect(flat).toContain('签收日期：年月日');
      expectOfficialForm(text);
    });

    it('names the configured reconsideration body and time limits on the refusal notice', async () => {
      const ctx = contextOn(t.db, '2025-05-09', {
        refusalRemedies: {
          reconsiderationDays: 60,
          litigationMonths: 6,
          reconsiderationBody: '长沙市人民政府',
          court: '长沙铁路运输法院',
        },
      });
      const desk = await aMarriageDesk(ctx);
      const err = await rejects(
        registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id, { wifeBirth: '2006-01-01' })),
        'MARRIAGE_REFUSED',
      );
      const doc = await printRefusalNotice(
        ctx,
        desk.registrar,
        (err.details as { refusalId: string }).refusalId,
      );
      const { flat } = pdfText(doc.pdf);
      expect(flat).toContain('60日内向长沙市人民政府申请行政复议');
      expect(flat).toContain('6个月内依法向长沙铁路运输法院提起行政诉讼');
    });

    it('prints a marriage certificate per holder with the registrar and seal areas and nothing else', async () => {
      const ctx = contextOn(t.db, '2025-06-02');
      const desk = await aMarriageDesk(ctx);
      const m = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      const registrar = await t.db.kysely
        .selectFrom('users')
        .select('displayName')
        .where('id', '=', desk.registrarId)
        .executeTakeFirstOrThrow();
      const doc = await printMarriageCertificate(ctx, desk.registrar, m.id);
      keepForPreview('marriage-certificate.pdf', doc.pdf);
      const { flat, text, pages } = pdfText(doc.pdf);
      expect(pages).toBe(2);
      for (const page of text.split('\f').filter((p) => p.trim())) {
        const f = page.replace(/\s+/gu, '');
        expect(f).toContain('结婚证');
        expect(f).toContain('登记日期2025年6月2日');
        expect(f).toContain(`结婚证字号${m.certificateNo}`);
        expect(f).toContain('出生日期1995年4月12日');
        expect(f).toContain('出生日期1997年8月30日');
        expect(f).toContain('登记机关（盖章）');
        expect(f).toContain(desk.registry.name);
        expect(f).toContain('婚姻登记员');
        expect(f).toContain(registrar.displayName);
        expect(f).toContain('签名');
      }
      expect(flat).toContain('持证人王建国');
      expect(flat).toContain('持证人李秀英');
      expect(flat).not.toContain('不收取任何费用');
      expectOfficialForm(text);
    });

    it('prints the divorce receipt with its number and Chinese dates, without a provisional note', async () => {
      const ctx = contextOn(t.db, '2025-06-02');
      const clock = ctx.clock as ManualClock;
      const desk = await aMarriageDesk(ctx);
      const m = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      clock.set(beijingMorning('2025-06-16'));
      const d = await applyForDivorce(ctx, desk.registrar, aDivorceApplication(m.id, desk.registry.id));
      const doc = await printDivorceDocument(ctx, desk.registrar, d.id, 'receipt');
      keepForPreview('divorce-receipt.pdf', doc.pdf);
      const { flat, text } = pdfText(doc.pdf);
      expect(flat).toContain('离婚登记申请受理回执单');
      expect(flat).toContain('编号：湘浏民婚受字〔2025〕第000001号');
      expect(doc.fileName).toBe('受理回执单-湘浏民婚受字〔2025〕第000001号.pdf');
      expect(flat).toContain('本机关已于2025年6月16日受理');
      expect(flat).toContain('（至2025年7月16日）');
      expect(flat).toContain('（2025年7月17日至2025年8月15日）');
      expect(flat).toContain(`${desk.registry.name}（盖章）2025年6月16日`);
      expect(flat).not.toContain('暂定');
      expectOfficialForm(text);
    });

    it('says visibly on the receipt that dates in a year without a holiday schedule are provisional', async () => {
      const missing = Math.max(...loadedHolidayYears()) + 1;
      const ctx = contextOn(t.db, `${missing - 1}-11-29`);
      const desk = await aMarriageDesk(ctx);
      const m = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      const d = await applyForDivorce(ctx, desk.registrar, aDivorceApplication(m.id, desk.registry.id));
      expect(d.provisional).toBe(true);
      const doc = await printDivorceDocument(ctx, desk.registrar, d.id, 'receipt');
      keepForPreview('divorce-receipt-provisional.pdf', doc.pdf);
      const { flat, text } = pdfText(doc.pdf);
      expect(flat).toContain('【暂定日期】本回执单所列期限为暂定日期');
      expect(flat).toContain(`${missing}年国务院节假日安排尚未公布`);
      expectOfficialForm(text);
    });

    it('prints the withdrawal confirmation and the divorce certificate with numbers, registrar and Chinese dates', async () => {
      const ctx = contextOn(t.db, '2025-06-02');
      const clock = ctx.clock as ManualClock;
      const desk = await aMarriageDesk(ctx);
      const m1 = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      const m2 = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      clock.set(beijingMorning('2025-06-16'));
      const d1 = await applyForDivorce(ctx, desk.registrar, aDivorceApplication(m1.id, desk.registry.id));
      const d2 = await applyForDivorce(ctx, desk.registrar, aDivorceApplication(m2.id, desk.registry.id));
      clock.set(beijingMorning('2025-07-16'));
      await withdrawDivorce(ctx, desk.registrar, d1.id, {
        registryId: desk.registry.id,
        party: 'wife',
        presentInPerson: true,
        receiptOrExplanation: true,
      });
      const withdrawal = await printDivorceDocument(ctx, desk.registrar, d1.id, 'withdrawal');
      keepForPreview('divorce-withdrawal.pdf', withdrawal.pdf);
      const w = pdfText(withdrawal.pdf);
      expect(w.flat).toContain('撤回离婚登记申请确认单');
      expect(w.flat).toContain('编号：湘浏民婚撤字〔2025〕第000001号');
      expect(w.flat).toContain('你们于2025年6月16日提交的离婚登记申请，已由女方于2025年7月16日');
      expect(w.flat).toContain(`${desk.registry.name}（盖章）2025年7月16日`);
      expectOfficialForm(w.text);

      clock.set(beijingMorning('2025-07-17'));
      await requestDivorceCertificate(ctx, desk.registrar, d2.id, both(desk.registry.id));
      const registrar = await t.db.kysely
        .selectFrom('users')
        .select('displayName')
        .where('id', '=', desk.registrarId)
        .executeTakeFirstOrThrow();
      const cert = await printDivorceDocument(ctx, desk.registrar, d2.id, 'certificate');
      keepForPreview('divorce-certificate.pdf', cert.pdf);
      const c = pdfText(cert.pdf);
      expect(c.pages).toBe(2);
      expect(c.flat).toContain('离婚证');
      expect(c.flat).toContain('登记日期2025年7月17日');
      expect(c.flat).toContain('婚姻登记员');
      expect(c.flat).toContain(registrar.displayName);
      expectOfficialForm(c.text);
    });

    it('prints a re-issued certificate and a record certificate with Chinese dates and the seal', async () => {
      const ctx = contextOn(t.db, '2025-06-02');
      const clock = ctx.clock as ManualClock;
      const desk = await aMarriageDesk(ctx);
      const m = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      clock.set(beijingMorning('2025-07-01'));
      const issue = await reissueCertificate(ctx, desk.registrar, {
        marriageId: m.id,
        registryId: desk.registry.id,
        certificate: 'marriage',
        applicant: 'both',
        archiveConfirmed: true,
      });
      const reissued = await printCertificateIssue(ctx, desk.registrar, issue.id);
      keepForPreview('reissued-certificate.pdf', reissued.pdf);
      const r = pdfText(reissued.pdf);
      expect(r.flat).toContain('结婚证（补发）');
      expect(r.flat).toContain('登记日期2025年6月2日');
      expect(r.flat).toContain('备注2025年7月1日补发');
      expect(r.flat).toContain('登记机关（盖章）');
      expectOfficialForm(r.text);

      const d = await applyForDivorce(ctx, desk.registrar, aDivorceApplication(m.id, desk.registry.id));
      clock.set(beijingMorning('2025-08-01'));
      await requestDivorceCertificate(ctx, desk.registrar, d.id, both(desk.registry.id));
      clock.set(beijingMorning('2025-09-01'));
      const record = await reissueCertificate(ctx, desk.registrar, {
        marriageId: m.id,
        registryId: desk.registry.id,
        certificate: 'marriage',
        applicant: 'both',
        archiveConfirmed: true,
      });
      expect(record.kind).toBe('record_certificate');
      const proof = await printCertificateIssue(ctx, desk.registrar, record.id);
      keepForPreview('record-certificate.pdf', proof.pdf);
      const p = pdfText(proof.pdf);
      expect(p.flat).toContain('婚姻登记记录证明');
      expect(p.flat).toContain(`编号：${record.certificateNo}`);
      expect(p.flat).toContain('你们于2025年6月2日在');
      expect(p.flat).toContain('已离婚（2025年8月1日）');
      expect(p.flat).toContain(`${desk.registry.name}（盖章）2025年9月1日`);
      expectOfficialForm(p.text);
    });
  },
  { lines: [marriageLine] },
);
