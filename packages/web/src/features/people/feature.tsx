import { SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';

const PeopleListPage = lazy(() => import('./people-list-page').then((m) => ({ default: m.PeopleListPage })));
const AssistanceRollsPage = lazy(() =>
  import('./assistance-page').then((m) => ({ default: m.AssistanceRollsPage })),
);
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
    {
      path: '/people/assistance',
      component: AssistanceRollsPage,
      permission: 'people:read',
      menu: { label: '社会救助名单', icon: <SolutionOutlined />, order: 11 },
    },
    { path: '/people/:id', component: PersonDetailPage, permission: 'people:read' },
  ],
};
