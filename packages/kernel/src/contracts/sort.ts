import { z } from 'zod';

/**
 * A ledger's `sort` query parameter: one of its sortable fields, ascending (`name`) or descending
 * (`-name`). Each ledger lists the fields it allows; anything else is refused (400 VALIDATION_FAILED).
 */
export function sortParam<const F extends readonly [string, ...string[]]>(fields: F) {
  const values = [...fields, ...fields.map((f) => `-${f}`)] as [
    F[number] | `-${F[number]}`,
    ...(F[number] | `-${F[number]}`)[],
  ];
  return z
    .enum(values)
    .optional()
    .describe(`排序字段：${fields.join('、')}；字段名前加“-”为降序（相同者按记录编号排列）`);
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
