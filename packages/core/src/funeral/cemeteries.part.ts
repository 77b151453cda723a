/** The cemeteries concern of the funeral line (公墓、生态安葬与整治台账): what it adds to the manifest (line-part.ts). */
import { seedCemeteriesDemo } from './cemeteries.demo-seed';
import type { FuneralPart } from './line-part';
import * as m0038 from './migrations/0038-funeral-cemeteries';
import { funeralRemediationAttachmentOwner, remediationTodos } from './remediation.service';
import { cemeteriesTodos } from './cemeteries.todos';

export const cemeteriesPart: FuneralPart = {
  migrations: { '0038-funeral-cemeteries': m0038 },
  attachmentOwners: [funeralRemediationAttachmentOwner],
  todos: [...cemeteriesTodos, ...remediationTodos],
  auditActions: {
    'funeral.plot.create': '新建公墓墓位',
    'funeral.plot.search': '按持有人查询公墓墓位',
    'funeral.plot.export': '导出公墓墓位清单',
    'funeral.plot.read': '查看公墓墓位及安葬人',
    'funeral.plot.sell': '出售公墓墓位',
    'funeral.plot.reserve': '预订公墓墓位',
    'funeral.plot.inter': '登记墓位安葬',
    'funeral.plot.renew': '墓位续期',
    'funeral.eco_burial.record': '登记生态安葬',
    'funeral.eco_burial.list': '查看生态安葬记录',
    'funeral.eco_burial.export': '导出生态安葬记录',
    'funeral.eco_burial.pay': '发放生态安葬奖补',
    'funeral.remediation.record': '登记殡葬整治台账',
    'funeral.remediation.close': '殡葬整治台账销号',
    'funeral.remediation.export': '导出殡葬整治台账',
  },
  auditTargets: {
    funeral_plot: { label: '公墓墓位' },
    funeral_eco_burial: { label: '生态安葬记录' },
    funeral_remediation: { label: '殡葬整治台账记录' },
  },
  seedDemo: seedCemeteriesDemo,
};
