/**
 * Intake (求助登记): the eligibility reading (R-RES-01), refusals with their written notice (不予救助通知书),
 * admission in one transaction — the case numbered from the station's series, the person found in or
 * added to the people index (never duplicated), the belongings register (R-RES-08), the police handover
 * (R-RES-06), medical/police referral (R-RES-15), dormitory by sex and a female caseworker for a female
 * recipient (R-RES-04) — and the identification of an unidentified case through the person merge.
 */
import {
  DomainError,
  formatChineseDate,
  getDivision,
  newId,
  parsePlainDate,
  parseResidentId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import type {
  RescueEligibilityDto,
  RescueRefusalGround,
  RescueRefusalViewDto,
  rescueBelongingBody,
  rescueIdentifyBody,
  rescueIntakeBody,
  rescueRefusalBody,
} from '@social-affairs/kernel/contracts/rescue';
import type { z } from 'zod';
import { authorize, displayNameIn, displayNamesOf, scopeFilterFor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { documentNumberFor, officePrefix } from '../numbering/index';
import { noticePdf } from '../reports/index';
import {
  createPersonInTransaction,
  findIndexedPerson,
  findIndexedPersonByResidentId,
  proposeMerge,
} from '../people/index';
import { ensureCaseOpen, lockedVisibleCase, visibleCase, visibleStation } from './cases.access';
import type { RescueStationRow } from './cases.repository';
import {
  findRefusal,
  insertBelongings,
  insertIntake,
  insertPersonFact,
  insertRefusal,
  insertRescueCase,
  nextBelongingPosition,
  openCaseOfPerson,
  setIdentificationMerge,
  stationsWithDormitories,
  type RescueBelongingRow,
  type RescueRefusalRow,
} from './intake.repository';
import { ageOnDay } from './periods';
import { rescueConfig, type RescueConfig } from './rescue.config';
import type { RescueSex } from './rescue.table';
import { assertDormitoryFor } from './stations.guards';
import { syncCaseFamilySearch } from './family-feed';

/** Age under which a recipient is a minor (R-RES-16; Civil Code Art.17). */
export const MINOR_UNDER_AGE = 18;

// ----- Eligibility (R-RES-01, R-RES-03) -----------------------------------------------------------------

/** The ground of a refusal in words, as the notice prints it. */
export const REFUSAL_GROUND_TEXT: Record<RescueRefusalGround, string> = {
  can_pay: '经询问，你能够自行解决食宿，不属于无力解决食宿的情形',
  has_relatives: '经询问，你有近亲属或其他亲友可以投靠',
  receives_subsistence: '经核实，你享受城市居民最低生活保障或农村五保供养',
  not_vagrant: '经询问，你不属于在城市流浪乞讨（或离家在外、无力解决食宿）的人员',
  refuses_information:
    '你拒不如实提供本人姓名、身份等个人情况（《城市生活无着的流浪乞讨人员救助管理办法》第六条）',
  other: '其他不符合救助条件的情形',
};

const NARROW_SITUATIONS = new Set(['vagrant_begging']);

/**
 * The grounds on which the answers do not qualify, empty when they do (R-RES-01). The narrow reading
 * needs the four conditions of the 实施细则 Art.2 (vagrant or begging); the broad reading (工作规程 Art.2,
 * default) also admits anyone away from home who cannot solve food and lodging. A person who cannot
 * give information (R-RES-03) is aided first: no ground applies, the answers are verified later.
 */
export function refusalGrounds(
  e: RescueEligibilityDto,
  cfg: Pick<RescueConfig, 'eligibilityReading'>,
): RescueRefusalGround[] {
  if (e.information === 'cannot_give') return [];
  const grounds: RescueRefusalGround[] = [];
  if (e.information === 'refused') grounds.push('refuses_information');
  if (e.canPayFoodLodging === true) grounds.push('can_pay');
  if (e.hasRelativesToTurnTo === true) grounds.push('has_relatives');
  if (e.receivesSubsistence === true) grounds.push('receives_subsistence');
  const situation = e.situation;
  if (
    situation === 'none' ||
    (cfg.eligibilityReading === 'narrow' && situation && !NARROW_SITUATIONS.has(situation))
  ) {
    grounds.push('not_vagrant');
  }
  return grounds;
}

/** Every answer is required unless the person cannot give information. */
function ensureAnswered(e: RescueEligibilityDto): void {
  if (e.information === 'cannot_give') return;
  const missing = (
    ['canPayFoodLodging', 'hasRelativesToTurnTo', 'receivesSubsistence', 'situation'] as const
  ).find((k) => e[k] === null);
  if (missing) {
    throw new DomainError(
      'invalid',
      'RESCUE_ELIGIBILITY_INCOMPLETE',
      '请完成求助甄别的全部问题（无法询问的请选择“无法提供信息”）',
      {
        field: `eligibility.${missing}`,
      },
    );
  }
}

// ----- Refusal (不予救助) ------------------------------------------------------------------------------

function today(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

function stationOffice(station: RescueStationRow, word: string) {
  return {
    key: `rescue-station:${station.id}`,
    divisionCode: station.divisionCode,
    prefix: officePrefix(station.divisionCode, word),
    institutionId: station.id,
  };
}

function presentRefusal(r: RescueRefusalRow, stationName: string): RescueRefusalViewDto {
  const codes = JSON.parse(r.grounds) as RescueRefusalGround[];
  return {
    id: r.id,
    stationId: r.stationId,
    stationName,
    decidedOn: r.decidedOn,
    nameGiven: r.nameGiven,
    groundCode: r.groundCode,
    grounds: codes.map((code) => ({
      code,
      text:
        code === 'other' && r.note ? `${REFUSAL_GROUND_TEXT.other}：${r.note}` : REFUSAL_GROUND_TEXT[code],
    })),
    note: r.note,
    decidedBy: r.decidedByName,
    noticeNo: r.noticeNo,
  };
}

/**
 * Refuses an applicant (R-RES-01, R-RES-03): the grounds come from the answers (or a stated other
 * ground); answers that qualify cannot be refused. Records the refusal and numbers its notice from the
 * station's series (民救不字) in one transaction.
 */
export async function refuseApplicant(
  ctx: CoreContext,
  actor: Actor,
  input: z.output<typeof rescueRefusalBody>,
): Promise<RescueRefusalViewDto> {
  authorize(actor, 'rescue:write');
  const station = await visibleStation(ctx.db.kysely, actor, input.stationId);
  const e = input.eligibility;
  ensureAnswered(e);
  if (e.information === 'cannot_give') {
    throw new DomainError(
      'invalid',
      'RESCUE_AID_FIRST',
      '无法提供个人信息的求助人（未成年人、无民事行为能力或限制民事行为能力人、有精神障碍迹象者）应先予救助、事后核实，不能不予救助',
      { field: 'eligibility.information' },
    );
  }
  const grounds = refusalGrounds(e, rescueConfig(ctx));
  if (input.otherGround) grounds.push('other');
  if (grounds.length === 0) {
    throw new DomainError(
      'invalid',
      'RESCUE_REFUSAL_NO_GROUND',
      '按甄别结果求助人符合救助条件，不能不予救助；如有其他理由请填写',
      {
        field: 'otherGround',
      },
    );
  }
  const decidedOn = today(ctx);
  const id = newId();
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const notice = await documentNumberFor(ctx, trx, actor, {
      office: stationOffice(station, '民救不字'),
      kind: 'rescue-refusal',
      year: Number(decidedOn.slice(0, 4)),
      ownerType: 'rescue_refusal',
      ownerId: id,
    });
    const r: RescueRefusalRow = {
      id,
      stationId: station.id,
      divisionCode: station.divisionCode,
      decidedOn,
      nameGiven: input.nameGiven ?? null,
      sex: input.sex ?? null,
      groundCode: grounds[0]!,
      grounds: JSON.stringify(grounds),
      eligibility: JSON.stringify(e),
      note: input.otherGround
        ? [input.otherGround, input.note].filter(Boolean).join('；')
        : (input.note ?? null),
      decidedBy: actor.username,
      decidedByName: displayNameIn(await displayNamesOf(trx, [actor.username]), actor.username),
      noticeNo: notice.number,
      createdAt: ctx.clock.now().toISOString(),
    };
    await insertRefusal(trx, r);
    await audit(ctx, trx, actor, {
      action: 'rescue.intake.refuse',
      targetType: 'rescue_refusal',
      targetId: id,
      divisionCode: station.divisionCode,
      details: { grounds, noticeNo: notice.number },
    });
    return r;
  });
  return presentRefusal(row, station.name);
}

async function visibleRefusal(ctx: CoreContext, actor: Actor, id: string) {
  const r = await findRefusal(ctx.db.kysely, id);
  if (!r) throw new DomainError('not_found', 'NOT_FOUND', '不予救助记录不存在或不在您的管辖范围内');
  const station = await visibleStation(ctx.db.kysely, actor, r.stationId).catch(() => {
    throw new DomainError('not_found', 'NOT_FOUND', '不予救助记录不存在或不在您的管辖范围内');
  });
  return { r, station };
}

export async function getRefusal(ctx: CoreContext, actor: Actor, id: string): Promise<RescueRefusalViewDto> {
  authorize(actor, 'rescue:read');
  const { r, station } = await visibleRefusal(ctx, actor, id);
  return presentRefusal(r, station.name);
}

/**
 * The remedies sentence (UNVERIFIED, configuration `refusalRemedies`: 行政复议法 2023 第二十条/第二十四条,
 * 行政诉讼法 第四十六条). The reconsideration body defaults to the people's government of the station's county.
 */
export function rescueRemediesText(cfg: RescueConfig['refusalRemedies'], divisionCode: string): string {
  const county = getDivision(divisionCode.slice(0, 6));
  const body = cfg.reconsiderationBody ?? (county ? `${county.name}人民政府` : '本级人民政府');
  return (
    `如不服本决定，可以自收到本通知书之日起${cfg.reconsiderationDays}日内向${body}申请行政复议，` +
    `也可以自收到本通知书之日起${cfg.litigationMonths}个月内依法向${cfg.court}提起行政诉讼。`
  );
}

/** 不予救助通知书 (GZGC annex 2): number, addressee, grounds in words, remedies, station and Chinese date. */
export async function printRefusalNotice(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; pdf: Buffer }> {
  authorize(actor, 'rescue:read');
  const { r, station } = await visibleRefusal(ctx, actor, id);
  const view = presentRefusal(r, station.name);
  await ctx.readAudit.record(actor, {
    action: 'rescue.refusal.print',
    targetType: 'rescue_refusal',
    targetId: r.id,
    divisionCode: r.divisionCode,
    details: { noticeNo: r.noticeNo },
  });
  const pdf = await noticePdf({
    title: '不予救助通知书',
    reference: r.noticeNo,
    to: r.nameGiven ?? '求助人',
    paragraphs: [
      `你于${formatChineseDate(r.decidedOn)}向本站求助。根据《城市生活无着的流浪乞讨人员救助管理办法》及其实施细则，经询问和审查，因下列原因，本站决定不予救助：`,
    ],
    items: view.grounds.map((g) => `${g.text}。`),
    closing: [
      '如你的情况发生变化、符合救助条件，可以随时再向本站或其他救助管理机构求助。',
      rescueRemediesText(rescueConfig(ctx).refusalRemedies, r.divisionCode),
    ],
    issuerName: station.name,
    date: r.decidedOn,
    acknowledgement: true,
  });
  return { fileName: `不予救助通知书-${r.noticeNo}.pdf`, pdf };
}

// ----- Admission ------------------------------------------------------------------------------------------

export interface AdmittedCase {
  id: string;
  caseNo: string;
  personId: string;
  identityStatus: 'identified' | 'unidentified' | 'to_verify';
  /** The person was already in the people index (linked, not duplicated). */
  linkedExistingPerson: boolean;
}

const MEDICAL = [
  'suspectedMentalDisorder',
  'suspectedInfectiousDisease',
  'criticalIllness',
  'visibleInjury',
] as const;
const POLICE = ['drunkThreatening', 'suspectedDrugUse'] as const;

function invalid(code: string, message: string, field: string): DomainError {
  return new DomainError('invalid', code, message, { field });
}

/** R-RES-04 and R-RES-15, R-RES-06, R-RES-08 checks of the form that need no database. */
function checkForm(input: z.output<typeof rescueIntakeBody>): void {
  // R-RES-04: female recipients are managed by female staff.
  if (input.sex === 'female' && input.caseworkerSex !== 'female') {
    throw invalid(
      'RESCUE_FEMALE_CASEWORKER_REQUIRED',
      '女性受助人员应由女性工作人员负责管理，请改派女性工作人员',
      'caseworkerSex',
    );
  }
  // R-RES-06: a police escort completes the 交接表.
  if (input.referralSource === 'police') {
    if (!input.policeUnit)
      throw invalid('RESCUE_HANDOVER_INCOMPLETE', '公安机关护送的，请填写护送单位（交接表）', 'policeUnit');
    if (!input.policeOfficer)
      throw invalid(
        'RESCUE_HANDOVER_INCOMPLETE',
        '公安机关护送的，请填写护送民警姓名（交接表）',
        'policeOfficer',
      );
    if (!input.handoverAt)
      throw invalid('RESCUE_HANDOVER_INCOMPLETE', '公安机关护送的，请填写交接时间（交接表）', 'handoverAt');
  }
  // R-RES-15: medical and police referral at intake.
  if (MEDICAL.some((k) => input.conditions[k]) && !input.medicalReferralTo) {
    throw invalid(
      'RESCUE_MEDICAL_REFERRAL_REQUIRED',
      '有疑似精神障碍、疑似传染病、危重病或明显外伤的，应送医疗机构救治，请填写送往的医疗机构',
      'medicalReferralTo',
    );
  }
  if (POLICE.some((k) => input.conditions[k]) && !input.policeReferralTo) {
    throw invalid(
      'RESCUE_POLICE_REFERRAL_REQUIRED',
      '醉酒滋事或疑似吸毒的，应移交公安机关处置，请填写移交的公安机关',
      'policeReferralTo',
    );
  }
  // R-RES-08: an identity document is only held in voluntary safekeeping, with the person's consent.
  input.belongings.forEach((b, i) => {
    if (b.identityDocument && !b.safekeepingConsent) {
      throw invalid(
        'RESCUE_ID_DOCUMENT_NOT_RETAINED',
        '工作人员不得扣留受助人员的身份证件；只有本人自愿交站保管并登记同意的，才可代为保管，否则应交还本人',
        `belongings.${i}.safekeepingConsent`,
      );
    }
  });
  if (!input.residentId && !input.birthDate && input.estimatedAge == null) {
    throw invalid(
      'RESCUE_AGE_REQUIRED',
      '没有身份证号码和出生日期的，请填写估计年龄（用于未成年人标识和在站期限）',
      'estimatedAge',
    );
  }
}

/**
 * Admits a person (求助登记): one transaction creates the case, numbered from the station's series
 * (e.g. 湘芙民救字〔2026〕第000001号), links or creates the people-index record, and writes the intake
 * record, the belongings register and the audit row. A second open case of the same person is refused by
 * the unique index (409 `RESCUE_CASE_ALREADY_OPEN`).
 */
export async function admitPerson(
  ctx: CoreContext,
  actor: Actor,
  input: z.output<typeof rescueIntakeBody>,
): Promise<AdmittedCase> {
  authorize(actor, 'rescue:write');
  const cfg = rescueConfig(ctx);
  const station = await visibleStation(ctx.db.kysely, actor, input.stationId);
  if (station.status !== 'active') {
    throw invalid('RESCUE_STATION_CLOSED', '该救助管理站已停用，不能办理求助登记', 'stationId');
  }
  const e = input.eligibility;
  ensureAnswered(e);
  // R-RES-03: an adult of full capacity without signs of disorder who refuses information is not aided;
  // someone who cannot give it is aided first and verified later.
  const grounds = refusalGrounds(e, cfg);
  if (grounds.length > 0) {
    throw new DomainError(
      'invalid',
      'RESCUE_NOT_ELIGIBLE',
      `不符合救助条件：${grounds.map((g) => REFUSAL_GROUND_TEXT[g].replace(/^经(询问|核实)，/, '')).join('；')}。请出具不予救助通知书`,
      {
        field: 'eligibility',
        grounds,
      },
    );
  }
  checkForm(input);
  const now = ctx.clock.now();
  const enteredAt = now.toISOString();
  const entryDate = todayPlainDate(ctx.config.timeZone, now);

  // Identity (R-RES-03): a resident id is validated by the kernel and looked up in the people index.
  let parsed: ReturnType<typeof parseResidentId> | null = null;
  if (input.residentId) {
    parsed = parseResidentId(input.residentId, { today: entryDate });
    if (parsed.sex !== input.sex) throw invalid('RESIDENT_ID_SEX_MISMATCH', '性别与身份证号码不一致', 'sex');
    if (!input.nameGiven) throw invalid('RESCUE_NAME_REQUIRED', '有身份证号码的，请填写姓名', 'nameGiven');
  }
  const birthDate = parsed?.birthDate ?? (input.birthDate ? parsePlainDate(input.birthDate) : null);
  const estimatedAge = birthDate ? null : (input.estimatedAge ?? null);
  const age = ageOnDay({ birthDate, estimatedAge, entryDate }, entryDate);
  const minor = age !== null && age < MINOR_UNDER_AGE;
  const mentalSigns = input.mentalSigns || input.conditions.suspectedMentalDisorder;
  const identityStatus: AdmittedCase['identityStatus'] = parsed
    ? 'identified'
    : input.nameGiven
      ? 'to_verify'
      : 'unidentified';

  // R-RES-04: rooms are separated by sex — checked in the write transaction below by the stations
  // concern's `assertDormitoryFor` (which also refuses a closed or full dormitory).
  const dormitoryId: string | null = input.dormitoryId ?? null;

  const id = newId();
  const alreadyOpen = () =>
    new DomainError(
      'conflict',
      'RESCUE_CASE_ALREADY_OPEN',
      '此人已有在站（或托养、住院中）的救助案件，不能重复登记；请在原案件中办理',
      {
        field: 'residentId',
      },
    );
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      if (dormitoryId) await assertDormitoryFor(trx, station.id, dormitoryId, input.sex);
      const number = await documentNumberFor(ctx, trx, actor, {
        office: stationOffice(station, '民救字'),
        kind: 'rescue-case',
        year: Number(entryDate.slice(0, 4)),
        ownerType: 'rescue_case',
        ownerId: id,
      });
      const caseNo = number.number;
      let personId: string;
      let linked = false;
      const existing = parsed ? await findIndexedPersonByResidentId(trx, parsed.id) : undefined;
      if (existing) {
        // Link, never duplicate (the surviving record if it was merged).
        let person = existing;
        for (let hops = 0; person.mergedInto && hops < 16; hops++) {
          person = (await findIndexedPerson(trx, person.mergedInto)) ?? person;
        }
        if (person.status === 'deceased') {
          throw invalid(
            'RESCUE_PERSON_DECEASED',
            '人员索引中此身份证号码的人员已登记死亡，请核实身份',
            'residentId',
          );
        }
        if (await openCaseOfPerson(trx, person.id)) throw alreadyOpen();
        personId = person.id;
        linked = true;
      } else {
        const created = await createPersonInTransaction(
          ctx,
          trx,
          actor,
          {
            residentId: parsed?.id ?? null,
            name: input.nameGiven ?? `无名氏${caseNo}`,
            sex: input.sex,
            birthDate: parsed ? null : birthDate,
            // The people index is a county registry: the station's county keeps the record.
            hukouDivisionCode: station.divisionCode.slice(0, 6),
            source: '救助管理',
          },
          { residentIdAbsent: parsed !== null },
        );
        personId = created.id;
        if (!parsed) {
          await insertPersonFact(trx, {
            id: newId(),
            personId,
            field: 'identity_status',
            value: '身份不明',
            source: '救助管理',
            recordedAt: enteredAt,
            recordedBy: actor.username,
          });
        }
      }
      await insertRescueCase(trx, {
        id,
        caseNo,
        stationId: station.id,
        divisionCode: station.divisionCode,
        personId,
        identityStatus,
        nameGiven: input.nameGiven ?? null,
        sex: input.sex,
        birthDate,
        estimatedAge,
        enteredAt,
        entryDate,
        referralSource: input.referralSource,
        civilCapacity: input.civilCapacity,
        mentalSigns: mentalSigns ? 1 : 0,
        foundPlace: input.foundPlace ?? null,
        foundOn: input.foundOn ?? null,
        heightCm: input.heightCm ?? null,
        health: input.health ?? null,
        intellect: input.intellect ?? null,
        mentalState: input.mentalState ?? null,
        features: input.features ?? null,
        clothing: input.clothing ?? null,
        dormitoryId,
        status: 'in_station',
        closedAt: null,
        closeKind: null,
        closeNote: null,
        createdBy: actor.username,
        createdAt: enteredAt,
        updatedAt: enteredAt,
        version: 1,
      });
      await insertIntake(trx, {
        caseId: id,
        eligibility: JSON.stringify(e),
        information: e.information,
        hukouAddress: input.hukouAddress ?? null,
        vagrancyReason: input.vagrancyReason ?? null,
        relativesContact: input.relativesContact ?? null,
        policeUnit: input.policeUnit ?? null,
        policeOfficer: input.policeOfficer ?? null,
        handoverAt: input.handoverAt ? new Date(input.handoverAt).toISOString() : null,
        referralNote: input.referralNote ?? null,
        securityCheck: input.securityCheck,
        securityNote: input.securityNote ?? null,
        conditions: JSON.stringify(input.conditions),
        medicalReferralTo: input.medicalReferralTo ?? null,
        policeReferralTo: input.policeReferralTo ?? null,
        minorAtEntry: minor ? 1 : 0,
        caseworkerName: input.caseworkerName,
        caseworkerSex: input.caseworkerSex,
        identificationMergeId: null,
        recordedBy: actor.username,
        recordedAt: enteredAt,
      });
      await insertBelongings(
        trx,
        input.belongings.map((b, i) => belongingRow(id, i + 1, b, enteredAt, actor)),
      );
      await audit(ctx, trx, actor, {
        action: 'rescue.intake.admit',
        targetType: 'rescue_case',
        targetId: id,
        subjectPersonId: personId,
        divisionCode: station.divisionCode,
        details: {
          caseNo,
          identityStatus,
          linkedExistingPerson: linked,
          minor,
          referralSource: input.referralSource,
          medicalReferral: input.medicalReferralTo !== null && input.medicalReferralTo !== undefined,
          policeReferral: input.policeReferralTo !== null && input.policeReferralTo !== undefined,
        },
      });
      // 寻亲: an unidentified person joins the three-way family search (family-feed.ts).
      await syncCaseFamilySearch(ctx, trx, id);
      return { id, caseNo, personId, identityStatus, linkedExistingPerson: linked };
    });
  } catch (err) {
    // Two intakes of one person at once: the engine's one-open-case index decides.
    if (isUniqueViolation(err)) throw alreadyOpen();
    throw err;
  }
}

function belongingRow(
  caseId: string,
  position: number,
  b: z.output<typeof rescueBelongingBody>,
  at: string,
  actor: Actor,
): RescueBelongingRow {
  return {
    id: newId(),
    caseId,
    position,
    item: b.item,
    quantity: b.quantity,
    description: b.description ?? null,
    identityDocument: b.identityDocument ? 1 : 0,
    safekeepingConsent: b.safekeepingConsent ? 1 : 0,
    consentNote: b.consentNote ?? null,
    recordedAt: at,
    recordedBy: actor.username,
    returnedAt: null,
    returnedNote: null,
  };
}

/** Adds an item to an open case's belongings register (R-RES-03; identity documents R-RES-08). */
export async function addBelonging(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof rescueBelongingBody>,
): Promise<{ id: string }> {
  authorize(actor, 'rescue:write');
  if (input.identityDocument && !input.safekeepingConsent) {
    throw invalid(
      'RESCUE_ID_DOCUMENT_NOT_RETAINED',
      '工作人员不得扣留受助人员的身份证件；只有本人自愿交站保管并登记同意的，才可代为保管，否则应交还本人',
      'safekeepingConsent',
    );
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, caseId);
    ensureCaseOpen(c);
    const position = await nextBelongingPosition(trx, c.id);
    const row = belongingRow(c.id, position, input, ctx.clock.now().toISOString(), actor);
    await insertBelongings(trx, [row]);
    await audit(ctx, trx, actor, {
      action: 'rescue.belongings.add',
      targetType: 'rescue_case',
      targetId: c.id,
      subjectPersonId: c.personId,
      divisionCode: c.divisionCode,
      details: { item: row.item, quantity: row.quantity, identityDocument: input.identityDocument },
    });
    return { id: row.id };
  });
}

/** The wizard's choices: the stations the actor may take people in at, with their dormitories. */
export async function intakeOptions(ctx: CoreContext, actor: Actor) {
  authorize(actor, 'rescue:write');
  return { stations: await stationsWithDormitories(ctx.db.kysely, scopeFilterFor(actor)) };
}

/**
 * "Identify this case as person X" (R-RES-03, verified later): proposes merging the case's unidentified
 * people-index record into X for a county reviewer (people/merge). The case follows the survivor when the
 * merge is decided (the departure concern's person.merged subscriber); nothing is merged silently.
 */
export async function identifyCase(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof rescueIdentifyBody>,
): Promise<{ mergeId: string; status: string }> {
  authorize(actor, 'rescue:write');
  const c = await visibleCase(ctx.db.kysely, actor, caseId);
  ensureCaseOpen(c);
  if (c.identityStatus === 'identified') {
    throw new DomainError('conflict', 'RESCUE_ALREADY_IDENTIFIED', '该受助人员身份已核实，无需再认定', {
      field: 'personId',
    });
  }
  if (input.personId === c.personId) {
    throw invalid('MERGE_SAME_PERSON', '所选人员就是本案件的人员记录', 'personId');
  }
  const merge = await proposeMerge(ctx, actor, {
    survivorId: input.personId,
    mergedId: c.personId,
    reason: `救助案件 ${c.caseNo} 身份认定：${input.reason}`,
  });
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const locked = await lockedVisibleCase(trx, actor, caseId);
    await setIdentificationMerge(trx, locked.id, merge.id);
    await audit(ctx, trx, actor, {
      action: 'rescue.case.identify',
      targetType: 'rescue_case',
      targetId: locked.id,
      subjectPersonId: locked.personId,
      divisionCode: locked.divisionCode,
      reason: input.reason,
      details: { mergeId: merge.id, survivorId: input.personId },
    });
  });
  return { mergeId: merge.id, status: merge.status };
}

export type { RescueSex };
