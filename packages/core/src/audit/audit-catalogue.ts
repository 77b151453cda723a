/**
 * The catalogue of audit actions and target types with their Chinese names, for the audit page: the
 * platform's below, each line adds its own through its manifest (`auditActions`, `auditTargets`). A test
 * (audit-catalogue.test.ts) scans the code for every action written and fails on one without a name.
 */
import type { ApprovalAction } from '../approvals/approvals.table';
import type { CoreContext } from '../context';
import { KEY_ROTATION_ACTION } from './audit-hash';

/** An audit target type: its Chinese name and, optionally, a labeller (record numbers, masked names). */
export interface AuditTargetSource {
  label: string;
  /**
   * Human labels of records of this type by id (a record number, a masked name — never a full resident id);
   * ids it does not know are left out. Called with at most one page of ids.
   */
  describe?(ctx: CoreContext, ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

const APPROVAL_ACTIONS = {
  'approval.submit': '提交审批',
  'approval.approve': '审批通过',
  'approval.reject': '审批不通过',
  'approval.return': '审批退回修改',
  'approval.resubmit': '重新提交审批',
  'approval.withdraw': '撤回审批',
  'approval.escalate': '审批超期上报',
} satisfies Record<`approval.${ApprovalAction}`, string>;

/** The platform's audit actions (access, people index, approvals, attachments, numbering, calendar, audit). */
export const PLATFORM_AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  'session.login': '登录',
  'session.login-failed': '登录失败',
  'user.create': '新增用户',
  'user.reset-password': '重置用户密码',
  'user.change-password': '修改本人密码',
  'user.update-access': '修改用户角色或管辖范围',
  'user.disable': '停用用户',
  'user.enable': '启用用户',
  'user.unlock': '解除登录锁定',
  'institution.create': '新增机构',
  'person.create': '新增人员',
  'person.read': '查看人员信息',
  'person.lookup': '按身份证号查找人员',
  'person.reveal-resident-id': '查看完整身份证号',
  'person.record-death': '登记死亡',
  'person.death-revocation.request': '申请撤销死亡登记',
  'person.death-revocation.approve': '批准撤销死亡登记',
  'person.death-revocation.reject': '驳回撤销死亡登记',
  'person.search-by-resident-id': '按身份证号检索人员',
  'person.export': '导出人员台账',
  'person.merge.propose': '提出人员合并',
  'person.merge.read': '查看人员合并',
  'person.merge.approve': '批准人员合并',
  'person.merge.reject': '驳回人员合并',
  'person.unmerge': '撤销人员合并',
  ...APPROVAL_ACTIONS,
  'approval.deadline-final': '审批期限确定（节假日安排公布后）',
  'attachment.upload': '上传附件',
  'attachment.metadata-read': '查看附件信息',
  'attachment.read': '下载附件',
  'attachment.remove': '删除附件',
  'attachment.integrity-failure': '附件完整性校验失败',
  'document-number.issue': '分配文书编号',
  'calendar.load': '导入节假日安排',
  'seed.demo-people': '生成演示人员数据',
  [KEY_ROTATION_ACTION]: '更换审计密钥',
  'audit.export': '导出审计日志',
  'import.report-read': '查看导入逐行报告',
  'import.report-export': '导出导入逐行报告',
  'face.status-read': '查看照片人脸特征状态',
  'face.embed-request': '重新提取照片人脸特征',
  'face.search': '人脸比对检索',
  'face.propose': '人脸比对结果提交为寻亲候选',
  'assistance.membership.add': '导入社会救助名单记录',
  'assistance.membership.end': '社会救助名单记录终止或更正',
  'assistance.person-read': '查看人员社会救助记录',
  'assistance.list': '查询社会救助名单台账',
};

/** The platform's audit target types. */
export const PLATFORM_AUDIT_TARGETS: Readonly<Record<string, AuditTargetSource>> = {
  person: { label: '人员' },
  people: { label: '人员台账' },
  person_merge: { label: '人员合并' },
  user: { label: '用户账号' },
  institution: { label: '机构' },
  approval: { label: '审批' },
  attachment: { label: '附件' },
  import_run: { label: '数据导入' },
  holiday_calendar: { label: '节假日安排' },
  audit_key: { label: '审计密钥' },
  audit_log: { label: '审计日志' },
};

export interface AuditCatalogue {
  /** Action code → Chinese name, platform first, then the lines in their order. */
  actions: ReadonlyMap<string, { label: string; line: string | null }>;
  targets: ReadonlyMap<string, AuditTargetSource>;
}

const catalogues = new WeakMap<readonly unknown[], AuditCatalogue>();

/** The catalogue of the platform and the given lines (built once per list of lines). */
export function auditCatalogue(
  lines: readonly {
    name: string;
    label: string;
    auditActions?: Readonly<Record<string, string>>;
    auditTargets?: Readonly<Record<string, AuditTargetSource>>;
  }[],
): AuditCatalogue {
  const known = catalogues.get(lines);
  if (known) return known;
  const actions = new Map<string, { label: string; line: string | null }>();
  for (const [code, label] of Object.entries(PLATFORM_AUDIT_ACTIONS))
    actions.set(code, { label, line: null });
  const targets = new Map<string, AuditTargetSource>(Object.entries(PLATFORM_AUDIT_TARGETS));
  for (const line of lines) {
    for (const [code, label] of Object.entries(line.auditActions ?? {})) {
      if (actions.has(code)) throw new Error(`line ${line.name}: audit action ${code} is declared twice`);
      actions.set(code, { label, line: line.name });
    }
    for (const [type, source] of Object.entries(line.auditTargets ?? {})) {
      if (targets.has(type)) throw new Error(`line ${line.name}: audit target ${type} is declared twice`);
      targets.set(type, source);
    }
  }
  const catalogue = { actions, targets };
  catalogues.set(lines, catalogue);
  return catalogue;
}
