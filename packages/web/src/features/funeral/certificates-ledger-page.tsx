/**
 * 火化证明: the ledger of cremation certificates in the user's scope, with filters (status, facility, issue
 * date, search by number, case or name), paging, sorting and the Excel export; each row offers the actions
 * its status allows (领取, 登记, 归档, 作废, 补发/换发) and 打印.
 */
import { CREMATION_CERTIFICATE_STATUS_LABELS } from '@social-affairs/kernel/contracts/funeral';
import { Alert, Select, Tag, Typography, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { formatDate } from '../../app/format';
import { ListPage, choiceFilter, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { CertificateActionDialog, CertificateActions } from './certificate-dialogs';
import {
  certificateStatusColors,
  certificatesApi,
  certificatesUrls,
  type CertificateRowAction,
  type CremationCertificateView,
} from './certificates.api';
import { FuneralNav } from './funeral-nav';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '证明编号、档案号或姓名', width: 220 }),
  status: choiceFilter(CREMATION_CERTIFICATE_STATUS_LABELS, { label: '状态', width: 120 }),
  facilityId: textFilter({ label: '殡仪馆', width: 220 }),
  period: dateRangeFilter({ label: '出具日期' }),
};

export function FuneralCertificatesPage() {
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('funeral:write');
  const list = useListPage({
    filters,
    sortKeys: ['issuedOn', 'number', 'crematedOn'],
    load: (query, signal) => certificatesApi.ledger(query, signal),
  });
  const facilities = useApi((signal) => certificatesApi.facilities(signal), []);
  const [acting, setActing] = useState<{ cert: CremationCertificateView; action: CertificateRowAction }>();
  const waiting = list.items.filter((c) => c.status === 'issued').length;
  const columns: TableColumnsType<CremationCertificateView> = [
    {
      title: '证明编号',
      key: 'number',
      sorter: true,
      render: (_, r) => (
        <>
          <div style={{ whiteSpace: 'nowrap' }}>{r.number}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.facilityName}
          </Typography.Text>
        </>
      ),
    },
    {
      title: '状态',
      render: (_, r) => (
        <Tag color={certificateStatusColors[r.status]}>
          {r.statusLabel}
          {r.reissueReason ? `（${r.reissueReason === 'lost' ? '补发' : '换发'}）` : ''}
        </Tag>
      ),
    },
    {
      title: '逝者',
      render: (_, r) => (
        <>
          <Link to={`/funeral/cases/${encodeURIComponent(r.caseId)}?tab=certificates`}>{r.deceasedName}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.caseNo}
            </Typography.Text>
          </div>
        </>
      ),
    },
    { title: '火化日期', key: 'crematedOn', sorter: true, render: (_, r) => formatDate(r.crematedOn) },
    { title: '出具日期', key: 'issuedOn', sorter: true, render: (_, r) => formatDate(r.issuedOn) },
    {
      title: '领取/登记',
      render: (_, r) => (
        <div style={{ maxWidth: 160 }}>
          {r.registeredOffice
            ? `${r.registeredOffice}（${formatDate(r.registeredOn)}）`
            : r.collectorName
              ? `${r.collectorName}（${r.collectorRelation ?? ''}）领取`
              : r.cancelReason
                ? `作废：${r.cancelReason}`
                : '—'}
        </div>
      ),
    },
    {
      title: '操作',
      render: (_, r) => (
        <div style={{ maxWidth: 200 }}>
          <CertificateActions
            certificate={r}
            canWrite={canWrite}
            onAction={(action) => setActing({ cert: r, action })}
          />
        </div>
      ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="火化证明"
      unit="份"
      exportHref={certificatesUrls.ledgerExport(list.exportQuery)}
      nav={<FuneralNav />}
      above={
        waiting > 0 ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`本页有 ${waiting} 份证明已出具待家属领取：领取时核验领取人身份证件并点“领取”登记。`}
          />
        ) : undefined
      }
      filterName="funeral-certificates-filters"
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
      errorTitle="火化证明台账加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的火化证明。'
          : '还没有火化证明。遗体火化后，在遗体档案的“火化证明与外运”页签出具。'
      }
    >
      {acting && (
        <CertificateActionDialog
          certificate={acting.cert}
          action={acting.action}
          onClose={() => setActing(undefined)}
          onDone={(result) => {
            setActing(undefined);
            void message.success(
              acting.action === 'reissue'
                ? `已按新编号 ${result.number} 出具`
                : `已办理：${result.number} ${result.statusLabel}`,
            );
            list.reload();
          }}
        />
      )}
    </ListPage>
  );
}
