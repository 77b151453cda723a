import { expect, it } from 'vitest';
import { findDocumentNumber } from '../numbering/index';
import { describeEachDatabase } from '../testing/each-database';
import type { ManualClock } from '../testing/factories';
import { applyForDivorce } from './divorce.service';
import { aCouple, aDivorceApplication, aMarriageDesk, beijingMorning } from './marriage.fixtures';
import { contextOn, rejects } from './marriage.test-support';
import { printDivorceDocument, printRefusalNotice } from './printing.service';
import { registerMarriage } from './registration.service';
import { marriageLine } from './line';

describeEachDatabase(
  'numbers on printed marriage notices and receipts',
  (t) => {
    it('numbers a refusal notice at its first print, per registry and year, the same on a reprint', async () => {
      const ctx = contextOn(t.db, '2025-05-09');
      const desk = await aMarriageDesk(ctx);
      const tooYoung = aCouple(desk.registry.id, { husbandBirth: '2003-05-10' });
      const err = await rejects(registerMarriage(ctx, desk.registrar, tooYoung), 'MARRIAGE_REFUSED');
      const refusalId = (err.details as { refusalId: string }).refusalId;
      expect(await findDocumentNumber(ctx, 'marriage_refusal', refusalId, 'refusal-notice')).toBeUndefined();
      await printRefusalNotice(ctx, desk.registrar, refusalId);
      const first = await findDocumentNumber(ctx, 'marriage_refusal', refusalId, 'refusal-notice');
      expect(first?.number).toMatch(/^湘.民婚告字〔2025〕第000001号$/);
      await printRefusalNotice(ctx, desk.registrar, refusalId);
      const rows = await t.db.kysely.selectFrom('documentNumbers').selectAll().execute();
      expect(rows.map((r) => r.number)).toEqual([first?.number]);
    });

    it('numbers the divorce receipt and the withdrawal confirmation in their own series', async () => {
      const ctx = contextOn(t.db, '2025-06-02');
      const clock = ctx.clock as ManualClock;
      const desk = await aMarriageDesk(ctx);
      const m1 = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      clock.set(beijingMorning('2025-06-16'));
      const d1 = await applyForDivorce(ctx, desk.registrar, aDivorceApplication(m1.id, desk.registry.id));
      await printDivorceDocument(ctx, desk.registrar, d1.id, 'receipt');
      await printDivorceDocument(ctx, desk.registrar, d1.id, 'receipt');
      const receipt = await findDocumentNumber(ctx, 'divorce_application', d1.id, 'divorce-receipt');
      expect(receipt?.number).toMatch(/^湘.民婚受字〔2025〕第000001号$/);
      await rejects(printDivorceDocument(ctx, desk.registrar, d1.id, 'withdrawal'), 'DIVORCE_NOT_WITHDRAWN');
      expect(
        await findDocumentNumber(ctx, 'divorce_application', d1.id, 'divorce-withdrawal'),
      ).toBeUndefined();
      const count = await t.db.kysely.selectFrom('documentNumbers').select('number').execute();
      expect(count).toHaveLength(1);
    });
  },
  { lines: [marriageLine] },
);
