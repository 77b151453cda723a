/** Reads the printed documents need besides the records themselves: who registered the act. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index';

type Executor = Kysely<Database> | Transaction<Database>;

/** The display name of a user (the registrar printed on a certificate), undefined if unknown. */
export async function userDisplayName(db: Executor, userId: string | null): Promise<string | undefined> {
  if (!userId) return undefined;
  const row = await db.selectFrom('users').select('displayName').where('id', '=', userId).executeTakeFirst();
  return row?.displayName;
}

/** The user who performed the latest `action` on a record (from the audit log), null if none. */
export async function actorOfAction(
  db: Executor,
  action: string,
  target: { type: string; id: string },
): Promise<string | null> {
  const row = await db
    .selectFrom('auditLog')
    .select('actorId')
    .where('targetType', '=', target.type)
    .where('targetId', '=', target.id)
    .where('action', '=', action)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.actorId ?? null;
}
