/**
 * The certificates concern of the funeral line (F3): cremation certificates (火化证明) and the transport of
 * remains out of the area (遗体外运, R-FUN-03) — what it adds to the manifest (line-part.ts).
 */
import { subscriber } from '../line';
import { seedCertificatesDemo } from './certificates.demo-seed';
import { caseIdsOfTransportRequests } from './certificates.repository';
import { certificatesTodos } from './certificates.todos';
import type { FuneralPart } from './line-part';
import * as m0034 from './migrations/0034-funeral-certificates';
import {
  TRANSPORT_APPROVED_SUBSCRIBER,
  TRANSPORT_OWNER,
  TRANSPORT_REJECTED_SUBSCRIBER,
  onTransportDecided,
} from './transport.service';

/** The case page's tab of this concern (web: certificates.case-section.tsx). */
export const CERTIFICATES_TAB = 'certificates';

export const certificatesPart: FuneralPart = {
  migrations: { '0034-funeral-certificates': m0034 },
  subscribers: [
    // R-FUN-03: the death-place civil-affairs department's decision on a 遗体外运 request.
    subscriber({
      name: TRANSPORT_APPROVED_SUBSCRIBER,
      event: 'approval.completed',
      handle: onTransportDecided,
    }),
    subscriber({
      name: TRANSPORT_REJECTED_SUBSCRIBER,
      event: 'approval.rejected',
      handle: onTransportDecided,
    }),
  ],
  auditActions: {
    'funeral.certificate.read': '查看火化证明与遗体外运',
    'funeral.certificate.issue': '出具火化证明',
    'funeral.certificate.collect': '登记火化证明领取',
    'funeral.certificate.register': '登记火化证明用于户籍注销',
    'funeral.certificate.archive': '火化证明归档',
    'funeral.certificate.cancel': '作废火化证明',
    'funeral.certificate.reissue': '补发/换发火化证明',
    'funeral.certificate.print': '打印火化证明',
    'funeral.certificate.search': '按姓名查询火化证明台账',
    'funeral.certificate.export': '导出火化证明台账',
    'funeral.transport.request': '提交遗体外运申请',
    'funeral.transport.approved': '遗体外运审批通过（登记死亡地民政部门批准）',
    'funeral.transport.rejected': '遗体外运审批未通过',
    'funeral.transport.depart': '遗体外运起运',
    'funeral.transport.search': '按姓名查询遗体外运台账',
    'funeral.transport.export': '导出遗体外运台账',
  },
  auditTargets: {
    funeral_cremation_certificate: { label: '火化证明' },
    funeral_transport_request: { label: '遗体外运申请' },
  },
  todos: certificatesTodos,
  seedDemo: seedCertificatesDemo,
  approvalOwners: {
    [TRANSPORT_OWNER]: {
      label: '遗体外运申请',
      links: async (ctx, ids) => {
        const rows = await caseIdsOfTransportRequests(ctx.db.kysely, ids);
        return new Map(
          rows.map((r) => [r.id, `/funeral/cases/${encodeURIComponent(r.caseId)}?tab=${CERTIFICATES_TAB}`]),
        );
      },
    },
  },
};
