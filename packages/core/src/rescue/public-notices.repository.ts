/**
 * SQL of the public 寻亲公告 list (ADR 0026): the latest notice of each case that is still open and whose
 * identity is not confirmed, with the case's published description and the station's name and hotline.
 * Computed on every read, so a case identified or closed leaves the public list at once.
 */
import type { Executor } from '../db/index';
import { OPEN_RESCUE_CASE_STATUSES } from './rescue.table';

export interface LiveNoticeRow {
  number: string;
  issuedAt: string;
  caseId: string;
  divisionCode: string;
  nameGiven: string | null;
  sex: 'male' | 'female';
  birthDate: string | null;
  estimatedAge: number | null;
  entryDate: string;
  foundOn: string | null;
  heightCm: number | null;
  features: string | null;
  clothing: string | null;
  stationName: string;
  stationPhone: string;
}

/** Live notices, optionally of one sex and one place (prefix of the case's division code); newest first. */
export function liveNotices(
  db: Executor,
  filter: { sex?: 'male' | 'female' | undefined; placePrefix?: string | undefined; number?: string },
): Promise<LiveNoticeRow[]> {
  let q = db
    .selectFrom('rescueSearchNotices as n')
    .innerJoin('rescueCases as c', 'c.id', 'n.caseId')
    .innerJoin('rescueStations as s', 's.id', 'c.stationId')
    .where('c.status', 'in', [...OPEN_RESCUE_CASE_STATUSES])
    .where('c.identityStatus', '!=', 'identified')
    // Only the case's latest notice is public (a reissue replaces the earlier number).
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('rescueSearchNotices as n2')
            .select('n2.id')
            .whereRef('n2.caseId', '=', 'n.caseId')
            .where((w) =>
              w.or([
                w('n2.issuedAt', '>', w.ref('n.issuedAt')),
                w.and([w('n2.issuedAt', '=', w.ref('n.issuedAt')), w('n2.id', '>', w.ref('n.id'))]),
              ]),
            ),
        ),
      ),
    );
  if (filter.sex) q = q.where('c.sex', '=', filter.sex);
  if (filter.placePrefix) q = q.where('c.divisionCode', 'like', `${filter.placePrefix}%`);
  if (filter.number !== undefined) q = q.where('n.number', '=', filter.number);
  return q
    .select([
      'n.number',
      'n.issuedAt',
      'c.id as caseId',
      'c.divisionCode',
      'c.nameGiven',
      'c.sex',
      'c.birthDate',
      'c.estimatedAge',
      'c.entryDate',
      'c.foundOn',
      'c.heightCm',
      'c.features',
      'c.clothing',
      's.name as stationName',
      's.hotline as stationPhone',
    ])
    .orderBy('n.issuedAt', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}

/** Which of `caseIds` have an active photo (the one the notice prints). */
export async function casesWithPhoto(db: Executor, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('attachments')
    .select('ownerId')
    .distinct()
    .where('ownerType', '=', 'rescue_case')
    .where('ownerId', 'in', [...caseIds])
    .where('kind', '=', 'photo')
    .where('status', '=', 'active')
    .execute();
  return new Set(rows.map((r) => r.ownerId));
}
