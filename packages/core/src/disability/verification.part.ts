import type { DisabilityPart } from './line-part';
import * as m0048 from './migrations/0048-disability-verification';
import { disabilityConfig } from './disability.config';
import { seedVerificationDemo } from './verification.demo-seed';
import { runMonthlyComparisons, verificationTodos } from './verification.service';

/**
 * The verification concern's contribution to the disability line (D6): comparison runs with their
 * findings and review queue, the hukou move-out list, re-verification campaigns (清理认定).
 */
export const verificationPart: DisabilityPart = {
  migrations: { '0048-disability-verification': m0048 },
  jobs: [
    {
      name: 'disability.compare',
      description:
        '两项补贴每月比对：死亡、低保/特困、残疾人证状态、户籍迁出（每县每月一次，结果待复核，不自动停发）',
      intervalMinutes: (ctx) => disabilityConfig(ctx).verification.jobIntervalMinutes,
      runAtStart: false,
      run: runMonthlyComparisons,
    },
  ],
  todos: [{ name: 'disability.verification', permission: 'disability:read', load: verificationTodos }],
  auditActions: {
    'disability.compare.run': '两项补贴比对',
    'disability.finding.list': '查看比对核查结果',
    'disability.finding.export': '导出比对核查结果',
    'disability.finding.read': '查看比对核查详情',
    'disability.finding.answer': '乡镇核实比对结果',
    'disability.finding.confirm': '复核确认比对结果（停发）',
    'disability.finding.dismiss': '复核排除比对结果',
    'disability.hukou-move.import': '导入户籍迁出名单',
    'disability.hukou-move.list': '查看户籍迁出名单',
    'disability.campaign.create': '创建清理认定任务',
    'disability.campaign.sample': '清理认定抽样',
    'disability.campaign.self-check': '清理认定乡镇自查',
    'disability.campaign.spot-check': '清理认定第三方抽查',
    'disability.campaign.items': '查看清理认定对象',
    'disability.campaign.export': '导出清理认定对象',
  },
  auditTargets: {
    disability_compare_run: { label: '两项补贴比对任务' },
    disability_finding: { label: '比对核查结果' },
    disability_hukou_move: { label: '户籍迁出名单' },
    disability_campaign: { label: '清理认定任务' },
  },
  seedDemo: seedVerificationDemo,
};
