import { SectionTabs } from '../../app/layout/section-tabs';

const tabs = [
  { path: '/matching', label: '比对任务' },
  { path: '/matching/review', label: '核查队列' },
  { path: '/matching/family-candidates', label: '寻亲候选' },
  { path: '/matching/family-search', label: '寻亲查询' },
];

/** The three pages of 数据比对 under one menu entry. */
export function MatchingTabs() {
  return <SectionTabs tabs={tabs} label="数据比对" />;
}
