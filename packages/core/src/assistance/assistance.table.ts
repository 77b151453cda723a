/** Row types of the platform's social-assistance rolls (migration 0036-assistance-rolls). */
import type { Selectable } from 'kysely';

/** 低保 (minimum living guarantee), 特困 (extreme poverty support), 生活困难的重点优抚对象. */
export type AssistanceProgram = 'dibao' | 'tekun' | 'youfu';
export const ASSISTANCE_PROGRAMS = [
  'tekun',
  'dibao',
  'youfu',
] as const satisfies readonly AssistanceProgram[];

export const ASSISTANCE_PROGRAM_LABELS: Record<AssistanceProgram, string> = {
  dibao: '低保对象',
  tekun: '特困人员',
  youfu: '生活困难的重点优抚对象',
};

export interface AssistanceMembershipsTable {
  id: string;
  personId: string;
  program: AssistanceProgram;
  divisionCode: string;
  fromDate: string;
  toDate: string | null;
  rollName: string;
  importRunId: string | null;
  updatedByRunId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type AssistanceMembershipRow = Selectable<AssistanceMembershipsTable>;

export interface AssistanceTables {
  assistanceMemberships: AssistanceMembershipsTable;
}

declare module '../db/schema' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends AssistanceTables {}
}
