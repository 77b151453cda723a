/**
 * The applications concern of the disability line (R-DIS-05, R-DIS-06): migration 0044 (intake side facts,
 * national-system exchanges, escalations), the daily escalation job, the to-dos of windows, counties and
 * supervisors, audit action names and the demo applications.
 */
import type { DisabilityPart } from './line-part';
import * as m0044 from './migrations/0044-disability-applications';
import { seedApplicationsDemo } from './applications.demo-seed';
import { escalateOverdueApplications } from './applications.service';
import { applicationsTodos } from './applications.todos';

export const applicationsPart: DisabilityPart = {
  migrations: { '0044-disability-applications': m0044 },
  jobs: [
    {
      name: 'disability.applications-escalate',
      description: '两项补贴申请时限督办：登记逾期未转送、未决定、未告知的申请（每日）',
      intervalMinutes: () => 24 * 60,
      runAtStart: true,
      run: (ctx) => escalateOverdueApplications(ctx),
    },
  ],
  todos: applicationsTodos,
  auditActions: {
    'disability.application.take': '受理两项补贴申请',
    'disability.application.apply-online': '网上申请两项补贴',
    'disability.application.public-status': '公众查询两项补贴申请进度',
    'disability.application.lookup': '受理时按身份证号查询人员',
    'disability.applications.read': '查看两项补贴申请台账',
    'disability.application.read': '查看两项补贴申请',
    'disability.application.materials-complete': '登记两项补贴申请材料齐全',
    'disability.application.forward': '两项补贴申请转户籍地',
    'disability.application.notify': '告知申请人审核结果',
    'disability.application.withdraw': '撤回两项补贴申请',
    'disability.application.exchange': '登记跨省通办往来记录',
    'disability.application.escalate': '两项补贴申请逾期督办',
  },
  seedDemo: seedApplicationsDemo,
};
