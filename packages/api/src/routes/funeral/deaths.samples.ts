/** Out-of-scope access samples for the deaths routes (records of 芙蓉区 430102; see funeral.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import type { RouteSamples } from '../../server-line';
import type { FuneralSampleBase } from './funeral.samples';

export async function deathsSamples(_core: CoreContext, _base: FuneralSampleBase): Promise<RouteSamples> {
  return Promise.resolve({});
}
