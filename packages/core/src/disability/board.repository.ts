/**
 * SQL of the day board (今日工作, /disability): applications waiting on an R-DIS-06 deadline in the actor's
 * scope (forward by the receiving window, decide by the hukou county, notify by the receiving window), and
 * the county's roster of the month.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/index';

export type DueKind = 'toForward' | 'toDecide' | 'toNotify';

export interface DueRow {
  id: string;
  applicationNo: string;
  name: string;
  status: string;
  dueOn: string;
  dueProvisional: number;
}

const like = (p: string) => `${p}%`;

/** The receiving window's side (or the hukou side of an application received online / from elsewhere). */
function windowSide(prefix: string): RawBuilder<unknown> {
  return sql`(a.received_division_code like ${like(prefix)}
    or (a.received_division_code is null and a.division_code like ${like(prefix)}))`;
}

function dueWhere(kind: DueKind, prefix: string): { due: string; where: RawBuilder<unknown> } {
  if (kind === 'toForward') {
    return {
      due: 'a.forward_due_on',
      where: sql`a.status = 'received' and a.forwarded_on is null and a.forward_due_on is not null
        and ${windowSide(prefix)}`,
    };
  }
  if (kind === 'toDecide') {
    return {
      due: 'a.decide_due_on',
      where: sql`a.status in ('forwarded', 'reviewing') and a.decided_on is null and a.decide_due_on is not null
        and a.division_code like ${like(prefix)}`,
    };
  }
  return {
    due: 'a.notify_due_on',
    where: sql`a.decided_on is not null and a.notified_on is null and a.notify_due_on is not null
      and a.status in ('notice', 'approved', 'rejected') and ${windowSide(prefix)}`,
  };
}

export async function dueApplications(
  db: Executor,
  kind: DueKind,
  prefix: string,
  limit: number,
): Promise<DueRow[]> {
  const { due, where } = dueWhere(kind, prefix);
  const r = await sql<DueRow>`
    select a.id, a.application_no, p.name, a.status, ${sql.raw(due)} as due_on, a.due_provisional
    from disability_applications a join people p on p.id = a.person_id
    where ${where}
    order by ${sql.raw(due)}, a.id
    limit ${limit}`.execute(db);
  return r.rows;
}

export async function countDueApplications(
  db: Executor,
  kind: DueKind,
  prefix: string,
  today: string,
): Promise<{ n: number; overdue: number }> {
  const { due, where } = dueWhere(kind, prefix);
  const r = await sql<{ n: number | string; overdue: number | string | null }>`
    select count(*) as n, sum(case when ${sql.raw(due)} < ${today} then 1 else 0 end) as overdue
    from disability_applications a where ${where}`.execute(db);
  return { n: Number(r.rows[0]?.n ?? 0), overdue: Number(r.rows[0]?.overdue ?? 0) };
}

export async function rosterOfMonth(db: Executor, countyCode: string, month: string) {
  return db
    .selectFrom('disabilityRosterMonths')
    .select(['id', 'status', 'recipients', 'totalFen'])
    .where('countyCode', '=', countyCode)
    .where('month', '=', month)
    .executeTakeFirst();
}
