import { Tabs } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useMayOpen } from './shell-routes';

export interface SectionTab {
  /** The page the tab opens (a path the line's feature declares). */
  path: string;
  label: string;
}

/** The tab a location belongs to: the longest tab path it equals or lies under (`/marriage/records/1`). */
export function activeTabPath(pathname: string, paths: readonly string[]): string | undefined {
  return [...paths]
    .filter((path) => pathname === path || pathname.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * A line's pages under its one menu entry, the same way on every line: tabs under the page header, each
 * opening its page. A tab whose page needs a permission the role lacks is not shown (the permission is
 * the one the feature list declares for that page, so it is never repeated here).
 */
export function SectionTabs({
  tabs,
  label,
  activePath,
}: {
  tabs: readonly SectionTab[];
  label: string;
  /** The tab to highlight when the page's own path would pick the wrong one (a record under a line's root). */
  activePath?: string;
}) {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const mayOpen = useMayOpen();
  const shown = tabs.filter((tab) => mayOpen(tab.path));
  const active = activeTabPath(
    activePath ?? pathname,
    shown.map((tab) => tab.path),
  );
  return (
    <Tabs
      aria-label={label}
      data-testid="section-tabs"
      className="section-tabs"
      activeKey={active ?? ''}
      items={shown.map((tab) => ({ key: tab.path, label: tab.label }))}
      onChange={(key) => void navigate(key)}
    />
  );
}
