/**
 * Demo data of the certificates-and-standards concern (runs first among the disability concerns): about
 * 150 certificate holders among the demo people of 浏阳市 (430181; the demo townships' people first), a
 * mix of categories and grades (mostly grade 1–2; some grade 3–4 intellectual/mental), a few frozen,
 * expired and cancelled; 低保 memberships for about 60 of them and 特困 for a few; the standards of
 * 长沙市 (2021: living 140 / care 100 yuan; 2026: 110 / 110) and a synthetic 浏阳市 2026 standard
 * (living 120 / care 110). Idempotent: nothing is written twice.
 */
import {
  addDays,
  composeDisabilityCertificateNumber,
  parsePlainDate,
  todayPlainDate,
  type DisabilityCategory,
  type DisabilityGrade,
} from '@social-affairs/kernel';
import { assistanceStatusOn } from '../assistance/index';
import { systemActor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import {
  certificateHoldersOfCounty,
  countCertificatesOfCounty,
  demoPeopleOfCounty,
  hasMembership,
  hasStandards,
  insertCertificate,
  insertCertificateEvent,
  insertDemoMembership,
  insertStandard,
} from './certificates.repository';
import { certificateStatusOn } from './certificates.service';
import { DEMO_DISABILITY_COUNTY, DEMO_DISABILITY_TOWNSHIPS } from './core.demo-seed';
import type { CertificateStatus } from './disability.table';
import { newId } from '@social-affairs/kernel';

const CATEGORIES: DisabilityCategory[] = [4, 4, 1, 2, 5, 6, 4, 7, 3, 5, 6, 4, 1, 2, 4];

const STANDARDS = [
  {
    divisionCode: '4301',
    year: 2021,
    living: 14_000,
    care: 10_000,
    basis:
      '长沙市2021年困难残疾人生活补贴和重度残疾人护理补贴标准（参考数据：长沙140/100元，湖南省民政厅网站）',
  },
  {
    divisionCode: '4301',
    year: 2026,
    living: 11_000,
    care: 11_000,
    basis: '湘民发〔2026〕4号指导标准每人每月110元（原文未见，演示数据）',
  },
  {
    divisionCode: '430181',
    year: 2026,
    living: 12_000,
    care: 11_000,
    basis: '浏阳市2026年两项补贴标准（虚构的演示数字，非真实文件）',
  },
] as const;

async function seedStandards(ctx: CoreContext): Promise<number> {
  let n = 0;
  const at = ctx.clock.now().toISOString();
  for (const s of STANDARDS) {
    if (await hasStandards(ctx.db.kysely, s.divisionCode, s.year)) continue;
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const [subsidy, amountFen] of [
        ['living', s.living],
        ['care', s.care],
      ] as const) {
        await insertStandard(trx, {
          id: newId(),
          divisionCode: s.divisionCode,
          year: s.year,
          subsidy,
          category: null,
          grade: null,
          hardship: null,
          amountFen,
          basis: s.basis,
          fromMonth: `${s.year}-01`,
          status: 'active',
          createdBy: 'seed',
          createdAt: at,
        });
        n++;
      }
    });
  }
  return n;
}

export async function seedCertificatesDemo(ctx: CoreContext): Promise<void> {
  const standards = await seedStandards(ctx);
  const db = ctx.db.kysely;
  const county = DEMO_DISABILITY_COUNTY;
  if ((await countCertificatesOfCounty(db, county)) > 0) return;
  const people = await demoPeopleOfCounty(db, county, DEMO_DISABILITY_TOWNSHIPS, 150);
  if (people.length === 0) return;
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const daysAgo = (n: number) => addDays(parsePlainDate(today), -n);
  const at = ctx.clock.now().toISOString();
  const system = systemActor('seed', '430000');
  let dibao = 0;
  let tekun = 0;
  await db.transaction().execute(async (trx) => {
    for (const [i, p] of people.entries()) {
      const category = CATEGORIES[i % CATEGORIES.length]!;
      const intellectualOrMental = category === 5 || category === 6;
      const grade = (
        intellectualOrMental ? [2, 3, 4, 1][i % 4] : i % 10 < 4 ? 1 : i % 10 < 8 ? 2 : i % 10 === 8 ? 3 : 4
      ) as DisabilityGrade;
      const issuedOn = daysAgo(60 + ((i * 37) % 2900));
      let validUntil: string | null = addDays(addDays(parsePlainDate(issuedOn), 3652), -1);
      let status: CertificateStatus = 'valid';
      let statusOn: string | null = issuedOn;
      if (i % 25 === 7) [status, statusOn] = ['frozen', daysAgo(40 + i)];
      else if (i % 25 === 13) [status, statusOn] = ['cancelled', daysAgo(90 + i)];
      else if (i % 25 === 19) {
        validUntil = daysAgo(20 + i);
        status = 'expired';
        statusOn = addDays(parsePlainDate(validUntil), 1);
      }
      const id = newId();
      await insertCertificate(trx, {
        id,
        number: composeDisabilityCertificateNumber(p.residentId!, category, grade),
        personId: p.id,
        category,
        grade,
        issuedOn,
        validUntil,
        status,
        statusOn,
        divisionCode: county,
        source: 'import',
        importRunId: null,
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
      await insertCertificateEvent(trx, {
        certificateId: id,
        kind: 'recorded',
        fromStatus: null,
        toStatus: status,
        statusOn,
        reason: '演示数据',
        source: 'import',
        importRunId: null,
        actorId: 'seed',
        at,
      });
      if (certificateStatusOn({ status, validUntil }, today) !== 'valid') continue;
      if (i % 30 === 11 && !(await hasMembership(trx, p.id, 'tekun'))) {
        await insertDemoMembership(trx, {
          personId: p.id,
          program: 'tekun',
          divisionCode: county,
          fromDate: daysAgo(900),
          rollName: p.name,
          at,
        });
        tekun++;
      } else if ((i % 5 === 0 || i % 5 === 2) && !(await hasMembership(trx, p.id, 'dibao'))) {
        await insertDemoMembership(trx, {
          personId: p.id,
          program: 'dibao',
          divisionCode: county,
          fromDate: daysAgo(i % 2 ? 700 : 200 + i),
          rollName: p.name,
          at,
        });
        dibao++;
      }
    }
    await audit(ctx, trx, system, {
      action: 'disability.certificate.demo-seed',
      targetType: 'disability_certificate',
      divisionCode: county,
      details: { certificates: people.length, dibao, tekun, standards },
    });
  });
}

export interface DemoCertificateHolder {
  personId: string;
  residentId: string | null;
  name: string;
  hukouDivisionCode: string;
  certificateId: string;
  certificateNumber: string;
  category: number;
  grade: number;
  /** Status today (computed expiry). */
  status: CertificateStatus;
  dibao: boolean;
  tekun: boolean;
}

/**
 * The demo certificate holders of 浏阳市 (for the other concerns' demo seeds): every certificate of the
 * demo county with its holder, status today and 低保/特困 status today. Empty before this seed ran.
 */
export async function demoCertificateHolders(ctx: CoreContext): Promise<DemoCertificateHolder[]> {
  const db = ctx.db.kysely;
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const rows = await certificateHoldersOfCounty(db, DEMO_DISABILITY_COUNTY);
  const out: DemoCertificateHolder[] = [];
  for (const r of rows) {
    const programs = await assistanceStatusOn(db, r.personId, today);
    out.push({
      personId: r.personId,
      residentId: r.residentId,
      name: r.name,
      hukouDivisionCode: r.hukouDivisionCode,
      certificateId: r.certificateId,
      certificateNumber: r.number,
      category: r.category,
      grade: r.grade,
      status: certificateStatusOn(r, today),
      dibao: programs.some((p) => p.program === 'dibao'),
      tekun: programs.some((p) => p.program === 'tekun'),
    });
  }
  return out;
}
