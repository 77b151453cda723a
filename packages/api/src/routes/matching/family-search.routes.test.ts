import { publishFamilySearchRecord } from '@social-affairs/core/matching';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { newId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../../test-app';

describeEachDatabase(
  'family-search routes',
  (t) => {
    async function setup() {
      const env = await testApp(t.db);
      const reviewer = await env.signIn('county_reviewer', '430000');
      const as = (cookie: string) => ({ headers: { cookie } });
      const created = await env.app.inject({
        method: 'POST',
        url: '/api/matching/missing-reports',
        ...as(reviewer.cookie),
        payload: {
          name: '刘芳',
          sex: 'female',
          birthYear: 1990,
          lostOn: '1995-04-02',
          lostDivisionCode: '430181',
          features: '左眉有痣',
          contactName: '刘建华',
          contactPhone: '138-1234-5678',
        },
      });
      expect(created.statusCode).toBe(201);
      // An unidentified body in 浏阳市, published as the funeral line will.
      const bodyId = newId();
      await env.core.db.kysely.transaction().execute((trx) =>
        publishFamilySearchRecord(env.core, trx, {
          ownerId: bodyId,
          ownerLine: 'funeral',
          kind: 'unidentified-deceased',
          sex: 'female',
          estimatedAge: { estimate: 30, range: 5, asOf: '2020-05-01' },
          eventDate: '2020-05-01',
          placeCode: '430181',
          features: '左眉有痣',
          photoRef: 'attachment-1',
          divisionCode: '430181',
        }),
      );
      return { ...env, reviewer, as, report: created.json<{ id: string }>(), bodyId };
    }

    it('searches all kinds, returns candidates of a stored record, and closes a report out of the search', async () => {
      const { app, reviewer, as, report, bodyId } = await setup();
      const search = await app.inject({
        method: 'POST',
        url: '/api/matching/family-search',
        ...as(reviewer.cookie),
        payload: {
          sex: 'female',
          age: { estimate: 30, range: 3 },
          asOf: '2020-05-01',
          regionHints: ['430181'],
        },
      });
      expect(search.statusCode).toBe(200);
      const body = search.json<{
        items: { id: string; kind: string }[];
        asOf: string;
        warnings: unknown[];
      }>();
      expect(body.asOf).toBe('2020-05-01');
      expect(body.items.map((h) => h.kind).sort()).toEqual(['missing-report', 'unidentified-deceased']);

      const candidates = await app.inject({
        method: 'GET',
        url: '/api/matching/family-search/candidates',
        query: { recordId: bodyId },
        ...as(reviewer.cookie),
      });
      expect(candidates.statusCode).toBe(200);
      expect(candidates.json()).toMatchObject({
        from: {
          id: bodyId,
          kind: 'unidentified-deceased',
          photoRef: 'attachment-1',
          placeName: expect.stringContaining('浏阳市'),
        },
        items: [
          {
            id: report.id,
            kind: 'missing-report',
            report: { name: '刘芳', contactName: '刘建华', contactPhoneMasked: '138****5678' },
          },
        ],
      });
      expect(candidates.body).not.toContain('12345678');

      const detail = await app.inject({
        method: 'GET',
        url: `/api/matching/missing-reports/${report.id}`,
        ...as(reviewer.cookie),
      });
      expect(detail.json()).toMatchObject({ contactPhone: '138-1234-5678', status: 'open' });

      const list = await app.inject({
        method: 'GET',
        url: '/api/matching/missing-reports',
        query: { status: 'open' },
        ...as(reviewer.cookie),
      });
      expect(list.json()).toMatchObject({
        total: 1,
        items: [{ id: report.id, contactPhoneMasked: '138****5678' }],
      });

      const noReason = await app.inject({
        method: 'POST',
        url: `/api/matching/missing-reports/${report.id}/status`,
        ...as(reviewer.cookie),
        payload: { status: 'found' },
      });
      expect(noReason.statusCode).toBe(400);
      const found = await app.inject({
        method: 'POST',
        url: `/api/matching/missing-reports/${report.id}/status`,
        ...as(reviewer.cookie),
        payload: { status: 'found', reason: '经比对确认，家属已认领' },
      });
      expect(found.json()).toMatchObject({ status: 'found', statusReason: '经比对确认，家属已认领' });
      const again = await app.inject({
        method: 'POST',
        url: `/api/matching/missing-reports/${report.id}/status`,
        ...as(reviewer.cookie),
        payload: { status: 'withdrawn', reason: '重复登记' },
      });
      expect(again.statusCode).toBe(409);

      const after = await app.inject({
        method: 'GET',
        url: '/api/matching/family-search/candidates',
        query: { recordId: bodyId },
        ...as(reviewer.cookie),
      });
      expect(after.json<{ items: unknown[] }>().items).toEqual([]);
    });

    it('answers bad input 400 in Chinese, another county 404, and lists the regions a family can name', async () => {
      const { app, as, signIn, reviewer, bodyId } = await setup();
      for (const payload of [
        { name: '刘芳', asOf: '2026-02-30' },
        { name: '刘芳', kinds: ['alien'] },
        { name: '刘芳', fromKind: 'people' },
        { name: '刘芳', regionHints: ['长沙'] },
      ]) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/matching/family-search',
          ...as(reviewer.cookie),
          payload,
        });
        expect([JSON.stringify(payload), res.statusCode]).toEqual([JSON.stringify(payload), 400]);
        expect(res.json<{ error: { message: string } }>().error.message).toMatch(/[\u4e00-\u9fa5]/);
      }
      const badPhone = await app.inject({
        method: 'POST',
        url: '/api/matching/missing-reports',
        ...as(reviewer.cookie),
        payload: { name: '王五', contactPhone: 'call me' },
      });
      expect(badPhone.statusCode).toBe(400);
      expect(badPhone.json<{ error: { message: string } }>().error.message).toContain('联系电话');

      const furong = await signIn('county_reviewer', '430102');
      const hidden = await app.inject({
        method: 'GET',
        url: '/api/matching/family-search/candidates',
        query: { recordId: bodyId },
        ...as(furong.cookie),
      });
      expect(hidden.statusCode).toBe(404);
      const none = await app.inject({
        method: 'POST',
        url: '/api/matching/family-search',
        ...as(furong.cookie),
        payload: { sex: 'female', age: { estimate: 30, range: 10 } },
      });
      expect(none.json<{ items: unknown[] }>().items).toEqual([]);

      const regions = await app.inject({
        method: 'GET',
        url: '/api/matching/family-search/regions',
        ...as(furong.cookie),
      });
      const items = regions.json<{ items: { code: string; name: string; parentCode: string | null }[] }>()
        .items;
      expect(items.find((d) => d.code === '430181')).toMatchObject({ name: '浏阳市', parentCode: '430100' });
      expect(items.some((d) => d.code.length === 9)).toBe(false);
    });
  },
  { lines: serverManifests },
);
