/**
 * The rescue line's part for source governance (源头治理, issue 16 item 4): its migrations, subscribers, jobs, to-dos, audit names and demo seed.
 * Edited only by that concern; merged by line.ts.
 */
import { seedGovernanceDemo } from './governance.demo-seed';
import { governanceTodos, sourceGovernanceJob } from './governance.service';
import type { RescuePart } from './line-part';
import * as m0030 from './migrations/0030-rescue-governance';

export const governancePart: RescuePart = {
  migrations: { '0030-rescue-governance': m0030 },
  jobs: [sourceGovernanceJob],
  todos: governanceTodos,
  auditActions: {
    'rescue.returnee.register': '登记返乡人员（源头治理）',
    'rescue.returnee.read': '查看返乡人员及回访记录',
    'rescue.returnee.export': '导出返乡人员台账',
    'rescue.returnee.search': '搜索返乡人员台账',
    'rescue.returnee.follow-up': '登记返乡人员回访',
    'rescue.returnee.set-home': '填写返乡人员户籍地（目的地）',
    'rescue.at-risk.search': '查询易走失人员台账',
    'rescue.at-risk.export': '导出易走失人员台账',
    'rescue.at-risk.read': '查看易走失人员及家属联系方式',
    'rescue.at-risk.create': '登记易走失人员',
    'rescue.at-risk.update': '修改易走失人员信息',
    'rescue.at-risk.close': '易走失人员销册',
    'rescue.repeat.flag': '发现疑似多次流浪人员（待核实）',
    'rescue.repeat.export': '导出多次流浪核实清单',
    'rescue.repeat.confirm': '确认多次流浪人员',
    'rescue.repeat.reject': '排除多次流浪标记',
    'rescue.governance-alert.send': '向户籍地发出源头治理预警',
    'rescue.governance-alert.acknowledge': '户籍地处理源头治理预警',
    'rescue.patrol-lead.record': '登记街面巡查线索',
    'rescue.patrol-lead.respond': '登记街面巡查线索响应结果',
    'rescue.patrol-lead.export': '导出街面巡查线索台账',
    'rescue.patrol-lead.search': '搜索街面巡查线索台账',
  },
  auditTargets: {
    rescue_returnee: { label: '返乡人员' },
    rescue_at_risk_person: { label: '易走失人员' },
    rescue_repeat_flag: { label: '多次流浪标记' },
    rescue_governance_alert: { label: '源头治理预警' },
    rescue_patrol_lead: { label: '街面巡查线索' },
  },
  seedDemo: seedGovernanceDemo,
};
