/** The review concern's contribution to the disability line: review chain, decision, notice, recipients. */
import { subscriber } from '../line';
import type { DisabilityPart } from './line-part';
import * as m0045 from './migrations/0045-disability-review';
import { disabilityPersonPanel, disputesTodo } from './recipients.service';
import { seedReviewDemo } from './review.demo-seed';
import { noticesEndedTodo, onReviewDecided, runNoticeEnds } from './review.service';

export const reviewPart: DisabilityPart = {
  migrations: { '0045-disability-review': m0045 },
  subscribers: [
    subscriber({ name: 'disability.review-completed', event: 'approval.completed', handle: onReviewDecided }),
    subscriber({ name: 'disability.review-rejected', event: 'approval.rejected', handle: onReviewDecided }),
  ],
  jobs: [
    {
      name: 'disability.notice-ends',
      description: '两项补贴公示期满无异议的申请认定发放（自申请当月起）',
      intervalMinutes: () => 60,
      runAtStart: true,
      run: async (ctx) => runNoticeEnds(ctx),
    },
  ],
  todos: [
    { name: 'disability.notices-ended', permission: 'disability:write', load: noticesEndedTodo },
    { name: 'disability.disputes', permission: 'disability:approve', load: disputesTodo },
  ],
  personPanels: [{ title: '残疾人两项补贴', permission: 'disability:read', load: disabilityPersonPanel }],
  auditActions: {
    'disability.review.read': '查看两项补贴审核信息',
    'disability.review.queue': '查看两项补贴审核队列',
    'disability.review.submit': '提交两项补贴审核',
    'disability.review.township-check': '两项补贴乡镇（街道）初审',
    'disability.review.federation': '两项补贴县残联审核',
    'disability.review.decide': '两项补贴县民政审核决定',
    'disability.review.decided-in-inbox': '两项补贴审批结果（待办审批）',
    'disability.review.objection': '登记两项补贴公示异议',
    'disability.review.grant': '两项补贴公示期满认定发放',
    'disability.recipients.list': '查询补贴对象台账',
    'disability.recipients.export': '导出补贴对象台账',
    'disability.recipient.read': '查看补贴对象',
    'disability.recipient.stop': '补贴对象停发',
    'disability.dispute.lodge': '登记停发异议',
    'disability.dispute.uphold': '停发异议复核：维持停发',
    'disability.dispute.reverse': '停发异议复核：撤销停发并恢复发放',
    'disability.person-panel.read': '查看人员两项补贴信息',
  },
  seedDemo: seedReviewDemo,
};
