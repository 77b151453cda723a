/**
 * 遗体档案 (the cases ledger): every body in scope with its step, identity, facility and codes; filters
 * (step, identity, facility, registration dates, name / case no. / code), paging, sort and Excel export.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import {
  FUNERAL_DISPOSITION_NAMES,
  FUNERAL_PAYER_NAMES,
  FUNERAL_STEP_NAMES,
} from '@social-affairs/kernel/contracts/funeral';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { formatDate, formatDateTime } from '../../app/format';
import { ListPage, choiceFilter, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { STEP_COLORS, custodyApi, custodyUrls, type FuneralCaseRowView } from './custody.api';
import { FuneralNav } from './funeral-nav';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名、档案编号或条码', width: 220 }),
  step: choiceFilter(
    { open: '未办结', closed: '已办结', ...FUNERAL_STEP_NAMES },
    { label: '环节', width: 130 },
  ),
  identity: choiceFilter({ identified: '身份明确', unidentified: '身份不明' }, { label: '身份', width: 120 }),
  facilityId: textFilter({ label: '殡仪馆', width: 200 }),
  dates: dateRangeFilter({ label: '登记日期' }),
};

export function FuneralCasesPage() {
  const { hasPermission } = useAuth();
  const options = useApi((signal) => custodyApi.options(signal), []);
  const list = useListPage({
    filters,
    sortKeys: ['createdAt', 'caseNo', 'deathDate', 'step'],
    load: (query, signal) => custodyApi.ledger(query, signal),
  });
  const columns: TableColumnsType<FuneralCaseRowView> = [
    {
      title: '档案编号',
      key: 'caseNo',
      sorter: true,
      render: (_, r) => <Link to={`/funeral/cases/${r.id}`}>{r.caseNo}</Link>,
    },
    {
      title: '姓名',
      render: (_, r) =>
        r.identityStatus === 'unidentified' ? <Tag color="orange">无名</Tag> : (r.nameGiven ?? '—'),
    },
    { title: '殡仪馆', dataIndex: 'facilityName' },
    { title: '死亡日期', key: 'deathDate', sorter: true, render: (_, r) => formatDate(r.deathDate) },
    {
      title: '处理方式',
      render: (_, r) => (r.disposition ? FUNERAL_DISPOSITION_NAMES[r.disposition] : '未定'),
    },
    {
      title: '付费方',
      render: (_, r) =>
        r.payer === 'county_finance' ? (
          <Tag color="gold">{FUNERAL_PAYER_NAMES[r.payer]}</Tag>
        ) : (
          FUNERAL_PAYER_NAMES[r.payer]
        ),
    },
    {
      title: '环节',
      key: 'step',
      sorter: true,
      render: (_, r) => <Tag color={STEP_COLORS[r.step]}>{FUNERAL_STEP_NAMES[r.step]}</Tag>,
    },
    {
      title: '条码',
      render: (_, r) => (
        <Typography.Text code style={{ fontSize: 12 }}>
          {r.urnCode ?? r.bodyCode}
        </Typography.Text>
      ),
    },
    { title: '登记时间', key: 'createdAt', sorter: true, render: (_, r) => formatDateTime(r.createdAt) },
  ];
  return (
    <ListPage
      list={list}
      title="遗体档案"
      unit="具"
      exportHref={custodyUrls.ledgerExport(list.exportQuery)}
      nav={<FuneralNav />}
      filterName="funeral-cases-filters"
      actions={
        hasPermission('funeral:write') && (
          <Link to="/funeral/cases/new">
            <Button type="primary" icon={<PlusOutlined />}>
              新建接运单
            </Button>
          </Link>
        )
      }
      controls={{
        facilityId: (
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder="全部"
            options={(options.data?.facilities ?? []).map((f) => ({ value: f.id, label: f.name }))}
          />
        ),
      }}
      notice="一具遗体一份档案：从接运单到骨灰去向，每个环节扫码登记。点击档案编号办理下一环节。"
      errorTitle="遗体档案加载失败"
      rowKey="id"
      columns={columns}
      empty={
        list.filtered ? '没有符合条件的遗体档案。' : '还没有遗体档案。接到接运电话后，点击“新建接运单”。'
      }
    />
  );
}
