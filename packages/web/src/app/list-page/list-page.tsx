import { Space } from 'antd';
import type { ReactNode } from 'react';
import { ExportButton } from './export-button';
import { FilterCard } from './filter-card';
import type { FilterFields } from './filters';
import { LedgerTable, type LedgerTableProps } from './ledger-table';
import { ListHeader } from './list-header';
import { LoadError } from './load-error';
import type { ListPageState } from './use-list-page';

export interface ListPageProps<F extends FilterFields, T> extends Omit<
  LedgerTableProps<T>,
  'list' | 'dataSource' | 'pageSize' | 'title'
> {
  list: ListPageState<F, T>;
  /** The page title (the count is added once loaded) and the counted thing (条, 人…). */
  title: string;
  /** The server's Excel export of the list as filtered; adds 导出 Excel to the header. */
  exportHref?: string;
  /** More header buttons, before 导出 Excel. */
  actions?: ReactNode;
  /** The line's sub-navigation under the header. */
  nav?: ReactNode;
  /** Between the navigation and the filter card (e.g. a result message). */
  above?: ReactNode;
  /** The filter form's name; without it the page has no filter card. */
  filterName?: string;
  /** Shows the picked division in the filter card (lists kept per division). */
  breadcrumb?: boolean;
  /** A line in the filter card above the form. */
  notice?: ReactNode;
  controls?: Partial<Record<keyof F, ReactNode>>;
  /** `人员列表加载失败`. */
  errorTitle: string;
  /** Under the table, in its card. */
  below?: ReactNode;
  /** After the page (dialogs). */
  children?: ReactNode;
}

/**
 * A whole ledger page: header with count and export, filter card, load error with 重试, and the
 * server-paged table. Each list page declares its filters, columns and texts and nothing more.
 */
export function ListPage<F extends FilterFields, T extends object>({
  list,
  title,
  unit,
  exportHref,
  actions,
  nav,
  above,
  filterName,
  breadcrumb = false,
  notice,
  controls,
  errorTitle,
  below,
  children,
  ...table
}: ListPageProps<F, T>) {
  const exportButton = exportHref && <ExportButton href={exportHref} disabled={!list.total} />;
  return (
    <>
      <ListHeader
        title={title}
        total={list.total}
        unit={unit}
        extra={
          actions && exportButton ? (
            <Space>
              {actions}
              {exportButton}
            </Space>
          ) : (
            (actions ?? exportButton)
          )
        }
      />
      {nav}
      {above}
      {filterName && (
        <FilterCard
          list={list}
          name={filterName}
          breadcrumb={breadcrumb}
          notice={notice}
          controls={controls}
        />
      )}
      <LoadError error={list.error} title={errorTitle} onRetry={list.reload} />
      <LedgerTable<T> list={list} unit={unit} after={below} {...table} />
      {children}
    </>
  );
}
