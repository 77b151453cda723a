/**
 * The case's family-search candidates (寻亲候选) on the 寻亲与团聚 tab: the matching line's stored
 * three-way candidates whose one side is this case, ranked, with the other side's facts and the decision
 * (确认 / 排除 / 存疑, with a reason). A confirmation only emits the match event: the reunion then starts
 * on its own (shown after a moment). Calls the matching line's API directly (a feature does not import
 * another feature's components).
 */
import {
  FAMILY_CANDIDATE_BAND_LABELS,
  FAMILY_CANDIDATE_CHANNEL_LABELS,
  FAMILY_CANDIDATE_STATUS_LABELS,
  type FamilyCandidateDto,
} from '@social-affairs/kernel/contracts';
import { Alert, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api, errorText } from '../../app/api-client';
import { applyServerError } from '../../app/form-errors';
import { useApi } from '../../app/use-api';

type Decision = 'confirm' | 'reject' | 'unsure';
const DECISIONS: { decision: Decision; label: string; danger?: boolean }[] = [
  { decision: 'confirm', label: '确认是同一人' },
  { decision: 'reject', label: '排除', danger: true },
  { decision: 'unsure', label: '存疑' },
];
const KIND_LABEL: Record<string, string> = {
  'missing-report': '失踪人员报告',
  'unidentified-living': '救助人员',
  'unidentified-deceased': '无名遗体',
};

const base = '/api/matching/family-candidates';

function otherSide(c: FamilyCandidateDto, entryId: string) {
  return c.left.entryId === entryId ? c.right : c.left;
}

function describe(s: FamilyCandidateDto['left']): string {
  const r = s.record;
  if (!r) return '（记录已不存在）';
  const age = r.birthYear ? `${r.birthYear}年生` : r.estimatedAge ? `约${r.estimatedAge.estimate}岁` : '';
  return [
    r.reference,
    r.name ?? '（无名）',
    r.sex === 'male' ? '男' : r.sex === 'female' ? '女' : '',
    age,
    r.placeName,
    r.eventDate,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function FamilyCandidatesCard({ entryId, onDecided }: { entryId: string; onDecided: () => void }) {
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApi(
    (signal) =>
      api.get<{ items: FamilyCandidateDto[]; total: number }>(base, { entryId, page, pageSize: 10 }, signal),
    [entryId, page],
  );
  const [target, setTarget] = useState<{ c: FamilyCandidateDto; decision: Decision }>();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string>();
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values || !target) return;
    setBusy(true);
    setFormError(undefined);
    try {
      await api.post(`${base}/${encodeURIComponent(target.c.id)}/decide`, {
        decision: target.decision,
        reason: values.reason.trim(),
      });
      form.resetFields();
      setTarget(undefined);
      reload();
      // The reunion starts when the line's subscriber handles the event: look again shortly.
      onDecided();
      if (target.decision === 'confirm') {
        setTimeout(onDecided, 1200);
        setTimeout(onDecided, 4000);
      }
    } catch (e) {
      setFormError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  if (error instanceof ApiError && error.status === 404) {
    // The case is not (or no longer) in the family-search index: nothing to compare yet.
    return (
      <Typography.Text type="secondary">
        本案件尚未进入寻亲比对（身份未查明的受助人员登记后自动加入；已离站或身份已核实的不再比对）。
      </Typography.Text>
    );
  }
  if (error !== undefined) {
    return <Alert type="error" showIcon title="寻亲候选加载失败" description={errorText(error)} />;
  }
  const waiting = (c: FamilyCandidateDto) =>
    c.status === 'open' || c.status === 'claimed' || c.status === 'unsure';
  return (
    <div data-testid="rescue-family-candidates">
      <Typography.Paragraph type="secondary">
        按相似度排序的候选，须逐条核查；确认后自动发起团聚，系统不会自动认定身份或合并人员信息。
      </Typography.Paragraph>
      <Table<FamilyCandidateDto>
        size="small"
        loading={loading}
        rowKey={(c) => c.id}
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 10,
          total: data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        locale={{ emptyText: '暂无寻亲候选。' }}
        columns={[
          {
            title: '候选',
            render: (_, c) => {
              const s = otherSide(c, entryId);
              return (
                <Space direction="vertical" size={0}>
                  <span>
                    <Tag>{KIND_LABEL[s.kind] ?? s.kind}</Tag>
                    {describe(s)}
                  </span>
                  {s.record?.features && (
                    <Typography.Text type="secondary">{s.record.features}</Typography.Text>
                  )}
                </Space>
              );
            },
          },
          {
            title: '相似度',
            render: (_, c) => (
              <Space size={4}>
                {c.score.toFixed(2)}
                <Tag color={c.band === 'strong' ? 'red' : 'default'}>
                  {FAMILY_CANDIDATE_BAND_LABELS[c.band]}
                </Tag>
              </Space>
            ),
          },
          { title: '来源', render: (_, c) => FAMILY_CANDIDATE_CHANNEL_LABELS[c.channel] },
          { title: '状态', render: (_, c) => FAMILY_CANDIDATE_STATUS_LABELS[c.status] },
          {
            title: '核查',
            render: (_, c) =>
              waiting(c) ? (
                <Space size={4} wrap>
                  {DECISIONS.map((d) => (
                    <Button
                      key={d.decision}
                      size="small"
                      danger={d.danger}
                      type={d.decision === 'confirm' ? 'primary' : 'default'}
                      onClick={() => setTarget({ c, decision: d.decision })}
                    >
                      {d.label}
                    </Button>
                  ))}
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <Modal
        open={target !== undefined}
        title={`核查结论：${DECISIONS.find((d) => d.decision === target?.decision)?.label ?? ''}`}
        okText="提交"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => setTarget(undefined)}
        forceRender
      >
        {target?.decision === 'confirm' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="确认后自动发起团聚：联系家属、核实身份、办理交接；人员信息不会自动合并。"
          />
        )}
        {formError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={formError} />}
        <Form form={form} layout="vertical" name="rescue-family-candidate-decision">
          <Form.Item
            name="reason"
            label="核查意见"
            rules={[
              { required: true, whitespace: true, message: '请填写核查意见（至少 2 个字）' },
              { min: 2, message: '请填写核查意见（至少 2 个字）' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} placeholder="如：照片、口音与家属描述一致，已电话核实" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
