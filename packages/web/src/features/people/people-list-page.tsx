import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PeopleQuery, PersonStatus, PersonSummary, Sex } from '../../api/types';
import { errorText } from '../../app/api-client';
import { useDivision } from '../../app/division-context';
import { formatCount, formatDate, personStatusLabels, sexLabels } from '../../app/format';
import { DivisionBreadcrumb } from '../../app/layout/division-breadcrumb';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { fetchPeople, peopleExportUrl } from './people.api';

interface FilterValues {
  q?: string;
  sex?: Sex;
  status?: PersonStatus;
}

const sexOptions = (Object.keys(sexLabels) as Sex[]).map((value) => ({ value, label: sexLabels[value] }));
const statusOptions = (Object.keys(personStatusLabels) as PersonStatus[]).map((value) => ({
  value,
  label: personStatusLabels[value],
}));

function readQuery(params: URLSearchParams, division: string): PeopleQuery {
  const sex = params.get('sex');
  const status = params.get('status');
  return {
    division,
    q: params.get('q') ?? undefined,
    sex: sex === 'male' || sex === 'female' ? sex : undefined,
    status: status === 'alive' || status === 'deceased' ? status : undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: Math.min(100, Math.max(10, Number(params.get('pageSize')) || 20)),
  };
}

/** 人员信息台账: filters kept in the URL so a reload or the back button keeps them. */
export function PeopleListPage() {
  const { current } = useDivision();
  const [params, setParams] = useSearchParams();
  const query = readQuery(params, current.code);
  const [form] = Form.useForm<FilterValues>();
  const { data, error, loading } = useApi(
    (signal) => fetchPeople(query, signal),
    [query.division, query.q, query.sex, query.status, query.page, query.pageSize],
  );

  // A new division starts the list from its first page.
  const lastDivision = useRef(current.code);
  useEffect(() => {
    if (lastDivision.current === current.code) return;
    lastDivision.current = current.code;
    if (params.get('page')) {
      const next = new URLSearchParams(params);
      next.delete('page');
      setParams(next, { replace: true });
    }
  }, [current.code, params, setParams]);

  const filtered = Boolean(query.q || query.sex || query.status);
  const setFilters = (values: FilterValues) => {
    const next = new URLSearchParams();
    if (values.q?.trim()) next.set('q', values.q.trim());
    if (values.sex) next.set('sex', values.sex);
    if (values.status) next.set('status', values.status);
    if (query.pageSize !== 20) next.set('pageSize', String(query.pageSize));
    setParams(next);
  };

  const columns: TableColumnsType<PersonSummary> = [
    {
      title: '姓名',
      dataIndex: 'name',
      fixed: 'left',
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
    { title: '出生日期', dataIndex: 'birthDate', render: (v: string | null) => formatDate(v) },
    {
      title: '年龄',
      dataIndex: 'age',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : `${v} 岁`),
    },
    { title: '户籍地', dataIndex: 'hukouDivisionName' },
    {
      title: '状态',
      dataIndex: 'status',
      render: (v: PersonStatus, person) =>
        v === 'deceased' ? (
          <Tag>已故{person.deathDate ? ` ${formatDate(person.deathDate)}` : ''}</Tag>
        ) : (
          <Tag color="green">在世</Tag>
        ),
    },
  ];

  const total = data?.total;
  return (
    <>
      <PageHeader
        title={total === undefined ? '人员信息' : `人员信息（共 ${formatCount(total)} 人）`}
        documentTitle="人员信息"
        extra={
          <Button icon={<DownloadOutlined />} href={peopleExportUrl(query)} disabled={!total}>
            导出 Excel
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <DivisionBreadcrumb />
        <Form<FilterValues>
          form={form}
          name="people-filters"
          layout="inline"
          style={{ marginTop: 12, rowGap: 12 }}
          initialValues={{ q: query.q, sex: query.sex, status: query.status }}
          onFinish={setFilters}
        >
          <Form.Item name="q" label="关键字">
            <Input allowClear placeholder="姓名、拼音或身份证号" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="sex" label="性别">
            <Select allowClear placeholder="全部" options={sexOptions} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select allowClear placeholder="全部" options={statusOptions} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ q: undefined, sex: undefined, status: undefined });
                setFilters({});
              }}
            >
              重置
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="人员列表加载失败"
          description={errorText(error)}
        />
      )}
      <Card>
        <Table<PersonSummary>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: filtered
              ? '没有符合条件的人员。请检查姓名、拼音或身份证号是否输入正确，或点击“重置”清除筛选条件。'
              : `${current.name}暂无人员记录。可在页头切换到其他行政区划查看。`,
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (n) => `共 ${formatCount(n)} 条`,
          }}
          onChange={(pagination) => {
            const next = new URLSearchParams(params);
            next.set('page', String(pagination.current ?? 1));
            next.set('pageSize', String(pagination.pageSize ?? 20));
            setParams(next);
          }}
        />
      </Card>
    </>
  );
}
