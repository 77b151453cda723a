/** The list-page scaffold: URL-kept filters and paging, filter card, load error, ledger table, export. */
export { ExportButton } from './export-button';
export { FilterCard } from './filter-card';
export {
  choiceFilter,
  dateRangeFilter,
  textFilter,
  type DateRangeValue,
  type FilterFields,
  type FilterQuery,
  type FilterUi,
  type FilterValues,
} from './filters';
export { LedgerTable, type LedgerTableProps } from './ledger-table';
export { ListHeader } from './list-header';
export { ListPage, type ListPageProps } from './list-page';
export { LoadError } from './load-error';
export { useListPage, type ListPageState, type ListResult } from './use-list-page';
export {
  useListQuery,
  type ListFilterQuery,
  type ListQuery,
  type ListQueryState,
  type ListSort,
} from './use-list-query';
