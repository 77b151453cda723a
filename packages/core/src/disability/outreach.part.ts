/**
 * The outreach concern of the disability line (D7): policy finds people (lists, reminders pushed to the
 * township of the hukou, coverage), the statistics and the day board — what it adds to the manifest.
 */
import type { DisabilityPart } from './line-part';
import * as m0049 from './migrations/0049-disability-outreach';
import { seedOutreachDemo } from './outreach.demo-seed';
import { outreachRefreshJob, outreachTodos } from './outreach.service';

export const outreachPart: DisabilityPart = {
  migrations: { '0049-disability-outreach': m0049 },
  jobs: [outreachRefreshJob],
  todos: outreachTodos,
  auditActions: {
    'disability.outreach.list': '查看数据找人名单',
    'disability.outreach.export': '导出数据找人名单',
    'disability.outreach.reminders': '查看数据找人提醒台账',
    'disability.outreach.reminders.export': '导出数据找人提醒台账',
    'disability.outreach.outcome': '登记数据找人跟进结果',
    'disability.outreach.refresh': '刷新数据找人名单和提醒',
    'disability.board.read': '查看残疾人福利今日工作',
  },
  auditTargets: {
    disability_outreach_reminder: { label: '数据找人提醒' },
    disability_outreach_run: { label: '数据找人刷新' },
  },
  seedDemo: seedOutreachDemo,
};
