import { Card, Col, DatePicker, Row, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { EChart, type ChartOption } from '../../app/charts/echarts-chart';
import { useDivision } from '../../app/division-context';
import { beijingToday, formatCount } from '../../app/format';
import { DivisionBreadcrumb } from '../../app/layout/division-breadcrumb';
import {
  ExportButton,
  LedgerTable,
  LoadError,
  choiceFilter,
  dateRangeFilter,
  textFilter,
  useListQuery,
} from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { RescueNav } from './rescue-nav';
import { useStationOptions, warningsApi, warningsUrls, type RescueStatisticsDto } from './warnings.api';

type Row = RescueStatisticsDto['rows'][number];
type Period = RescueStatisticsDto['period'];

const PERIODS: Record<Period, string> = { month: '按月', quarter: '按季度', year: '按年' };
const filters = {
  range: dateRangeFilter(),
  period: choiceFilter(PERIODS),
  stationId: textFilter(),
};

/** The first day of the month five months before this one: six months by default. */
function sixMonthsAgo(today: string): string {
  return dayjs(today).startOf('month').subtract(5, 'month').format('YYYY-MM-DD');
}

const FIGURES = [
  { key: 'personVisits', label: '救助人次' },
  { key: 'distinctPersons', label: '救助人数' },
  { key: 'departures', label: '离站' },
  { key: 'settlements', label: '落户安置' },
  { key: 'placements', label: '站外托养' },
] as const;

/**
 * 救助统计: person-visits, distinct people, long stays, departures by kind, settlements and outside
 * placements — by month, quarter or year and by child division (the shell's division picker; click a
 * division to drill down), for one station or all; Excel export of period × division.
 */
export function RescueStatisticsPage() {
  const { current, pick, canPick } = useDivision();
  const q = useListQuery({ filters });
  const today = beijingToday();
  const query = {
    division: current.code,
    period: q.query.period ?? 'month',
    from: q.query.from ?? sixMonthsAgo(today),
    to: q.query.to ?? today,
    ...(q.query.stationId ? { stationId: q.query.stationId } : {}),
  };
  const stations = useStationOptions(current.code);
  const { data, error, loading, reload } = useApi(
    (signal) => warningsApi.statistics(query, signal),
    [query.division, query.period, query.from, query.to, query.stationId],
  );
  const set = (patch: Partial<typeof q.formValues>) => q.setFilters({ ...q.formValues, ...patch });

  const trend = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    return {
      animationDuration: 400,
      color: ['#5b8ff9', '#5ad8a6', '#f6bd16', '#e8684a', '#9270ca'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.buckets.map((b) => b.label) },
      yAxis: { type: 'value', name: '人次/件' },
      series: FIGURES.map((f, i) => ({
        name: f.label,
        type: i < 2 ? ('bar' as const) : ('line' as const),
        barMaxWidth: 28,
        data: data.buckets.map((b) => b[f.key]),
      })),
    };
  }, [data]);

  const byKind = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          name: '离站方式',
          type: 'pie' as const,
          radius: ['40%', '68%'],
          top: -20,
          data: data.departuresByKind
            .filter((k) => k.count > 0)
            .map((k) => ({ name: k.label, value: k.count })),
        },
      ],
    };
  }, [data]);

  const columns: TableColumnsType<Row> = [
    {
      title: '区划',
      dataIndex: 'divisionName',
      render: (name: string, r) =>
        canPick(r.divisionCode) && r.divisionCode !== current.code ? (
          <Typography.Link onClick={() => pick(r.divisionCode)}>{name}</Typography.Link>
        ) : (
          name
        ),
    },
    ...FIGURES.map((f) => ({
      title: f.label,
      align: 'right' as const,
      render: (_: unknown, r: Row) => formatCount(r[f.key]),
    })),
  ];

  const ls = data?.longStay;
  return (
    <>
      <PageHeader
        title="救助统计"
        subTitle={data ? `${data.division.name} · ${data.from} 至 ${data.to}` : undefined}
        extra={<ExportButton href={warningsUrls.statisticsExport(query)} />}
      />
      <RescueNav />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size={24}>
          <DivisionBreadcrumb />
          <Segmented<Period>
            aria-label="统计周期"
            value={query.period}
            options={(Object.keys(PERIODS) as Period[]).map((p) => ({ value: p, label: PERIODS[p] }))}
            onChange={(p) => set({ period: p })}
          />
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(query.from), dayjs(query.to)]}
            onChange={(v) => {
              if (v?.[0] && v[1]) set({ range: [v[0], v[1]] });
            }}
          />
          <Select
            aria-label="救助站"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部救助站"
            style={{ width: 240 }}
            value={query.stationId}
            options={stations.map((s) => ({ value: s.id, label: s.name }))}
            onChange={(v: string | undefined) => set({ stationId: v })}
          />
        </Space>
      </Card>
      <LoadError error={error} title="救助统计加载失败" onRetry={reload} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic title="救助人次" value={data?.totals.personVisits ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic title="救助人数" value={data?.totals.distinctPersons ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic title={`在站（${data?.longStayOn ?? ''}）`} value={ls?.open ?? 0} suffix="人" />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic title="其中滞留" value={ls?.stranded ?? 0} valueStyle={{ color: '#d46b08' }} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic title="其中长期滞留" value={ls?.longTerm ?? 0} valueStyle={{ color: '#cf1322' }} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic title="未成年人 / 女性" value={`${ls?.minors ?? 0} / ${ls?.women ?? 0}`} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={16}>
          <Card title={`救助人次与离站、安置、托养（${PERIODS[query.period]}）`} loading={loading && !data}>
            {trend && <EChart ariaLabel="救助统计趋势图" option={trend} height={340} />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title="离站方式" loading={loading && !data}>
            {byKind &&
              (data && data.departuresByKind.some((k) => k.count > 0) ? (
                <EChart ariaLabel="离站方式构成图" option={byKind} height={340} />
              ) : (
                <Typography.Text type="secondary">本期间没有离站记录。</Typography.Text>
              ))}
          </Card>
        </Col>
      </Row>
      <Card title="按区划">
        <LedgerTable<Row>
          card={false}
          rowKey="divisionCode"
          size="small"
          columns={columns}
          dataSource={data?.rows ?? []}
          pageSize={false}
          loading={loading}
          empty={`${current.name}下没有可统计的下级区划。可切换到其他行政区划，或调整统计期间。`}
          summary={() =>
            data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {FIGURES.map((f, i) => (
                  <Table.Summary.Cell key={f.key} index={i + 1} align="right">
                    {formatCount(data.totals[f.key])}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )
          }
        />
      </Card>
    </>
  );
}
