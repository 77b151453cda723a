import { rescueLine } from '@social-affairs/core/rescue';
import type { ServerLine } from '../../server-line';
import { rescueRoutes } from './index';
import { rescueSamples } from './rescue.samples';

export const rescueServerLine: ServerLine = {
  manifest: rescueLine,
  routes: rescueRoutes,
  accessSamples: (core, subject) => rescueSamples(core, subject),
};
