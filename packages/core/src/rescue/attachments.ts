/**
 * The rescue case's attachment owner type: the photo and fingerprint scan taken at intake (R-RES-03), the
 * police handover form (交接表, R-RES-06), copies of identity documents in voluntary safekeeping
 * (R-RES-08), the collector's id copy (R-RES-07), signed declarations and receipts, evidence of the
 * prescribed actions (R-RES-10) and of supervision visits (R-RES-13). Scoped like the case: its station's
 * division and the station as institution.
 */
import type { AttachmentOwnerType } from '../attachments/index';
import { caseLabelsByIds } from './attachments.repository';
import { findRescueCase } from './cases.repository';

export const RESCUE_CASE_ATTACHMENT_KINDS = {
  photo: '正面照片',
  fingerprint: '指纹采集扫描件',
  feature_photo: '体貌特征照片',
  police_handover: '公安交接表',
  identity_document_copy: '身份证件复印件（自愿保管）',
  collector_id_copy: '领人者身份证件复印件',
  signed_declaration: '签字声明书',
  signed_receipt: '签字收据',
  action_evidence: '规定动作佐证材料',
  visit_evidence: '探访照片',
  dna_record: 'DNA采集记录',
  face_record: '人像比对记录',
  medical_record: '医疗记录',
  other: '其他材料',
} as const;

export const rescueCaseAttachmentOwner: AttachmentOwnerType = {
  type: 'rescue_case',
  label: '救助案件',
  readPermission: 'rescue:read',
  writePermission: 'rescue:write',
  kinds: RESCUE_CASE_ATTACHMENT_KINDS,
  async resolve(ctx, ownerId) {
    const c = await findRescueCase(ctx.db.kysely, ownerId);
    return c
      ? { divisionCode: c.divisionCode, institutionId: c.stationId, subjectPersonId: c.personId }
      : null;
  },
  // 「救助案件 <case number> <name given, or 无名>」 beside a face-search hit.
  async recordLabels(ctx, ownerIds) {
    const rows = await caseLabelsByIds(ctx.db.kysely, ownerIds);
    return new Map(rows.map((r) => [r.id, `救助案件 ${r.caseNo} ${r.nameGiven?.trim() || '（无名）'}`]));
  },
};
