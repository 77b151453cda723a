import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';

/**
 * How a business line plugs into the shell. Each `features/<line>/feature.tsx` exports one
 * `Feature`; `features/index.ts` lists them. The shell builds the router and the left menu from
 * this list, showing each entry only to users holding its permission, so adding a line is one
 * folder and one line in that list — no edits to the layout.
 *
 * Menu order (ui.md): 首页 0 · 人员信息 10 · 婚姻登记 20 (marriage:read) · 救助管理 30 (rescue:read) ·
 * 殡葬管理 40 (funeral:read) · 残疾人福利 50 (disability:read) · 数据比对 60 (matching:read) ·
 * 统计报表 70 · 系统管理 90.
 */
export interface Feature {
  /** Stable id, also the menu key of a line with several pages. */
  key: string;
  routes: FeatureRoute[];
  /**
   * Pages of the public portal (预约, 申请…): no login, the simple phone-friendly layout
   * (app/layout/public-layout.tsx), outside the clerks' shell.
   */
  publicRoutes?: PublicRoute[];
}

export interface PublicRoute {
  /** Absolute path outside the signed-in area, e.g. `/booking`. */
  path: string;
  component: LazyExoticComponent<ComponentType> | ComponentType;
}

export interface FeatureRoute {
  /** Absolute path, may hold params (`/people/:id`). */
  path: string;
  component: LazyExoticComponent<ComponentType> | ComponentType;
  /**
   * Permission needed to open the page (and to see its menu entry); none = every logged-in user;
   * `*:<action>` = any permission with that action (e.g. `*:approve`).
   */
  permission?: string;
  /** Present when the page has a left-menu entry. */
  menu?: MenuEntry;
}

export interface MenuEntry {
  label: string;
  icon?: ReactNode;
  /** Smaller first; see the table above. Entries in a section are ordered by this too. */
  order: number;
  /** Puts the entry in a collapsible group (e.g. 系统管理). */
  section?: MenuSectionKey;
}

/** Collapsible groups of the left menu; labels, icons and order live in app/layout/app-menu.tsx. */
export type MenuSectionKey = 'system';

export function routesOf(features: readonly Feature[]): FeatureRoute[] {
  return features.flatMap((feature) => feature.routes);
}

export function publicRoutesOf(features: readonly Feature[]): PublicRoute[] {
  return features.flatMap((feature) => feature.publicRoutes ?? []);
}
