import { Card, DatePicker, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { EChart, type ChartOption } from '../../app/charts/echarts-chart';
import { useDivision } from '../../app/division-context';
import { beijingToday, formatCount } from '../../app/format';
import { DivisionBreadcrumb } from '../../app/layout/division-breadcrumb';
import { ExportButton, LedgerTable, LoadError, dateRangeFilter, useListQuery } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { marriageApi, marriageUrls, type MarriageStatisticsDto } from './marriage.api';
import { MarriageNav } from './marriage-nav';

type Row = MarriageStatisticsDto['rows'][number];

const filters = { period: dateRangeFilter() };

/** 婚姻登记统计 (R-MAR-18): categories × child divisions for a period; click a bar to drill down. */
export function MarriageStatisticsPage() {
  const { current, pick, canPick } = useDivision();
  // The period is kept in the URL (a shared link shows the same figures); this year so far by default.
  const period = useListQuery({ filters });
  const query = {
    division: current.code,
    from: period.query.from ?? `${beijingToday().slice(0, 4)}-01-01`,
    to: period.query.to ?? beijingToday(),
  };
  const { data, error, loading, reload } = useApi(
    (signal) => marriageApi.statistics(query, signal),
    [query.division, query.from, query.to],
  );

  const option = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const shown = [0, 1, 2, 3, 4, 7, 8];
    return {
      animationDuration: 400,
      color: ['#e8684a', '#f6bd16', '#9270ca', '#ff9d4d', '#5b8ff9', '#5ad8a6', '#6dc8ec'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: data.rows.map((r) => r.divisionName),
        axisLabel: { interval: 0, rotate: data.rows.length > 8 ? 35 : 0 },
      },
      yAxis: { type: 'value', name: '件数' },
      series: shown.map((i) => ({
        name: data.categories[i]?.label ?? '',
        type: 'bar' as const,
        stack: i < 4 ? 'marriage' : i < 7 ? 'divorce' : 'reissue',
        barMaxWidth: 36,
        data: data.rows.map((r) => r.counts[i] ?? 0),
        cursor: 'pointer',
      })),
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
    ...(data?.categories ?? []).map((c, i) => ({
      title: c.label,
      align: 'right' as const,
      render: (_: unknown, r: Row) => formatCount(r.counts[i] ?? 0),
    })),
    { title: '合计', dataIndex: 'total', align: 'right', render: (v: number) => formatCount(v) },
  ];

  return (
    <>
      <PageHeader
        title="婚姻登记统计"
        subTitle={data ? `${data.division.name} · ${data.from} 至 ${data.to}` : undefined}
        extra={<ExportButton href={marriageUrls.exportStatistics(query)} />}
      />
      <MarriageNav />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size={24}>
          <DivisionBreadcrumb />
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(query.from), dayjs(query.to)]}
            onChange={(v) => {
              if (v?.[0] && v[1]) period.setFilters({ period: [v[0], v[1]] });
            }}
          />
        </Space>
      </Card>
      <LoadError error={error} title="婚姻登记统计加载失败" onRetry={reload} />
      <Card
        title="结婚、离婚、补发证件（按下级区划）"
        loading={loading && !data}
        style={{ marginBottom: 16 }}
      >
        {option && data && (
          <EChart
            ariaLabel="婚姻登记统计图"
            option={option}
            height={380}
            onClick={(e) => {
              const row = data.rows[e.dataIndex];
              if (row && canPick(row.divisionCode) && row.divisionCode !== current.code)
                pick(row.divisionCode);
            }}
          />
        )}
      </Card>
      <Card title="统计表">
        <LedgerTable<Row>
          card={false}
          rowKey="divisionCode"
          size="small"
          columns={columns}
          dataSource={data?.rows ?? []}
          pageSize={false}
          loading={loading}
          empty={`${current.name}下没有可统计的下级区划或登记机关。可切换到其他行政区划，或调整统计期间。`}
          summary={() =>
            data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {data.totals.map((n, i) => (
                  <Table.Summary.Cell key={i} index={i + 1} align="right">
                    {formatCount(n)}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={data.totals.length + 1} align="right">
                  {formatCount(data.totals.reduce((a, b) => a + b, 0))}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
        />
      </Card>
    </>
  );
}
