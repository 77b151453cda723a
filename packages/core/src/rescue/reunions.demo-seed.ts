/**
 * Demo data of the family concern (寻亲与团聚): the demo's 亲属接领 departures are recorded as handed-over
 * reunions (channels spread over DNA, face, notice, data comparison, other) so that the 团聚 ledger and its
 * statistics show figures, and two open unidentified cases get a reunion waiting for the family contact.
 * Idempotent: it runs only while the table is empty. Synthetic data only.
 */
import { newId } from '@social-affairs/kernel';
import type { CoreContext } from '../context';
import {
  countReunions,
  familyCollectionsWithoutReunion,
  insertReunion,
  openUnidentifiedWithoutReunion,
} from './reunions.repository';

const DEMO_CHANNELS = ['notice', 'dna', 'data', 'face', 'notice', 'data', 'other', 'dna'] as const;

export async function seedReunionsDemo(ctx: CoreContext): Promise<void> {
  const db = ctx.db.kysely;
  if ((await countReunions(db)) > 0) return;
  const now = ctx.clock.now().toISOString();
  const base = {
    candidateId: null,
    sourceLine: null,
    sourceId: null,
    sourceKind: null,
    contactNote: null,
    evidenceAttachmentId: null,
    confirmedResidentIdMasked: null,
    confirmedPersonId: null,
    mergeId: null,
    cancelReason: null,
    cancelledBy: null,
    cancelledAt: null,
    note: '演示数据',
  };
  const collections = await familyCollectionsWithoutReunion(db, 200);
  let i = 0;
  for (const d of collections) {
    const channel = DEMO_CHANNELS[i++ % DEMO_CHANNELS.length]!;
    const at = d.recordedAt;
    await insertReunion(db, {
      ...base,
      id: newId(),
      caseId: d.caseId,
      stationId: d.stationId,
      divisionCode: d.divisionCode,
      channel,
      sourceReference:
        channel === 'dna' ? '公安机关DNA比中通知' : channel === 'notice' ? '寻亲公告回复电话' : null,
      startedHow: 'hand',
      status: 'handed_over',
      familyName: d.collectorName,
      familyRelation: d.collectorRelation,
      familyPhone: d.collectorPhone,
      contactedAt: at,
      kinName: d.collectorName,
      kinRelation: d.collectorRelation,
      kinResidentIdMasked: d.collectorResidentIdMasked,
      kinResidentIdHmac: d.collectorResidentIdHmac,
      confirmedName: null,
      checkedBy: d.recordedBy,
      checkedAt: at,
      departureId: d.departureId,
      handedOverOn: d.departedOn,
      handedOverBy: d.recordedBy,
      handedOverAt: at,
      startedBy: d.recordedBy,
      startedAt: at,
      updatedAt: at,
      version: 4,
    });
  }
  const open = await openUnidentifiedWithoutReunion(db, 2);
  for (const [k, c] of open.entries()) {
    await insertReunion(db, {
      ...base,
      id: newId(),
      caseId: c.id,
      stationId: c.stationId,
      divisionCode: c.divisionCode,
      channel: k === 0 ? 'notice' : 'dna',
      sourceReference: k === 0 ? '寻亲公告回复电话' : '公安机关DNA比中通知',
      startedHow: 'hand',
      status: 'contacting',
      familyName: null,
      familyRelation: null,
      familyPhone: null,
      contactedAt: null,
      kinName: null,
      kinRelation: null,
      kinResidentIdMasked: null,
      kinResidentIdHmac: null,
      confirmedName: null,
      checkedBy: null,
      checkedAt: null,
      departureId: null,
      handedOverOn: null,
      handedOverBy: null,
      handedOverAt: null,
      startedBy: 'system',
      startedAt: now,
      updatedAt: now,
      version: 1,
    });
  }
}
