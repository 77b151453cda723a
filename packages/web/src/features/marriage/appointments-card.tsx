import { Card, List, Tag, Typography } from 'antd';
import type { AppointmentViewDto } from '@social-affairs/kernel/contracts';
import { api } from '../../app/api-client';
import { LoadError } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import type { RegistryViewDto } from './marriage.api';

const serviceLabels: Record<AppointmentViewDto['service'], string> = {
  marriage: '结婚登记',
  divorce: '离婚登记',
  reissue: '补领证件',
};

/** Today's appointments at the working registry (phones masked). */
export function AppointmentsCard({ registry }: { registry: RegistryViewDto | undefined }) {
  const { data, error, loading, reload } = useApi(
    (signal) =>
      api.get<AppointmentViewDto[]>('/api/marriage/appointments', { registryId: registry?.id }, signal),
    [registry?.id],
    Boolean(registry),
  );
  return (
    <Card title={`今日预约${data ? ` · ${data.length} 对` : ''}`} loading={loading && !data}>
      <LoadError error={error} title="今日预约加载失败" onRetry={reload} />
      {!registry ? (
        <Typography.Text type="secondary">选择办理机关后显示当天的预约。</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={data ?? []}
          locale={{ emptyText: '今天没有预约。群众可在公众端按半天时段预约。' }}
          renderItem={(a) => (
            <List.Item
              extra={
                <Tag>
                  {a.halfDay === 'am' ? '上午' : '下午'} {a.slotNo} 号
                </Tag>
              }
            >
              <List.Item.Meta
                title={`${a.applicantName}${a.partnerName ? ` · ${a.partnerName}` : ''}`}
                description={`${serviceLabels[a.service]} · ${a.phoneMasked} · 预约号 ${a.reference}`}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
