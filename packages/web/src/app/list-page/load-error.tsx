import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import type { CSSProperties } from 'react';
import { errorText } from '../api-client';

/** A list or report that failed to load: what failed, the server's reason, and 重试. */
export function LoadError({
  error,
  title,
  onRetry,
  style = { marginBottom: 16 },
}: {
  error: unknown;
  title: string;
  onRetry?: () => void;
  style?: CSSProperties;
}) {
  if (error === undefined) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      title={title}
      description={errorText(error)}
      action={
        onRetry && (
          <Button size="small" icon={<ReloadOutlined />} onClick={onRetry}>
            重试
          </Button>
        )
      }
    />
  );
}
