import { Card, Empty, Table } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import type { ReactNode } from 'react';
import { formatCount } from '../format';
import type { FilterFields } from './filters';
import { useTableToolbar } from './table-toolbar';
import type { ListPageState } from './use-list-page';

type AnyListPage<T> = Pick<
  ListPageState<FilterFields, T>,
  'items' | 'total' | 'loading' | 'error' | 'query' | 'pageSizes' | 'sort' | 'setPaging' | 'setSort'
> & { reload?: () => void };

export interface LedgerTableProps<T> extends Omit<
  TableProps<T>,
  'dataSource' | 'locale' | 'pagination' | 'onChange' | 'columns'
> {
  columns: TableColumnsType<T>;
  /**
   * A server-paged list (useListPage): rows, loading, paging and sort come from it. Without it the
   * table shows `dataSource` and pages it in the browser.
   */
  list?: AnyListPage<T>;
  dataSource?: readonly T[];
  /** Rows per browser page for a table without `list`; false shows every row. */
  pageSize?: number | false;
  /** What to do when there are no rows: a helpful Chinese sentence (or two). */
  empty: ReactNode;
  /** The counted thing in `共 N 条`. */
  unit?: string;
  /** Wrap the table in a Card (default true). */
  card?: boolean;
  /** Under the table, inside its card. */
  after?: ReactNode;
}

/**
 * The ledger table of a list page: paging (server or browser), sort kept in the URL, the count, and
 * an empty state that tells the clerk what to do next.
 */
export function LedgerTable<T extends object>({
  list,
  dataSource,
  pageSize = 20,
  empty,
  unit = '条',
  card = true,
  after,
  columns,
  ...rest
}: LedgerTableProps<T>) {
  // 刷新 and 列设置 above a server-paged ledger (table-toolbar.tsx); other tables keep every column.
  const ledger = useTableToolbar(columns, { onRefresh: list?.reload, loading: list?.loading });
  if (list) columns = ledger.columns;
  const showTotal = (n: number) => `共 ${formatCount(n)} ${unit}`;
  const sortedColumns = list?.sort
    ? columns.map((c) =>
        c.sorter === true && c.key !== undefined
          ? { ...c, sortOrder: c.key === list.sort?.key ? list.sort.order : null }
          : c,
      )
    : columns;
  const table = (
    <Table<T>
      size="middle"
      scroll={{ x: 'max-content' }}
      {...rest}
      columns={sortedColumns}
      loading={rest.loading ?? list?.loading}
      dataSource={list ? list.items : dataSource}
      locale={{
        emptyText: (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            // After a failed load the list is unknown, not empty: the error above says what to do.
            description={list && list.error !== undefined ? '数据未能加载，请点击上方“重试”。' : empty}
          />
        ),
      }}
      pagination={
        list
          ? {
              current: list.query.page,
              pageSize: list.query.pageSize,
              total: list.total ?? 0,
              showSizeChanger: Boolean(list.pageSizes),
              ...(list.pageSizes ? { pageSizeOptions: [...list.pageSizes] } : {}),
              showTotal,
            }
          : pageSize === false
            ? false
            : { pageSize, hideOnSinglePage: true, showTotal }
      }
      onChange={(pagination, _filters, sorter, extra) => {
        if (!list) return;
        if (extra.action === 'paginate') {
          list.setPaging(pagination.current ?? 1, pagination.pageSize ?? list.query.pageSize);
        } else if (extra.action === 'sort') {
          const one: SorterResult<T> | undefined = Array.isArray(sorter) ? sorter[0] : sorter;
          list.setSort(
            one?.order && one.columnKey !== undefined
              ? { key: String(one.columnKey), order: one.order }
              : undefined,
          );
        }
      }}
    />
  );
  return card ? (
    <Card>
      {list && ledger.toolbar}
      {table}
      {after}
    </Card>
  ) : (
    <>
      {list && ledger.toolbar}
      {table}
      {after}
    </>
  );
}
