import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { aDisabilityCounty, aDisabledPerson, anEntitlement } from './disability.fixtures';
import { disabilityLine } from './line';
import { aPaymentAccount, aRoster, sink } from './payments.fixtures';
import { paymentFileStream, writePaymentFile } from './payments.service';

describeEachDatabase(
  'disability payments: a payment file download stopped early (ADR 0033)',
  (t) => {
    it('a download abandoned after its first township frees its read (on PostgreSQL a planned transaction): later files are whole and identical', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-05T02:00:00.000Z'));
      const c = await aDisabilityCounty(ctx);
      const lines = [];
      for (const [i, town] of ['001', '002', '003', '004'].entries()) {
        const p = await aDisabledPerson(ctx, { name: `收款人${i}` });
        const e = await anEntitlement(ctx, p, { fromMonth: '2026-01' });
        await aPaymentAccount(ctx, p.personId, { accountNumber: `621700001111222${i}`, holderName: p.name });
        lines.push({
          entitlementId: e.id,
          personId: p.personId,
          amountFen: 10_000 + i,
          divisionCode: `430181${town}`,
        });
      }
      const roster = await aRoster(ctx, { month: '2026-06', lines });
      const whole = sink();
      const written = await writePaymentFile(ctx, c.countyClerk, roster.id, whole.out);
      expect(written.file.ownLines).toBe(4);
      // More abandoned downloads than the pool has connections: a read left open would exhaust it.
      for (let n = 0; n < 25; n++) {
        const { body } = await paymentFileStream(ctx, c.countyClerk, written.file.id);
        const it = body[Symbol.asyncIterator]();
        await it.next();
        await it.next();
        await it.return?.();
        body.destroy();
      }
      const again = sink();
      const second = await writePaymentFile(ctx, c.countyClerk, roster.id, again.out);
      expect(again.text()).toBe(whole.text());
      expect(second.matches).toBe(true);
      for (const l of lines) expect(whole.text()).toContain(`,${(l.amountFen / 100).toFixed(2)},`);
    });
  },
  { lines: [disabilityLine] },
);
