import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { createBrowserRouter, Link, Navigate, Outlet, useLocation, useRouteError } from 'react-router';
import { LoginPage } from './login-page';
import { AuthProvider, useAuth } from './auth-context';
import { DivisionProvider } from './division-context';
import { publicRoutesOf, routesOf, type Feature, type FeatureRoute } from './feature-registry';
import { AppLayout } from './layout/app-layout';
import { PublicLayout } from './layout/public-layout';

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, status, refresh } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Spin size="large" className="page-spin" />;
  if (status === 'unreachable') {
    return (
      <Result
        status="warning"
        title="暂时无法连接服务器"
        subTitle="请检查网络连接后重试。"
        extra={
          <Button type="primary" onClick={() => void refresh()}>
            重试
          </Button>
        }
      />
    );
  }
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    // After 退出登录 start clean; after an expired session come back to where the user was.
    const to = status === 'signed-out' || next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return children;
}

function FeaturePage({ route }: { route: FeatureRoute }) {
  const { hasPermission } = useAuth();
  if (!hasPermission(route.permission)) {
    return (
      <Result
        status="403"
        title="没有访问权限"
        subTitle="您的角色不能使用此功能。如需开通，请联系本级系统管理员。"
        extra={<Link to="/">返回首页</Link>}
      />
    );
  }
  const Page = route.component;
  return <Page />;
}

function NotFound() {
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="请检查地址，或从左侧菜单进入。"
      extra={<Link to="/">返回首页</Link>}
    />
  );
}

function RouteError() {
  const error = useRouteError();
  const detail = error instanceof Error ? error.message : undefined;
  return (
    <Result
      status="error"
      title="页面出错了"
      subTitle={detail ? `请刷新页面重试。（${detail}）` : '请刷新页面重试。'}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}

export function createAppRouter(features: readonly Feature[]) {
  const routes = routesOf(features);
  return createBrowserRouter([
    // The public portal: no session, no probe of one.
    ...publicRoutesOf(features).map(({ path, component: Page }) => ({
      path,
      element: (
        <PublicLayout>
          <Page />
        </PublicLayout>
      ),
      errorElement: <RouteError />,
    })),
    {
      element: (
        <AuthProvider>
          <Outlet />
        </AuthProvider>
      ),
      errorElement: <RouteError />,
      children: [
        { path: '/login', element: <LoginPage /> },
        {
          element: (
            <RequireAuth>
              <DivisionProvider>
                <AppLayout routes={routes} />
              </DivisionProvider>
            </RequireAuth>
          ),
          errorElement: <RouteError />,
          children: [
            ...routes.map((route) => ({ path: route.path, element: <FeaturePage route={route} /> })),
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ]);
}
