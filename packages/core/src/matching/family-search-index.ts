/**
 * The in-memory family-search index of one process, per database handle. Before each query it applies
 * the feed rows (`family_search_entries`) whose `seq` is above the last one it saw: an active row is
 * added (re-adding an id replaces it), a removed row is taken out. `seq` is assigned under the audit
 * chain lock, i.e. in commit order, so no change is skipped; concurrent queries share one load.
 *
 * A first load at province scale (a million records and more) is long — 60–70 µs of CPU per record, read
 * and indexed — so it is read and applied in slices of `LOAD_SLICE` rows with a turn of the event loop
 * between them: other requests of the server are answered during the load instead of waiting behind each
 * 50,000-row page (3–5 s each, read and applied at once before). The server starts the load when it
 * starts (`startFamilyIndexLoad`, the matching line's worker), so the first search after a restart does
 * not pay for it (ADR 0040).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  FamilySearchIndex,
  type FamilySearchQuery,
  type FamilySearchRecord,
  type FamilySearchResult,
} from './family-search-engine';
import type { CoreContext } from '../context';
import type { LineLogger } from '../line';
import type { Db } from '../db/index';
import { entriesAfter } from './family-search-entries.repository';
import type { FamilySearchEntryRow } from './matching.table';

export interface IndexedEntry {
  divisionCode: string;
  institutionId: string | null;
  /** Whether the record has a name (diagnostics: the engine reaches named and unnamed records in one call). */
  named: boolean;
}

export interface FamilyIndexState {
  index: FamilySearchIndex;
  /** id → scope of each record in the index. */
  entries: Map<string, IndexedEntry>;
  /** How many records in the index have no name. */
  unnamed: number;
  lastSeq: number;
  refreshing: Promise<void> | undefined;
  /** Set when the server shuts down: a load in progress stops at its next slice. */
  stopped: boolean;
}

/**
 * Feed rows read and applied between two turns of the event loop: a slice of 500 is about 30 ms of CPU
 * (60–70 µs a record, read and indexed). bench:family-index-load, 300,000 records on SQLite: another
 * request waited at most 5.4 s with 50,000-row pages, p99 371 ms with slices of 1,000, p99 120 ms with
 * 500 (its worst, 0.4 s, is the garbage collector's), for the same load time.
 */
export const LOAD_SLICE = 500;

const states = new WeakMap<Db, FamilyIndexState>();

/** What the engine indexes of a feed row. */
export function engineRecord(r: FamilySearchEntryRow): FamilySearchRecord {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    sex: r.sex,
    birthYear: r.birthYear,
    ...(r.birthYearUncertainty !== null ? { birthYearUncertainty: r.birthYearUncertainty } : {}),
    estimatedAge:
      r.estimatedAge !== null && r.estimatedAgeAsOf !== null
        ? { estimate: r.estimatedAge, range: r.estimatedAgeRange ?? 5, asOf: r.estimatedAgeAsOf }
        : null,
    eventDate: r.eventDate,
    divisionCode: r.placeCode ?? r.divisionCode,
    features: r.features,
    photoRef: r.photoRef,
  };
}

/**
 * Brings this process's index up to date with the feed; returns it. `slice`: rows read and applied
 * between two turns of the event loop (bench:family-index-load compares slice sizes; the default otherwise).
 */
export async function familyIndex(
  ctx: CoreContext,
  options: { slice?: number } = {},
): Promise<FamilyIndexState> {
  let state = states.get(ctx.db);
  if (!state) {
    state = {
      index: new FamilySearchIndex(),
      entries: new Map(),
      unnamed: 0,
      lastSeq: 0,
      refreshing: undefined,
      stopped: false,
    };
    states.set(ctx.db, state);
  }
  const s = state;
  if (!s.refreshing) {
    const slice = Math.max(1, options.slice ?? LOAD_SLICE);
    s.refreshing = (async () => {
      while (!s.stopped) {
        const rows = await entriesAfter(ctx.db.kysely, s.lastSeq, slice);
        if (rows.length === 0) return;
        applyRows(s, rows);
        s.lastSeq = rows[rows.length - 1]!.seq;
        if (rows.length < slice) return;
        // A long load: the event loop runs other requests before the next slice (on SQLite the read
        // itself does not yield). Searches wait for the whole load (they await `refreshing`), so none
        // sees a half-loaded index.
        await nextTurn();
      }
    })().finally(() => {
      s.refreshing = undefined;
    });
  }
  await s.refreshing;
  return s;
}

/** Applies feed rows to the index and the scope map (an id appears at most once in one read). */
function applyRows(s: FamilyIndexState, rows: readonly FamilySearchEntryRow[]): void {
  const added: FamilySearchRecord[] = [];
  for (const r of rows) {
    const before = s.entries.get(r.id);
    if (before && !before.named) s.unnamed--;
    if (r.status === 'active') {
      added.push(engineRecord(r));
      const named = Boolean(r.name);
      s.entries.set(r.id, { divisionCode: r.divisionCode, institutionId: r.institutionId, named });
      if (!named) s.unnamed++;
    } else if (before) {
      s.entries.delete(r.id);
      s.index.remove(r.id);
    }
  }
  if (added.length > 0) s.index.add(added);
}

/**
 * Starts loading the index in the background (the server, at start): the first search after a restart
 * finds it built. `stop()` ends a load still running at its next slice and waits for it (shutdown).
 * A failure is logged; the next search loads again.
 */
export function startFamilyIndexLoad(
  ctx: CoreContext,
  logger: LineLogger,
  options: { slice?: number } = {},
): { loaded: Promise<void>; stop(): Promise<void> } {
  const loaded = familyIndex(ctx, options).then(
    () => undefined,
    (err: unknown) => {
      logger.error({ err }, '寻亲检索索引载入失败，将在下一次查询时重试');
    },
  );
  return {
    loaded,
    stop: async () => {
      const s = states.get(ctx.db);
      if (s) s.stopped = true;
      await loaded;
    },
  };
}

/** How far this process's index is: records held, and whether a load is running (undefined: never loaded). */
export function familyIndexProgress(db: Db): { records: number; loading: boolean } | undefined {
  const s = states.get(db);
  return s && { records: s.entries.size, loading: s.refreshing !== undefined };
}

/** Brings the index up to date; returns how many records it holds (all kinds, all divisions). */
export async function refreshFamilyIndex(ctx: CoreContext): Promise<{ size: number }> {
  const s = await familyIndex(ctx);
  return { size: s.entries.size };
}

/**
 * The top k records for a query in one engine call — records the name reaches and records without a name,
 * merged by score inside the engine (ADR 0018) — among those `visible` accepts (the caller's scope, not the
 * query's own record). The engine asks `visible` only of rows that would enter the top k, so k visible
 * hits come back whenever the index holds them: no over-fetching, no second pass. The family search, the
 * stored candidates and bench:rescue all call this.
 */
export function searchFamilyIndex(
  state: Pick<FamilyIndexState, 'index' | 'entries'>,
  query: FamilySearchQuery,
  k: number,
  visible: (id: string, entry: IndexedEntry) => boolean = () => true,
): FamilySearchResult {
  return state.index.search(query, k, {
    accept: (id) => {
      const entry = state.entries.get(id);
      return entry !== undefined && visible(id, entry);
    },
  });
}
