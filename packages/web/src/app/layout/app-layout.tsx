import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Flex, Layout, Spin, Tag, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet } from 'react-router';
import { useFocusHeadingOnNavigation } from '../a11y/focus-heading';
import { useAuth, useCurrentUser } from '../auth-context';
import type { FeatureRoute } from '../feature-registry';
import { AppMenu } from './app-menu';
import { ChangePasswordDialog } from './change-password-dialog';
import { DivisionPicker } from './division-picker';
import { ShellRoutesProvider } from './shell-routes';

export function AppLayout({ routes }: { routes: readonly FeatureRoute[] }) {
  const user = useCurrentUser();
  const { logout } = useAuth();
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  useFocusHeadingOnNavigation();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} breakpoint="lg">
        <div className="app-brand" title="社会事务综合服务平台">
          {collapsed ? '社务' : '社会事务综合服务平台'}
        </div>
        <AppMenu routes={routes} />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Flex align="center" gap={8}>
            <Typography.Text type="secondary">当前区划</Typography.Text>
            <DivisionPicker />
          </Flex>
          <Flex align="center" gap={12} wrap>
            <Flex align="center" gap={8} data-testid="current-user">
              <Avatar size="small" icon={<UserOutlined />} />
              <Typography.Text strong>{user.displayName}</Typography.Text>
              <Tag color="blue">{user.roleLabel}</Tag>
              <Typography.Text type="secondary">管辖：{user.divisionName}</Typography.Text>
            </Flex>
            <Button type="text" icon={<KeyOutlined />} onClick={() => setChangingPassword(true)}>
              修改密码
            </Button>
            <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()}>
              退出登录
            </Button>
          </Flex>
        </Layout.Header>
        <Layout.Content className="app-content">
          <ShellRoutesProvider routes={routes}>
            <Suspense fallback={<Spin size="large" className="page-spin" />}>
              <Outlet />
            </Suspense>
          </ShellRoutesProvider>
        </Layout.Content>
      </Layout>
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
    </Layout>
  );
}
