/** Out-of-scope access samples for the applications routes (records of 芙蓉区 430102; see disability.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import type { RouteSamples } from '../../server-line';
import type { DisabilitySampleBase } from './disability.samples';

export async function applicationsSamples(
  _core: CoreContext,
  _base: DisabilitySampleBase,
): Promise<RouteSamples> {
  return Promise.resolve({});
}
