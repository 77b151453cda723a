/**
 * Out-of-scope samples for the rescue routes: a station of 芙蓉区 (430102) with cases, and one sample per
 * route naming a record, collected from each concern's `<concern>.samples.ts`. The access test sends each
 * from another county (and a sibling station's staff) and expects 404.
 */
import type { CoreContext } from '@social-affairs/core';
import { aRescueCase, aRescueStation, type RescueStationFixture } from '@social-affairs/core/rescue/testing';
import type { RouteSamples } from '../../server-line';
import { actionsSamples } from './actions.samples';
import { departureSamples } from './departure.samples';
import { familySamples } from './family.samples';
import { governanceSamples } from './governance.samples';
import { intakeSamples } from './intake.samples';
import { publicFamilySearchSamples } from './public-family-search.samples';
import { stationsSamples } from './stations.samples';
import { staySamples } from './stay.samples';
import { warningsSamples } from './warnings.samples';

export interface RescueSampleBase {
  station: RescueStationFixture;
  /** An open case of an unidentified adult man at the station. */
  caseId: string;
  /** An open case of an identified woman. */
  identifiedCaseId: string;
  subject: { personId: string };
}

export async function rescueSamples(core: CoreContext, subject: { personId: string }): Promise<RouteSamples> {
  const station = await aRescueStation(core, { county: '430102' });
  const base: RescueSampleBase = {
    station,
    caseId: (await aRescueCase(core, station, { estimatedAge: 45 })).id,
    identifiedCaseId: (await aRescueCase(core, station, { sex: 'female', birthDate: '1985-04-04' })).id,
    subject,
  };
  return {
    ...(await stationsSamples(core, base)),
    ...(await intakeSamples(core, base)),
    ...(await staySamples(core, base)),
    ...(await actionsSamples(core, base)),
    ...(await departureSamples(core, base)),
    ...(await warningsSamples(core, base)),
    ...(await familySamples(core, base)),
    ...(await governanceSamples(core, base)),
    ...(await publicFamilySearchSamples(core, base)),
  };
}
