/** Out-of-scope access samples for the payments routes (records of 芙蓉区 430102; see disability.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { systemActor } from '@social-affairs/core';
import { issuePaymentFile, scanOverpayments, stopEntitlement } from '@social-affairs/core/disability';
import {
  aDisabledPerson,
  aPaymentAccount,
  aRoster,
  anEntitlement,
} from '@social-affairs/core/disability/testing';
import type { RouteSamples } from '../../server-line';
import type { DisabilitySampleBase } from './disability.samples';

export async function paymentsSamples(core: CoreContext, base: DisabilitySampleBase): Promise<RouteSamples> {
  const system = systemActor('test', '430102');
  const p = await aDisabledPerson(core, { county: '430102' });
  const ent = await anEntitlement(core, p, { divisionCode: '430102001', fromMonth: '2025-01' });
  await aPaymentAccount(core, p.personId, { divisionCode: '430102001', accountNumber: '6217000000000102' });
  const line = { entitlementId: ent.id, personId: p.personId, amountFen: 10_000, divisionCode: '430102001' };
  const issued = await aRoster(core, { county: '430102', month: '2025-05', lines: [line] });
  const file = await issuePaymentFile(core, system, issued.id);
  const signed = await aRoster(core, { county: '430102', month: '2025-06', lines: [line] });
  // A late death: May and April paid, the entitlement stopped from March → a recovery.
  await aRoster(core, {
    county: '430102',
    month: '2025-04',
    status: 'closed',
    lines: [{ ...line, paymentStatus: 'paid' }],
  });
  const row = await core.db.kysely
    .selectFrom('disabilityEntitlements')
    .selectAll()
    .where('id', '=', ent.id)
    .executeTakeFirstOrThrow();
  await core.db.kysely
    .transaction()
    .execute((trx) =>
      stopEntitlement(
        trx,
        system,
        row,
        { reason: 'death', eventDate: '2025-03-10', source: 'death', sourceId: null },
        core.clock.now().toISOString(),
      ),
    );
  await scanOverpayments(core, system);
  const recovery = await core.db.kysely
    .selectFrom('disabilityOverpaymentRecoveries')
    .select('id')
    .where('entitlementId', '=', ent.id)
    .executeTakeFirstOrThrow();
  const id = (v: string) => ({ params: { id: v } });
  return {
    'GET /api/disability/payments/accounts/:id': id(p.personId),
    'POST /api/disability/payments/accounts/:id': {
      ...id(p.personId),
      body: {
        kind: 'bank_account',
        bankName: '测试银行',
        accountNumber: '6228480000000102',
        holderName: '测试',
        reason: '换卡',
      },
    },
    'POST /api/disability/payments/rosters/:id/file': { ...id(signed.id), body: {} },
    'GET /api/disability/payments/files/:id/download': id(file.id),
    'POST /api/disability/payments/files/:id/return': {
      ...id(file.id),
      body: { content: '业务流水号,处理结果,失败原因\n' },
    },
    'GET /api/disability/payments/recoveries/:id': id(recovery.id),
    'POST /api/disability/payments/recoveries/:id/resolve': {
      ...id(recovery.id),
      body: { status: 'written_off', resolution: '测试' },
    },
    'GET /api/disability/payments/applications/:id': id(base.applicationId),
  };
}
