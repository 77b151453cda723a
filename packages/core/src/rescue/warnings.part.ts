/** The warnings concern of the rescue line (预警、统计与热线录音): what it adds to the manifest (line-part.ts). */
import { hotlineRetentionJob } from './hotline.service';
import type { RescuePart } from './line-part';
import * as m0025 from './migrations/0025-rescue-hotline';
import { seedRescueDemo } from './rescue.demo-seed';
import { warningsTodos } from './warnings.service';

export const warningsPart: RescuePart = {
  migrations: { '0025-rescue-hotline': m0025 },
  jobs: [hotlineRetentionJob],
  todos: warningsTodos,
  auditActions: {
    'rescue.warnings.export': '导出救助预警清单',
    'rescue.hotline.record': '登记救助热线来电',
    'rescue.hotline.search': '按来电号码查询救助热线记录',
    'rescue.hotline.export': '导出救助热线来电记录',
    'rescue.hotline.purge': '清除到期的救助热线录音（R-RES-14）',
  },
  auditTargets: {
    rescue_hotline: { label: '救助热线来电' },
  },
  seedDemo: seedRescueDemo,
};
