/**
 * Views show who recorded a record by display name (系统 for a system actor); the rows keep the account
 * name, which is the audit trail. One query per list (`displayNamesOf`), never one per row.
 */
import { displayNameIn, displayNamesOf } from '../access/index';
import type { Executor } from '../db/index';

/** `items` with each of `fields` (account names) replaced by the account's display name. */
export async function recordersNamed<K extends string, T extends Record<K, string>>(
  db: Executor,
  items: readonly T[],
  ...fields: K[]
): Promise<T[]> {
  const names = await displayNamesOf(
    db,
    items.flatMap((item) => fields.map((f) => item[f])),
  );
  return items.map((item) => {
    const named: T = { ...item };
    for (const f of fields) (named as Record<K, string>)[f] = displayNameIn(names, item[f]);
    return named;
  });
}

/** One view with each of `fields` replaced by the display name (see `recordersNamed`). */
export async function recorderNamed<K extends string, T extends Record<K, string>>(
  db: Executor,
  item: T,
  ...fields: K[]
): Promise<T> {
  return (await recordersNamed(db, [item], ...fields))[0]!;
}
