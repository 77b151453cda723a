/**
 * Test fixtures of the custody concern (`@social-affairs/core/funeral/testing`): a valid collection order
 * body, and an attachment of a case written directly (photo, DNA or fingerprint record, document scan).
 */
import { composeResidentId, newId, parsePlainDate } from '@social-affairs/kernel';
import type { createFuneralCaseBody } from '@social-affairs/kernel/contracts/funeral';
import type { z } from 'zod';
import type { CoreContext } from '../context';

let seq = 0;

/** A synthetic resident id with a valid checksum (芙蓉区 by default). */
export function aDecedentResidentId(
  birth = '1940-03-03',
  county = '430102',
  sex: 'male' | 'female' = 'male',
): string {
  const n = ((seq++ % 400) * 2 + (sex === 'male' ? 1 : 0) + 100) % 1000;
  return composeResidentId(county, parsePlainDate(birth), n);
}

/** A valid collection order (接运单) at `facilityId`: an identified decedent who died in 芙蓉区 hospital. */
export function aCollectionOrder(
  facilityId: string,
  overrides: Partial<z.input<typeof createFuneralCaseBody>> = {},
): z.input<typeof createFuneralCaseBody> {
  return {
    facilityId,
    residentId: aDecedentResidentId(),
    nameGiven: '刘德顺',
    sex: 'male',
    deathDate: '2026-12-04',
    deathPlace: '湖南省人民医院',
    deathDivisionCode: '430102',
    deathManner: 'natural',
    hospitalDeath: true,
    unclaimed: false,
    disposition: 'cremation',
    agent: { name: '刘小红', phone: '13900001111', relation: '女儿' },
    carrier: 'funeral_home_vehicle',
    pickupAddress: '湖南省人民医院太平间',
    deathProof: { number: 'SW-2026-001', issuer: '湖南省人民医院', issuedOn: '2026-12-04' },
    ...overrides,
  };
}

/** An active attachment of `kind` on a funeral case, written directly (no content store). */
export async function aFuneralCaseAttachment(
  ctx: CoreContext,
  caseId: string,
  kind: string,
): Promise<string> {
  const c = await ctx.db.kysely
    .selectFrom('funeralCases')
    .select(['id', 'divisionCode', 'personId'])
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
      fileName: `${kind}.jpg`,
      divisionCode: c.divisionCode,
      ownerType: 'funeral_case',
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
