import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../api-client';
import { applyServerError } from '../form-errors';
import { useCurrentUser } from '../auth-context';
import { newPasswordRules, notContainingUsername } from '../password-rules';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<PasswordForm>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();

  const close = () => {
    form.resetFields();
    setFormError(undefined);
    onClose();
  };

  const submit = async () => {
    const { currentPassword, newPassword } = await form.validateFields();
    setSubmitting(true);
    setFormError(undefined);
    try {
      await api.post<void>('/api/auth/password', { currentPassword, newPassword });
      void message.success('密码已修改，下次登录请使用新密码');
      close();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'AUTH_INVALID_CREDENTIALS') {
        form.setFields([{ name: 'currentPassword', errors: [error.message || '当前密码不正确'] }]);
      } else {
        setFormError(applyServerError(form, error, { password: 'newPassword' }));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title="修改密码"
      open={open}
      okText="确认修改"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={close}
      forceRender
    >
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form form={form} name="change-password" layout="vertical">
        <Form.Item
          name="currentPassword"
          label="当前密码"
          rules={[{ required: true, message: '请输入当前密码' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          dependencies={['currentPassword']}
          hasFeedback
          rules={[
            ...newPasswordRules,
            notContainingUsername(() => user.username),
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value === getFieldValue('currentPassword'))
                  throw new Error('新密码不能与当前密码相同');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label="确认新密码"
          dependencies={['newPassword']}
          hasFeedback
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
