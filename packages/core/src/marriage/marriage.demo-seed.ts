import {
  addDays,
  ageOn,
  childrenOf,
  comparePlainDate,
  isoWeekday,
  plainDateParts,
  type PlainDate,
} from '@social-affairs/kernel';
import { createRng, type Rng } from '@social-affairs/linkage';
import { systemActor, userActor, type Actor } from '../access/index';
import type { Role } from '../access/index';
import type { CoreContext } from '../context';
import { demoContextAt, monthsBefore } from '../seed/index';
import {
  applyForDivorce,
  expireDivorceApplications,
  requestDivorceCertificate,
  withdrawDivorce,
} from './divorce.service';
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

/** How many months of history the demo has (the current month included). */
export const DEMO_MONTHS = 36;

/**
 * Marriages per month by calendar month: Chinese registrations peak around the Spring Festival,
 * 520 (May 20), 七夕 (August) and the National Day holiday, and are thin in the summer heat.
 */
const SEASON = [1.3, 1.2, 0.8, 0.8, 1.5, 0.8, 0.6, 1.2, 1.0, 1.5, 0.9, 1.1] as const;
/** Average registrations per month across the three demo registries. */
const MARRIAGES_PER_MONTH = 7;
/** Share of demo marriages that come back for a divorce within the demo period. */
const DIVORCE_SHARE = 0.2;

/**
 * A registrar qualification number as the province writes them: 湘民婚登资字〔year〕第 county + sequence 号
 * (synthetic; one per registrar and registry).
 */
export function demoQualificationNo(year: number, divisionCode: string, sequence: number): string {
  return `湘民婚登资字〔${year}〕第${divisionCode.slice(0, 6)}${String(sequence).padStart(3, '0')}号`;
}

type Candidate = Awaited<ReturnType<typeof demoPartyCandidates>>[number];

/** A dated step of the demo's history; steps run in date order, each at its own day. */
interface Step {
  on: PlainDate;
  hour: number;
  run: () => Promise<void>;
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The first working day (Monday–Friday) on or after `d`. */
function workingDay(d: PlainDate): PlainDate {
  let out = d;
  while (isoWeekday(out) > 5) out = addDays(out, 1);
  return out;
}

/**
 * Marriage demo data on top of the demo people, spread over the last three years so statistics show
 * trends and legal periods run their course: registries, qualifications for the demo registrar
 * accounts (registrar.county/city/province) with numbers in the province's form, a few hundred
 * registrations of demo people through the real services, each on its own past day (seasonal, working
 * days), and divorces of some of those couples — most reaching their certificate after the cooling-off
 * period, some withdrawn, some lapsed (deemed withdrawn), a few still in the cooling-off period today.
 * Deterministic for the same demo people and day. Does nothing if any registry exists already (a
 * second start, or a production database).
 */
export async function seedMarriageDemo(
  ctx: CoreContext,
): Promise<{ registries: number; marriages: number; divorces: number }> {
  const k = ctx.db.kysely;
  if (await anyRegistryExists(k)) return { registries: 0, marriages: 0, divorces: 0 };
  const admin = systemActor('demo-seed', '430000');
  const today = marriageToday(ctx);
  const start = monthsBefore(today, DEMO_MONTHS - 1);
  const opened = addDays(start, -90);
  const rng = createRng(19_491_001);
  const registries = [];
  for (const r of DEMO_REGISTRIES) {
    registries.push(
      await createRegistry(demoContextAt(ctx, opened, 9), admin, {
        ...r,
        officeHours: '工作日 上午9:00-12:00 下午13:30-17:00',
        phone: null,
        halfDayCapacity: 20,
      }),
    );
  }
  const registrars = await demoRegistrarAccounts(k);
  const validFrom = `${plainDateParts(opened).year}-01-01` as PlainDate;
  const validUntil = `${plainDateParts(opened).year + 5}-12-31` as PlainDate;
  let sequence = 0;
  for (const u of registrars) {
    for (const r of registries) {
      if (
        !r.divisionCode.startsWith(
          u.divisionCode === '430000' ? '43' : u.divisionCode === '430100' ? '4301' : u.divisionCode,
        )
      )
        continue;
      sequence += 1 + rng.int(7);
      await recordQualification(demoContextAt(ctx, opened, 10), admin, {
        userId: u.id,
        registryId: r.id,
        certificateNo: demoQualificationNo(plainDateParts(validFrom).year, r.divisionCode, sequence),
        validFrom,
        validUntil,
      });
    }
  }
  const actorOf = (username: string): Actor | undefined => {
    const u = registrars.find((x) => x.username === username);
    return u
      ? userActor(ctx.access, {
          id: u.id,
          username: u.username,
          role: u.role as Role,
          divisionCode: u.divisionCode,
        })
      : undefined;
  };
  const county = actorOf('registrar.county');
  const city = actorOf('registrar.city') ?? county;
  const [liuyang, furong, yuelu] = registries;
  if (!county || !city || !liuyang || !furong || !yuelu)
    return { registries: registries.length, marriages: 0, divorces: 0 };

  // Changsha's people (its 全城通办 pilot lets them register at any Changsha registry).
  const people: Candidate[] = [];
  for (const c of childrenOf('430100')) people.push(...(await demoPartyCandidates(k, c.code, 600)));
  // Only those who can be of marrying age at some point of the demo period.
  const marryingAge = (p: Candidate) =>
    p.birthDate !== null &&
    comparePlainDate(p.birthDate as PlainDate, addDays(start, -20 * 365)) <= 0 &&
    comparePlainDate(p.birthDate as PlainDate, addDays(today, -45 * 366)) >= 0;
  const men = shuffled(
    people.filter((p) => p.sex === 'male' && marryingAge(p)),
    rng,
  );
  const women = shuffled(
    people.filter((p) => p.sex === 'female' && marryingAge(p)),
    rng,
  );
  const used = new Set<string>();
  const pickParty = (pool: Candidate[], on: PlainDate, min: number, max: number, county?: string) => {
    const fits = (p: Candidate) =>
      !used.has(p.residentId as string) &&
      p.birthDate !== null &&
      comparePlainDate(p.birthDate as PlainDate, on) < 0 &&
      (county === undefined || (p.residentId as string).startsWith(county)) &&
      ageOn(p.birthDate as PlainDate, on) >= min &&
      ageOn(p.birthDate as PlainDate, on) <= max;
    const p = pool.find(fits);
    if (p) used.add(p.residentId as string);
    return p;
  };
  const party = (p: Candidate) => ({
    documentType: 'resident_id' as const,
    residentId: p.residentId,
    name: p.name,
    presentInPerson: true,
    voluntary: true,
    documents: { identityDocument: true, hukouBooklet: true },
    declaration: { signed: true, noSpouse: true, noProhibitedKinship: true },
    illnessDisclosed: false,
  });

  const steps: Step[] = [];
  const schedule = (s: Step) => {
    if (comparePlainDate(s.on, today) > 0) return;
    let i = steps.length;
    while (i > 0 && comparePlainDate((steps[i - 1] as Step).on, s.on) > 0) i--;
    steps.splice(i, 0, s);
  };
  let marriages = 0;
  let divorces = 0;
  const divorceStep = (
    marriageId: string,
    on: PlainDate,
    outcome: number,
    actor: Actor,
    registryId: string,
  ) => ({
    on,
    hour: 10,
    run: async () => {
      const p = {
        presentInPerson: true,
        identityDocument: true,
        hukouBooklet: true,
        civilCapacity: 'full' as const,
      };
      const d = await applyForDivorce(demoContextAt(ctx, on, 10, rng.int(50)), actor, {
        marriageId,
        registryId,
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
      if (!d) return;
      divorces++;
      if (outcome < 0.75) {
        // Both come back soon after the cooling-off period: the certificate (离婚证) is issued.
        const back = workingDay(addDays(d.withdrawalEndsOn as PlainDate, 1 + rng.int(12)));
        if (comparePlainDate(back, d.jointRequestEndsOn as PlainDate) <= 0)
          schedule({
            on: back,
            hour: 15,
            run: async () => {
              await requestDivorceCertificate(demoContextAt(ctx, back, 15, rng.int(50)), actor, d.id, {
                registryId,
                husbandPresent: true,
                wifePresent: true,
                bothStillWishToDivorce: true,
                agreementConfirmed: true,
              }).catch(() => undefined);
            },
          });
      } else if (outcome < 0.87) {
        // One of them changes their mind during the cooling-off period (撤回).
        const back = workingDay(addDays(on, 5 + rng.int(20)));
        if (comparePlainDate(back, d.withdrawalEndsOn as PlainDate) <= 0)
          schedule({
            on: back,
            hour: 11,
            run: async () => {
              await withdrawDivorce(demoContextAt(ctx, back, 11, rng.int(50)), actor, d.id, {
                registryId,
                party: rng.chance(0.5) ? 'husband' : 'wife',
                presentInPerson: true,
                receiptOrExplanation: true,
              }).catch(() => undefined);
            },
          });
      }
      // Otherwise nobody comes back: deemed withdrawn after window 2 (the expiry job closes it).
    },
  });

  for (let m = 0; m < DEMO_MONTHS; m++) {
    const first = monthsBefore(today, DEMO_MONTHS - 1 - m);
    const { month } = plainDateParts(first);
    // A slight decline year on year, as registrations have declined.
    const trend = 1.12 - (0.12 * m) / DEMO_MONTHS;
    const count = Math.round(MARRIAGES_PER_MONTH * (SEASON[month - 1] ?? 1) * trend + rng.normal());
    for (let n = 0; n < count; n++) {
      const on = workingDay(addDays(first, rng.int(27)));
      const atLiuyang = rng.chance(0.5);
      const registry = atLiuyang ? liuyang : rng.chance(0.5) ? furong : yuelu;
      const actor = atLiuyang ? county : city;
      const divorceOutcome = rng.next();
      const divorceAfter = 60 + rng.int(700);
      const wantsDivorce = rng.chance(DIVORCE_SHARE);
      schedule({
        on,
        hour: 9,
        run: async () => {
          const h =
            pickParty(men, on, 23, 42, atLiuyang ? '430181' : undefined) ?? pickParty(men, on, 23, 42);
          const w =
            pickParty(women, on, 21, 40, atLiuyang ? '430181' : undefined) ?? pickParty(women, on, 21, 40);
          if (!h || !w) return;
          const married = await registerMarriage(demoContextAt(ctx, on, 9, rng.int(50)), actor, {
            registryId: registry.id,
            husband: party(h),
            wife: party(w),
            declaredKinship: 'none',
          }).catch(() => undefined);
          if (!married) return;
          marriages++;
          if (wantsDivorce)
            schedule(
              divorceStep(
                married.id,
                workingDay(addDays(on, divorceAfter)),
                divorceOutcome,
                actor,
                registry.id,
              ),
            );
        },
      });
    }
  }
  // Now and then a registration is refused (不予登记): here a groom below the legal age of 22.
  for (let m = 2; m < DEMO_MONTHS; m += 7) {
    const on = workingDay(addDays(monthsBefore(today, DEMO_MONTHS - 1 - m), 10 + rng.int(15)));
    schedule({
      on,
      hour: 14,
      run: async () => {
        const h = pickParty(men, on, 20, 21);
        const w = pickParty(women, on, 20, 24);
        if (!h || !w) return;
        await registerMarriage(demoContextAt(ctx, on, 14, 10), city, {
          registryId: furong.id,
          husband: party(h),
          wife: party(w),
          declaredKinship: 'none',
        }).catch(() => undefined);
        // Refused parties are not married: they may come back later.
        used.delete(h.residentId as string);
        used.delete(w.residentId as string);
      },
    });
  }
  // A few couples applied for a divorce in the last weeks: still in the cooling-off period today.
  for (let i = 0; i < 3; i++) {
    const married = addDays(today, -400 - 90 * i);
    const applied = workingDay(addDays(today, -25 + 7 * i));
    if (comparePlainDate(applied, today) > 0) continue;
    schedule({
      on: workingDay(married),
      hour: 9,
      run: async () => {
        const on = workingDay(married);
        const h = pickParty(men, on, 25, 42, '430181') ?? pickParty(men, on, 25, 42);
        const w = pickParty(women, on, 23, 40, '430181') ?? pickParty(women, on, 23, 40);
        if (!h || !w) return;
        const m = await registerMarriage(demoContextAt(ctx, on, 9, 30), county, {
          registryId: liuyang.id,
          husband: party(h),
          wife: party(w),
          declaredKinship: 'none',
        }).catch(() => undefined);
        if (!m) return;
        marriages++;
        schedule(divorceStep(m.id, applied, 0.99, county, liuyang.id));
      },
    });
  }
  while (steps.length > 0) await (steps.shift() as Step).run();
  await expireDivorceApplications(ctx, today);
  return { registries: registries.length, marriages, divorces };
}
