/** The platform's social-assistance rolls (低保 / 特困 / 优抚; docs/assistance-rolls.md). */
export {
  ASSISTANCE_IMPORT_KIND_PREFIX,
  ASSISTANCE_ROLL_SPEC,
  assistanceImportReportXlsx,
  assistanceImportTemplateXlsx,
  assistanceOfPerson,
  assistanceStatusOn,
  importAssistanceRoll,
  listAssistanceImports,
  listAssistanceMemberships,
  type AssistanceMembershipView,
  type AssistanceQuery,
  type AssistanceRollRow,
  type AssistanceStatus,
} from './assistance.service';
export { ASSISTANCE_PROGRAM_LABELS, ASSISTANCE_PROGRAMS } from './assistance.table';
export type { AssistanceMembershipRow, AssistanceProgram, AssistanceTables } from './assistance.table';
