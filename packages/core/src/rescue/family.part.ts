/**
 * The rescue line's part for family search and reunions (寻亲与团聚, issue 16 items 1 and 5): its migrations, subscribers, jobs, to-dos, audit names and demo seed.
 * Edited only by that concern; merged by line.ts.
 */
import type { RescuePart } from './line-part';
import * as m0027 from './migrations/0027-rescue-reunions';
import { reunionSubscribers } from './reunions.subscriber';
import { seedReunionsDemo } from './reunions.demo-seed';
import { reunionTodos } from './reunions.service';

export const familyPart: RescuePart = {
  migrations: { '0027-rescue-reunions': m0027 },
  subscribers: reunionSubscribers,
  todos: [{ name: 'rescue.reunions-waiting', permission: 'rescue:write', load: reunionTodos }],
  auditActions: {
    'rescue.reunion.start': '发起团聚',
    'rescue.reunion.not-started': '寻亲比中确认：案件已结束或已有进行中的团聚，未发起团聚',
    'rescue.reunion.contact': '团聚：登记联系家属',
    'rescue.reunion.identity-check': '团聚：核实亲属和受助人员身份',
    'rescue.reunion.hand-over': '团聚：亲属接领交接',
    'rescue.reunion.cancel': '取消团聚',
    'rescue.reunion.read': '查看寻亲与团聚信息',
    'rescue.reunion.search': '查询团聚台账',
    'rescue.reunion.export': '导出团聚台账',
    'rescue.family-worklist.read': '查看寻亲工作台',
    'rescue.family-worklist.export': '导出寻亲工作台',
  },
  auditTargets: {
    rescue_reunion: { label: '团聚记录' },
  },
  // After the departure concern's demo activity (parts run in line.ts order): its 亲属接领 become reunions.
  seedDemo: seedReunionsDemo,
};
