import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Radio,
  Skeleton,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, errorText } from '../../app/api-client';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import { useApi } from '../../app/use-api';
import {
  actionLabels,
  decideApproval,
  fetchApproval,
  statusLabels,
  type ApprovalDecision,
} from './approvals.api';

interface DecisionForm {
  decision: ApprovalDecision;
  reason?: string;
}

const HAN = /\p{Script=Han}/u;

/**
 * One approval: what is asked (the submission's title and note, the plan, every step and opinion so far)
 * and, while a step is open, the decision form (同意 / 不予批准 / 退回补正; a reason in Chinese for the
 * last two). A refused decision keeps what was typed and shows the server's reason — the engine's message
 * says what to do (another person, another level, a reason in Chinese…).
 */
export function ApprovalDrawer({
  instanceId,
  onClose,
  onDecided,
}: {
  instanceId: string | undefined;
  onClose: () => void;
  onDecided: () => void;
}) {
  const { data, error, loading, reload } = useApi(
    (signal) => fetchApproval(instanceId ?? '', signal),
    [instanceId],
    instanceId !== undefined,
  );
  const [form] = Form.useForm<DecisionForm>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const decision = Form.useWatch('decision', form);

  useEffect(() => {
    setRefusal(undefined);
    form.resetFields();
  }, [instanceId, form]);

  const submitNote = data?.decisions.find((d) => d.action === 'submit' || d.action === 'resubmit');
  const step = data?.currentStep;
  const canDecide = data?.status === 'pending' && step?.status === 'open';

  const onFinish = async (values: DecisionForm) => {
    if (!data || !step) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await decideApproval(data.id, {
        decision: values.decision,
        ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
        stepId: step.id,
      });
      onDecided();
    } catch (e) {
      const text = applyServerError(form, e);
      setRefusal(text);
      if (e instanceof ApiError && e.code === 'APPROVAL_CHANGED') reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={instanceId !== undefined}
      onClose={onClose}
      size="large"
      title={data ? data.title : '审批事项'}
      destroyOnHidden
    >
      {error !== undefined ? (
        <Alert type="error" showIcon title="审批事项加载失败" description={errorText(error)} />
      ) : loading || !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Flex vertical gap={20}>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'title', label: '申请事项', children: data.title },
              { key: 'status', label: '状态', children: <Tag>{statusLabels[data.status]}</Tag> },
              { key: 'division', label: '所属区划', children: data.divisionName },
              {
                key: 'submitted',
                label: '提交',
                children: `${data.submittedByUsername} · ${formatDateTime(data.submittedAt)}`,
              },
              {
                key: 'note',
                label: '申请理由',
                children: submitNote?.reason ?? (
                  <Typography.Text type="secondary">（未填写）</Typography.Text>
                ),
              },
              ...(submitNote && submitNote.attachmentIds.length > 0
                ? [{ key: 'att', label: '所附材料', children: `${submitNote.attachmentIds.length} 份附件` }]
                : []),
              {
                key: 'plan',
                label: '审批流程',
                children: data.plan.map((p, i) => `${i + 1}. ${p.title}`).join('　'),
              },
              ...(step
                ? [
                    {
                      key: 'step',
                      label: '当前环节',
                      children: (
                        <Flex gap={6} wrap>
                          <span>
                            {step.title}（{step.actingDivisionName}），期限 {formatDate(step.dueOn)}
                          </span>
                          {step.overdue && <Tag color="red">已逾期</Tag>}
                          {step.dueProvisional && <Tag>暂定</Tag>}
                          {step.separationOfDuties && <Tag color="blue">须由提交人以外的人员办理</Tag>}
                        </Flex>
                      ),
                    },
                  ]
                : []),
            ]}
          />

          {canDecide && (
            <Form<DecisionForm>
              form={form}
              layout="vertical"
              initialValues={{ decision: 'approve' }}
              onFinish={(v) => void onFinish(v)}
              aria-label="审批意见"
            >
              <Typography.Title level={5}>审批意见</Typography.Title>
              <Form.Item name="decision" label="意见" rules={[{ required: true, message: '请选择审批意见' }]}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={[
                    { value: 'approve', label: '同意' },
                    { value: 'reject', label: '不予批准' },
                    { value: 'return', label: '退回补正' },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="reason"
                label={decision === 'approve' ? '意见说明（可不填）' : '理由'}
                rules={
                  decision === 'approve'
                    ? [{ max: 500, message: '理由不能超过 500 字' }]
                    : [
                        { required: true, whitespace: true, message: '不予批准或退回补正须填写理由' },
                        { pattern: HAN, message: '理由须用中文填写' },
                        { max: 500, message: '理由不能超过 500 字' },
                      ]
                }
                extra={
                  decision === 'return'
                    ? '退回后由提交人补正材料再次提交，仍回到本环节。'
                    : decision === 'reject'
                      ? '不予批准后该事项结束，提交人会看到此理由。'
                      : undefined
                }
              >
                <Input.TextArea rows={3} maxLength={500} showCount />
              </Form.Item>
              {step?.attachmentsRequired && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title="本环节同意时须附上附件（签字表、扫描件），请在业务页面办理。"
                />
              )}
              {refusal && (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title="未能办理"
                  description={refusal}
                />
              )}
              <Flex gap={8}>
                <Button type="primary" htmlType="submit" loading={busy} danger={decision === 'reject'}>
                  提交审批意见
                </Button>
                <Button onClick={onClose}>取消</Button>
              </Flex>
            </Form>
          )}

          <div>
            <Typography.Title level={5}>办理记录</Typography.Title>
            <Timeline
              items={data.decisions.map((d, i) => ({
                key: String(i),
                color: d.action === 'reject' ? 'red' : d.action === 'approve' ? 'green' : 'blue',
                content: (
                  <Flex vertical>
                    <span>
                      {actionLabels[d.action]} · {d.actorUsername} · {formatDateTime(d.at)}
                    </span>
                    {d.reason && <Typography.Text type="secondary">{d.reason}</Typography.Text>}
                  </Flex>
                ),
              }))}
            />
          </div>
        </Flex>
      )}
    </Drawer>
  );
}
