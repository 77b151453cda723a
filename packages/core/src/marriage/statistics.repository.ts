import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/index';

type Executor = Kysely<Database> | Transaction<Database>;

/** One count of the R-MAR-18 statistics: acts of `category` in the child division `child`. */
export interface CategoryCount {
  child: string;
  category: string;
  n: number;
}

/**
 * Counts of marriage acts under `divisionPrefix` in the period `from`..`to` (inclusive), grouped by the
 * child division (the first `childCodeLength` characters of the division code) and by reporting
 * category: registrations, divorces registered, and certificates re-issued or record certificates.
 */
export async function marriageActCounts(
  db: Executor,
  divisionPrefix: string,
  childCodeLength: number,
  from: string,
  to: string,
): Promise<{ registered: CategoryCount[]; divorced: CategoryCount[]; issued: CategoryCount[] }> {
  const child = sql<string>`substr(division_code, 1, ${sql.lit(childCodeLength)})`;
  const [registered, divorced, issued] = await Promise.all([
    db
      .selectFrom('marriages')
      .where('divisionCode', 'like', `${divisionPrefix}%`)
      .where('registeredOn', '>=', from)
      .where('registeredOn', '<=', to)
      .select([
        child.as('child'),
        sql<string>`case when kind = 'supplementary' then 'supplementary' when cross_border = 'foreign' then 'marriage_foreign' when cross_border = 'hk_macao_taiwan' then 'marriage_hmt' else 'marriage_mainland' end`.as(
          'category',
        ),
        sql<number>`count(*)`.as('n'),
      ])
      .groupBy([sql`1`, sql`2`])
      .execute(),
    db
      .selectFrom('marriages')
      .where('divisionCode', 'like', `${divisionPrefix}%`)
      .where('status', '=', 'divorced')
      .where('endedOn', '>=', from)
      .where('endedOn', '<=', to)
      .select([
        child.as('child'),
        sql<string>`case when cross_border = 'foreign' then 'divorce_foreign' when cross_border = 'hk_macao_taiwan' then 'divorce_hmt' else 'divorce_mainland' end`.as(
          'category',
        ),
        sql<number>`count(*)`.as('n'),
      ])
      .groupBy([sql`1`, sql`2`])
      .execute(),
    db
      .selectFrom('marriageCertificateIssues')
      .where('divisionCode', 'like', `${divisionPrefix}%`)
      .where('issuedOn', '>=', from)
      .where('issuedOn', '<=', to)
      .select([
        child.as('child'),
        sql<string>`case when kind = 'record_certificate' then 'record_certificate' when cross_border <> 'mainland' then 'reissue_cross_border' when kind = 'marriage_certificate' then 'reissue_marriage' else 'reissue_divorce' end`.as(
          'category',
        ),
        sql<number>`count(*)`.as('n'),
      ])
      .groupBy([sql`1`, sql`2`])
      .execute(),
  ]);
  return { registered, divorced, issued };
}
