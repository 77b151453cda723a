// Synthetic data (seeded, deterministic)
export type { Rng } from './synth/rng';
export { createRng, WeightedTable } from './synth/rng';
export type { Sex } from './synth/person-name';
export { samplePersonName, sampleSurname, sampleGivenName } from './synth/person-name';
export type {
  SynthRecord,
  SynthSize,
  ReverificationOptions,
  ReverificationData,
} from './synth/reverification';
export { generateReverification, streamReverification, REVERIFICATION_SIZES } from './synth/reverification';
export type {
  HardKind,
  HardReverificationData,
  HardReverificationOptions,
} from './synth/hard-reverification';
export { generateHardReverification, HARD_KINDS } from './synth/hard-reverification';
export type { CorruptionRates } from './synth/corruption';
export { MODERN_RATES, BACKFILL_RATES, REGISTRY_RATES, composeResidentId } from './synth/corruption';
export { HUNAN_COUNTIES, NATIONAL_COUNTIES } from './synth/divisions';

// Normalisation
export { cleanNameText, normalizeNameText, toSimplified, NAME_VARIANTS } from './normalize/name-text';
export type { PersonNameAnalysis } from './normalize/name-pinyin';
export {
  analyzePersonName,
  segmentPinyin,
  splitSurname,
  COMPOUND_SURNAMES,
  SURNAME_READINGS,
} from './normalize/name-pinyin';
export type { DialectProfile, PinyinMerger } from './normalize/dialect';
export {
  DIALECT_PROFILES,
  LIGHT_MERGERS,
  HEAVY_MERGERS,
  SEARCH_MERGERS,
  PROVINCE_DIALECT,
  dialectProfile,
  createSyllableMerger,
  createDialectFold,
  applyMerger,
  nearestSyllables,
  MANDARIN_SYLLABLES,
  HEARD_SYLLABLE_RULES,
} from './normalize/dialect';
export { SHAPE_GROUPS, shapeSimilar, shapeKeyText } from './normalize/shape';
export type { ResidentIdInfo, ResidentIdStatus } from './normalize/resident-id';
export {
  analyzeResidentId,
  cleanResidentId,
  residentIdCheckChar,
  upgradeResidentId15,
  packResidentId,
} from './normalize/resident-id';
export type { ParsedDate, CivilDate, LunarDate } from './normalize/calendar';
export {
  parseChineseDate,
  daysFromCivil,
  civilFromDays,
  formatDays,
  lunarToSolarDays,
  solarDaysToLunar,
  NO_DAY,
} from './normalize/calendar';

// Columnar encoding
export type { NameTable, MultiKeyColumn } from './columns/name-dictionary';
export { NameDictionary } from './columns/name-dictionary';
export type { PeopleTable, PersonInput } from './columns/people-table';
export { encodePeople, encodePersonInto, allocPeopleTable, parseSex } from './columns/people-table';

// Blocking, comparison, scoring, linking
export type { BlockingRule, KeyPart } from './block/rules';
export { REVERIFICATION_RULES, BACKFILL_RULES, KEY_PART_BITS, compositeKey } from './block/rules';
export type { FieldId } from './compare/comparators';
export { FIELDS, FIELD_LEVELS, comparePair, compareNames, NAME_JW_THRESHOLD } from './compare/comparators';
export { jaroWinkler } from './compare/jaro-winkler';
export type { LinkageModel, FieldModel, BandThresholds, Band } from './score/model';
export {
  BAND_NAMES,
  BAND_FAST_TRACK,
  BAND_REVIEW,
  BAND_NO_LINK,
  DEFAULT_THRESHOLDS,
  weightTable,
  probabilityOfWeight,
} from './score/model';
export type { TrainOptions, TrainReport } from './score/train';
export { trainModel, estimateU, fitModel } from './score/train';
export type {
  LinkOptions,
  LinkResult,
  LinkedPairs,
  CandidatePairs,
  LinkCursor,
  LinkProgress,
  RuleStats,
  PairFingerprint,
  RuleKeySet,
} from './link/link-run';
export { link, LinkRun, computeRuleKeySet, pairMix1, pairMix2 } from './link/link-run';
export { applyOneToOne, oneToOneChanges, oneToOneProbability, type OneToOneChange } from './link/one-to-one';
export type { PairExplanation } from './link/explain';
export { explainPair } from './link/explain';
export type {
  RollRecord,
  ExplainedField,
  ScoredPair,
  ComparedPair,
  ModelSource,
  CompareRollsOptions,
  CompareRollsResult,
  ScorePairOptions,
  EncodedRolls,
  RuleSetName,
} from './link/compare-rolls';
export {
  compareRolls,
  scorePair,
  referenceModel,
  chooseModel,
  encodeRolls,
  explainLinkedPair,
  balanceExplanation,
  RULE_SETS,
  MIN_ROLL_FOR_TRAINING,
} from './link/compare-rolls';
export type { LinkAccuracy, KindAccuracy, NamesakeAccuracy } from './link/evaluate';
export type { CompositionRow } from './link/evaluate';
export {
  bandComposition,
  evaluateLinks,
  evaluateByKind,
  exactNameDobBaseline,
  formatComposition,
} from './link/evaluate';

// 寻亲 family search (three record kinds)
export type {
  FamilyRecordKind,
  FamilySearchRecord,
  MissingPersonReport,
  FamilySearchQuery,
  FamilySearchHit,
  FamilySearchResult,
  FamilySearchWarning,
  FamilySearchWarningCode,
  NameMatchLevel,
  FamilySearchExplanation,
  ScoreParts,
} from './search/family-index';
export { FamilySearchIndex, FAMILY_RECORD_KINDS, featureTokens } from './search/family-index';
export { analyzeQueryName, segmentHeardPinyin } from './search/query-name';
export type { FamilyData } from './synth/family';
export { generateFamilySearch, FAMILY_SIZES } from './synth/family';
export type { HardFamilyData, FamilyQueryKind } from './synth/family-hard';
export { generateHardFamilySearch, FAMILY_QUERY_KINDS } from './synth/family-hard';
