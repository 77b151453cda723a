/** The actions concern of the rescue line (七个规定动作与寻亲公告): what it adds to the manifest (line-part.ts). */
import type { TodoItem, TodoSource } from '../line';
import { actionsBoard } from './actions.service';
import type { RescuePart } from './line-part';
import * as m0023 from './migrations/0023-rescue-actions';

/** R-RES-09/R-RES-10: prescribed actions overdue, and due today, at the actor's station(s). */
const actionsTodos: TodoSource = {
  name: 'rescue.actions',
  permission: 'rescue:write',
  async load(ctx, actor): Promise<TodoItem[]> {
    const board = await actionsBoard(ctx, actor);
    const earliest = (items: { dueOn: string }[]) => items.map((i) => i.dueOn).sort()[0];
    const item = (kind: string, title: string, items: { dueOn: string }[]): TodoItem => {
      const dueOn = earliest(items);
      return {
        line: 'rescue',
        kind,
        title,
        count: items.length,
        ...(dueOn ? { dueOn } : {}),
        link: '/rescue',
      };
    };
    return [
      item('rescue.actions-overdue', '寻亲规定动作已逾期', board.overdue),
      item('rescue.actions-due-today', '今日到期的寻亲规定动作', board.dueToday),
    ];
  },
};

export const actionsPart: RescuePart = {
  migrations: { '0023-rescue-actions': m0023 },
  todos: [actionsTodos],
  auditActions: {
    'rescue.action.log': '登记寻亲规定动作',
    'rescue.action.correction': '更正寻亲规定动作登记',
    'rescue.action.withdrawal': '撤销寻亲规定动作登记',
    'rescue.actions.read': '查看寻亲规定动作',
    'rescue.search-notice.issue': '生成寻亲公告',
    'rescue.search-notice.print': '打印寻亲公告',
  },
  auditTargets: {
    rescue_search_notice: { label: '寻亲公告' },
  },
};
