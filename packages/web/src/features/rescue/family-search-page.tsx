/**
 * 寻亲: the caseworker's worklist — open cases (in the station, placed or in hospital) whose identity is
 * not confirmed, with days in station, family candidates waiting for review, the face photo, the latest
 * 寻亲公告, the reunion under way and what to do next; filters, sort, paging and the Excel export. A second
 * tab lists the family candidates of missing-person reports among the rescued (the matching line's list).
 */
import { FAMILY_CANDIDATE_STATUS_LABELS, type FamilyCandidateDto } from '@social-affairs/kernel/contracts';
import { FAMILY_AGE_BAND_LABELS, REUNION_STATUS_LABELS } from '@social-affairs/kernel/contracts/rescue';
import { Alert, Badge, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { api, errorText } from '../../app/api-client';
import { familyApi, familyUrls, reunionStatusColors, type FamilyWorklistRow } from './family.api';
import { caseDisplayName } from './rescue-format';
import { RescueNav } from './rescue-nav';
import { useStationOptions } from './warnings.api';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名或案件编号', width: 200 }),
  stationId: textFilter({ label: '救助管理站', width: 220 }),
  sex: choiceFilter({ male: '男', female: '女' }, { label: '性别', width: 100 }),
  ageBand: choiceFilter(FAMILY_AGE_BAND_LABELS, { label: '年龄段', width: 140 }),
  hasCandidates: choiceFilter({ yes: '有待核候选', no: '无' }, { label: '待核候选', width: 140 }),
};

function Worklist() {
  const list = useListPage({
    filters,
    sortKeys: ['entryDate', 'caseNo', 'stationName', 'candidates'],
    load: (query, signal) => familyApi.worklist(query, signal),
  });
  const stations = useStationOptions();
  const columns: TableColumnsType<FamilyWorklistRow> = [
    {
      title: '案件编号',
      key: 'caseNo',
      sorter: true,
      render: (_, r) => <Link to={`/rescue/cases/${r.caseId}?tab=family`}>{r.caseNo}</Link>,
    },
    {
      title: '姓名',
      render: (_, r) => (
        <Space size={4}>
          {caseDisplayName(r.personName, r.caseNo)}
          <Tag>{r.sex === 'male' ? '男' : '女'}</Tag>
          {r.age === null ? '年龄不详' : `${r.age}岁${r.ageEstimated ? '（估）' : ''}`}
        </Space>
      ),
    },
    { title: '入站日期', key: 'entryDate', sorter: true, render: (_, r) => formatDate(r.entryDate) },
    { title: '在站天数', align: 'right', render: (_, r) => r.daysInStation },
    {
      title: '待核候选',
      key: 'candidates',
      sorter: true,
      align: 'right',
      render: (_, r) =>
        r.openCandidates === null ? '—' : r.openCandidates > 0 ? <Badge count={r.openCandidates} /> : 0,
    },
    {
      title: '人像',
      render: (_, r) =>
        r.facePhoto ? (
          <Tag color={r.faceCompared ? 'green' : 'blue'}>{r.faceCompared ? '已比对' : '有照片'}</Tag>
        ) : (
          <Tag color="orange">无照片</Tag>
        ),
    },
    {
      title: '最近寻亲公告',
      render: (_, r) => r.latestNoticeNo ?? <Typography.Text type="warning">未发布</Typography.Text>,
    },
    {
      title: '团聚',
      render: (_, r) =>
        r.reunionStatus ? (
          <Tag color={reunionStatusColors[r.reunionStatus]}>{REUNION_STATUS_LABELS[r.reunionStatus]}</Tag>
        ) : (
          '—'
        ),
    },
    { title: '下一步', render: (_, r) => <div style={{ maxWidth: 200 }}>{r.nextStep}</div> },
    {
      title: '救助管理站',
      key: 'stationName',
      sorter: true,
      render: (_, r) => <div style={{ maxWidth: 120 }}>{r.stationName}</div>,
    },
  ];
  return (
    <ListPage
      list={list}
      title="寻亲"
      unit="人"
      exportHref={familyUrls.worklistExport(list.exportQuery)}
      nav={<RescueNav />}
      filterName="rescue-family-search-filters"
      notice="身份尚未查明的在站、托养和住院人员（在站最久的在前）。点击案件编号进入“寻亲与团聚”页签：核对候选、人像比对、发起团聚。"
      controls={{
        stationId: (
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 220 }}
            options={stations.map((st) => ({ value: st.id, label: st.name }))}
          />
        ),
      }}
      errorTitle="寻亲工作台加载失败"
      rowKey={(r) => r.caseId}
      columns={columns}
      empty={list.filtered ? '没有符合条件的受助人员。' : '目前没有身份未查明的在站受助人员。'}
    >
      <Card size="small" title="失踪人员报告在受助人员中的候选" style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">
          失踪人员报告与救助人员的比对候选，按相似度排列：点击受助人员进入其“寻亲与团聚”页签核对；确认后自动发起团聚。
        </Typography.Paragraph>
        <ReportCandidates />
      </Card>
    </ListPage>
  );
}

/**
 * Candidates between a missing-person report and a rescued person, waiting for review: the rescued side
 * links to its case (the 寻亲与团聚 tab decides it).
 */
function ReportCandidates() {
  const [page, setPage] = useState(1);
  const { data, error, loading } = useApi(
    (signal) =>
      api.get<{ items: FamilyCandidateDto[]; total: number }>(
        '/api/matching/family-candidates',
        { kind: 'missing-report', page, pageSize: 10 },
        signal,
      ),
    [page],
  );
  if (error !== undefined)
    return <Alert type="error" showIcon title="候选加载失败" description={errorText(error)} />;
  const items = (data?.items ?? []).filter(
    (c) =>
      (c.status === 'open' || c.status === 'claimed' || c.status === 'unsure') &&
      (c.left.ownerLine === 'rescue' || c.right.ownerLine === 'rescue'),
  );
  return (
    <Table
      size="small"
      loading={loading}
      rowKey={(c) => c.id}
      dataSource={items}
      pagination={{
        current: page,
        pageSize: 10,
        total: data?.total ?? 0,
        onChange: setPage,
        showSizeChanger: false,
      }}
      locale={{ emptyText: '没有待核查的失踪报告候选。' }}
      columns={[
        {
          title: '失踪人员报告',
          render: (_, c) => {
            const s = c.left.kind === 'missing-report' ? c.left : c.right;
            return [s.record?.reference, s.record?.name ?? '（无名）', s.record?.placeName]
              .filter(Boolean)
              .join(' ');
          },
        },
        {
          title: '受助人员',
          render: (_, c) => {
            const s = c.left.ownerLine === 'rescue' ? c.left : c.right;
            return (
              <Link to={`/rescue/cases/${s.entryId}?tab=family`}>
                {[s.record?.reference, s.record?.name ?? '无名氏'].filter(Boolean).join(' ')}
              </Link>
            );
          },
        },
        { title: '相似度', align: 'right', render: (_, c) => c.score.toFixed(2) },
        { title: '状态', render: (_, c) => FAMILY_CANDIDATE_STATUS_LABELS[c.status] },
      ]}
    />
  );
}

/** /rescue/family-search 寻亲. */
export function RescueFamilySearchPage() {
  return <Worklist />;
}
