import { Button, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { formatDate } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import {
  caseStatusLabels,
  identityColors,
  identityLabels,
  intakeApi,
  intakeUrls,
  sexLabels,
  type RescueResidentViewDto,
} from './intake.api';
import { caseDisplayName } from './rescue-format';
import { RescueNav } from './rescue-nav';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名或案件编号', width: 220 }),
  status: choiceFilter(
    { in_station: '在站', placed: '站外托养', in_hospital: '住院' },
    { label: '状态', width: 120 },
  ),
  sex: choiceFilter(sexLabels, { label: '性别', width: 90 }),
  identity: choiceFilter(identityLabels, { label: '身份', width: 130 }),
  minor: choiceFilter({ true: '未成年人', false: '成年人' }, { label: '年龄', width: 120 }),
  overStay: choiceFilter(
    { any: '超期或滞留', over_limit: '超过在站期限', stranded: '滞留', long_term: '长期滞留' },
    { label: '超期/滞留', width: 150 },
  ),
};

/** 超期 (over the 10-day limit, R-RES-05) and 滞留/长期滞留 (R-RES-11), computed from dates by the server. */
export function StayTags({
  r,
}: {
  r: Pick<RescueResidentViewDto, 'overStayLimit' | 'stayStatus' | 'minor'>;
}) {
  return (
    <>
      {r.overStayLimit && <Tag color="red">超期</Tag>}
      {r.stayStatus === 'stranded' && <Tag color="orange">滞留</Tag>}
      {r.stayStatus === 'long_term' && <Tag color="volcano">长期滞留</Tag>}
      {r.minor && <Tag color="blue">未成年</Tag>}
    </>
  );
}

/** 在站人员: today's residents of the user's station(s), with days in care and what is overdue. */
export function RescueResidentsPage() {
  const { hasPermission } = useAuth();
  const list = useListPage({
    filters,
    division: false,
    sortKeys: ['entryDate', 'caseNo', 'name', 'daysInCare'],
    load: (query, signal) => intakeApi.residents(query, signal),
  });
  const columns: TableColumnsType<RescueResidentViewDto> = [
    {
      title: '案件编号',
      key: 'caseNo',
      sorter: true,
      render: (_, r) => <Link to={`/rescue/cases/${r.id}`}>{r.caseNo}</Link>,
    },
    { title: '姓名', key: 'name', sorter: true, render: (_, r) => caseDisplayName(r.name, r.caseNo) },
    { title: '性别', render: (_, r) => sexLabels[r.sex] },
    { title: '年龄', render: (_, r) => (r.age === null ? '不详' : `${r.age}岁`) },
    {
      title: '身份',
      render: (_, r) => (
        <Tag color={identityColors[r.identityStatus]}>{identityLabels[r.identityStatus]}</Tag>
      ),
    },
    { title: '入站日期', key: 'entryDate', sorter: true, render: (_, r) => formatDate(r.entryDate) },
    {
      title: '在站天数',
      key: 'daysInCare',
      sorter: true,
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {r.daysInCare} 天
          {r.stayLimitExceededFrom && !r.overStayLimit && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {formatDate(r.stayLimitExceededFrom)} 起超期
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: '状态与提示',
      render: (_, r) => (
        <span>
          {caseStatusLabels[r.status]} <StayTags r={r} />
        </span>
      ),
    },
    { title: '宿舍', render: (_, r) => r.dormitoryName ?? '—' },
    { title: '救助管理站', dataIndex: 'stationName' },
  ];
  return (
    <ListPage
      list={list}
      title="在站人员"
      unit="人"
      exportHref={intakeUrls.residentsExport(list.exportQuery)}
      actions={
        hasPermission('rescue:write') && (
          <Link to="/rescue/intake">
            <Button type="primary">求助登记</Button>
          </Link>
        )
      }
      nav={<RescueNav />}
      filterName="rescue-residents-filters"
      errorTitle="在站人员加载失败"
      rowKey="id"
      columns={columns}
      empty={
        list.filtered ? '没有符合条件的在站人员。' : '目前没有在站人员。新来求助的人员请点击“求助登记”。'
      }
    />
  );
}
