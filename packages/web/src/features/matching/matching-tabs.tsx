import { Tabs } from 'antd';
import { useLocation, useNavigate } from 'react-router';

const tabs = [
  { key: '/matching', label: '比对任务' },
  { key: '/matching/review', label: '核查队列' },
  { key: '/matching/family-search', label: '寻亲查询' },
];

/** The three pages of 数据比对 under one menu entry. */
export function MatchingTabs() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const active = tabs.find((t) => t.key === pathname)?.key ?? '/matching/review';
  return (
    <Tabs
      activeKey={active}
      items={tabs}
      onChange={(key) => void navigate(key)}
      style={{ marginBottom: 8 }}
    />
  );
}
