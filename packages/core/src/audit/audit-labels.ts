/**
 * What the audit page shows for a row, beside its codes: the action's Chinese name, the actor's display
 * name, the object as a human label (a record number, a masked name — never a full resident id) and the
 * person concerned as a masked name. Labels are looked up for one page (or one export batch) at a time.
 */
import type { CoreContext } from '../context';
import { scopeDivisionName } from '../access/scope';
import { auditCatalogue } from './audit-catalogue';
import { maskResidentIdsInText } from './audit-mask';
import {
  accountNames,
  approvalTitlesByIds,
  institutionNamesByIds,
  personNamesByIds,
  type ListedAuditRow,
} from './audit.repository';

export interface AuditItemView {
  seq: number;
  at: string;
  actorUsername: string;
  /** The actor's display name (null: not an account, e.g. the system or an unknown sign-in name). */
  actorName: string | null;
  action: string;
  /** Chinese name of the action (the code itself when the catalogue lacks it). */
  actionLabel: string;
  targetType: string;
  targetTypeLabel: string;
  targetId: string | null;
  /** The object as a person reads it (record number, masked name, account), or null. */
  targetLabel: string | null;
  reason: string | null;
  divisionCode: string | null;
  divisionName: string | null;
  details: string;
  subjectPersonId: string | null;
  /** The person concerned, name masked (张*、欧阳**). */
  subjectLabel: string | null;
}

/** A name as the audit page shows it: the first character, the rest starred (张*, 司马**). */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('') || '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

const RECORD_NUMBER_KEYS = ['certificateNo', 'documentNo', 'number', 'fileName'] as const;

/** A record number named in the row's details, if any (证字号, 文书编号). */
function numberInDetails(details: string): string | null {
  if (!details.includes('"')) return null;
  try {
    const parsed = JSON.parse(details) as Record<string, unknown>;
    for (const k of RECORD_NUMBER_KEYS) {
      const v = parsed[k];
      if (typeof v === 'string' && v) return maskResidentIdsInText(v);
    }
  } catch {
    // details are JSON by construction; a legacy row may not be
  }
  return null;
}

/** The rows with their labels (one query per kind of label for the whole batch). */
export async function labelAuditRows(
  ctx: CoreContext,
  rows: readonly ListedAuditRow[],
): Promise<AuditItemView[]> {
  const catalogue = auditCatalogue(ctx.lines);
  const db = ctx.db.kysely;
  const idsOf = (type: string) => [
    ...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId as string)),
  ];
  const personIds = [...new Set(rows.map((r) => r.subjectPersonId).filter((v): v is string => Boolean(v)))];
  const [people, accounts, institutions, approvals] = await Promise.all([
    personNamesByIds(db, personIds),
    accountNames(db, { usernames: [...new Set(rows.map((r) => r.actorUsername))], ids: idsOf('user') }),
    institutionNamesByIds(db, idsOf('institution')),
    approvalTitlesByIds(db, idsOf('approval')),
  ]);
  const personLabel = new Map(people.map((p) => [p.id, maskPersonName(p.name)]));
  const byUsername = new Map(accounts.map((a) => [a.username, a.displayName]));
  const targetLabels = new Map<string, ReadonlyMap<string, string>>([
    ['user', new Map(accounts.map((a) => [a.id, `${a.displayName}（${a.username}）`]))],
    ['institution', new Map(institutions.map((i) => [i.id, i.name]))],
    ['approval', new Map(approvals.map((a) => [a.id, a.title]))],
    ['person', personLabel],
  ]);
  // Lines label their own record types (record numbers), one call per type on this batch.
  await Promise.all(
    [...new Set(rows.map((r) => r.targetType))].map(async (type) => {
      const source = catalogue.targets.get(type);
      if (!source?.describe || targetLabels.has(type)) return;
      targetLabels.set(type, await source.describe(ctx, idsOf(type)));
    }),
  );
  return rows.map((r) => {
    const subjectLabel = r.subjectPersonId ? (personLabel.get(r.subjectPersonId) ?? null) : null;
    const targetLabel =
      (r.targetId ? targetLabels.get(r.targetType)?.get(r.targetId) : undefined) ??
      numberInDetails(r.details);
    return {
      seq: r.seq,
      at: r.at,
      actorUsername: r.actorUsername,
      actorName: byUsername.get(r.actorUsername) ?? null,
      action: r.action,
      actionLabel: catalogue.actions.get(r.action)?.label ?? r.action,
      targetType: r.targetType,
      targetTypeLabel: catalogue.targets.get(r.targetType)?.label ?? r.targetType,
      targetId: r.targetId,
      targetLabel,
      reason: r.reason,
      divisionCode: r.divisionCode,
      divisionName: r.divisionCode ? safeDivisionName(r.divisionCode) : null,
      details: r.details,
      subjectPersonId: r.subjectPersonId,
      subjectLabel,
    };
  });
}

function safeDivisionName(code: string): string | null {
  try {
    return scopeDivisionName(code) || null;
  } catch {
    return null;
  }
}
