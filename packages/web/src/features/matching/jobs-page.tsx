import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { MatchJobDto } from '@social-affairs/kernel/contracts';
import { Alert, Button, Form, Input, Modal, Progress, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { applyServerError } from '../../app/form-errors';
import { formatCount, formatDateTime } from '../../app/format';
import { ListPage, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { ImportRollDialog } from './import-roll-dialog';
import { MatchingTabs } from './matching-tabs';
import { reasonSchema } from '@social-affairs/kernel/contracts';
import { zodRule } from '../../app/zod-rule';
import {
  cancelJob,
  createJob,
  fetchJobs,
  fetchRolls,
  jobStatusLabels,
  ruleSetLabels,
  type RollSpec,
  type RuleSet,
} from './matching.api';

const statusColor: Record<MatchJobDto['status'], string> = {
  queued: 'default',
  running: 'processing',
  completed: 'success',
  failed: 'error',
  cancelled: 'default',
};

function rollText(roll: MatchJobDto['left']): string {
  if (roll.kind === 'records') return `名单：${roll.source}`;
  return `人口基础库${roll.status === 'alive' ? '（在世）' : roll.status === 'deceased' ? '（已故）' : ''}`;
}

interface NewJobValues {
  name: string;
  ruleSet: RuleSet;
  left: string;
  right: string;
}

/** Roll choices: the people index (all / alive / deceased) and every imported roll. */
function rollOptions(rolls: { source: string; records: number }[]) {
  return [
    { value: 'people:alive', label: '人口基础库（在世）' },
    { value: 'people:deceased', label: '人口基础库（已故）' },
    { value: 'people:', label: '人口基础库（全部）' },
    ...rolls.map((r) => ({
      value: `records:${r.source}`,
      label: `名单：${r.source}（${formatCount(r.records)} 条）`,
    })),
  ];
}

function rollSpec(value: string, division: string): RollSpec {
  const [kind, rest = ''] = value.split(/:(.*)/s);
  if (kind === 'records') return { kind: 'records', source: rest, division };
  return rest === 'alive' || rest === 'deceased'
    ? { kind: 'people', status: rest, division }
    : { kind: 'people', division };
}

/** 比对任务: jobs with live progress; a reviewer starts a new one from two rolls and a rule set. */
export function JobsPage() {
  const { current } = useDivision();
  const { hasPermission } = useAuth();
  const list = useListPage({ filters: {}, load: (query, signal) => fetchJobs(query, signal) });
  const { reload } = list;
  const rolls = useApi((signal) => fetchRolls(current.code, signal), [current.code]);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [form] = Form.useForm<NewJobValues>();
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [cancelling, setCancelling] = useState<MatchJobDto>();
  const [cancelForm] = Form.useForm<{ reason: string }>();
  const [cancelError, setCancelError] = useState<string>();
  const [cancelSubmitting, setCancelSubmitting] = useState(false);

  const active = list.items.some((j) => j.status === 'running' || j.status === 'queued');
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(reload, 1500);
    return () => clearInterval(timer);
  }, [active, reload]);

  const submit = async () => {
    const values = await form.validateFields();
    setSubmitting(true);
    setFormError(undefined);
    try {
      await createJob({
        name: values.name.trim(),
        ruleSet: values.ruleSet,
        left: rollSpec(values.left, current.code),
        right: rollSpec(values.right, current.code),
      });
      setCreating(false);
      form.resetFields();
      reload();
    } catch (err) {
      setFormError(applyServerError(form, err));
    } finally {
      setSubmitting(false);
    }
  };

  const submitCancel = async () => {
    const { reason } = await cancelForm.validateFields();
    if (!cancelling) return;
    setCancelSubmitting(true);
    setCancelError(undefined);
    try {
      await cancelJob(cancelling.id, reason.trim());
      setCancelling(undefined);
      cancelForm.resetFields();
      reload();
    } catch (err) {
      setCancelError(applyServerError(cancelForm, err));
    } finally {
      setCancelSubmitting(false);
    }
  };

  const columns: TableColumnsType<MatchJobDto> = [
    {
      title: '任务名称',
      dataIndex: 'name',
      render: (v: string, job) => <Link to={`/matching/review?jobId=${job.id}`}>{v}</Link>,
    },
    { title: '比对规则', dataIndex: 'ruleSet', render: (v: RuleSet) => ruleSetLabels[v] },
    {
      title: '比对名单',
      render: (_, job) => (
        <Space orientation="vertical" size={0}>
          <span>
            {rollText(job.left)}（{formatCount(job.leftCount)}）
          </span>
          <Typography.Text type="secondary">
            × {rollText(job.right)}（{formatCount(job.rightCount)}）
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      render: (v: MatchJobDto['status']) => <Tag color={statusColor[v]}>{jobStatusLabels[v]}</Tag>,
    },
    {
      title: '进度',
      width: 220,
      render: (_, job) => (
        <Progress
          aria-label={`比对作业进度（${jobStatusLabels[job.status]}）`}
          percent={
            job.total ? Math.floor((100 * job.processed) / job.total) : job.status === 'completed' ? 100 : 0
          }
          size="small"
          status={job.status === 'failed' ? 'exception' : job.status === 'running' ? 'active' : undefined}
        />
      ),
    },
    {
      title: '候选对',
      dataIndex: 'pairsFound',
      align: 'right',
      render: (v: number, job) => <Link to={`/matching/review?jobId=${job.id}`}>{formatCount(v)}</Link>,
    },
    { title: '创建人', dataIndex: 'createdBy' },
    { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    ...(hasPermission('matching:review')
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, job: MatchJobDto) =>
              job.status === 'queued' || job.status === 'running' ? (
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    setCancelError(undefined);
                    setCancelling(job);
                  }}
                >
                  取消任务
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <ListPage
      list={list}
      title="数据比对"
      unit="个任务"
      actions={
        hasPermission('matching:review') && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入名单
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建比对任务
            </Button>
          </Space>
        )
      }
      nav={<MatchingTabs />}
      errorTitle="任务列表加载失败"
      rowKey="id"
      loading={list.loading && list.total === undefined}
      columns={columns}
      empty={`${current.name}还没有比对任务。导入名单后点击“新建比对任务”。`}
    >
      <Modal
        title="新建比对任务"
        open={creating}
        okText="开始比对"
        cancelText="取消"
        confirmLoading={submitting}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setCreating(false)}
        forceRender
      >
        <Typography.Paragraph type="secondary">
          任务在后台分批运行，可随时查看进度。比对结果只进入核查队列，不会自动修改任何记录或停发待遇。范围：
          {current.name}。
        </Typography.Paragraph>
        {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
        <Form<NewJobValues>
          form={form}
          name="new-job"
          layout="vertical"
          initialValues={{ ruleSet: 'reverification', left: 'people:alive' }}
        >
          <Form.Item
            name="name"
            label="任务名称"
            rules={[{ required: true, whitespace: true, message: '请填写任务名称' }]}
          >
            <Input maxLength={100} placeholder="例如：2026年10月火化名单比对" />
          </Form.Item>
          <Form.Item name="ruleSet" label="比对规则" rules={[{ required: true }]}>
            <Select
              options={(Object.keys(ruleSetLabels) as RuleSet[]).map((value) => ({
                value,
                label: ruleSetLabels[value],
              }))}
            />
          </Form.Item>
          <Form.Item
            name="left"
            label="名单一（在册对象）"
            rules={[{ required: true, message: '请选择名单' }]}
          >
            <Select options={rollOptions(rolls.data ?? [])} />
          </Form.Item>
          <Form.Item
            name="right"
            label="名单二（外部数据）"
            rules={[{ required: true, message: '请选择比对名单' }]}
          >
            <Select options={rollOptions(rolls.data ?? [])} placeholder="选择导入的名单" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={`取消比对任务：${cancelling?.name ?? ''}`}
        open={cancelling !== undefined}
        okText="确认取消"
        okButtonProps={{ danger: true }}
        cancelText="返回"
        confirmLoading={cancelSubmitting}
        onOk={() => void submitCancel().catch(() => undefined)}
        onCancel={() => setCancelling(undefined)}
        forceRender
      >
        <Typography.Paragraph type="secondary">
          {cancelling?.status === 'running'
            ? '任务正在运行，将在当前批次结束后停止；已找到的候选对保留在核查队列中。'
            : '任务尚未开始，取消后不会运行。'}
        </Typography.Paragraph>
        {cancelError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={cancelError} />}
        <Form form={cancelForm} name="cancel-job" layout="vertical">
          <Form.Item
            name="reason"
            label="取消原因"
            rules={[{ required: true, whitespace: true, message: '请填写取消原因' }, zodRule(reasonSchema)]}
          >
            <Input.TextArea rows={2} maxLength={200} showCount placeholder="例如：名单选错，重新建任务" />
          </Form.Item>
        </Form>
      </Modal>
      <ImportRollDialog
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => rolls.reload()}
      />
    </ListPage>
  );
}
