/**
 * Samples for the public family-search routes (ADR 0026). No public route names a record in its path or
 * body (the notice number and the receipt are the public keys), so the out-of-scope check has nothing to
 * try; the read-audit check reads the one 'record' route, the photo of a live notice, and expects its
 * audit row (an attachment read by the public portal).
 */
import type { CoreContext } from '@social-affairs/core';
import { storeAttachment } from '@social-affairs/core/attachments';
import { issueSearchNotice } from '@social-affairs/core/rescue';
import { aRescueCase } from '@social-affairs/core/rescue/testing';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

const samplePng = () =>
  Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...Array.from({ length: 40 }, (_, i) => i),
  ]);

export async function publicFamilySearchSamples(
  core: CoreContext,
  base: RescueSampleBase,
): Promise<RouteSamples> {
  const c = await aRescueCase(core, base.station, { estimatedAge: 30 });
  await storeAttachment(core, base.station.staff, {
    ownerType: 'rescue_case',
    ownerId: c.id,
    kind: 'photo',
    content: samplePng(),
  });
  const notice = await issueSearchNotice(core, base.station.staff, c.id);
  return {
    'GET /api/public/family-search/notice-photo': { params: {}, query: { number: notice.number } },
  };
}
