/**
 * Test fixtures of the stay concern: a partner institution (foster) or partner hospital with an active
 * agreement with a station, written directly (the stations concern's services are not needed).
 */
import { newId } from '@social-affairs/kernel';
import type { CoreContext } from '../context';
import type { RescueStationFixture } from './rescue.fixtures';
import type { RescuePartnerKind, RescuePartnerQualification } from './rescue.table';

let partnerCounter = 0;

export async function aPartnerWithAgreement(
  ctx: CoreContext,
  station: RescueStationFixture,
  opts: {
    kind?: RescuePartnerKind;
    qualification?: RescuePartnerQualification;
    places?: number;
    validFrom?: string;
    validUntil?: string;
    name?: string;
  } = {},
): Promise<{ partnerId: string; agreementId: string; agreementNo: string; name: string }> {
  const n = ++partnerCounter;
  const now = ctx.clock.now().toISOString();
  const partnerId = newId();
  const kind = opts.kind ?? 'foster';
  const name = opts.name ?? (kind === 'hospital' ? `测试合作医院${n}` : `测试托养机构${n}`);
  await ctx.db.kysely
    .insertInto('rescuePartners')
    .values({
      id: partnerId,
      kind,
      name,
      divisionCode: station.divisionCode,
      ownership: 'public',
      qualification: opts.qualification ?? 'qualified',
      qualificationNote: null,
      capacity: 50,
      address: '测试路2号',
      contactName: '王主任',
      contactPhone: '0731-88888888',
      status: 'active',
      createdAt: now,
      updatedAt: now,
      version: 1,
    })
    .execute();
  const agreementId = newId();
  const agreementNo = `托协-${n}-${agreementId.slice(0, 6)}`;
  await ctx.db.kysely
    .insertInto('rescueAgreements')
    .values({
      id: agreementId,
      agreementNo,
      stationId: station.id,
      partnerId,
      divisionCode: station.divisionCode,
      validFrom: opts.validFrom ?? '2020-01-01',
      validUntil: opts.validUntil ?? '2030-12-31',
      places: opts.places ?? 10,
      status: 'active',
      terminatedOn: null,
      terminatedReason: null,
      createdBy: 'test',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return { partnerId, agreementId, agreementNo, name };
}

/** A `visit_evidence` attachment of a case, written directly (its bytes are not needed by the stay rules). */
export async function aVisitPhoto(
  ctx: CoreContext,
  caseId: string,
  kind = 'visit_evidence',
): Promise<string> {
  const c = await ctx.db.kysely
    .selectFrom('rescueCases')
    .selectAll()
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const id = newId();
  await ctx.db.kysely
    .insertInto('attachments')
    .values({
      id,
      contentHash: '0'.repeat(64),
      sizeBytes: 10,
      mediaType: 'image/jpeg',
      fileName: '探访照片.jpg',
      divisionCode: c.divisionCode,
      ownerType: 'rescue_case',
      ownerId: c.id,
      subjectPersonId: c.personId,
      kind,
      uploadedBy: 'test',
      uploadedAt: ctx.clock.now().toISOString(),
      status: 'active',
      removedBy: null,
      removedAt: null,
      removeReason: null,
    })
    .execute();
  return id;
}
