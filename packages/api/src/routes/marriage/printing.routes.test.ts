import { describeEachDatabase } from '@social-affairs/core/testing';
import { aCouple, aDivorceApplication, aMarriageDesk } from '@social-affairs/core/marriage/testing';
import { expect, it } from 'vitest';
import { inlinePdfDisposition } from '../../pdf-reply';
import { serverManifests, testApp } from '../../test-app';

/** The Chinese file name a Content-Disposition carries in its RFC 5987 `filename*`. */
function fileNameOf(disposition: string | undefined): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '');
  return m?.[1] ? decodeURIComponent(m[1]) : '';
}

describeEachDatabase(
  'marriage printing routes (PDFs open inline for print preview)',
  (t) => {
    it('sends every printed document inline, under its number, uncached, with the security headers', async () => {
      const { app, core } = await testApp(t.db);
      const desk = await aMarriageDesk(core, { county: '430181' });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: desk.registrar.username, password: 'Passw0rd-test' },
      });
      const cookie = `sap_session=${login.cookies.find((c) => c.name === 'sap_session')?.value ?? ''}`;
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
      const post = (url: string, payload: object) =>
        app.inject({ method: 'POST', url, headers: { cookie }, payload });

      const couple = aCouple(desk.registry.id);
      const married = (await post('/api/marriage/registrations', couple)).json<{
        id: string;
        certificateNo: string;
      }>();
      const refused = await post('/api/marriage/registrations', {
        ...aCouple(desk.registry.id),
        husband: couple.husband,
      });
      const refusalId = refused.json<{ error: { details: { refusalId: string } } }>().error.details.refusalId;
      const other = (await post('/api/marriage/registrations', aCouple(desk.registry.id))).json<{
        id: string;
      }>();
      const divorce = (
        await post('/api/marriage/divorces', aDivorceApplication(other.id, desk.registry.id))
      ).json<{ id: string }>();

      const expected: [string, string][] = [
        [`/api/marriage/marriages/${married.id}/certificate.pdf`, `结婚证-${married.certificateNo}.pdf`],
        [
          `/api/marriage/refusals/${refusalId}/notice.pdf`,
          '不予办理结婚登记告知书-湘浏民婚告字〔2026〕第000001号.pdf',
        ],
        [`/api/marriage/divorces/${divorce.id}/receipt.pdf`, '受理回执单-湘浏民婚受字〔2026〕第000001号.pdf'],
      ];
      for (const [url, fileName] of expected) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        const disposition = String(res.headers['content-disposition']);
        expect(disposition).toMatch(/^inline; filename="document\.pdf"; filename\*=UTF-8''/);
        expect(fileNameOf(disposition)).toBe(fileName);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      }
    });
  },
  { lines: serverManifests },
);

it('writes an inline disposition with an ASCII fallback and the RFC 5987 name', () => {
  expect(inlinePdfDisposition('certificate.pdf')).toBe(
    `inline; filename="certificate.pdf"; filename*=UTF-8''certificate.pdf`,
  );
  expect(inlinePdfDisposition('告知书(1).pdf')).toBe(
    `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent('告知书')}%281%29.pdf`,
  );
  expect(inlinePdfDisposition('a"b.pdf')).toMatch(/^inline; filename="document\.pdf"; /);
});
