import { funeralLine } from '@social-affairs/core/funeral';
import type { ServerLine } from '../../server-line';
import { funeralRoutes } from './index';
import { funeralSamples } from './funeral.samples';

export const funeralServerLine: ServerLine = {
  manifest: funeralLine,
  routes: funeralRoutes,
  accessSamples: (core, subject) => funeralSamples(core, subject),
};
