/**
 * SQL of the marriage line's re-pointing on person merge (person-merge.subscriber.ts): which marriage
 * records name a person, and the conditional updates that move one reference.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index';

type Executor = Kysely<Database> | Transaction<Database>;

/** A person reference held by a marriage-line record. */
export interface PartyReference {
  /** `marriage`, `marriage_refusal` or `marriage_foreign_party`. */
  recordType: 'marriage' | 'marriage_refusal' | 'marriage_foreign_party';
  /** Row id; for a foreign party's document its key `documentType|nationality|documentNo`. */
  recordId: string;
  field: 'husband_id' | 'wife_id' | 'person_id';
  /** For marriages: whether it is subsisting (the bigamy index), and the other party. */
  subsisting?: boolean;
  otherPartyId?: string;
  divisionCode?: string;
}

/** Every marriage-line reference to `personId`. */
export async function referencesTo(db: Executor, personId: string): Promise<PartyReference[]> {
  const [marriages, refusals, foreign] = await Promise.all([
    db
      .selectFrom('marriages')
      .select(['id', 'husbandId', 'wifeId', 'status', 'divisionCode'])
      .where((eb) => eb.or([eb('husbandId', '=', personId), eb('wifeId', '=', personId)]))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('marriageRefusals')
      .select(['id', 'husbandId', 'wifeId'])
      .where((eb) => eb.or([eb('husbandId', '=', personId), eb('wifeId', '=', personId)]))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('marriageForeignParties')
      .select(['documentType', 'nationality', 'documentNo'])
      .where('personId', '=', personId)
      .execute(),
  ]);
  const refs: PartyReference[] = [];
  for (const m of marriages) {
    const husband = m.husbandId === personId;
    refs.push({
      recordType: 'marriage',
      recordId: m.id,
      field: husband ? 'husband_id' : 'wife_id',
      subsisting: m.status === 'subsisting',
      otherPartyId: husband ? m.wifeId : m.husbandId,
      divisionCode: m.divisionCode,
    });
  }
  for (const r of refusals) {
    if (r.husbandId === personId)
      refs.push({ recordType: 'marriage_refusal', recordId: r.id, field: 'husband_id' });
    if (r.wifeId === personId)
      refs.push({ recordType: 'marriage_refusal', recordId: r.id, field: 'wife_id' });
  }
  for (const f of foreign) {
    refs.push({
      recordType: 'marriage_foreign_party',
      recordId: [f.documentType, f.nationality, f.documentNo].join('|'),
      field: 'person_id',
    });
  }
  return refs;
}

/** Whether `personId` is already a party (in the given role) to a subsisting marriage. */
export async function hasSubsistingMarriageAs(
  db: Executor,
  personId: string,
  field: 'husband_id' | 'wife_id',
): Promise<boolean> {
  const r = await db
    .selectFrom('marriages')
    .select('id')
    .where(field === 'husband_id' ? 'husbandId' : 'wifeId', '=', personId)
    .where('status', '=', 'subsisting')
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** Moves one reference from `from` to `to` if it still names `from`; returns whether a row changed. */
export async function movePartyReference(
  db: Executor,
  ref: Pick<PartyReference, 'recordType' | 'recordId' | 'field'>,
  from: string,
  to: string,
  at: string,
): Promise<boolean> {
  let changed: bigint;
  if (ref.recordType === 'marriage') {
    const col = ref.field === 'husband_id' ? 'husbandId' : 'wifeId';
    const r = await db
      .updateTable('marriages')
      .set((eb) => ({ [col]: to, updatedAt: at, version: eb('version', '+', 1) }))
      .where('id', '=', ref.recordId)
      .where(col, '=', from)
      .executeTakeFirst();
    changed = r.numUpdatedRows;
  } else if (ref.recordType === 'marriage_refusal') {
    const col = ref.field === 'husband_id' ? 'husbandId' : 'wifeId';
    const r = await db
      .updateTable('marriageRefusals')
      .set({ [col]: to })
      .where('id', '=', ref.recordId)
      .where(col, '=', from)
      .executeTakeFirst();
    changed = r.numUpdatedRows;
  } else {
    const [documentType, nationality, ...rest] = ref.recordId.split('|');
    const r = await db
      .updateTable('marriageForeignParties')
      .set({ personId: to })
      .where('documentType', '=', documentType as 'passport')
      .where('nationality', '=', nationality ?? '')
      .where('documentNo', '=', rest.join('|'))
      .where('personId', '=', from)
      .executeTakeFirst();
    changed = r.numUpdatedRows;
  }
  return Number(changed) === 1;
}

/** A marriage's status and parties now (for the checks before pointing a reference back). */
export function marriagePartiesOf(db: Executor, id: string) {
  return db
    .selectFrom('marriages')
    .select(['id', 'husbandId', 'wifeId', 'status', 'divisionCode'])
    .where('id', '=', id)
    .executeTakeFirst();
}
