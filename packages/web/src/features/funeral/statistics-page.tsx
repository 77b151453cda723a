import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
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
import { FuneralNav } from './funeral-nav';
import {
  funeralStatisticsApi,
  funeralStatisticsUrls,
  type FuneralExchangeDictionaryDto,
  type FuneralStatisticsDto,
} from './statistics.api';

type Row = FuneralStatisticsDto['rows'][number];
type Figures = FuneralStatisticsDto['totals'];
type Period = FuneralStatisticsDto['period'];
type FieldRow = FuneralExchangeDictionaryDto['fields'][number];

const PERIODS: Record<Period, string> = { month: '按月', quarter: '按季度', year: '按年' };

/** Count columns of the division table (the rate has its own column). */
const COUNTS: { key: keyof Figures; label: string }[] = [
  { key: 'deaths', label: '死亡人数' },
  { key: 'deathsCremated', label: '其中已火化' },
  { key: 'bodiesReceived', label: '接收遗体' },
  { key: 'cremations', label: '火化' },
  { key: 'burials', label: '安葬' },
  { key: 'bodyBurials', label: '遗体土葬' },
  { key: 'transportedOut', label: '外运' },
  { key: 'unidentified', label: '无名遗体' },
  { key: 'ecoBurials', label: '生态安葬' },
  { key: 'qingmingBookings', label: '清明预约' },
  { key: 'remediationFound', label: '整治发现' },
  { key: 'remediationClosed', label: '整治销号' },
];

/** A rate as a percentage with one decimal, rounded the same way in the cards, the chart and the table. */
const ratePercent = (r: number) => Math.round(r * 1000) / 10;
const pct = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${ratePercent(r).toFixed(1)}%`;
const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatCount(v));

/** Quick periods: this month, this quarter, this year, last year. */
function presets(today: string): { label: string; from: string; to: string }[] {
  const d = dayjs(today);
  const q = Math.floor(d.month() / 3) * 3;
  return [
    { label: '本月', from: d.startOf('month').format('YYYY-MM-DD'), to: today },
    { label: '本季度', from: d.month(q).startOf('month').format('YYYY-MM-DD'), to: today },
    { label: '本年', from: d.startOf('year').format('YYYY-MM-DD'), to: today },
    {
      label: '上年',
      from: d.subtract(1, 'year').startOf('year').format('YYYY-MM-DD'),
      to: d.subtract(1, 'year').endOf('year').format('YYYY-MM-DD'),
    },
  ];
}

/**
 * 统计与交换: the funeral figures by period and division (cards, cremation rate by division, trend, table
 * with Excel export; click a division to drill down) and the data exchange (row counts, Excel or JSON
 * Lines download, the field dictionary mapped to MZ/T 141-2019).
 */
export function FuneralStatisticsPage() {
  const [params, setParams] = useSearchParams();
  const today = beijingToday();
  const tab = params.get('tab') === 'exchange' ? 'exchange' : 'figures';
  const period = (params.get('period') as Period | null) ?? 'month';
  const from = params.get('from') ?? `${today.slice(0, 4)}-01-01`;
  const to = params.get('to') ?? today;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageHeader title="殡葬统计与数据交换" />
      <FuneralNav />
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k === 'figures' ? undefined : k })}
        items={[
          {
            key: 'figures',
            label: '统计',
            children: <Figures period={period} from={from} to={to} today={today} set={set} />,
          },
          { key: 'exchange', label: '数据交换', children: <Exchange today={today} /> },
        ]}
      />
    </>
  );
}

function Figures({
  period,
  from,
  to,
  today,
  set,
}: {
  period: Period;
  from: string;
  to: string;
  today: string;
  set: (patch: Record<string, string | undefined>) => void;
}) {
  const { current, pick, canPick } = useDivision();
  const query = { division: current.code, period, from, to };
  const { data, error, loading, reload } = useApi(
    (signal) => funeralStatisticsApi.statistics(query, signal),
    [query.division, query.period, query.from, query.to],
  );

  const byDivision = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const rows = data.rows.filter((r) => r.deaths > 0 || r.cremations > 0);
    return {
      animationDuration: 400,
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.divisionName),
        axisLabel: { interval: 0, rotate: 30 },
      },
      yAxis: { type: 'value', name: '火化率 %', max: 100 },
      series: [
        {
          name: '火化率',
          type: 'bar' as const,
          barMaxWidth: 32,
          color: '#5b8ff9',
          label: { show: true, position: 'top', formatter: '{c}%' },
          data: rows.map((r) => (r.cremationRate === null ? null : ratePercent(r.cremationRate))),
        },
      ],
    };
  }, [data]);

  const trend = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    return {
      animationDuration: 400,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.buckets.map((b) => b.label) },
      yAxis: [
        { type: 'value', name: '人/具' },
        { type: 'value', name: '火化率 %', max: 100, splitLine: { show: false } },
      ],
      series: [
        { name: '死亡人数', type: 'line' as const, data: data.buckets.map((b) => b.deaths) },
        { name: '火化', type: 'line' as const, data: data.buckets.map((b) => b.cremations) },
        { name: '安葬', type: 'line' as const, data: data.buckets.map((b) => b.burials) },
        {
          name: '火化率',
          type: 'line' as const,
          yAxisIndex: 1,
          lineStyle: { type: 'dashed' },
          data: data.buckets.map((b) => (b.cremationRate === null ? null : ratePercent(b.cremationRate))),
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
    { title: '火化率', align: 'right', render: (_: unknown, r: Row) => pct(r.cremationRate) },
    ...COUNTS.map((f) => ({
      title: f.label,
      align: 'right' as const,
      render: (_: unknown, r: Row) => num(r[f.key]),
    })),
  ];

  const t = data?.totals;
  const card = (title: string, value: string, extra?: { color?: string; hint?: string }) => (
    <Col xs={12} md={8} xl={4} key={title}>
      <Card size="small" loading={loading && !data}>
        <Statistic
          title={title}
          value={value}
          {...(extra?.color ? { valueStyle: { color: extra.color } } : {})}
        />
        {extra?.hint && <Typography.Text type="secondary">{extra.hint}</Typography.Text>}
      </Card>
    </Col>
  );
  const recent = to >= dayjs(today).subtract(7, 'day').format('YYYY-MM-DD');
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size={24}>
          <DivisionBreadcrumb />
          <Segmented<Period>
            aria-label="分组期间"
            value={period}
            options={(Object.keys(PERIODS) as Period[]).map((p) => ({ value: p, label: PERIODS[p] }))}
            onChange={(p) => set({ period: p })}
          />
          <Space.Compact>
            {presets(today).map((p) => (
              <Button
                key={p.label}
                type={p.from === from && p.to === to ? 'primary' : 'default'}
                onClick={() => set({ from: p.from, to: p.to })}
              >
                {p.label}
              </Button>
            ))}
          </Space.Compact>
          <DatePicker.RangePicker
            aria-label="统计期间"
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(v) => {
              if (v?.[0] && v[1]) set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') });
            }}
          />
          <ExportButton href={funeralStatisticsUrls.statisticsExport(query)} />
        </Space>
      </Card>
      <LoadError error={error} title="殡葬统计加载失败" onRetry={reload} />
      {data?.institutionOnly && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title="您的账号属于殡葬服务机构：此处只统计本机构办理的遗体；死亡人数和火化率由县级以上民政部门查看。"
        />
      )}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {card('死亡人数', num(t?.deaths), { hint: '人口库登记的死亡（按死亡地）' })}
        {card('火化率', pct(t?.cremationRate), {
          color: '#1677ff',
          hint: `已火化 ${num(t?.deathsCremated)} ÷ 死亡 ${num(t?.deaths)}`,
        })}
        {card('火化（具）', num(t?.cremations), { hint: '按火化日期、火化机构所在地' })}
        {card('接收遗体', num(t?.bodiesReceived), { hint: `其中无名遗体 ${num(t?.unidentified)}` })}
        {card('安葬 / 遗体土葬', `${num(t?.burials)} / ${num(t?.bodyBurials)}`, {
          ...(t?.bodyBurials ? { color: '#d46b08' } : {}),
          hint: `遗体外运 ${num(t?.transportedOut)}`,
        })}
        {card('生态安葬', num(t?.ecoBurials))}
        {card('清明预约 / 入园', `${num(t?.qingmingBookings)} / ${num(t?.qingmingCheckIns)}`)}
        {card('整治 发现 / 销号', `${num(t?.remediationFound)} / ${num(t?.remediationClosed)}`)}
        {card(`整治逾期未销号（${data?.asOf ?? ''}）`, num(t?.remediationOverdue), {
          ...(t?.remediationOverdue ? { color: '#cf1322' } : {}),
          hint: '请督促整改并销号',
        })}
      </Row>
      {data && (
        <Alert
          style={{ marginBottom: 16 }}
          type={recent ? 'warning' : 'info'}
          showIcon
          title={
            <>
              火化率 = 本期在本区划死亡的人中已火化的人数 ÷
              本期在本区划死亡的人数（死亡地按遗体档案的死亡地，无档案的按人口库所属区划；没有遗体档案的死亡也计入分母）。
              {recent && '统计期间含最近 7 天：近期死亡者可能尚未火化，火化率会随后上升。'}
              {data.unavailable.length > 0 &&
                ' 显示“—”的指标所需的业务数据（生态安葬、清明预约、整治台账）尚未接入本系统。'}
            </>
          }
        />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={12}>
          <Card title="各区划火化率" loading={loading && !data}>
            {byDivision &&
              (data && data.rows.some((r) => r.deaths > 0) ? (
                <EChart ariaLabel="各区划火化率柱状图" option={byDivision} height={320} />
              ) : (
                <Typography.Text type="secondary">本期间没有登记的死亡，无法计算火化率。</Typography.Text>
              ))}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={`趋势（${PERIODS[period]}）`} loading={loading && !data}>
            {trend && <EChart ariaLabel="殡葬统计趋势图" option={trend} height={320} />}
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
          scroll={{ x: 1400 }}
          empty={`${current.name}下没有可统计的下级区划。可切换到其他行政区划，或调整统计期间。`}
          summary={() =>
            data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {pct(data.totals.cremationRate)}
                </Table.Summary.Cell>
                {COUNTS.map((f, i) => (
                  <Table.Summary.Cell key={f.key} index={i + 2} align="right">
                    {num(data.totals[f.key])}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )
          }
        />
      </Card>
      {data && data.waivedByReason.length > 0 && (
        <Card title="基本殡葬服务减免（按原因）" style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey="reason"
            pagination={false}
            dataSource={data.waivedByReason}
            columns={[
              { title: '原因', dataIndex: 'label' },
              { title: '项次', dataIndex: 'lines', align: 'right' },
              {
                title: '减免金额（元）',
                align: 'right',
                render: (_: unknown, r) => (r.amountFen / 100).toFixed(2),
              },
            ]}
          />
        </Card>
      )}
    </>
  );
}

function Exchange({ today }: { today: string }) {
  const { current } = useDivision();
  const [params, setParams] = useSearchParams();
  const from = params.get('xfrom') ?? `${today.slice(0, 7)}-01`;
  const to = params.get('xto') ?? today;
  const query = { division: current.code, from, to };
  const preview = useApi(
    (signal) => funeralStatisticsApi.preview(query, signal),
    [query.division, query.from, query.to],
  );
  const dictionary = useApi((signal) => funeralStatisticsApi.dictionary(signal), []);
  const fieldColumns: TableColumnsType<FieldRow> = [
    {
      title: '字段',
      dataIndex: 'field',
      width: 160,
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { title: '中文名', dataIndex: 'label', width: 140 },
    { title: '类型', dataIndex: 'type', width: 90 },
    { title: '含义', dataIndex: 'meaning' },
    { title: '来源表.列', dataIndex: 'source', width: 260 },
    {
      title: '个人信息',
      dataIndex: 'personal',
      width: 90,
      render: (v: boolean) => (v ? <Tag color="orange">按权限脱敏</Tag> : null),
    },
  ];
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size={24}>
          <DivisionBreadcrumb />
          <DatePicker.RangePicker
            aria-label="导出期间"
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(v) => {
              if (!v?.[0] || !v[1]) return;
              const next = new URLSearchParams(params);
              next.set('xfrom', v[0].format('YYYY-MM-DD'));
              next.set('xto', v[1].format('YYYY-MM-DD'));
              setParams(next, { replace: true });
            }}
          />
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            href={funeralStatisticsUrls.exchangeExport({ ...query, format: 'xlsx' })}
          >
            导出 Excel（每类一张表）
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={funeralStatisticsUrls.exchangeExport({ ...query, format: 'jsonl' })}
          >
            导出 JSON Lines
          </Button>
        </Space>
      </Card>
      <LoadError error={preview.error} title="导出预览加载失败" onRetry={preview.reload} />
      {preview.data && (
        <Alert
          style={{ marginBottom: 16 }}
          type={preview.data.masked ? 'info' : 'warning'}
          showIcon
          title={
            preview.data.masked
              ? '导出文件中的公民身份号码、联系电话和含身份号码的证明编号已脱敏。需要完整信息的数据交换，请由持有“查看完整身份号码”权限的人员导出。每次导出都记入审计日志。'
              : '您持有查看完整身份号码的权限：导出文件含完整的公民身份号码和联系电话，请按规定保管。每次导出都记入审计日志。'
          }
        />
      )}
      <Card
        title={`将导出的数据（${from} 至 ${to}，遗体档案按建档日）`}
        style={{ marginBottom: 16 }}
        loading={preview.loading && !preview.data}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} bordered>
          {(preview.data?.counts ?? []).map((c) => (
            <Descriptions.Item key={c.entity} label={c.label}>
              {c.available ? (
                `${formatCount(c.rows)} 条`
              ) : (
                <Typography.Text type="secondary">尚未接入</Typography.Text>
              )}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Card title="字段字典">
        <LoadError error={dictionary.error} title="字段字典加载失败" onRetry={dictionary.reload} />
        {dictionary.data && (
          <>
            <Typography.Paragraph type="secondary">
              参照《{dictionary.data.standard}
              》。我们只掌握该标准的目录（条目标题），未掌握其字段表：条目对应按目录标题确定，字段对应均为推定；详见
              docs/funeral-exchange.md。格式版本 {dictionary.data.version}。
            </Typography.Paragraph>
            <Tabs
              size="small"
              items={dictionary.data.entities.map((e) => ({
                key: e.entity,
                label: e.label,
                children: (
                  <>
                    <Typography.Paragraph>
                      标准条目：{e.standardHeading}
                      {!e.available && (
                        <Tag color="default" style={{ marginLeft: 8 }}>
                          本系统尚无此类数据
                        </Tag>
                      )}
                    </Typography.Paragraph>
                    <Table<FieldRow>
                      size="small"
                      rowKey="field"
                      pagination={false}
                      columns={fieldColumns}
                      dataSource={dictionary.data!.fields.filter((x) => x.entity === e.entity)}
                    />
                  </>
                ),
              }))}
            />
          </>
        )}
      </Card>
    </>
  );
}
