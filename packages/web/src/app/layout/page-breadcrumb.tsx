import { Breadcrumb } from 'antd';
import type { BreadcrumbProps } from 'antd';
import { Link, useLocation } from 'react-router';
import type { FeatureRoute } from '../feature-registry';
import { sections, selectedMenuPath } from './app-menu';
import { useShellRoutes } from './shell-routes';

/** A crumb a page adds between its line and itself (e.g. 核查队列 above a pair). */
export interface Crumb {
  title: string;
  /** A link back; none for a plain label. */
  to?: string;
}

type Items = NonNullable<BreadcrumbProps['items']>;

/**
 * Where the page sits, as links back up: 首页 › 系统管理 › 用户管理 for a sub-page, built from the feature
 * list's menu entries (so a new line gets its crumbs for free) and the crumbs the page adds. The page
 * itself is the `h1` right below, so it is not repeated here; the home page shows 首页 alone.
 */
export function breadcrumbItems(
  routes: readonly FeatureRoute[],
  pathname: string,
  extra: readonly Crumb[] = [],
): Items {
  const menuRoutes = routes.filter((route) => route.menu);
  const home: Items[number] = { key: 'home', title: pathname === '/' ? '首页' : <Link to="/">首页</Link> };
  if (pathname === '/') return [home];
  const items: Items = [home];
  const menuPath = selectedMenuPath(
    pathname,
    menuRoutes.map((route) => route.path).filter((path) => path !== '/'),
  );
  const menuRoute = menuRoutes.find((route) => route.path === menuPath);
  const section = menuRoute?.menu?.section;
  if (section) items.push({ key: `section:${section}`, title: sections[section].label });
  if (menuRoute && menuRoute.path !== pathname)
    items.push({ key: menuRoute.path, title: <Link to={menuRoute.path}>{menuRoute.menu!.label}</Link> });
  for (const crumb of extra)
    items.push({
      key: `extra:${crumb.title}`,
      title: crumb.to ? <Link to={crumb.to}>{crumb.title}</Link> : crumb.title,
    });
  return items;
}

/** The page's breadcrumb inside the signed-in shell; nothing elsewhere (login, public portal). */
export function PageBreadcrumb({ extra }: { extra?: readonly Crumb[] }) {
  const routes = useShellRoutes();
  const { pathname } = useLocation();
  if (!routes) return null;
  return (
    <Breadcrumb
      aria-label="当前位置"
      data-testid="page-breadcrumb"
      className="page-breadcrumb"
      items={breadcrumbItems(routes, pathname, extra)}
    />
  );
}
