import { z } from 'zod';

/** Chinese names of a ledger's sortable columns, as the refusal message and the export head say them. */
export type SortLabels<F extends string> = { readonly [K in F]: string };

/**
 * A ledger's `sort` query parameter: one of its sortable fields, ascending (`name`) or descending
 * (`-name`). Each ledger lists the fields it allows; anything else is refused (400 VALIDATION_FAILED)
 * with a Chinese message naming the columns that do sort.
 */
export function sortParam<const F extends readonly [string, ...string[]]>(
  fields: F,
  labels?: SortLabels<F[number]>,
) {
  const values = [...fields, ...fields.map((f) => `-${f}`)] as [
    F[number] | `-${F[number]}`,
    ...(F[number] | `-${F[number]}`)[],
  ];
  const named = fields.map((f) => (labels ? `${labels[f as F[number]]}（${f}）` : f)).join('、');
  return z
    .enum(values, { error: () => `不支持按该列排序；可排序的列：${named}，列名前加“-”为降序` })
    .optional()
    .describe(`排序字段：${named}；字段名前加“-”为降序（相同者按记录编号排列）`);
}

/** A parsed sort: the field and the direction. */
export interface SortSpec<F extends string = string> {
  field: F;
  desc: boolean;
}

/** `-name` → `{ field: 'name', desc: true }`; undefined when no sort was asked for. */
export function parseSort<F extends string>(sort: F | `-${F}` | undefined): SortSpec<F> | undefined {
  if (!sort) return undefined;
  return sort.startsWith('-') ? { field: sort.slice(1) as F, desc: true } : { field: sort as F, desc: false };
}

/** `-name` with `{ name: '姓名（拼音）' }` → `姓名（拼音）降序` (an export head's words for the sort). */
export function sortWords(sort: string, labels: Readonly<Record<string, string>> = {}): string {
  const { field, desc } = parseSort(sort)!;
  return `${labels[field] ?? field}${desc ? '降序' : '升序'}`;
}
