import type { PairComparisonDto } from '@social-affairs/kernel/contracts';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { reasonSchema } from '@social-affairs/kernel/contracts';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import {
  formatDate,
  formatDateTime,
  formatProbability,
  personStatusLabels,
  sexLabels,
} from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { zodRule } from '../../app/zod-rule';
import {
  bandLabels,
  claimPair,
  completeFollowUp,
  decidePair,
  fetchComparison,
  fieldLabels,
  followUpLabels,
  levelLabels,
  pairStatusLabels,
  releasePair,
  ruleLabels,
  type Decision,
} from './matching.api';
import { statusColors, useNextPair } from './review-queue-page';

type Side = PairComparisonDto['left'];
type DiffField = PairComparisonDto['differences'][number]['field'];

const rows: {
  field: DiffField | 'source' | 'status';
  label: string;
  value: (r: NonNullable<Side>) => string;
}[] = [
  { field: 'source', label: '数据来源', value: (r) => r.source },
  { field: 'name', label: '姓名', value: (r) => r.name ?? '—' },
  { field: 'sex', label: '性别', value: (r) => (r.sex ? sexLabels[r.sex] : '—') },
  { field: 'birthDate', label: '出生日期', value: (r) => formatDate(r.birthDate) },
  { field: 'residentId', label: '公民身份号码', value: (r) => r.residentIdMasked ?? '未登记' },
  { field: 'divisionCode', label: '地区', value: (r) => `${r.divisionName}（${r.divisionCode}）` },
  {
    field: 'status',
    label: '状态 / 事件日期',
    value: (r) =>
      [r.status ? personStatusLabels[r.status] : null, r.eventDate ? formatDate(r.eventDate) : null]
        .filter(Boolean)
        .join(' · ') || '—',
  },
];

const decisions: { decision: Decision; label: string; danger?: boolean; primary?: boolean }[] = [
  { decision: 'confirm', label: '确认同一人', primary: true },
  { decision: 'reject', label: '不是同一人' },
  { decision: 'unsure', label: '存疑，交他人复核' },
];

/** 比对详情: the two records side by side, differing fields highlighted, why they were paired, decisions. */
export function PairPage() {
  const { id = '' } = useParams();
  const { user, hasPermission } = useAuth();
  const { data, error, loading, reload } = useApi((signal) => fetchComparison(id, signal), [id]);
  const [deciding, setDeciding] = useState<Decision>();
  const [actionError, setActionError] = useState<string>();
  const [form] = Form.useForm<{ reason: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [decided, setDecided] = useState(false);
  const [followingUp, setFollowingUp] = useState(false);
  const [followUpForm] = Form.useForm<{ note: string }>();
  const nextPair = useNextPair({ jobId: data?.pair.jobId });

  if (error !== undefined)
    return <Alert type="error" showIcon title="比对结果加载失败" description={errorText(error)} />;
  if (!data) return <Card loading={loading} />;
  const { pair, left, right, differences } = data;
  const differs = new Map(differences.map((d) => [d.field as string, d.differs]));
  const mine = pair.status === 'claimed' && pair.claimedBy === user?.username;
  const open = pair.status === 'open' || pair.status === 'unsure';
  const canReview = hasPermission('matching:review');

  const act = async (fn: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await fn();
      reload();
    } catch (err) {
      setActionError(errorText(err));
    }
  };
  const submitDecision = async () => {
    const { reason } = await form.validateFields();
    if (!deciding) return;
    setSubmitting(true);
    try {
      await decidePair(pair.id, deciding, reason.trim());
      setDeciding(undefined);
      setDecided(true);
      form.resetFields();
      reload();
    } catch (err) {
      setActionError(applyServerError(form, err));
    } finally {
      setSubmitting(false);
    }
  };

  const submitFollowUp = async () => {
    const { note } = await followUpForm.validateFields();
    setSubmitting(true);
    try {
      await completeFollowUp(pair.id, note.trim());
      setFollowingUp(false);
      followUpForm.resetFields();
      reload();
    } catch (err) {
      setActionError(applyServerError(followUpForm, err));
    } finally {
      setSubmitting(false);
    }
  };
  // The weights shown add up to the weight shown: the prior is a line of its own.
  const weightText = (v: number) => (v > 0 ? `+${v.toFixed(2)}` : v.toFixed(2));
  const shownSum = pair.fields.reduce((s, f) => s + Number(f.weight.toFixed(2)), 0);

  const table = rows.map((row) => ({
    key: row.field,
    label: row.label,
    left: left ? row.value(left) : '记录已不存在',
    right: right ? row.value(right) : '记录已不存在',
    differs: differs.get(row.field) ?? false,
  }));

  return (
    <>
      <PageHeader
        title="比对详情"
        subTitle={<Link to={`/matching/review?jobId=${pair.jobId}`}>返回核查队列</Link>}
        extra={
          <Space>
            <Tag color={pair.band === 'fast-track' ? 'volcano' : 'geekblue'}>{bandLabels[pair.band]}</Tag>
            <Tag color={statusColors[pair.status]}>{pairStatusLabels[pair.status]}</Tag>
          </Space>
        }
      />
      {actionError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={actionError} />}
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={`配对原因：规则 ${pair.rule}（${ruleLabels[pair.rule] ?? '—'}），匹配概率 ${formatProbability(pair.probability)}，匹配权重 ${pair.score.toFixed(2)}（右侧各项权重之和）`}
        description="确认后仅通知相关业务条线核实处理，系统不会自动变更任何记录或停发待遇。查看本页已记入审计日志。"
      />
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card title="两条记录对照（不同之处以红色标出）" style={{ marginBottom: 16 }}>
            <Table
              size="middle"
              pagination={false}
              dataSource={table}
              rowClassName={(r) => (r.differs ? 'match-row-differs' : '')}
              columns={[
                { title: '项目', dataIndex: 'label', width: 130 },
                {
                  title: left?.kind === 'people' ? '人口基础库' : '名单一',
                  dataIndex: 'left',
                  render: (v: string, r) => <DiffText text={v} differs={r.differs} />,
                },
                {
                  title: right?.source ?? '名单二',
                  dataIndex: 'right',
                  render: (v: string, r) => <DiffText text={v} differs={r.differs} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title="逐项比较级别" style={{ marginBottom: 16 }}>
            <Table
              size="small"
              pagination={false}
              rowKey="field"
              dataSource={pair.fields}
              columns={[
                { title: '字段', dataIndex: 'field', render: (v: string) => fieldLabels[v] ?? v },
                { title: '比较结果', dataIndex: 'level', render: (v: string) => levelLabels[v] ?? v },
                {
                  title: '权重',
                  dataIndex: 'weight',
                  align: 'right',
                  render: (v: number) => (
                    <Typography.Text type={v > 0 ? 'success' : v < 0 ? 'danger' : 'secondary'}>
                      {weightText(v)}
                    </Typography.Text>
                  ),
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <Typography.Text strong>合计（匹配权重）</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <Typography.Text strong data-testid="weight-total">
                      {weightText(Math.abs(shownSum - pair.score) < 0.005 ? pair.score : shownSum)}
                    </Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              权重以比特计：正数支持同一人，负数反对；“基础权重”是任意两条记录恰好为同一人的先验，各项相加即匹配权重。
            </Typography.Paragraph>
          </Card>
          {data.followUp && (
            <Card title="确认后跟进" style={{ marginBottom: 16 }}>
              <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
                <Descriptions.Item label="状态">
                  <Tag color={data.followUp.status === 'pending' ? 'orange' : 'green'}>
                    {followUpLabels[data.followUp.status]}
                  </Tag>
                </Descriptions.Item>
                {data.followUp.doneBy && (
                  <Descriptions.Item label="办结人">{data.followUp.doneBy}</Descriptions.Item>
                )}
                {data.followUp.doneAt && (
                  <Descriptions.Item label="办结时间">
                    {formatDateTime(data.followUp.doneAt)}
                  </Descriptions.Item>
                )}
                {data.followUp.note && (
                  <Descriptions.Item label="跟进情况">{data.followUp.note}</Descriptions.Item>
                )}
              </Descriptions>
              {data.followUp.status === 'pending' && canReview && (
                <Button onClick={() => setFollowingUp(true)}>登记跟进情况并办结</Button>
              )}
            </Card>
          )}
          <Card
            title="核查"
            extra={
              // While this pair is held it is also the "next" one: decide or release it first.
              canReview &&
              !mine && (
                <Button
                  type={decided ? 'primary' : 'default'}
                  loading={nextPair.busy}
                  onClick={() => {
                    setDecided(false);
                    void nextPair.next();
                  }}
                >
                  下一对
                </Button>
              )
            }
          >
            {decided && (
              <Alert
                type="success"
                showIcon
                style={{ marginBottom: 12 }}
                title="核查结论已提交。点击“下一对”继续核查队列中的下一条。"
              />
            )}
            {nextPair.message && (
              <Alert
                type={nextPair.message.type}
                showIcon
                style={{ marginBottom: 12 }}
                title={nextPair.message.text}
              />
            )}
            {pair.decidedBy && (
              <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
                <Descriptions.Item label="上次结论">{pairStatusLabels[pair.status]}</Descriptions.Item>
                <Descriptions.Item label="核查人">{pair.decidedBy}</Descriptions.Item>
                <Descriptions.Item label="时间">{formatDateTime(pair.decidedAt)}</Descriptions.Item>
                <Descriptions.Item label="意见">{pair.decisionReason}</Descriptions.Item>
              </Descriptions>
            )}
            {pair.status === 'claimed' && !mine && (
              <Typography.Paragraph>该比对结果正由 {pair.claimedBy} 核查。</Typography.Paragraph>
            )}
            {canReview && (open || mine) && (
              <Space wrap>
                {open && <Button onClick={() => void act(() => claimPair(pair.id))}>领取核查</Button>}
                {mine && <Button onClick={() => void act(() => releasePair(pair.id))}>退回队列</Button>}
                {decisions.map((d) => (
                  <Button
                    key={d.decision}
                    type={d.primary ? 'primary' : 'default'}
                    onClick={() => setDeciding(d.decision)}
                  >
                    {d.label}
                  </Button>
                ))}
              </Space>
            )}
            {!canReview && <Typography.Text type="secondary">您的角色只能查看比对结果。</Typography.Text>}
          </Card>
        </Col>
      </Row>
      <Modal
        title={decisions.find((d) => d.decision === deciding)?.label ?? '核查结论'}
        open={deciding !== undefined}
        okText="提交结论"
        cancelText="取消"
        confirmLoading={submitting}
        onOk={() => void submitDecision().catch(() => undefined)}
        onCancel={() => setDeciding(undefined)}
        forceRender
      >
        <Form form={form} name="decision" layout="vertical">
          <Form.Item
            name="reason"
            label="核查意见"
            rules={[{ required: true, whitespace: true, message: '请填写核查意见' }, zodRule(reasonSchema)]}
          >
            <Input.TextArea
              rows={3}
              maxLength={200}
              showCount
              placeholder="例如：已调取火化证明，身份证号码与姓名一致"
            />
          </Form.Item>
        </Form>
      </Modal>
      <FollowUpModal
        open={followingUp}
        submitting={submitting}
        form={followUpForm}
        onOk={() => void submitFollowUp().catch(() => undefined)}
        onCancel={() => setFollowingUp(false)}
      />
    </>
  );
}

function FollowUpModal(props: {
  open: boolean;
  submitting: boolean;
  form: ReturnType<typeof Form.useForm<{ note: string }>>[0];
  onOk: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal
      title="登记跟进情况"
      open={props.open}
      okText="办结"
      cancelText="取消"
      confirmLoading={props.submitting}
      onOk={props.onOk}
      onCancel={props.onCancel}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        确认同一人后，由相关业务条线（低保、殡葬等）核实并处理；在此登记核实处理情况后办结此待办。
      </Typography.Paragraph>
      <Form form={props.form} name="follow-up" layout="vertical">
        <Form.Item
          name="note"
          label="跟进情况"
          rules={[{ required: true, whitespace: true, message: '请填写跟进情况' }, zodRule(reasonSchema)]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder="例如：已通知低保窗口，暂停发放并入户核实"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DiffText({ text, differs }: { text: string; differs: boolean }) {
  return differs ? (
    <Typography.Text type="danger" strong style={{ background: '#fff1f0', padding: '0 4px' }}>
      {text}
    </Typography.Text>
  ) : (
    <span>{text}</span>
  );
}
