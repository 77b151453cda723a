/** The facilities concern of the funeral line: what it adds to the manifest (line-part.ts). */
import type { AttachmentOwnerType } from '../attachments/index';
import { subscriber } from '../line';
import { findFuneralFacility } from './cases.repository';
import { seedFacilitiesDemo } from './facilities.demo-seed';
import { facilityIdsOfApplications, facilityIdsOfInspections } from './facilities.repository';
import {
  FACILITY_APPLICATION_OWNER,
  FACILITY_INSPECTION_OWNER,
  inspectionsDueTodo,
  onFacilityApprovalDecided,
} from './facilities.service';
import type { FuneralPart } from './line-part';
import * as m0032 from './migrations/0032-funeral-facilities';

export const FUNERAL_FACILITY_ATTACHMENT_KINDS = {
  inspection_evidence: '年检佐证材料',
  filing_document: '备案材料',
  permit_document: '建设许可及变更材料',
  other: '其他材料',
} as const;

/** Attachments of a facility: inspection evidence, filing and permit papers; scoped like the facility. */
export const funeralFacilityAttachmentOwner: AttachmentOwnerType = {
  type: 'funeral_facility',
  label: '殡葬设施',
  readPermission: 'funeral:read',
  writePermission: 'funeral:manage',
  kinds: FUNERAL_FACILITY_ATTACHMENT_KINDS,
  async resolve(ctx, ownerId) {
    const f = await findFuneralFacility(ctx.db.kysely, ownerId);
    return f ? { divisionCode: f.divisionCode, institutionId: f.id } : null;
  },
  async recordLabels(ctx, ownerIds) {
    const out = new Map<string, string>();
    for (const id of ownerIds) {
      const f = await findFuneralFacility(ctx.db.kysely, id);
      if (f) out.set(id, `殡葬设施 ${f.name}`);
    }
    return out;
  },
};

const facilityPage = (facilityId: string) => `/funeral/facilities?id=${encodeURIComponent(facilityId)}`;

export const facilitiesPart: FuneralPart = {
  migrations: { '0032-funeral-facilities': m0032 },
  subscribers: [
    subscriber({
      name: 'funeral.facility-approval-completed',
      event: 'approval.completed',
      handle: onFacilityApprovalDecided,
    }),
    subscriber({
      name: 'funeral.facility-approval-rejected',
      event: 'approval.rejected',
      handle: onFacilityApprovalDecided,
    }),
  ],
  todos: [{ name: 'funeral.inspections-due', permission: 'funeral:manage', load: inspectionsDueTodo }],
  attachmentOwners: [funeralFacilityAttachmentOwner],
  auditActions: {
    'funeral.facility.create': '登记殡葬设施',
    'funeral.facility.update': '修改殡葬设施信息',
    'funeral.facility.suspend': '暂停殡葬设施业务（年检不合格）',
    'funeral.facility.restore': '恢复殡葬设施业务（年检合格）',
    'funeral.facility.application-submit': '提交殡葬设施审批事项（备案、建设许可、许可变更）',
    'funeral.facility.application-approved': '殡葬设施审批事项获批并生效',
    'funeral.facility.application-rejected': '殡葬设施审批事项被驳回',
    'funeral.inspection.record': '登记殡葬设施年检结果',
    'funeral.inspection.approved': '公墓年检结果审核通过',
    'funeral.inspection.rejected': '公墓年检结果审核未通过',
  },
  approvalOwners: {
    [FACILITY_APPLICATION_OWNER]: {
      label: '殡葬设施审批事项',
      async links(ctx, ids) {
        const rows = await facilityIdsOfApplications(ctx.db.kysely, ids);
        return new Map(rows.map((r) => [r.id, facilityPage(r.facilityId)]));
      },
    },
    [FACILITY_INSPECTION_OWNER]: {
      label: '公墓年检结果',
      async links(ctx, ids) {
        const rows = await facilityIdsOfInspections(ctx.db.kysely, ids);
        return new Map(rows.map((r) => [r.id, facilityPage(r.facilityId)]));
      },
    },
  },
  seedDemo: seedFacilitiesDemo,
};
