/**
 * Contracts of the funeral line's custody concern (接运与保管, issue 17 items 2 and 11): the collection
 * order (接运单) that opens a case, the custody steps read back by a barcode scanner, the documents the
 * cremation gate reads (R-FUN-02), the day board and the cases ledger. Shared by the API and the web app;
 * the rules are the service's.
 */
import { z } from 'zod';
import { sortParam } from '../sort';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 年-月-日' });
const id = z.string().min(1).max(64);
const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}不超过 ${max} 字` });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `不超过 ${max} 字` })
    .nullish()
    .transform((v) => (v ? v : null));
const division = z.string().regex(/^\d{6}(\d{3})?$/, { message: '行政区划代码应为6位（县）或9位（乡镇）' });
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 时:分' });
/** What a barcode scanner types (a keyboard): the code, trimmed. */
const scannedCode = z
  .string()
  .trim()
  .min(1, { message: '请扫描遗体或骨灰盒条码' })
  .max(40, { message: '条码过长' });

export const FUNERAL_STEP_VALUES = [
  'ordered',
  'collected',
  'in_storage',
  'farewell',
  'cremated',
  'ashes_released',
  'ashes_stored',
  'buried',
  'transported_out',
  'cancelled',
] as const;
export type FuneralStepValue = (typeof FUNERAL_STEP_VALUES)[number];
export const FUNERAL_STEP_NAMES: Record<FuneralStepValue, string> = {
  ordered: '待接运',
  collected: '已接运',
  in_storage: '冷藏暂存',
  farewell: '已告别',
  cremated: '已火化',
  ashes_released: '骨灰已领取',
  ashes_stored: '骨灰寄存',
  buried: '已安葬',
  transported_out: '已外运',
  cancelled: '已取消',
};

export const FUNERAL_CARRIER_VALUES = ['funeral_home_vehicle', 'family_own', 'other_unit'] as const;
export const FUNERAL_CARRIER_NAMES: Record<(typeof FUNERAL_CARRIER_VALUES)[number], string> = {
  funeral_home_vehicle: '殡仪馆专用车辆',
  family_own: '家属自行运送',
  other_unit: '其他单位车辆',
};
export const FUNERAL_DEATH_MANNER_NAMES = {
  natural: '正常死亡',
  unnatural: '非正常死亡',
  undetermined: '待查',
} as const;
export const FUNERAL_DISPOSITION_NAMES = {
  cremation: '火化',
  burial: '土葬（遗体安葬）',
  transport_out: '遗体外运',
} as const;
export const FUNERAL_PAYER_NAMES = { family: '家属', county_finance: '县级财政' } as const;
export const FUNERAL_SEX_NAMES = { male: '男', female: '女', unknown: '不详' } as const;
export const FUNERAL_IDENTITY_NAMES = { identified: '身份明确', unidentified: '身份不明' } as const;

/** Document kinds the custody concern records (F4: death certificate, police confirmation; F3: transport papers). */
export const CUSTODY_DOCUMENT_KINDS = [
  'death_proof',
  'cremation_confirmation',
  'deceased_id_check',
  'agent_id_check',
  'forensic_clearance',
  'other',
] as const;

// ----- collection order -----

export const funeralAgentBody = z.strictObject({
  name: text(30, '经办人姓名'),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{7,20}$/, { message: '请填写有效的联系电话' }),
  relation: text(20, '与逝者关系'),
});

export const createFuneralCaseBody = z.strictObject({
  facilityId: id,
  /** The deceased's resident id (identified body); absent: an unidentified body (身份不明). */
  residentId: z.string().trim().max(20).nullish(),
  nameGiven: optionalText(30),
  sex: z.enum(['male', 'female', 'unknown']),
  birthDate: day.nullish(),
  estimatedAge: z.number().int().min(0).max(130).nullish(),
  deathDate: day.nullish(),
  deathPlace: text(100, '死亡地点'),
  deathDivisionCode: division,
  deathManner: z.enum(['natural', 'unnatural', 'undetermined']),
  hospitalDeath: z.boolean().default(false),
  unclaimed: z.boolean().default(false),
  disposition: z.enum(['cremation', 'burial', 'transport_out']).nullish(),
  agent: funeralAgentBody.nullish(),
  carrier: z.enum(FUNERAL_CARRIER_VALUES),
  pickupAddress: optionalText(100),
  pickupTime: optionalText(40),
  /** 死亡证明材料: no collection without it (FUNERAL_DEATH_PROOF_REQUIRED). */
  deathProof: z
    .strictObject({
      number: optionalText(60),
      issuer: text(60, '出具单位'),
      issuedOn: day,
      note: optionalText(200),
    })
    .nullish(),
});

export const createdFuneralCaseView = z.object({
  id: z.string(),
  caseNo: z.string(),
  bodyCode: z.string(),
  personId: z.string(),
  identityStatus: z.enum(['identified', 'unidentified']),
  payer: z.enum(['family', 'county_finance']),
  carrier: z.enum(FUNERAL_CARRIER_VALUES),
  collectionFree: z.boolean(),
  linkedExistingPerson: z.boolean(),
});
export type CreatedFuneralCaseView = z.infer<typeof createdFuneralCaseView>;

// ----- steps -----

export const collectFuneralBody = z.strictObject({
  scannedCode,
  vehicle: optionalText(30),
  note: optionalText(200),
});
export const storeFuneralBody = z.strictObject({
  scannedCode,
  place: text(30, '冷藏柜位'),
  note: optionalText(200),
});
export const farewellFuneralBody = z.strictObject({
  scannedCode,
  hall: optionalText(30),
  note: optionalText(200),
});
export const cremateFuneralBody = z.strictObject({
  scannedCode,
  cremator: optionalText(30),
  note: optionalText(200),
});
export const releaseFuneralAshesBody = z.strictObject({
  scannedCode,
  collectorName: text(30, '领取人姓名'),
  collectorResidentId: text(20, '领取人身份证号码'),
  note: optionalText(200),
});
export const storeFuneralAshesBody = z.strictObject({
  scannedCode,
  columbariumId: id,
  niche: text(30, '寄存格位'),
  note: optionalText(200),
});
export const buryFuneralBody = z.strictObject({
  scannedCode,
  cemeteryId: id,
  plot: text(40, '墓位'),
  note: optionalText(200),
});
export const cancelFuneralCaseBody = z.strictObject({ reason: text(200, '取消原因') });
export const bookFuneralFarewellBody = z.strictObject({
  hall: text(30, '告别厅'),
  on: day,
  time,
});
export const setFuneralDispositionBody = z.strictObject({
  disposition: z.enum(['cremation', 'burial', 'transport_out']),
});

// ----- documents -----

export const recordFuneralCaseDocumentBody = z.strictObject({
  kind: z.enum(CUSTODY_DOCUMENT_KINDS),
  number: optionalText(60),
  issuer: optionalText(60),
  issuedOn: day.nullish(),
  note: optionalText(200),
  attachmentId: id.nullish(),
  /** For an id check: the id number read from the card (checked, stored masked). */
  residentId: z.string().trim().max(20).nullish(),
});
export const revokeFuneralCaseDocumentBody = z.strictObject({ reason: text(200, '撤销原因') });

export const funeralCaseDocumentView = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  number: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  note: z.string().nullable(),
  attachmentId: z.string().nullable(),
  status: z.enum(['valid', 'revoked']),
  revokedReason: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type FuneralCaseDocumentView = z.infer<typeof funeralCaseDocumentView>;

// ----- case view -----

export const funeralGateItemView = z.object({ key: z.string(), label: z.string() });
export type FuneralGateItemView = z.infer<typeof funeralGateItemView>;

export const funeralCustodyEventView = z.object({
  id: z.string(),
  step: z.enum(FUNERAL_STEP_VALUES),
  at: z.string(),
  actor: z.string(),
  code: z.string().nullable(),
  place: z.string().nullable(),
  note: z.string().nullable(),
});
export type FuneralCustodyEventView = z.infer<typeof funeralCustodyEventView>;

export const funeralCaseView = z.object({
  id: z.string(),
  caseNo: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  divisionCode: z.string(),
  personId: z.string(),
  identityStatus: z.enum(['identified', 'unidentified']),
  nameGiven: z.string().nullable(),
  sex: z.enum(['male', 'female', 'unknown']),
  birthDate: z.string().nullable(),
  estimatedAge: z.number().nullable(),
  deathDate: z.string().nullable(),
  deathPlace: z.string(),
  deathDivisionCode: z.string(),
  deathManner: z.enum(['natural', 'unnatural', 'undetermined']),
  hospitalDeath: z.boolean(),
  unclaimed: z.boolean(),
  payer: z.enum(['family', 'county_finance']),
  disposition: z.enum(['cremation', 'burial', 'transport_out']).nullable(),
  step: z.enum(FUNERAL_STEP_VALUES),
  bodyCode: z.string(),
  urnCode: z.string().nullable(),
  agentName: z.string().nullable(),
  agentPhone: z.string().nullable(),
  agentRelation: z.string().nullable(),
  policeConfirmedAt: z.string().nullable(),
  forensicClearedAt: z.string().nullable(),
  noticeStartedOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  carrier: z.enum(FUNERAL_CARRIER_VALUES).nullable(),
  collectionFree: z.boolean(),
  pickupAddress: z.string().nullable(),
  pickupTime: z.string().nullable(),
  storagePlace: z.string().nullable(),
  farewellHall: z.string().nullable(),
  farewellOn: z.string().nullable(),
  farewellTime: z.string().nullable(),
  agentIdMasked: z.string().nullable(),
  collectorName: z.string().nullable(),
  collectorIdMasked: z.string().nullable(),
  destinationName: z.string().nullable(),
  destinationPlace: z.string().nullable(),
  cancelReason: z.string().nullable(),
  events: z.array(funeralCustodyEventView),
  documents: z.array(funeralCaseDocumentView),
  /** The cremation gate's unmet items (R-FUN-02); empty when cremation may go ahead. */
  cremationGate: z.array(funeralGateItemView),
  /** Steps that may follow now (the page offers them). */
  nextSteps: z.array(z.enum(FUNERAL_STEP_VALUES)),
  /** The code the next step expects to be scanned: the body's before cremation, the urn's after. */
  expectedCodeKind: z.enum(['body', 'urn']).nullable(),
});
export type FuneralCaseView = z.infer<typeof funeralCaseView>;

// ----- ledger -----

export const FUNERAL_CASE_SORT_LABELS = {
  createdAt: '登记时间',
  caseNo: '档案编号',
  deathDate: '死亡日期',
  step: '环节',
} as const;

export const funeralCasesQuery = z.object({
  division: division.optional(),
  step: z.enum([...FUNERAL_STEP_VALUES, 'open', 'closed']).optional(),
  identity: z.enum(['identified', 'unidentified']).optional(),
  facilityId: id.optional(),
  from: day.optional(),
  to: day.optional(),
  q: z.string().trim().max(50).optional(),
  sort: sortParam(['createdAt', 'caseNo', 'deathDate', 'step'], FUNERAL_CASE_SORT_LABELS),
});

export const funeralCaseRowView = z.object({
  id: z.string(),
  caseNo: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  identityStatus: z.enum(['identified', 'unidentified']),
  nameGiven: z.string().nullable(),
  sex: z.enum(['male', 'female', 'unknown']),
  deathDate: z.string().nullable(),
  deathManner: z.enum(['natural', 'unnatural', 'undetermined']),
  unclaimed: z.boolean(),
  payer: z.enum(['family', 'county_finance']),
  disposition: z.enum(['cremation', 'burial', 'transport_out']).nullable(),
  step: z.enum(FUNERAL_STEP_VALUES),
  bodyCode: z.string(),
  urnCode: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type FuneralCaseRowView = z.infer<typeof funeralCaseRowView>;

// ----- day board -----

export const funeralBoardCardView = z.object({
  id: z.string(),
  caseNo: z.string(),
  name: z.string(),
  step: z.enum(FUNERAL_STEP_VALUES),
  facilityName: z.string(),
  since: z.string(),
  place: z.string().nullable(),
});
export type FuneralBoardCardView = z.infer<typeof funeralBoardCardView>;

export const funeralBoardView = z.object({
  today: z.string(),
  counts: z.record(z.string(), z.number().int()),
  cards: z.array(funeralBoardCardView),
  farewellsToday: z.array(
    funeralBoardCardView.extend({ hall: z.string().nullable(), time: z.string().nullable() }),
  ),
  cremationsWaiting: z.array(funeralBoardCardView.extend({ unmet: z.array(funeralGateItemView) })),
  noticesEnding: z.array(funeralBoardCardView.extend({ noticeEndsOn: z.string() })),
});
export type FuneralBoardView = z.infer<typeof funeralBoardView>;

export const funeralCaseOptionsView = z.object({
  facilities: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      divisionCode: z.string(),
      mayTakeBusiness: z.boolean(),
    }),
  ),
  destinations: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
});
export type FuneralCaseOptionsView = z.infer<typeof funeralCaseOptionsView>;

export const funeralTransportRuleView = z.object({
  divisionCode: z.string(),
  name: z.string(),
  carriers: z.array(z.enum(FUNERAL_CARRIER_VALUES)),
  collectionFree: z.boolean(),
  basis: z.string(),
  cremationZone: z.enum(['cremation', 'burial_reform']),
});
export type FuneralTransportRuleView = z.infer<typeof funeralTransportRuleView>;
