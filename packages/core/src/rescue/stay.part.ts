/** The stay concern of the rescue line (站内照料与站外托养): what it adds to the manifest (line-part.ts). */
import { subscriber, type TodoItem } from '../line';
import type { RescuePart } from './line-part';
import * as m0022 from './migrations/0022-rescue-stay';
import { stayToday } from './stay-limit';
import { onExtensionDecided } from './stay.service';
import { overdueVisits } from './visits.service';

export const stayPart: RescuePart = {
  migrations: { '0022-rescue-stay': m0022 },
  subscribers: [
    subscriber({
      name: 'rescue.stay-extension-approved',
      event: 'approval.completed',
      handle: onExtensionDecided,
    }),
    subscriber({
      name: 'rescue.stay-extension-rejected',
      event: 'approval.rejected',
      handle: onExtensionDecided,
    }),
  ],
  todos: [
    {
      // R-RES-13: a monthly supervision visit to every placed person.
      name: 'rescue.visits-overdue',
      permission: 'rescue:write',
      async load(ctx, actor): Promise<TodoItem[]> {
        const overdue = await overdueVisits(ctx, actor, stayToday(ctx));
        if (overdue.length === 0) return [];
        const earliest = overdue.map((o) => o.dueOn).sort()[0];
        return [
          {
            line: 'rescue',
            kind: 'rescue.visits-overdue',
            title: '站外托养人员监管走访逾期',
            count: overdue.length,
            ...(earliest ? { dueOn: earliest } : {}),
            link: '/rescue/placements?overdue=1',
          },
        ];
      },
    },
  ],
  auditActions: {
    'rescue.service.record': '登记救助服务',
    'rescue.stay.read': '查看救助照料记录',
    'rescue.extension.submit': '申请延长救助期限',
    'rescue.extension.approved': '延长救助期限获批',
    'rescue.extension.rejected': '延长救助期限未获批准',
    'rescue.placement.start': '安排站外托养',
    'rescue.placement.end': '站外托养人员回站',
    'rescue.placement.search': '查询站外托养台账',
    'rescue.placement.export': '导出站外托养台账',
    'rescue.visit.record': '记录托养监管走访',
    'rescue.minor.education': '登记未成年人教育安排',
    'rescue.minor.guardianship': '登记家庭监护评估',
    'rescue.fund.record': '登记救助资金支出',
  },
  auditTargets: {
    rescue_stay_extension: { label: '延长救助期限申请' },
  },
};
