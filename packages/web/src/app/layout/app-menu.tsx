import { SettingOutlined } from '@ant-design/icons';
import { Menu } from 'antd';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth-context';
import type { FeatureRoute, MenuSectionKey } from '../feature-registry';

/** The menu's collapsible groups (also the middle crumb of a page's breadcrumb). */
export const sections: Record<MenuSectionKey, { label: string; icon: ReactNode; order: number }> = {
  system: { label: '系统管理', icon: <SettingOutlined />, order: 90 },
};

type MenuItem = Required<MenuProps>['items'][number];

/** The menu path a location belongs to: `/people/42` → `/people`; `/` only matches itself. */
export function selectedMenuPath(pathname: string, menuPaths: string[]): string | undefined {
  return menuPaths
    .filter((path) =>
      path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`),
    )
    .sort((a, b) => b.length - a.length)[0];
}

export function AppMenu({ routes }: { routes: readonly FeatureRoute[] }) {
  const { hasPermission } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const visible = routes.filter((route) => route.menu && hasPermission(route.permission));

  type Slot = { order: number; item: MenuItem };
  const slots: Slot[] = [];
  const grouped = new Map<MenuSectionKey, FeatureRoute[]>();
  for (const route of visible) {
    const menu = route.menu!;
    if (menu.section) grouped.set(menu.section, [...(grouped.get(menu.section) ?? []), route]);
    else slots.push({ order: menu.order, item: { key: route.path, icon: menu.icon, label: menu.label } });
  }
  for (const [key, members] of grouped) {
    const section = sections[key];
    slots.push({
      order: section.order,
      item: {
        key: `section:${key}`,
        icon: section.icon,
        label: section.label,
        children: [...members]
          .sort((a, b) => a.menu!.order - b.menu!.order)
          .map((route) => ({ key: route.path, icon: route.menu!.icon, label: route.menu!.label })),
      },
    });
  }
  slots.sort((a, b) => a.order - b.order);

  const selected = selectedMenuPath(
    pathname,
    visible.map((route) => route.path),
  );
  const openSection = visible.find((route) => route.path === selected)?.menu?.section;

  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={
        openSection ? [`section:${openSection}`] : Object.keys(sections).map((k) => `section:${k}`)
      }
      items={slots.map((slot) => slot.item)}
      onClick={({ key }) => void navigate(key)}
    />
  );
}
