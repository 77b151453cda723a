import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { revealBody } from '@social-affairs/kernel/contracts';
import { applyServerError } from '../../app/form-errors';
import { zodRule } from '../../app/zod-rule';
import { revealResidentId } from './people.api';

interface Props {
  personId: string;
  open: boolean;
  onClose: () => void;
  onRevealed: (residentId: string) => void;
}

/** Viewing a full resident id needs a stated reason; the server writes it to the audit log. */
export function RevealIdDialog({ personId, open, onClose, onRevealed }: Props) {
  const [form] = Form.useForm<{ reason: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();

  const submit = async () => {
    const { reason } = await form.validateFields();
    setSubmitting(true);
    setFormError(undefined);
    try {
      const { residentId } = await revealResidentId(personId, reason.trim());
      if (!residentId) {
        setFormError('该人员没有登记公民身份号码');
        return;
      }
      form.resetFields();
      onRevealed(residentId);
    } catch (error) {
      setFormError(applyServerError(form, error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title="查看完整身份证号"
      open={open}
      okText="查看"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="完整身份证号属于个人敏感信息，查看操作将连同事由记入审计日志。"
      />
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form form={form} name="reveal-id" layout="vertical">
        <Form.Item
          name="reason"
          label="查看事由"
          rules={[
            { required: true, whitespace: true, message: '请填写查看事由' },
            zodRule(revealBody.shape.reason),
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder="例如：办理死亡登记需与户籍信息核对"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
