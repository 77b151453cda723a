import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Result, Row, Skeleton, Statistic, Typography } from 'antd';
import { useAuth, useCurrentUser } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { DivisionBreadcrumb } from '../../app/layout/division-breadcrumb';
import { PageHeader } from '../../app/page-header';
import { TodoCard } from '../../app/todo-card';
import { formatCount, percent } from '../../app/format';
import { LoadError } from '../../app/list-page';
import {
  PeopleByDivisionChart,
  PeopleByDivisionTable,
  peopleByDivisionExportUrl,
  peopleByDivisionTitle,
  totalsOf,
  usePeopleByDivision,
} from '../../app/people-by-division';

export function HomePage() {
  const user = useCurrentUser();
  const { hasPermission } = useAuth();
  const canSeeStats = hasPermission('stats:read');
  return (
    <>
      <PageHeader title="首页" subTitle={`${user.displayName}，您好。当前管辖范围：${user.divisionName}`} />
      <TodoCard />
      {canSeeStats ? (
        <PeopleOverview />
      ) : (
        <Card>
          <Result
            status="info"
            title="欢迎使用社会事务综合服务平台"
            subTitle="请从左侧菜单进入您负责的业务。"
          />
        </Card>
      )}
    </>
  );
}

function PeopleOverview() {
  const { current, canPick, pick } = useDivision();
  const { data: report, error, loading, reload } = usePeopleByDivision(current.code);
  const totals = report ? totalsOf(report) : undefined;
  const olderBand = report?.bands.at(-1);
  const olderCount = totals?.byBand.at(-1);

  return (
    <Flex vertical gap={16}>
      <LoadError error={error} title="统计数据加载失败" onRetry={reload} style={{}} />
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} xl={6}>
          <Card>
            <Statistic
              title="人员总数"
              value={totals?.total}
              formatter={(v) => formatCount(Number(v))}
              loading={!totals}
              suffix="人"
            />
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card>
            <Statistic
              title="在世人数"
              value={totals?.alive}
              formatter={(v) => formatCount(Number(v))}
              loading={!totals}
              suffix="人"
            />
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card>
            <Statistic
              title="已故人数"
              value={totals?.deceased}
              formatter={(v) => formatCount(Number(v))}
              loading={!totals}
              suffix={
                totals ? (
                  <Typography.Text type="secondary">
                    人（{percent(totals.deceased, totals.total)}）
                  </Typography.Text>
                ) : (
                  '人'
                )
              }
            />
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card>
            <Statistic
              title={olderBand ? `${olderBand}在世人数` : '老年人数'}
              value={olderCount}
              formatter={(v) => formatCount(Number(v))}
              loading={!totals}
              suffix={
                totals && olderCount !== undefined ? (
                  <Typography.Text type="secondary">
                    人（{percent(olderCount, totals.alive)}）
                  </Typography.Text>
                ) : (
                  '人'
                )
              }
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={peopleByDivisionTitle}
        extra={
          <Button icon={<DownloadOutlined />} href={peopleByDivisionExportUrl(current.code)}>
            导出 Excel
          </Button>
        }
      >
        <Flex vertical gap={12}>
          <Flex justify="space-between" wrap gap={8}>
            <DivisionBreadcrumb />
            {report?.rows.some((row) => canPick(row.divisionCode)) && (
              <Typography.Text type="secondary">点击柱形或区划名称可查看下级区划</Typography.Text>
            )}
          </Flex>
          {report ? (
            <>
              {report.rows.length > 0 && (
                <PeopleByDivisionChart report={report} canDrill={canPick} onDrill={pick} />
              )}
              <PeopleByDivisionTable report={report} canDrill={canPick} onDrill={pick} />
            </>
          ) : (
            <Skeleton active loading={loading} paragraph={{ rows: 8 }} />
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
