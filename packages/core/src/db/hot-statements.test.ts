/**
 * The SQL of the platform's hot statements on both dialects, as the repositories build it. A change of
 * this text changes a query plan: review the snapshot diff (and re-run the benchmarks) before accepting
 * it with `vitest -u`. The lines' hot statements are snapshotted beside them (people, marriage, matching).
 */
import { describe, expect, it } from 'vitest';
import { sessionUserQuery } from '../access/users.repository';
import { INSERT_AUDIT_ROW, SQLITE_CHAIN_HEAD, auditRowsInsert, chainHead } from '../audit/audit.repository';
import { outboxHeadQuery, outboxInsert } from '../events/outbox.repository';
import { compileOnlyKysely } from './compile-only';
import type { DialectName } from './dialect';
import { insertRowsCompiled } from './prepared';
import type { AuditRow } from './schema';

const auditRow: AuditRow = {
  seq: 1,
  at: '2026-01-01T00:00:00.000Z',
  actorId: null,
  actorUsername: 'u',
  action: 'a',
  targetType: 't',
  targetId: null,
  divisionCode: null,
  reason: null,
  details: '{}',
  subjectPersonId: null,
  keyId: 'k',
  prevHash: 'p',
  hash: 'h',
};

describe.each<DialectName>(['sqlite', 'postgres'])('hot platform statements (%s)', (dialect) => {
  it('compile to the reviewed SQL', () => {
    const db = compileOnlyKysely(dialect);
    const statements: Record<string, string | undefined> = {
      'audit chain head (appendAudit, audit batch on PostgreSQL)': chainHead.compiled(db, {}).sql,
      'audit row insert (appendAudit)': insertRowsCompiled(db, 'auditLog', [auditRow])?.sql,
      'audit batch insert (audit batch on PostgreSQL), two rows': auditRowsInsert(db, [
        auditRow,
        auditRow,
      ]).compile().sql,
      ...(dialect === 'sqlite'
        ? {
            'audit batch chain head (native SQLite)': SQLITE_CHAIN_HEAD,
            'audit batch insert (native SQLite)': INSERT_AUDIT_ROW,
          }
        : {}),
      'outbox head (emitEvent)': outboxHeadQuery(db).compile().sql,
      'outbox insert (emitEvent)': outboxInsert(db, {
        id: 'e',
        position: 1,
        type: 'person.deceased',
        payload: '{}',
        occurredAt: '2026-01-01T00:00:00.000Z',
      }).compile().sql,
      'session lookup (authenticate)': sessionUserQuery(db, 'sid').compile().sql,
    };
    expect(statements).toMatchSnapshot();
  });
});
