/**
 * SQL of the public missing-person reports (public_missing_reports, migration 0029): the receipt row
 * written in the report's transaction, the lookup by receipt, and the public list — consented, still
 * open reports only, so a report marked found or withdrawn leaves the list at once.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { toCount, type Database } from '../db/index';
import type { PublicMissingReportRow } from './public-reports.table';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertPublicReport(db: Executor, row: PublicMissingReportRow): Promise<void> {
  await db.insertInto('publicMissingReports').values(row).execute();
}

/** The receipt row and the report's status and division, or undefined for an unknown receipt. */
export function findPublicReportByReceipt(
  db: Executor,
  receipt: string,
): Promise<
  | (PublicMissingReportRow & { status: 'open' | 'found' | 'withdrawn'; reportDivisionCode: string })
  | undefined
> {
  return db
    .selectFrom('publicMissingReports as p')
    .innerJoin('missingPersonReports as r', 'r.id', 'p.reportId')
    .selectAll('p')
    .select(['r.status', 'r.divisionCode as reportDivisionCode'])
    .where('p.receipt', '=', receipt)
    .executeTakeFirst();
}

export interface PublishedReportFilter {
  sex?: 'male' | 'female' | undefined;
  /** Prefix of the lost place's code (a county, a city or the province). */
  placePrefix?: string | undefined;
}

export interface PublishedReportRow {
  receipt: string;
  submittedAt: string;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthYear: number | null;
  lostOn: string | null;
  lostDivisionCode: string | null;
  features: string | null;
  divisionCode: string;
}

/** Consented, open reports, newest first (then receipt row id, so paging never splits or repeats). */
export async function listPublishedReports(
  db: Executor,
  filter: PublishedReportFilter,
  page: { page: number; pageSize: number },
): Promise<{ rows: PublishedReportRow[]; total: number }> {
  let q = db
    .selectFrom('publicMissingReports as p')
    .innerJoin('missingPersonReports as r', 'r.id', 'p.reportId')
    .where('p.consentPublish', '=', 1)
    .where('r.status', '=', 'open');
  if (filter.sex) q = q.where('r.sex', '=', filter.sex);
  if (filter.placePrefix) q = q.where('r.lostDivisionCode', 'like', `${filter.placePrefix}%`);
  const totalRow = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  const rows = await q
    .select([
      'p.receipt',
      'p.submittedAt',
      'r.name',
      'r.sex',
      'r.birthYear',
      'r.lostOn',
      'r.lostDivisionCode',
      'r.features',
      'r.divisionCode',
    ])
    .orderBy('p.submittedAt', 'desc')
    .orderBy('p.reportId', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { rows, total: toCount(totalRow?.n) };
}
