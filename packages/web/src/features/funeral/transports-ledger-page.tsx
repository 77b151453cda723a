/**
 * 遗体外运: the ledger of requests to move a body out of the area (R-FUN-03) with their approval state,
 * the two documents, and the departure; filters, paging, sorting and the Excel export. An approved request
 * offers 起运 (with the hygiene confirmation) on its case page.
 */
import { TRANSPORT_REQUEST_STATUS_LABELS } from '@social-affairs/kernel/contracts/funeral';
import { Alert, Button, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../../app/format';
import { ListPage, choiceFilter, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import {
  certificatesApi,
  certificatesUrls,
  transportStatusColors,
  type TransportRequestView,
} from './certificates.api';
import { FuneralNav } from './funeral-nav';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '档案号或姓名', width: 200 }),
  status: choiceFilter(TRANSPORT_REQUEST_STATUS_LABELS, { label: '状态', width: 140 }),
  facilityId: textFilter({ label: '殡仪馆', width: 220 }),
  period: dateRangeFilter({ label: '申请日期' }),
};

const caseLink = (r: TransportRequestView) =>
  `/funeral/cases/${encodeURIComponent(r.caseId)}?tab=certificates`;

export function FuneralTransportsPage() {
  const list = useListPage({
    filters,
    sortKeys: ['requestedOn', 'caseNo', 'status'],
    load: (query, signal) => certificatesApi.transports(query, signal),
  });
  const facilities = useApi((signal) => certificatesApi.facilities(signal), []);
  const ready = list.items.filter((r) => r.status === 'approved').length;
  const columns: TableColumnsType<TransportRequestView> = [
    { title: '申请日期', key: 'requestedOn', sorter: true, render: (_, r) => formatDate(r.requestedOn) },
    {
      title: '遗体档案',
      key: 'caseNo',
      sorter: true,
      render: (_, r) => (
        <>
          <Link to={caseLink(r)}>{r.deceasedName}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.caseNo}
            </Typography.Text>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.facilityName}
          </Typography.Text>
        </>
      ),
    },
    {
      title: '目的地',
      render: (_, r) => <div style={{ maxWidth: 180 }}>{`${r.destinationName}${r.destinationAddress}`}</div>,
    },
    { title: '事由', render: (_, r) => r.reason },
    {
      title: '材料',
      render: (_, r) => (
        <div style={{ maxWidth: 220 }}>
          户籍地证明：{r.homeCountyCertificateNumber ?? '—'}
          <br />
          死亡地批准：{r.deathPlaceApprovalNumber ?? '待审批'}
        </div>
      ),
    },
    {
      title: '状态',
      key: 'status',
      sorter: true,
      render: (_, r) => (
        <>
          <Tag color={transportStatusColors[r.status]}>{r.statusLabel}</Tag>
          {r.decisionReason && r.status === 'rejected' && <div>理由：{r.decisionReason}</div>}
          {r.departedAt && <div>{formatDateTime(r.departedAt)}起运</div>}
        </>
      ),
    },
    {
      title: '下一步',
      render: (_, r) =>
        r.status === 'approved' ? (
          <Link to={caseLink(r)}>
            <Button size="small" type="primary">
              起运
            </Button>
          </Link>
        ) : r.status === 'pending' ? (
          '待死亡地县级民政部门审批'
        ) : r.status === 'rejected' ? (
          <Link to={caseLink(r)}>补正后重新申请</Link>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="遗体外运"
      unit="件"
      exportHref={certificatesUrls.transportsExport(list.exportQuery)}
      nav={<FuneralNav />}
      above={
        ready > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`本页有 ${ready} 件外运已获批准待起运：起运前须完成遗体卫生处理。`}
          />
        ) : undefined
      }
      filterName="funeral-transports-filters"
      controls={{
        facilityId: (
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 220 }}
            options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))}
          />
        ),
      }}
      errorTitle="遗体外运台账加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的遗体外运申请。'
          : '还没有遗体外运申请。在遗体档案的“火化证明与外运”页签提交申请（须有户籍地县级民政部门证明）。'
      }
    />
  );
}
