import { CalendarOutlined } from '@ant-design/icons';
import { Button, Card, List, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { LoadError } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { AppointmentActions, AppointmentStatusTag, beijingToday } from './appointment-actions';
import { appointmentApi, appointmentServiceLabels, type RegistryViewDto } from './marriage.api';
import { emptyLocale } from '../../app/empty-state';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** “今天 12-01 周二”, “12-02 周三”. */
function dayLabel(date: string, today: string): string {
  const d = dayjs(date);
  return `${date === today ? '今天 ' : ''}${date.slice(5)} ${WEEKDAYS[d.day()]}`;
}

/**
 * 近期预约: today's bookings and those of the next two working days at the working registry (phones
 * masked), with 签到 / 未到 on today's; the full week is on 预约日历.
 */
export function AppointmentsCard({ registry }: { registry: RegistryViewDto | undefined }) {
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('marriage:write');
  const { data, error, loading, reload } = useApi(
    (signal) => appointmentApi.list({ registryId: registry?.id ?? '', days: 3 }, signal),
    [registry?.id],
    Boolean(registry),
  );
  const today = beijingToday();
  const todays = (data ?? []).filter((a) => a.date === today).length;
  const later = (data ?? []).length - todays;
  return (
    <Card
      title={`近期预约${data ? ` · 今天 ${todays} 对 · 之后 ${later} 对` : ''}`}
      loading={loading && !data}
      extra={
        <Link to="/marriage/appointments">
          <Button size="small" type="link" icon={<CalendarOutlined />}>
            预约日历
          </Button>
        </Link>
      }
    >
      <LoadError error={error} title="预约加载失败" onRetry={reload} />
      {!registry ? (
        <Typography.Text type="secondary">选择办理机关后显示近期的预约。</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={data ?? []}
          locale={emptyLocale('今天和之后两个工作日没有预约。群众可在公众端按半天时段预约。')}
          renderItem={(a, i) => {
            const first = i === 0 || data?.[i - 1]?.date !== a.date;
            return (
              <>
                {first && (
                  <Typography.Text strong style={{ display: 'block', marginTop: i === 0 ? 0 : 12 }}>
                    {dayLabel(a.date, today)}
                  </Typography.Text>
                )}
                <List.Item
                  extra={
                    <Tag>
                      {a.halfDay === 'am' ? '上午' : '下午'} {a.slotNo} 号
                    </Tag>
                  }
                >
                  <List.Item.Meta
                    title={
                      <span>
                        {a.applicantName}
                        {a.partnerName ? ` · ${a.partnerName}` : ''} <AppointmentStatusTag a={a} />
                      </span>
                    }
                    description={
                      <>
                        <div>{`${appointmentServiceLabels[a.service]} · ${a.phoneMasked} · 预约号 ${a.reference}`}</div>
                        {canWrite && a.date === today && (
                          <AppointmentActions
                            a={a}
                            registryId={registry.id}
                            today={today}
                            onChanged={reload}
                          />
                        )}
                      </>
                    }
                  />
                </List.Item>
              </>
            );
          }}
        />
      )}
    </Card>
  );
}
