/** The custody concern of the funeral line: what it adds to the manifest (line-part.ts). */
import { seedCustodyDemo } from './custody.demo-seed';
import { custodyTodos } from './custody.views';
import type { FuneralPart } from './line-part';
import * as m0033 from './migrations/0033-funeral-custody';

export const custodyPart: FuneralPart = {
  migrations: { '0033-funeral-custody': m0033 },
  auditActions: {
    'funeral.case.create': '遗体接运登记（接运单）',
    'funeral.custody.step': '遗体保管环节登记（扫码）',
    'funeral.case.cancel': '取消接运单',
    'funeral.farewell.book': '预约告别仪式',
    'funeral.case.disposition': '变更遗体处理方式',
    'funeral.document.record': '登记遗体档案证明材料',
    'funeral.document.revoke': '撤销遗体档案证明材料',
    'funeral.case.read': '查看遗体档案',
    'funeral.case.list': '查询遗体档案台账',
    'funeral.case.export': '导出遗体档案台账',
    'funeral.board.read': '查看殡仪馆今日工作',
    'funeral.label.print': '打印遗体（骨灰盒）条码标识',
  },
  todos: custodyTodos,
  seedDemo: seedCustodyDemo,
};
