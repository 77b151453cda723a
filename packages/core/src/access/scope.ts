/**
 * Scope below the county (ADR 0009-scope-below-the-county): township division codes and the list
 * filter every line applies alike (`scopeFilterFor` here, its SQL in `scope.repository.ts`).
 */
import { DomainError, getDivision } from '@social-affairs/kernel';
import { isSubCounty, scopePrefix, type Actor } from './actor';

/**
 * A division an account or a record can be scoped to: a registered division (province … township), or
 * a 9-digit township code `<registered county code><3 digits>` not (yet) in the bundled NBS list (the
 * list is the 2023 statistical edition; townships are renamed and re-cut more often than counties).
 */
export function isScopeDivisionCode(code: string): boolean {
  if (getDivision(code)) return true;
  if (!/^[0-9]{9}$/.test(code) || code.endsWith('000')) return false;
  return getDivision(code.slice(0, 6))?.level === 'county';
}

/** The county a division code belongs to (itself for a county or above). */
export function countyCodeOf(code: string): string {
  return code.length > 6 ? code.slice(0, 6) : code;
}

/** 文艺路街道 for a registered township; `芙蓉区（乡镇 001）` for one not in the list; the name otherwise. */
export function scopeDivisionName(code: string): string {
  const d = getDivision(code);
  if (d) return d.name;
  if (/^[0-9]{9}$/.test(code)) {
    const county = getDivision(code.slice(0, 6));
    if (county) return `${county.name}（乡镇 ${code.slice(6)}）`;
  }
  return code;
}

/** Throws DIVISION_UNKNOWN (422) unless `code` is a scope division (see `isScopeDivisionCode`). */
export function ensureScopeDivisionCode(code: string, field = 'divisionCode'): void {
  if (!isScopeDivisionCode(code)) {
    throw new DomainError(
      'invalid',
      'DIVISION_UNKNOWN',
      '行政区划代码不存在（乡镇/街道代码为 9 位：县级代码加 3 位序号）',
      { field },
    );
  }
}

/**
 * What a list may show the actor, after the division it asked for (default: its own) is checked to lie
 * inside its scope. `shared`: the records are a county registry (see `inSharedScope`), so a township or
 * institution user also lists its county's rows kept at county level.
 */
export interface ScopeFilter {
  /** Code prefix of the division listed (scope ∩ picked division). */
  divisionPrefix: string;
  /** Set for an institution-scoped actor: only rows of this institution (see `shared`). */
  institutionId: string | null;
  /** Set when county-level rows without institution of this county are also visible (shared registries). */
  sharedCounty: string | null;
}

export function scopeFilterFor(
  actor: Actor,
  division?: string,
  opts: { shared?: boolean } = {},
): ScopeFilter {
  const own = scopePrefix(actor.divisionCode);
  const county = countyCodeOf(actor.divisionCode);
  const picked = division ?? actor.divisionCode;
  const sharedCounty = opts.shared && isSubCounty(actor) ? county : null;
  const inside = picked.startsWith(own);
  // A sub-county user may pick its own county for a shared registry: it then lists the county-level rows
  // and its own township's/institution's.
  if (!inside && picked !== sharedCounty) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '所选行政区划不在您的管辖范围内', {
      field: 'division',
      divisionCode: picked,
    });
  }
  return {
    divisionPrefix: inside ? scopePrefix(picked) : own,
    institutionId: actor.institutionId ?? null,
    sharedCounty,
  };
}
