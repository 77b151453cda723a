import { Alert, Card, Flex, Select, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { emptyLocale } from '../../app/empty-state';
import { formatDate, formatDateTime } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import {
  decisionLabels,
  fetchDecided,
  fetchInbox,
  statusLabels,
  type ApprovalDoneItem,
  type ApprovalInboxItem,
} from './approvals.api';
import { ApprovalDrawer } from './approval-drawer';

const PAGE_SIZE = 20;

function OwnerCell({ item }: { item: ApprovalInboxItem }) {
  return (
    <Flex vertical>
      {item.ownerLink ? <Link to={item.ownerLink}>{item.title}</Link> : <span>{item.title}</span>}
      <Typography.Text type="secondary">
        {item.ownerLabel} · {item.divisionName}
      </Typography.Text>
    </Flex>
  );
}

function DueCell({ item }: { item: ApprovalInboxItem }) {
  return (
    <Flex gap={4} wrap>
      <span>{formatDate(item.dueOn)}</span>
      {item.overdue && <Tag color="red">已逾期</Tag>}
      {item.dueProvisional && <Tag title="期限所涉年份的节假日安排尚未公布，暂按周末计算">暂定</Tag>}
      {item.escalatedToDivisionCode && <Tag color="orange">已提级督办</Tag>}
    </Flex>
  );
}

/**
 * 待我审批 (/approvals): the steps waiting for the signed-in user, overdue first (earliest last day first),
 * filtered by kind and overdue, with a drawer that shows what is asked and takes the decision; 已办 lists
 * the steps the user decided. The tab, filters and page live in the URL.
 */
export function ApprovalsInboxPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'done' ? 'done' : 'todo';
  const definitionKey = params.get('kind') ?? undefined;
  const overdue = params.get('overdue') === '1';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [openId, setOpenId] = useState<string>();

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const todo = useApi(
    (signal) =>
      fetchInbox({ page, pageSize: PAGE_SIZE, ...(definitionKey ? { definitionKey } : {}), overdue }, signal),
    [page, definitionKey, overdue],
    tab === 'todo',
  );
  const done = useApi(
    (signal) =>
      fetchDecided({ page, pageSize: PAGE_SIZE, ...(definitionKey ? { definitionKey } : {}) }, signal),
    [page, definitionKey],
    tab === 'done',
  );

  const kinds = todo.data?.kinds ?? [];
  const overdueShown = todo.data?.items.filter((i) => i.overdue).length ?? 0;

  const common: ColumnsType<ApprovalInboxItem> = [
    {
      title: '类型',
      dataIndex: 'definitionTitle',
      width: 170,
      render: (_, item) => (
        <Flex vertical>
          <span>{item.definitionTitle}</span>
          <Typography.Text type="secondary">{item.stepTitle}</Typography.Text>
        </Flex>
      ),
    },
    { title: '审批事项', key: 'owner', render: (_, item) => <OwnerCell item={item} /> },
    {
      title: '提交人 / 提交时间',
      key: 'submitted',
      width: 190,
      render: (_, item) => (
        <Flex vertical>
          <span>{item.submittedByUsername}</span>
          <Typography.Text type="secondary">{formatDateTime(item.submittedAt)}</Typography.Text>
        </Flex>
      ),
    },
  ];
  const todoColumns: ColumnsType<ApprovalInboxItem> = [
    ...common,
    { title: '办理期限', key: 'due', width: 200, render: (_, item) => <DueCell item={item} /> },
    {
      title: '操作',
      key: 'go',
      width: 90,
      render: (_, item) => <Typography.Link onClick={() => setOpenId(item.instanceId)}>办理</Typography.Link>,
    },
  ];
  const doneColumns: ColumnsType<ApprovalDoneItem> = [
    ...(common as ColumnsType<ApprovalDoneItem>),
    {
      title: '我的意见',
      key: 'decision',
      width: 170,
      render: (_, item) => (
        <Flex vertical>
          <Tag color={item.decision === 'approve' ? 'green' : item.decision === 'reject' ? 'red' : 'orange'}>
            {decisionLabels[item.decision]}
          </Tag>
          <Typography.Text type="secondary">{formatDateTime(item.decidedAt)}</Typography.Text>
        </Flex>
      ),
    },
    { title: '当前状态', key: 'status', width: 110, render: (_, item) => statusLabels[item.instanceStatus] },
    {
      title: '操作',
      key: 'go',
      width: 90,
      render: (_, item) => <Typography.Link onClick={() => setOpenId(item.instanceId)}>查看</Typography.Link>,
    },
  ];

  const filters = (
    <Flex gap={16} wrap align="center" className="approvals-filters">
      <Flex gap={8} align="center">
        <span>类型</span>
        <Select
          aria-label="审批类型"
          allowClear
          placeholder="全部类型"
          style={{ minWidth: 220 }}
          value={definitionKey}
          onChange={(v: string | undefined) => update({ kind: v })}
          options={[
            ...kinds.map((k) => ({ value: k.definitionKey, label: `${k.title}（${k.count}）` })),
            ...(definitionKey && !kinds.some((k) => k.definitionKey === definitionKey)
              ? [{ value: definitionKey, label: definitionKey }]
              : []),
          ]}
        />
      </Flex>
      {tab === 'todo' && (
        <Flex gap={8} align="center">
          <Switch
            aria-label="只看已逾期"
            checked={overdue}
            onChange={(checked) => update({ overdue: checked ? '1' : undefined })}
          />
          <span>只看已逾期</span>
        </Flex>
      )}
    </Flex>
  );

  const pagination = (total: number | undefined) => ({
    current: page,
    pageSize: PAGE_SIZE,
    total: total ?? 0,
    showSizeChanger: false,
    showTotal: (n: number) => `共 ${n} 件`,
    onChange: (p: number) => update({ page: String(p) }),
  });

  return (
    <>
      <PageHeader
        title="待我审批"
        subTitle={
          todo.data
            ? `待办 ${todo.data.total} 件${overdueShown > 0 ? `，本页逾期 ${overdueShown} 件，请优先办理` : ''}`
            : undefined
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => update({ tab: key === 'done' ? 'done' : undefined, overdue: undefined })}
          items={[
            {
              key: 'todo',
              label: todo.data ? `待办（${todo.data.total}）` : '待办',
              children: (
                <Flex vertical gap={12}>
                  <Typography.Text type="secondary">
                    按办理期限排列，逾期的在最前。点“办理”查看申请内容并作出审批意见；不予批准或退回补正须用中文写明理由。
                  </Typography.Text>
                  {filters}
                  <LoadError error={todo.error} title="待办审批加载失败" onRetry={todo.reload} />
                  <Table<ApprovalInboxItem>
                    rowKey="stepId"
                    size="middle"
                    loading={todo.loading}
                    columns={todoColumns}
                    dataSource={todo.data?.items ?? []}
                    pagination={pagination(todo.data?.total)}
                    rowClassName={(item) => (item.overdue ? 'approval-row-overdue' : '')}
                    locale={emptyLocale(
                      overdue || definitionKey ? '没有符合条件的待办审批' : '暂无待我审批的事项',
                    )}
                  />
                </Flex>
              ),
            },
            {
              key: 'done',
              label: '已办',
              children: (
                <Flex vertical gap={12}>
                  {filters}
                  <LoadError error={done.error} title="已办审批加载失败" onRetry={done.reload} />
                  <Table<ApprovalDoneItem>
                    rowKey="stepId"
                    size="middle"
                    loading={done.loading}
                    columns={doneColumns}
                    dataSource={done.data?.items ?? []}
                    pagination={pagination(done.data?.total)}
                    locale={emptyLocale('暂无已办审批')}
                  />
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      {todo.data?.total === 0 && tab === 'todo' && !overdue && !definitionKey && (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          title="当前没有需要您办理的审批"
          description="救助延期、落户安置等事项提交审批后会出现在这里，首页“我的待办”也会提示。"
        />
      )}
      <ApprovalDrawer
        instanceId={openId}
        onClose={() => setOpenId(undefined)}
        onDecided={() => {
          setOpenId(undefined);
          todo.reload();
          done.reload();
        }}
      />
    </>
  );
}
