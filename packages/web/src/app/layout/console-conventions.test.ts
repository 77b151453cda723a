/** Breadcrumbs from the feature list's menu entries, and which tab a location belongs to. */
import { describe, expect, it } from 'vitest';
import type { FeatureRoute } from '../feature-registry';
import { breadcrumbItems } from './page-breadcrumb';
import { activeTabPath } from './section-tabs';

const Page = () => null;
const routes: FeatureRoute[] = [
  { path: '/', component: Page, menu: { label: '首页', order: 0 } },
  { path: '/marriage', component: Page, permission: 'marriage:read', menu: { label: '婚姻登记', order: 20 } },
  { path: '/marriage/records', component: Page, permission: 'marriage:read' },
  {
    path: '/system/users',
    component: Page,
    permission: 'users:manage',
    menu: { label: '用户管理', order: 10, section: 'system' },
  },
  { path: '/system/users/:id', component: Page, permission: 'users:manage' },
];

/** The crumbs' keys: the items' titles are links (React elements) or text. */
const keys = (pathname: string, extra?: Parameters<typeof breadcrumbItems>[2]) =>
  breadcrumbItems(routes, pathname, extra).map((item) => item.key);

describe('breadcrumbs', () => {
  it('lead from 首页 through the menu section and the line to the page (the page itself is its h1)', () => {
    expect(keys('/')).toEqual(['home']);
    expect(keys('/marriage')).toEqual(['home']);
    expect(keys('/marriage/records')).toEqual(['home', '/marriage']);
    expect(keys('/system/users')).toEqual(['home', 'section:system']);
    expect(keys('/system/users/42')).toEqual(['home', 'section:system', '/system/users']);
    expect(keys('/marriage/records', [{ title: '档案查询', to: '/marriage/records' }])).toEqual([
      'home',
      '/marriage',
      'extra:档案查询',
    ]);
  });

  it('show 首页 as plain text on the home page and as a link elsewhere', () => {
    expect(breadcrumbItems(routes, '/', [])[0]?.title).toBe('首页');
    expect(typeof breadcrumbItems(routes, '/marriage', [])[0]?.title).toBe('object');
  });
});

describe('section tabs', () => {
  it('mark the longest tab path the location equals or lies under', () => {
    const paths = ['/marriage', '/marriage/records', '/marriage/register'];
    expect(activeTabPath('/marriage', paths)).toBe('/marriage');
    expect(activeTabPath('/marriage/records', paths)).toBe('/marriage/records');
    expect(activeTabPath('/marriage/records/7', paths)).toBe('/marriage/records');
    expect(activeTabPath('/marriage/recordsx', paths)).toBe('/marriage');
    expect(activeTabPath('/people', paths)).toBeUndefined();
  });
});
