/** The billing concern of the funeral line: what it adds to the manifest (line-part.ts). */
import { subscriber } from '../line';
import { REIMBURSEMENT_CLAIM_OWNER, onClaimDecided, unclaimedWaiversTodo } from './billing.service';
import { seedBillingDemo } from './billing.demo-seed';
import type { FuneralPart } from './line-part';
import * as m0037 from './migrations/0037-funeral-billing';

export const billingPart: FuneralPart = {
  migrations: { '0037-funeral-billing': m0037 },
  subscribers: [
    subscriber({ name: 'funeral.claim-approved', event: 'approval.completed', handle: onClaimDecided }),
    subscriber({ name: 'funeral.claim-rejected', event: 'approval.rejected', handle: onClaimDecided }),
  ],
  todos: [{ name: 'funeral.claims-due', permission: 'funeral:write', load: unclaimedWaiversTodo }],
  auditActions: {
    'funeral.price.propose': '拟定殡葬服务价格',
    'funeral.price.discard': '删除价格草稿',
    'funeral.price.publish': '公示殡葬服务价格目录',
    'funeral.price.package': '设置殡葬服务套餐',
    'funeral.bill.create': '开具殡葬收费单',
    'funeral.bill.cancel': '作废殡葬收费单',
    'funeral.billing.read': '查看遗体档案收费',
    'funeral.invoice.issue': '收款并开具发票',
    'funeral.invoice.void': '作废发票',
    'funeral.invoice.search': '查询收费单据台账',
    'funeral.invoice.export': '导出收费单据台账',
    'funeral.claim.submit': '提交惠民殡葬结算申报',
    'funeral.claim.approved': '结算申报审核通过',
    'funeral.claim.rejected': '结算申报未获通过',
    'funeral.claim.paid': '登记结算款拨付',
    'funeral.expenditure.record': '登记支出（收支两条线）',
  },
  auditTargets: {
    [REIMBURSEMENT_CLAIM_OWNER]: { label: '惠民殡葬结算申报' },
  },
  approvalOwners: {
    [REIMBURSEMENT_CLAIM_OWNER]: {
      label: '惠民殡葬结算申报',
      links: (_ctx, ids) =>
        Promise.resolve(new Map(ids.map((id) => [id, `/funeral/billing?tab=claims&claim=${id}`]))),
    },
  },
  seedDemo: (ctx) => seedBillingDemo(ctx),
};
