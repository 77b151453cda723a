/** The statistics concern of the funeral line: what it adds to the manifest (line-part.ts). */
import type { FuneralPart } from './line-part';
import * as m0040 from './migrations/0040-funeral-statistics';

export const statisticsPart: FuneralPart = {
  migrations: { '0040-funeral-statistics': m0040 },
  auditActions: {
    'funeral.exchange.export': '导出殡葬数据交换文件',
  },
  auditTargets: {
    funeral_exchange: { label: '殡葬数据交换' },
  },
};
