/**
 * 站外托养 (R-RES-13): everyone placed outside the station — partner institution or hospital — with the
 * agreement, the station that stays first responsible (第一责任主体), the last supervision visit and the
 * overdue tag; filters, paging, sort, Excel export; and the institution scorecard.
 */
import { Card, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { formatDate } from '../../app/format';
import { emptyLocale } from '../../app/empty-state';
import { ListPage, LoadError, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { RescueNav } from './rescue-nav';
import {
  inspectionResultLabels,
  qualificationLabels,
  stayApi,
  stayUrls,
  type RescuePlacementView,
  type RescueScorecardRow,
} from './stay.api';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名、案件编号或机构', width: 220 }),
  status: choiceFilter({ active: '在托', ended: '已回站' }, { label: '状态', width: 110 }),
  kind: choiceFilter({ foster: '站外托养', hospital: '送医治疗' }, { label: '类型', width: 120 }),
  overdue: choiceFilter({ '1': '走访逾期' }, { label: '走访', width: 120 }),
};

export function QualificationTag({ value }: { value: string }) {
  const q = qualificationLabels[value];
  return <Tag color={q?.color}>{q?.label ?? value}</Tag>;
}

function Scorecard() {
  const card = useApi((signal) => stayApi.scorecard(signal), []);
  const columns: TableColumnsType<RescueScorecardRow> = [
    { title: '机构', dataIndex: 'partnerName' },
    { title: '类型', render: (_, r) => (r.kind === 'hospital' ? '合作医院' : '托养机构') },
    { title: '性质', render: (_, r) => (r.ownership === 'public' ? '公办' : '民办') },
    { title: '资质', render: (_, r) => <QualificationTag value={r.qualification} /> },
    { title: '在托人数', dataIndex: 'placedCount' },
    {
      title: '按期走访率',
      render: (_, r) =>
        r.onTimePct === null ? '—' : `${r.onTimePct}%（${r.visitsOnTime}/${r.visitsTotal}）`,
    },
    {
      title: '走访逾期',
      render: (_, r) => (r.overdueVisits > 0 ? <Tag color="red">{r.overdueVisits} 人</Tag> : '0'),
    },
    {
      title: '问题记录',
      render: (_, r) => (r.incidents > 0 ? <Tag color="orange">{r.incidents} 次</Tag> : '0'),
    },
    {
      title: '最近检查',
      render: (_, r) =>
        r.lastInspection ? (
          `${formatDate(r.lastInspection.inspectedOn)} ${inspectionResultLabels[r.lastInspection.result] ?? r.lastInspection.result}`
        ) : (
          <Typography.Text type="warning">尚无检查记录</Typography.Text>
        ),
    },
  ];
  return (
    <Card size="small" title="托养机构评分卡" style={{ marginTop: 16 }} data-testid="rescue-scorecard">
      <LoadError error={card.error} title="评分卡加载失败" onRetry={card.reload} />
      <Table<RescueScorecardRow>
        rowKey="partnerId"
        size="small"
        loading={card.loading && !card.data}
        columns={columns}
        dataSource={card.data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={emptyLocale('本辖区尚无托养协议机构。')}
      />
    </Card>
  );
}

export function RescuePlacementsPage() {
  const list = useListPage({
    filters,
    sortKeys: ['startedOn', 'lastVisitOn', 'caseNo', 'partnerName'],
    load: (query, signal) => stayApi.ledger(query, signal),
  });
  const columns: TableColumnsType<RescuePlacementView> = [
    {
      title: '案件编号',
      key: 'caseNo',
      sorter: true,
      render: (_, r) => <Link to={`/rescue/cases/${r.caseId}`}>{r.caseNo}</Link>,
    },
    { title: '姓名', render: (_, r) => r.nameGiven ?? '无名氏' },
    { title: '类型', render: (_, r) => (r.kind === 'hospital' ? '送医治疗' : '站外托养') },
    {
      title: '托养机构',
      key: 'partnerName',
      sorter: true,
      render: (_, r) => (
        <div style={{ maxWidth: 144 }}>
          {r.partnerName} <QualificationTag value={r.partnerQualification} />
        </div>
      ),
    },
    { title: '协议编号', dataIndex: 'agreementNo' },
    {
      title: '第一责任主体',
      render: (_, r) => (
        <div style={{ maxWidth: 96 }}>
          <Typography.Text strong>{r.responsibleStationName}</Typography.Text>
        </div>
      ),
    },
    { title: '开始日期', key: 'startedOn', sorter: true, render: (_, r) => formatDate(r.startedOn) },
    {
      title: '最近走访',
      key: 'lastVisitOn',
      sorter: true,
      render: (_, r) => (r.lastVisitOn ? formatDate(r.lastVisitOn) : '尚未走访'),
    },
    {
      title: '走访',
      render: (_, r) =>
        r.status === 'ended' ? (
          <Tag>已回站 {r.endedOn ? formatDate(r.endedOn) : ''}</Tag>
        ) : r.visitOverdue ? (
          <span>
            <Tag color="red">走访逾期</Tag>
            <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
              应于 {formatDate(r.visitDueOn ?? '')} 前
            </Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">{formatDate(r.visitDueOn ?? '')} 前走访</Typography.Text>
        ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="站外托养"
      unit="人"
      exportHref={stayUrls.ledgerExport(list.exportQuery)}
      nav={<RescueNav />}
      filterName="rescue-placements-filters"
      notice="站内照料是常态、站外托养是例外；救助管理站始终是第一责任主体。每月至少走访一次，逾期标红。"
      errorTitle="站外托养台账加载失败"
      rowKey="id"
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的托养记录。'
          : '目前没有站外托养或送医人员。需要托养时，在案件页“照料与托养”中安排。'
      }
    >
      <Scorecard />
    </ListPage>
  );
}
