import type { MatchPairDto } from '@social-affairs/kernel/contracts';
import { Alert, Button, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { formatProbability } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { MatchingTabs } from './matching-tabs';
import {
  bandLabels,
  claimNextPair,
  fetchPairs,
  followUpLabels,
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
  followUp: choiceFilter(followUpLabels, { label: '确认后跟进', width: 150 }),
};

/**
 * "下一对": claims the best open pair in scope (the one already held first) and opens it; `jobId`
 * and `band` narrow the queue like the list's filters. Answers an error text, or a notice when the
 * queue is empty.
 */
export function useNextPair(filter: { jobId?: string; band?: Band }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ type: 'info' | 'error'; text: string }>();
  const next = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const { pair } = await claimNextPair({
        ...(filter.jobId ? { jobId: filter.jobId } : {}),
        ...(filter.band ? { band: filter.band } : {}),
      });
      if (pair) void navigate(`/matching/pairs/${pair.id}`);
      else setMessage({ type: 'info', text: '没有待核查的比对结果了。' });
    } catch (err) {
      setMessage({ type: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return { next, busy, message };
}

/** 核查队列: candidate pairs within the picked division, best score first. */
export function ReviewQueuePage() {
  const list = useListPage({
    filters,
    keep: ['jobId'],
    pageSizes: [10, 20, 50, 100],
    // Sorted by the server (default: best score first), kept in the URL as sort=probability / sort=-created.
    sortKeys: ['score', 'probability', 'created', 'status'],
    load: (query, signal) => fetchPairs(query, signal),
  });
  const { hasPermission } = useAuth();
  const nextPair = useNextPair({ jobId: list.query.jobId, band: list.query.band });

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
      key: 'probability',
      dataIndex: 'probability',
      sorter: true,
      align: 'right',
      render: (v: number, p) => (
        <Tooltip title={`匹配权重 ${p.score.toFixed(2)}`}>{formatProbability(v)}</Tooltip>
      ),
    },
    {
      title: '匹配权重',
      key: 'score',
      dataIndex: 'score',
      sorter: true,
      align: 'right',
      render: (v: number) => v.toFixed(2),
    },
    { title: '配对规则', dataIndex: 'rule', render: (v: string) => `${v} ${ruleLabels[v] ?? ''}` },
    {
      title: '各项比较',
      render: (_, p) =>
        p.fields
          .filter((f) => f.field !== 'prior')
          .map((f) => (
            <Tag key={f.field} color={f.weight > 0 ? 'green' : f.weight < 0 ? 'red' : undefined}>
              {fieldLabels[f.field]}：{levelLabels[f.level] ?? f.level}
            </Tag>
          )),
    },
    { title: '外部名单', dataIndex: 'rightSource' },
    {
      title: '核查状态',
      key: 'status',
      dataIndex: 'status',
      sorter: true,
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
      actions={
        hasPermission('matching:review') && (
          <Button type="primary" loading={nextPair.busy} onClick={() => void nextPair.next()}>
            下一对（领取并核查）
          </Button>
        )
      }
      nav={<MatchingTabs />}
      filterName="pair-filters"
      breadcrumb
      notice={
        (nextPair.message || list.query.jobId) && (
          <>
            {nextPair.message && (
              <Alert
                type={nextPair.message.type}
                showIcon
                style={{ marginTop: 8 }}
                title={nextPair.message.text}
              />
            )}
            {list.query.jobId && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                仅显示所选比对任务的结果。<Link to="/matching/review">查看全部</Link>
              </Typography.Paragraph>
            )}
          </>
        )
      }
      errorTitle="核查队列加载失败"
      rowKey="id"
      columns={columns}
      empty="没有待核查的比对结果。可在“比对任务”中新建任务，或清除筛选条件。"
    />
  );
}
