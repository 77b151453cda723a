import {
  Alert,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PersonSummary } from '../../api/types';
import { api } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { emptyLocale } from '../../app/empty-state';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime, personStatusLabels, sexLabels } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';

export type MergeStatus = 'proposed' | 'approved' | 'rejected' | 'unmerged';

export interface PersonMerge {
  id: string;
  survivor: PersonSummary;
  merged: PersonSummary;
  divisionCode: string;
  reason: string;
  status: MergeStatus;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  unmergedBy: string | null;
  unmergedAt: string | null;
  unmergeReason: string | null;
}

export const mergeStatusLabels: Record<MergeStatus, string> = {
  proposed: '待审核',
  approved: '已合并',
  rejected: '未同意',
  unmerged: '已撤销合并',
};
const statusColors: Record<MergeStatus, string> = {
  proposed: 'orange',
  approved: 'green',
  rejected: 'default',
  unmerged: 'purple',
};

const PAGE_SIZE = 20;

/** The fields compared side by side; a value both records have and that differs is marked 不一致. */
const comparedFields: {
  key: string;
  label: string;
  value: (p: PersonSummary) => string | null;
}[] = [
  { key: 'name', label: '姓名', value: (p) => p.name },
  { key: 'id', label: '公民身份号码', value: (p) => p.residentIdMasked },
  { key: 'sex', label: '性别', value: (p) => sexLabels[p.sex] },
  { key: 'birth', label: '出生日期', value: (p) => (p.birthDate ? formatDate(p.birthDate) : null) },
  { key: 'hukou', label: '户籍地', value: (p) => p.hukouDivisionName },
  {
    key: 'status',
    label: '状态',
    value: (p) =>
      p.status === 'deceased'
        ? `${personStatusLabels.deceased}（${formatDate(p.deathDate)}）`
        : personStatusLabels.alive,
  },
];

function PersonCard({
  title,
  person,
  other,
}: {
  title: string;
  person: PersonSummary;
  other: PersonSummary;
}) {
  return (
    <Card size="small" title={title} style={{ flex: 1, minWidth: 260 }}>
      <Descriptions
        size="small"
        column={1}
        items={comparedFields.map((f) => {
          const value = f.value(person);
          const otherValue = f.value(other);
          const differs = value !== null && otherValue !== null && value !== otherValue;
          const shown =
            f.key === 'name' ? <Link to={`/people/${person.id}`}>{person.name}</Link> : (value ?? '（无）');
          return {
            key: f.key,
            label: f.label,
            children: differs ? (
              <Flex gap={6} align="center" wrap>
                <Typography.Text type="warning">{shown}</Typography.Text>
                <Tag color="warning">不一致</Tag>
              </Flex>
            ) : (
              shown
            ),
          };
        })}
      />
    </Card>
  );
}

type Action = { kind: 'decide' | 'unmerge'; merge: PersonMerge };

/**
 * 人员合并 (/people/merges): proposals to treat two people-index records as one person
 * (docs/people-merge-and-scope.md). A reviewer (people:merge, not the proposer) compares the two records
 * side by side — ids masked — and approves or rejects with a reason; an effective merge can be undone.
 */
export function PersonMergesPage() {
  const { hasPermission } = useAuth();
  const canDecide = hasPermission('people:merge');
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as MergeStatus | null) ?? undefined;
  const personId = params.get('personId') ?? undefined;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [action, setAction] = useState<Action>();

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (!v) next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const { data, error, loading, reload } = useApi(
    (signal) =>
      api.get<{ items: PersonMerge[]; total: number }>(
        '/api/person-merges',
        { status, personId, page, pageSize: PAGE_SIZE },
        signal,
      ),
    [status, personId, page],
  );

  const columns: ColumnsType<PersonMerge> = [
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (s: MergeStatus) => <Tag color={statusColors[s]}>{mergeStatusLabels[s]}</Tag>,
    },
    {
      title: '保留记录',
      key: 'survivor',
      render: (_, m) => (
        <Flex vertical>
          <Link to={`/people/${m.survivor.id}`}>{m.survivor.name}</Link>
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {m.survivor.residentIdMasked ?? '无身份证号'}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: '被合并记录',
      key: 'merged',
      render: (_, m) => (
        <Flex vertical>
          <span>{m.merged.name}</span>
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {m.merged.residentIdMasked ?? '无身份证号'}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: '合并理由',
      dataIndex: 'reason',
      render: (reason: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: reason }} style={{ marginBottom: 0 }}>
          {reason}
        </Typography.Paragraph>
      ),
    },
    {
      title: '提出',
      key: 'proposed',
      width: 170,
      render: (_, m) => (
        <Flex vertical>
          <span>{m.proposedBy}</span>
          <Typography.Text type="secondary">{formatDateTime(m.proposedAt)}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: '审核',
      key: 'decided',
      width: 190,
      render: (_, m) =>
        m.decidedBy ? (
          <Flex vertical>
            <span>
              {m.decidedBy} · {formatDateTime(m.decidedAt)}
            </span>
            {m.decisionReason && <Typography.Text type="secondary">{m.decisionReason}</Typography.Text>}
            {m.unmergedBy && (
              <Typography.Text type="secondary">
                撤销：{m.unmergedBy}（{m.unmergeReason}）
              </Typography.Text>
            )}
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, m) =>
        !canDecide ? null : m.status === 'proposed' ? (
          <Typography.Link onClick={() => setAction({ kind: 'decide', merge: m })}>审核</Typography.Link>
        ) : m.status === 'approved' ? (
          <Typography.Link type="danger" onClick={() => setAction({ kind: 'unmerge', merge: m })}>
            撤销合并
          </Typography.Link>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader title="人员合并" subTitle="两条人员记录确认为同一人时，经审核后合并；合并前请逐项核对" />
      <Card>
        <Flex vertical gap={12}>
          <Flex gap={16} wrap align="center">
            <Flex gap={8} align="center">
              <span>状态</span>
              <Select
                aria-label="合并状态"
                allowClear
                placeholder="全部状态"
                style={{ minWidth: 160 }}
                value={status}
                onChange={(v: MergeStatus | undefined) => update({ status: v })}
                options={(Object.keys(mergeStatusLabels) as MergeStatus[]).map((s) => ({
                  value: s,
                  label: mergeStatusLabels[s],
                }))}
              />
            </Flex>
            {personId && (
              <Tag closable onClose={() => update({ personId: undefined })}>
                只看与该人员有关的合并
              </Tag>
            )}
          </Flex>
          {!canDecide && (
            <Typography.Text type="secondary">合并的审核由县级审核人员办理，您可以查看进度。</Typography.Text>
          )}
          <LoadError error={error} title="人员合并列表加载失败" onRetry={reload} />
          <Table<PersonMerge>
            rowKey="id"
            size="middle"
            loading={loading}
            columns={columns}
            dataSource={data?.items ?? []}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (n) => `共 ${n} 条`,
              onChange: (p) => update({ page: String(p) }),
            }}
            locale={emptyLocale(status === 'proposed' ? '没有待审核的合并申请' : '暂无人员合并记录')}
          />
        </Flex>
      </Card>
      {action && (
        <MergeActionDialog
          action={action}
          onClose={() => setAction(undefined)}
          onDone={() => {
            setAction(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}

function MergeActionDialog({
  action,
  onClose,
  onDone,
}: {
  action: Action;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ decision?: 'approve' | 'reject'; reason: string }>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const { merge } = action;
  const deciding = action.kind === 'decide';

  const submit = async () => {
    let values: { decision?: 'approve' | 'reject'; reason: string };
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing beside the field
    }
    setBusy(true);
    setRefusal(undefined);
    try {
      const base = `/api/person-merges/${encodeURIComponent(merge.id)}`;
      if (deciding) await api.post(`${base}/decision`, { decision: values.decision, reason: values.reason });
      else await api.post(`${base}/unmerge`, { reason: values.reason });
      onDone();
    } catch (e) {
      setRefusal(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={820}
      title={deciding ? '审核人员合并' : '撤销人员合并'}
      okText={deciding ? '提交审核意见' : '撤销合并'}
      okButtonProps={{ danger: !deciding, loading: busy }}
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Flex vertical gap={12}>
        <Flex gap={12} wrap>
          <PersonCard title="保留记录" person={merge.survivor} other={merge.merged} />
          <PersonCard title="被合并记录" person={merge.merged} other={merge.survivor} />
        </Flex>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'reason', label: '合并理由', children: merge.reason },
            {
              key: 'proposed',
              label: '提出',
              children: `${merge.proposedBy} · ${formatDateTime(merge.proposedAt)}`,
            },
            ...(action.kind === 'unmerge' && merge.decidedBy
              ? [
                  {
                    key: 'decided',
                    label: '审核',
                    children: `${merge.decidedBy} · ${formatDateTime(merge.decidedAt)}${
                      merge.decisionReason ? `（${merge.decisionReason}）` : ''
                    }`,
                  },
                ]
              : []),
          ]}
        />
        {deciding ? (
          <Alert
            type="info"
            showIcon
            title="同意后，被合并记录指向保留记录，其信息并入保留记录，各业务记录改指保留记录；可撤销。"
          />
        ) : (
          <Alert
            type="warning"
            showIcon
            title="撤销后，被合并记录恢复独立，合并时并入的信息从保留记录移除，各业务记录改回原记录。"
          />
        )}
        <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }} aria-label="合并审核">
          {deciding && (
            <Form.Item
              name="decision"
              label="审核意见"
              rules={[{ required: true, message: '请选择审核意见' }]}
            >
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'approve', label: '同意合并' },
                  { value: 'reject', label: '不同意' },
                ]}
              />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label="理由"
            rules={[
              { required: true, whitespace: true, message: '请填写理由' },
              { max: 500, message: '理由不能超过 500 字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
        {refusal && <Alert type="error" showIcon title="未能办理" description={refusal} />}
      </Flex>
    </Modal>
  );
}
