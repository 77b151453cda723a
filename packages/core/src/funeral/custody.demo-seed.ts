/**
 * Demo data of the custody concern: a dozen bodies at the demo funeral homes (facilities concern first)
 * in every step — an order waiting for collection, bodies in storage (one with today's farewell, one
 * waiting for documents, an unnatural death waiting for forensic clearance, an unidentified body in its
 * claim notice), a body after its farewell ready for cremation, an urn waiting for the family, ashes
 * released and stored, a cancelled order. Synthetic names, resident ids with valid checksums. Idempotent:
 * skipped when the Changsha funeral home already has cases. The death certificates of the finished cases
 * are written directly (the deaths concern's own seed records its certificates through its service).
 */
import { addDays, composeResidentId, newId, parsePlainDate, type PlainDate } from '@social-affairs/kernel';
import {
  createFuneralCaseBody,
  recordFuneralCaseDocumentBody,
} from '@social-affairs/kernel/contracts/funeral';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { insertCaseDocument } from './cases.repository';
import { anyCaseCreatedBy, setOpenUnidentifiedNotice } from './custody.repository';
import {
  bookFuneralFarewell,
  cancelFuneralCase,
  createFuneralCase,
  custodyToday,
  recordAshesRelease,
  recordAshesStorage,
  recordCaseDocument,
  recordCollection,
  recordCremation,
  recordFarewell,
  recordStorage,
} from './custody.service';
import { DEMO_FACILITIES, findDemoFacility } from './facilities.demo-seed';

type Stage =
  | 'ordered'
  | 'collected'
  | 'in_storage'
  | 'farewell'
  | 'cremated'
  | 'ashes_released'
  | 'ashes_stored'
  | 'cancelled';

interface DemoCase {
  name: string | null;
  sex: 'male' | 'female';
  birth: string;
  seq: number;
  daysAgo: number;
  stage: Stage;
  /** Record every document the cremation gate needs. */
  complete?: boolean;
  manner?: 'natural' | 'unnatural';
  unidentified?: boolean;
  farewellToday?: string;
  place?: string;
  home?: 'changsha' | 'zhuzhou';
}

const CASES: readonly DemoCase[] = [
  { name: '陈桂兰', sex: 'female', birth: '1938-04-12', seq: 22, daysAgo: 0, stage: 'ordered' },
  { name: '赵德明', sex: 'male', birth: '1942-09-01', seq: 31, daysAgo: 0, stage: 'collected' },
  {
    name: '周秀英',
    sex: 'female',
    birth: '1935-01-20',
    seq: 42,
    daysAgo: 1,
    stage: 'in_storage',
    complete: true,
    farewellToday: '10:30',
    place: 'A-03',
  },
  {
    name: '吴建华',
    sex: 'male',
    birth: '1950-06-18',
    seq: 53,
    daysAgo: 1,
    stage: 'in_storage',
    place: 'A-04',
  },
  {
    name: '郑国强',
    sex: 'male',
    birth: '1968-11-30',
    seq: 61,
    daysAgo: 2,
    stage: 'in_storage',
    manner: 'unnatural',
    complete: true,
    place: 'B-01',
  },
  {
    name: null,
    sex: 'male',
    birth: '1960-01-01',
    seq: 0,
    daysAgo: 27,
    stage: 'in_storage',
    unidentified: true,
    place: 'C-01',
  },
  {
    name: '孙玉珍',
    sex: 'female',
    birth: '1940-07-07',
    seq: 72,
    daysAgo: 2,
    stage: 'farewell',
    complete: true,
    place: 'A-05',
  },
  {
    name: '钱志刚',
    sex: 'male',
    birth: '1945-03-15',
    seq: 81,
    daysAgo: 3,
    stage: 'cremated',
    complete: true,
    place: 'A-06',
  },
  {
    name: '李淑芬',
    sex: 'female',
    birth: '1939-12-24',
    seq: 92,
    daysAgo: 4,
    stage: 'ashes_released',
    complete: true,
    place: 'A-07',
  },
  {
    name: '黄振华',
    sex: 'male',
    birth: '1944-05-05',
    seq: 101,
    daysAgo: 5,
    stage: 'ashes_stored',
    complete: true,
    place: 'A-08',
  },
  { name: '何美玲', sex: 'female', birth: '1951-08-08', seq: 112, daysAgo: 0, stage: 'cancelled' },
  {
    name: '马长林',
    sex: 'male',
    birth: '1947-02-14',
    seq: 121,
    daysAgo: 1,
    stage: 'in_storage',
    home: 'zhuzhou',
    place: '1号柜',
  },
];

const ORDER: Stage[] = ['ordered', 'collected', 'in_storage', 'farewell', 'cremated'];
const reached = (stage: Stage, step: Stage) => {
  if (stage === 'ashes_released' || stage === 'ashes_stored') return ORDER.includes(step);
  return ORDER.indexOf(stage) >= ORDER.indexOf(step);
};

export async function seedCustodyDemo(ctx: CoreContext): Promise<void> {
  const changsha = await findDemoFacility(ctx, DEMO_FACILITIES.changshaHome);
  const zhuzhou = await findDemoFacility(ctx, DEMO_FACILITIES.zhuzhouHome);
  const columbarium = await findDemoFacility(ctx, DEMO_FACILITIES.changshaColumbarium);
  if (!changsha) return;
  if (await anyCaseCreatedBy(ctx.db.kysely, changsha.id, 'seed')) return;
  const actor = systemActor('seed', '430000');
  const today = custodyToday(ctx);
  for (const d of CASES) {
    const home = d.home === 'zhuzhou' ? zhuzhou : changsha;
    if (!home) continue;
    const county = home.divisionCode.slice(0, 6);
    const residentId = d.unidentified
      ? null
      : composeResidentId(county, parsePlainDate(d.birth), d.seq * 2 + (d.sex === 'male' ? 1 : 0));
    const agentId = composeResidentId(county, parsePlainDate('1972-03-03'), (d.seq * 2 + 500) % 1000);
    const deathDate: PlainDate = addDays(today, -d.daysAgo);
    const created = await createFuneralCase(
      ctx,
      actor,
      createFuneralCaseBody.parse({
        facilityId: home.id,
        residentId,
        nameGiven: d.name,
        sex: d.sex,
        estimatedAge: d.unidentified ? 65 : null,
        deathDate,
        deathPlace: d.unidentified
          ? '湘江风光带（河西段）'
          : d.daysAgo % 2 === 0
            ? '中南大学湘雅医院'
            : '家中',
        deathDivisionCode: county,
        deathManner: d.manner ?? 'natural',
        hospitalDeath: !d.unidentified && d.daysAgo % 2 === 0,
        unclaimed: false,
        disposition: 'cremation',
        agent: d.unidentified
          ? null
          : { name: `${d.name!.slice(0, 1)}晓东`, phone: '13807310000', relation: '子女' },
        carrier: d.home === 'zhuzhou' ? 'family_own' : 'funeral_home_vehicle',
        pickupAddress: d.unidentified ? '湘江风光带（河西段）' : '天心区书院路 88 号',
        pickupTime: d.stage === 'ordered' ? '今天 15:30' : null,
        deathProof: {
          issuer: d.unidentified
            ? '长沙市公安局天心分局'
            : d.daysAgo % 2 === 0
              ? '中南大学湘雅医院'
              : '天心区金盆岭街道社区卫生服务中心',
          issuedOn: deathDate,
          number: null,
          note: null,
        },
      }),
    );
    const id = created.id;
    const code = created.bodyCode;
    if (d.stage === 'cancelled') {
      await cancelFuneralCase(ctx, actor, id, { reason: '家属决定送回原籍安葬（演示）' });
      continue;
    }
    if (reached(d.stage, 'collected')) {
      await recordCollection(ctx, actor, id, {
        scannedCode: code,
        vehicle: d.home === 'zhuzhou' ? null : '湘A·殡018',
        note: null,
      });
    }
    if (reached(d.stage, 'in_storage')) {
      await recordStorage(ctx, actor, id, { scannedCode: code, place: d.place ?? 'D-01', note: null });
    }
    if (d.farewellToday) {
      await bookFuneralFarewell(ctx, actor, id, { hall: '二号告别厅', on: today, time: d.farewellToday });
    }
    if (d.complete) {
      await insertCaseDocument(ctx.db.kysely, {
        id: newId(),
        caseId: id,
        kind: 'death_certificate',
        number: `${county}-${today.slice(0, 4)}-${String(d.seq).padStart(6, '0')}`,
        issuer: '中南大学湘雅医院',
        issuedOn: deathDate,
        note: '演示数据',
        attachmentId: null,
        status: 'valid',
        revokedReason: null,
        recordedBy: 'seed',
        recordedAt: ctx.clock.now().toISOString(),
      });
      const doc = (input: Record<string, unknown>) => recordFuneralCaseDocumentBody.parse(input);
      await recordCaseDocument(
        ctx,
        actor,
        id,
        doc({ kind: 'cremation_confirmation', issuer: `${d.name!.slice(0, 1)}晓东` }),
      );
      await recordCaseDocument(ctx, actor, id, doc({ kind: 'deceased_id_check', residentId }));
      await recordCaseDocument(ctx, actor, id, doc({ kind: 'agent_id_check', residentId: agentId }));
    }
    if (d.stage === 'in_storage') continue;
    if (reached(d.stage, 'farewell')) {
      await recordFarewell(ctx, actor, id, { scannedCode: code, hall: '一号告别厅', note: null });
    }
    if (reached(d.stage, 'cremated')) {
      const { urnCode } = await recordCremation(ctx, actor, id, {
        scannedCode: code,
        cremator: '2号炉',
        note: null,
      });
      if (d.stage === 'ashes_released') {
        await recordAshesRelease(ctx, actor, id, {
          scannedCode: urnCode!,
          collectorName: `${d.name!.slice(0, 1)}晓东`,
          collectorResidentId: agentId,
          note: null,
        });
      } else if (d.stage === 'ashes_stored' && columbarium) {
        await recordAshesStorage(ctx, actor, id, {
          scannedCode: urnCode!,
          columbariumId: columbarium.id,
          niche: '东区-3排-12号',
          note: null,
        });
      }
    }
  }
  // The unidentified body: police confirmation and a claim notice ending in three days (facts the deaths
  // concern normally writes; its own seed may add the photo and DNA record).
  await setOpenUnidentifiedNotice(ctx.db.kysely, changsha.id, 'seed', {
    policeConfirmedAt: ctx.clock.now().toISOString(),
    noticeStartedOn: addDays(today, -27),
    noticeEndsOn: addDays(today, 3),
  });
}
