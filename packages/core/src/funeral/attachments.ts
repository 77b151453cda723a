/**
 * The funeral case's attachment owner type: scans of the documents recorded on the case (death proof,
 * death certificate, cremation confirmation, forensic clearance, police confirmation, id checks, transport
 * papers), and for an unidentified body the photo and the DNA / fingerprint reference required before
 * cremation. Scoped like the case: its facility's division and the facility as institution.
 */
import type { AttachmentOwnerType } from '../attachments/index';
import { findFuneralCase, funeralCaseLabelsByIds } from './cases.repository';

export const FUNERAL_CASE_ATTACHMENT_KINDS = {
  death_proof: '死亡证明材料',
  death_certificate: '居民死亡医学证明',
  cremation_confirmation: '遗体火化确认书',
  forensic_clearance: '法医鉴定证明',
  police_confirmation: '公安机关确认书',
  id_copy_deceased: '逝者身份证件',
  id_copy_agent: '经办人身份证件',
  transport_document: '遗体外运证明材料',
  photo: '遗体照片',
  dna_record: 'DNA采样记录',
  fingerprint_record: '指纹采集记录',
  other: '其他材料',
} as const;

export const funeralCaseAttachmentOwner: AttachmentOwnerType = {
  type: 'funeral_case',
  label: '遗体档案',
  readPermission: 'funeral:read',
  writePermission: 'funeral:write',
  kinds: FUNERAL_CASE_ATTACHMENT_KINDS,
  async resolve(ctx, ownerId) {
    const c = await findFuneralCase(ctx.db.kysely, ownerId);
    return c
      ? { divisionCode: c.divisionCode, institutionId: c.facilityId, subjectPersonId: c.personId }
      : null;
  },
  async recordLabels(ctx, ownerIds) {
    const rows = await funeralCaseLabelsByIds(ctx.db.kysely, ownerIds);
    return new Map(rows.map((r) => [r.id, `遗体档案 ${r.caseNo} ${r.nameGiven?.trim() || '（无名）'}`]));
  },
};
