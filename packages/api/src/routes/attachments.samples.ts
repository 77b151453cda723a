/** Out-of-scope samples for the attachment routes (tests only): an attachment on a person of 芙蓉区 (430102). */
import { storeAttachment, systemActor, type CoreContext } from '@social-affairs/core';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteSamples } from '../server-line';

/** A small valid-signature PNG (the store checks only the first bytes). */
export function aPngFile(seed = 1, size = 80): Buffer {
  const b = Buffer.alloc(size, seed);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
}

/**
 * Points a test context's attachment store at a folder under the system's temporary folder when it has
 * none (test contexts are built without one; the default `./data/attachments` is for the server).
 */
export function useTestAttachmentsDir(core: CoreContext, dir?: string): string {
  if (!core.config.attachmentsDir || dir) {
    const target = dir ?? join(tmpdir(), `sap-test-attachments-${process.pid}`);
    mkdirSync(target, { recursive: true });
    core.config.attachmentsDir = target;
  }
  return core.config.attachmentsDir;
}

export async function attachmentSamples(core: CoreContext, personId: string): Promise<RouteSamples> {
  useTestAttachmentsDir(core);
  const { attachment } = await storeAttachment(core, systemActor('test', '430000'), {
    ownerType: 'person',
    ownerId: personId,
    kind: 'photo',
    fileName: '样例照片.png',
    content: aPngFile(),
  });
  const params = { id: attachment.id };
  return {
    // Uploading onto a person of 芙蓉区 names the record in the query (issue 11).
    'POST /api/attachments': {
      params: {},
      query: { ownerType: 'person', ownerId: personId, kind: 'photo', fileName: '越权上传.png' },
      headers: { 'content-type': 'application/octet-stream' },
      role: 'registrar', // holds people:write, the person owner type's write permission
      body: aPngFile(9),
    },
    'GET /api/attachments/:id': { params },
    'GET /api/attachments/:id/content': { params },
    'POST /api/attachments/:id/remove': { params, body: { reason: '上传错误' } },
  };
}
