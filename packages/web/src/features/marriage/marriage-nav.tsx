import { SectionTabs } from '../../app/layout/section-tabs';

const tabs = [
  { path: '/marriage', label: '工作台' },
  { path: '/marriage/appointments', label: '预约日历' },
  { path: '/marriage/register', label: '结婚登记' },
  { path: '/marriage/records', label: '档案查询' },
  { path: '/marriage/import', label: '历史补录' },
  { path: '/marriage/matches', label: '补录待匹配' },
  { path: '/marriage/statistics', label: '统计' },
];

/** The marriage line's pages, one click apart (the left menu has a single 婚姻登记 entry). */
export function MarriageNav() {
  // Tabs a role may not open (结婚登记 and 历史补录 need marriage:write) are not shown.
  return <SectionTabs tabs={tabs} label="婚姻登记" />;
}
