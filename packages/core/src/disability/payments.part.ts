/** The payments concern of the disability line (issue 18 item 5): what it adds to the manifest (line-part.ts). */
import type { DisabilityPart } from './line-part';
import * as m0047 from './migrations/0047-disability-payments';
import { seedPaymentsDemo } from './payments.demo-seed';
import { overpaymentScanJob, paymentsTodos } from './payments.service';

export const paymentsPart: DisabilityPart = {
  migrations: { '0047-disability-payments': m0047 },
  jobs: [
    {
      name: 'disability.overpayment-scan',
      description: '核查停发登记晚于发放的多发补贴，开立追缴记录',
      intervalMinutes: () => 24 * 60,
      runAtStart: false,
      run: overpaymentScanJob,
    },
  ],
  todos: [{ name: 'disability.payments', permission: 'disability:write', load: paymentsTodos }],
  auditActions: {
    'disability.account.record': '登记补贴收款账户',
    'disability.account.change': '变更补贴收款账户',
    'disability.account.read': '查看补贴收款账户',
    'disability.account.search': '查询收款账户台账',
    'disability.account.export': '导出收款账户台账',
    'disability.payment-file.issue': '生成补贴代发文件',
    'disability.payment-file.download': '下载补贴代发文件',
    'disability.payment-return.import': '导入银行回盘文件并对账',
    'disability.requeue.search': '查询失败重发台账',
    'disability.requeue.export': '导出失败重发台账',
    'disability.recovery.open': '开立多发补贴追缴',
    'disability.recovery.search': '查询多发追缴台账',
    'disability.recovery.export': '导出多发追缴台账',
    'disability.recovery.read': '查看多发追缴记录',
    'disability.recovery.recovered': '登记多发补贴已追回',
    'disability.recovery.write-off': '核销多发补贴',
    'disability.payments.read': '查看补贴发放情况',
  },
  auditTargets: {
    disability_payment_account: { label: '补贴收款账户' },
  },
  seedDemo: seedPaymentsDemo,
};
