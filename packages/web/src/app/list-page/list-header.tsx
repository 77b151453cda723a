import type { ReactNode } from 'react';
import { formatCount } from '../format';
import { PageHeader } from '../page-header';

/** A list page's title with its count once loaded: `人员信息（共 1,234 人）`. */
export function ListHeader({
  title,
  total,
  unit = '条',
  extra,
}: {
  title: string;
  total: number | undefined;
  /** The counted thing: 条, 人, 行, 对, 个… */
  unit?: string;
  extra?: ReactNode;
}) {
  return (
    <PageHeader
      title={total === undefined ? title : `${title}（共 ${formatCount(total)} ${unit}）`}
      documentTitle={title}
      extra={extra}
    />
  );
}
