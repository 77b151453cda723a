import { Alert, Card, Col, DatePicker, Row, Space, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { EChart, type ChartOption } from '../../app/charts/echarts-chart';
import { useDivision } from '../../app/division-context';
import { beijingToday, formatCount } from '../../app/format';
import { DivisionBreadcrumb } from '../../app/layout/division-breadcrumb';
import { ExportButton, LedgerTable, LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { DisabilityNav } from './disability-nav';
import { outreachApi, outreachUrls, type DisabilityStatisticsDto } from './outreach.api';

type Row = DisabilityStatisticsDto['rows'][number];

const yuan = (fen: number | undefined) =>
  fen === undefined
    ? '—'
    : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;

/**
 * 两项补贴统计: recipients and money (frozen rosters), coverage (today), new and stopped by reason (entitlement
 * events) by month and division, with trend and division charts, the table and its Excel export.
 */
export function DisabilityStatisticsPage() {
  const [params, setParams] = useSearchParams();
  const { current, pick, canPick } = useDivision();
  const thisMonth = beijingToday().slice(0, 7);
  const from = params.get('from') ?? `${thisMonth.slice(0, 4)}-01`;
  const to = params.get('to') ?? thisMonth;
  const query = { division: current.code, from, to };
  const { data, error, loading, reload } = useApi(
    (signal) => outreachApi.statistics(query, signal),
    [query.division, query.from, query.to],
  );

  const trend = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    return {
      animationDuration: 400,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.months.map((m) => m.label) },
      yAxis: [
        { type: 'value', name: '人' },
        { type: 'value', name: '万元', splitLine: { show: false } },
      ],
      series: [
        { name: '护理补贴人数', type: 'line' as const, data: data.months.map((m) => m.careRecipients) },
        { name: '生活补贴人数', type: 'line' as const, data: data.months.map((m) => m.livingRecipients) },
        { name: '新增', type: 'bar' as const, barMaxWidth: 18, data: data.months.map((m) => m.granted) },
        { name: '停发', type: 'bar' as const, barMaxWidth: 18, data: data.months.map((m) => m.stopped) },
        {
          name: '发放金额（万元）',
          type: 'line' as const,
          yAxisIndex: 1,
          lineStyle: { type: 'dashed' },
          data: data.months.map((m) => Math.round((m.careFen + m.livingFen) / 100) / 10_000),
        },
      ],
    };
  }, [data]);

  const byDivision = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    return {
      animationDuration: 400,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: data.rows.map((r) => r.divisionName),
        axisLabel: { interval: 0, rotate: 30 },
      },
      yAxis: { type: 'value', name: '覆盖率 %', max: 100 },
      series: [
        {
          name: '护理补贴覆盖率',
          type: 'bar' as const,
          barMaxWidth: 24,
          data: data.rows.map((r) =>
            r.careCoverage === null ? null : Math.round(r.careCoverage * 1000) / 10,
          ),
        },
        {
          name: '生活补贴覆盖率',
          type: 'bar' as const,
          barMaxWidth: 24,
          data: data.rows.map((r) =>
            r.livingCoverage === null ? null : Math.round(r.livingCoverage * 1000) / 10,
          ),
        },
      ],
    };
  }, [data]);

  const columns: TableColumnsType<Row> = [
    {
      title: '区划',
      dataIndex: 'divisionName',
      fixed: 'left',
      render: (name: string, r) =>
        canPick(r.divisionCode) && r.divisionCode !== current.code ? (
          <Typography.Link onClick={() => pick(r.divisionCode)}>{name}</Typography.Link>
        ) : (
          name
        ),
    },
    { title: '护理补贴人数', align: 'right', render: (_: unknown, r) => formatCount(r.careRecipients) },
    { title: '护理补贴金额（元）', align: 'right', render: (_: unknown, r) => yuan(r.careFen) },
    { title: '护理补贴覆盖率', align: 'right', render: (_: unknown, r) => pct(r.careCoverage) },
    { title: '生活补贴人数', align: 'right', render: (_: unknown, r) => formatCount(r.livingRecipients) },
    { title: '生活补贴金额（元）', align: 'right', render: (_: unknown, r) => yuan(r.livingFen) },
    { title: '生活补贴覆盖率', align: 'right', render: (_: unknown, r) => pct(r.livingCoverage) },
    { title: '新增', align: 'right', render: (_: unknown, r) => formatCount(r.granted) },
    { title: '停发', align: 'right', render: (_: unknown, r) => formatCount(r.stopped) },
  ];
  const t = data?.totals;
  const card = (title: string, value: string, hint?: string) => (
    <Col xs={12} md={8} xl={4} key={title}>
      <Card size="small" loading={loading && !data}>
        <Statistic title={title} value={value} />
        {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
      </Card>
    </Col>
  );
  return (
    <>
      <PageHeader title="两项补贴统计" />
      <DisabilityNav />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size={24}>
          <DivisionBreadcrumb />
          <DatePicker.RangePicker
            picker="month"
            aria-label="统计月份"
            allowClear={false}
            value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
            onChange={(v) => {
              if (!v?.[0] || !v[1]) return;
              const next = new URLSearchParams(params);
              next.set('from', v[0].format('YYYY-MM'));
              next.set('to', v[1].format('YYYY-MM'));
              setParams(next, { replace: true });
            }}
          />
          <ExportButton href={outreachUrls.statisticsExport(query)} />
        </Space>
      </Card>
      <LoadError error={error} title="统计加载失败" onRetry={reload} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {card(
          '护理补贴人数',
          formatCount(t?.careRecipients),
          data?.recipientsMonth ? `${data.recipientsMonth} 名册` : '期间内无冻结名册',
        )}
        {card(
          '生活补贴人数',
          formatCount(t?.livingRecipients),
          data?.recipientsMonth ? `${data.recipientsMonth} 名册` : undefined,
        )}
        {card(
          '发放金额（元）',
          yuan(t ? t.careFen + t.livingFen : undefined),
          `护理 ${yuan(t?.careFen)} / 生活 ${yuan(t?.livingFen)}`,
        )}
        {card('护理补贴覆盖率', pct(t?.careCoverage), '已享受 ÷ 一、二级持证人（今日）')}
        {card('生活补贴覆盖率', pct(t?.livingCoverage), '已享受 ÷ 低保家庭持证人（今日）')}
        {card('新增 / 停发', `${formatCount(t?.granted)} / ${formatCount(t?.stopped)}`, '按生效月份')}
      </Row>
      {data && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title="享受人数和金额取自已冻结的月度发放名册（人数为期间最后一个有名册的月份，金额为期间合计）；新增、停发按补贴对象变动的生效月份统计（停发为不再发放的第一个月）；覆盖率按今天的登记信息计算。"
        />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={14}>
          <Card title="按月趋势" loading={loading && !data}>
            {trend && <EChart ariaLabel="两项补贴按月趋势图" option={trend} height={320} />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="各区划覆盖率" loading={loading && !data}>
            {byDivision && <EChart ariaLabel="各区划补贴覆盖率柱状图" option={byDivision} height={320} />}
          </Card>
        </Col>
      </Row>
      <Card title="按区划" style={{ marginBottom: 16 }}>
        <LedgerTable<Row>
          card={false}
          rowKey="divisionCode"
          size="small"
          columns={columns}
          dataSource={data?.rows ?? []}
          pageSize={false}
          loading={loading}
          scroll={{ x: 1200 }}
          empty={`${current.name}在此期间没有补贴对象和名册。可调整统计月份或切换区划。`}
          summary={() =>
            t && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {[
                  formatCount(t.careRecipients),
                  yuan(t.careFen),
                  pct(t.careCoverage),
                  formatCount(t.livingRecipients),
                  yuan(t.livingFen),
                  pct(t.livingCoverage),
                  formatCount(t.granted),
                  formatCount(t.stopped),
                ].map((v, i) => (
                  <Table.Summary.Cell key={i} index={i + 1} align="right">
                    {v}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )
          }
        />
      </Card>
      <Card title="停发原因">
        <Table
          size="small"
          rowKey="reason"
          pagination={false}
          dataSource={data?.stoppedByReason ?? []}
          locale={{ emptyText: '此期间没有停发。' }}
          columns={[
            { title: '原因', dataIndex: 'label' },
            { title: '人次', dataIndex: 'count', align: 'right' },
          ]}
        />
      </Card>
    </>
  );
}
