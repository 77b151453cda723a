/** Out-of-scope access samples for the verification routes (records of 芙蓉区 430102; see disability.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import {
  createCampaign,
  importHukouMoves,
  listCampaignItems,
  listFindings,
  startComparison,
} from '@social-affairs/core/disability';
import { aDisabledPerson, anEntitlement } from '@social-affairs/core/disability/testing';
import type { RouteSamples } from '../../server-line';
import type { DisabilitySampleBase } from './disability.samples';

export async function verificationSamples(
  core: CoreContext,
  base: DisabilitySampleBase,
): Promise<RouteSamples> {
  const frozen = await aDisabledPerson(core, { county: '430102', certificateStatus: 'frozen' });
  await anEntitlement(core, frozen, { divisionCode: '430102001' });
  await startComparison(core, base.county.civilAffairs, {});
  const finding = (await listFindings(core, base.county.civilAffairs, { page: 1, pageSize: 1 })).items[0]!;
  const today = core.clock.now().toISOString().slice(0, 10);
  const campaign = await createCampaign(core, base.county.citySupervisor, {
    name: '样例清理认定',
    divisionCode: '430102',
    deadline: `${Number(today.slice(0, 4)) + 1}-01-10`,
  });
  const item = (
    await listCampaignItems(core, base.county.civilAffairs, { campaignId: campaign.id, page: 1, pageSize: 1 })
  ).items[0]!;
  const report = await importHukouMoves(core, base.county.countyClerk, {
    file: Buffer.from(
      `公民身份号码,姓名,迁出日期,迁往地\n${frozen.residentId},${frozen.name},2025-06-01,广东省深圳市\n`,
    ),
    fileName: '样例迁出名单.csv',
  });
  const onFinding = { params: { id: finding.id } };
  const onItem = { params: { id: item.id } };
  return {
    'GET /api/disability/verification/findings/:id': onFinding,
    'POST /api/disability/verification/findings/:id/answer': {
      ...onFinding,
      body: { answer: '样例核实情况' },
    },
    'POST /api/disability/verification/findings/:id/confirm': {
      ...onFinding,
      body: { note: '样例复核意见' },
    },
    'POST /api/disability/verification/findings/:id/dismiss': {
      ...onFinding,
      body: { reason: '样例排除理由' },
    },
    'GET /api/disability/verification/hukou-moves/imports/:id/report.xlsx': { params: { id: report.runId } },
    'GET /api/disability/verification/campaigns/:id': { params: { id: campaign.id } },
    'POST /api/disability/verification/campaigns/:id/sample': {
      params: { id: campaign.id },
      body: { seed: '样例', count: 1 },
      role: 'county_reviewer',
    },
    'POST /api/disability/verification/campaign-items/:id/self-check': {
      ...onItem,
      body: { result: 'verified' },
    },
    'POST /api/disability/verification/campaign-items/:id/spot-check': {
      ...onItem,
      body: { result: 'consistent' },
      role: 'county_reviewer',
    },
  };
}
