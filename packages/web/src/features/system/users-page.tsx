import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Table, Tag, TreeSelect } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { newUserBody } from '@social-affairs/kernel/contracts';
import type { CreateUserRequest, RoleCode, RoleInfo, UserSummary } from '../../api/types';
import { errorText } from '../../app/api-client';
import { useDivision } from '../../app/division-context';
import { toTreeOptions } from '../../app/division-tree';
import { applyServerError } from '../../app/form-errors';
import { formatCount, formatDateTime } from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { newPasswordRules, notContainingUsername } from '../../app/password-rules';
import { useApi } from '../../app/use-api';
import { zodRule } from '../../app/zod-rule';
import { createUser, fetchRoles, fetchUsers, resetUserPassword } from './system.api';

export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? undefined;
  const role = params.get('role') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(10, Number(params.get('pageSize')) || 20));
  const users = useApi(
    (signal) => fetchUsers({ q, role, page, pageSize }, signal),
    [q, role, page, pageSize],
  );
  const roles = useApi((signal) => fetchRoles(signal), []);
  const roleItems = useMemo(() => roles.data?.items ?? [], [roles.data]);
  const roleOptions = roleItems.map((r) => ({ value: r.role, label: r.label }));
  const [filterForm] = Form.useForm<{ q?: string; role?: string }>();
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
    <>
      <PageHeader
        title={users.data ? `用户管理（共 ${formatCount(users.data.total)} 个）` : '用户管理'}
        documentTitle="用户管理"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            新增用户
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Form
          form={filterForm}
          name="user-filters"
          layout="inline"
          style={{ rowGap: 12 }}
          initialValues={{ q, role }}
          onFinish={(values) => {
            const next = new URLSearchParams();
            if (values.q?.trim()) next.set('q', values.q.trim());
            if (values.role) next.set('role', values.role);
            setParams(next);
          }}
        >
          <Form.Item name="q" label="关键字">
            <Input allowClear placeholder="用户名或姓名" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="role" label="角色">
            <Select allowClear placeholder="全部角色" options={roleOptions} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                filterForm.setFieldsValue({ q: undefined, role: undefined });
                setParams(new URLSearchParams());
              }}
            >
              重置
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {users.error !== undefined && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="用户列表加载失败"
          description={errorText(users.error)}
        />
      )}
      <Card>
        <Table<UserSummary>
          rowKey="id"
          loading={users.loading}
          columns={columns}
          dataSource={users.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: q || role ? '没有符合条件的用户，请调整筛选条件。' : '暂无用户，点击“新增用户”添加。',
          }}
          pagination={{
            current: page,
            pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => `共 ${formatCount(n)} 个`,
          }}
          onChange={(pagination) => {
            const next = new URLSearchParams(params);
            next.set('page', String(pagination.current ?? 1));
            next.set('pageSize', String(pagination.pageSize ?? 20));
            setParams(next);
          }}
        />
      </Card>
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
    </>
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
