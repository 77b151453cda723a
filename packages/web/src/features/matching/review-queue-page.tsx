import type { MatchPairDto } from '@social-affairs/kernel/contracts';
import { Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
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
} from './matching.api';

export const statusColors: Record<PairStatus, string> = {
  open: 'blue',
  claimed: 'gold',
  confirmed: 'red',
  rejected: 'default',
  unsure: 'purple',
};

const filters = {
  jobId: textFilter(),
  band: choiceFilter(bandLabels, { label: '分档', width: 120 }),
  status: choiceFilter(pairStatusLabels, { label: '核查状态', width: 130 }),
  source: textFilter({ label: '外部名单', placeholder: '名单名称', width: 180 }),
};

/** 核查队列: candidate pairs within the picked division, best score first. */
export function ReviewQueuePage() {
  const list = useListPage({
    filters,
    keep: ['jobId'],
    pageSizes: [10, 20, 50, 100],
    load: (query, signal) => fetchPairs(query, signal),
  });

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
    <ListPage
      list={list}
      title="核查队列"
      unit="对"
      exportHref={pairsExportUrl(list.exportQuery)}
      nav={<MatchingTabs />}
      filterName="pair-filters"
      breadcrumb
      notice={
        list.query.jobId && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            仅显示所选比对任务的结果。<Link to="/matching/review">查看全部</Link>
          </Typography.Paragraph>
        )
      }
      errorTitle="核查队列加载失败"
      rowKey="id"
      columns={columns}
      empty="没有待核查的比对结果。可在“比对任务”中新建任务，或清除筛选条件。"
    />
  );
}
