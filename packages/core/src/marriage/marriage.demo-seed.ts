import { ageOn, parsePlainDate, type PlainDate } from '@social-affairs/kernel';
import { systemActor, userActor, type Actor } from '../access/index';
import type { Role } from '../access/index';
import type { CoreContext } from '../context';
import { applyForDivorce } from './divorce.service';
import { demoPartyCandidates } from './marriage.repository';
import { registerMarriage } from './registration.service';
import { anyRegistryExists, demoRegistrarAccounts } from './registry.repository';
import { createRegistry, marriageToday, recordQualification } from './registry.service';

/** Demo registries: the demo county (浏阳市, designated for cross-border cases) and two Changsha districts. */
const DEMO_REGISTRIES = [
  {
    code: '43018101',
    divisionCode: '430181',
    name: '浏阳市民政局婚姻登记处',
    address: '浏阳市集里街道金沙北路1号',
    competence: 'mainland_and_cross_border' as const,
  },
  {
    code: '43010201',
    divisionCode: '430102',
    name: '芙蓉区民政局婚姻登记处',
    address: '长沙市芙蓉区五一大道1号',
    competence: 'mainland' as const,
  },
  {
    code: '43010401',
    divisionCode: '430104',
    name: '岳麓区民政局婚姻登记处',
    address: '长沙市岳麓区金星中路1号',
    competence: 'mainland' as const,
  },
];

/**
 * Marriage demo data on top of the demo people: registries, qualifications for the demo registrar
 * accounts (registrar.county/city/province), and a few dozen registrations of demo people through the
 * real service, two of them with divorce applications in the cooling-off period. Does nothing if any
 * registry exists already (a second start, or a production database).
 */
export async function seedMarriageDemo(ctx: CoreContext): Promise<{ registries: number; marriages: number }> {
  const k = ctx.db.kysely;
  if (await anyRegistryExists(k)) return { registries: 0, marriages: 0 };
  const admin = systemActor('demo-seed', '430000');
  const today = marriageToday(ctx);
  const registries = [];
  for (const r of DEMO_REGISTRIES) {
    registries.push(
      await createRegistry(ctx, admin, {
        ...r,
        officeHours: '工作日 上午9:00-12:00 下午13:30-17:00',
        phone: null,
        halfDayCapacity: 20,
      }),
    );
  }
  const registrars = await demoRegistrarAccounts(k);
  for (const u of registrars) {
    for (const r of registries) {
      if (
        !r.divisionCode.startsWith(
          u.divisionCode === '430000' ? '43' : u.divisionCode === '430100' ? '4301' : u.divisionCode,
        )
      )
        continue;
      await recordQualification(ctx, admin, {
        userId: u.id,
        registryId: r.id,
        certificateNo: `湘婚登资字${r.code}-${u.username}`,
        validFrom: parsePlainDate('2024-01-01'),
        validUntil: parsePlainDate('2029-12-31'),
      });
    }
  }
  const county = registrars.find((u) => u.username === 'registrar.county');
  if (!county) return { registries: registries.length, marriages: 0 };
  const actor: Actor = userActor(ctx.access, {
    id: county.id,
    username: county.username,
    role: county.role as Role,
    divisionCode: county.divisionCode,
  });
  const people = await demoPartyCandidates(k, '430181', 2000);
  const ofAge = (sex: 'male' | 'female', min: number, max: number) =>
    people.filter(
      (p) =>
        p.sex === sex &&
        p.birthDate &&
        ageOn(p.birthDate as PlainDate, today) >= min &&
        ageOn(p.birthDate as PlainDate, today) <= max,
    );
  const men = ofAge('male', 24, 40).slice(0, 24);
  const women = ofAge('female', 22, 38).slice(0, 24);
  const party = (p: (typeof people)[number]) => ({
    documentType: 'resident_id' as const,
    residentId: p.residentId,
    name: p.name,
    presentInPerson: true,
    voluntary: true,
    documents: { identityDocument: true, hukouBooklet: false },
    declaration: { signed: true, noSpouse: true, noProhibitedKinship: true },
    illnessDisclosed: false,
  });
  const liuyang = registries[0];
  let marriages = 0;
  for (let i = 0; i < Math.min(men.length, women.length) && liuyang; i++) {
    const h = men[i];
    const w = women[i];
    if (!h || !w) continue;
    const m = await registerMarriage(ctx, actor, {
      registryId: liuyang.id,
      husband: party(h),
      wife: party(w),
      declaredKinship: 'none',
    }).catch(() => undefined);
    if (!m) continue;
    marriages++;
    if (i % 10 === 3) {
      const p = {
        presentInPerson: true,
        identityDocument: true,
        hukouBooklet: false,
        civilCapacity: 'full' as const,
      };
      await applyForDivorce(ctx, actor, {
        marriageId: m.id,
        registryId: liuyang.id,
        husband: p,
        wife: p,
        marriageCertificates: 'both',
        agreement: {
          signed: true,
          voluntary: true,
          hasMinorChildren: false,
          childArrangements: false,
          propertyArrangements: true,
          debtArrangements: true,
        },
      }).catch(() => undefined);
    }
  }
  return { registries: registries.length, marriages };
}
