import { LeftOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { AppointmentActions, AppointmentStatusTag, beijingToday } from './appointment-actions';
import {
  appointmentApi,
  appointmentServiceLabels,
  type AppointmentViewDto,
  type AppointmentWeekDto,
} from './marriage.api';
import { MarriageNav } from './marriage-nav';
import { useWorkingRegistry } from './use-registry';
import { emptyLocale } from '../../app/empty-state';

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

type Day = AppointmentWeekDto['days'][number];
type Counts = Day['am'];
interface HalfDayRow {
  key: 'am' | 'pm';
  label: string;
}
const HALF_DAYS: HalfDayRow[] = [
  { key: 'am', label: '上午' },
  { key: 'pm', label: '下午' },
];

/** “3 / 20” with what became of them: 签到, 办结, 未到 (cancelled ones are counted apart). */
function SlotCell({ c, capacity, working }: { c: Counts; capacity: number; working: boolean }) {
  if (!working && c.total === 0) return <Typography.Text type="secondary">休息</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      <Typography.Text strong={c.total > 0}>
        {c.total} / {capacity}
      </Typography.Text>
      <Space size={2} wrap>
        {c.booked > 0 && <Tag color="blue">待签到 {c.booked}</Tag>}
        {c.attended > 0 && <Tag color="gold">已签到 {c.attended}</Tag>}
        {c.done > 0 && <Tag color="green">已办结 {c.done}</Tag>}
        {c.noShow > 0 && <Tag>未到 {c.noShow}</Tag>}
        {c.cancelled > 0 && <Typography.Text type="secondary">取消 {c.cancelled}</Typography.Text>}
      </Space>
    </Space>
  );
}

/**
 * 预约日历: the working registry's week (Monday to Sunday) with counts per day and half day, and the
 * list of the chosen day with the desk's actions. The week and the day are kept in the URL.
 */
export function MarriageAppointmentsPage() {
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('marriage:write');
  const { registries, registry, setRegistryId, error: registryError } = useWorkingRegistry();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('date') ?? undefined;
  const setDate = (date: string) =>
    setParams(
      (p) => {
        p.set('date', date);
        return p;
      },
      { replace: true },
    );
  const week = useApi(
    (signal) => appointmentApi.week({ registryId: registry?.id ?? '', date: chosen }, signal),
    [registry?.id, chosen],
    Boolean(registry),
  );
  const today = week.data?.today ?? beijingToday();
  const day = chosen ?? today;
  const list = useApi(
    (signal) => appointmentApi.list({ registryId: registry?.id ?? '', date: day }, signal),
    [registry?.id, day],
    Boolean(registry),
  );
  const reload = () => {
    week.reload();
    list.reload();
  };
  const shift = (days: number) => setDate(dayjs(day).add(days, 'day').format('YYYY-MM-DD'));

  const weekColumns: TableColumnsType<HalfDayRow> = [
    { title: '时段', dataIndex: 'label', width: 72, fixed: 'left' },
    ...(week.data?.days ?? []).map((d) => ({
      key: d.date,
      title: (
        <Button
          type={d.date === day ? 'primary' : 'text'}
          size="small"
          onClick={() => setDate(d.date)}
          aria-pressed={d.date === day}
          aria-label={`查看 ${d.date} ${WEEKDAYS[d.weekday]}的预约`}
        >
          {WEEKDAYS[d.weekday]} {d.date.slice(5)}
          {d.date === today ? '（今天）' : ''}
        </Button>
      ),
      onCell: () => ({
        onClick: () => setDate(d.date),
        style: {
          cursor: 'pointer',
          background: d.date === day ? 'var(--ant-color-primary-bg, #e6f4ff)' : undefined,
        },
      }),
      render: (_: unknown, row: HalfDayRow) => (
        <SlotCell c={d[row.key]} capacity={week.data?.capacity ?? 0} working={d.working} />
      ),
    })),
  ];

  const dayColumns: TableColumnsType<AppointmentViewDto> = [
    {
      title: '时段',
      width: 110,
      render: (_, a) => `${a.halfDay === 'am' ? '上午' : '下午'} ${a.slotNo} 号`,
    },
    {
      title: '当事人',
      render: (_, a) => (
        <div>
          <div>
            {a.applicantName} <span className="resident-id">{a.applicantResidentIdMasked ?? ''}</span>
          </div>
          {a.partnerName && (
            <div>
              {a.partnerName} <span className="resident-id">{a.partnerResidentIdMasked ?? ''}</span>
            </div>
          )}
        </div>
      ),
    },
    { title: '事项', render: (_, a) => appointmentServiceLabels[a.service] },
    { title: '联系电话', dataIndex: 'phoneMasked' },
    { title: '预约号', dataIndex: 'reference' },
    {
      title: '状态',
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <AppointmentStatusTag a={a} />
          {a.closeReason && <Typography.Text type="secondary">{a.closeReason}</Typography.Text>}
        </Space>
      ),
    },
    ...(canWrite && registry
      ? [
          {
            title: '操作',
            render: (_: unknown, a: AppointmentViewDto) => (
              <AppointmentActions a={a} registryId={registry.id} today={today} onChanged={reload} />
            ),
          },
        ]
      : []),
  ];

  const chosenDay = week.data?.days.find((d) => d.date === day);
  return (
    <>
      <PageHeader
        title="预约日历"
        subTitle={registry ? `${registry.name} · 每半天 ${registry.halfDayCapacity} 对` : undefined}
        extra={
          registries.length > 0 && (
            <Select
              aria-label="办理机关"
              style={{ width: 260 }}
              value={registry?.id}
              onChange={setRegistryId}
              options={registries.map((r) => ({ value: r.id, label: r.name }))}
            />
          )
        }
      />
      <MarriageNav />
      {registryError !== undefined && (
        <Alert type="error" showIcon title={errorText(registryError)} style={{ marginBottom: 16 }} />
      )}
      {!registry && !registryError ? (
        <Empty description="没有可查看的婚姻登记机关" />
      ) : (
        <>
          <Card
            title={week.data ? `${week.data.weekStart} 起的一周` : '本周'}
            style={{ marginBottom: 16 }}
            extra={
              <Space>
                <Button icon={<LeftOutlined />} onClick={() => shift(-7)} aria-label="上一周">
                  上一周
                </Button>
                <Button onClick={() => setDate(today)}>本周</Button>
                <Button onClick={() => shift(7)} aria-label="下一周">
                  下一周 <RightOutlined />
                </Button>
                <Button icon={<ReloadOutlined />} onClick={reload} aria-label="刷新" />
              </Space>
            }
          >
            <LoadError error={week.error} title="预约日历加载失败" onRetry={week.reload} />
            <Table<HalfDayRow>
              size="small"
              bordered
              pagination={false}
              loading={week.loading && !week.data}
              scroll={{ x: 900 }}
              rowKey="key"
              columns={weekColumns}
              dataSource={HALF_DAYS}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              过了预约当天仍未签到的预约显示为“未到”；当事人一方在人口基础库登记死亡的，其预约自动取消并注明原因。
            </Typography.Paragraph>
          </Card>
          <Card
            title={`${day} ${chosenDay ? WEEKDAYS[chosenDay.weekday] : ''}的预约${list.data ? ` · ${list.data.length} 对` : ''}`}
          >
            <LoadError error={list.error} title="预约加载失败" onRetry={list.reload} />
            <Table<AppointmentViewDto>
              size="small"
              rowKey="id"
              pagination={false}
              loading={list.loading && !list.data}
              scroll={{ x: 900 }}
              columns={dayColumns}
              dataSource={list.data ?? []}
              locale={emptyLocale('当天没有预约')}
            />
          </Card>
        </>
      )}
    </>
  );
}
