import { SectionTabs } from '../../app/layout/section-tabs';

/** The rescue line's pages, one click apart; a tab whose page is not declared or not allowed is hidden. */
const tabs = [
  { path: '/rescue', label: '工作台' },
  { path: '/rescue/intake', label: '求助登记' },
  { path: '/rescue/residents', label: '在站人员' },
  { path: '/rescue/placements', label: '站外托养' },
  { path: '/rescue/departures', label: '离站与安置' },
  { path: '/rescue/family-search', label: '寻亲' },
  { path: '/rescue/reunions', label: '团聚' },
  { path: '/rescue/governance', label: '源头治理' },
  { path: '/rescue/warnings', label: '预警' },
  { path: '/rescue/statistics', label: '统计' },
  { path: '/rescue/stations', label: '救助站与机构' },
  { path: '/rescue/hotline', label: '热线录音' },
];

/** `activePath`: the tab to highlight on a page outside the tabs (a case page → 在站人员, not 工作台). */
export function RescueNav({ activePath }: { activePath?: string } = {}) {
  return <SectionTabs tabs={tabs} label="救助管理" {...(activePath ? { activePath } : {})} />;
}
