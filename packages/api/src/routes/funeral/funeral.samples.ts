/**
 * Out-of-scope samples for the funeral routes: a funeral home of 芙蓉区 (430102) with cases, and one sample
 * per route naming a record, collected from each concern's `<concern>.samples.ts`. The access test sends
 * each from another county (and a sibling facility's staff) and expects 404.
 */
import type { CoreContext } from '@social-affairs/core';
import {
  aFuneralCase,
  aFuneralFacility,
  type FuneralFacilityFixture,
} from '@social-affairs/core/funeral/testing';
import type { RouteSamples } from '../../server-line';
import { billingSamples } from './billing.samples';
import { cemeteriesSamples } from './cemeteries.samples';
import { certificatesSamples } from './certificates.samples';
import { custodySamples } from './custody.samples';
import { deathsSamples } from './deaths.samples';
import { facilitiesSamples } from './facilities.samples';
import { qingmingSamples } from './qingming.samples';
import { statisticsSamples } from './statistics.samples';

export interface FuneralSampleBase {
  /** A funeral home of 芙蓉区. */
  facility: FuneralFacilityFixture;
  /** A public-benefit cemetery of 芙蓉区. */
  cemetery: FuneralFacilityFixture;
  /** An identified decedent's case in storage. */
  caseId: string;
  /** An unidentified body's case in storage. */
  unidentifiedCaseId: string;
  subject: { personId: string };
}

export async function funeralSamples(
  core: CoreContext,
  subject: { personId: string },
): Promise<RouteSamples> {
  const facility = await aFuneralFacility(core, { county: '430102' });
  const cemetery = await aFuneralFacility(core, { county: '430102', kind: 'cemetery_public_benefit' });
  const base: FuneralSampleBase = {
    facility,
    cemetery,
    caseId: (await aFuneralCase(core, facility, { birthDate: '1940-03-03' })).id,
    unidentifiedCaseId: (await aFuneralCase(core, facility, { estimatedAge: 50 })).id,
    subject,
  };
  return {
    ...(await facilitiesSamples(core, base)),
    ...(await custodySamples(core, base)),
    ...(await certificatesSamples(core, base)),
    ...(await deathsSamples(core, base)),
    ...(await billingSamples(core, base)),
    ...(await cemeteriesSamples(core, base)),
    ...(await qingmingSamples(core, base)),
    ...(await statisticsSamples(core, base)),
  };
}
