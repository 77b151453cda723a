/**
 * Demo data of the review concern (idempotent, after the certificates' seed): recipients of 浏阳市 — valid
 * grade 1–2 certificate holders get the care subsidy, those on 低保 the living subsidy too (R-DIS-01,
 * R-DIS-02) — granted through `grantEntitlement` from a few months back, one stopped by hand
 * (imprisonment) with an open dispute. Small: at most 40 holders.
 */
import { newId, todayPlainDate } from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import { assistanceStatusOn } from '../assistance/index';
import type { CoreContext } from '../context';
import { DEMO_DISABILITY_COUNTY } from './core.demo-seed';
import { grantEntitlement, stopEntitlement } from './entitlements';
import { openEntitlement } from './disability.repository';
import { insertDispute } from './recipients.repository';
import { demoHolders, demoReviewSeeded } from './review.repository';
import { addMonthsToMonth, monthOf, workingDaysAfter } from './rules';

export async function seedReviewDemo(ctx: CoreContext): Promise<void> {
  const db = ctx.db.kysely;
  if (await demoReviewSeeded(db)) return;
  const holders = await demoHolders(db, DEMO_DISABILITY_COUNTY, 40);
  if (holders.length === 0) return;
  const actor = systemActor('seed', DEMO_DISABILITY_COUNTY);
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const now = ctx.clock.now().toISOString();
  const fromMonth = addMonthsToMonth(monthOf(today), -3);
  let stopped = false;
  for (const [i, h] of holders.entries()) {
    const division =
      h.hukouDivisionCode.startsWith(DEMO_DISABILITY_COUNTY) && h.hukouDivisionCode.length === 9
        ? h.hukouDivisionCode
        : i % 2
          ? '430181102'
          : '430181001';
    const onRoll = await assistanceStatusOn(db, h.personId, today);
    const subsidies = [
      ...(h.grade <= 2 ? (['care'] as const) : []),
      ...(onRoll.some((s) => s.program === 'dibao') && !onRoll.some((s) => s.program === 'tekun')
        ? (['living'] as const)
        : []),
    ];
    for (const subsidy of subsidies) {
      if (await openEntitlement(db, h.personId, subsidy)) continue;
      await db.transaction().execute(async (trx) => {
        const e = await grantEntitlement(
          trx,
          actor,
          {
            personId: h.personId,
            subsidy,
            divisionCode: division,
            countyCode: DEMO_DISABILITY_COUNTY,
            applicationId: null,
            certificateId: h.certificateId,
            fromMonth,
            source: 'demo-review',
            sourceId: null,
            note: '演示数据',
          },
          now,
        );
        if (!stopped && subsidy === 'care' && i >= 3) {
          stopped = true;
          const eventDate = `${addMonthsToMonth(monthOf(today), -1)}-10`;
          await stopEntitlement(
            trx,
            actor,
            e,
            { reason: 'imprisonment', eventDate, source: 'manual', sourceId: null, note: '判决生效（演示）' },
            now,
          );
          const due = workingDaysAfter(today, 10);
          await insertDispute(trx, {
            id: newId(),
            entitlementId: e.id,
            personId: h.personId,
            divisionCode: division,
            lodgedOn: today,
            reason: '本人称判决已改判缓刑，未实际服刑，申请复核恢复发放（演示）',
            dueOn: due.dueOn,
            dueProvisional: due.provisional ? 1 : 0,
            status: 'open',
            decidedOn: null,
            decidedBy: null,
            decisionReason: null,
            recordedBy: 'seed',
            createdAt: now,
            updatedAt: now,
            version: 1,
          });
        }
      });
    }
  }
}
