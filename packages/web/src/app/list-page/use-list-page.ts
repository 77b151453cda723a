import { useApi } from '../use-api';
import type { FilterFields } from './filters';
import { useListQuery, type ListQuery, type ListQueryOptions, type ListQueryState } from './use-list-query';

/** One page of a server-paged list, as every list route answers. */
export interface ListResult<T> {
  items: T[];
  total: number;
}

export interface ListPageOptions<F extends FilterFields, T> extends ListQueryOptions<F> {
  /** Loads one page for the query in the URL. */
  load: (query: ListQuery<F>, signal: AbortSignal) => Promise<ListResult<T>>;
}

export interface ListPageState<F extends FilterFields, T> extends ListQueryState<F> {
  items: T[];
  /** undefined until the first page has loaded. */
  total: number | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * A ledger page's state: the query kept in the URL (see useListQuery) and the page loaded for it,
 * loaded again whenever the query or the picked division changes. Pair it with FilterCard,
 * LoadError, LedgerTable and ExportButton.
 */
export function useListPage<F extends FilterFields, T>(options: ListPageOptions<F, T>): ListPageState<F, T> {
  const list = useListQuery(options);
  const { data, error, loading, reload } = useApi((signal) => options.load(list.query, signal), [list.key]);
  return { ...list, items: data?.items ?? [], total: data?.total, error, loading, reload };
}
