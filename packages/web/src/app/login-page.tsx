import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorText } from './api-client';
import { useAuth } from './auth-context';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths are followed after login, never `//host` or absolute URLs. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

function loginErrorText(error: unknown): string {
  const text = errorText(error);
  if (error instanceof ApiError && error.code === 'AUTH_LOCKED') {
    const seconds = Number(error.details.retryAfterSeconds);
    if (Number.isFinite(seconds) && seconds > 0 && !text.includes('分钟')) {
      return `${text}（约 ${Math.ceil(seconds / 60)} 分钟后可再次尝试）`;
    }
  }
  return text;
}

export function LoginPage() {
  const { user, status, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    document.title = '用户登录 - 社会事务综合服务平台';
  }, []);

  if (user) return <Navigate to={next} replace />;

  const submit = async ({ username, password }: LoginForm) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await login(username.trim(), password);
      void navigate(next, { replace: true });
    } catch (e) {
      // The form keeps what was typed; only the message changes.
      setError(loginErrorText(e));
      setSubmitting(false);
    }
  };

  return (
    <div className="login-screen">
      <Card className="login-card" variant="borderless">
        <Typography.Title level={1} className="login-title">
          社会事务综合服务平台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 24 }}>
          用户登录
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={error} />}
        {!error && status === 'expired' && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            data-testid="session-expired"
            style={{ marginBottom: 16 }}
            title="登录已过期，请重新登录"
            description={
              next === '/'
                ? '为保护数据安全，长时间未操作或在别处修改密码后需要重新登录。'
                : '登录后将回到您刚才所在的页面。'
            }
          />
        )}
        <Form<LoginForm>
          name="login"
          layout="vertical"
          size="large"
          onFinish={(values) => void submit(values)}
          requiredMark={false}
        >
          <Form.Item
            name="username"
            label="用户名"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus placeholder="用户名" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph
          type="secondary"
          style={{ marginTop: 24, marginBottom: 0, fontSize: 12, textAlign: 'center' }}
        >
          连续多次输入错误密码将临时锁定账号。忘记密码请联系本级系统管理员重置。
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0, textAlign: 'center' }}>
          <Link to="/booking">婚姻登记网上预约</Link>
          <Typography.Text type="secondary"> · </Typography.Text>
          <Link to="/family-search">全国救助寻亲</Link>
          <Typography.Text type="secondary"> · </Typography.Text>
          <Link to="/qingming">清明祭扫预约</Link>
          <Typography.Text type="secondary"> · </Typography.Text>
          <Link to="/memorials">网上祭奠</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            （群众办事，无需登录）
          </Typography.Text>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
