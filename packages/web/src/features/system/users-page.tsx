import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Tag, TreeSelect } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { newUserBody } from '@social-affairs/kernel/contracts';
import type { CreateUserRequest, RoleCode, RoleInfo, UserSummary } from '../../api/types';
import { useDivision } from '../../app/division-context';
import { toTreeOptions } from '../../app/division-tree';
import { applyServerError } from '../../app/form-errors';
import { formatDateTime } from '../../app/format';
import { ListPage, textFilter, useListPage } from '../../app/list-page';
import { newPasswordRules, notContainingUsername } from '../../app/password-rules';
import { useApi } from '../../app/use-api';
import { zodRule } from '../../app/zod-rule';
import { createUser, fetchRoles, fetchUsers, resetUserPassword } from './system.api';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '用户名或姓名', width: 200 }),
  role: textFilter({ label: '角色' }),
};

export function UsersPage() {
  const users = useListPage({
    filters,
    division: false,
    pageSizes: [10, 20, 50, 100],
    load: (query, signal) => fetchUsers(query, signal),
  });
  const roles = useApi((signal) => fetchRoles(signal), []);
  const roleItems = useMemo(() => roles.data?.items ?? [], [roles.data]);
  const roleOptions = roleItems.map((r) => ({ value: r.role, label: r.label }));
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<UserSummary>();

  const columns: TableColumnsType<UserSummary> = [
    { title: '用户名', dataIndex: 'username' },
    { title: '姓名', dataIndex: 'displayName' },
    { title: '角色', dataIndex: 'roleLabel', render: (label: string) => <Tag color="blue">{label}</Tag> },
    { title: '所属区划', dataIndex: 'divisionName' },
    {
      title: '状态',
      dataIndex: 'status',
      render: (status: UserSummary['status']) =>
        status === 'active' ? <Tag color="green">启用</Tag> : <Tag color="default">停用</Tag>,
    },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      render: (v: string | null) => (v ? formatDateTime(v) : '从未登录'),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, user) => (
        <Button type="link" size="small" onClick={() => setResetting(user)}>
          重置密码
        </Button>
      ),
    },
  ];

  return (
    <ListPage
      list={users}
      title="用户管理"
      unit="个"
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          新增用户
        </Button>
      }
      filterName="user-filters"
      controls={{
        role: <Select allowClear placeholder="全部角色" options={roleOptions} style={{ width: 180 }} />,
      }}
      errorTitle="用户列表加载失败"
      rowKey="id"
      size="large"
      columns={columns}
      empty={users.filtered ? '没有符合条件的用户，请调整筛选条件。' : '暂无用户，点击“新增用户”添加。'}
    >
      <AddUserDialog
        open={adding}
        roles={roleItems}
        onClose={() => setAdding(false)}
        onCreated={() => {
          setAdding(false);
          users.reload();
        }}
      />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(undefined)} />
    </ListPage>
  );
}

interface AddUserForm extends Omit<CreateUserRequest, 'role'> {
  role: RoleCode;
  confirmPassword: string;
}

function AddUserDialog({
  open,
  roles,
  onClose,
  onCreated,
}: {
  open: boolean;
  roles: RoleInfo[];
  onClose: () => void;
  onCreated: () => void;
}) {
  const { message } = App.useApp();
  const { tree } = useDivision();
  const [form] = Form.useForm<AddUserForm>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();
  const treeData = useMemo(() => (tree ? [toTreeOptions(tree)] : []), [tree]);

  const submit = async () => {
    const { confirmPassword: _confirm, ...values } = await form.validateFields();
    setSubmitting(true);
    setFormError(undefined);
    try {
      await createUser({
        ...values,
        username: values.username.trim(),
        displayName: values.displayName.trim(),
      });
      void message.success(`已新增用户 ${values.username}`);
      form.resetFields();
      onCreated();
    } catch (error) {
      setFormError(applyServerError(form, error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title="新增用户"
      open={open}
      okText="保存"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form form={form} name="add-user" layout="vertical" autoComplete="off">
        <Form.Item
          name="username"
          label="用户名"
          extra="用于登录，建议“角色.区划”格式，如 subsidy_clerk.county"
          rules={[
            { required: true, whitespace: true, message: '请输入用户名' },
            zodRule(newUserBody.shape.username),
          ]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            zodRule(newUserBody.shape.displayName),
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select placeholder="请选择" options={roles.map((r) => ({ value: r.role, label: r.label }))} />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label="所属区划"
          extra="只能在您的管辖范围内选择"
          rules={[{ required: true, message: '请选择所属区划' }]}
        >
          <TreeSelect
            treeData={treeData}
            treeDefaultExpandedKeys={tree ? [tree.code] : []}
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder="请选择"
          />
        </Form.Item>
        <Form.Item
          name="password"
          label="初始密码"
          dependencies={['username']}
          rules={[...newPasswordRules, notContainingUsername((form) => form.getFieldValue('username'))]}
          hasFeedback
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label="确认初始密码"
          dependencies={['password']}
          hasFeedback
          rules={[
            { required: true, message: '请再次输入初始密码' },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue('password')) throw new Error('两次输入的密码不一致');
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

function ResetPasswordDialog({ user, onClose }: { user: UserSummary | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();

  const submit = async () => {
    if (!user) return;
    const { password } = await form.validateFields();
    setSubmitting(true);
    setFormError(undefined);
    try {
      await resetUserPassword(user.id, password);
      void message.success(`已重置 ${user.displayName} 的密码，请告知其登录后尽快修改`);
      form.resetFields();
      onClose();
    } catch (error) {
      setFormError(applyServerError(form, error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={user ? `重置密码：${user.displayName}（${user.username}）` : '重置密码'}
      open={user !== undefined}
      okText="重置"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        form.resetFields();
        setFormError(undefined);
        onClose();
      }}
      forceRender
    >
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form form={form} name="reset-password" layout="vertical" autoComplete="off">
        <Form.Item
          name="password"
          label="新密码"
          rules={[...newPasswordRules, notContainingUsername(() => user?.username)]}
          hasFeedback
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
