/**
 * Demo data of the cemeteries concern (after the facilities concern's; idempotent): a few hundred plots in
 * the demo cemeteries (mixed status, some terms expiring or expired, deceased people of the index interred
 * in some), a few eco burials with awards, and about twenty remediation findings across Hunan counties —
 * some closed with a closure photo, some past their deadline. Every name and number is synthetic.
 */
import {
  addDays,
  addMonths,
  childrenOf,
  newId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import type { Insertable } from 'kysely';
import { systemActor } from '../access/index';
import { storeAttachment } from '../attachments/index';
import type { CoreContext } from '../context';
import type { FuneralPlotsTable } from './cemeteries.table';
import { insertEcoBurial, insertInterment, insertPlots } from './cemeteries.repository';
import {
  anyEcoBurial,
  anyRemediationFinding,
  deceasedWithoutGrave,
  facilityHasPlots,
} from './cemeteries.demo-seed.repository';
import { closeFindingRow, insertFinding } from './remediation.repository';
import { DEMO_FACILITIES, findDemoFacility } from './facilities.demo-seed';
import { REMEDIATION_OWNER_TYPE } from './remediation.service';
import type { RemediationCategory, LocationFlag } from '@social-affairs/kernel/contracts/funeral';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高'];
const GIVEN = [
  '建华',
  '秀英',
  '国庆',
  '桂兰',
  '志强',
  '玉梅',
  '德明',
  '淑芬',
  '长生',
  '春花',
  '海平',
  '冬梅',
];

/** A one-page PDF with a line of ASCII text (a stand-in for a closure photo's scan). */
export function demoPdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 50 780 Td (${text.replace(/[^\x20-\x7e]|[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function seedPlots(ctx: CoreContext, today: PlainDate): Promise<void> {
  const db = ctx.db.kysely;
  const blocks: { name: string; sections: string[]; rows: number; numbers: number; areaDm2: number }[] = [
    { name: DEMO_FACILITIES.changshaPublicCemetery, sections: ['A', 'B'], rows: 8, numbers: 12, areaDm2: 80 },
    { name: DEMO_FACILITIES.commercialCemetery, sections: ['福', '寿'], rows: 6, numbers: 10, areaDm2: 100 },
    { name: DEMO_FACILITIES.ruralCemetery, sections: ['A'], rows: 4, numbers: 8, areaDm2: 90 },
  ];
  const deceased = await deceasedWithoutGrave(db, 60);
  let dead = 0;
  let n = 0;
  for (const b of blocks) {
    const f = await findDemoFacility(ctx, b.name);
    if (!f) continue;
    if (await facilityHasPlots(db, f.id)) continue;
    const now = ctx.clock.now().toISOString();
    const rows: Insertable<FuneralPlotsTable>[] = [];
    const interments: { plotId: string; personId: string }[] = [];
    for (const section of b.sections) {
      for (let r = 1; r <= b.rows; r++) {
        for (let k = 1; k <= b.numbers; k++) {
          n++;
          const roll = (n * 7919) % 100;
          const status = roll < 45 ? 'free' : roll < 70 ? 'reserved' : 'occupied';
          // Terms: most from past years; some ending within the year (expiring), a few already ended.
          const yearsAgo = roll % 3 === 0 ? 19 : roll % 7 === 0 ? 21 : (roll % 15) + 1;
          const termFrom = status === 'free' ? null : addMonths(today, -12 * yearsAgo - (roll % 11));
          const termUntil = termFrom ? addDays(addMonths(termFrom, 12 * 20), -1) : null;
          const id = newId();
          const name = `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 5) % GIVEN.length]}`;
          let finalStatus: 'free' | 'reserved' | 'occupied' = status;
          if (status === 'occupied') {
            const p = deceased[dead];
            if (p) {
              dead++;
              interments.push({ plotId: id, personId: p.id });
            } else {
              finalStatus = 'reserved';
            }
          }
          rows.push({
            id,
            facilityId: f.id,
            divisionCode: f.divisionCode,
            section,
            rowNo: r,
            number: k,
            kind: 'ash_grave',
            areaDm2: b.areaDm2,
            status: finalStatus,
            termFrom,
            termUntil,
            holderName: finalStatus === 'free' ? null : name,
            holderPhone:
              finalStatus === 'free'
                ? null
                : `139${String(10_000_000 + ((n * 104_729) % 89_999_999)).slice(0, 8)}`,
            holderPersonId: null,
            contractNo:
              finalStatus === 'free'
                ? null
                : `墓售〔${(termFrom ?? today).slice(0, 4)}〕${String(n).padStart(4, '0')}号`,
            createdAt: now,
            updatedAt: now,
            version: 1,
          });
        }
      }
    }
    await insertPlots(db, rows);
    for (const i of interments) {
      const plot = rows.find((r) => r.id === i.plotId)!;
      await insertInterment(db, {
        id: newId(),
        plotId: i.plotId,
        personId: i.personId,
        caseId: null,
        remains: 'ashes',
        interredOn: plot.termFrom ?? today,
        recordedBy: 'seed',
        recordedAt: now,
      });
    }
  }
}

async function seedEcoBurials(ctx: CoreContext, today: PlainDate): Promise<void> {
  const db = ctx.db.kysely;
  if (await anyEcoBurial(db)) return;
  const cemetery = await findDemoFacility(ctx, DEMO_FACILITIES.changshaPublicCemetery);
  const people = await deceasedWithoutGrave(db, 6, true);
  const kinds = ['tree', 'flower', 'lawn', 'sea', 'deep_no_mound', 'tree'] as const;
  const now = ctx.clock.now().toISOString();
  for (const [i, p] of people.entries()) {
    const inCemetery = cemetery && kinds[i] !== 'sea' && kinds[i] !== 'deep_no_mound';
    await insertEcoBurial(db, {
      id: newId(),
      personId: p.id,
      deceasedName: p.name,
      caseId: null,
      facilityId: inCemetery ? cemetery.id : null,
      divisionCode: inCemetery ? cemetery.divisionCode : p.divisionCode,
      kind: kinds[i]!,
      buriedOn: addDays(today, -20 * (i + 1)),
      place: inCemetery ? '生态园区' : kinds[i] === 'sea' ? '湘江入海集体海葬' : '村后山林地（不留坟头）',
      awardFen: 100_000,
      awardBasis: '生态安葬奖补（DESIGN 默认：每例 1000 元，以各县市区现行奖补办法为准）',
      awardStatus: i % 2 === 0 ? 'paid' : 'pending',
      paidOn: i % 2 === 0 ? addDays(today, -20 * (i + 1) + 10) : null,
      recordedBy: 'seed',
      createdAt: now,
      updatedAt: now,
    });
  }
}

const FINDINGS: {
  county: string;
  category: RemediationCategory;
  location: string;
  flags: LocationFlag[];
  description: string;
}[] = [
  {
    county: '430121',
    category: 'scattered_grave_forbidden',
    location: '京港澳高速长沙县段K1480处东侧',
    flags: ['highway'],
    description: '高速公路沿线可视范围内新建坟墓 2 座',
  },
  {
    county: '430121',
    category: 'scattered_grave_forbidden',
    location: '捞刀河河堤外侧',
    flags: ['river_dyke'],
    description: '河堤护坡上乱埋乱葬坟墓 1 座',
  },
  {
    county: '430182',
    category: 'rural_cemetery_external_sale',
    location: '某村公益性墓地',
    flags: [],
    description: '村公益性墓地向外村人员销售墓穴 6 个',
  },
  {
    county: '430182',
    category: 'scattered_grave_forbidden',
    location: '黄材水库库区周边',
    flags: ['reservoir', 'water_source_zone'],
    description: '水源保护区内新坟 3 座',
  },
  {
    county: '430181',
    category: 'illegal_cemetery',
    location: '某镇山坡',
    flags: ['forest'],
    description: '未经批准擅自建设经营性墓地，已建墓穴约 40 个',
  },
  {
    county: '430181',
    category: 'oversize_grave',
    location: '某经营性公墓C区',
    flags: [],
    description: '遗体墓穴占地约 9 平方米，超过规定面积',
  },
  {
    county: '430211',
    category: 'coffin_sale_in_cremation_zone',
    location: '某街道殡葬用品店',
    flags: [],
    description: '火葬区内销售棺木 3 副',
  },
  {
    county: '430211',
    category: 'superstitious_goods',
    location: '某农贸市场',
    flags: [],
    description: '销售纸扎“冥币”“别墅”等封建迷信丧葬用品',
  },
  {
    county: '430405',
    category: 'clan_cemetery',
    location: '某村后山',
    flags: ['cultivated_land'],
    description: '宗族墓地，占用耕地约 2 亩',
  },
  {
    county: '430405',
    category: 'scattered_grave_forbidden',
    location: '京广铁路衡阳段沿线',
    flags: ['trunk_railway'],
    description: '铁路沿线可视范围内坟墓 5 座',
  },
  {
    county: '430602',
    category: 'scattered_grave_forbidden',
    location: '南湖公园内',
    flags: ['city_park'],
    description: '城市公园内零散坟墓 1 座',
  },
  {
    county: '430602',
    category: 'illegal_cemetery',
    location: '某村集体山林',
    flags: ['forest'],
    description: '村集体擅自对外经营墓地',
  },
  {
    county: '430702',
    category: 'scattered_grave_forbidden',
    location: '某风景名胜区核心景区',
    flags: ['scenic_area'],
    description: '景区内新建坟墓 2 座',
  },
  {
    county: '430702',
    category: 'oversize_grave',
    location: '某公益性公墓',
    flags: [],
    description: '骨灰墓占地 3 平方米，超过 1 平方米限额',
  },
  {
    county: '430802',
    category: 'scattered_grave_forbidden',
    location: '某文物保护单位保护范围',
    flags: ['heritage_zone'],
    description: '文物保护范围内新坟 1 座',
  },
  {
    county: '430902',
    category: 'coffin_sale_in_cremation_zone',
    location: '某乡镇街道',
    flags: [],
    description: '火葬区内棺木加工销售点 1 处',
  },
  {
    county: '431002',
    category: 'scattered_grave_forbidden',
    location: '某村基本农田',
    flags: ['cultivated_land'],
    description: '耕地内乱埋乱葬坟墓 4 座',
  },
  {
    county: '431102',
    category: 'illegal_cemetery',
    location: '某镇林场',
    flags: ['forest'],
    description: '未经批准建设公墓，已销售墓穴 12 个',
  },
  {
    county: '431202',
    category: 'superstitious_goods',
    location: '某批发市场',
    flags: [],
    description: '批发封建迷信丧葬用品',
  },
  {
    county: '433101',
    category: 'scattered_grave_forbidden',
    location: 'G65包茂高速吉首段沿线',
    flags: ['highway'],
    description: '高速公路沿线坟墓 3 座',
  },
];

async function seedFindings(ctx: CoreContext, today: PlainDate): Promise<void> {
  const db = ctx.db.kysely;
  if (await anyRemediationFinding(db)) return;
  const seed = systemActor('seed', '430000');
  for (const [i, f] of FINDINGS.entries()) {
    const townships = childrenOf(f.county);
    const division = townships[i % Math.max(1, townships.length)]?.code ?? f.county;
    const foundOn = addDays(today, -15 * (i + 2));
    const deadline = addDays(foundOn, i % 3 === 0 ? 20 : 90);
    const closed = i % 4 === 1;
    const id = newId();
    const now = ctx.clock.now().toISOString();
    await insertFinding(db, {
      id,
      category: f.category,
      divisionCode: division,
      location: f.location,
      locationFlags: f.flags.join(','),
      facilityId: null,
      description: f.description,
      foundOn,
      deadline,
      status: 'open',
      closedOn: null,
      closureNote: null,
      evidenceAttachmentIds: '',
      createdBy: 'seed',
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    if (!closed) continue;
    const stored = await storeAttachment(ctx, seed, {
      ownerType: REMEDIATION_OWNER_TYPE,
      ownerId: id,
      kind: 'closure_photo',
      fileName: '整改后现场.pdf',
      content: demoPdf(`Synthetic closure evidence ${i}`),
    });
    await closeFindingRow(db, id, {
      closedOn: addDays(foundOn, 10),
      closureNote: '已迁移或深埋不留坟头，现场恢复原貌',
      evidenceAttachmentIds: stored.attachment.id,
      updatedAt: now,
    });
  }
}

export async function seedCemeteriesDemo(ctx: CoreContext): Promise<void> {
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  await seedPlots(ctx, today);
  await seedEcoBurials(ctx, today);
  await seedFindings(ctx, today);
}
