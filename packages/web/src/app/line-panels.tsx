import type { PersonPanelDto } from '@social-affairs/kernel/contracts';
import { Alert, Card, Descriptions, Flex, Skeleton } from 'antd';
import { Link } from 'react-router';
import { api, errorText } from './api-client';
import { useApi } from './use-api';

/** The person page's panels, one per business line that knows the person (each read audited by its line). */
export function LinePanels({ personId }: { personId: string }) {
  const { data, error, loading } = useApi(
    (signal) =>
      api.get<{ items: PersonPanelDto[] }>(
        `/api/people/${encodeURIComponent(personId)}/panels`,
        undefined,
        signal,
      ),
    [personId],
  );
  if (error !== undefined)
    return <Alert type="warning" showIcon title="各业务线信息加载失败" description={errorText(error)} />;
  if (loading && !data) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (!data || data.items.length === 0) return null;
  return (
    <Flex vertical gap={16}>
      {data.items.map((panel) => (
        <Card
          key={`${panel.line}-${panel.title}`}
          title={panel.title}
          extra={panel.link ? <Link to={panel.link}>查看</Link> : undefined}
        >
          <Descriptions
            size="small"
            column={1}
            items={panel.facts.map((f, i) => ({ key: String(i), label: f.label, children: f.value }))}
          />
        </Card>
      ))}
    </Flex>
  );
}
