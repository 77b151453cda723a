/** Out-of-scope access samples for the governance routes (records of 芙蓉区 430102; see rescue.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import { aGovernanceFixture } from '@social-affairs/core/rescue/testing';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

export async function governanceSamples(core: CoreContext, base: RescueSampleBase): Promise<RouteSamples> {
  // A returnee homed in 430202, an at-risk person of 430102, a confirmed flag (later case in 430104) with
  // its alert to 430202, a lead of the 430102 station: none is visible from 430181.
  const g = await aGovernanceFixture(core, base.station);
  const P = '/api/rescue/governance';
  return {
    [`GET ${P}/returnees/:id`]: { params: { id: g.returneeId } },
    [`POST ${P}/returnees/:id/follow-ups`]: {
      params: { id: g.returneeId },
      body: {
        visitedOn: '2026-01-05',
        party: 'station',
        visitorName: '样例',
        method: 'phone',
        situation: '样例回访',
        atHome: true,
        needs: [],
      },
    },
    [`PUT ${P}/returnees/:id/home`]: { params: { id: g.returneeId }, body: { homeDivisionCode: '430181' } },
    // Linking a person of 430102 (the outsider registers in its own county 430181): 404.
    [`POST ${P}/at-risk`]: {
      params: {},
      body: {
        divisionCode: '430181',
        name: '样例',
        sex: 'female',
        kinds: ['dementia'],
        homeAddress: '样例',
        contacts: [{ name: '样例', relation: '儿子', phone: '13800001111' }],
        personId: base.subject.personId,
      },
    },
    [`GET ${P}/at-risk/:id`]: { params: { id: g.atRiskId } },
    [`PUT ${P}/at-risk/:id`]: {
      params: { id: g.atRiskId },
      body: {
        name: '样例',
        sex: 'female',
        kinds: ['dementia'],
        homeAddress: '样例',
        contacts: [{ name: '样例', relation: '儿子', phone: '13800001111' }],
        personId: base.subject.personId,
        version: 1,
      },
    },
    [`POST ${P}/at-risk/:id/close`]: { params: { id: g.atRiskId }, body: { reason: '样例' } },
    [`POST ${P}/repeat-flags/:id/decision`]: {
      params: { id: g.flagId },
      body: { decision: 'rejected', reason: '样例排除' },
    },
    [`POST ${P}/alerts/:id/acknowledge`]: { params: { id: g.alertId }, body: { actionTaken: '样例处理' } },
    [`POST ${P}/patrol-leads`]: {
      params: {},
      body: {
        stationId: base.station.id,
        receivedAt: '2026-01-05T01:00:00.000Z',
        source: 'police',
        reporter: '样例',
        placeDivisionCode: '430102',
        placeDescription: '样例',
        personDescription: '样例人员',
      },
    },
    [`POST ${P}/patrol-leads/:id/response`]: {
      params: { id: g.leadId },
      body: {
        respondedAt: '2026-01-05T01:10:00.000Z',
        outcome: 'rescued',
        caseId: base.caseId,
        version: 1,
      },
    },
  };
}
