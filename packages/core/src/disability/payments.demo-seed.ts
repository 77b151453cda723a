/**
 * Demo data of the payments concern: a payment account for most of the demo county's recipients (every
 * eighth left without one so that the hold-back and the township's to-do show). Idempotent: only
 * recipients without any account row get one. Runs after the certificates, applications and review parts.
 */
import { newId } from '@social-affairs/kernel';
import type { CoreContext } from '../context';
import { insertAccounts, recipientsWithoutAccount, type PaymentAccountRow } from './payments.repository';

export async function seedPaymentsDemo(ctx: CoreContext): Promise<void> {
  const db = ctx.db.kysely;
  const recipients = await recipientsWithoutAccount(db, '430181', 300);
  const at = ctx.clock.now().toISOString();
  const rows: PaymentAccountRow[] = recipients
    .filter((_r, i) => i % 8 !== 7)
    .map((r, i) => ({
      id: newId(),
      personId: r.personId,
      divisionCode: r.divisionCode,
      kind: i % 3 === 0 ? 'bank_account' : 'social_security_card',
      bankName: i % 3 === 0 ? '长沙农村商业银行浏阳支行' : '湖南省农村信用社（社保卡）',
      accountNumber: `6217${String(4301810000000 + i * 7919).padStart(13, '0')}`.slice(0, 19),
      holderName: r.name,
      agentName: null,
      agentRelation: null,
      agentIdMasked: null,
      reason: '首次登记',
      validFrom: at,
      validTo: null,
      createdBy: 'demo',
      endedBy: null,
    }));
  await insertAccounts(db, rows);
}
