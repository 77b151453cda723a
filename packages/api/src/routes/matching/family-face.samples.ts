/**
 * Out-of-scope sample for the face proposal route (tests only): two photos on a person of 芙蓉区 (430102).
 * The outsider (浏阳市) holding matching:family-review gets 404 before anything else is checked.
 */
import { storeAttachment, systemActor, type CoreContext } from '@social-affairs/core';
import type { RouteSamples } from '../../server-line';
import { aPngFile, useTestAttachmentsDir } from '../attachments.samples';

export async function familyFaceSamples(core: CoreContext, personId: string): Promise<RouteSamples> {
  useTestAttachmentsDir(core);
  const photo = async (seed: number) =>
    (
      await storeAttachment(core, systemActor('test', '430000'), {
        ownerType: 'person',
        ownerId: personId,
        kind: 'photo',
        fileName: `人脸候选样例${seed}.png`,
        content: aPngFile(seed),
      })
    ).attachment.id;
  const attachmentId = await photo(31);
  const hitAttachmentId = await photo(32);
  return {
    'POST /api/matching/family-candidates/face': {
      params: {},
      body: { attachmentId, hitAttachmentId },
    },
    'POST /api/matching/family-candidates/face-search': {
      params: {},
      body: { attachmentId },
    },
  };
}
