import { Button, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import type { PeopleByDivisionReport, PeopleByDivisionRow } from '../../api/types';
import { EChart, type ChartOption } from '../charts/echarts-chart';
import { formatCount, percent } from '../format';
import { totalsOf } from './api';

export const peopleByDivisionTitle = '人员分布（按行政区划与年龄段）';

interface DrillProps {
  /** Whether a row's division can be opened (it is in the user's scope tree). */
  canDrill: (divisionCode: string) => boolean;
  onDrill: (divisionCode: string) => void;
}

/** Stacked bars: one bar per child division, one stack segment per age band. Click a bar to drill. */
export function PeopleByDivisionChart({
  report,
  canDrill,
  onDrill,
}: { report: PeopleByDivisionReport } & DrillProps) {
  const option = useMemo<ChartOption>(() => {
    const names = report.rows.map((row) => row.divisionName);
    const longest = Math.max(0, ...names.map((name) => name.length));
    const crowded = names.length > 8 && longest > 3;
    return {
      // Short, so a drill-down reads as one step rather than a slow re-grow.
      animationDuration: 400,
      animationDurationUpdate: 300,
      color: ['#5b8ff9', '#5ad8a6', '#f6bd16', '#e8684a', '#6dc8ec', '#9270ca'],
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value) => (typeof value === 'number' ? formatCount(value) : String(value)),
      },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: names,
        axisLabel: { interval: 0, rotate: crowded ? 35 : 0 },
      },
      yAxis: {
        type: 'value',
        name: '人数',
        axisLabel: { formatter: (value: number) => formatCount(value) },
      },
      series: report.bands.map((band, i) => ({
        name: band,
        type: 'bar',
        stack: 'people',
        barMaxWidth: 48,
        emphasis: { focus: 'series' },
        data: report.rows.map((row) => row.counts[i] ?? 0),
        cursor: 'pointer',
      })),
    };
  }, [report]);

  return (
    <EChart
      ariaLabel={peopleByDivisionTitle}
      option={option}
      height={380}
      onClick={(event) => {
        const row = report.rows[event.dataIndex];
        if (row && canDrill(row.divisionCode)) onDrill(row.divisionCode);
      }}
    />
  );
}

interface TableProps extends DrillProps {
  report: PeopleByDivisionReport;
  /** Adds each band's share of the row total, and the death share (统计报表). */
  withShares?: boolean;
}

/** The chart's numbers as a table, with a 合计 row. */
export function PeopleByDivisionTable({ report, canDrill, onDrill, withShares = false }: TableProps) {
  const totals = useMemo(() => totalsOf(report), [report]);
  const columns: TableColumnsType<PeopleByDivisionRow> = [
    {
      title: '行政区划',
      dataIndex: 'divisionName',
      fixed: 'left',
      render: (name: string, row) =>
        canDrill(row.divisionCode) ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onDrill(row.divisionCode)}>
            {name}
          </Button>
        ) : (
          name
        ),
    },
    ...report.bands.map((band, i) => ({
      title: band,
      key: `band-${i}`,
      align: 'right' as const,
      render: (_: unknown, row: PeopleByDivisionRow) => (
        <>
          {formatCount(row.counts[i] ?? 0)}
          {withShares && (
            <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
              {percent(row.counts[i] ?? 0, row.alive)}
            </Typography.Text>
          )}
        </>
      ),
      sorter: (a: PeopleByDivisionRow, b: PeopleByDivisionRow) => (a.counts[i] ?? 0) - (b.counts[i] ?? 0),
    })),
    {
      // Age groups count the living only; the deceased are shown apart.
      title: '在世合计',
      dataIndex: 'alive',
      align: 'right',
      render: (value: number) => <strong>{formatCount(value)}</strong>,
      sorter: (a, b) => a.alive - b.alive,
    },
    {
      title: '已故',
      dataIndex: 'deceased',
      align: 'right',
      render: (value: number, row) => (
        <>
          {formatCount(value)}
          {withShares && (
            <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
              {percent(value, row.total)}
            </Typography.Text>
          )}
        </>
      ),
      sorter: (a, b) => a.deceased - b.deceased,
    },
  ];

  return (
    <Table<PeopleByDivisionRow>
      data-testid="people-by-division-table"
      rowKey="divisionCode"
      size="small"
      columns={columns}
      dataSource={report.rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{
        emptyText: `${report.division.name}下暂无人员数据。可在“人员信息”中登记人员，或切换到其他行政区划查看。`,
      }}
      summary={() =>
        report.rows.length > 0 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <strong>合计</strong>
            </Table.Summary.Cell>
            {totals.byBand.map((count, i) => (
              <Table.Summary.Cell key={i} index={i + 1} align="right">
                {formatCount(count)}
                {withShares && (
                  <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
                    {percent(count, totals.alive)}
                  </Typography.Text>
                )}
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={report.bands.length + 1} align="right">
              <strong>{formatCount(totals.alive)}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={report.bands.length + 2} align="right">
              {formatCount(totals.deceased)}
              {withShares && (
                <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
                  {percent(totals.deceased, totals.total)}
                </Typography.Text>
              )}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}
