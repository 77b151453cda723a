/** Test and demo fixtures of the marriage line: a registry with a qualified registrar, couples. */
import { composeResidentId, parsePlainDate, type PlainDate } from '@social-affairs/kernel';
import type {
  ApplyDivorceInput,
  MarriagePartyInput,
  RegisterMarriageInput,
} from '@social-affairs/kernel/contracts';
import type { Actor } from '../access/index';
import type { CoreContext } from '../context';
import { divisionLabel } from '../people/index';
import { aUser } from '../testing/index';
import type { RegistryCompetence } from './marriage.table';
import { createRegistry, recordQualification, type RegistryView } from './registry.service';

export interface MarriageDesk {
  admin: Actor;
  registry: RegistryView;
  registrar: Actor;
  registrarId: string;
}

let registryCounter = 0;

/** A registry in `county` and a registrar account (scope `registrarScope`) qualified there 2015–2030. */
export async function aMarriageDesk(
  ctx: CoreContext,
  opts: {
    county?: string;
    competence?: RegistryCompetence;
    registrarScope?: string;
    admin?: Actor;
    capacity?: number;
  } = {},
): Promise<MarriageDesk> {
  const county = opts.county ?? '430181';
  const admin = opts.admin ?? (await aUser(ctx, { role: 'admin', divisionCode: '430000' })).actor;
  const suffix = String(++registryCounter % 100).padStart(2, '0');
  const registry = await createRegistry(ctx, admin, {
    code: `${county}${suffix}`,
    name: `${divisionLabel(county)}民政局婚姻登记处${opts.competence === 'mainland_and_cross_border' ? '（涉外）' : ''}`,
    divisionCode: county,
    address: `${divisionLabel(county)}人民路1号`,
    officeHours: '周一至周五 上午9:00-12:00 下午13:30-17:00',
    phone: '0731-12345678',
    competence: opts.competence ?? 'mainland',
    halfDayCapacity: opts.capacity ?? 20,
  });
  const reg = await aUser(ctx, { role: 'registrar', divisionCode: opts.registrarScope ?? county });
  await recordQualification(ctx, admin, {
    userId: reg.id,
    registryId: registry.id,
    certificateNo: `HNHY-${suffix}-${reg.id.slice(0, 6)}`,
    validFrom: parsePlainDate('2015-01-01'),
    validUntil: parsePlainDate('2030-12-31'),
  });
  return { admin, registry, registrar: reg.actor, registrarId: reg.id };
}

let partySequence = 0;

/** A synthetic valid resident id of the given sex (odd sequence male, even female). */
export function aResidentId(county: string, birth: string, sex: 'male' | 'female'): string {
  const n = (partySequence++ % 499) * 2 + (sex === 'male' ? 1 : 0);
  return composeResidentId(county, parsePlainDate(birth), n);
}

/** A party who meets every condition: present, willing, documents complete, declarations signed. */
export function aParty(
  residentId: string,
  name: string,
  overrides: Partial<MarriagePartyInput> = {},
): MarriagePartyInput {
  return {
    documentType: 'resident_id',
    residentId,
    name,
    presentInPerson: true,
    voluntary: true,
    documents: { identityDocument: true, hukouBooklet: true },
    declaration: { signed: true, noSpouse: true, noProhibitedKinship: true },
    illnessDisclosed: false,
    ...overrides,
  };
}

/** A couple of age (husband born 1995, wife 1997 unless given) with hukou in `county`. */
export function aCouple(
  registryId: string,
  opts: {
    county?: string;
    husbandBirth?: string;
    wifeBirth?: string;
    husbandCounty?: string;
    wifeCounty?: string;
  } = {},
): RegisterMarriageInput {
  const county = opts.county ?? '430181';
  return {
    registryId,
    husband: aParty(
      aResidentId(opts.husbandCounty ?? county, opts.husbandBirth ?? '1995-04-12', 'male'),
      '王建国',
    ),
    wife: aParty(aResidentId(opts.wifeCounty ?? county, opts.wifeBirth ?? '1997-08-30', 'female'), '李秀英'),
    declaredKinship: 'none',
  };
}

/** An admissible divorce application by agreement: both present, no minor children, property and debts settled. */
export function aDivorceApplication(marriageId: string, registryId: string): ApplyDivorceInput {
  const party = {
    presentInPerson: true,
    identityDocument: true,
    hukouBooklet: false,
    civilCapacity: 'full' as const,
  };
  return {
    marriageId,
    registryId,
    husband: party,
    wife: party,
    marriageCertificates: 'both',
    agreement: {
      signed: true,
      voluntary: true,
      hasMinorChildren: false,
      childArrangements: false,
      propertyArrangements: true,
      debtArrangements: true,
    },
  };
}

/** Beijing 10:00 on `date` as the ManualClock instant. */
export function beijingMorning(date: string | PlainDate): string {
  return `${date}T02:00:00.000Z`;
}

/**
 * One record of every kind the marriage routes address, all in 芙蓉区 (430102): for access-control
 * tests that check an outsider gets "not found".
 */
export async function aMarriageSampleSet(ctx: CoreContext) {
  const { registerMarriage } = await import('./registration.service');
  const { applyForDivorce } = await import('./divorce.service');
  const { reissueCertificate } = await import('./reissue.service');
  const desk = await aMarriageDesk(ctx, { county: '430102' });
  const couple = aCouple(desk.registry.id, { county: '430102' });
  const marriage = await registerMarriage(ctx, desk.registrar, couple);
  const refusalId = await registerMarriage(ctx, desk.registrar, {
    ...aCouple(desk.registry.id, { county: '430102' }),
    husband: couple.husband,
  }).then(
    () => '',
    (e: { details?: { refusalId?: string } }) => e.details?.refusalId ?? '',
  );
  const divorce = await applyForDivorce(
    ctx,
    desk.registrar,
    aDivorceApplication(marriage.id, desk.registry.id),
  );
  const issue = await reissueCertificate(ctx, desk.registrar, {
    marriageId: marriage.id,
    registryId: desk.registry.id,
    certificate: 'marriage',
    applicant: 'both',
    archiveConfirmed: true,
  });
  const { importMarriages, IMPORT_COLUMNS } = await import('./import.service');
  const awaiting: Record<string, string> = {
    kind: '结婚',
    registeredOn: '1990-01-01',
    registryName: '芙蓉区婚姻登记处',
    husbandName: '张三',
    husbandBirthDate: '1960-01-01',
    wifeName: '李四',
    wifeBirthDate: '1962-01-01',
    crossBorder: '内地',
    status: '存续',
  };
  const csv = [
    IMPORT_COLUMNS.map((c) => c.header).join(','),
    IMPORT_COLUMNS.map((c) => awaiting[c.key] ?? '').join(','),
  ].join('\n');
  const imported = await importMarriages(ctx, desk.registrar, {
    fileName: 'sample.csv',
    format: 'csv',
    content: csv,
    divisionCode: '430102',
  });
  const qualification = await ctx.db.kysely
    .selectFrom('registrarQualifications')
    .select('id')
    .where('registryId', '=', desk.registry.id)
    .executeTakeFirstOrThrow();
  return {
    desk,
    marriage,
    refusalId,
    divorce,
    issue,
    importId: imported.id,
    qualificationId: qualification.id,
  };
}
