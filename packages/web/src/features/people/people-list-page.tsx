import { Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { PersonStatus, PersonSummary, Sex } from '../../api/types';
import { useDivision } from '../../app/division-context';
import { formatDate, personStatusLabels, sexLabels } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { fetchPeople, peopleExportUrl } from './people.api';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名、拼音或身份证号', width: 240 }),
  sex: choiceFilter(sexLabels, { label: '性别', width: 100 }),
  status: choiceFilter(personStatusLabels, { label: '状态', width: 110 }),
};

/** 人员信息台账: filters kept in the URL so a reload or the back button keeps them. */
export function PeopleListPage() {
  const { current } = useDivision();
  const list = useListPage({
    filters,
    pageSizes: [10, 20, 50, 100],
    // Sorted by the server (names in pinyin order), kept in the URL as sort=name / sort=-name.
    sortKeys: ['name', 'birthDate', 'hukouDivisionCode', 'status'],
    load: (query, signal) => fetchPeople(query, signal),
  });

  const columns: TableColumnsType<PersonSummary> = [
    {
      title: '姓名',
      key: 'name',
      dataIndex: 'name',
      fixed: 'left',
      sorter: true,
      render: (name: string, person) => <Link to={`/people/${encodeURIComponent(person.id)}`}>{name}</Link>,
    },
    {
      title: '拼音',
      dataIndex: 'namePinyin',
      render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text>,
    },
    {
      title: '公民身份号码',
      dataIndex: 'residentIdMasked',
      render: (v: string | null) =>
        v ? (
          <span className="resident-id" data-testid="resident-id">
            {v}
          </span>
        ) : (
          <Typography.Text type="secondary">未登记</Typography.Text>
        ),
    },
    { title: '性别', dataIndex: 'sex', render: (v: Sex) => sexLabels[v] },
    {
      title: '出生日期',
      key: 'birthDate',
      dataIndex: 'birthDate',
      sorter: true,
      render: (v: string | null) => formatDate(v),
    },
    {
      title: '年龄',
      dataIndex: 'age',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : `${v} 岁`),
    },
    { title: '户籍地', key: 'hukouDivisionCode', dataIndex: 'hukouDivisionName', sorter: true },
    {
      title: '状态',
      key: 'status',
      dataIndex: 'status',
      sorter: true,
      render: (v: PersonStatus, person) =>
        v === 'deceased' ? (
          <Tag>已故{person.deathDate ? ` ${formatDate(person.deathDate)}` : ''}</Tag>
        ) : (
          <Tag color="green">在世</Tag>
        ),
    },
  ];

  return (
    <ListPage
      list={list}
      title="人员信息"
      unit="人"
      exportHref={peopleExportUrl(list.exportQuery)}
      filterName="people-filters"
      breadcrumb
      errorTitle="人员列表加载失败"
      rowKey="id"
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的人员。请检查姓名、拼音或身份证号是否输入正确，或点击“重置”清除筛选条件。'
          : `${current.name}暂无人员记录。可在页头切换到其他行政区划查看。`
      }
    />
  );
}
