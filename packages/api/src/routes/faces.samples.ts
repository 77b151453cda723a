/**
 * Out-of-scope samples for the face routes (tests only): a photo on a person of 芙蓉区 (430102). The
 * access test asks for it from another county (404); the read-audit test reads it in scope.
 */
import { storeAttachment, systemActor, type CoreContext } from '@social-affairs/core';
import type { RouteSamples } from '../server-line';
import { aPngFile, useTestAttachmentsDir } from './attachments.samples';

export async function faceSamples(core: CoreContext, personId: string): Promise<RouteSamples> {
  useTestAttachmentsDir(core);
  const { attachment } = await storeAttachment(core, systemActor('test', '430000'), {
    ownerType: 'person',
    ownerId: personId,
    kind: 'photo',
    fileName: '人脸样例.png',
    content: aPngFile(21),
  });
  const params = { id: attachment.id };
  return {
    'GET /api/faces/attachments/:id': { params },
    'POST /api/faces/attachments/:id/embed': { params, body: {} },
    'POST /api/faces/search': { params: {}, body: { attachmentId: attachment.id, k: 5 } },
  };
}
