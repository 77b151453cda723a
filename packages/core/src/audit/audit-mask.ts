/**
 * Resident ids never go into an audit row's details or reason (docs/security.md): a full id found there
 * is masked as on screen (`430102********1234`) before the row is hashed and stored, and the filters of
 * searches and exports are masked by the services that record them (`maskAuditFilter`), prefixes too.
 */
import { maskResidentId, residentIdCheckDigit } from '@social-affairs/kernel';

/** An 18-character resident id standing alone in text (not inside a longer run of letters or digits). */
const FULL_ID =
  /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
/** Cheap pre-check: no run of 17 digits, no id. */
const SEVENTEEN_DIGITS = /\d{17}/;

/** `text` with every full resident id in it (valid check digit) masked. */
export function maskResidentIdsInText(text: string): string {
  if (text.length < 18 || !SEVENTEEN_DIGITS.test(text)) return text;
  return text.replace(FULL_ID, (id) =>
    residentIdCheckDigit(id.slice(0, 17)) === id.slice(17).toUpperCase() ? maskResidentId(id) : id,
  );
}

/** A search term that is a resident id or a prefix of one (7 to 18 characters). */
const ID_LIKE = /^\s*[0-9]{7,17}[0-9Xx]?\s*$/;

/** A search term as it may be recorded: an id (or prefix) keeps its first 6 characters (the county) only. */
export function maskSearchTerm(term: string): string {
  const t = term.trim();
  if (!ID_LIKE.test(t)) return maskResidentIdsInText(term);
  return t.length === 18 ? maskResidentId(t) : `${t.slice(0, 6)}${'*'.repeat(t.length - 6)}`;
}

/** A search or export filter as it may be recorded in an audit row's details: id-like values masked. */
export function maskAuditFilter<T extends object>(filter: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) out[k] = typeof v === 'string' ? maskSearchTerm(v) : v;
  return out;
}
