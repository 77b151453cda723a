import { it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { matchingLine } from '../matching/line';
import { rescueLine } from './line';

describeEachDatabase(
  'explore',
  (t) => {
    it('dumps', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-15T02:00:00.000Z'));
      await aUser(ctx, { role: 'county_reviewer', divisionCode: '430181' });
      await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' });
      const t0 = performance.now();
      await rescueLine.seedDemo!(ctx);
      console.log('seed s', (performance.now() - t0) / 1000);
      const k = ctx.db.kysely;
      const cases = await k.selectFrom('rescueCases').select(['id','caseNo','nameGiven','sex','birthDate','estimatedAge','entryDate','divisionCode','status','identityStatus','heightCm','features','clothing','foundPlace','createdBy','stationId']).where('identityStatus','!=','identified').orderBy('entryDate').execute();
      for (const c of cases) console.log(JSON.stringify(c));
      const st = await k.selectFrom('rescueStations').select(['id','name','divisionCode']).execute();
      console.log(JSON.stringify(st));
      const cands = await k.selectFrom('familyCandidates').select(['leftKind','rightKind','score','band','status']).execute();
      console.log('cands', cands.length, JSON.stringify(cands.slice(0,10)));
      const notices = await k.selectFrom('rescueSearchNotices').select(['caseId','number']).execute();
      console.log('notices', notices.length);
      const users = await k.selectFrom('users').select(['username','role','divisionCode','institutionId']).execute();
      console.log(JSON.stringify(users));
    }, 300_000);
  },
  { lines: [matchingLine, rescueLine] },
);
