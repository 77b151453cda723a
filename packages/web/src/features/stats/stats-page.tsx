import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Skeleton, Typography } from 'antd';
import { useDivision } from '../../app/division-context';
import { formatCount } from '../../app/format';
import { DivisionBreadcrumb } from '../../app/layout/division-breadcrumb';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/list-page';
import {
  PeopleByDivisionChart,
  PeopleByDivisionTable,
  peopleByDivisionExportUrl,
  peopleByDivisionTitle,
  totalsOf,
  usePeopleByDivision,
} from '../../app/people-by-division';
import { PeopleTrendCard } from './people-trend-card';

/** 统计报表: the report catalogue; each report is drillable by division and exportable to Excel. */
export function StatsPage() {
  const { current, canPick, pick } = useDivision();
  const { data: report, error, loading, reload } = usePeopleByDivision(current.code);
  const totals = report ? totalsOf(report) : undefined;

  return (
    <>
      <PageHeader title="统计报表" subTitle="按当前选择的行政区划统计，可逐级下钻，导出内容与屏幕一致" />
      <LoadError error={error} title="统计数据加载失败" onRetry={reload} />
      <Card
        title={`${peopleByDivisionTitle}统计表`}
        extra={
          <Button type="primary" icon={<DownloadOutlined />} href={peopleByDivisionExportUrl(current.code)}>
            导出 Excel
          </Button>
        }
      >
        <Flex vertical gap={16}>
          <DivisionBreadcrumb />
          {report && totals ? (
            <>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 4 }}
                items={[
                  { key: 'division', label: '统计范围', children: report.division.name },
                  {
                    key: 'unit',
                    label: '统计单位',
                    children: report.rows.length ? `下级区划（${report.rows.length} 个）` : '—',
                  },
                  { key: 'total', label: '人员总数', children: `${formatCount(totals.total)} 人` },
                  { key: 'alive', label: '在世（计入年龄段）', children: `${formatCount(totals.alive)} 人` },
                  { key: 'deceased', label: '已故', children: `${formatCount(totals.deceased)} 人` },
                ]}
              />
              <PeopleByDivisionTable report={report} canDrill={canPick} onDrill={pick} withShares />
              {report.rows.length > 0 && (
                <>
                  <Typography.Text type="secondary">图：各下级区划按年龄段的人数</Typography.Text>
                  <PeopleByDivisionChart report={report} canDrill={canPick} onDrill={pick} />
                </>
              )}
            </>
          ) : (
            <Skeleton active loading={loading} paragraph={{ rows: 8 }} />
          )}
        </Flex>
      </Card>
      <PeopleTrendCard divisionCode={current.code} />
    </>
  );
}
