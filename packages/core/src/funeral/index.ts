/**
 * The funeral and burial line (殡葬管理): public face for the API, the command line, tests and other lines.
 * Each concern re-exports its services here (one block per concern, edited only by that concern).
 */
export { funeralLine, FUNERAL_PARTS } from './line';
export * from './funeral.config';
export * from './rules';
export type * from './funeral.table';
export { CASE_DOCUMENT_KIND_LABELS, CLOSING_CUSTODY_STEPS, OPEN_CUSTODY_STEPS } from './funeral.table';
export type {
  FuneralCaseDocumentRow,
  FuneralCaseRow,
  FuneralCustodyEventRow,
  FuneralFacilityRow,
} from './cases.repository';
export {
  appendCustodyEvent,
  custodyEventsOf,
  documentsOfCase,
  findFuneralCaseByCode,
  funeralCaseLabelsByIds,
  insertCaseDocument,
} from './cases.repository';
export {
  ensureFacilityMayTakeBusiness,
  ensureFuneralCaseOpen,
  funeralCaseScope,
  lockedVisibleFuneralCase,
  visibleFacility,
  visibleFuneralCase,
} from './cases.access';
export { FUNERAL_CASE_ATTACHMENT_KINDS, funeralCaseAttachmentOwner } from './attachments';

// ----- facilities (F1) -----
export {
  CEMETERY_INSPECTION_APPROVAL,
  CEMETERY_PERMIT_APPROVAL,
  FACILITY_APPLICATION_OWNER,
  FACILITY_FILING_APPROVAL,
  FACILITY_INSPECTION_OWNER,
  createFuneralFacility,
  exportFacilityInspections,
  exportFuneralFacilities,
  facilitiesToday,
  facilityInspectionsDue,
  funeralZones,
  getFuneralFacility,
  inspectionsDueTodo,
  listFacilityInspections,
  listFuneralFacilities,
  lookupFuneralZone,
  recordFacilityInspection,
  resubmitFacilityAdmission,
  submitCemeteryPermitChange,
  updateFuneralFacility,
} from './facilities.service';
export {
  DEMO_FACILITIES,
  DEMO_FUNERAL_HOME_USERNAME,
  findDemoFacility,
  seedFacilitiesDemo,
} from './facilities.demo-seed';
export { FUNERAL_FACILITY_ATTACHMENT_KINDS, funeralFacilityAttachmentOwner } from './facilities.part';
export type * from './facilities.table';

// ----- custody (F2) -----
export type * from './custody.table';
export {
  bookFuneralFarewell,
  cancelFuneralCase,
  collectionFreeOf,
  createFuneralCase,
  custodyToday,
  expectedCodeKind,
  newCustodyCode,
  nextStepsOf,
  normaliseCode,
  recordAshesRelease,
  recordAshesStorage,
  recordBurial,
  recordCaseDocument,
  recordCollection,
  recordCremation,
  recordFarewell,
  recordStorage,
  revokeCaseDocument,
  setFuneralDisposition,
  type CreatedFuneralCase,
} from './custody.service';
export {
  custodyTodos,
  findCaseByScan,
  funeralBoard,
  funeralCaseDetail,
  funeralCaseExport,
  funeralCaseLedger,
  funeralCaseOptions,
  funeralTransportRule,
  type FuneralCaseLedgerRow,
} from './custody.views';
export { cremationGate, ensureBurialAllowed, type GateItem } from './gates';
export { funeralCaseLabelPdf, labelsPdf, type LabelContent } from './labels';

// ----- certificates and transport (F3) -----
export type * from './certificates.table';
export type { CremationCertificateRow, TransportRequestRow } from './certificates.repository';
export {
  archiveCertificate,
  cancelCertificate,
  certificateLedger,
  certificatesCaseView,
  collectCertificate,
  exportCertificateLedger,
  issueCertificate,
  printCertificate,
  registerCertificate,
  reissueCertificate,
  CERTIFICATE_NUMBER_KIND,
} from './certificates.service';
export {
  REMAINS_TRANSPORT_APPROVAL,
  TRANSPORT_OWNER,
  departTransport,
  ensureTransportApproved,
  exportTransportLedger,
  requestTransport,
  transportLedger,
} from './transport.service';
export { CERTIFICATES_TAB } from './certificates.part';

// ----- deaths and unidentified bodies (F4) -----
export {
  DEATH_SOURCE,
  caseDeaths,
  exportDeaths,
  listDeaths,
  parseDeathCertificateNumber,
  peopleActorFor,
  recordDeathCertificate,
  resolveCaseFlag,
} from './deaths.service';
export type {
  CaseDeathsView,
  CaseFlagView,
  DeathCertificateInput,
  DeathCertificateOutcome,
  DeathLedgerItem,
  DeathsQuery,
} from './deaths.service';
export {
  backfillFuneralFamilySearch,
  caseBelongsInFamilySearch,
  claimNoticeEndsOn,
  exportUnidentified,
  familyRecordOfFuneralCase,
  isUnidentifiedOrUnclaimed,
  listUnidentified,
  markUnclaimed,
  recordPoliceConfirmation,
  startClaimNotice,
  syncFuneralCaseFamilySearch,
  unidentifiedReadiness,
  updateUnidentifiedProfile,
} from './unidentified.service';
export type {
  PoliceConfirmationInput,
  UnidentifiedProfileInput,
  UnidentifiedQuery,
  UnidentifiedReadiness,
  UnidentifiedWorkItem,
} from './unidentified.service';
export { FUNERAL_CASE_FLAG_LABELS } from './deaths.table';
export type * from './deaths.table';

// ----- prices and billing (F5) -----
export type * from './billing.table';
export {
  BASIC_SERVICE_LABELS,
  definePricePackage,
  discardDraftPriceItem,
  priceList,
  proposePriceItem,
  publishPriceList,
  type PriceItemInput,
  type PriceItemView,
  type PriceListView,
} from './prices.service';
export {
  EXPENDITURE_CATEGORY_LABELS,
  PAYMENT_METHOD_LABELS,
  REIMBURSEMENT_CLAIM_APPROVAL,
  REIMBURSEMENT_CLAIM_OWNER,
  WAIVER_REASON_LABELS,
  cancelBill,
  caseBilling,
  createBill,
  eligibilityFor,
  exportInvoiceLedger,
  incomeExpenditureReport,
  invoiceLedger,
  listClaims,
  markClaimPaid,
  payBill,
  recordExpenditure,
  submitReimbursementClaim,
  voidInvoice,
  type BillLineView,
  type BillView,
  type CaseBillingView,
  type ClaimView,
  type Eligibility,
  type ExpenditureInput,
  type InvoiceLedgerItem,
  type InvoiceLedgerQuery,
  type InvoiceView,
} from './billing.service';

// ----- cemeteries and remediation (F6) -----
export type * from './cemeteries.table';
export {
  PLOT_BLOCK_MAX,
  createPlotBlock,
  ecoBurialAwardOf,
  ensureLocationAllowed,
  expiringUntil,
  exportEcoBurials,
  exportPlots,
  getPlot,
  graveAreaLimit,
  interInPlot,
  listCemeteries,
  listEcoBurials,
  listPlots,
  payEcoBurialAward,
  plotCapacity,
  plotMap,
  recordEcoBurial,
  renewPlot,
  sellPlot,
  termStateOf,
} from './cemeteries.service';
export {
  REMEDIATION_ATTACHMENT_KINDS,
  REMEDIATION_OWNER_TYPE,
  closeFinding,
  exportFindings,
  funeralRemediationAttachmentOwner,
  getFinding,
  listFindings,
  recordFinding,
  remediationCounts,
} from './remediation.service';

// ----- Qingming and memorials (F7) -----
export type * from './qingming.table';
export {
  QINGMING_PORTAL,
  bookQingmingByPhone,
  bookQingmingVisit,
  cancelQingmingBooking,
  changeSlotQuota,
  checkInQingmingPass,
  completeProxyOrder,
  createQingmingSlots,
  findQingmingBooking,
  listProxyOrdersOf,
  listQingmingBookings,
  listQingmingCemeteries,
  normalizeQingmingPhone,
  passQrOf,
  passTokenOf,
  proxyOrderStatus,
  publicSlots,
  publishQingmingPlan,
  qingmingLive,
  qingmingLiveOverview,
  qingmingToday,
  recordProxyOrder,
  requestProxySweeping,
  staffQingmingCemeteries,
  staffSlots,
} from './qingming.service';
export {
  createMemorial,
  leaveMemorialMessage,
  listPublicMemorials,
  memorialsForModeration,
  messagesForModeration,
  moderateMemorial,
  moderateMemorialMessage,
  offerFlower,
  pendingModeration,
  publicMemorial,
} from './memorials.service';
export { QINGMING_FACILITY_KINDS } from './qingming.repository';
export { qingmingProxyOrderAttachmentOwner } from './qingming.part';
export { seedQingmingDemo } from './qingming.demo-seed';

// ----- statistics and exchange (F8) -----
export {
  cremationRateOf,
  funeralBucketLabel,
  funeralBucketOf,
  funeralStatistics,
  type FuneralStatisticsResult,
} from './statistics.service';
export {
  EXCHANGE_MAX_DAYS,
  exchangeJsonLines,
  exportFuneralExchange,
  funeralExchangeDictionary,
  previewFuneralExchange,
  type ExchangeRecord,
  type FuneralExchangeResult,
  type FuneralExchangeSheet,
} from './exchange.service';
export {
  EXCHANGE_ENTITIES,
  EXCHANGE_FORMAT_VERSION,
  EXCHANGE_STANDARD,
  EXCHANGE_UNMASK_PERMISSION,
  type ExchangeEntityDef,
  type ExchangeField,
} from './exchange.dictionary';
export { exchangeWorkbook } from './exchange.xlsx';
