/**
 * Demo data of the outreach concern, after the certificates, rolls and entitlements of the other concerns:
 * twelve more holders of 浏阳市 (430181) who receive nothing — grade 1–2 holders (some certified in the last
 * days), and 低保 members (some newly on the roll) — then one refresh over the county, and an outcome on three
 * of the reminders (refused, unreachable, not eligible), so the ledger shows open and answered ones.
 * Idempotent: nothing happens when the county already has a refresh run.
 */
import { addDays, composeDisabilityCertificateNumber, newId, todayPlainDate } from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { DEMO_DISABILITY_COUNTY } from './core.demo-seed';
import {
  demoPeopleWithoutCertificate,
  hasRun,
  insertDemoCertificate,
  insertDemoDibao,
  openReminderIds,
} from './outreach.repository';
import { recordOutreachOutcome, runOutreachRefresh } from './outreach.service';

export async function seedOutreachDemo(ctx: CoreContext): Promise<void> {
  const county = DEMO_DISABILITY_COUNTY;
  const db = ctx.db.kysely;
  if (await hasRun(db, county)) return;
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const at = ctx.clock.now().toISOString();
  const people = await demoPeopleWithoutCertificate(db, county, 12);
  await db.transaction().execute(async (trx) => {
    for (const [i, p] of people.entries()) {
      if (!p.residentId) continue;
      // 0–5: grade 1–2 (care list), every third certified 10 days ago; 6–11: grade 3–4 on 低保 (living list).
      const grade = i < 6 ? 1 + (i % 2) : 3 + (i % 2);
      const category = [4, 1, 2, 5, 6, 7][i % 6]!;
      const recent = i % 3 === 0;
      await insertDemoCertificate(trx, {
        id: newId(),
        number: composeDisabilityCertificateNumber(p.residentId, category as 1, grade as 1),
        personId: p.id,
        category,
        grade,
        issuedOn: recent ? addDays(today, -10) : '2019-06-01',
        county,
        at: recent ? at : '2019-06-01T02:00:00.000Z',
      });
      if (i >= 6) {
        await insertDemoDibao(trx, {
          id: newId(),
          personId: p.id,
          county,
          fromDate: i % 2 === 0 ? addDays(today, -12) : '2022-03-01',
          rollName: p.name,
          at,
        });
      }
    }
  });
  const actor = systemActor('seed', county);
  await runOutreachRefresh(ctx, actor, county, county);
  const open = await openReminderIds(db, county, 3);
  const outcomes = [
    { outcome: 'refused' as const, note: '本人表示家庭收入尚可，暂不申请' },
    { outcome: 'unreachable' as const, note: '电话停机，已请村委会协助联系' },
    { outcome: 'not_eligible' as const, note: '经核实已享受工伤保险生活护理费' },
  ];
  for (const [i, id] of open.entries()) {
    await recordOutreachOutcome(ctx, actor, id, outcomes[i]!);
  }
}
