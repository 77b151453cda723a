import { publishFamilySearchRecord, refreshFamilyCandidates } from '@social-affairs/core/matching';
import { describeEachDatabase } from '@social-affairs/core/testing';
import type { FamilyCandidateDto } from '@social-affairs/kernel/contracts';
import { newId } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../../test-app';

describeEachDatabase(
  'family-candidate routes (寻亲候选)',
  (t) => {
    it('lists a record’s candidates, shows both sides, refuses out of scope, confirms once', async () => {
      const env = await testApp(t.db);
      const { app, core } = env;
      const reviewer = await env.signIn('county_reviewer', '430181');
      const outsider = await env.signIn('county_reviewer', '430602');
      const as = (cookie: string) => ({ headers: { cookie } });
      const created = await app.inject({
        method: 'POST',
        url: '/api/matching/missing-reports',
        ...as(reviewer.cookie),
        payload: {
          name: '刘芳',
          sex: 'female',
          birthYear: 1990,
          lostDivisionCode: '430181',
          features: '左眉有痣',
          contactName: '刘建华',
          contactPhone: '13812345678',
        },
      });
      expect(created.statusCode).toBe(201);
      const report = created.json<{ id: string }>();
      const living = newId();
      await core.db.kysely.transaction().execute((trx) =>
        publishFamilySearchRecord(core, trx, {
          ownerId: living,
          ownerLine: 'rescue',
          kind: 'unidentified-living',
          name: '刘方',
          sex: 'female',
          estimatedAge: { estimate: 35, asOf: '2025-06-01' },
          placeCode: '430181',
          features: '左眉有痣',
          divisionCode: '430181',
        }),
      );
      const refreshed = await app.inject({
        method: 'POST',
        url: '/api/matching/family-candidates/refresh',
        ...as(reviewer.cookie),
        payload: { entryId: living },
      });
      expect(refreshed.statusCode).toBe(200);
      expect(refreshed.json()).toMatchObject({ proposed: 1 });
      await refreshFamilyCandidates(core);
      const list = await app.inject({
        method: 'GET',
        url: `/api/matching/family-candidates?entryId=${report.id}&status=open`,
        ...as(reviewer.cookie),
      });
      expect(list.statusCode).toBe(200);
      const page = list.json<{ items: FamilyCandidateDto[]; total: number }>();
      expect(page.total).toBe(1);
      const id = page.items[0]!.id;
      const detail = await app.inject({
        method: 'GET',
        url: `/api/matching/family-candidates/${id}`,
        ...as(reviewer.cookie),
      });
      expect(detail.statusCode).toBe(200);
      const d = detail.json<FamilyCandidateDto>();
      const rep = d.left.entryId === report.id ? d.left : d.right;
      expect(rep.contact).toEqual({ name: '刘建华', phoneMasked: '138****5678' });
      expect(d.explanation).toHaveProperty('data');
      // Another prefecture: 404 on read and decide, nothing changes.
      for (const req of [
        { method: 'GET' as const, url: `/api/matching/family-candidates/${id}` },
        {
          method: 'POST' as const,
          url: `/api/matching/family-candidates/${id}/decide`,
          payload: { decision: 'confirm', reason: '一致' },
        },
      ]) {
        expect((await app.inject({ ...req, ...as(outsider.cookie) })).statusCode).toBe(404);
      }
      // A decision without a reason is refused by the schema and nothing changes.
      const bare = await app.inject({
        method: 'POST',
        url: `/api/matching/family-candidates/${id}/decide`,
        ...as(reviewer.cookie),
        payload: { decision: 'confirm', reason: '' },
      });
      expect(bare.statusCode).toBe(400);
      const ok = await app.inject({
        method: 'POST',
        url: `/api/matching/family-candidates/${id}/decide`,
        ...as(reviewer.cookie),
        payload: { decision: 'confirm', reason: '家属辨认照片一致' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json<FamilyCandidateDto>().status).toBe('confirmed');
      const again = await app.inject({
        method: 'POST',
        url: `/api/matching/family-candidates/${id}/decide`,
        ...as(reviewer.cookie),
        payload: { decision: 'confirm', reason: '再次确认' },
      });
      expect(again.statusCode).toBe(409);
      const events = await core.db.kysely
        .selectFrom('outboxEvents')
        .select('id')
        .where('type', '=', 'family.match-confirmed')
        .execute();
      expect(events).toHaveLength(1);
      const xlsx = await app.inject({
        method: 'GET',
        url: '/api/matching/family-candidates/export?status=confirmed',
        ...as(reviewer.cookie),
      });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    });
  },
  { lines: serverManifests },
);
