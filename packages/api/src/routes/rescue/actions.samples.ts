/** Out-of-scope access samples for the actions routes (records of 芙蓉区 430102; see rescue.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { storeAttachment } from '@social-affairs/core/attachments';
import { issueSearchNotice, logRescueAction } from '@social-affairs/core/rescue';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

/** PNG signature and some bytes: enough for the attachment store's type detection. */
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
    ...Array.from({ length: 56 }, (_, i) => i),
  ]);

export async function actionsSamples(core: CoreContext, base: RescueSampleBase): Promise<RouteSamples> {
  const staff = base.station.staff;
  const onCase = { params: { id: base.caseId } };
  // Records of the in-scope case the write's body names: an evidence attachment, a notice, an entry.
  const evidence = await storeAttachment(core, staff, {
    ownerType: 'rescue_case',
    ownerId: base.caseId,
    kind: 'face_record',
    content: samplePng(),
  });
  const notice = await issueSearchNotice(core, staff, base.caseId);
  const entry = await logRescueAction(core, staff, base.caseId, {
    step: 'face_comparison',
    evidenceText: '人像比对无结果',
  });
  return {
    'GET /api/rescue/board': { params: {}, query: { stationId: base.station.id } },
    'GET /api/rescue/cases/:id/actions': onCase,
    'POST /api/rescue/cases/:id/actions': {
      ...onCase,
      body: {
        step: 'face_comparison',
        evidenceText: '补充比对结果',
        attachmentIds: [evidence.attachment.id],
        searchNoticeId: notice.id,
        supersedesId: entry.id,
        correctionReason: '补充比对截图',
      },
    },
    'POST /api/rescue/cases/:id/search-notices': onCase,
    // A read only (404 RESCUE_SEARCH_NOTICE_NOT_ISSUED before a notice is issued): names the issued one.
    'GET /api/rescue/cases/:id/search-notice.pdf': { ...onCase, query: { noticeId: notice.id } },
  };
}
