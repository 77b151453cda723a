import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useDivision } from '../division-context';
import {
  formValuesOf,
  hasFilters,
  readFilterQuery,
  writeFilters,
  type FilterFields,
  type FilterQuery,
  type FilterValues,
} from './filters';

export interface ListQueryOptions<F extends FilterFields> {
  filters: F;
  /**
   * Follow the division picked in the shell: the query carries `division`, and a new pick starts the
   * list again from its first page. Default true; off for lists that are not kept per division.
   */
  division?: boolean;
  /** Rows per page (default 20). */
  pageSize?: number;
  /** Sizes the clerk may choose; the choice is kept in the URL. Without it the size is fixed. */
  pageSizes?: readonly number[];
  /** Filters set by links rather than the form (e.g. `jobId`): kept when the form is submitted or reset. */
  keep?: readonly (keyof F & string)[];
  /** Column keys the server can sort by; the pick is kept in the URL as `sort=key` or `sort=-key`. */
  sortKeys?: readonly string[];
}

export type SortOrder = 'ascend' | 'descend';

export interface ListSort {
  key: string;
  order: SortOrder;
}

/** Filters, division and sort: what an export takes (it is not paged). */
export type ListFilterQuery<F extends FilterFields> = FilterQuery<F> & { division?: string; sort?: string };
/** The whole query a paged list sends. */
export type ListQuery<F extends FilterFields> = ListFilterQuery<F> & { page: number; pageSize: number };

export interface ListQueryState<F extends FilterFields> {
  fields: F;
  query: ListQuery<F>;
  exportQuery: ListFilterQuery<F>;
  /** The query as text: changes exactly when the list must load again. */
  key: string;
  formValues: FilterValues<F>;
  /** Whether a filter of the form is on (for the empty-state message). */
  filtered: boolean;
  sort: ListSort | undefined;
  pageSizes: readonly number[] | undefined;
  setFilters: (values: FilterValues<F>) => void;
  reset: () => void;
  setPaging: (page: number, pageSize: number) => void;
  setSort: (sort: ListSort | undefined) => void;
}

function readSort(raw: string | null, keys: readonly string[] | undefined): ListSort | undefined {
  if (!raw || !keys) return undefined;
  const key = raw.replace(/^-/, '');
  if (!keys.includes(key)) return undefined;
  return { key, order: raw.startsWith('-') ? 'descend' : 'ascend' };
}

function sortText(sort: ListSort | undefined): string | undefined {
  return sort ? `${sort.order === 'descend' ? '-' : ''}${sort.key}` : undefined;
}

/**
 * A list page's state kept in the URL query (filters, page, page size, sort), so a reload, the back
 * button or a shared link shows the same list.
 */
export function useListQuery<F extends FilterFields>(options: ListQueryOptions<F>): ListQueryState<F> {
  const { filters, division = true, pageSize: defaultSize = 20, pageSizes, keep, sortKeys } = options;
  const { current } = useDivision();
  const [params, setParams] = useSearchParams();
  const divisionCode = division ? current.code : undefined;

  // A new division starts the list from its first page.
  const lastDivision = useRef(divisionCode);
  useEffect(() => {
    if (lastDivision.current === divisionCode) return;
    lastDivision.current = divisionCode;
    if (params.get('page')) {
      const next = new URLSearchParams(params);
      next.delete('page');
      setParams(next, { replace: true });
    }
  }, [divisionCode, params, setParams]);

  const search = params.toString();
  const state = useMemo(() => {
    const current = new URLSearchParams(search);
    const filterQuery = readFilterQuery(filters, current);
    const sort = readSort(current.get('sort'), sortKeys);
    const page = Math.max(1, Number(current.get('page')) || 1);
    const sizeParam = Number(current.get('pageSize'));
    const pageSize = pageSizes?.includes(sizeParam) ? sizeParam : defaultSize;
    const exportQuery = {
      ...(divisionCode ? { division: divisionCode } : {}),
      ...(filterQuery as object),
      ...(sort ? { sort: sortText(sort) } : {}),
    } as ListFilterQuery<F>;
    const query = { ...exportQuery, page, pageSize } as ListQuery<F>;
    const formFilters = { ...(filterQuery as object) } as Record<string, unknown>;
    for (const name of keep ?? []) delete formFilters[name];
    return {
      query,
      exportQuery,
      key: JSON.stringify(query),
      formValues: formValuesOf(filters, filterQuery),
      filtered: hasFilters(formFilters),
      sort,
    };
    // `filters`, `keep` and `sortKeys` are declared once per page.
  }, [search, divisionCode, defaultSize, pageSizes]);

  const setFilters = useCallback(
    (values: FilterValues<F>) => {
      const current = new URLSearchParams(search);
      const next = new URLSearchParams();
      writeFilters(filters, { ...values, ...keptValues(keep, current) }, next);
      const size = current.get('pageSize');
      if (pageSizes && size) next.set('pageSize', size);
      const sort = current.get('sort');
      if (sort) next.set('sort', sort);
      setParams(next);
    },
    [search, setParams],
  );

  const setPaging = useCallback(
    (page: number, pageSize: number) => {
      const next = new URLSearchParams(search);
      next.set('page', String(page));
      if (pageSizes) next.set('pageSize', String(pageSize));
      setParams(next);
    },
    [search, setParams, pageSizes],
  );

  const setSort = useCallback(
    (sort: ListSort | undefined) => {
      const next = new URLSearchParams(search);
      next.delete('page');
      const text = sortText(sort);
      if (text) next.set('sort', text);
      else next.delete('sort');
      setParams(next);
    },
    [search, setParams],
  );

  return {
    ...state,
    fields: filters,
    pageSizes,
    setFilters,
    reset: () => setFilters({}),
    setPaging,
    setSort,
  };
}

function keptValues(keep: readonly string[] | undefined, params: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of keep ?? []) {
    const value = params.get(name);
    if (value) values[name] = value;
  }
  return values;
}
