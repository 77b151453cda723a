import { disabilityLine } from '@social-affairs/core/disability';
import type { ServerLine } from '../../server-line';
import { disabilityRoutes } from './index';
import { disabilitySamples } from './disability.samples';

export const disabilityServerLine: ServerLine = {
  manifest: disabilityLine,
  routes: disabilityRoutes,
  accessSamples: (core, subject) => disabilitySamples(core, subject),
};
