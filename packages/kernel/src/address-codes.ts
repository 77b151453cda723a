import addressCodeData from './data/address-codes.json';

/**
 * Every 6-digit GB/T 2260 address code known to have existed (the MCA yearly releases up to 2020,
 * united with the NBS 2023 county-level codes), so that resident ids keep validating after their county
 * is abolished or renamed (IDL Art.3: an id never changes). Data: `data/address-codes.json`, see the
 * attribution in `data/README.md`.
 */
export interface AddressCodeHistoryEntry {
  name: string;
  /** First year the code carried this name; null = before the data starts, or unknown. */
  from: number | null;
  /** Last year the code carried this name; null = still in use. */
  to: number | null;
}

interface AddressCodeFile {
  timelineLastYear: number;
  currentAsOf: string;
  codes: Record<string, [string, number | null, number | null][]>;
  successors: Record<string, string[]>;
}

// The JSON is typed by hand: letting TypeScript infer a 6,800-key object type is slow and useless.
const data = addressCodeData as unknown as AddressCodeFile;

/** Date of the newest source in the address-code data (the NBS 2023 cut-off). */
export const ADDRESS_CODES_CURRENT_AS_OF: string = data.currentAsOf;

/** The name history of an address code, oldest first; `[]` if the code never existed. */
export function addressCodeHistory(code6: string): AddressCodeHistoryEntry[] {
  const rows = Object.hasOwn(data.codes, code6) ? data.codes[code6] : undefined;
  return (rows ?? []).map(([name, from, to]) => ({ name, from, to }));
}

/** True if the code ever existed as an address code. */
export function isKnownAddressCode(code6: string): boolean {
  return Object.hasOwn(data.codes, code6);
}

/** What id validation asks of a code that existed: is it in use today, and the last year of an abolished one. */
export interface AddressCodeFacts {
  current: boolean;
  lastYear: number | null;
}
const codeFacts = new Map<string, AddressCodeFacts>();
const NEVER_EXISTED: AddressCodeFacts = { current: false, lastYear: null };

/** The facts of a code that existed, computed once per code; undefined for a code that never existed. */
export function addressCodeFacts(code6: string): AddressCodeFacts | undefined {
  let f = codeFacts.get(code6);
  if (!f) {
    if (!isKnownAddressCode(code6)) return undefined;
    const history = addressCodeHistory(code6);
    const current = history.some((e) => e.to === null);
    f = { current, lastYear: current ? null : Math.max(...history.map((e) => e.to ?? 0)) };
    codeFacts.set(code6, f);
  }
  return f;
}

function factsOf(code6: string): AddressCodeFacts {
  return addressCodeFacts(code6) ?? NEVER_EXISTED;
}

/** True if the code is in use today (it has a history entry that is still open). */
export function isCurrentAddressCode(code6: string): boolean {
  return factsOf(code6).current;
}

/** The name in use today, or the most recent name of an abolished code; undefined if never existed. */
export function addressCodeName(code6: string): string | undefined {
  const history = addressCodeHistory(code6);
  const open = history.find((e) => e.to === null);
  if (open) return open.name;
  return history.reduce<AddressCodeHistoryEntry | undefined>(
    (latest, e) => (latest === undefined || (e.to ?? 0) >= (latest.to ?? 0) ? e : latest),
    undefined,
  )?.name;
}

/** The last year an abolished code was in use; null if it is still in use or never existed. */
export function addressCodeLastYear(code6: string): number | null {
  return factsOf(code6).lastYear;
}

/**
 * The current code(s) that replaced an abolished county-level code, where the data shows it
 * (430521 邵东县 → 430582 邵东市; 431121 祁阳县 → 431181 祁阳市). Derived by matching names within the
 * same prefecture (or province), so mergers into a differently named unit are not covered: `[]` then.
 */
export function successorsOf(code6: string): string[] {
  return [...((Object.hasOwn(data.successors, code6) ? data.successors[code6] : undefined) ?? [])];
}
