/**
 * The application's attachment owner type: the materials of a two-subsidy application (certificate, id,
 * hukou booklet, 低保 proof, agent's authorisation…). Scoped like the application: the receiving window's
 * township while the application waits there (status `received`), then its hukou division.
 */
import type { AttachmentOwnerType } from '../attachments/index';
import { findApplication } from './disability.repository';

export const DISABILITY_APPLICATION_ATTACHMENT_KINDS = {
  application_form: '申请审批表',
  certificate_copy: '残疾人证',
  id_copy: '身份证件',
  hukou_booklet: '户口簿',
  dibao_proof: '低保证明',
  authorisation: '委托书或监护证明',
  bank_card: '社保卡或银行卡',
  other: '其他材料',
} as const;

export const disabilityApplicationAttachmentOwner: AttachmentOwnerType = {
  type: 'disability_application',
  label: '两项补贴申请',
  readPermission: 'disability:read',
  writePermission: 'disability:write',
  kinds: DISABILITY_APPLICATION_ATTACHMENT_KINDS,
  async resolve(ctx, ownerId) {
    const a = await findApplication(ctx.db.kysely, ownerId);
    if (!a) return null;
    const division =
      a.status === 'received' && a.receivedDivisionCode ? a.receivedDivisionCode : a.divisionCode;
    return { divisionCode: division, subjectPersonId: a.personId };
  },
  async recordLabels(ctx, ownerIds) {
    const labels = new Map<string, string>();
    for (const id of ownerIds) {
      const a = await findApplication(ctx.db.kysely, id);
      if (a) labels.set(id, `两项补贴申请 ${a.applicationNo}`);
    }
    return labels;
  },
};
