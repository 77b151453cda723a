/**
 * Demo data of the verification concern (idempotent): four synthetic recipients of 浏阳市 whose registries
 * disagree with their entitlements (a death in the people index, 低保 ended, a frozen certificate, a hukou
 * moved out on the imported list), one comparison run over the demo county that finds them (and whatever
 * the other concerns' demo recipients give), and one 清理认定 campaign in progress over the county.
 */
import {
  composeDisabilityCertificateNumber,
  composeResidentId,
  newId,
  type PlainDate,
} from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { createPerson } from '../people/index';
import { DEMO_DISABILITY_COUNTY, DEMO_DISABILITY_TOWNSHIPS } from './core.demo-seed';
import { grantEntitlement } from './entitlements';
import { addMonthsToMonth, monthOf } from './rules';
import {
  createCampaign,
  drawCampaignSample,
  listCampaignItems,
  selfCheckItem,
} from './verification.campaigns';
import {
  countyCompared,
  insertDemoCertificate,
  insertDemoMembership,
  markDemoDeceased,
  personIdByResidentId,
} from './verification.demo-seed.repository';
import { insertMove } from './verification.repository';
import { compareCounty, today } from './verification.service';

const DEMO = [
  { name: '欧阳核实', birth: '1951-04-12', seq: 701, case: 'death' },
  { name: '司马低保', birth: '1962-08-03', seq: 703, case: 'dibao' },
  { name: '上官冻结', birth: '1978-11-21', seq: 705, case: 'frozen' },
  { name: '诸葛迁出', birth: '1985-02-17', seq: 707, case: 'moved' },
  { name: '东方特困', birth: '1949-09-30', seq: 709, case: 'tekun' },
] as const;

export async function seedVerificationDemo(ctx: CoreContext): Promise<void> {
  const county = DEMO_DISABILITY_COUNTY;
  if (await countyCompared(ctx.db.kysely, county)) return;
  const system = systemActor('seed', county);
  const on = today(ctx);
  const month = monthOf(on);
  const fromMonth = addMonthsToMonth(month, -6);
  const now = ctx.clock.now().toISOString();
  const lastMonthDay = `${addMonthsToMonth(month, -1)}-15`;
  for (const [i, d] of DEMO.entries()) {
    const residentId = composeResidentId(county, d.birth as PlainDate, d.seq);
    if (await personIdByResidentId(ctx.db.kysely, residentId)) continue;
    const person = await createPerson(ctx, system, {
      residentId,
      name: d.name,
      sex: d.seq % 2 ? 'male' : 'female',
      birthDate: d.birth,
      hukouDivisionCode: county,
      source: '残疾人福利',
    });
    const certificateId = newId();
    await insertDemoCertificate(ctx.db.kysely, {
      id: certificateId,
      number: composeDisabilityCertificateNumber(residentId, 4, 1),
      personId: person.id,
      status: d.case === 'frozen' ? 'frozen' : 'valid',
      statusOn: d.case === 'frozen' ? lastMonthDay : '2020-01-01',
      divisionCode: county,
      at: now,
    });
    await insertDemoMembership(ctx.db.kysely, {
      personId: person.id,
      program: 'dibao',
      fromDate: '2020-01-01',
      divisionCode: county,
      toDate: d.case === 'dibao' || d.case === 'tekun' ? lastMonthDay : null,
      rollName: d.name,
      at: now,
    });
    if (d.case === 'tekun') {
      await insertDemoMembership(ctx.db.kysely, {
        personId: person.id,
        program: 'tekun',
        fromDate: `${month}-01`,
        divisionCode: county,
        toDate: null,
        rollName: d.name,
        at: now,
      });
    }
    const township = DEMO_DISABILITY_TOWNSHIPS[i % 2]!;
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const subsidy of ['living', 'care'] as const) {
        await grantEntitlement(
          trx,
          system,
          {
            personId: person.id,
            subsidy,
            divisionCode: township,
            countyCode: county,
            applicationId: null,
            certificateId,
            fromMonth,
            source: 'manual',
            sourceId: null,
            note: '演示数据',
          },
          now,
        );
      }
    });
    if (d.case === 'death') {
      await markDemoDeceased(ctx.db.kysely, person.id, lastMonthDay);
    }
    if (d.case === 'moved') {
      await insertMove(ctx.db.kysely, {
        id: newId(),
        residentId,
        name: d.name,
        birthDate: d.birth,
        movedOutOn: lastMonthDay,
        destination: '广东省深圳市南山区',
        destinationCode: '440305',
        countyCode: county,
        personId: person.id,
        matchedBy: 'resident_id',
        matchScore: null,
        naturalKey: `id:${residentId}|${lastMonthDay}`,
        importRunId: null,
        createdAt: now,
      });
    }
  }
  await compareCounty(ctx, system, county, on, 'job');
  const deadline = `${addMonthsToMonth(month, 1)}-10`;
  const campaign = await createCampaign(ctx, systemActor('seed', '430100'), {
    name: `${on.slice(0, 4)}年浏阳市两项补贴清理认定`,
    divisionCode: county,
    deadline,
    note: '演示：乡镇自查全覆盖，县级按 20% 第三方抽查',
  });
  // In progress: 淮川街道 has self-checked its first recipients, the county has drawn its sample.
  const township = DEMO_DISABILITY_TOWNSHIPS[0];
  const first = await listCampaignItems(ctx, systemActor('seed', township), {
    campaignId: campaign.id,
    page: 1,
    pageSize: 3,
  });
  for (const item of first.items)
    await selfCheckItem(ctx, systemActor('seed', township), item.id, { result: 'verified' });
  await drawCampaignSample(ctx, systemActor('seed', county), campaign.id, {
    seed: `${on}-抽查`,
    percent: 20,
  });
}
