/** Out-of-scope access samples for the family routes (records of 芙蓉区 430102; see rescue.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

export async function familySamples(_core: CoreContext, _base: RescueSampleBase): Promise<RouteSamples> {
  return {};
}
