import { diffDays, isDomainError, newId, type PlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import type { CoreContext } from '../context';
import { listHotlineCalls, recordHotlineCall, runHotlineRetention } from './hotline.service';
import { rescueLine } from './line';
import { recordingDeletableFrom } from './periods';
import { defaultRescueConfig } from './rescue.config';
import { aRescueCase, aRescueStation, type RescueStationFixture } from './rescue.fixtures';

/** 10:00 Beijing on `day`. */
const at = (day: string) => `${day}T02:00:00.000Z`;
const page = { page: 1, pageSize: 50 };

async function aCall(ctx: CoreContext, st: RescueStationFixture, recordedOn: string): Promise<string> {
  const id = newId();
  await ctx.db.kysely
    .insertInto('rescueHotlineCalls')
    .values({
      id,
      stationId: st.id,
      divisionCode: st.divisionCode,
      calledAt: at(recordedOn),
      recordedOn,
      callerNumber: '13812345678',
      durationSeconds: 120,
      category: 'lead',
      summary: '群众反映广场有人露宿',
      caseId: null,
      recordingRef: `REC/${recordedOn}.wav`,
      recordingStatus: 'kept',
      purgedAt: null,
      createdBy: 'test',
      createdAt: at(recordedOn),
    })
    .execute();
  return id;
}

const statusOf = async (ctx: CoreContext, id: string) =>
  ctx.db.kysely
    .selectFrom('rescueHotlineCalls')
    .select(['recordingStatus', 'recordingRef', 'callerNumber', 'purgedAt', 'summary'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describeEachDatabase(
  'rescue hotline records and the retention job (R-RES-14)',
  (t) => {
    it('a recording of 2025-06-01 is kept on 09-01 (92 days: 3 calendar months) and purged on 09-02; a second run changes nothing', async () => {
      const clock = new ManualClock(at('2025-09-01'));
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const june1 = await aCall(ctx, st, '2025-06-01');
      const june4 = await aCall(ctx, st, '2025-06-04');
      expect(recordingDeletableFrom('2025-06-01' as PlainDate, defaultRescueConfig)).toBe('2025-09-02');
      expect(await runHotlineRetention(ctx)).toEqual({ purged: 0, stations: 0 });
      expect((await statusOf(ctx, june1)).recordingStatus).toBe('kept');
      clock.set(at('2025-09-02'));
      expect(await runHotlineRetention(ctx)).toEqual({ purged: 1, stations: 1 });
      expect(await statusOf(ctx, june1)).toMatchObject({
        recordingStatus: 'purged',
        recordingRef: null,
        callerNumber: null,
        summary: '群众反映广场有人露宿',
      });
      expect((await statusOf(ctx, june4)).recordingStatus).toBe('kept');
      // Idempotent: nothing new to do, nothing written (no second audit row).
      expect(await runHotlineRetention(ctx)).toEqual({ purged: 0, stations: 0 });
      const audits = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'details', 'targetId'])
        .where('action', '=', 'rescue.hotline.purge')
        .execute();
      expect(audits).toHaveLength(1);
      expect(JSON.parse(audits[0]!.details)).toMatchObject({ purged: 1, recordedFrom: '2025-06-01' });
      expect(audits[0]!.details).not.toContain('138');
      expect(audits[0]!.targetId).toBe(st.id);
    });

    it('never purges a recording younger than 90 days, whatever the month lengths (a year of daily runs)', async () => {
      const clock = new ManualClock(at('2025-01-01'));
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const ids = new Map<string, string>();
      for (const day of [
        '2024-11-29',
        '2024-11-30',
        '2024-12-31',
        '2025-01-31',
        '2025-02-28',
        '2025-05-31',
        '2025-07-31',
      ]) {
        ids.set(await aCall(ctx, st, day), day);
      }
      for (let d = 0; d < 240; d++) {
        const today = new Date(Date.parse('2025-01-01T02:00:00.000Z') + d * 86_400_000).toISOString();
        clock.set(today);
        await runHotlineRetention(ctx);
        for (const [id, recordedOn] of ids) {
          const s = await statusOf(ctx, id);
          const age = diffDays(today.slice(0, 10) as PlainDate, recordedOn as PlainDate);
          if (s.recordingStatus === 'purged') expect(age).toBeGreaterThan(90);
          if (age < 91) expect(s.recordingStatus).toBe('kept');
        }
      }
    }, 120_000);

    it('records a call of the station (masked number in the list, audit without it); another station or a case of another station is refused', async () => {
      const clock = new ManualClock(at('2026-03-02'));
      const ctx = testContext(t.db, clock);
      const a = await aRescueStation(ctx, { county: '430102' });
      const b = await aRescueStation(ctx, { county: '430102' });
      const caseA = await aRescueCase(ctx, a, { estimatedAge: 40 });
      const caseB = await aRescueCase(ctx, b, { estimatedAge: 40 });
      const body = {
        stationId: a.id,
        calledAt: '2026-03-02T01:15:00.000Z',
        callerNumber: '13912345678',
        durationSeconds: 95,
        category: 'lead' as const,
        summary: '群众反映火车站有老人露宿',
        caseId: caseA.id,
        recordingRef: 'REC/2026/03/02/0001.wav',
      };
      const call = await recordHotlineCall(ctx, a.staff, body);
      expect(call).toMatchObject({
        callerNumberMasked: '139****5678',
        recordedOn: '2026-03-02',
        recordingStatus: 'kept',
        caseNo: caseA.caseNo,
        deletableFrom: '2026-06-03',
      });
      const list = await listHotlineCalls(ctx, a.staff, { ...page, q: '5678' });
      expect(list.items.map((c) => c.id)).toEqual([call.id]);
      expect(JSON.stringify(list)).not.toContain('13912345678');
      expect((await listHotlineCalls(ctx, b.staff, page)).total).toBe(0);
      expect((await listHotlineCalls(ctx, a.countyStaff, { ...page, stationId: a.id })).total).toBe(1);
      const audit = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('details')
        .where('action', '=', 'rescue.hotline.record')
        .executeTakeFirstOrThrow();
      expect(audit.details).not.toContain('13912345678');
      const e1 = await recordHotlineCall(ctx, b.staff, body).catch((x: unknown) => x);
      expect(isDomainError(e1) && e1.code).toBe('NOT_FOUND');
      const e2 = await recordHotlineCall(ctx, a.countyStaff, { ...body, caseId: caseB.id }).catch(
        (x: unknown) => x,
      );
      expect(isDomainError(e2) && e2.code).toBe('RESCUE_HOTLINE_CASE_OTHER_STATION');
      const e3 = await recordHotlineCall(ctx, a.staff, {
        ...body,
        calledAt: '2026-03-03T01:00:00.000Z',
      }).catch((x: unknown) => x);
      expect(isDomainError(e3) && e3.code).toBe('RESCUE_HOTLINE_CALL_IN_FUTURE');
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      const e4 = await recordHotlineCall(ctx, reviewer, body).catch((x: unknown) => x);
      expect(isDomainError(e4) && e4.code).toBe('PERMISSION_DENIED');
      // Refused writes changed nothing.
      expect((await listHotlineCalls(ctx, a.countyStaff, page)).total).toBe(1);
    });
  },
  { lines: [rescueLine] },
);
