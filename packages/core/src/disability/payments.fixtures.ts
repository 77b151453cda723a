/**
 * Fixtures of the payments concern (through `@social-affairs/core/disability/testing`): a roster written
 * directly in a given status (the roster concern's freeze and sign-off are not needed to test payments)
 * and a payment account written directly.
 */
import { newId } from '@social-affairs/kernel';
import { Writable } from 'node:stream';
import type { CoreContext } from '../context';
import type { RosterStatus, Subsidy } from './disability.table';

export interface RosterLineFixture {
  entitlementId: string;
  personId: string;
  amountFen: number;
  subsidy?: Subsidy;
  divisionCode?: string;
  monthsCovered?: number;
  paymentStatus?: 'pending' | 'paid' | 'sent';
}

/** A roster of `county` for `month` in `status` (default signed) with one line per entry. */
export async function aRoster(
  ctx: CoreContext,
  opts: { county?: string; month: string; status?: RosterStatus; lines: RosterLineFixture[] },
): Promise<{ id: string; lineIds: string[] }> {
  const id = newId();
  const at = ctx.clock.now().toISOString();
  const county = opts.county ?? '430181';
  await ctx.db.kysely
    .insertInto('disabilityRosterMonths')
    .values({
      id,
      countyCode: county,
      month: opts.month,
      status: opts.status ?? 'signed',
      recipients: opts.lines.length,
      totalFen: opts.lines.reduce((s, l) => s + l.amountFen, 0),
      frozenAt: at,
      frozenBy: 'test',
      createdAt: at,
      updatedAt: at,
      version: 1,
    })
    .execute();
  const lineIds: string[] = [];
  for (const l of opts.lines) {
    const lineId = newId();
    lineIds.push(lineId);
    const monthly = Math.round(l.amountFen / (l.monthsCovered ?? 1));
    await ctx.db.kysely
      .insertInto('disabilityRosterLines')
      .values({
        id: lineId,
        rosterId: id,
        entitlementId: l.entitlementId,
        personId: l.personId,
        subsidy: l.subsidy ?? 'care',
        divisionCode: l.divisionCode ?? `${county}001`,
        amountFen: l.amountFen,
        monthlyFen: monthly,
        monthsCovered: l.monthsCovered ?? 1,
        change: 'unchanged',
        reasonCode: null,
        previousMonthlyFen: null,
        paymentStatus: l.paymentStatus ?? 'pending',
      })
      .execute();
  }
  return { id, lineIds };
}

/** A payment account in force, written directly. */
export async function aPaymentAccount(
  ctx: CoreContext,
  personId: string,
  opts: { accountNumber?: string; holderName?: string; divisionCode?: string } = {},
): Promise<{ id: string }> {
  const id = newId();
  await ctx.db.kysely
    .insertInto('disabilityPaymentAccounts')
    .values({
      id,
      personId,
      divisionCode: opts.divisionCode ?? '430181001',
      kind: 'social_security_card',
      bankName: '测试银行',
      accountNumber:
        opts.accountNumber ?? `62170000${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      holderName: opts.holderName ?? '测试户名',
      agentName: null,
      agentRelation: null,
      agentIdMasked: null,
      reason: '首次登记',
      validFrom: ctx.clock.now().toISOString(),
      validTo: null,
      createdBy: 'test',
      endedBy: null,
    })
    .execute();
  return { id };
}

/** A writable that keeps what a payment file stream wrote (`text()` reads it back as UTF-8). */
export function sink(): { out: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}
