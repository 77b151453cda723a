/**
 * 工作台 · 期限看板 (/rescue): what is due today and next at the actor's station(s) — overdue prescribed
 * actions (red), due today, due in the next 3 working days — each with the case, the step, the deadline
 * (暂定 when counted through a year whose holidays are not loaded) and a button to log it; counts of
 * residents, over-limit, stranded and long-term stranded people; links to intake and residents.
 */
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { emptyLocale } from '../../app/empty-state';
import { formatDateTime } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { openPrintable } from '../../app/print-document';
import { useApi } from '../../app/use-api';
import { actionsApi, searchNoticeUrl, type RescueDueItemDto } from './actions.api';
import { LogActionDialog } from './actions-log-dialog';
import { caseDisplayName } from './rescue-format';
import { RescueNav } from './rescue-nav';

const NOTICE_STEPS: readonly string[] = ['national_site', 'toutiao_notice', 'media'];

/** The deadline of a step: the instant for 24-hour steps, else the day; 暂定 when provisional. */
export function DueText({ item }: { item: Pick<RescueDueItemDto, 'dueAt' | 'dueOn' | 'provisional'> }) {
  return (
    <Space size={4} wrap>
      <span>{item.dueAt ? formatDateTime(item.dueAt).slice(0, 16) : item.dueOn}</span>
      {item.provisional && (
        <Tag title="期限经过尚未公布节假日安排的年份，暂按周末计算，公布后自动更正">暂定</Tag>
      )}
    </Space>
  );
}

function DueTable({
  items,
  tone,
  onLog,
  empty,
  testId,
}: {
  items: RescueDueItemDto[];
  tone: 'red' | 'orange' | 'blue';
  /** Absent for a role that may not log (no rescue:write): the 登记 buttons are not shown. */
  onLog?: (item: RescueDueItemDto) => void;
  empty: string;
  testId: string;
}) {
  const columns: TableColumnsType<RescueDueItemDto> = [
    {
      title: '案件',
      key: 'case',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Link to={`/rescue/cases/${r.caseId}`}>{r.caseNo}</Link>
          <Typography.Text type="secondary">
            {caseDisplayName(r.personName, r.caseNo)} · {r.stationName}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '规定动作',
      dataIndex: 'stepLabel',
      render: (v: string) => <Tag color={tone}>{v}</Tag>,
    },
    { title: '期限', key: 'due', render: (_, r) => <DueText item={r} /> },
    {
      title: '操作',
      key: 'actions',
      render: (_, r) => (
        <Space wrap>
          {onLog && (
            <Button type="primary" size="small" onClick={() => onLog(r)}>
              登记
            </Button>
          )}
          {NOTICE_STEPS.includes(r.step) && (
            <Button
              size="small"
              icon={<PrinterOutlined />}
              onClick={() => openPrintable(searchNoticeUrl(r.caseId), '寻亲公告')}
            >
              寻亲公告
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Table<RescueDueItemDto>
      data-testid={testId}
      rowKey={(r) => `${r.caseId}:${r.step}`}
      size="middle"
      columns={columns}
      dataSource={items}
      pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={emptyLocale(empty)}
      scroll={{ x: 640 }}
    />
  );
}

export function RescueWorkbenchPage() {
  const [stationId, setStationId] = useState<string>();
  const board = useApi((signal) => actionsApi.board(stationId, signal), [stationId]);
  const [logging, setLogging] = useState<RescueDueItemDto>();
  const canWrite = useAuth().hasPermission('rescue:write');
  const data = board.data;
  return (
    <>
      <PageHeader
        title="救助管理工作台"
        subTitle={data ? `今天 ${data.today}` : undefined}
        extra={
          <Space wrap>
            {canWrite && (
              <Link to="/rescue/intake">
                <Button type="primary">求助登记</Button>
              </Link>
            )}
            <Link to="/rescue/residents">
              <Button>在站人员</Button>
            </Link>
          </Space>
        }
      />
      <RescueNav />
      {board.error !== undefined && (
        <LoadError title="期限看板加载失败" error={board.error} onRetry={board.reload} />
      )}
      {data && data.stations.length > 1 && (
        <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
          <Typography.Text>救助管理站</Typography.Text>
          <Select
            allowClear
            placeholder="全部救助管理站"
            style={{ minWidth: 260 }}
            value={stationId}
            onChange={(v: string | undefined) => setStationId(v)}
            options={data.stations.map((s) => ({ value: s.id, label: s.name }))}
          />
        </Flex>
      )}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {(
          [
            ['在站人数', data?.counts.residents, undefined],
            ['超过10天救助期限', data?.counts.overLimit, '#d46b08'],
            ['滞留（超过10天、身份不明）', data?.counts.stranded, '#d46b08'],
            ['长期滞留（超过3个月）', data?.counts.longTerm, '#cf1322'],
          ] as const
        ).map(([title, value, color]) => (
          <Col xs={12} md={6} key={title}>
            <Card size="small" loading={board.loading && !data}>
              <Statistic title={title} value={value ?? 0} {...(color ? { valueStyle: { color } } : {})} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        size="small"
        title={
          <Space>
            <Typography.Text type="danger" strong>
              已逾期
            </Typography.Text>
            <Tag color="red">{data?.overdue.length ?? 0}</Tag>
          </Space>
        }
        style={{ marginBottom: 12 }}
      >
        <DueTable
          testId="board-overdue"
          items={data?.overdue ?? []}
          tone="red"
          onLog={canWrite ? setLogging : undefined}
          empty="没有逾期的规定动作"
        />
      </Card>
      <Card
        size="small"
        title={
          <Space>
            <Typography.Text strong>今日到期</Typography.Text>
            <Tag color="orange">{data?.dueToday.length ?? 0}</Tag>
          </Space>
        }
        style={{ marginBottom: 12 }}
      >
        <DueTable
          testId="board-today"
          items={data?.dueToday ?? []}
          tone="orange"
          onLog={canWrite ? setLogging : undefined}
          empty="今天没有到期的规定动作"
        />
      </Card>
      <Card
        size="small"
        title={
          <Space>
            <Typography.Text strong>未来三个工作日内到期</Typography.Text>
            {data && <Typography.Text type="secondary">（至 {data.horizon}）</Typography.Text>}
            <Tag color="blue">{data?.upcoming.length ?? 0}</Tag>
          </Space>
        }
      >
        <DueTable
          testId="board-upcoming"
          items={data?.upcoming ?? []}
          tone="blue"
          onLog={canWrite ? setLogging : undefined}
          empty="未来三个工作日内没有到期的规定动作"
        />
      </Card>
      {logging && (
        <LogActionDialog
          caseId={logging.caseId}
          caseNo={logging.caseNo}
          step={logging.step}
          onClose={() => setLogging(undefined)}
          onDone={() => {
            setLogging(undefined);
            board.reload();
          }}
        />
      )}
    </>
  );
}
