/** The marriage line's audit actions and target types with their Chinese names (the audit page's picker). */
import type { AuditTargetSource } from '../audit/index';
import type { CertificateIssueKind } from './marriage.table';

const ISSUES = {
  'marriage.issue.marriage_certificate': '补领结婚证',
  'marriage.issue.divorce_certificate': '补领离婚证',
  'marriage.issue.record_certificate': '出具婚姻登记记录证明',
} satisfies Record<`marriage.issue.${CertificateIssueKind}`, string>;

const ISSUE_PRINTS = {
  'marriage.print.marriage_certificate': '打印补领的结婚证',
  'marriage.print.divorce_certificate': '打印补领的离婚证',
  'marriage.print.record_certificate': '打印婚姻登记记录证明',
} satisfies Record<`marriage.print.${CertificateIssueKind}`, string>;

const DIVORCE_PRINTS = {
  'marriage.print.divorce-certificate': '打印离婚证',
  'marriage.print.divorce-receipt': '打印离婚登记申请受理回执',
  'marriage.print.divorce-withdrawal': '打印撤回离婚登记申请确认书',
} satisfies Record<`marriage.print.divorce-${'certificate' | 'receipt' | 'withdrawal'}`, string>;

const JUDGMENTS = {
  'marriage.judgment.void': '登记法院宣告婚姻无效',
  'marriage.judgment.annulled': '登记法院撤销婚姻',
} satisfies Record<`marriage.judgment.${'void' | 'annulled'}`, string>;

export const MARRIAGE_AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  'marriage.register': '办理结婚登记',
  'marriage.register-supplementary': '办理补办结婚登记',
  'marriage.refuse': '不予办理婚姻登记',
  'marriage.read': '查看婚姻登记记录',
  'marriage.search': '检索婚姻登记记录',
  'marriage.export': '导出婚姻登记台账',
  'marriage.refusal.read': '查看不予登记记录',
  'marriage.status-read': '查询婚姻状况',
  'marriage.status-denied': '婚姻状况查询被拒绝',
  'marriage.print.marriage-certificate': '打印结婚证',
  ...DIVORCE_PRINTS,
  ...ISSUE_PRINTS,
  ...ISSUES,
  'marriage.end-by-death': '婚姻因一方死亡终止',
  'marriage.restored-death-revoked': '死亡登记撤销，婚姻关系恢复',
  'marriage.death-revoked.needs-review': '死亡登记撤销，婚姻状况待人工核实',
  'marriage.divorce.accept': '受理离婚登记申请',
  'marriage.divorce.refuse': '不予受理离婚登记申请',
  'marriage.divorce.withdraw': '撤回离婚登记申请',
  'marriage.divorce.register': '办理离婚登记',
  'marriage.divorce.deemed-withdrawn': '离婚登记申请视为撤回',
  'marriage.divorce.read': '查看离婚登记申请',
  'marriage.divorce.windows-final': '离婚冷静期期限确定（节假日安排公布后）',
  'marriage.divorce.terminated-by-death': '离婚登记申请因一方死亡终结',
  'marriage.divorce.terminated-by-judgment': '离婚登记申请因法院判决终结',
  ...JUDGMENTS,
  'marriage.registry.create': '新增婚姻登记机关',
  'marriage.qualification.record': '登记婚姻登记员资格',
  'marriage.qualification.revoke': '撤销婚姻登记员资格',
  'marriage.appointment.book': '预约婚姻登记',
  'marriage.appointment.cancel': '取消婚姻登记预约',
  'marriage.appointment.reschedule': '改约婚姻登记',
  'marriage.appointment.check-in': '婚姻登记预约签到',
  'marriage.appointment.no-show': '婚姻登记预约标记未到',
  'marriage.appointment.cancel-at-desk': '登记机关取消婚姻登记预约',
  'marriage.appointment.cancel-deceased': '婚姻登记预约因一方死亡取消',
  'marriage.appointment.done': '婚姻登记预约办结',
  'marriage.backfill': '补录历史婚姻登记',
  'marriage.import': '导入历史婚姻登记数据',
  'marriage.import.report-read': '查看历史数据导入报告',
  'marriage.import.resolve': '处理待匹配的历史记录',
  'marriage.import.awaiting-search': '按身份证号检索待匹配记录',
  'marriage.import.awaiting-export': '导出待匹配记录',
  'marriage.person-merge.repoint': '人员合并后转移婚姻记录',
  'marriage.person-unmerge.repoint-back': '撤销人员合并后恢复婚姻记录',
};

export const MARRIAGE_AUDIT_TARGETS: Readonly<Record<string, AuditTargetSource>> = {
  marriage: { label: '婚姻登记记录' },
  divorce_application: { label: '离婚登记申请' },
  marriage_appointment: { label: '婚姻登记预约' },
  marriage_import: { label: '历史数据导入' },
  marriage_refusal: { label: '不予登记记录' },
  refusal: { label: '不予登记记录' },
  marriage_registry: { label: '婚姻登记机关' },
  registrar_qualification: { label: '婚姻登记员资格' },
};
