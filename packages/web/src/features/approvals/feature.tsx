import { AuditOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';

const ApprovalsInboxPage = lazy(() =>
  import('./approvals-inbox-page').then((m) => ({ default: m.ApprovalsInboxPage })),
);
const PersonMergesPage = lazy(() =>
  import('../people/merges-page').then((m) => ({ default: m.PersonMergesPage })),
);

/**
 * The platform's review pages: 待我审批 (the approval engine's inbox, for anyone holding an approve
 * permission of some line — `*:approve`) and 人员合并 (person merges, people:read to follow, people:merge
 * to decide).
 */
export const approvalsFeature: Feature = {
  key: 'approvals',
  routes: [
    {
      path: '/approvals',
      component: ApprovalsInboxPage,
      permission: '*:approve',
      menu: { label: '待我审批', icon: <AuditOutlined />, order: 5 },
    },
    {
      path: '/people/merges',
      component: PersonMergesPage,
      permission: 'people:read',
      menu: { label: '人员合并', icon: <MergeCellsOutlined />, order: 11 },
    },
  ],
};
