import {
  DomainError,
  ageOn,
  normalizePersonName,
  parseResidentId,
  comparePlainDate,
  isLeapYear,
  maskResidentId,
  plainDateOf,
  plainDateParts,
  type PlainDate,
  newId,
} from '@social-affairs/kernel';
import {
  REFUSAL_GROUNDS,
  type MarriagePartyInput,
  type RefuseMarriageInput,
  type RegisterMarriageInput,
} from '@social-affairs/kernel/contracts';
import type { Transaction } from 'kysely';
import { authorize, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation, type Database } from '../db/index';
import { findIndexedPersonByResidentId } from '../people/index';
import { closeAppointmentInTransaction } from './appointments.service';
import { MINIMUM_AGE, MRR_2025_IN_FORCE, marriageConfig, type MarriageConfig } from './marriage.config';
import {
  findForeignParty,
  insertMarriage,
  insertRefusal,
  marriagesOfPerson,
  nextCertificateNumber,
  subsistingMarriagesOf,
  type MarriageWithParties,
} from './marriage.repository';
import type { CrossBorder, MarriageRow, RefusalRow, RegistryRow } from './marriage.table';
import { PARTY_LABEL, coupleCrossBorder, resolveParty, type PartyRole, type ResolvedParty } from './parties';
import { ensureQualified, marriageToday, visibleRegistry } from './registry.service';

export interface RefusalReason {
  code: string;
  message: string;
  party: PartyRole | 'both' | null;
}

export interface MarriagePartyView {
  personId: string;
  name: string;
  sex: 'male' | 'female';
  residentIdMasked: string | null;
  birthDate: string | null;
}

export interface MarriageView {
  id: string;
  kind: MarriageRow['kind'];
  certificateNo: string | null;
  registeredOn: string;
  effectiveFrom: string;
  registryId: string | null;
  registryName: string;
  divisionCode: string;
  crossBorder: CrossBorder;
  status: MarriageRow['status'];
  endedOn: string | null;
  husband: MarriagePartyView;
  wife: MarriagePartyView;
}

export function presentMarriage(m: MarriageWithParties): MarriageView {
  return {
    id: m.id,
    kind: m.kind,
    certificateNo: m.certificateNo,
    registeredOn: m.registeredOn,
    effectiveFrom: m.effectiveFrom,
    registryId: m.registryId,
    registryName: m.registryName,
    divisionCode: m.divisionCode,
    crossBorder: m.crossBorder,
    status: m.status,
    endedOn: m.endedOn,
    husband: {
      personId: m.husbandId,
      name: m.husbandName,
      sex: 'male',
      residentIdMasked: m.husbandResidentId ? maskResidentId(m.husbandResidentId) : null,
      birthDate: m.husbandBirthDate,
    },
    wife: {
      personId: m.wifeId,
      name: m.wifeName,
      sex: 'female',
      residentIdMasked: m.wifeResidentId ? maskResidentId(m.wifeResidentId) : null,
      birthDate: m.wifeBirthDate,
    },
  };
}

/** Certificate series: J 结婚证, L 离婚证, BJ 补发结婚证, BL 补发离婚证, JL 婚姻登记记录证明. */
export type CertificateSeries = 'J' | 'L' | 'BJ' | 'BL' | 'JL';

/** `J430181-2025-000123`: series, registry code, year, number within the registry's year (no gaps). */
export function formatCertificateNo(
  series: CertificateSeries,
  registryCode: string,
  year: number,
  n: number,
): string {
  return `${series}${registryCode}-${year}-${String(n).padStart(6, '0')}`;
}

export async function takeCertificateNo(
  trx: Parameters<typeof nextCertificateNumber>[0],
  registry: RegistryRow,
  series: CertificateSeries,
  on: PlainDate,
): Promise<string> {
  const year = plainDateParts(on).year;
  return formatCertificateNo(
    series,
    registry.code,
    year,
    await nextCertificateNumber(trx, registry.id, series, year),
  );
}

/** The day someone born on `birth` reaches `years` full years (29 Feb per the configured rule). */
export function dateOfFullAge(
  birth: PlainDate,
  years: number,
  rule: MarriageConfig['leapDayBirthday'],
): PlainDate {
  const b = plainDateParts(birth);
  const y = b.year + years;
  if (b.month === 2 && b.day === 29 && !isLeapYear(y))
    return rule === 'feb28' ? plainDateOf(y, 2, 28) : plainDateOf(y, 3, 1);
  return plainDateOf(y, b.month, b.day);
}

const PROHIBITED_KINSHIP: ReadonlySet<string> = new Set([
  'lineal',
  'siblings',
  'uncle_aunt_nephew_niece',
  'first_cousins',
]);

/**
 * Whether the registry may register this couple on `on` (R-MAR-09): cross-border cases only at a
 * designated registry; mainland couples anywhere from 2025-05-10 (全国通办), before that only at the
 * registry of either party's hukou, or under a configured pilot.
 */
export function competenceReason(
  config: MarriageConfig,
  registry: RegistryRow,
  on: PlainDate,
  crossBorder: CrossBorder,
  hukouCounties: (string | null)[],
): RefusalReason | null {
  if (crossBorder !== 'mainland') {
    if (registry.competence === 'mainland_and_cross_border') return null;
    return {
      code: 'REGISTRY_NOT_DESIGNATED_CROSS_BORDER',
      message: `${registry.name}未经指定办理${crossBorder === 'foreign' ? '涉外' : '涉港澳台'}婚姻登记，请到省民政厅指定的婚姻登记机关办理`,
      party: null,
    };
  }
  if (comparePlainDate(on, MRR_2025_IN_FORCE) >= 0) return null;
  const county = registry.divisionCode.slice(0, 6);
  if (hukouCounties.some((h) => h === county)) return null;
  const pilot = config.competencePilots.find(
    (p) =>
      comparePlainDate(on, p.from) >= 0 &&
      registry.divisionCode.startsWith(p.registryPrefix) &&
      hukouCounties.some((h) => h?.startsWith(p.hukouPrefix)),
  );
  if (pilot) return null;
  return {
    code: 'REGISTRY_NOT_COMPETENT',
    message: `${on} 适用的《婚姻登记条例》（2003）规定应在一方当事人常住户口所在地的婚姻登记机关办理，${registry.name}无管辖权`,
    party: null,
  };
}

/** The rule checks that need no database (R-MAR-01/02/03/05/06/08). Illness is never a ground. */
export function registrationReasons(
  config: MarriageConfig,
  input: RegisterMarriageInput,
  parties: Record<PartyRole, ResolvedParty>,
  registry: RegistryRow,
  on: PlainDate,
): RefusalReason[] {
  const reasons: RefusalReason[] = [];
  const both = [parties.husband, parties.wife];
  if (parties.husband.sex === parties.wife.sex) {
    reasons.push({
      code: 'MARRIAGE_NOT_MAN_AND_WOMAN',
      message: '结婚须男女双方（民法典第1046、1049条）',
      party: 'both',
    });
  }
  for (const p of both) {
    const label = PARTY_LABEL[p.role];
    if (!p.input.presentInPerson) {
      reasons.push({
        code: 'PARTY_NOT_PRESENT',
        message: `${label}未亲自到场（结婚登记不得委托他人代理）`,
        party: p.role,
      });
    }
    if (!p.input.voluntary) {
      reasons.push({ code: 'PARTY_NOT_VOLUNTARY', message: `${label}并非完全自愿`, party: p.role });
    }
    if (p.person.status === 'deceased') {
      reasons.push({
        code: 'PARTY_DECEASED',
        message: `${label}在人口基础库中已登记死亡，请核实身份`,
        party: p.role,
      });
    }
    const minimum = MINIMUM_AGE[p.sex];
    if (
      comparePlainDate(on, p.birthDate) < 0 ||
      ageOn(p.birthDate, on, { leapDayBirthday: config.leapDayBirthday }) < minimum
    ) {
      reasons.push({
        code: 'PARTY_UNDER_AGE',
        message: `${label}未达法定婚龄（${p.sex === 'male' ? '男' : '女'}不得早于${minimum}周岁，满${minimum}周岁之日为 ${dateOfFullAge(p.birthDate, minimum, config.leapDayBirthday)}）`,
        party: p.role,
      });
    }
    const needsHukouBooklet = p.crossBorder === 'mainland' && comparePlainDate(on, MRR_2025_IN_FORCE) < 0;
    if (!p.input.documents.identityDocument || (needsHukouBooklet && !p.input.documents.hukouBooklet)) {
      reasons.push({
        code: 'DOCUMENTS_INCOMPLETE',
        message: needsHukouBooklet
          ? `${label}证件不全：${on} 适用的条例要求本人户口簿和身份证`
          : `${label}证件不全：须出具本人有效身份证件`,
        party: p.role,
      });
    }
    const d = p.input.declaration;
    if (!d.signed || !d.noSpouse || !d.noProhibitedKinship) {
      reasons.push({
        code: 'DECLARATION_INCOMPLETE',
        message: `${label}未签署本人无配偶以及与对方无直系血亲和三代以内旁系血亲关系的声明`,
        party: p.role,
      });
    }
  }
  if (PROHIBITED_KINSHIP.has(input.declaredKinship)) {
    reasons.push({
      code: 'PROHIBITED_KINSHIP',
      message: '双方为直系血亲或三代以内旁系血亲，禁止结婚（民法典第1048条）',
      party: 'both',
    });
  }
  const competence = competenceReason(
    config,
    registry,
    on,
    coupleCrossBorder(parties.husband.crossBorder, parties.wife.crossBorder),
    [parties.husband.hukouCounty, parties.wife.hukouCounty],
  );
  if (competence) reasons.push(competence);
  return reasons;
}

export interface ConflictingMarriage {
  party: PartyRole;
  marriageId: string;
  registeredOn: string;
  registryName: string;
  certificateNo: string | null;
  kind: MarriageRow['kind'];
}

/** Thrown when the registry refuses: the notice id, the reasons, and (for the registrar only) conflicts. */
export function refusalError(
  refusalId: string,
  reasons: RefusalReason[],
  conflicts: ConflictingMarriage[],
): DomainError {
  return new DomainError(
    'invalid',
    'MARRIAGE_REFUSED',
    `不予登记：${reasons.map((r) => r.message).join('；')}`,
    {
      refusalId,
      reasons,
      conflicts,
    },
  );
}

/**
 * JS-1 Art.6: a supplementary registration takes effect from the day both first met the substantive
 * conditions — living together, both of age, and neither still married to someone else.
 */
export function supplementaryEffectiveFrom(
  config: MarriageConfig,
  cohabitingSince: PlainDate,
  parties: ResolvedParty[],
  priorMarriageEnds: (string | null)[],
): PlainDate {
  let from = cohabitingSince;
  for (const p of parties) {
    const of = dateOfFullAge(p.birthDate, MINIMUM_AGE[p.sex], config.leapDayBirthday);
    if (comparePlainDate(of, from) > 0) from = of;
  }
  for (const end of priorMarriageEnds) {
    if (end && comparePlainDate(end as PlainDate, from) > 0) from = end as PlainDate;
  }
  return from;
}

/** A refusal decided but not yet written (the parties' ids: null for those not in the index). */
interface PendingRefusal {
  husbandId: string | null;
  wifeId: string | null;
  husbandName: string;
  wifeName: string;
  reasons: RefusalReason[];
  conflicts: ConflictingMarriage[];
  flag: RefusalRow['flag'];
}

/** Thrown inside the registration's transaction to roll back the index entries it created. */
class RefusalWithoutIndexing extends Error {
  constructor(readonly pending: PendingRefusal) {
    super('refusal: roll back the parties added to the index');
  }
}

/**
 * 结婚登记 (and 补办结婚登记 when `cohabitingSince` is given). Both parties present, ids valid and linked
 * to the person index, of age today, declarations signed, no prohibited kinship, the registry competent
 * on today's date, and no subsisting marriage of either party anywhere (incl. back-filled records).
 * Registers on the spot with the next certificate number of the registry's year, free of charge. A
 * refusal is recorded (不予登记告知书) and thrown as MARRIAGE_REFUSED with every reason.
 */
export async function registerMarriage(
  ctx: CoreContext,
  actor: Actor,
  input: RegisterMarriageInput,
): Promise<MarriageView> {
  authorize(actor, 'marriage:write');
  const registry = await visibleRegistry(ctx, actor, input.registryId);
  if (registry.status !== 'active') {
    throw new DomainError('invalid', 'REGISTRY_CLOSED', `${registry.name}已停止办理婚姻登记`, {
      field: 'registryId',
    });
  }
  const on = marriageToday(ctx);
  await ensureQualified(ctx, actor, registry, on);
  if (input.cohabitingSince && comparePlainDate(input.cohabitingSince, on) > 0) {
    throw new DomainError('invalid', 'COHABITING_SINCE_IN_FUTURE', '同居起始日期不能晚于今天', {
      field: 'cohabitingSince',
    });
  }
  const source = input.cohabitingSince ? '补办结婚登记' : '婚姻登记';

  type Outcome =
    | { kind: 'refused'; refusal: RefusalRow; reasons: RefusalReason[]; conflicts: ConflictingMarriage[] }
    | { kind: 'registered'; row: MarriageRow; husband: ResolvedParty; wife: ResolvedParty };
  const residentIds = [input.husband.residentId ?? null, input.wife.residentId ?? null];
  const closeBooking = async (trx: Transaction<Database>, kind: 'marriage' | 'refusal', ref: string) => {
    if (!input.appointmentId) return;
    await closeAppointmentInTransaction(ctx, trx, actor, {
      appointmentId: input.appointmentId,
      registryId: registry.id,
      outcome: { kind, ref, note: kind === 'refusal' ? '不予登记' : '已办理结婚登记' },
      residentIds,
    });
  };
  /** Writes the refusal (不予登记告知书) and its audit row; parties absent from the index stay absent. */
  const writeRefusal = async (trx: Transaction<Database>, r: PendingRefusal): Promise<Outcome> => {
    const refusal: RefusalRow = {
      id: newId(),
      service: 'marriage',
      registryId: registry.id,
      divisionCode: registry.divisionCode,
      decidedOn: on,
      husbandId: r.husbandId,
      wifeId: r.wifeId,
      husbandName: r.husbandName,
      wifeName: r.wifeName,
      reasons: JSON.stringify(r.reasons),
      flag: r.flag,
      registrarId: actor.userId,
      createdAt: ctx.clock.now().toISOString(),
    };
    await insertRefusal(trx, refusal);
    await audit(ctx, trx, actor, {
      action: 'marriage.refuse',
      targetType: 'marriage_refusal',
      targetId: refusal.id,
      divisionCode: registry.divisionCode,
      details: {
        reasons: r.reasons.map((x) => x.code),
        flag: r.flag,
        conflictingMarriageIds: r.conflicts.map((c) => c.marriageId),
        husbandId: r.husbandId,
        wifeId: r.wifeId,
      },
    });
    await closeBooking(trx, 'refusal', refusal.id);
    return { kind: 'refused', refusal, reasons: r.reasons, conflicts: r.conflicts };
  };
  const attempt = () =>
    ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
      const husband = await resolveParty(ctx, trx, actor, 'husband', input.husband, registry, on, source);
      const wife = await resolveParty(ctx, trx, actor, 'wife', input.wife, registry, on, source);
      if (husband.person.id === wife.person.id) {
        throw new DomainError('invalid', 'PARTIES_SAME_PERSON', '男女双方为同一人，请核对证件', {
          field: 'wife.residentId',
        });
      }
      if (husband.sex !== wife.sex && husband.sex !== 'male') {
        throw new DomainError(
          'invalid',
          'PARTY_SEX_MISMATCH',
          '男方证件显示为女性、女方证件显示为男性，请交换填写',
          { field: 'husband.residentId' },
        );
      }
      const parties = { husband, wife };
      const crossBorder = coupleCrossBorder(husband.crossBorder, wife.crossBorder);
      const reasons = registrationReasons(marriageConfig(ctx), input, parties, registry, on);
      const conflicts: ConflictingMarriage[] = [];
      const subsisting = await subsistingMarriagesOf(trx, [husband.person.id, wife.person.id]);
      let flag: RefusalRow['flag'] = 'none';
      for (const p of [husband, wife]) {
        const mine = subsisting.filter((m) => m.husbandId === p.person.id || m.wifeId === p.person.id);
        if (mine.length === 0) continue;
        const contradicted = p.input.declaration.noSpouse;
        if (contradicted) flag = 'declaration_contradicted';
        reasons.push({
          code: 'PARTY_ALREADY_MARRIED',
          message: `${PARTY_LABEL[p.role]}已有配偶（民法典第1042条，重婚禁止）${contradicted ? '，与其声明不符' : ''}`,
          party: p.role,
        });
        for (const m of mine) {
          conflicts.push({
            party: p.role,
            marriageId: m.id,
            registeredOn: m.registeredOn,
            registryName: m.registryName,
            certificateNo: m.certificateNo,
            kind: m.kind,
          });
        }
      }
      const now = ctx.clock.now().toISOString();
      if (reasons.length > 0) {
        const pending: PendingRefusal = {
          // A party this act would have added to the index is not added: a refusal registers nobody.
          husbandId: husband.created ? null : husband.person.id,
          wifeId: wife.created ? null : wife.person.id,
          husbandName: husband.person.name,
          wifeName: wife.person.name,
          reasons,
          conflicts,
          flag,
        };
        // Roll the index entries back and record the refusal in a transaction of its own.
        if (husband.created || wife.created) throw new RefusalWithoutIndexing(pending);
        return writeRefusal(trx, pending);
      }
      let effectiveFrom = on;
      if (input.cohabitingSince) {
        const ends = await Promise.all(
          [husband, wife].map(async (p) => {
            const history = await marriagesOfPerson(trx, p.person.id);
            return history.reduce<string | null>(
              (acc, m) => (m.endedOn && (!acc || m.endedOn > acc) ? m.endedOn : acc),
              null,
            );
          }),
        );
        effectiveFrom = supplementaryEffectiveFrom(
          marriageConfig(ctx),
          input.cohabitingSince,
          [husband, wife],
          ends,
        );
      }
      const row: MarriageRow = {
        id: newId(),
        kind: input.cohabitingSince ? 'supplementary' : 'registration',
        husbandId: husband.person.id,
        wifeId: wife.person.id,
        registryId: registry.id,
        registryName: registry.name,
        divisionCode: registry.divisionCode,
        registeredOn: on,
        effectiveFrom,
        crossBorder,
        certificateNo: await takeCertificateNo(trx, registry, 'J', on),
        status: 'subsisting',
        endedOn: null,
        endReference: null,
        registrarId: actor.userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await insertMarriage(trx, row);
      await closeBooking(trx, 'marriage', row.id);
      await audit(ctx, trx, actor, {
        action: row.kind === 'supplementary' ? 'marriage.register-supplementary' : 'marriage.register',
        targetType: 'marriage',
        targetId: row.id,
        divisionCode: row.divisionCode,
        details: {
          certificateNo: row.certificateNo,
          husbandId: row.husbandId,
          wifeId: row.wifeId,
          effectiveFrom,
          crossBorder,
          illnessDisclosed: { husband: input.husband.illnessDisclosed, wife: input.wife.illnessDisclosed },
        },
      });
      return { kind: 'registered', row, husband, wife };
    });

  const decide = async (): Promise<Outcome> => {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof RefusalWithoutIndexing)) throw err;
      return ctx.db.kysely.transaction().execute((trx) => writeRefusal(trx, err.pending));
    }
  };
  let result: Outcome;
  try {
    result = await decide();
  } catch (err) {
    // A concurrent registration of the same person committed first (the partial unique index said so):
    // decide again, now seeing it, so the loser gets a proper refusal.
    if (!isUniqueViolation(err)) throw err;
    result = await decide();
  }
  if (result.kind === 'refused') throw refusalError(result.refusal.id, result.reasons, result.conflicts);
  // The view from what this act wrote and read, not a re-read.
  const { row, husband, wife } = result;
  return presentMarriage({
    ...row,
    husbandName: husband.person.name,
    husbandResidentId: husband.residentId,
    husbandBirthDate: husband.person.birthDate,
    wifeName: wife.person.name,
    wifeResidentId: wife.residentId,
    wifeBirthDate: wife.person.birthDate,
  });
}

/** The index entry of a party as typed on the form, without adding anyone (null when absent). */
async function indexedPartyId(
  trx: Transaction<Database>,
  role: PartyRole,
  party: MarriagePartyInput,
  today: PlainDate,
): Promise<string | null> {
  if (party.documentType === 'resident_id') {
    if (!party.residentId) return null;
    let id: string;
    try {
      id = parseResidentId(party.residentId, { today }).id;
    } catch (err) {
      if (err instanceof DomainError)
        throw new DomainError(err.kind, err.code, `${PARTY_LABEL[role]}：${err.message}`, {
          field: `${role}.residentId`,
        });
      throw err;
    }
    return (await findIndexedPersonByResidentId(trx, id))?.id ?? null;
  }
  if (!party.documentNo || !party.nationality) return null;
  const found = await findForeignParty(trx, {
    documentType: party.documentType,
    nationality: party.nationality.toUpperCase(),
    documentNo: party.documentNo.toUpperCase(),
  });
  return found?.id ?? null;
}

/**
 * 不予登记 stated by the registrar (R-MAR-10): the ground (a legal condition, never illness) and the
 * registrar's own words, printed on the notice. Nobody is added to the person index: a party already in
 * it is linked by id, one who is not is named only. Closes the booking it serves (`appointmentId`).
 * Audited; the registrar must be qualified at the registry, as for registering.
 */
export async function refuseMarriage(
  ctx: CoreContext,
  actor: Actor,
  input: RefuseMarriageInput,
): Promise<{ refusalId: string; reasons: RefusalReason[] }> {
  authorize(actor, 'marriage:write');
  const registry = await visibleRegistry(ctx, actor, input.registryId);
  const on = marriageToday(ctx);
  await ensureQualified(ctx, actor, registry, on);
  const husbandName = normalizePersonName(input.husband.name);
  const wifeName = normalizePersonName(input.wife.name);
  const reasons: RefusalReason[] = [
    {
      code: input.ground,
      message: `${REFUSAL_GROUNDS[input.ground]}：${input.note}`,
      party: null,
    },
  ];
  const refusalId = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const husbandId = await indexedPartyId(trx, 'husband', input.husband, on);
    const wifeId = await indexedPartyId(trx, 'wife', input.wife, on);
    await insertRefusal(trx, {
      id: refusalId,
      service: 'marriage',
      registryId: registry.id,
      divisionCode: registry.divisionCode,
      decidedOn: on,
      husbandId,
      wifeId,
      husbandName,
      wifeName,
      reasons: JSON.stringify(reasons),
      flag: 'none',
      registrarId: actor.userId,
      createdAt: ctx.clock.now().toISOString(),
    });
    await audit(ctx, trx, actor, {
      action: 'marriage.refuse',
      targetType: 'marriage_refusal',
      targetId: refusalId,
      divisionCode: registry.divisionCode,
      details: { reasons: [input.ground], statedByRegistrar: true, husbandId, wifeId },
    });
    if (input.appointmentId) {
      await closeAppointmentInTransaction(ctx, trx, actor, {
        appointmentId: input.appointmentId,
        registryId: registry.id,
        outcome: { kind: 'refusal', ref: refusalId, note: '不予登记' },
        residentIds: [input.husband.residentId ?? null, input.wife.residentId ?? null],
      });
    }
  });
  return { refusalId, reasons };
}
