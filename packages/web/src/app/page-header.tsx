import { Flex, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { PageBreadcrumb, type Crumb } from './layout/page-breadcrumb';

/**
 * Every signed-in page's header: the breadcrumb (where the page sits, from the feature list's menu
 * entries), the page title (also the document title) and actions on the right.
 */
interface PageHeaderProps {
  title: ReactNode;
  /** Text for the browser tab when `title` is not plain text or carries changing counts. */
  documentTitle?: string;
  subTitle?: ReactNode;
  extra?: ReactNode;
  /** Crumbs between the line's menu entry and this page (e.g. `{ title: '核查队列', to: '/matching/review' }`). */
  breadcrumb?: readonly Crumb[];
}

export function PageHeader({ title, documentTitle, extra, subTitle, breadcrumb }: PageHeaderProps) {
  const text = documentTitle ?? (typeof title === 'string' ? title : undefined);
  useEffect(() => {
    if (text) document.title = `${text} - 社会事务综合服务平台`;
  }, [text]);
  return (
    <header className="page-header">
      <PageBreadcrumb extra={breadcrumb} />
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Flex align="baseline" gap={12} wrap>
          {/* The page's one h1 (sized like the former h4); focus lands here after a navigation. */}
          <Typography.Title level={1} tabIndex={-1} className="page-title">
            {title}
          </Typography.Title>
          {subTitle && <Typography.Text type="secondary">{subTitle}</Typography.Text>}
        </Flex>
        {extra && <Flex gap={8}>{extra}</Flex>}
      </Flex>
    </header>
  );
}
