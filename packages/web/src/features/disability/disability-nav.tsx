import { SectionTabs } from '../../app/layout/section-tabs';

/** The disability line's pages, one click apart; a tab whose page is not declared or not allowed is hidden. */
const tabs = [
  { path: '/disability', label: '今日工作' },
  { path: '/disability/applications', label: '补贴申请' },
  { path: '/disability/review', label: '审核' },
  { path: '/disability/recipients', label: '补贴对象' },
  { path: '/disability/rosters', label: '发放名册' },
  { path: '/disability/payments', label: '代发与资金' },
  { path: '/disability/verification', label: '比对与复核' },
  { path: '/disability/outreach', label: '数据找人' },
  { path: '/disability/certificates', label: '残疾人证' },
  { path: '/disability/standards', label: '补贴标准' },
  { path: '/disability/rehab', label: '精神康复' },
  { path: '/disability/devices', label: '辅具与福康' },
  { path: '/disability/statistics', label: '统计' },
];

/** `activePath`: the tab to highlight on a page outside the tabs (an application page → 补贴申请). */
export function DisabilityNav({ activePath }: { activePath?: string } = {}) {
  return <SectionTabs tabs={tabs} label="残疾人福利" {...(activePath ? { activePath } : {})} />;
}
