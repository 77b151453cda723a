import type { FamilySearchHitDto, FamilySearchRecordDto } from '@social-affairs/kernel/contracts';
import { Button, Tag } from 'antd';
import { formatDate, sexLabels } from '../../app/format';
import { LedgerTable } from '../../app/list-page';
import {
  familyNameLevelLabels,
  recordKindColors,
  recordKindShort,
  regionLevelLabels,
} from './family-search.api';

/** 出生年份 ± or 估计年龄 (on the day seen), as a caseworker reads it. */
export function ageText(r: FamilySearchRecordDto): string {
  if (r.estimatedAge)
    return `约 ${r.estimatedAge.estimate} ± ${r.estimatedAge.range} 岁（${formatDate(r.estimatedAge.asOf)}）`;
  if (r.birthYear) return `${r.birthYear} ± ${r.birthYearUncertainty ?? 2} 年生`;
  return '—';
}

/** The engine's reasons for a hit, as tags. */
export function HitReasons({ hit }: { hit: FamilySearchHitDto }) {
  const e = hit.explanation;
  return (
    <>
      <Tag color={e.name === 'none' ? undefined : 'green'}>
        姓名：{familyNameLevelLabels[e.name] ?? e.name}
      </Tag>
      {e.ageDifference !== null && (
        <Tag color={Math.abs(e.ageDifference) <= 2 ? 'green' : 'orange'}>
          年龄差 {Math.abs(e.ageDifference)} 岁
        </Tag>
      )}
      <Tag>{regionLevelLabels[e.region] ?? e.region}</Tag>
      {e.sex === 'different' && <Tag color="red">性别不符</Tag>}
      {e.eventOrder === 'inconsistent' && <Tag color="orange">发现早于走失</Tag>}
      {e.sharedFeatures.length > 0 && <Tag color="blue">特征：{e.sharedFeatures.join('、')}</Tag>}
    </>
  );
}

/** The hits of a search or of a record's candidates. */
export function FamilyHitsTable({
  hits,
  onOpen,
}: {
  hits: FamilySearchHitDto[];
  onOpen: (hit: FamilySearchHitDto) => void;
}) {
  return (
    <LedgerTable<FamilySearchHitDto>
      card={false}
      rowKey={(h) => h.id}
      pageSize={false}
      dataSource={hits}
      empty="没有符合的记录。可放宽年龄误差、只填姓氏，或去掉地区线索后再试。"
      columns={[
        { title: '排名', render: (_, __, i) => i + 1, width: 60 },
        {
          title: '类别',
          render: (_, h) => <Tag color={recordKindColors[h.kind]}>{recordKindShort[h.kind]}</Tag>,
        },
        {
          title: '姓名',
          render: (_, h) => (
            <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(h)}>
              {h.record.name ?? '（无名）'}
            </Button>
          ),
        },
        { title: '性别', render: (_, h) => (h.record.sex ? sexLabels[h.record.sex] : '—') },
        { title: '出生年份 / 估计年龄', render: (_, h) => ageText(h.record) },
        {
          title: '走失地 / 发现地',
          render: (_, h) => h.record.placeName ?? h.record.placeCode ?? '—',
        },
        { title: '日期', render: (_, h) => formatDate(h.record.eventDate) },
        { title: '特征', render: (_, h) => h.record.features ?? '—' },
        { title: '匹配理由', render: (_, h) => <HitReasons hit={h} /> },
        { title: '得分', align: 'right', render: (_, h) => h.score.toFixed(1) },
      ]}
    />
  );
}
