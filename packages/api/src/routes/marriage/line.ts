import { marriageLine } from '@social-affairs/core/marriage';
import type { ServerLine } from '../../server-line';
import { marriageRoutes } from './index';
import { marriageSamples } from './marriage.samples';

export const marriageServerLine: ServerLine = {
  manifest: marriageLine,
  routes: marriageRoutes,
  accessSamples: (core) => marriageSamples(core),
};
