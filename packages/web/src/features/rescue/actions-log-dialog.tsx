/**
 * The dialog that logs a prescribed action (七个规定动作, R-RES-10) with its time and evidence, or corrects
 * / withdraws an earlier entry (append-only: the new entry supersedes it, with a reason). Used from the
 * workbench board and the case page. A refused submit keeps what was typed and shows the error next to
 * the field.
 */
import {
  RESCUE_ACTION_STEP_LABELS,
  RESCUE_ACTION_STEPS,
  type RescueActionStep,
} from '@social-affairs/kernel/contracts/rescue';
import { Alert, Checkbox, Form, Input, Modal, Radio, Select, Typography, message } from 'antd';
import { useState } from 'react';
import { AttachmentPicker } from '../../app/attachments';
import { applyServerError } from '../../app/form-errors';
import { actionsApi, type RescueActionEntryDto } from './actions.api';

interface LogForm {
  step: RescueActionStep;
  performedAt?: string;
  evidenceText?: string;
  evidenceUrl?: string;
  attachmentId?: string;
  searchNoticeId?: string;
  dnaOutcome?: 'not_matched' | 'matched';
  note?: string;
  withdraw?: boolean;
  correctionReason?: string;
}

/** The attachment kind cited as evidence of a step. */
export function evidenceKindOf(step: RescueActionStep): string {
  if (step === 'dna_request' || step === 'dna_collected' || step === 'dna_result') return 'dna_record';
  if (step === 'face_comparison') return 'face_record';
  return 'action_evidence';
}

const NOTICE_STEPS: readonly RescueActionStep[] = [
  'national_site',
  'toutiao_notice',
  'media',
  'wechat',
  'weibo',
  'douyin',
  'search_update',
];

/** `YYYY-MM-DDTHH:mm` typed in Beijing time → ISO instant. */
function beijingInstant(local: string): string {
  return new Date(`${local}:00+08:00`).toISOString();
}

export function LogActionDialog({
  caseId,
  caseNo,
  step,
  correcting,
  notices = [],
  onDone,
  onClose,
}: {
  caseId: string;
  caseNo?: string;
  step?: RescueActionStep;
  /** An entry to correct or withdraw. */
  correcting?: RescueActionEntryDto;
  notices?: { id: string; number: string }[];
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<LogForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const chosen = Form.useWatch('step', form) ?? correcting?.step ?? step ?? 'registration';
  const withdraw = Form.useWatch('withdraw', form) ?? false;
  const title = correcting
    ? `更正或撤销：${correcting.stepLabel}`
    : `登记规定动作${caseNo ? `（${caseNo}）` : ''}`;

  const onOk = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await actionsApi.log(caseId, {
        step: values.step,
        performedAt: values.performedAt ? beijingInstant(values.performedAt) : null,
        evidenceText: values.evidenceText ?? null,
        evidenceUrl: values.evidenceUrl ?? null,
        attachmentIds: values.attachmentId ? [values.attachmentId] : [],
        searchNoticeId: values.searchNoticeId ?? null,
        dnaOutcome: values.step === 'dna_result' ? (values.dnaOutcome ?? null) : null,
        note: values.note ?? null,
        ...(correcting
          ? {
              supersedesId: correcting.id,
              withdraw: values.withdraw ?? false,
              correctionReason: values.correctionReason ?? null,
            }
          : {}),
      });
      void message.success(values.withdraw ? '已撤销该登记' : '已登记');
      onDone();
    } catch (e) {
      setError(
        applyServerError(form, e, { attachmentIds: 'attachmentId', supersedesId: 'correctionReason' }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={withdraw ? '确认撤销' : '保存登记'}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void onOk().catch(() => undefined)}
      width={620}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="rescue-log-action"
        initialValues={{ step: correcting?.step ?? step ?? 'registration', withdraw: false }}
      >
        <Form.Item name="step" label="规定动作" rules={[{ required: true, message: '请选择规定动作' }]}>
          <Select
            disabled={Boolean(correcting)}
            options={RESCUE_ACTION_STEPS.map((s) => ({ value: s, label: RESCUE_ACTION_STEP_LABELS[s] }))}
          />
        </Form.Item>
        {correcting && (
          <>
            <Form.Item name="withdraw" valuePropName="checked">
              <Checkbox>撤销原登记（登记有误，不以新记录替代）</Checkbox>
            </Form.Item>
            <Form.Item
              name="correctionReason"
              label="更正或撤销原因"
              rules={[{ required: true, min: 2, message: '请填写原因（至少 2 个字）' }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        {!withdraw && (
          <>
            <Form.Item
              name="performedAt"
              label="办理时间（北京时间）"
              extra="不填则为当前时间；不能晚于当前时间，不能早于入站时间"
            >
              <Input type="datetime-local" />
            </Form.Item>
            {chosen === 'dna_result' && (
              <Form.Item
                name="dnaOutcome"
                label="比对结果"
                rules={[{ required: true, message: '请选择DNA比对结果' }]}
              >
                <Radio.Group
                  options={[
                    { value: 'not_matched', label: '未比中' },
                    { value: 'matched', label: '已比中' },
                  ]}
                />
              </Form.Item>
            )}
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              佐证至少提供一项：说明、网址、附件或寻亲公告。
            </Typography.Paragraph>
            <Form.Item name="evidenceText" label="佐证说明">
              <Input.TextArea
                rows={2}
                maxLength={500}
                placeholder="如：系统登记号、公安机关受理回执文号、比对结果说明"
              />
            </Form.Item>
            <Form.Item name="evidenceUrl" label="发布网址">
              <Input maxLength={500} placeholder="https://" />
            </Form.Item>
            <Form.Item name="attachmentId" label="佐证附件">
              <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind={evidenceKindOf(chosen)} />
            </Form.Item>
            {NOTICE_STEPS.includes(chosen) && notices.length > 0 && (
              <Form.Item name="searchNoticeId" label="引用寻亲公告">
                <Select
                  allowClear
                  options={notices.map((n) => ({ value: n.id, label: n.number }))}
                  placeholder="选择已生成的寻亲公告"
                />
              </Form.Item>
            )}
            <Form.Item name="note" label="备注">
              <Input maxLength={500} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
