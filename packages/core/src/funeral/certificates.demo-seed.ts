/**
 * Demo data of the certificates concern, after the custody seed: at the Changsha demo funeral home, a
 * cremation certificate for each cremated body (one collected by the agent, one also registered at the
 * police station, one re-issued after it was lost), and a 遗体外运 request for a body in storage waiting for
 * the death-place approval. Synthetic names and ids. Idempotent: skipped once the home has a certificate.
 */
import { composeResidentId, parsePlainDate, todayPlainDate } from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { anyCertificateAt, casesOfFacilityAtSteps } from './certificates.repository';
import {
  collectCertificate,
  issueCertificate,
  registerCertificate,
  reissueCertificate,
} from './certificates.service';
import { DEMO_FACILITIES, findDemoFacility } from './facilities.demo-seed';
import { requestTransport } from './transport.service';

export async function seedCertificatesDemo(ctx: CoreContext): Promise<void> {
  const home = await findDemoFacility(ctx, DEMO_FACILITIES.changshaHome);
  if (!home || (await anyCertificateAt(ctx.db.kysely, home.id))) return;
  const actor = systemActor('seed', '430000');
  const db = ctx.db.kysely;
  const cremated = (
    await casesOfFacilityAtSteps(db, home.id, ['cremated', 'ashes_released', 'ashes_stored'])
  ).filter((c) => c.disposition === 'cremation');
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const collectorId = composeResidentId('430102', parsePlainDate('1972-05-06'), 115);
  for (const [i, c] of cremated.entries()) {
    let cert = await issueCertificate(ctx, actor, c.id, {});
    if (i === 0) continue; // issued, waiting for the family
    cert = await collectCertificate(ctx, actor, cert.id, {
      collectorName: c.agentName ?? '刘晓华',
      collectorRelation: c.agentRelation ?? '经办人',
      collectorResidentId: collectorId,
    });
    if (i === 1) {
      await registerCertificate(ctx, actor, cert.id, {
        office: '长沙市公安局芙蓉分局定王台派出所',
        registeredOn: cert.issuedOn > today ? cert.issuedOn : today,
      });
    }
    if (i === 2) await reissueCertificate(ctx, actor, cert.id, { reason: 'lost', note: '家属称证明遗失' });
  }
  const stored = (await casesOfFacilityAtSteps(db, home.id, ['in_storage'])).find(
    (c) => c.identityStatus === 'identified',
  );
  if (stored) {
    await requestTransport(ctx, actor, stored.id, {
      destinationDivisionCode: '430421',
      destinationAddress: '衡阳县西渡镇梅花村',
      reason: '家属要求运回户籍地安葬',
      carrier: '长沙市殡仪馆遗体接运车',
      homeCountyCertificate: {
        number: '衡县民殡证〔2026〕18号',
        issuer: '衡阳县民政局',
        issuedOn: today,
      },
    });
  }
}
