import { TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';

const PeopleListPage = lazy(() => import('./people-list-page').then((m) => ({ default: m.PeopleListPage })));
const PersonDetailPage = lazy(() =>
  import('./person-detail-page').then((m) => ({ default: m.PersonDetailPage })),
);

export const peopleFeature: Feature = {
  key: 'people',
  routes: [
    {
      path: '/people',
      component: PeopleListPage,
      permission: 'people:read',
      menu: { label: '人员信息', icon: <TeamOutlined />, order: 10 },
    },
    { path: '/people/:id', component: PersonDetailPage, permission: 'people:read' },
  ],
};
