import { BankOutlined, HeartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';

const MarriageWorkbenchPage = lazy(() =>
  import('./workbench-page').then((m) => ({ default: m.MarriageWorkbenchPage })),
);
const MarriageAppointmentsPage = lazy(() =>
  import('./appointments-page').then((m) => ({ default: m.MarriageAppointmentsPage })),
);
const MarriageRegisterPage = lazy(() =>
  import('./register-page').then((m) => ({ default: m.MarriageRegisterPage })),
);
const MarriageRecordsPage = lazy(() =>
  import('./records-page').then((m) => ({ default: m.MarriageRecordsPage })),
);
const MarriageImportPage = lazy(() =>
  import('./import-page').then((m) => ({ default: m.MarriageImportPage })),
);
const MarriageMatchesPage = lazy(() =>
  import('./matches-page').then((m) => ({ default: m.MarriageMatchesPage })),
);
const MarriageBookingPage = lazy(() =>
  import('./booking-page').then((m) => ({ default: m.MarriageBookingPage })),
);
const MarriageRegistriesPage = lazy(() =>
  import('./registries-page').then((m) => ({ default: m.MarriageRegistriesPage })),
);
const MarriageStatisticsPage = lazy(() =>
  import('./statistics-page').then((m) => ({ default: m.MarriageStatisticsPage })),
);

/** 婚姻登记: one menu entry (marriage:read); the pages link to each other through MarriageNav. */
export const marriageFeature: Feature = {
  key: 'marriage',
  routes: [
    {
      path: '/marriage',
      component: MarriageWorkbenchPage,
      permission: 'marriage:read',
      menu: { label: '婚姻登记', icon: <HeartOutlined />, order: 20 },
    },
    { path: '/marriage/appointments', component: MarriageAppointmentsPage, permission: 'marriage:read' },
    { path: '/marriage/register', component: MarriageRegisterPage, permission: 'marriage:write' },
    { path: '/marriage/records', component: MarriageRecordsPage, permission: 'marriage:read' },
    { path: '/marriage/import', component: MarriageImportPage, permission: 'marriage:write' },
    { path: '/marriage/matches', component: MarriageMatchesPage, permission: 'marriage:read' },
    { path: '/marriage/statistics', component: MarriageStatisticsPage, permission: 'marriage:read' },
    {
      path: '/system/marriage-registries',
      component: MarriageRegistriesPage,
      permission: 'users:manage',
      menu: { label: '婚姻登记机关', icon: <BankOutlined />, order: 30, section: 'system' },
    },
  ],
  // 网上预约 for the couple: no login, phone layout.
  publicRoutes: [{ path: '/booking', component: MarriageBookingPage }],
};
