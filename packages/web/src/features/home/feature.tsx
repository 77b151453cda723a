import { HomeOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Feature } from '../../app/feature-registry';

const HomePage = lazy(() => import('./home-page').then((m) => ({ default: m.HomePage })));

export const homeFeature: Feature = {
  key: 'home',
  routes: [{ path: '/', component: HomePage, menu: { label: '首页', icon: <HomeOutlined />, order: 0 } }],
};
