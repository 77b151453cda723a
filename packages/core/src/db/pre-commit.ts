/**
 * Pre-commit steps: work a transaction defers to the moment just before its COMMIT (ADR 0016, "write
 * path"). The hash chains (audit log, outbox) and the commit-ordered feeds (family-search entries,
 * missing-person reports) need a lock that serialises every writer; taken at the first append and held
 * to COMMIT it made every write transaction serial for its whole length. Instead a service buffers its
 * rows on the transaction (`preCommitState`) and the driver, in `commitTransaction`, runs each buffer's
 * flush — lock, read the head, chain, one multi-row insert — and then commits: the lock is held only for
 * the flush and the commit.
 *
 * Installed once on the driver of every Kysely instance `createDb` opens (`withPreCommit`), so the call
 * sites' `kysely.transaction().execute(...)` need no change. A flush that fails fails the transaction:
 * Kysely rolls it back and rethrows, so the change and its buffered rows commit together or not at all.
 * A rollback drops the buffers.
 */
import { CompiledQuery, type DatabaseConnection, type Driver, type Transaction } from 'kysely';
import { CHAIN_LOCK_KEYS, type DialectName } from './dialect';
import type { Database } from './schema';

/** A kind of deferred work: its per-transaction state and how it is written before COMMIT. */
export interface PreCommitStep<S> {
  /** A name for errors and diagnostics. */
  readonly name: string;
  /** Steps run by ascending order (the audit flush 10, feed positions 20, the outbox 30). */
  readonly order: number;
  /** The empty state of one transaction. */
  create(): S;
  /** Writes the state, inside the transaction, just before COMMIT. */
  flush(trx: Transaction<Database>, state: S): Promise<void>;
}

interface Pending {
  /** The transaction the steps run on (the first one that registered state). */
  trx: Transaction<Database> | undefined;
  states: Map<PreCommitStep<unknown>, unknown>;
  /** Chain locks this transaction already holds (taken by a flush). */
  locks: Set<string>;
}

/** Open transactions of drivers with pre-commit steps, by connection. */
const open = new WeakMap<DatabaseConnection, Pending>();
/** The connection a transaction runs on (asked once per transaction). */
const connections = new WeakMap<Transaction<Database>, DatabaseConnection>();

async function pendingOf(trx: Transaction<Database>): Promise<Pending> {
  let connection = connections.get(trx);
  if (!connection) {
    connection = await trx.getExecutor().provideConnection(async (c) => c);
    connections.set(trx, connection);
  }
  const p = open.get(connection);
  if (!p)
    throw new Error(
      'pre-commit: not inside a transaction of a database opened by createDb (kysely.transaction().execute)',
    );
  return p;
}

/**
 * This transaction's state of `step`, created (and the step scheduled before COMMIT) on first use.
 * Must be called with the transaction Kysely passed to `transaction().execute`'s callback.
 */
export async function preCommitState<S>(trx: Transaction<Database>, step: PreCommitStep<S>): Promise<S> {
  const p = await pendingOf(trx);
  p.trx ??= trx;
  let s = p.states.get(step) as S | undefined;
  if (s === undefined) {
    s = step.create();
    p.states.set(step, s);
  }
  return s;
}

/** Runs the steps by order; a step may schedule another (it runs in the same loop). */
async function runSteps(p: Pending): Promise<void> {
  while (p.states.size > 0) {
    let next: PreCommitStep<unknown> | undefined;
    for (const step of p.states.keys()) if (!next || step.order < next.order) next = step;
    if (!next || !p.trx) return;
    const state = p.states.get(next);
    p.states.delete(next);
    await next.flush(p.trx, state);
  }
}

/**
 * Wraps a driver so that every transaction runs its pre-commit steps just before COMMIT. Savepoint
 * rollbacks are refused while steps are pending (the buffers cannot tell which rows a savepoint covered;
 * nothing in the platform uses savepoints).
 */
export function withPreCommit(driver: Driver): Driver {
  const begin = driver.beginTransaction.bind(driver);
  const commit = driver.commitTransaction.bind(driver);
  const rollback = driver.rollbackTransaction.bind(driver);
  driver.beginTransaction = async (connection, settings) => {
    await begin(connection, settings);
    open.set(connection, { trx: undefined, states: new Map(), locks: new Set() });
  };
  driver.commitTransaction = async (connection) => {
    const p = open.get(connection);
    // A step that throws leaves `p` in place: Kysely rolls back next, which drops it.
    if (p) await runSteps(p);
    open.delete(connection);
    await commit(connection);
  };
  driver.rollbackTransaction = async (connection) => {
    open.delete(connection);
    await rollback(connection);
  };
  const toSavepoint = driver.rollbackToSavepoint?.bind(driver);
  if (toSavepoint) {
    driver.rollbackToSavepoint = async (connection, name, compile) => {
      if (open.get(connection)?.states.size)
        throw new Error('pre-commit: rollback to a savepoint with buffered audit/outbox rows');
      await toSavepoint(connection, name, compile);
    };
  }
  return driver;
}

/**
 * Marks a simple-protocol query of several statements: the pg client of `createDb` answers it with the
 * last statement's result (Kysely would otherwise see no rows). The query must have no parameters.
 */
export const MULTI_STATEMENT = '/* multi-statement */ ';

const lockedReads = new Map<string, string>();

/**
 * Takes a chain's lock for the rest of the transaction (once: a second call is free) and then runs
 * `head`, a compiled parameterless query, returning its rows. PostgreSQL: the advisory lock and the read go in
 * one round trip as two statements of one simple query; under READ COMMITTED the read takes its
 * snapshot after the lock is granted, so it sees the head the previous holder committed. SQLite: one
 * writer at a time already (BEGIN IMMEDIATE), no lock to take.
 */
export async function lockChainAndRead<R>(
  trx: Transaction<Database>,
  dialect: DialectName,
  chain: keyof typeof CHAIN_LOCK_KEYS,
  compiled: CompiledQuery<R>,
): Promise<R[]> {
  const p = await pendingOf(trx);
  if (dialect !== 'postgres' || p.locks.has(chain)) {
    return (await trx.executeQuery(compiled)).rows;
  }
  if (compiled.parameters.length) throw new Error('lockChainAndRead: the head query must have no parameters');
  const key = `${chain}\u0000${compiled.sql}`;
  let text = lockedReads.get(key);
  if (!text) {
    text = `${MULTI_STATEMENT}select pg_advisory_xact_lock(${CHAIN_LOCK_KEYS[chain]}); ${compiled.sql}`;
    lockedReads.set(key, text);
  }
  const rows = (await trx.executeQuery<R>(CompiledQuery.raw(text, []))).rows;
  p.locks.add(chain);
  return rows;
}

/** Takes a chain's lock for the rest of the transaction, unless this transaction already holds it. */
export async function lockChainOnce(
  trx: Transaction<Database>,
  dialect: DialectName,
  chain: keyof typeof CHAIN_LOCK_KEYS,
): Promise<void> {
  if (dialect !== 'postgres') return;
  const p = await pendingOf(trx);
  if (p.locks.has(chain)) return;
  await trx.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${CHAIN_LOCK_KEYS[chain]})`, []));
  p.locks.add(chain);
}
