import { Card, Col, Row, Select, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  RESCUE_WARNING_KIND_LABELS,
  RESCUE_WARNING_KINDS,
  type RescueWarningKind,
} from '@social-affairs/kernel/contracts/rescue';
import { useDivision } from '../../app/division-context';
import { formatDate } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { RescueNav } from './rescue-nav';
import {
  useStationOptions,
  warningsApi,
  warningsUrls,
  type RescueWarningDto,
  type RescueWarningsPageDto,
} from './warnings.api';

const filters = {
  kind: choiceFilter(RESCUE_WARNING_KIND_LABELS, { label: '预警类别', width: 210 }),
  stationId: textFilter({ label: '救助站', width: 240 }),
};

const KIND_COLORS: Record<RescueWarningKind, string> = {
  stay_over_limit: 'red',
  stranded: 'orange',
  long_term: 'volcano',
  action_overdue: 'magenta',
  visit_overdue: 'gold',
  inspection_due: 'purple',
};

/** What to do next for each kind, shown under the counts. */
const NEXT_STEP: Record<RescueWarningKind, string> = {
  stay_over_limit: '办理离站，或申请延期救助（报上级民政部门）',
  stranded: '继续寻亲；安排站内照料或站外托养',
  long_term: '七个规定动作齐全后申请落户安置',
  action_overdue: '尽快完成并登记规定动作',
  visit_overdue: '到托养机构探访并上传照片',
  inspection_due: '安排检查，登记检查结果',
};

/**
 * 预警: everything late in the user's scope — station staff their station, county and city supervisors
 * their division (with the division picker and a station filter); counts by kind on top, each a filter.
 */
export function RescueWarningsPage() {
  const { current } = useDivision();
  const [summary, setSummary] = useState<Pick<RescueWarningsPageDto, 'counts' | 'today' | 'unavailable'>>();
  const list = useListPage({
    filters,
    sortKeys: ['since', 'kind', 'stationName'],
    load: async (query, signal) => {
      const page = await warningsApi.warnings(query, signal);
      setSummary({ counts: page.counts, today: page.today, unavailable: page.unavailable });
      return page;
    },
  });
  const stations = useStationOptions(current.code);
  const picked = list.query.kind;
  const columns: TableColumnsType<RescueWarningDto> = [
    {
      title: '类别',
      key: 'kind',
      sorter: true,
      render: (_, w) => <Tag color={KIND_COLORS[w.kind]}>{w.kindLabel}</Tag>,
    },
    {
      title: '对象',
      render: (_, w) =>
        w.caseId ? (
          <Link to={w.link}>
            {w.subject}
            {w.caseNo && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {w.caseNo}
              </Typography.Text>
            )}
          </Link>
        ) : (
          <Link to={w.link}>{w.subject}</Link>
        ),
    },
    {
      title: '起始日期',
      key: 'since',
      sorter: true,
      render: (_, w) => (
        <span>
          {formatDate(w.since)}
          {w.provisional && (
            <Tooltip title="期限跨越节假日安排尚未公布的年份，按暂定计算">
              <Tag style={{ marginLeft: 6 }}>暂定</Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    {
      title: '已逾期',
      align: 'right',
      render: (_, w) => (w.daysLate === 0 ? <Tag color="red">今天起</Tag> : `${w.daysLate} 天`),
    },
    {
      title: '说明',
      render: (_, w) => <div style={{ minWidth: 180, maxWidth: 260 }}>{w.detail}</div>,
    },
    {
      title: '救助站',
      key: 'stationName',
      sorter: true,
      render: (_, w) => <div style={{ maxWidth: 96 }}>{w.stationName}</div>,
    },
    {
      title: '操作',
      render: (_, w) => <Link to={w.link}>{w.caseId ? '去办理' : '去检查'}</Link>,
    },
  ];
  const pick = (kind: RescueWarningKind | undefined) => list.setFilters({ ...list.formValues, kind });
  return (
    <ListPage
      list={list}
      title="救助预警"
      unit="条"
      exportHref={warningsUrls.warningsExport(list.exportQuery)}
      nav={<RescueNav />}
      above={
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }} role="list" aria-label="预警分类统计">
          {RESCUE_WARNING_KINDS.map((k) => (
            <Col key={k} xs={12} md={8} xl={4} role="listitem">
              <Card
                size="small"
                hoverable
                onClick={() => pick(picked === k ? undefined : k)}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' && e.key !== ' ') return;
                  e.preventDefault();
                  pick(picked === k ? undefined : k);
                }}
                style={picked === k ? { borderColor: '#1677ff' } : undefined}
                role="button"
                tabIndex={0}
                aria-pressed={picked === k}
                data-kind={k}
              >
                <Statistic
                  title={RESCUE_WARNING_KIND_LABELS[k]}
                  value={summary?.unavailable.includes(k) ? '—' : (summary?.counts[k] ?? 0)}
                  valueStyle={{ color: (summary?.counts[k] ?? 0) > 0 ? '#cf1322' : undefined }}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {NEXT_STEP[k]}
                </Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      }
      filterName="rescue-warnings-filters"
      breadcrumb
      notice={
        summary && (
          <Typography.Text type="secondary">
            截至 {formatDate(summary.today)}（预警按入站日期等实时计算，办理完毕即消失）
          </Typography.Text>
        )
      }
      controls={{
        stationId: (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部救助站"
            style={{ width: 240 }}
            options={stations.map((s) => ({ value: s.id, label: s.name }))}
          />
        ),
      }}
      errorTitle="救助预警加载失败"
      rowKey="key"
      columns={columns}
      empty={
        list.filtered ? '没有符合条件的预警。' : '目前没有逾期或超期事项。新入站人员的期限会在这里按日提醒。'
      }
    />
  );
}
