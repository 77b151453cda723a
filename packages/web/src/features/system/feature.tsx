import { AuditOutlined, CalendarOutlined, UserOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';

const UsersPage = lazy(() => import('./users-page').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('./audit-page').then((m) => ({ default: m.AuditPage })));
const HolidayCalendarPage = lazy(() =>
  import('./holiday-calendar-page').then((m) => ({ default: m.HolidayCalendarPage })),
);

export const systemFeature: Feature = {
  key: 'system',
  routes: [
    {
      path: '/system/users',
      component: UsersPage,
      permission: 'users:manage',
      menu: { label: '用户管理', icon: <UserOutlined />, order: 10, section: 'system' },
    },
    {
      path: '/system/holiday-calendar',
      component: HolidayCalendarPage,
      permission: 'users:manage',
      menu: { label: '节假日安排', icon: <CalendarOutlined />, order: 15, section: 'system' },
    },
    {
      path: '/system/audit',
      component: AuditPage,
      permission: 'audit:read',
      menu: { label: '审计日志', icon: <AuditOutlined />, order: 20, section: 'system' },
    },
  ],
};
