import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Tag, TreeSelect } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { newUserBody } from '@social-affairs/kernel/contracts';
import type { CreateUserRequest, RoleCode, RoleInfo, UserSummary } from '../../api/types';
import { useAuth } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { toTreeOptions } from '../../app/division-tree';
import { applyServerError } from '../../app/form-errors';
import { formatDateTime } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { errorText } from '../../app/api-client';
import { newPasswordRules, notContainingUsername } from '../../app/password-rules';
import { useApi } from '../../app/use-api';
import { zodRule } from '../../app/zod-rule';
import {
  createUser,
  fetchRoles,
  fetchUsers,
  resetUserPassword,
  setUserStatus,
  unlockUser,
  updateUserAccess,
  type AdminUser,
} from './system.api';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '用户名或姓名', width: 200 }),
  role: textFilter({ label: '角色' }),
  division: textFilter({ label: '所属区划' }),
  status: choiceFilter(
    { active: '启用', disabled: '停用' },
    { label: '状态', placeholder: '全部', width: 120 },
  ),
};

/** 所属区划 filter: the division tree of the administrator's scope. */
function DivisionFilter(props: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const { tree } = useDivision();
  const treeData = useMemo(() => (tree ? [toTreeOptions(tree)] : []), [tree]);
  return (
    <TreeSelect
      {...props}
      allowClear
      treeData={treeData}
      treeDefaultExpandedKeys={tree ? [tree.code] : []}
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder="全部区划"
      style={{ width: 200 }}
      aria-label="所属区划"
    />
  );
}

export function UsersPage() {
  const users = useListPage({
    filters,
    division: false,
    pageSizes: [10, 20, 50, 100],
    // Sorted by the server, kept in the URL; default: user name.
    sortKeys: ['username', 'role', 'divisionCode', 'status', 'lastLoginAt'],
    load: (query, signal) => fetchUsers(query, signal),
  });
  const roles = useApi((signal) => fetchRoles(signal), []);
  const roleItems = useMemo(() => roles.data?.items ?? [], [roles.data]);
  const roleOptions = roleItems.map((r) => ({ value: r.role, label: r.label }));
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<UserSummary>();
  const [editing, setEditing] = useState<AdminUser>();
  const { message } = App.useApp();
  const me = useAuth().user;
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      void message.success(done);
      users.reload();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const columns: TableColumnsType<AdminUser> = [
    { title: '用户名', key: 'username', dataIndex: 'username', sorter: true },
    { title: '姓名', dataIndex: 'displayName' },
    {
      title: '角色',
      key: 'role',
      dataIndex: 'roleLabel',
      sorter: true,
      render: (label: string) => <Tag color="blue">{label}</Tag>,
    },
    { title: '所属区划', key: 'divisionCode', dataIndex: 'divisionName', sorter: true },
    {
      title: '状态',
      key: 'status',
      dataIndex: 'status',
      sorter: true,
      render: (status: UserSummary['status'], user) => (
        <>
          {status === 'active' ? <Tag color="green">启用</Tag> : <Tag color="default">停用</Tag>}
          {user.lockedUntil && (
            <Tag color="orange" title={`登录失败过多，至 ${formatDateTime(user.lockedUntil)}`}>
              已锁定
            </Tag>
          )}
        </>
      ),
    },
    {
      title: '最近登录',
      key: 'lastLoginAt',
      dataIndex: 'lastLoginAt',
      sorter: true,
      render: (v: string | null) => (v ? formatDateTime(v) : '从未登录'),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, user) => {
        const self = user.id === me?.id;
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setEditing(user)}>
              角色与范围
            </Button>
            <Button type="link" size="small" onClick={() => setResetting(user)}>
              重置密码
            </Button>
            {user.lockedUntil && (
              <Button
                type="link"
                size="small"
                onClick={() => void act(() => unlockUser(user.id), `已解除 ${user.displayName} 的登录锁定`)}
              >
                解除锁定
              </Button>
            )}
            {user.status === 'active' ? (
              <Popconfirm
                title={`停用 ${user.displayName}？`}
                description="停用后该用户立即退出登录，且不能再登录。"
                okText="停用"
                cancelText="取消"
                okButtonProps={{ danger: true }}
                disabled={self}
                onConfirm={() =>
                  void act(() => setUserStatus(user.id, 'disabled'), `已停用 ${user.displayName}`)
                }
              >
                <Button
                  type="link"
                  size="small"
                  danger
                  disabled={self}
                  title={self ? '不能停用本人的账号' : undefined}
                >
                  停用
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="link"
                size="small"
                onClick={() => void act(() => setUserStatus(user.id, 'active'), `已启用 ${user.displayName}`)}
              >
                启用
              </Button>
            )}
          </Space>
        );
      },
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
        role: (
          <Select
            allowClear
            placeholder="全部角色"
            options={roleOptions}
            style={{ width: 180 }}
            aria-label="角色"
          />
        ),
        division: <DivisionFilter />,
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
      <AccessDialog
        user={editing}
        roles={roleItems}
        self={editing?.id === me?.id}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          users.reload();
        }}
      />
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

/** 角色与范围: role, division and (optionally) institution of an account; its sessions end on save. */
function AccessDialog({
  user,
  roles,
  self,
  onClose,
  onSaved,
}: {
  user: AdminUser | undefined;
  roles: RoleInfo[];
  self: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const { tree } = useDivision();
  const [form] = Form.useForm<{ role: string; divisionCode: string; institutionId?: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();
  const treeData = useMemo(() => (tree ? [toTreeOptions(tree)] : []), [tree]);
  const submit = async () => {
    if (!user) return;
    const values = await form.validateFields();
    setSubmitting(true);
    setFormError(undefined);
    try {
      await updateUserAccess(user.id, {
        role: values.role,
        divisionCode: values.divisionCode,
        institutionId: values.institutionId?.trim() || null,
      });
      void message.success(`已保存 ${user.displayName} 的角色与管辖范围，该用户需重新登录`);
      onSaved();
    } catch (error) {
      setFormError(applyServerError(form, error));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal
      title={user ? `角色与范围：${user.displayName}（${user.username}）` : '角色与范围'}
      open={user !== undefined}
      okText="保存"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        setFormError(undefined);
        onClose();
      }}
      afterOpenChange={(open) => {
        if (open && user)
          form.setFieldsValue({
            role: user.role,
            divisionCode: user.divisionCode,
            institutionId: user.institutionId ?? undefined,
          });
      }}
      destroyOnHidden
    >
      {self && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="这是您本人的账号：不能取消本人的用户管理权限，也不能修改本人的管辖范围。"
        />
      )}
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form form={form} name="user-access" layout="vertical" autoComplete="off">
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={roles.map((r) => ({ value: r.role, label: r.label }))} />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label="所属区划"
          extra="只能在您的管辖范围内选择；保存后该用户的会话全部失效"
          rules={[{ required: true, message: '请选择所属区划' }]}
        >
          <TreeSelect treeData={treeData} showSearch={{ treeNodeFilterProp: 'title' }} placeholder="请选择" />
        </Form.Item>
        <Form.Item
          name="institutionId"
          label="所属机构 ID（可选）"
          extra="救助管理站、殡仪馆等机构的账号填写"
        >
          <Input maxLength={64} allowClear />
        </Form.Item>
      </Form>
    </Modal>
  );
}
