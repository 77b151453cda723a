import { AttachmentsPanel } from '../../app/attachments';

/** 照片指纹: the photo, fingerprint scan, feature photos and police handover of a case (R-RES-03, R-RES-06). */
export function IntakePhotos({ caseId, readOnly }: { caseId: string; readOnly?: boolean }) {
  return (
    <AttachmentsPanel
      ownerType="rescue_case"
      ownerId={caseId}
      kinds={['photo', 'fingerprint', 'feature_photo', 'police_handover', 'identity_document_copy']}
      title="照片、指纹与交接表"
      viewReason="救助案件照片指纹"
      {...(readOnly ? { readOnly } : {})}
    />
  );
}
