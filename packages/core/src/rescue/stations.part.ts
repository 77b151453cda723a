/** The stations concern of the rescue line (救助管理站、托养机构与合作医院、检查): what it adds to the manifest (line-part.ts). */
import type { AttachmentOwnerType } from '../attachments/index';
import { inspectionsDueTodo } from './inspections.service';
import type { RescuePart } from './line-part';
import * as m0020 from './migrations/0020-rescue-inspections';
import { findPartner } from './partners.repository';
import { seedStationsDemo } from './stations.seed';

export const RESCUE_PARTNER_ATTACHMENT_KINDS = {
  inspection_evidence: '检查佐证材料',
  agreement_scan: '托养协议扫描件',
  qualification_document: '资质证明材料',
  other: '其他材料',
} as const;

/**
 * Attachments of a partner institution: inspection evidence (R-RES-13), the scanned agreement and
 * qualification papers. Scoped by the partner's division; uploaded by those who manage partners.
 */
export const rescuePartnerAttachmentOwner: AttachmentOwnerType = {
  type: 'rescue_partner',
  label: '托养机构或合作医院',
  readPermission: 'rescue:read',
  writePermission: 'rescue:manage',
  kinds: RESCUE_PARTNER_ATTACHMENT_KINDS,
  async resolve(ctx, ownerId) {
    const p = await findPartner(ctx.db.kysely, ownerId);
    return p ? { divisionCode: p.divisionCode } : null;
  },
};

export const stationsPart: RescuePart = {
  migrations: { '0020-rescue-inspections': m0020 },
  todos: [{ name: 'rescue.inspections-due', permission: 'rescue:manage', load: inspectionsDueTodo }],
  attachmentOwners: [rescuePartnerAttachmentOwner],
  auditActions: {
    'rescue.station.create': '新增救助管理站',
    'rescue.station.update': '修改救助管理站信息',
    'rescue.dormitory.create': '新增救助站宿舍',
    'rescue.dormitory.update': '修改救助站宿舍',
    'rescue.dormitory.close': '停用救助站宿舍',
    'rescue.partner.create': '新增托养机构或合作医院',
    'rescue.partner.update': '修改托养机构或合作医院信息',
    'rescue.partner.qualification': '变更托养机构或合作医院资质状态',
    'rescue.agreement.create': '登记托养协议',
    'rescue.agreement.terminate': '终止托养协议',
    'rescue.inspection.record': '登记托养机构或合作医院检查结果',
  },
  auditTargets: {
    rescue_partner: { label: '托养机构或合作医院' },
    rescue_agreement: { label: '托养协议' },
  },
  seedDemo: seedStationsDemo,
};
