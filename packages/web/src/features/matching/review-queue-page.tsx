import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { MatchPairDto } from '@social-affairs/kernel/contracts';
import { Alert, Button, Card, Form, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../../app/api-client';
import { useDivision } from '../../app/division-context';
import { formatCount } from '../../app/format';
import { DivisionBreadcrumb } from '../../app/layout/division-breadcrumb';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { MatchingTabs } from './matching-tabs';
import {
  bandLabels,
  fetchPairs,
  pairsExportUrl,
  fieldLabels,
  levelLabels,
  pairStatusLabels,
  ruleLabels,
  type Band,
  type PairStatus,
  type PairsQuery,
} from './matching.api';

export const statusColors: Record<PairStatus, string> = {
  open: 'blue',
  claimed: 'gold',
  confirmed: 'red',
  rejected: 'default',
  unsure: 'purple',
};

function readQuery(params: URLSearchParams, division: string): PairsQuery {
  const band = params.get('band');
  const status = params.get('status');
  return {
    division,
    jobId: params.get('jobId') ?? undefined,
    source: params.get('source') ?? undefined,
    band: band === 'fast-track' || band === 'review' ? band : undefined,
    status: status && status in pairStatusLabels ? (status as PairStatus) : undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: Math.min(100, Math.max(10, Number(params.get('pageSize')) || 20)),
  };
}

interface Filters {
  band?: Band;
  status?: PairStatus;
  source?: string;
}

/** 核查队列: candidate pairs within the picked division, best score first. */
export function ReviewQueuePage() {
  const { current } = useDivision();
  const [params, setParams] = useSearchParams();
  const query = readQuery(params, current.code);
  const [form] = Form.useForm<Filters>();
  const { data, error, loading } = useApi(
    (signal) => fetchPairs(query, signal),
    [query.division, query.jobId, query.band, query.status, query.source, query.page, query.pageSize],
  );
  const setFilters = (values: Filters) => {
    const next = new URLSearchParams();
    if (query.jobId) next.set('jobId', query.jobId);
    if (values.band) next.set('band', values.band);
    if (values.status) next.set('status', values.status);
    if (values.source?.trim()) next.set('source', values.source.trim());
    setParams(next);
  };

  const columns: TableColumnsType<MatchPairDto> = [
    {
      title: '姓名（名单一 / 名单二）',
      fixed: 'left',
      render: (_, p) => (
        <Link to={`/matching/pairs/${p.id}`}>
          {p.leftName ?? '—'} / {p.rightName ?? '—'}
        </Link>
      ),
    },
    {
      title: '分档',
      dataIndex: 'band',
      render: (v: Band) => <Tag color={v === 'fast-track' ? 'volcano' : 'geekblue'}>{bandLabels[v]}</Tag>,
    },
    {
      title: '匹配概率',
      dataIndex: 'probability',
      align: 'right',
      render: (v: number, p) => (
        <Tooltip title={`匹配权重 ${p.score.toFixed(2)}`}>{(v * 100).toFixed(v > 0.999 ? 2 : 1)}%</Tooltip>
      ),
    },
    { title: '配对规则', dataIndex: 'rule', render: (v: string) => `${v} ${ruleLabels[v] ?? ''}` },
    {
      title: '各项比较',
      render: (_, p) =>
        p.fields.map((f) => (
          <Tag key={f.field} color={f.weight > 0 ? 'green' : f.weight < 0 ? 'red' : undefined}>
            {fieldLabels[f.field]}：{levelLabels[f.level] ?? f.level}
          </Tag>
        )),
    },
    { title: '外部名单', dataIndex: 'rightSource' },
    {
      title: '核查状态',
      dataIndex: 'status',
      render: (v: PairStatus, p) => (
        <Tag color={statusColors[v]}>
          {pairStatusLabels[v]}
          {v === 'claimed' && p.claimedBy ? `（${p.claimedBy}）` : ''}
        </Tag>
      ),
    },
    { title: '操作', fixed: 'right', render: (_, p) => <Link to={`/matching/pairs/${p.id}`}>比对详情</Link> },
  ];

  return (
    <>
      <PageHeader
        title={data ? `核查队列（共 ${formatCount(data.total)} 对）` : '核查队列'}
        documentTitle="核查队列"
        extra={
          <Button icon={<DownloadOutlined />} href={pairsExportUrl(query)} disabled={!data?.total}>
            导出 Excel
          </Button>
        }
      />
      <MatchingTabs />
      <Card style={{ marginBottom: 16 }}>
        <DivisionBreadcrumb />
        {query.jobId && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            仅显示所选比对任务的结果。<Link to="/matching/review">查看全部</Link>
          </Typography.Paragraph>
        )}
        <Form<Filters>
          form={form}
          name="pair-filters"
          layout="inline"
          style={{ marginTop: 12, rowGap: 12 }}
          initialValues={{ band: query.band, status: query.status, source: query.source }}
          onFinish={setFilters}
        >
          <Form.Item name="band" label="分档">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 120 }}
              options={(Object.keys(bandLabels) as Band[]).map((value) => ({
                value,
                label: bandLabels[value],
              }))}
            />
          </Form.Item>
          <Form.Item name="status" label="核查状态">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 130 }}
              options={(Object.keys(pairStatusLabels) as PairStatus[]).map((value) => ({
                value,
                label: pairStatusLabels[value],
              }))}
            />
          </Form.Item>
          <Form.Item name="source" label="外部名单">
            <Input allowClear placeholder="名单名称" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="核查队列加载失败"
          description={errorText(error)}
        />
      )}
      <Card>
        <Table<MatchPairDto>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: '没有待核查的比对结果。可在“比对任务”中新建任务，或清除筛选条件。' }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (n) => `共 ${formatCount(n)} 对`,
          }}
          onChange={(pagination) => {
            const next = new URLSearchParams(params);
            next.set('page', String(pagination.current ?? 1));
            next.set('pageSize', String(pagination.pageSize ?? 20));
            setParams(next);
          }}
        />
      </Card>
    </>
  );
}
