import { Spin, Typography } from 'antd';
import { Suspense, type ReactNode } from 'react';

/**
 * The public portal's layout (ui.md: "a separate, simpler layout that works on a phone"): a title bar,
 * one column at most 560 px wide, no menu and no session.
 */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <div className="public-screen">
      <header className="public-header">
        <div className="public-column">社会事务综合服务平台 · 公众服务</div>
      </header>
      <main className="public-column public-main">
        <Suspense fallback={<Spin size="large" className="page-spin" />}>{children}</Suspense>
      </main>
      <footer className="public-column public-footer">
        <Typography.Text type="secondary">本页无需登录。您填写的信息仅用于本次办理。</Typography.Text>
      </footer>
    </div>
  );
}
