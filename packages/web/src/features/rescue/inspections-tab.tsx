import { Card, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useAuth } from '../../app/auth-context';
import { formatDate } from '../../app/format';
import {
  ExportButton,
  FilterCard,
  LedgerTable,
  LoadError,
  choiceFilter,
  dateRangeFilter,
  useListPage,
} from '../../app/list-page';
import { useApi } from '../../app/use-api';
import {
  dueReasonLabels,
  inspectionResultColors,
  inspectionResultLabels,
  partnerKindLabels,
  qualificationColors,
  qualificationLabels,
  stationsApi,
  stationsUrls,
  type RescueInspectionDueView,
  type RescueInspectionView,
} from './stations.api';

const filters = {
  result: choiceFilter(inspectionResultLabels, { label: '检查结论', width: 130 }),
  period: dateRangeFilter({ label: '检查日期' }),
};

/** 检查台账 with, for those who manage partners, what is due for inspection today (R-RES-13). */
export function InspectionsTab() {
  const { hasPermission } = useAuth();
  const manage = hasPermission('rescue:manage');
  const due = useApi((signal) => stationsApi.inspectionsDue(signal), [], manage);
  const list = useListPage({
    filters,
    sortKeys: ['inspectedOn', 'partnerName', 'result'],
    load: (query, signal) => stationsApi.inspections(query, signal),
  });
  const dueColumns: TableColumnsType<RescueInspectionDueView> = [
    { title: '机构名称', dataIndex: 'partnerName' },
    { title: '类型', render: (_, d) => partnerKindLabels[d.kind] },
    {
      title: '资质状态',
      render: (_, d) => (
        <Tag color={qualificationColors[d.qualification]}>{qualificationLabels[d.qualification]}</Tag>
      ),
    },
    { title: '最近检查', render: (_, d) => formatDate(d.lastInspectedOn) || '从未检查' },
    {
      title: '原因',
      render: (_, d) => (
        <Tag color={d.reason === 'rectification' ? 'red' : 'orange'}>{dueReasonLabels[d.reason]}</Tag>
      ),
    },
    { title: '应检查日期', render: (_, d) => formatDate(d.dueOn) || '尽快' },
  ];
  const columns: TableColumnsType<RescueInspectionView> = [
    { title: '检查日期', key: 'inspectedOn', sorter: true, render: (_, i) => formatDate(i.inspectedOn) },
    { title: '机构名称', key: 'partnerName', sorter: true, dataIndex: 'partnerName' },
    { title: '类型', render: (_, i) => partnerKindLabels[i.partnerKind] },
    { title: '检查人员', dataIndex: 'inspector' },
    { title: '发现问题', dataIndex: 'findings', width: 300 },
    {
      title: '结论',
      key: 'result',
      sorter: true,
      render: (_, i) => (
        <Space size={4} wrap>
          <Tag color={inspectionResultColors[i.result]}>{inspectionResultLabels[i.result]}</Tag>
          {i.rectificationOverdue && <Tag color="red">整改逾期</Tag>}
        </Space>
      ),
    },
    { title: '整改期限', render: (_, i) => formatDate(i.rectifyBy) || '—' },
    { title: '登记人', dataIndex: 'recordedBy' },
  ];
  return (
    <>
      {manage && (
        <Card size="small" title="今日应检查的机构" style={{ marginBottom: 16 }}>
          <LoadError error={due.error} title="应检查机构加载失败" onRetry={due.reload} />
          <LedgerTable<RescueInspectionDueView>
            card={false}
            rowKey="partnerId"
            size="small"
            loading={due.loading}
            columns={dueColumns}
            dataSource={due.data ?? []}
            pageSize={10}
            empty="所有机构都在检查周期内，没有逾期整改。"
          />
        </Card>
      )}
      <Space style={{ marginBottom: 12 }}>
        <ExportButton href={stationsUrls.inspectionsExport(list.exportQuery)} disabled={!list.total} />
      </Space>
      <FilterCard list={list} name="rescue-inspections-filters" />
      <LoadError error={list.error} title="检查台账加载失败" onRetry={list.reload} />
      <LedgerTable<RescueInspectionView>
        list={list}
        rowKey="id"
        columns={columns}
        empty={
          list.filtered
            ? '没有符合条件的检查记录。'
            : '尚无检查记录。在“托养机构与合作医院”中打开机构后登记检查。'
        }
      />
    </>
  );
}
