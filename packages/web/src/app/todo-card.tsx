import type { TodoItemDto } from '@social-affairs/kernel/contracts';
import { Alert, Badge, Card, List, Typography } from 'antd';
import { Link } from 'react-router';
import { api, errorText } from './api-client';
import { formatDate } from './format';
import { useApi } from './use-api';
import { emptyLocale } from './empty-state';

/** "我的待办": what each business line has for the signed-in user today, earliest due first. */
export function TodoCard() {
  const { data, error, loading } = useApi(
    (signal) => api.get<{ items: TodoItemDto[] }>('/api/todos', undefined, signal),
    [],
  );
  return (
    <Card title="我的待办" style={{ marginBottom: 16 }}>
      {error !== undefined ? (
        <Alert type="warning" showIcon title="待办加载失败" description={errorText(error)} />
      ) : (
        <List<TodoItemDto>
          loading={loading && !data}
          dataSource={data?.items ?? []}
          locale={emptyLocale('今日暂无待办事项')}
          renderItem={(item) => (
            <List.Item
              key={item.kind}
              actions={[
                <Link key="go" to={item.link}>
                  去办理
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <span>
                    {item.title} <Badge count={item.count} overflowCount={999} />
                  </span>
                }
                description={
                  item.dueOn ? (
                    <Typography.Text type="secondary">最早期限：{formatDate(item.dueOn)}</Typography.Text>
                  ) : null
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
