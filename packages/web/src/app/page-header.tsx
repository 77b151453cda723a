import { Flex, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';

/** Page title (also the document title) with actions on the right. */
interface PageHeaderProps {
  title: ReactNode;
  /** Text for the browser tab when `title` is not plain text or carries changing counts. */
  documentTitle?: string;
  subTitle?: ReactNode;
  extra?: ReactNode;
}

export function PageHeader({ title, documentTitle, extra, subTitle }: PageHeaderProps) {
  const text = documentTitle ?? (typeof title === 'string' ? title : undefined);
  useEffect(() => {
    if (text) document.title = `${text} - 社会事务综合服务平台`;
  }, [text]);
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <Flex align="baseline" gap={12} wrap>
        {/* The page's one h1 (sized like the former h4); focus lands here after a navigation. */}
        <Typography.Title level={1} tabIndex={-1} className="page-title">
          {title}
        </Typography.Title>
        {subTitle && <Typography.Text type="secondary">{subTitle}</Typography.Text>}
      </Flex>
      {extra && <Flex gap={8}>{extra}</Flex>}
    </Flex>
  );
}
