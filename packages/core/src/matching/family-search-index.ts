/**
 * The in-memory family-search index of one process, per database handle. Before each query it applies
 * the feed rows (`family_search_entries`) whose `seq` is above the last one it saw: an active row is
 * added (re-adding an id replaces it), a removed row is taken out. `seq` is assigned under the audit
 * chain lock, i.e. in commit order, so no change is skipped; concurrent queries share one load.
 */
import {
  FamilySearchIndex,
  type FamilySearchQuery,
  type FamilySearchRecord,
  type FamilySearchResult,
} from './family-search-engine';
import type { CoreContext } from '../context';
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
}

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

/** Brings this process's index up to date with the feed; returns it. */
export async function familyIndex(ctx: CoreContext): Promise<FamilyIndexState> {
  let state = states.get(ctx.db);
  if (!state) {
    state = {
      index: new FamilySearchIndex(),
      entries: new Map(),
      unnamed: 0,
      lastSeq: 0,
      refreshing: undefined,
    };
    states.set(ctx.db, state);
  }
  const s = state;
  if (!s.refreshing) {
    s.refreshing = (async () => {
      for (;;) {
        const rows = await entriesAfter(ctx.db.kysely, s.lastSeq);
        if (rows.length === 0) return;
        const added: FamilySearchRecord[] = [];
        for (const r of rows) {
          // One row per record: an id never appears twice in one batch.
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
        s.lastSeq = rows[rows.length - 1]!.seq;
      }
    })().finally(() => {
      s.refreshing = undefined;
    });
  }
  await s.refreshing;
  return s;
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
