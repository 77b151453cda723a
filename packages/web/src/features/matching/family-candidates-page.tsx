/**
 * 寻亲候选 (a tab of 数据比对's review): the stored three-way family-search candidates in the picked
 * division — missing-person reports, unidentified living people (rescue) and unidentified deceased
 * (funeral) paired by the engine or by face, DNA or a notice — with filters, Excel export and, per row,
 * both records side by side and the decision (reason required). Nothing identifies anyone automatically.
 */
import type { FamilyCandidateDto } from '@social-affairs/kernel/contracts';
import {
  FAMILY_CANDIDATE_CHANNEL_LABELS,
  FAMILY_CANDIDATE_STATUS_LABELS,
} from '@social-affairs/kernel/contracts';
import { Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { apiUrl } from '../../app/api-client';
import { sexLabels } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import {
  DecisionButtons,
  FamilyCandidateCompare,
  FamilyCandidateReasons,
  familyCandidateStatusColors,
  listFamilyCandidates,
  useFamilyDecision,
} from '../../app/family-candidates';
import { recordKindColors, recordKindLabels, recordKindShort } from './family-search.api';
import { MatchingTabs } from './matching-tabs';

const filters = {
  entryId: textFilter(),
  status: choiceFilter(FAMILY_CANDIDATE_STATUS_LABELS, { label: '核查状态', width: 130 }),
  kind: choiceFilter(recordKindLabels, { label: '记录类别', width: 200 }),
  channel: choiceFilter(FAMILY_CANDIDATE_CHANNEL_LABELS, { label: '来源', width: 130 }),
};

function sideCell(side: FamilyCandidateDto['left']) {
  const r = side.record;
  return (
    <>
      <Tag color={recordKindColors[side.kind]}>{recordKindShort[side.kind]}</Tag>
      {r ? (
        <>
          {r.name ?? '（无名）'} {r.sex ? sexLabels[r.sex] : ''}{' '}
          <Typography.Text type="secondary">{r.divisionName ?? ''}</Typography.Text>
        </>
      ) : (
        '—'
      )}
    </>
  );
}

export function FamilyCandidatesPage() {
  const list = useListPage({
    filters,
    keep: ['entryId'],
    pageSizes: [10, 20, 50, 100],
    load: (query, signal) => listFamilyCandidates(query, signal),
  });
  const decision = useFamilyDecision(() => list.reload());
  const columns: TableColumnsType<FamilyCandidateDto> = [
    { title: '记录一', render: (_, c) => sideCell(c.left) },
    { title: '记录二', render: (_, c) => sideCell(c.right) },
    { title: '来源', render: (_, c) => FAMILY_CANDIDATE_CHANNEL_LABELS[c.channel] },
    { title: '匹配理由', render: (_, c) => <FamilyCandidateReasons candidate={c} /> },
    { title: '得分', align: 'right', render: (_, c) => c.score.toFixed(1) },
    {
      title: '核查状态',
      render: (_, c) => (
        <Tag color={familyCandidateStatusColors[c.status]}>
          {FAMILY_CANDIDATE_STATUS_LABELS[c.status]}
          {c.status === 'claimed' && c.claimedBy ? `（${c.claimedBy}）` : ''}
        </Tag>
      ),
    },
    {
      title: '操作',
      fixed: 'right',
      render: (_, c) => <DecisionButtons candidate={c} onDecide={decision.open} />,
    },
  ];
  return (
    <ListPage
      list={list}
      title="寻亲候选"
      unit="对"
      exportHref={apiUrl('/api/matching/family-candidates/export', { ...list.exportQuery })}
      nav={<MatchingTabs />}
      filterName="family-candidate-filters"
      breadcrumb
      notice={
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          寻亲登记、身份不明受助人员与无名遗体之间按相似度排列的候选；任一方在本辖区即可核查，对方记录最小化显示。展开一行可并排对照两条记录。确认后由所属业务办理团聚，系统不会自动认定身份。
        </Typography.Paragraph>
      }
      errorTitle="寻亲候选加载失败"
      rowKey="id"
      columns={columns}
      expandable={{ expandedRowRender: (c) => <FamilyCandidateCompare candidate={c} /> }}
      empty="没有符合条件的寻亲候选。新的记录录入后会自动比对；可清除筛选条件后再看。"
    >
      {decision.modal}
    </ListPage>
  );
}
