/** 审核队列: applications waiting to be submitted, under review or in public notice, the earliest deadline first. */
import { Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { formatDate } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { DisabilityNav } from './disability-nav';
import { SUBSIDY_LABELS, reviewApi, type ReviewQueueItem } from './review.api';

const STATUS = { forwarded: '待提交审核', reviewing: '审核中', notice: '公示中' } as const;
const STEP_LABELS: Record<string, string> = {
  'township-check': '乡镇初审',
  'federation-review': '县残联审核',
  'civil-affairs-decision': '县民政审核决定',
};

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名或申请编号', width: 200 }),
  status: choiceFilter(STATUS, { label: '环节', width: 140 }),
};

export function DisabilityReviewQueuePage() {
  const list = useListPage({ filters, load: (query, signal) => reviewApi.queue(query, signal) });
  const today = new Date().toISOString().slice(0, 10);
  const columns: TableColumnsType<ReviewQueueItem> = [
    {
      title: '申请',
      render: (_, r) => (
        <>
          <Link to={`/disability/applications/${r.id}?tab=review`}>{r.personName}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.applicationNo}
            </Typography.Text>
          </div>
        </>
      ),
    },
    { title: '申请补贴', render: (_, r) => r.subsidies.map((s) => SUBSIDY_LABELS[s]).join('、') },
    { title: '申请日期', render: (_, r) => formatDate(r.submittedOn) },
    { title: '区划', render: (_, r) => r.divisionCode },
    {
      title: '当前环节',
      render: (_, r) =>
        r.status === 'reviewing' ? (
          <>
            <Tag color="processing">{STEP_LABELS[r.stepKey ?? ''] ?? '审核中'}</Tag>
            {r.stepDueOn && (
              <Typography.Text type={r.stepDueOn < today ? 'danger' : undefined}>
                {formatDate(r.stepDueOn)} 前
              </Typography.Text>
            )}
          </>
        ) : r.status === 'notice' ? (
          <Tag color="warning">公示至 {formatDate(r.noticeEndsOn)}</Tag>
        ) : (
          <Tag>待提交审核</Tag>
        ),
    },
    {
      title: '决定期限（10 个工作日）',
      render: (_, r) =>
        r.decideDueOn ? (
          <Typography.Text type={r.decideDueOn < today ? 'danger' : undefined}>
            {formatDate(r.decideDueOn)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="两项补贴审核队列"
      unit="件"
      nav={<DisabilityNav activePath="/disability/recipients" />}
      filterName="disability-review-queue-filters"
      errorTitle="审核队列加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={list.filtered ? '没有符合条件的申请。' : '没有待审核的申请。'}
    />
  );
}
