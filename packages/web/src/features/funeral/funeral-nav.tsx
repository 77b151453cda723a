import { SectionTabs } from '../../app/layout/section-tabs';

/** The funeral line's pages, one click apart; a tab whose page is not declared or not allowed is hidden. */
const tabs = [
  { path: '/funeral', label: '今日工作' },
  { path: '/funeral/cases', label: '遗体档案' },
  { path: '/funeral/certificates', label: '火化证明' },
  { path: '/funeral/transports', label: '遗体外运' },
  { path: '/funeral/unidentified', label: '无名遗体' },
  { path: '/funeral/deaths', label: '死亡登记' },
  { path: '/funeral/billing', label: '收费与结算' },
  { path: '/funeral/cemeteries', label: '公墓' },
  { path: '/funeral/remediation', label: '整治台账' },
  { path: '/funeral/qingming', label: '清明祭扫' },
  { path: '/funeral/statistics', label: '统计与交换' },
  { path: '/funeral/facilities', label: '殡葬设施' },
];

/** `activePath`: the tab to highlight on a page outside the tabs (a case page → 遗体档案). */
export function FuneralNav({ activePath }: { activePath?: string } = {}) {
  return <SectionTabs tabs={tabs} label="殡葬管理" {...(activePath ? { activePath } : {})} />;
}
