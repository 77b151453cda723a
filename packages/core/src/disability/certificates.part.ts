/**
 * The certificates-and-standards concern of the disability line (D1): the 残疾人证 register fed from the
 * federation (import, manual entry, status changes, daily expiry), and the subsidy standards — what it
 * adds to the manifest (line-part.ts). Its demo seed runs first among the concerns.
 */
import { seedCertificatesDemo } from './certificates.demo-seed';
import { expireCertificates } from './certificates.service';
import { certificatesTodos } from './certificates.todos';
import type { DisabilityPart } from './line-part';
import * as m0043 from './migrations/0043-disability-certificates';

export const certificatesPart: DisabilityPart = {
  migrations: { '0043-disability-certificates': m0043 },
  jobs: [
    {
      name: 'disability.certificates-expire',
      description: '残疾人证到期标记：有效期届满的残疾人证自次日起记为已过期（保留历史、记入审计）',
      intervalMinutes: () => 360,
      runAtStart: true,
      run: async (ctx) => expireCertificates(ctx),
    },
  ],
  auditActions: {
    'disability.certificate.record': '登记残疾人证',
    'disability.certificate.status': '残疾人证状态变更（冻结、注销、过期、恢复有效）',
    'disability.certificate.update': '更正残疾人证信息',
    'disability.certificate.list': '查看残疾人证台账',
    'disability.certificate.export': '导出残疾人证台账',
    'disability.certificate.read': '查看残疾人证及其变更记录',
    'disability.certificate.demo-seed': '载入残疾人证演示数据',
    'disability.standard.create': '制定补贴标准',
    'disability.standard.withdraw': '撤销补贴标准',
    'disability.standard.lookup': '测算人员的补贴标准',
  },
  auditTargets: {
    disability_standard: { label: '补贴标准' },
  },
  todos: certificatesTodos,
  seedDemo: seedCertificatesDemo,
};
