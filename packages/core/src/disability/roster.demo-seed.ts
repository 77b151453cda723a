/**
 * Demo rosters of the roster concern (idempotent; after the certificates' and review's seeds): 浏阳市's
 * rosters of the last three months. The first two are confirmed by both townships and signed; between
 * them a recipient dies (recorded in the people index, payment stopped with reason 死亡) and another
 * leaves 低保 (living subsidy stopped, reason 退出低保), so last month's diff shows both reasoned stops. This
 * month's roster is frozen with one township confirmed: the county sees what is still to do. When the
 * review seed made no entitlements, a few are granted here through `grantEntitlement`.
 */
import { todayPlainDate } from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { recordDeath } from '../people/index';
import { DEMO_DISABILITY_COUNTY, DEMO_DISABILITY_TOWNSHIPS } from './core.demo-seed';
import { grantEntitlement, stopEntitlement } from './entitlements';
import {
  activeEntitlementsOfCounty,
  countyHasEntitlement,
  countyHasRoster,
  severeHoldersOfCounty,
} from './roster.demo-seed.repository';
import { openEntitlementsOfPerson, partsOf } from './roster.repository';
import { confirmTownshipPart, freezeRoster, signRoster } from './roster.service';
import { addMonthsToMonth, monthOf } from './rules';

export async function seedRosterDemo(ctx: CoreContext): Promise<void> {
  const db = ctx.db.kysely;
  const county = DEMO_DISABILITY_COUNTY;
  if (await countyHasRoster(db, county)) return;
  const actor = systemActor('demo-seed', county);
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const month = monthOf(today);
  const [m2, m1] = [addMonthsToMonth(month, -2), addMonthsToMonth(month, -1)];
  await ensureEntitlements(ctx, addMonthsToMonth(month, -3));

  const signAll = async (rosterId: string) => {
    const roster = (await partsOf(db, rosterId)).map((p) => p.divisionCode).filter((d) => d.length === 9);
    for (const township of roster) {
      await confirmTownshipPart(ctx, systemActor('demo-seed', township), rosterId, {
        note: '已逐户核对（演示）',
      });
    }
    await signRoster(ctx, actor, rosterId, { note: '同意发放（演示）' });
  };

  const first = await freezeRoster(ctx, actor, { countyCode: county, month: m2 });
  await signAll(first.id);

  // Between the two months: a death recorded in the people index, and a 低保 exit (a reviewed decision).
  const open = await activeEntitlementsOfCounty(db, county);
  const now = ctx.clock.now().toISOString();
  const dying = open.find((e) => e.subsidy === 'care');
  if (dying) {
    const deathDate = `${m2}-15`;
    await recordDeath(ctx, actor, dying.personId, { deathDate, source: '殡葬（演示）' });
    await db.transaction().execute(async (trx) => {
      for (const e of await openEntitlementsOfPerson(trx, dying.personId)) {
        await stopEntitlement(
          trx,
          actor,
          e,
          { reason: 'death', eventDate: deathDate, source: 'death', sourceId: null, note: '死亡（演示）' },
          now,
        );
      }
    });
  }
  const leaving = open.find((e) => e.subsidy === 'living' && e.personId !== dying?.personId);
  if (leaving) {
    await db.transaction().execute(async (trx) => {
      const e = (await openEntitlementsOfPerson(trx, leaving.personId)).find((x) => x.subsidy === 'living');
      if (!e) return;
      await stopEntitlement(
        trx,
        actor,
        e,
        {
          reason: 'dibao_ended',
          eventDate: `${m2}-28`,
          source: 'comparison',
          sourceId: null,
          note: '低保退出，经复核确认（演示）',
        },
        now,
      );
    });
  }
  const second = await freezeRoster(ctx, actor, { countyCode: county, month: m1 });
  await signAll(second.id);

  // This month: frozen, the first township has confirmed, the other has not yet.
  const current = await freezeRoster(ctx, actor, { countyCode: county, month });
  if (current.pendingTownships.includes(DEMO_DISABILITY_TOWNSHIPS[0])) {
    await confirmTownshipPart(ctx, systemActor('demo-seed', DEMO_DISABILITY_TOWNSHIPS[0]), current.id, {
      note: '已核对（演示）',
    });
  }
}

/** A few care entitlements of valid grade 1–2 holders when no other seed made any. */
async function ensureEntitlements(ctx: CoreContext, fromMonth: string): Promise<void> {
  const db = ctx.db.kysely;
  if (await countyHasEntitlement(db, DEMO_DISABILITY_COUNTY)) return;
  const holders = await severeHoldersOfCounty(db, DEMO_DISABILITY_COUNTY, 20);
  const actor = systemActor('demo-seed', DEMO_DISABILITY_COUNTY);
  const now = ctx.clock.now().toISOString();
  for (const [i, h] of holders.entries()) {
    await db.transaction().execute((trx) =>
      grantEntitlement(
        trx,
        actor,
        {
          personId: h.personId,
          subsidy: 'care',
          divisionCode: DEMO_DISABILITY_TOWNSHIPS[i % 2]!,
          countyCode: DEMO_DISABILITY_COUNTY,
          applicationId: null,
          certificateId: h.certificateId,
          fromMonth,
          source: 'demo-roster',
          sourceId: null,
          note: '演示数据',
        },
        now,
      ),
    );
  }
}
