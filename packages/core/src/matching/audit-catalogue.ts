/** The matching line's audit actions and target types with their Chinese names (the audit page's picker). */
import type { AuditTargetSource } from '../audit/index';
import type { Decision } from './review.service';

const DECISIONS = {
  'matching.pair-confirm': '核查确认为同一人',
  'matching.pair-reject': '核查排除（非同一人）',
  'matching.pair-unsure': '核查存疑',
} satisfies Record<`matching.pair-${Decision}`, string>;

export const MATCHING_AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  'matching.import-roll': '导入比对名册',
  'matching.job-create': '创建比对任务',
  'matching.job-cancel': '取消比对任务',
  'matching.pair-read': '查看比对记录对',
  'matching.pair-export': '导出比对结果',
  'matching.pair-claim': '领取核查任务',
  'matching.pair-assign': '分派核查任务',
  'matching.pair-release': '退回核查任务',
  ...DECISIONS,
  'matching.pair-score': '比对两条记录（计算权重）',
  'matching.follow-up-done': '完成比对确认后的跟进',
  'matching.missing-report-create': '登记寻亲报告',
  'matching.missing-report-read': '查看寻亲报告',
  'matching.missing-report-list': '查看寻亲报告列表',
  'matching.missing-report-found': '寻亲报告标记为已找到',
  'matching.missing-report-withdrawn': '撤回寻亲报告',
  'matching.public-report-submit': '群众网上寻亲登记（公开页面，生成回执号和查询码）',
  'matching.family-search': '寻亲检索',
  'matching.family-search-candidates': '查看寻亲候选人',
  'matching.family-candidates-list': '查看寻亲候选列表',
  'matching.family-candidates-export': '导出寻亲候选',
  'matching.family-candidate-read': '查看寻亲候选（双方对照）',
  'matching.family-candidates-refresh': '刷新寻亲候选',
  'matching.family-candidate-claim': '领取寻亲候选',
  'matching.family-candidate-release': '退回寻亲候选',
  'matching.family-candidate-confirm': '寻亲候选核查确认',
  'matching.family-candidate-reject': '寻亲候选核查排除',
  'matching.family-candidate-unsure': '寻亲候选核查存疑',
  'matching.report-photos-sync': '寻亲报告照片同步到寻亲检索',
};

export const MATCHING_AUDIT_TARGETS: Readonly<Record<string, AuditTargetSource>> = {
  match_job: { label: '比对任务' },
  match_pair: { label: '比对记录对' },
  match_roll: { label: '比对名册' },
  roll: { label: '比对名册' },
  missing_person_report: { label: '寻亲报告' },
  family_search_entry: { label: '寻亲登记' },
  family_candidate: { label: '寻亲候选' },
  match_record_pair: { label: '两条记录的比对' },
};
