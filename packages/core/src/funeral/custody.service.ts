/**
 * The chain of custody (接运与保管, issue 17 item 2): the collection order (接运单) that opens a case —
 * no collection without death proof, the transport rule of the place of death (R-FUN-04), the payer
 * (R-FUN-02) — then each step with time, actor and the scanned code (the body's barcode, the urn's after
 * cremation), the gates before cremation (gates.ts) and burial (R-FUN-01), and the documents this concern
 * records. Every step goes through `appendCustodyEvent` in one transaction with its audit row.
 */
import { createHash, randomInt } from 'node:crypto';
import {
  DomainError,
  getDivision,
  maskResidentId,
  newId,
  parsePlainDate,
  parseResidentId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import type {
  bookFuneralFarewellBody,
  buryFuneralBody,
  collectFuneralBody,
  createFuneralCaseBody,
  cremateFuneralBody,
  farewellFuneralBody,
  recordFuneralCaseDocumentBody,
  releaseFuneralAshesBody,
  storeFuneralAshesBody,
  storeFuneralBody,
} from '@social-affairs/kernel/contracts/funeral';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { authorize, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import type { Database } from '../db/index';
import { documentNumberFor, officePrefix } from '../numbering/index';
import { createPersonInTransaction, findIndexedPerson, findIndexedPersonByResidentId } from '../people/index';
import {
  ensureFacilityMayTakeBusiness,
  ensureFuneralCaseOpen,
  lockedVisibleFuneralCase,
  visibleFacility,
} from './cases.access';
import {
  appendCustodyEvent,
  documentsOfCase,
  findFuneralFacility,
  insertCaseDocument,
  type FuneralCaseRow,
  type FuneralFacilityRow,
} from './cases.repository';
import {
  findCaseDocument,
  findCustodyDetails,
  insertCustodyDetails,
  insertFuneralCase,
  insertPersonFact,
  isActiveAttachmentOfCase,
  openFuneralCaseOfPerson,
  revokeCaseDocumentRow,
  setCaseColumns,
  storageInUse,
  updateCustodyDetails,
  type FuneralCustodyDetailsRow,
} from './custody.repository';
import { funeralConfig } from './funeral.config';
import type { CaseDocumentKind, CustodyStep, FuneralFacilityKind } from './funeral.table';
import { CASE_DOCUMENT_KIND_LABELS } from './funeral.table';
import { cremationGate, ensureBurialAllowed } from './gates';
import { transportRuleOf } from './rules';

type Trx = Transaction<Database>;

/** Today's Beijing date on the context's clock. */
export function custodyToday(ctx: CoreContext): PlainDate {
  return todayPlainDate(ctx.config.timeZone, ctx.clock.now());
}

function invalid(code: string, message: string, field: string, details: Record<string, unknown> = {}) {
  return new DomainError('invalid', code, message, { field, ...details });
}

/** 省简称 + the county's short name: 430103 天心区 → 湘天心 (unique enough across a province, unlike one character). */
function countyWord(divisionCode: string): string {
  const county = getDivision(divisionCode.slice(0, 6));
  const short = county
    ? county.name.replace(/(土家族苗族自治州|自治县|区|县|市)$/, '')
    : divisionCode.slice(0, 6);
  return `${officePrefix(divisionCode, '').slice(0, 1)}${short}`;
}

/**
 * Where the collection order is numbered: one series per county shared by its funeral homes (a case
 * number is unique across the province), printed as 湘天心殡接字〔2026〕第000001号; the facility is the
 * issuing institution (its staff have it in scope).
 */
function caseOffice(f: FuneralFacilityRow) {
  return {
    key: `funeral-cases:${f.divisionCode.slice(0, 6)}`,
    divisionCode: f.divisionCode,
    prefix: `${countyWord(f.divisionCode)}殡接字`,
    institutionId: f.id,
  };
}

/** Unambiguous characters of a printed code (no 0/O, 1/I). */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A barcode text: `YT` (遗体) or `GH` (骨灰) + yymmdd + 6 random characters, e.g. `YT261205K7Q2MX`. */
export function newCustodyCode(prefix: 'YT' | 'GH', today: string): string {
  let tail = '';
  for (let i = 0; i < 6; i++) tail += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${prefix}${today.slice(2, 4)}${today.slice(5, 7)}${today.slice(8, 10)}${tail}`;
}

/** What a scanner typed, normalised (scanners may add spaces; codes are upper case). */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

function idDigest(caseId: string, residentId: string): string {
  return createHash('sha256').update(`${caseId}:${residentId}`).digest('hex');
}

function alreadyOpen() {
  return new DomainError(
    'conflict',
    'FUNERAL_CASE_ALREADY_OPEN',
    '此人已有未办结的遗体档案，不能重复接运登记；请在原档案中办理',
    { field: 'residentId' },
  );
}

// ----- collection order -----

export interface CreatedFuneralCase {
  id: string;
  caseNo: string;
  bodyCode: string;
  personId: string;
  identityStatus: 'identified' | 'unidentified';
  payer: 'family' | 'county_finance';
  carrier: 'funeral_home_vehicle' | 'family_own' | 'other_unit';
  collectionFree: boolean;
  linkedExistingPerson: boolean;
}

/**
 * 接运单: opens the case (one body, one file). Gates: the facility may take business (R-FUN-05); death
 * proof on the order (422 `FUNERAL_DEATH_PROOF_REQUIRED`); the carrier allowed by the transport rule of
 * the place of death (R-FUN-04, 422 `FUNERAL_CARRIER_NOT_ALLOWED`); burial refused in a cremation zone
 * (R-FUN-01). The deceased is linked to the people index by resident id (following a merge), or gets one
 * record (marked 身份不明 when unidentified); a second open case of one person is refused (409).
 */
export async function createFuneralCase(
  ctx: CoreContext,
  actor: Actor,
  input: z.output<typeof createFuneralCaseBody>,
): Promise<CreatedFuneralCase> {
  authorize(actor, 'funeral:write');
  const today = custodyToday(ctx);
  const facility = await visibleFacility(ctx.db.kysely, actor, input.facilityId);
  if (!['funeral_home', 'crematorium', 'service_station'].includes(facility.kind)) {
    throw invalid('FUNERAL_FACILITY_KIND', '只有殡仪馆、火葬场或殡仪服务站可以办理遗体接运', 'facilityId');
  }
  ensureFacilityMayTakeBusiness(facility);

  if (!input.deathProof) {
    throw invalid(
      'FUNERAL_DEATH_PROOF_REQUIRED',
      '没有死亡证明材料不得接运遗体：请登记死亡证明（医院死亡通知、公安机关证明等）的出具单位和日期',
      'deathProof',
    );
  }
  if (input.deathProof.issuedOn > today) {
    throw invalid('FUNERAL_DATE_IN_FUTURE', '死亡证明的出具日期不能晚于今天', 'deathProof.issuedOn');
  }
  if (!getDivision(input.deathDivisionCode)) {
    throw invalid('DIVISION_UNKNOWN', '死亡地行政区划代码不存在', 'deathDivisionCode');
  }
  if (input.deathDate && input.deathDate > today) {
    throw invalid('FUNERAL_DATE_IN_FUTURE', '死亡日期不能晚于今天', 'deathDate');
  }

  // Identity: a resident id is checked by the kernel; none → an unidentified body.
  let parsed: ReturnType<typeof parseResidentId> | null = null;
  if (input.residentId) {
    try {
      parsed = parseResidentId(input.residentId, { today });
    } catch (err) {
      if (err instanceof DomainError) {
        throw invalid(err.code, `身份证号码有误：${err.message}`, 'residentId');
      }
      throw err;
    }
    if (input.sex !== 'unknown' && parsed.sex !== input.sex) {
      throw invalid('RESIDENT_ID_SEX_MISMATCH', '性别与身份证号码不一致', 'sex');
    }
    if (!input.nameGiven)
      throw invalid('FUNERAL_NAME_REQUIRED', '有身份证号码的，请填写逝者姓名', 'nameGiven');
  }
  const identified = parsed !== null;
  if (!parsed && input.sex === 'unknown') {
    // The people index needs a sex for a record without resident id: the body's examination gives it.
    throw invalid('FUNERAL_SEX_REQUIRED', '没有身份证号码的遗体，请根据体貌特征（法医检验）选择性别', 'sex');
  }
  const birthDate = parsed?.birthDate ?? (input.birthDate ? parsePlainDate(input.birthDate) : null);
  if (birthDate && input.deathDate && birthDate > input.deathDate) {
    throw invalid('FUNERAL_BIRTH_AFTER_DEATH', '出生日期不能晚于死亡日期', 'birthDate');
  }
  const unclaimed = input.unclaimed;
  const withoutFamily = !identified || unclaimed;
  if (withoutFamily && input.agent) {
    throw invalid(
      'FUNERAL_AGENT_NOT_EXPECTED',
      '身份不明或无人认领的遗体没有家属经办人：请删除经办人信息（费用由县级财政承担）',
      'agent',
    );
  }
  if (!withoutFamily && !input.agent) {
    throw invalid('FUNERAL_AGENT_REQUIRED', '请填写经办人（家属）的姓名、电话和与逝者关系', 'agent');
  }
  // R-FUN-04: the rule of the place of death decides who may carry the body, and whether collection is free.
  const rule = transportRuleOf(funeralConfig(ctx), input.deathDivisionCode);
  if (!rule.carriers.includes(input.carrier)) {
    throw invalid(
      'FUNERAL_CARRIER_NOT_ALLOWED',
      `${rule.name}${rule.carriers.length === 1 && rule.carriers[0] === 'funeral_home_vehicle' ? '只能由殡仪馆专用车辆接运遗体' : '不允许该运送方式'}（${rule.basis}）：请改选允许的运送方式`,
      'carrier',
      { allowed: rule.carriers },
    );
  }
  if (input.disposition === 'burial') {
    ensureBurialAllowed(
      ctx,
      { deathDivisionCode: input.deathDivisionCode, deathDate: input.deathDate ?? null },
      today,
    );
  }
  // R-FUN-02: an unidentified or unclaimed body is paid by county finance (the family bill is 0).
  const payer = withoutFamily ? 'county_finance' : 'family';

  const id = newId();
  const now = ctx.clock.now().toISOString();
  const bodyCode = newCustodyCode('YT', today);
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const number = await documentNumberFor(ctx, trx, actor, {
        office: caseOffice(facility),
        kind: 'funeral-case',
        year: Number(today.slice(0, 4)),
        ownerType: 'funeral_case',
        ownerId: id,
      });
      const caseNo = number.number;
      let personId: string;
      let linked = false;
      const existing = parsed ? await findIndexedPersonByResidentId(trx, parsed.id) : undefined;
      if (existing) {
        let person = existing;
        for (let hops = 0; person.mergedInto && hops < 16; hops++) {
          person = (await findIndexedPerson(trx, person.mergedInto)) ?? person;
        }
        if (await openFuneralCaseOfPerson(trx, person.id)) throw alreadyOpen();
        personId = person.id;
        linked = true;
      } else {
        const created = await createPersonInTransaction(
          ctx,
          trx,
          actor,
          {
            residentId: parsed?.id ?? null,
            name: input.nameGiven && identified ? input.nameGiven : `无名遗体${caseNo}`,
            ...(input.sex === 'unknown' ? {} : { sex: input.sex }),
            birthDate: parsed ? null : birthDate,
            hukouDivisionCode: facility.divisionCode.slice(0, 6),
            source: '殡葬管理',
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
            source: '殡葬管理',
            recordedAt: now,
            recordedBy: actor.username,
          });
        }
      }
      await insertFuneralCase(trx, {
        id,
        caseNo,
        facilityId: facility.id,
        divisionCode: facility.divisionCode,
        personId,
        identityStatus: identified ? 'identified' : 'unidentified',
        nameGiven: identified ? input.nameGiven : null,
        sex: parsed?.sex ?? input.sex,
        birthDate,
        estimatedAge: birthDate ? null : (input.estimatedAge ?? null),
        deathDate: input.deathDate ?? null,
        deathPlace: input.deathPlace,
        deathDivisionCode: input.deathDivisionCode,
        deathManner: input.deathManner,
        hospitalDeath: input.hospitalDeath ? 1 : 0,
        unclaimed: unclaimed ? 1 : 0,
        payer,
        disposition: input.disposition ?? null,
        step: 'ordered',
        bodyCode,
        urnCode: null,
        agentName: input.agent?.name ?? null,
        agentPhone: input.agent?.phone ?? null,
        agentRelation: input.agent?.relation ?? null,
        policeConfirmedAt: null,
        forensicClearedAt: null,
        noticeStartedOn: null,
        noticeEndsOn: null,
        closedAt: null,
        createdBy: actor.username,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await insertCustodyDetails(trx, {
        caseId: id,
        facilityId: facility.id,
        carrier: input.carrier,
        collectionFree: rule.collectionFree ? 1 : 0,
        transportRule: `${rule.name}：${rule.basis}`,
        pickupAddress: input.pickupAddress ?? null,
        pickupTime: input.pickupTime ?? null,
        vehicle: null,
        storagePlace: null,
        farewellHall: null,
        farewellOn: null,
        farewellTime: null,
        agentIdMasked: null,
        agentIdDigest: null,
        collectorName: null,
        collectorIdMasked: null,
        destinationId: null,
        destinationPlace: null,
        cancelReason: null,
        updatedAt: now,
      });
      await insertCaseDocument(trx, {
        id: newId(),
        caseId: id,
        kind: 'death_proof',
        number: input.deathProof!.number,
        issuer: input.deathProof!.issuer,
        issuedOn: input.deathProof!.issuedOn,
        note: input.deathProof!.note,
        attachmentId: null,
        status: 'valid',
        revokedReason: null,
        recordedBy: actor.username,
        recordedAt: now,
      });
      await appendCustodyEvent(trx, {
        caseId: id,
        step: 'ordered',
        at: now,
        actor: actor.username,
        place: input.pickupAddress ?? null,
        note: '接运单登记',
      });
      await audit(ctx, trx, actor, {
        action: 'funeral.case.create',
        targetType: 'funeral_case',
        targetId: id,
        subjectPersonId: personId,
        divisionCode: facility.divisionCode,
        details: {
          caseNo,
          identityStatus: identified ? 'identified' : 'unidentified',
          linkedExistingPerson: linked,
          carrier: input.carrier,
          collectionFree: rule.collectionFree,
          payer,
        },
      });
      return {
        id,
        caseNo,
        bodyCode,
        personId,
        identityStatus: identified ? 'identified' : 'unidentified',
        payer,
        carrier: input.carrier,
        collectionFree: rule.collectionFree,
        linkedExistingPerson: linked,
      } satisfies CreatedFuneralCase;
    });
  } catch (err) {
    // Two orders for one person at once: the engine's one-open-case index decides.
    if (isUniqueViolation(err)) {
      // The case number's series is per county; anything else unique is the one open file per body.
      if (String(err).includes('case_no')) {
        throw new DomainError(
          'conflict',
          'FUNERAL_CASE_NO_CONFLICT',
          '档案编号重复（同名县区编号冲突），请联系管理员',
        );
      }
      throw alreadyOpen();
    }
    throw err;
  }
}

/** Whether the body's collection is free (R-FUN-04: e.g. Changsha), for billing; false without an order. */
export async function collectionFreeOf(ctx: CoreContext, caseId: string): Promise<boolean> {
  const d = await findCustodyDetails(ctx.db.kysely, caseId);
  return d?.collectionFree === 1;
}

// ----- steps -----

/** The steps that may follow `step` (the page offers them; anything else is 409 `FUNERAL_STEP_ORDER`). */
export function nextStepsOf(c: Pick<FuneralCaseRow, 'step' | 'disposition'>): CustodyStep[] {
  switch (c.step) {
    case 'ordered':
      return ['collected', 'cancelled'];
    case 'collected':
      return ['in_storage'];
    case 'in_storage':
      return c.disposition === 'burial' ? ['farewell', 'buried'] : ['farewell', 'cremated'];
    case 'farewell':
      return c.disposition === 'burial' ? ['buried'] : ['cremated'];
    case 'cremated':
      return ['ashes_released', 'ashes_stored', 'buried'];
    default:
      return [];
  }
}

const STEP_LABEL: Record<CustodyStep, string> = {
  ordered: '接运登记',
  collected: '接运',
  in_storage: '冷藏暂存',
  farewell: '告别',
  cremated: '火化',
  ashes_released: '骨灰领取',
  ashes_stored: '骨灰寄存',
  buried: '安葬',
  transported_out: '遗体外运',
  cancelled: '取消',
};

/** The code the step expects: the urn's once the body is cremated, the body's before. */
export function expectedCodeKind(c: Pick<FuneralCaseRow, 'step'>): 'body' | 'urn' {
  return c.step === 'cremated' ? 'urn' : 'body';
}

async function detailsOf(trx: Trx, c: FuneralCaseRow, now: string): Promise<FuneralCustodyDetailsRow> {
  const found = await findCustodyDetails(trx, c.id);
  if (found) return found;
  // A case not opened by a collection order here (fixture, another concern): details start empty.
  const row: FuneralCustodyDetailsRow = {
    caseId: c.id,
    facilityId: c.facilityId,
    carrier: null,
    collectionFree: 0,
    transportRule: null,
    pickupAddress: null,
    pickupTime: null,
    vehicle: null,
    storagePlace: null,
    farewellHall: null,
    farewellOn: null,
    farewellTime: null,
    agentIdMasked: null,
    agentIdDigest: null,
    collectorName: null,
    collectorIdMasked: null,
    destinationId: null,
    destinationPlace: null,
    cancelReason: null,
    updatedAt: now,
  };
  await insertCustodyDetails(trx, row);
  return row;
}

interface StepContext {
  trx: Trx;
  c: FuneralCaseRow;
  details: FuneralCustodyDetailsRow;
  now: string;
  today: PlainDate;
}

/**
 * One custody step: scope, lock, open case, order (409 `FUNERAL_STEP_ORDER`), the scanned code (422
 * `FUNERAL_CODE_MISMATCH`), the step's own checks, then `appendCustodyEvent` and the audit row.
 */
async function runStep(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  step: CustodyStep,
  scannedCode: string,
  note: string | null,
  apply: (
    s: StepContext,
  ) => Promise<{ place: string | null; details?: Record<string, unknown>; urnCode?: string }>,
): Promise<{ step: CustodyStep; urnCode: string | null }> {
  authorize(actor, 'funeral:write');
  const today = custodyToday(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    if (!nextStepsOf(c).includes(step)) {
      throw new DomainError(
        'conflict',
        'FUNERAL_STEP_ORDER',
        `当前环节为“${STEP_LABEL[c.step]}”，不能办理“${STEP_LABEL[step]}”：请按 接运→冷藏→告别→火化→骨灰去向 的顺序办理`,
        { step: c.step, requested: step, allowed: nextStepsOf(c) },
      );
    }
    const kind = expectedCodeKind(c);
    const expected = kind === 'urn' ? c.urnCode : c.bodyCode;
    const code = normaliseCode(scannedCode);
    if (!expected || code !== normaliseCode(expected)) {
      throw invalid(
        'FUNERAL_CODE_MISMATCH',
        kind === 'urn'
          ? '扫描的条码与本档案的骨灰盒条码不符：请核对骨灰盒后重新扫描'
          : '扫描的条码与本档案的遗体条码不符：请核对遗体标识后重新扫描',
        'scannedCode',
      );
    }
    const now = ctx.clock.now().toISOString();
    const details = await detailsOf(trx, c, now);
    const done = await apply({ trx, c, details, now, today });
    await appendCustodyEvent(trx, {
      caseId: c.id,
      step,
      at: now,
      actor: actor.username,
      code,
      place: done.place,
      note,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.custody.step',
      targetType: 'funeral_case',
      targetId: c.id,
      subjectPersonId: c.personId,
      divisionCode: c.divisionCode,
      details: { caseNo: c.caseNo, step, from: c.step, place: done.place, ...done.details },
    });
    return { step, urnCode: done.urnCode ?? c.urnCode };
  });
}

/** 接运: the body is collected (the vehicle). */
export function recordCollection(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof collectFuneralBody>,
) {
  return runStep(ctx, actor, caseId, 'collected', input.scannedCode, input.note, async ({ trx, c, now }) => {
    if (input.vehicle) await updateCustodyDetails(trx, c.id, { vehicle: input.vehicle, updatedAt: now });
    return { place: input.vehicle };
  });
}

/** 冷藏暂存: a free cold-storage place at the facility, within its capacity. */
export function recordStorage(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof storeFuneralBody>,
) {
  return runStep(ctx, actor, caseId, 'in_storage', input.scannedCode, input.note, async ({ trx, c, now }) => {
    const facility = await findFuneralFacility(trx, c.facilityId);
    const used = await storageInUse(trx, c.facilityId);
    if (used.some((u) => u.storagePlace === input.place && u.caseId !== c.id)) {
      throw new DomainError(
        'conflict',
        'FUNERAL_STORAGE_PLACE_TAKEN',
        `冷藏柜位“${input.place}”已有遗体：请选择空闲柜位`,
        {
          field: 'place',
        },
      );
    }
    if (facility && used.length >= facility.capacity) {
      throw new DomainError(
        'conflict',
        'FUNERAL_STORAGE_FULL',
        `本馆冷藏柜位已满（共 ${facility.capacity} 个）：请先安排已告别或待火化的遗体`,
        { field: 'place', capacity: facility.capacity },
      );
    }
    await updateCustodyDetails(trx, c.id, { storagePlace: input.place, updatedAt: now });
    return { place: input.place };
  });
}

/** 告别: the farewell (optional — a family may skip it); the hall defaults to the booked one. */
export function recordFarewell(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof farewellFuneralBody>,
) {
  return runStep(
    ctx,
    actor,
    caseId,
    'farewell',
    input.scannedCode,
    input.note,
    async ({ trx, c, details, now }) => {
      const hall = input.hall ?? details.farewellHall;
      if (!hall) throw invalid('FUNERAL_HALL_REQUIRED', '请填写告别厅', 'hall');
      await updateCustodyDetails(trx, c.id, { farewellHall: hall, updatedAt: now });
      return { place: hall };
    },
  );
}

/**
 * 火化: only a body whose disposition is cremation, and only through the gate (R-FUN-02: 409
 * `FUNERAL_CREMATION_BLOCKED` with the unmet items). The urn gets its code; the storage place is freed.
 */
export function recordCremation(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof cremateFuneralBody>,
) {
  return runStep(
    ctx,
    actor,
    caseId,
    'cremated',
    input.scannedCode,
    input.note,
    async ({ trx, c, now, today }) => {
      if (c.disposition === 'transport_out') {
        throw new DomainError(
          'conflict',
          'FUNERAL_DISPOSITION_NOT_CREMATION',
          '该遗体已申请外运，不能在本馆火化',
          {
            field: 'disposition',
          },
        );
      }
      const unmet = await cremationGate(ctx, trx, c, today);
      if (unmet.length > 0) {
        throw new DomainError(
          'conflict',
          'FUNERAL_CREMATION_BLOCKED',
          `火化条件未满足：${unmet.map((u) => u.label).join('；')}`,
          { unmet },
        );
      }
      const urnCode = newCustodyCode('GH', today);
      await setCaseColumns(trx, c.id, {
        urnCode,
        disposition: 'cremation',
        updatedAt: now,
      });
      const place = input.cremator ?? null;
      await updateCustodyDetails(trx, c.id, { storagePlace: null, updatedAt: now });
      return { place, details: { urnCode }, urnCode };
    },
  );
}

/** 骨灰领取: the collector's id is checked against the agent's checked id (stored masked only). */
export function recordAshesRelease(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof releaseFuneralAshesBody>,
) {
  return runStep(
    ctx,
    actor,
    caseId,
    'ashes_released',
    input.scannedCode,
    input.note,
    async ({ trx, c, details, now, today }) => {
      if (!c.agentName) {
        throw new DomainError(
          'conflict',
          'FUNERAL_NO_AGENT',
          '该遗体无家属经办人，骨灰不能领取：请办理骨灰寄存或安葬',
          { field: 'collectorResidentId' },
        );
      }
      if (!details.agentIdDigest) {
        throw new DomainError(
          'conflict',
          'FUNERAL_AGENT_ID_NOT_CHECKED',
          '经办人身份证件尚未核验：请先在“证明材料”中登记经办人身份证件核验',
          { field: 'collectorResidentId' },
        );
      }
      let id: string;
      try {
        id = parseResidentId(input.collectorResidentId, { today }).id;
      } catch {
        throw invalid('RESIDENT_ID_INVALID', '领取人身份证号码有误：请核对后重新输入', 'collectorResidentId');
      }
      if (idDigest(c.id, id) !== details.agentIdDigest) {
        throw invalid(
          'FUNERAL_COLLECTOR_NOT_AGENT',
          '领取人身份证号码与已核验的经办人不一致：骨灰只能交经办人领取',
          'collectorResidentId',
        );
      }
      await updateCustodyDetails(trx, c.id, {
        collectorName: input.collectorName,
        collectorIdMasked: maskResidentId(id),
        updatedAt: now,
      });
      return { place: null, details: { collectorIdMasked: maskResidentId(id) } };
    },
  );
}

const ASH_KEEPERS: readonly FuneralFacilityKind[] = ['columbarium', 'funeral_home', 'crematorium'];
const CEMETERIES: readonly FuneralFacilityKind[] = [
  'cemetery_commercial',
  'cemetery_public_benefit',
  'rural_public_cemetery',
];

/**
 * A destination facility (columbarium or cemetery): it must exist, be of the right kind, be able to take
 * business (R-FUN-05) and be in the city of the case's facility — a destination elsewhere is as unknown
 * as a missing one (404, ADR 0015).
 */
async function destination(
  trx: Trx,
  c: FuneralCaseRow,
  id: string,
  kinds: readonly FuneralFacilityKind[],
  field: string,
): Promise<FuneralFacilityRow> {
  const f = await findFuneralFacility(trx, id);
  if (!f || !f.divisionCode.startsWith(c.divisionCode.slice(0, 4))) {
    throw new DomainError('not_found', 'NOT_FOUND', '殡葬设施不存在或不在本市（州）', { field });
  }
  if (!kinds.includes(f.kind)) {
    throw invalid(
      'FUNERAL_DESTINATION_KIND',
      field === 'cemeteryId' ? '所选设施不是公墓' : '所选设施不能寄存骨灰（应为骨灰堂或殡仪馆）',
      field,
    );
  }
  ensureFacilityMayTakeBusiness(f);
  return f;
}

/** 骨灰寄存: in a columbarium (or the funeral home's own) niche. */
export function recordAshesStorage(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof storeFuneralAshesBody>,
) {
  return runStep(
    ctx,
    actor,
    caseId,
    'ashes_stored',
    input.scannedCode,
    input.note,
    async ({ trx, c, now }) => {
      const f = await destination(trx, c, input.columbariumId, ASH_KEEPERS, 'columbariumId');
      await updateCustodyDetails(trx, c.id, {
        destinationId: f.id,
        destinationPlace: input.niche,
        updatedAt: now,
      });
      return { place: `${f.name} ${input.niche}`, details: { destinationId: f.id } };
    },
  );
}

/**
 * 安葬: the ashes (after cremation) or, where the disposition is burial, the body — the latter only outside
 * a cremation zone (R-FUN-01, checked again on the date of death). F6 may link the plot text to its plot.
 */
export function recordBurial(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof buryFuneralBody>,
) {
  return runStep(
    ctx,
    actor,
    caseId,
    'buried',
    input.scannedCode,
    input.note,
    async ({ trx, c, now, today }) => {
      if (c.step !== 'cremated') ensureBurialAllowed(ctx, c, today);
      const f = await destination(trx, c, input.cemeteryId, CEMETERIES, 'cemeteryId');
      await updateCustodyDetails(trx, c.id, {
        destinationId: f.id,
        destinationPlace: input.plot,
        storagePlace: null,
        updatedAt: now,
      });
      return {
        place: `${f.name} ${input.plot}`,
        details: { destinationId: f.id, body: c.step !== 'cremated' },
      };
    },
  );
}

/** Cancels an order that never ran (still 待接运), with the reason. */
export async function cancelFuneralCase(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: { reason: string },
): Promise<{ step: CustodyStep }> {
  authorize(actor, 'funeral:write');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    if (c.step !== 'ordered') {
      throw new DomainError(
        'conflict',
        'FUNERAL_STEP_ORDER',
        '遗体已接运，接运单不能取消：请按流程办理后续环节',
        { step: c.step },
      );
    }
    const now = ctx.clock.now().toISOString();
    await detailsOf(trx, c, now);
    await updateCustodyDetails(trx, c.id, { cancelReason: input.reason, updatedAt: now });
    await appendCustodyEvent(trx, {
      caseId: c.id,
      step: 'cancelled',
      at: now,
      actor: actor.username,
      note: input.reason,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.case.cancel',
      targetType: 'funeral_case',
      targetId: c.id,
      subjectPersonId: c.personId,
      divisionCode: c.divisionCode,
      reason: input.reason,
      details: { caseNo: c.caseNo },
    });
    return { step: 'cancelled' as const };
  });
}

/** Books the farewell (hall, day, time) of a body not yet cremated: the day board lists today's. */
export async function bookFuneralFarewell(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof bookFuneralFarewellBody>,
): Promise<{ hall: string; on: string; time: string }> {
  authorize(actor, 'funeral:write');
  const today = custodyToday(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    if (!['ordered', 'collected', 'in_storage'].includes(c.step)) {
      throw new DomainError('conflict', 'FUNERAL_STEP_ORDER', '告别仪式只能在火化（安葬）前预约', {
        step: c.step,
      });
    }
    if (input.on < today) throw invalid('FUNERAL_DATE_IN_PAST', '告别日期不能早于今天', 'on');
    const now = ctx.clock.now().toISOString();
    await detailsOf(trx, c, now);
    await updateCustodyDetails(trx, c.id, {
      farewellHall: input.hall,
      farewellOn: input.on,
      farewellTime: input.time,
      updatedAt: now,
    });
    await audit(ctx, trx, actor, {
      action: 'funeral.farewell.book',
      targetType: 'funeral_case',
      targetId: c.id,
      subjectPersonId: c.personId,
      divisionCode: c.divisionCode,
      details: { caseNo: c.caseNo, hall: input.hall, on: input.on, time: input.time },
    });
    return { hall: input.hall, on: input.on, time: input.time };
  });
}

/**
 * Chooses the disposition before the body is cremated or buried; burial is refused in a cremation zone
 * (R-FUN-01: the zone of the place of death on the date of death). Transport out is F3's approval.
 */
export async function setFuneralDisposition(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: { disposition: 'cremation' | 'burial' | 'transport_out' },
): Promise<{ disposition: string }> {
  authorize(actor, 'funeral:write');
  const today = custodyToday(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    if (c.step === 'cremated') {
      throw new DomainError('conflict', 'FUNERAL_STEP_ORDER', '遗体已火化，不能再更改处理方式', {
        step: c.step,
      });
    }
    if (input.disposition === 'burial') ensureBurialAllowed(ctx, c, today);
    const now = ctx.clock.now().toISOString();
    await setCaseColumns(trx, c.id, { disposition: input.disposition, updatedAt: now });
    await audit(ctx, trx, actor, {
      action: 'funeral.case.disposition',
      targetType: 'funeral_case',
      targetId: c.id,
      subjectPersonId: c.personId,
      divisionCode: c.divisionCode,
      details: { caseNo: c.caseNo, from: c.disposition, to: input.disposition },
    });
    return { disposition: input.disposition };
  });
}

// ----- documents -----

const OWN_KINDS: readonly CaseDocumentKind[] = [
  'death_proof',
  'cremation_confirmation',
  'deceased_id_check',
  'agent_id_check',
  'forensic_clearance',
  'other',
];

/**
 * Records a document this concern owns (death proof, cremation confirmation, id checks, forensic
 * clearance, other) with an optional scan of the case. An id check carries the id read from the card:
 * the deceased's must be the indexed person's, the agent's is kept masked (and as a digest the
 * collector's id is compared with). A forensic clearance sets `forensic_cleared_at`.
 */
export async function recordCaseDocument(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: z.output<typeof recordFuneralCaseDocumentBody>,
): Promise<{ id: string }> {
  authorize(actor, 'funeral:write');
  const today = custodyToday(ctx);
  if (input.issuedOn && input.issuedOn > today) {
    throw invalid('FUNERAL_DATE_IN_FUTURE', '出具日期不能晚于今天', 'issuedOn');
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    if (input.attachmentId && !(await isActiveAttachmentOfCase(trx, c.id, input.attachmentId))) {
      throw invalid(
        'FUNERAL_ATTACHMENT_NOT_OF_CASE',
        '所选扫描件不是本档案的附件：请先上传到本档案',
        'attachmentId',
      );
    }
    const now = ctx.clock.now().toISOString();
    let number = input.number;
    if (input.kind === 'deceased_id_check' || input.kind === 'agent_id_check') {
      if (!input.residentId) throw invalid('RESIDENT_ID_REQUIRED', '请输入证件上的身份证号码', 'residentId');
      let id: string;
      try {
        id = parseResidentId(input.residentId, { today }).id;
      } catch {
        throw invalid('RESIDENT_ID_INVALID', '身份证号码有误：请核对证件后重新输入', 'residentId');
      }
      if (input.kind === 'deceased_id_check') {
        if (c.identityStatus === 'unidentified') {
          throw invalid(
            'FUNERAL_UNIDENTIFIED_NO_ID_CHECK',
            '身份不明遗体没有身份证件可核验：由公安机关确认代替',
            'kind',
          );
        }
        const person = await findIndexedPerson(trx, c.personId);
        if (!person?.residentId || person.residentId !== id) {
          throw invalid(
            'FUNERAL_DECEASED_ID_MISMATCH',
            '证件号码与逝者档案的身份证号码不一致：请核对',
            'residentId',
          );
        }
      } else {
        if (!c.agentName) throw invalid('FUNERAL_NO_AGENT', '该遗体没有家属经办人', 'kind');
        const details = await detailsOf(trx, c, now);
        const digest = idDigest(c.id, id);
        if (details.agentIdDigest && details.agentIdDigest !== digest) {
          throw invalid('FUNERAL_AGENT_ID_MISMATCH', '与此前核验的经办人身份证号码不一致', 'residentId');
        }
        await updateCustodyDetails(trx, c.id, {
          agentIdMasked: maskResidentId(id),
          agentIdDigest: digest,
          updatedAt: now,
        });
      }
      number = maskResidentId(id);
    }
    const docId = newId();
    await insertCaseDocument(trx, {
      id: docId,
      caseId: c.id,
      kind: input.kind,
      number,
      issuer: input.issuer,
      issuedOn: input.issuedOn ?? null,
      note: input.note,
      attachmentId: input.attachmentId ?? null,
      status: 'valid',
      revokedReason: null,
      recordedBy: actor.username,
      recordedAt: now,
    });
    if (input.kind === 'forensic_clearance') {
      await setCaseColumns(trx, c.id, { forensicClearedAt: now, updatedAt: now });
    }
    await audit(ctx, trx, actor, {
      action: 'funeral.document.record',
      targetType: 'funeral_case',
      targetId: c.id,
      subjectPersonId: c.personId,
      divisionCode: c.divisionCode,
      details: { caseNo: c.caseNo, kind: input.kind, documentId: docId, number },
    });
    return { id: docId };
  });
}

/** Revokes a document this concern recorded (with the reason); a revoked forensic clearance closes the gate again. */
export async function revokeCaseDocument(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  documentId: string,
  input: { reason: string },
): Promise<{ id: string; status: 'revoked' }> {
  authorize(actor, 'funeral:write');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleFuneralCase(trx, actor, caseId);
    ensureFuneralCaseOpen(c);
    const doc = await findCaseDocument(trx, c.id, documentId);
    if (!doc) throw new DomainError('not_found', 'NOT_FOUND', '证明材料不存在');
    if (!OWN_KINDS.includes(doc.kind)) {
      throw invalid(
        'FUNERAL_DOCUMENT_NOT_HERE',
        `${CASE_DOCUMENT_KIND_LABELS[doc.kind]}不在此撤销：请到相应业务（死亡登记、火化证明与外运）中办理`,
        'documentId',
      );
    }
    if (doc.status === 'revoked') {
      throw new DomainError('conflict', 'FUNERAL_DOCUMENT_REVOKED', '该材料已撤销');
    }
    if (doc.kind === 'death_proof') {
      const others = (await documentsOfCase(trx, c.id, { kind: 'death_proof', validOnly: true })).filter(
        (d) => d.id !== doc.id,
      );
      if (others.length === 0) {
        throw new DomainError(
          'conflict',
          'FUNERAL_DEATH_PROOF_REQUIRED',
          '这是唯一的死亡证明材料，不能撤销：请先登记正确的死亡证明材料',
          { field: 'documentId' },
        );
      }
    }
    const now = ctx.clock.now().toISOString();
    await revokeCaseDocumentRow(trx, doc.id, input.reason);
    if (doc.kind === 'forensic_clearance') {
      const still = (await documentsOfCase(trx, c.id, { kind: 'forensic_clearance', validOnly: true }))[0];
      if (!still) await setCaseColumns(trx, c.id, { forensicClearedAt: null, updatedAt: now });
    }
    if (doc.kind === 'agent_id_check') {
      await updateCustodyDetails(trx, c.id, { agentIdMasked: null, agentIdDigest: null, updatedAt: now });
    }
    await audit(ctx, trx, actor, {
      action: 'funeral.document.revoke',
      targetType: 'funeral_case',
      targetId: c.id,
      subjectPersonId: c.personId,
      divisionCode: c.divisionCode,
      reason: input.reason,
      details: { caseNo: c.caseNo, kind: doc.kind, documentId: doc.id },
    });
    return { id: doc.id, status: 'revoked' as const };
  });
}
