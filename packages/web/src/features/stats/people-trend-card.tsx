import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Skeleton, Table } from 'antd';
import { useMemo, useState } from 'react';
import type { PeopleTrendReport } from '../../api/types';
import { api, apiUrl } from '../../app/api-client';
import { EChart, type ChartOption } from '../../app/charts/echarts-chart';
import { formatCount } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { useApi } from '../../app/use-api';

type Months = 12 | 36;

/** 月度趋势: people added to the index and deaths per month (Beijing calendar months), 12 or 36 months. */
export function PeopleTrendCard({ divisionCode }: { divisionCode: string }) {
  const [months, setMonths] = useState<Months>(12);
  const { data, error, loading, reload } = useApi(
    (signal) =>
      api.get<PeopleTrendReport>('/api/stats/people-trend', { division: divisionCode, months }, signal),
    [divisionCode, months],
  );
  const option = useMemo<ChartOption | undefined>(
    () =>
      data && {
        animationDuration: 300,
        color: ['#5b8ff9', '#e8684a'],
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 48, right: 24, top: 36, bottom: 32 },
        xAxis: { type: 'category', data: data.months.map((m) => m.month) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: '新增入库', type: 'line', data: data.months.map((m) => m.added) },
          { name: '死亡', type: 'line', data: data.months.map((m) => m.deaths) },
        ],
      },
    [data],
  );
  const totals = data?.months.reduce((t, m) => ({ added: t.added + m.added, deaths: t.deaths + m.deaths }), {
    added: 0,
    deaths: 0,
  });
  return (
    <Card
      style={{ marginTop: 16 }}
      title="人员月度趋势（按北京时间自然月）"
      extra={
        <Flex gap={8}>
          <Segmented<Months>
            aria-label="统计月数"
            value={months}
            onChange={setMonths}
            options={[
              { label: '近 12 个月', value: 12 },
              { label: '近 36 个月', value: 36 },
            ]}
          />
          <Button
            icon={<DownloadOutlined />}
            href={apiUrl('/api/stats/people-trend/export', { division: divisionCode, months })}
          >
            导出 Excel
          </Button>
        </Flex>
      }
    >
      <LoadError error={error} title="趋势数据加载失败" onRetry={reload} />
      {data && option ? (
        <Flex vertical gap={12}>
          <EChart option={option} height={280} ariaLabel="人员月度趋势折线图：新增入库与死亡人数" />
          <Table
            data-testid="people-trend-table"
            size="small"
            rowKey="month"
            pagination={false}
            scroll={{ y: 240 }}
            dataSource={[...data.months].reverse()}
            columns={[
              { title: '月份', dataIndex: 'month' },
              {
                title: '新增入库',
                dataIndex: 'added',
                align: 'right',
                render: (v: number) => formatCount(v),
              },
              { title: '死亡', dataIndex: 'deaths', align: 'right', render: (v: number) => formatCount(v) },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>合计</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {formatCount(totals?.added)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {formatCount(totals?.deaths)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Flex>
      ) : (
        <Skeleton active loading={loading} paragraph={{ rows: 6 }} />
      )}
    </Card>
  );
}
