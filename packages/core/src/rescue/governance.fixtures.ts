/**
 * Test fixtures of source governance (源头治理) for other packages (`@social-affairs/core/rescue/testing`):
 * one record of each kind around a station — a returnee (home county 430202), an at-risk person, a
 * repeat-wanderer flag confirmed with its alert to 430202, and a patrol lead — written through the
 * services under the system actor.
 */
import { composeResidentId, type PlainDate } from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { createAtRisk } from './at-risk.service';
import { closeDemoCaseAsReturned } from './governance.repository';
import { runSourceGovernance } from './governance.service';
import { recordPatrolLead } from './patrol-leads.service';
import { decideRepeatFlag, listGovernanceAlerts, listRepeatFlags } from './repeat-wanderers.service';
import { aRescueCase, aRescueStation, type RescueStationFixture } from './rescue.fixtures';
import { listReturnees } from './returnees.service';

export interface GovernanceFixture {
  returneeId: string;
  atRiskId: string;
  flagId: string;
  alertId: string;
  leadId: string;
  /** The station of the later case (the earlier one is `station`). */
  otherStation: RescueStationFixture;
}

/** One governance record of each kind around `station` (its county, plus a second county 430104). */
export async function aGovernanceFixture(
  ctx: CoreContext,
  station: RescueStationFixture,
): Promise<GovernanceFixture> {
  const sys = systemActor('test', '000000');
  const other = await aRescueStation(ctx, { county: '430104' });
  const now = Date.parse(ctx.clock.now().toISOString());
  const earlier = await aRescueCase(ctx, station, {
    birthDate: '1966-03-04',
    name: '邓国华',
    status: 'departed',
    enteredAt: new Date(now - 40 * 86_400_000).toISOString(),
  });
  await ctx.db.kysely
    .updateTable('people')
    .set({
      residentId: composeResidentId('430202', '1966-03-04' as PlainDate, 715),
      hukouDivisionCode: '430202',
    })
    .where('id', '=', earlier.personId)
    .execute();
  const departedOn = new Date(now - 30 * 86_400_000).toISOString();
  await closeDemoCaseAsReturned(
    ctx.db.kysely,
    { id: earlier.id, stationId: station.id, divisionCode: station.divisionCode },
    departedOn.slice(0, 10),
    '株洲市荷塘区',
    departedOn,
  );
  const later = await aRescueCase(ctx, other, { birthDate: '1966-03-04', name: '邓国华' });
  await ctx.db.kysely
    .updateTable('rescueCases')
    .set({ personId: earlier.personId })
    .where('id', '=', later.id)
    .execute();
  await runSourceGovernance(ctx);
  const returnee = (await listReturnees(ctx, sys, { page: 1, pageSize: 200 })).items.find(
    (r) => r.caseId === earlier.id,
  )!;
  const flag = (await listRepeatFlags(ctx, sys, { page: 1, pageSize: 200 })).items.find(
    (f) => f.current.caseId === later.id,
  )!;
  await decideRepeatFlag(ctx, sys, flag.id, { decision: 'confirmed', reason: '测试：身份证号码一致' });
  const alert = (await listGovernanceAlerts(ctx, sys, { page: 1, pageSize: 200 })).items.find(
    (a) => a.flagId === flag.id,
  )!;
  const atRisk = await createAtRisk(ctx, systemActor('test', station.divisionCode), {
    divisionCode: station.divisionCode,
    name: '彭桂英',
    sex: 'female',
    birthDate: '1941-09-03' as PlainDate,
    kinds: ['dementia'],
    homeAddress: '测试社区',
    contacts: [{ name: '彭建平', relation: '儿子', phone: '13800001201' }],
    notes: null,
    personId: null,
  });
  const lead = await recordPatrolLead(ctx, sys, {
    stationId: station.id,
    receivedAt: new Date(now - 3_600_000).toISOString(),
    source: 'police',
    reporter: '测试派出所',
    reporterPhone: null,
    placeDivisionCode: station.divisionCode,
    placeDescription: '测试广场',
    personDescription: '一名男子露宿',
  });
  return {
    returneeId: returnee.id,
    atRiskId: atRisk.id,
    flagId: flag.id,
    alertId: alert.id,
    leadId: lead.id,
    otherStation: other,
  };
}
