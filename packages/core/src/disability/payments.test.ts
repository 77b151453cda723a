import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, testContext } from '../testing/index';
import { findEntitlement } from './disability.repository';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  anEntitlement,
  type DisabilityCountyFixture,
} from './disability.fixtures';
import { stopEntitlement } from './entitlements';
import { disabilityLine } from './line';
import { aPaymentAccount, aRoster, sink } from './payments.fixtures';
import {
  accountLedger,
  importPaymentReturn,
  issuePaymentFile,
  paymentAccountsOf,
  paymentsOfApplication,
  paymentsTodos,
  recordPaymentAccount,
  recoveryLedger,
  requeueLedger,
  resolveRecovery,
  scanOverpayments,
  writePaymentFile,
} from './payments.service';

const code = (e: unknown): string | undefined => (isDomainError(e) ? e.code : String(e));
const fail = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => code(e),
  );

async function recipient(ctx: CoreContext, name: string, amountFen = 10_000) {
  const p = await aDisabledPerson(ctx, { name });
  const e = await anEntitlement(ctx, p, { fromMonth: '2026-01' });
  return { ...p, entitlementId: e.id, amountFen };
}

async function auditText(ctx: CoreContext): Promise<string> {
  return JSON.stringify(await ctx.db.kysely.selectFrom('auditLog').select(['action', 'details']).execute());
}

describeEachDatabase(
  'disability payments: accounts, payment file, return, re-queue, overpayment (issue 18 item 5)',
  (t) => {
    it('accounts: validated, a change ends the old row (history), reason required, masked, never in audit; scope', async () => {
      const clock = new ManualClock('2026-06-01T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const c: DisabilityCountyFixture = await aDisabilityCounty(ctx);
      const r = await recipient(ctx, '张伟');
      const good = {
        kind: 'social_security_card' as const,
        bankName: '湖南省农村信用社',
        accountNumber: '6217 0011 2233 4455 667',
        holderName: '张伟',
      };
      expect(
        await fail(
          recordPaymentAccount(ctx, c.townshipClerk, r.personId, { ...good, accountNumber: '6217A' }),
        ),
      ).toBe('DISABILITY_ACCOUNT_NUMBER');
      expect(
        await fail(
          recordPaymentAccount(ctx, c.townshipClerk, r.personId, {
            ...good,
            agent: { name: '张父', relation: '父亲', residentId: '430181199001011234' },
          }),
        ),
      ).toBe('DISABILITY_AGENT_ID');
      // Another township's clerk and the federation (no write) cannot.
      expect(await fail(recordPaymentAccount(ctx, c.otherTownshipClerk, r.personId, good))).toBe('NOT_FOUND');
      expect(await fail(recordPaymentAccount(ctx, c.federation, r.personId, good))).toBe('PERMISSION_DENIED');
      const first = await recordPaymentAccount(ctx, c.townshipClerk, r.personId, good);
      expect(first.accountNumberMasked).toBe('6217***********5667');
      expect(await fail(recordPaymentAccount(ctx, c.townshipClerk, r.personId, good))).toBe(
        'DISABILITY_ACCOUNT_UNCHANGED',
      );
      const changed = { ...good, kind: 'bank_account' as const, accountNumber: '6228480011112222333' };
      expect(await fail(recordPaymentAccount(ctx, c.townshipClerk, r.personId, changed))).toBe(
        'DISABILITY_ACCOUNT_CHANGE_REASON',
      );
      clock.advanceMinutes(60);
      await recordPaymentAccount(ctx, c.countyClerk, r.personId, { ...changed, reason: '原社保卡挂失换卡' });
      const seen = await paymentAccountsOf(ctx, c.townshipClerk, r.personId);
      expect(seen.history).toHaveLength(2);
      expect(seen.current?.accountNumberMasked).toBe('6228***********2333');
      expect(seen.history[1]!.validTo).toBe('2026-06-01T03:00:00.000Z');
      expect(seen.history[1]!.endedBy).toBe(c.countyClerk.username);
      expect(seen.current?.reason).toBe('原社保卡挂失换卡');
      expect(await fail(paymentAccountsOf(ctx, c.otherTownshipClerk, r.personId))).toBe('NOT_FOUND');
      const ledger = await accountLedger(ctx, c.countyClerk, {});
      expect(ledger.items.map((i) => [i.name, i.account?.accountNumberMasked, i.changes])).toEqual([
        ['张伟', '6228***********2333', 1],
      ]);
      const audits = await auditText(ctx);
      expect(audits).toContain('disability.account.change');
      expect(audits).not.toContain('62170011');
      expect(audits).not.toContain('6228480011112222333');
    });

    it('payment file: only a signed roster; held-back lines queued; both formats with totals; numbered; nothing masked in the file, nothing of it in the audit', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-06-05T02:00:00.000Z'));
      const c = await aDisabilityCounty(ctx);
      const a = await recipient(ctx, '王芳', 10_000);
      const b = await recipient(ctx, '李娜', 12_345);
      const none = await recipient(ctx, '刘洋', 10_000);
      await aPaymentAccount(ctx, a.personId, { accountNumber: '6217000011112222', holderName: '王芳' });
      await aPaymentAccount(ctx, b.personId, { accountNumber: '6217000033334444', holderName: '李娜' });
      const lines = [a, b, none].map((p) => ({
        entitlementId: p.entitlementId,
        personId: p.personId,
        amountFen: p.amountFen,
      }));
      const frozen = await aRoster(ctx, { month: '2026-05', status: 'frozen', lines });
      expect(await fail(issuePaymentFile(ctx, c.countyClerk, frozen.id))).toBe(
        'DISABILITY_ROSTER_NOT_SIGNED',
      );
      const roster = await aRoster(ctx, { month: '2026-06', lines });
      expect(await fail(issuePaymentFile(ctx, c.townshipClerk, roster.id))).toBe('NOT_FOUND');
      expect(await fail(issuePaymentFile(ctx, c.civilAffairs, roster.id))).toBe('PERMISSION_DENIED');
      const s = sink();
      const written = await writePaymentFile(ctx, c.countyClerk, roster.id, s.out);
      const text = s.text();
      expect(written.file.fileNo).toMatch(/^湘浏民残代字〔2026〕第000001号$/);
      expect(written.file).toMatchObject({
        ownLines: 2,
        ownFen: 22_345,
        heldBackLines: 1,
        heldBackFen: 10_000,
      });
      expect(text.startsWith('\uFEFF序号,业务流水号,收款账号,户名,金额,摘要\r\n')).toBe(true);
      expect(text).toContain(`,6217000011112222,王芳,100.00,2026-06护理补贴\r\n`);
      expect(text).toContain(`,6217000033334444,李娜,123.45,`);
      expect(text).not.toContain('刘洋');
      expect(text.trimEnd().split('\r\n').at(-1)).toBe('合计,2笔,,,223.45,');
      // Issued once: the roster moved on, a second issue is a 409, a second write gives the same bytes.
      expect(await fail(issuePaymentFile(ctx, c.countyClerk, roster.id))).toBe(
        'DISABILITY_ROSTER_NOT_SIGNED',
      );
      const again = sink();
      const second = await writePaymentFile(ctx, c.countyClerk, roster.id, again.out);
      expect(again.text()).toBe(text);
      expect(second.matches).toBe(true);
      const status = await ctx.db.kysely
        .selectFrom('disabilityRosterLines')
        .select(['personId', 'paymentStatus'])
        .where('rosterId', '=', roster.id)
        .execute();
      expect(status.find((l) => l.personId === none.personId)?.paymentStatus).toBe('pending');
      expect(status.filter((l) => l.paymentStatus === 'sent')).toHaveLength(2);
      const r = await ctx.db.kysely
        .selectFrom('disabilityRosterMonths')
        .select('status')
        .where('id', '=', roster.id)
        .executeTakeFirstOrThrow();
      expect(r.status).toBe('file_issued');
      const owed = await requeueLedger(ctx, c.townshipClerk, {});
      expect(owed.items.map((i) => [i.name, i.cause, i.amountFen, i.hasAccount])).toEqual([
        ['刘洋', 'held_back', 10_000, false],
      ]);
      expect((await paymentsTodos(ctx, c.townshipClerk)).map((x) => x.kind)).toEqual([
        'disability.payments-owed',
      ]);
      // The second format: pipe-delimited, fen, totals header, no titles.
      const other = await aDisabilityCounty(ctx, { county: '430182', township: '430182001' });
      const x = await aDisabledPerson(ctx, { county: '430182', name: '陈静' });
      const xe = await anEntitlement(ctx, x, { divisionCode: '430182001', fromMonth: '2026-01' });
      await aPaymentAccount(ctx, x.personId, { accountNumber: '6228000055556666', holderName: '陈静' });
      const r2 = await aRoster(ctx, {
        county: '430182',
        month: '2026-06',
        lines: [{ entitlementId: xe.id, personId: x.personId, amountFen: 9_800 }],
      });
      const f2 = await issuePaymentFile(ctx, other.countyClerk, r2.id, { format: 'bank_fixed_pipe' });
      const s2 = sink();
      await writePaymentFile(ctx, other.countyClerk, r2.id, s2.out);
      const [head, line] = s2.text().split('\n');
      expect(head).toBe(`H|${f2.fileNo}|430182|2026-06|1|9800`);
      expect(line).toMatch(/^[0-9a-z-]+\|社会保障卡\|6228000055556666\|陈静\|9800\|2026-06$/);
      const audits = await auditText(ctx);
      expect(audits).toContain('disability.payment-file.issue');
      expect(audits).not.toContain('6217000011112222');
      expect(audits).not.toContain('6228000055556666');
    });

    it('return file: must reconcile (else nothing changes); failures re-queued into the next file after the account is corrected; then paid', async () => {
      const clock = new ManualClock('2026-06-05T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const c = await aDisabilityCounty(ctx);
      const a = await recipient(ctx, '赵敏', 10_000);
      const b = await recipient(ctx, '黄勇', 10_000);
      const held = await recipient(ctx, '杨磊', 10_000);
      await aPaymentAccount(ctx, a.personId, { accountNumber: '6217000011110001', holderName: '赵敏' });
      await aPaymentAccount(ctx, b.personId, { accountNumber: '6217000011110002', holderName: '黄勇' });
      const line = (p: typeof a) => ({
        entitlementId: p.entitlementId,
        personId: p.personId,
        amountFen: p.amountFen,
      });
      const june = await aRoster(ctx, { month: '2026-06', lines: [line(a), line(b), line(held)] });
      const file = await issuePaymentFile(ctx, c.countyClerk, june.id);
      const [la, lb] = [june.lineIds[0]!, june.lineIds[1]!];
      const head = '业务流水号,收款账号,户名,金额,处理结果,失败原因\n';
      // A missing line and an unknown reference: refused, nothing changes.
      const bad = `${head}${la},6217000011110001,赵敏,100.00,成功,\nXYZ,1,x,1.00,成功,\n`;
      expect(await fail(importPaymentReturn(ctx, c.countyClerk, file.id, { content: bad }))).toBe(
        'DISABILITY_RETURN_MISMATCH',
      );
      expect(await fail(importPaymentReturn(ctx, c.townshipClerk, file.id, { content: bad }))).toBe(
        'NOT_FOUND',
      );
      const untouched = await ctx.db.kysely
        .selectFrom('disabilityRosterLines')
        .select('paymentStatus')
        .where('id', '=', la)
        .executeTakeFirstOrThrow();
      expect(untouched.paymentStatus).toBe('sent');
      // The bank's return (bytes): one paid, one failed (account closed).
      const ok = `${head}${la},6217000011110001,赵敏,100.00,成功,\n${lb},6217000011110002,黄勇,100.00,失败,账户已销户\n合计,,,200.00,,\n`;
      const gbk = new TextEncoder().encode(ok); // UTF-8 bytes are accepted as well
      const result = await importPaymentReturn(ctx, c.countyClerk, file.id, {
        content: gbk,
        fileName: '回盘.csv',
      });
      expect(result).toMatchObject({ paid: 1, paidFen: 10_000, failed: 1, failedFen: 10_000, requeued: 1 });
      expect(result.file.reconciled).toBe(true);
      expect(await fail(importPaymentReturn(ctx, c.countyClerk, file.id, { content: ok }))).toBe(
        'DISABILITY_RETURN_ALREADY_IMPORTED',
      );
      const owed = await requeueLedger(ctx, c.countyClerk, { sort: 'amountFen' });
      expect(owed.items.map((i) => [i.name, i.cause, i.failureCode]).sort()).toEqual([
        ['杨磊', 'held_back', null],
        ['黄勇', 'failed', 'account_closed'],
      ]);
      // The township corrects 黄勇's account and records 杨磊's; July's file carries both June credits.
      clock.advanceMinutes(60 * 24 * 20);
      await recordPaymentAccount(ctx, c.townshipClerk, b.personId, {
        kind: 'bank_account',
        bankName: '中国农业银行浏阳支行',
        accountNumber: '6228480099990002',
        holderName: '黄勇',
        reason: '原账户已销户，银行退回',
      });
      await recordPaymentAccount(ctx, c.townshipClerk, held.personId, {
        kind: 'social_security_card',
        bankName: '湖南省农村信用社',
        accountNumber: '6217000011110003',
        holderName: '杨磊',
        agent: { name: '杨父', relation: '父亲', residentId: held.residentId },
      });
      clock.advanceMinutes(60);
      const july = await aRoster(ctx, { month: '2026-07', lines: [line(a)] });
      const f2 = await issuePaymentFile(ctx, c.countyClerk, july.id);
      expect(f2).toMatchObject({ ownLines: 1, requeuedLines: 2, requeuedFen: 20_000, totalFen: 30_000 });
      const s = sink();
      await writePaymentFile(ctx, c.countyClerk, july.id, s.out);
      expect(s.text()).toContain('6228480099990002,黄勇,100.00,2026-06护理补贴（补发）');
      expect(s.text()).toContain('6217000011110003,杨磊,100.00,2026-06护理补贴（补发）');
      const julyRef = july.lineIds[0]!;
      const ret2 = `${head}${julyRef},,,100.00,成功,\n${lb},,,100.00,成功,\n${june.lineIds[2]},,,100.00,成功,\n`;
      const r2 = await importPaymentReturn(ctx, c.countyClerk, f2.id, { content: ret2 });
      expect(r2).toMatchObject({ paid: 3, paidFen: 30_000, failed: 0 });
      expect((await requeueLedger(ctx, c.countyClerk, {})).total).toBe(0);
      const statuses = await ctx.db.kysely
        .selectFrom('disabilityRosterLines')
        .select('paymentStatus')
        .where('rosterId', '=', june.id)
        .execute();
      expect(statuses.map((x) => x.paymentStatus).sort()).toEqual(['paid', 'paid', 'paid']);
      const closed = await ctx.db.kysely
        .selectFrom('disabilityRosterMonths')
        .select('status')
        .where('id', 'in', [june.id, july.id])
        .execute();
      expect(closed.map((x) => x.status)).toEqual(['closed', 'closed']);
      const app = await anApplication(ctx, b, { status: 'approved' });
      const tab = await paymentsOfApplication(ctx, c.townshipClerk, app.id);
      expect(tab.account?.accountNumberMasked).toBe('6228********0002');
      expect(tab.accountHistory).toHaveLength(2);
      expect(tab.paidFen).toBe(10_000);
    });

    it('overpayment: April–June paid, then a March death recorded late → 3 months recovered; resolved by civil affairs with a reason', async () => {
      const clock = new ManualClock('2026-07-10T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const c = await aDisabilityCounty(ctx);
      const p = await recipient(ctx, '周强', 11_000);
      const alive = await recipient(ctx, '吴丽', 11_000);
      for (const month of ['2026-03', '2026-04', '2026-05', '2026-06']) {
        await aRoster(ctx, {
          month,
          status: 'closed',
          lines: [p, alive].map((x) => ({
            entitlementId: x.entitlementId,
            personId: x.personId,
            amountFen: 11_000,
            paymentStatus: 'paid' as const,
          })),
        });
      }
      expect((await scanOverpayments(ctx, c.countyClerk)).opened).toBe(0);
      const ent = (await findEntitlement(ctx.db.kysely, p.entitlementId))!;
      await ctx.db.kysely
        .transaction()
        .execute((trx) =>
          stopEntitlement(
            trx,
            systemActor('test', '430181'),
            ent,
            { reason: 'death', eventDate: '2026-03-20', source: 'death', sourceId: null },
            clock.now().toISOString(),
          ),
        );
      expect(await fail(scanOverpayments(ctx, c.civilAffairs))).toBe('PERMISSION_DENIED');
      const scan = await scanOverpayments(ctx, c.countyClerk);
      expect(scan).toEqual({ opened: 1, amountFen: 33_000 });
      expect((await scanOverpayments(ctx, c.countyClerk)).opened).toBe(0);
      const list = await recoveryLedger(ctx, c.townshipClerk, { status: 'open' });
      expect(list.items).toHaveLength(1);
      const rec = list.items[0]!;
      expect(rec).toMatchObject({
        name: '周强',
        lastPayableMonth: '2026-03',
        firstMonth: '2026-04',
        lastMonth: '2026-06',
        months: 3,
        amountFen: 33_000,
        stopReason: 'death',
      });
      expect((await recoveryLedger(ctx, c.otherTownshipClerk, {})).total).toBe(0);
      expect(
        await fail(resolveRecovery(ctx, c.countyClerk, rec.id, { status: 'recovered', resolution: 'x' })),
      ).toBe('PERMISSION_DENIED');
      expect(
        await fail(resolveRecovery(ctx, c.civilAffairs, rec.id, { status: 'written_off', resolution: ' ' })),
      ).toBe('DISABILITY_RECOVERY_RESOLUTION');
      const done = await resolveRecovery(ctx, c.civilAffairs, rec.id, {
        status: 'recovered',
        resolution: '家属于2026-07-20退回330元，缴款凭证 J-001',
      });
      expect(done.status).toBe('recovered');
      expect(done.lines.map((l) => l.month)).toEqual(['2026-04', '2026-05', '2026-06']);
      expect(
        await fail(
          resolveRecovery(ctx, c.civilAffairs, rec.id, { status: 'written_off', resolution: '再核销' }),
        ),
      ).toBe('DISABILITY_RECOVERY_CLOSED');
    });
  },
  { lines: [disabilityLine] },
);
