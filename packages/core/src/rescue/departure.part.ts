/** The departure concern of the rescue line (离站与落户安置): what it adds to the manifest (line-part.ts). */
import { CASE_DEATH_REVOKED_SUBSCRIBER, onCaseDeathRevoked } from './death-revoked.subscriber';
import { subscriber } from '../line';
import {
  CASE_PERSON_DECEASED_SUBSCRIBER,
  CASE_PERSON_MERGED_SUBSCRIBER,
  CASE_PERSON_UNMERGED_SUBSCRIBER,
  onCasePersonDeceased,
  onCasePersonMerged,
  onCasePersonUnmerged,
} from './cross-line.subscriber';
import type { RescuePart } from './line-part';
import * as m0024 from './migrations/0024-rescue-departure';
import {
  SETTLEMENT_APPROVED_SUBSCRIBER,
  SETTLEMENT_REJECTED_SUBSCRIBER,
  onSettlementDecided,
} from './settlement.service';

export const departurePart: RescuePart = {
  migrations: { '0024-rescue-departure': m0024 },
  subscribers: [
    // Issue 15 item 6: a death recorded anywhere closes the open case; a merge moves the cases to the survivor.
    subscriber({
      name: CASE_PERSON_DECEASED_SUBSCRIBER,
      event: 'person.deceased',
      handle: onCasePersonDeceased,
    }),
    subscriber({ name: CASE_PERSON_MERGED_SUBSCRIBER, event: 'person.merged', handle: onCasePersonMerged }),
    subscriber({
      name: CASE_PERSON_UNMERGED_SUBSCRIBER,
      event: 'person.unmerged',
      handle: onCasePersonUnmerged,
    }),
    // A death revoked after review (被死亡): a case closed by it is flagged for review (ADR 0028).
    subscriber({
      name: CASE_DEATH_REVOKED_SUBSCRIBER,
      event: 'person.death-revoked',
      handle: onCaseDeathRevoked,
    }),
    // R-RES-12: the county's decision on a settlement file.
    subscriber({
      name: SETTLEMENT_APPROVED_SUBSCRIBER,
      event: 'approval.completed',
      handle: onSettlementDecided,
    }),
    subscriber({
      name: SETTLEMENT_REJECTED_SUBSCRIBER,
      event: 'approval.rejected',
      handle: onSettlementDecided,
    }),
  ],
  auditActions: {
    'rescue.case.death-revoked': '死亡登记撤销，按死亡结案的案件待复核',
    'rescue.departure.record': '办理离站登记',
    'rescue.departure.read': '查看离站与安置信息',
    'rescue.departure.print-declaration': '打印自行离站声明书',
    'rescue.departure.search': '查询离站与安置台账',
    'rescue.departure.export': '导出离站与安置台账',
    'rescue.settlement.apply': '提交落户安置申请',
    'rescue.settlement.approved': '落户安置审批通过（结案）',
    'rescue.settlement.rejected': '落户安置审批未通过',
    'rescue.case.closed-by-death': '受助人员死亡，救助案件结案',
    'rescue.person-merge.repoint': '人员合并：救助案件随存续人员记录',
    'rescue.person-unmerge.repoint-back': '撤销人员合并：救助案件恢复原人员记录',
  },
  auditTargets: {
    rescue_settlement: { label: '落户安置档案' },
  },
};
