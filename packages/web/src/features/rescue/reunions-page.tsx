/**
 * 团聚: the reunions ledger (filters: channel, status, station, period; sort, paging, Excel) with the
 * statistics of the same station and period on the page — reunions by channel (DNA, face, notice, data
 * comparison, other) and the time to reunion (entry → handover: median and distribution) by period
 * (ECharts, Excel).
 */
import { REUNION_CHANNEL_LABELS, REUNION_STATUS_LABELS } from '@social-affairs/kernel/contracts/rescue';
import { Button, Card, Col, Empty, Row, Segmented, Select, Space, Statistic, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { EChart, type ChartOption } from '../../app/charts/echarts-chart';
import { beijingToday, formatDate } from '../../app/format';
import { ListPage, choiceFilter, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { familyApi, familyUrls, reunionStatusColors, type ReunionView } from './family.api';
import { caseDisplayName } from './rescue-format';
import { RescueNav } from './rescue-nav';
import { useStationOptions } from './warnings.api';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名或案件编号', width: 200 }),
  channel: choiceFilter(REUNION_CHANNEL_LABELS, { label: '渠道', width: 130 }),
  status: choiceFilter(REUNION_STATUS_LABELS, { label: '状态', width: 170 }),
  stationId: textFilter({ label: '救助管理站', width: 220 }),
  period: dateRangeFilter({ label: '期间' }),
};

type Period = 'month' | 'quarter' | 'year';
const PERIODS: Record<Period, string> = { month: '按月', quarter: '按季度', year: '按年' };

function ReunionStatistics({ stationId, from, to }: { stationId?: string; from?: string; to?: string }) {
  const [period, setPeriod] = useState<Period>('month');
  const today = beijingToday();
  const query = {
    period,
    from: from ?? `${today.slice(0, 4)}-01-01`,
    to: to ?? today,
    ...(stationId ? { stationId } : {}),
  };
  const { data } = useApi(
    (signal) => familyApi.statistics(query, signal),
    [query.period, query.from, query.to, query.stationId],
  );
  const byChannel = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    return {
      animationDuration: 400,
      color: ['#5b8ff9', '#5ad8a6', '#f6bd16', '#e8684a', '#9270ca'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.byPeriod.map((p) => p.period) },
      yAxis: { type: 'value', minInterval: 1 },
      series: data.byChannel.map((c) => ({
        name: c.label,
        type: 'bar' as const,
        stack: 'total',
        barMaxWidth: 28,
        data: data.byPeriod.map((p) => p.byChannel[c.channel] ?? 0),
      })),
    };
  }, [data]);
  const distribution = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.distribution.map((d) => d.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: '入站到交接天数',
          type: 'bar' as const,
          barMaxWidth: 36,
          data: data.distribution.map((d) => d.count),
        },
      ],
    };
  }, [data]);
  return (
    <Card
      size="small"
      title={`团聚统计（按交接日期：${formatDate(query.from)} 至 ${formatDate(query.to)}）`}
      style={{ marginBottom: 16 }}
      extra={
        <Space>
          <Segmented<Period>
            size="small"
            value={period}
            onChange={setPeriod}
            options={(Object.keys(PERIODS) as Period[]).map((p) => ({ value: p, label: PERIODS[p] }))}
          />
          <Button size="small" href={familyUrls.statisticsExport(query)}>
            导出统计 Excel
          </Button>
        </Space>
      }
    >
      {data && data.total === 0 ? (
        <Empty description="所选期间还没有完成交接的团聚" />
      ) : (
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Space direction="vertical" size={12}>
              <Statistic title="团聚人数（已交接）" value={data?.total ?? 0} />
              <Statistic
                title="入站到交接天数（中位数）"
                value={data?.medianDays ?? '—'}
                suffix={data?.medianDays !== null && data?.medianDays !== undefined ? '天' : undefined}
              />
              <div>
                {data?.byChannel.map((c) => (
                  <Tag key={c.channel} style={{ marginBottom: 4 }}>
                    {c.label} {c.count}
                  </Tag>
                ))}
              </div>
            </Space>
          </Col>
          <Col xs={24} md={10}>
            {byChannel && <EChart ariaLabel="按渠道的团聚数趋势图" option={byChannel} height={260} />}
          </Col>
          <Col xs={24} md={8}>
            {distribution && <EChart ariaLabel="入站到交接天数分布图" option={distribution} height={260} />}
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** /rescue/reunions 团聚. */
export function RescueReunionsPage() {
  const list = useListPage({
    filters,
    sortKeys: ['startedAt', 'handedOverOn', 'caseNo', 'stationName'],
    load: (query, signal) => familyApi.reunions(query, signal),
  });
  const stations = useStationOptions();
  const columns: TableColumnsType<ReunionView> = [
    {
      title: '发起时间',
      key: 'startedAt',
      sorter: true,
      render: (_, r) => formatDate(r.startedAt.slice(0, 10)),
    },
    {
      title: '案件编号',
      key: 'caseNo',
      sorter: true,
      render: (_, r) => <Link to={`/rescue/cases/${r.caseId}?tab=family`}>{r.caseNo}</Link>,
    },
    { title: '姓名', render: (_, r) => caseDisplayName(r.personName, r.caseNo) },
    { title: '渠道', render: (_, r) => r.channelLabel },
    {
      title: '状态',
      render: (_, r) => <Tag color={reunionStatusColors[r.status]}>{r.statusLabel}</Tag>,
    },
    { title: '下一步', render: (_, r) => <div style={{ maxWidth: 180 }}>{r.nextStep ?? '—'}</div> },
    {
      title: '亲属',
      render: (_, r) => (r.kinName ? `${r.kinRelation ?? ''} ${r.kinName}` : (r.familyName ?? '—')),
    },
    {
      title: '交接日期',
      key: 'handedOverOn',
      sorter: true,
      render: (_, r) => (r.handedOverOn ? formatDate(r.handedOverOn) : '—'),
    },
    {
      title: '入站到交接',
      align: 'right',
      render: (_, r) => (r.daysToReunion === null ? '—' : `${r.daysToReunion}天`),
    },
    {
      title: '救助管理站',
      key: 'stationName',
      sorter: true,
      render: (_, r) => <div style={{ maxWidth: 110 }}>{r.stationName}</div>,
    },
  ];
  const q = list.query as { stationId?: string; from?: string; to?: string };
  return (
    <ListPage
      list={list}
      title="团聚"
      unit="条"
      exportHref={familyUrls.reunionsExport(list.exportQuery)}
      nav={<RescueNav />}
      above={<ReunionStatistics stationId={q.stationId} from={q.from} to={q.to} />}
      filterName="rescue-reunions-filters"
      controls={{
        stationId: (
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 220 }}
            options={stations.map((st) => ({ value: st.id, label: st.name }))}
          />
        ),
      }}
      errorTitle="团聚台账加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的团聚记录。'
          : '还没有团聚记录。在“寻亲”中打开案件，于“寻亲与团聚”页签发起团聚；寻亲候选经确认后也会自动发起。'
      }
    />
  );
}
