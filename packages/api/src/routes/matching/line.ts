import { matchingLine } from '@social-affairs/core/matching';
import type { ServerLine } from '../../server-line';
import { matchingRoutes } from './index';
import { matchingSamples } from './matching.samples';

export const matchingServerLine: ServerLine = {
  manifest: matchingLine,
  routes: matchingRoutes,
  accessSamples: (core, subject) => matchingSamples(core, subject.personId),
};
