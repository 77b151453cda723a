import { Empty } from 'antd';
import type { ReactNode } from 'react';

/**
 * The one empty state of the console (ui.md: "Empty state says what to do next"): Ant Design's simple
 * picture and a Chinese sentence saying why nothing is there and what to do. Ledger tables get it from
 * LedgerTable; other tables use `emptyLocale`.
 */
export function EmptyState({ children }: { children: ReactNode }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={children} />;
}

/** `locale` for a plain Ant Design Table: `<Table locale={emptyLocale('当天没有预约')} …>`. */
export function emptyLocale(text: ReactNode): { emptyText: ReactNode } {
  return { emptyText: <EmptyState>{text}</EmptyState> };
}
