/**
 * The roster concern (发放名册, issue 18 items 5 and 11, ADR 0032): migration 0046, the death
 * subscribers (a death stops every open entitlement; a revoked death reinstates them), the to-dos
 * (townships confirm, the county signs), audit action names and the demo rosters.
 */
import { subscriber } from '../line';
import type { DisabilityPart } from './line-part';
import * as m0046 from './migrations/0046-disability-roster';
import { seedRosterDemo } from './roster.demo-seed';
import { rosterTodos } from './roster.service';
import {
  ENTITLEMENT_DEATH_REVOKED_SUBSCRIBER,
  ENTITLEMENT_DECEASED_SUBSCRIBER,
  onEntitlementDeathRevoked,
  onEntitlementPersonDeceased,
} from './roster.subscribers';

export const rosterPart: DisabilityPart = {
  migrations: { '0046-disability-roster': m0046 },
  subscribers: [
    subscriber({
      name: ENTITLEMENT_DECEASED_SUBSCRIBER,
      event: 'person.deceased',
      handle: onEntitlementPersonDeceased,
    }),
    subscriber({
      name: ENTITLEMENT_DEATH_REVOKED_SUBSCRIBER,
      event: 'person.death-revoked',
      handle: onEntitlementDeathRevoked,
    }),
  ],
  todos: [{ name: 'disability.roster', permission: 'disability:read', load: rosterTodos }],
  auditActions: {
    'disability.roster.freeze': '冻结月度发放名册',
    'disability.roster.unfreeze': '撤销发放名册冻结',
    'disability.roster.township-confirm': '乡镇（街道）确认本辖区发放名册',
    'disability.roster.sign': '县级民政签批发放名册',
    'disability.roster.lines': '查看发放名册明细',
    'disability.roster.export': '导出发放名册',
    'disability.roster.diff-export': '导出发放名册变动对比',
    'disability.entitlement.stopped-by-death': '补贴对象死亡，次月起停发',
    'disability.entitlement.reinstated': '死亡登记撤销，恢复发放补贴',
    'disability.entitlement.death-revoked-review': '死亡登记撤销，补贴对象已重新认定，待复核',
  },
  seedDemo: seedRosterDemo,
};
