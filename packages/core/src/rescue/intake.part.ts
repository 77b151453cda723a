/** The intake concern of the rescue line (求助登记): what it adds to the manifest (line-part.ts). */
import { rescuePersonPanel } from './cases.service';
import type { RescuePart } from './line-part';
import * as m0021 from './migrations/0021-rescue-intake';

export const intakePart: RescuePart = {
  migrations: { '0021-rescue-intake': m0021 },
  personPanels: [{ title: '救助记录', permission: 'rescue:read', load: rescuePersonPanel }],
  auditActions: {
    'rescue.intake.admit': '救助求助登记（入站）',
    'rescue.intake.refuse': '不予救助',
    'rescue.refusal.print': '打印不予救助通知书',
    'rescue.case.read': '查看救助案件',
    'rescue.residents.export': '导出在站人员',
    'rescue.residents.search-by-resident-id': '按身份证号检索在站人员',
    'rescue.belongings.add': '登记受助人员物品',
    'rescue.case.identify': '提请认定受助人员身份（人员合并）',
    'rescue.person-panel.read': '查看人员救助记录',
  },
  auditTargets: {
    rescue_refusal: { label: '不予救助记录' },
  },
};
