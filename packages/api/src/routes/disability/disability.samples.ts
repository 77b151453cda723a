/**
 * Out-of-scope samples for the disability routes: records of 芙蓉区 (430102, township 文艺路街道 430102001)
 * — a certificate holder with an application and an entitlement — and one sample per route naming a
 * record, collected from each concern's `<concern>.samples.ts`. The access test sends each from another
 * county and expects 404.
 */
import type { CoreContext } from '@social-affairs/core';
import {
  aDisabilityCounty,
  aDisabledPerson,
  anApplication,
  anEntitlement,
  type DisabilityCountyFixture,
  type DisabledPersonFixture,
} from '@social-affairs/core/disability/testing';
import type { RouteSamples } from '../../server-line';
import { applicationsSamples } from './applications.samples';
import { certificatesSamples } from './certificates.samples';
import { outreachSamples } from './outreach.samples';
import { paymentsSamples } from './payments.samples';
import { rehabSamples } from './rehab.samples';
import { reviewSamples } from './review.samples';
import { rosterSamples } from './roster.samples';
import { verificationSamples } from './verification.samples';

export interface DisabilitySampleBase {
  /** Accounts of 芙蓉区 (township 430102001, other township 430102002). */
  county: DisabilityCountyFixture;
  /** A grade-2 limb certificate holder of 芙蓉区 on 低保. */
  person: DisabledPersonFixture;
  /** A received care application of that person at 430102001. */
  applicationId: string;
  applicationNo: string;
  /** An active care entitlement of another holder at 430102001. */
  entitlementId: string;
  subject: { personId: string };
}

export async function disabilitySamples(
  core: CoreContext,
  subject: { personId: string },
): Promise<RouteSamples> {
  const county = await aDisabilityCounty(core, {
    county: '430102',
    township: '430102001',
    otherTownship: '430102002',
  });
  const person = await aDisabledPerson(core, { county: '430102', dibaoFrom: '2020-01-01' });
  const app = await anApplication(core, person, { divisionCode: '430102001' });
  const other = await aDisabledPerson(core, { county: '430102', grade: 1 });
  const ent = await anEntitlement(core, other, { divisionCode: '430102001' });
  const base: DisabilitySampleBase = {
    county,
    person,
    applicationId: app.id,
    applicationNo: app.applicationNo,
    entitlementId: ent.id,
    subject,
  };
  return {
    ...(await certificatesSamples(core, base)),
    ...(await applicationsSamples(core, base)),
    ...(await reviewSamples(core, base)),
    ...(await rosterSamples(core, base)),
    ...(await paymentsSamples(core, base)),
    ...(await verificationSamples(core, base)),
    ...(await outreachSamples(core, base)),
    ...(await rehabSamples(core, base)),
  };
}
