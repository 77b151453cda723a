/**
 * 离站与安置: the ledger of departures (离站) and settlement files (落户安置) of the user's station(s), with
 * filters by type, way of leaving, date range and search, paging, sorting and the Excel export; settlement
 * files show their approval state.
 */
import {
  RESCUE_DEPARTURE_KIND_LABELS,
  SETTLEMENT_STATUS_LABELS,
} from '@social-affairs/kernel/contracts/rescue';
import { Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { formatDate } from '../../app/format';
import { useApi } from '../../app/use-api';
import { ListPage, choiceFilter, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import {
  departureApi,
  departureUrls,
  settlementStatusColors,
  type DepartureLedgerRow,
} from './departure.api';
import { caseDisplayName, money } from './rescue-format';
import { RescueNav } from './rescue-nav';
import { stationsApi } from './stations.api';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名或案件编号', width: 200 }),
  type: choiceFilter({ departure: '离站', settlement: '落户安置' }, { label: '类型', width: 120 }),
  kind: choiceFilter(RESCUE_DEPARTURE_KIND_LABELS, { label: '离站方式', width: 220 }),
  stationId: textFilter({ label: '救助管理站', width: 220 }),
  period: dateRangeFilter({ label: '日期' }),
};

export function RescueDeparturesPage() {
  const list = useListPage({
    filters,
    sortKeys: ['date', 'caseNo', 'stationName'],
    load: (query, signal) => departureApi.ledger(query, signal),
  });
  // The stations in the user's scope (a station's staff see theirs; county staff pick one).
  const stations = useApi((signal) => stationsApi.stations({}, signal), []);
  const columns: TableColumnsType<DepartureLedgerRow> = [
    { title: '日期', key: 'date', sorter: true, render: (_, r) => formatDate(r.date) },
    {
      title: '案件编号',
      key: 'caseNo',
      sorter: true,
      render: (_, r) => <Link to={`/rescue/cases/${r.caseId}`}>{r.caseNo}</Link>,
    },
    { title: '姓名', render: (_, r) => (r.personName ? caseDisplayName(r.personName, r.caseNo) : '—') },
    {
      title: '方式',
      render: (_, r) => (r.type === 'settlement' ? <Tag color="purple">落户安置</Tag> : r.kindLabel),
    },
    {
      title: '去向/安置机构',
      render: (_, r) => <div style={{ maxWidth: 132 }}>{r.destination ?? '—'}</div>,
    },
    { title: '发放现金', render: (_, r) => (r.cashTotalFen > 0 ? money(r.cashTotalFen) : '—') },
    {
      title: '审批状态',
      render: (_, r) =>
        r.settlementStatus ? (
          <Tag color={settlementStatusColors[r.settlementStatus]}>
            {SETTLEMENT_STATUS_LABELS[r.settlementStatus]}
          </Tag>
        ) : (
          '—'
        ),
    },
    {
      title: '救助管理站',
      key: 'stationName',
      sorter: true,
      render: (_, r) => <div style={{ maxWidth: 96 }}>{r.stationName}</div>,
    },
    {
      title: '经办人',
      render: (_, r) => (
        <Typography.Text ellipsis={{ tooltip: r.recordedBy }} style={{ maxWidth: 96 }}>
          {r.recordedBy}
        </Typography.Text>
      ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="离站与安置"
      unit="条"
      exportHref={departureUrls.ledgerExport(list.exportQuery)}
      nav={<RescueNav />}
      filterName="rescue-departures-filters"
      controls={{
        stationId: (
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 220 }}
            options={(stations.data ?? []).map((st) => ({ value: st.id, label: st.name }))}
          />
        ),
      }}
      errorTitle="离站与安置台账加载失败"
      rowKey={(r) => `${r.type}-${r.id}`}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的离站或落户安置记录。'
          : '还没有离站或落户安置记录。请在“在站人员”中打开案件，在“离站与安置”页签办理。'
      }
    />
  );
}
