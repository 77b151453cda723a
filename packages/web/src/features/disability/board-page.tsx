import { Alert, Badge, Button, Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { formatCount } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { DisabilityNav } from './disability-nav';
import { outreachApi, type DisabilityBoardDto } from './outreach.api';

type Group = DisabilityBoardDto['applications']['toForward'];

function countdown(daysLeft: number, provisional: boolean) {
  const text = daysLeft < 0 ? `已逾期 ${-daysLeft} 天` : daysLeft === 0 ? '今天到期' : `还剩 ${daysLeft} 天`;
  const color = daysLeft < 0 ? 'red' : daysLeft <= 1 ? 'orange' : 'blue';
  return (
    <Space size={4}>
      <Tag color={color}>{text}</Tag>
      {provisional && (
        <Typography.Text type="secondary" title="所在年度的节假日安排尚未载入，期限只扣除了周末">
          （暂按周末计算）
        </Typography.Text>
      )}
    </Space>
  );
}

function DueCard({
  title,
  hint,
  group,
  more,
}: {
  title: string;
  hint: string;
  group: Group | undefined;
  more: string;
}) {
  return (
    <Card
      title={
        <Space>
          {title}
          <Badge count={group?.count ?? 0} showZero color={group?.overdue ? '#cf1322' : '#1677ff'} />
          {group && group.overdue > 0 && <Tag color="red">逾期 {group.overdue}</Tag>}
        </Space>
      }
      extra={<Link to={more}>全部</Link>}
      size="small"
      style={{ height: '100%' }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {hint}
      </Typography.Paragraph>
      {group && group.items.length > 0 ? (
        <List
          size="small"
          dataSource={group.items}
          renderItem={(a) => (
            <List.Item>
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap>
                  <Link to={`/disability/applications/${encodeURIComponent(a.id)}`}>{a.name}</Link>
                  <Typography.Text type="secondary">{a.applicationNo}</Typography.Text>
                </Space>
                <Space wrap>
                  <span>期限 {a.dueOn}</span>
                  {countdown(a.daysLeft, a.provisional)}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待办" />
      )}
    </Card>
  );
}

/**
 * 残疾人福利 · 今日工作: what is due today for the signed-in user — applications to forward, decide and
 * notify (R-DIS-06 countdowns, overdue first), review steps waiting, open outreach reminders and this
 * month's roster with its next action.
 */
export function DisabilityBoardPage() {
  const { user } = useAuth();
  const { data, error, loading, reload } = useApi((signal) => outreachApi.board(signal), []);
  const overdue =
    (data?.applications.toForward.overdue ?? 0) +
    (data?.applications.toDecide.overdue ?? 0) +
    (data?.applications.toNotify.overdue ?? 0);
  return (
    <>
      <PageHeader
        title="残疾人福利 · 今日工作"
        subTitle={data ? `${data.today} · ${user?.divisionName ?? ''}` : undefined}
      />
      <DisabilityNav />
      <LoadError error={error} title="今日工作加载失败" onRetry={reload} />
      {overdue > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={`有 ${overdue} 件申请已超过办理期限（受理后 3 个工作日内转户籍地、收到后 10 个工作日内决定、决定后 3 个工作日内告知），请优先办理。`}
        />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={12} xl={6}>
          <Card size="small" loading={loading && !data}>
            <Statistic title="待我审批（补贴审核）" value={formatCount(data?.approvals.count)} />
            <Link to="/approvals">去审批</Link>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card size="small" loading={loading && !data}>
            <Statistic
              title="数据找人待跟进"
              value={formatCount(data?.reminders.open)}
              {...(data?.reminders.open ? { valueStyle: { color: '#d46b08' } } : {})}
            />
            <Space>
              <Link to="/disability/outreach?status=open">去跟进</Link>
              {data?.reminders.newOnes ? (
                <Typography.Text type="secondary">新办证/新低保 {data.reminders.newOnes}</Typography.Text>
              ) : null}
            </Space>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card size="small" loading={loading && !data}>
            <Statistic
              title="比对发现待复核"
              value={data?.findings ? formatCount(data.findings.count) : '—'}
            />
            <Link to={data?.findings?.link ?? '/disability/verification'}>去复核</Link>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card size="small" loading={loading && !data}>
            {data?.roster ? (
              <>
                <Statistic title={`${data.roster.month} 发放名册`} value={data.roster.statusLabel} />
                <Space wrap>
                  <Typography.Text>下一步：{data.roster.nextAction}</Typography.Text>
                  <Link to={data.roster.link}>
                    <Button size="small" type="primary">
                      去办理
                    </Button>
                  </Link>
                </Space>
              </>
            ) : (
              <>
                <Statistic title="本月发放名册" value="—" />
                <Typography.Text type="secondary">
                  名册由县级冻结和签批；可在“统计”查看各地情况。
                </Typography.Text>
              </>
            )}
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <DueCard
            title="待转户籍地"
            hint="材料齐全后 3 个工作日内转送申请人户籍地县级部门。"
            group={data?.applications.toForward}
            more="/disability/applications?status=received"
          />
        </Col>
        <Col xs={24} xl={8}>
          <DueCard
            title="待审批决定"
            hint="户籍地收到申请后 10 个工作日内作出决定。"
            group={data?.applications.toDecide}
            more="/disability/applications?status=reviewing"
          />
        </Col>
        <Col xs={24} xl={8}>
          <DueCard
            title="待告知申请人"
            hint="作出决定后 3 个工作日内告知申请人结果。"
            group={data?.applications.toNotify}
            more="/disability/applications?status=approved"
          />
        </Col>
      </Row>
    </>
  );
}
