import { Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router';

const tabs = [
  { value: '/marriage', label: '工作台' },
  { value: '/marriage/register', label: '结婚登记' },
  { value: '/marriage/records', label: '档案查询' },
  { value: '/marriage/import', label: '历史补录' },
  { value: '/marriage/matches', label: '补录待匹配' },
  { value: '/marriage/statistics', label: '统计' },
];

/** The marriage line's pages, one click apart (the left menu has a single 婚姻登记 entry). */
export function MarriageNav() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const current =
    [...tabs].reverse().find((t) => pathname === t.value || pathname.startsWith(`${t.value}/`))?.value ??
    '/marriage';
  return (
    <Segmented
      style={{ marginBottom: 16 }}
      options={tabs}
      value={current}
      onChange={(v) => void navigate(String(v))}
    />
  );
}
