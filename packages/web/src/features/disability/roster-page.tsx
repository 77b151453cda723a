/**
 * 发放名册 (/disability/rosters and /disability/rosters/:id, issue 18 item 5, ADR 0032): each county's
 * monthly frozen roster. The list shows the months with their status and what to do next; the county
 * freezes a month (the diff against last month is made then). One roster: the summary and next step, each
 * township's part with its confirmation (a township confirms its own part), the county's signature, the
 * month-over-month diff by change and reason (新增, 停发 with reasons, 标准调整, 补发, 无变化; Excel) and
 * the lines (filters, paging, sort, Excel). Before signing, the county may un-freeze with a reason.
 */
import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { beijingToday, formatDateTime } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { useSubmit } from '../../app/use-submit';
import { DisabilityNav } from './disability-nav';
import {
  rosterApi,
  rosterChangeColors,
  rosterStatusColors,
  rosterUrls,
  yuan,
  type RosterBody,
  type RosterDiffBody,
  type RosterLineBody,
  type RosterSummaryBody,
} from './roster.api';

const STATUS = { frozen: '已冻结', signed: '已签批', file_issued: '已生成代发文件', closed: '已结清' };
const CHANGES = {
  new: '新增',
  stopped: '停发',
  rate_changed: '标准调整',
  resumed: '恢复发放',
  arrears: '补发',
  unchanged: '无变化',
};
const SUBSIDIES = { living: '生活补贴', care: '护理补贴' };

const listFilters = { status: choiceFilter(STATUS, { label: '状态', width: 140 }) };

export function DisabilityRostersPage() {
  const { user, hasPermission } = useAuth();
  const navigate = useNavigate();
  const countyLevel = (user?.divisionCode.length ?? 0) === 6 && !(user?.divisionCode ?? '').endsWith('00');
  const canFreeze = countyLevel && (hasPermission('disability:write') || hasPermission('disability:approve'));
  const list = useListPage({ filters: listFilters, load: (q, signal) => rosterApi.list(q, signal) });
  const [freezing, setFreezing] = useState(false);
  const waiting = list.items.filter((r) => r.status === 'frozen');
  const columns: TableColumnsType<RosterSummaryBody> = [
    {
      title: '月份',
      render: (_, r) => <Link to={`/disability/rosters/${encodeURIComponent(r.id)}`}>{r.month}</Link>,
    },
    { title: '县（市、区）', render: (_, r) => r.countyName },
    { title: '状态', render: (_, r) => <Tag color={rosterStatusColors[r.status]}>{r.statusLabel}</Tag> },
    { title: '发放人数', align: 'right', render: (_, r) => r.recipients.toLocaleString('zh-CN') },
    { title: '发放金额', align: 'right', render: (_, r) => yuan(r.totalFen) },
    { title: '冻结时间', render: (_, r) => formatDateTime(r.frozenAt) },
    {
      title: '操作',
      render: (_, r) => (
        <Link to={`/disability/rosters/${encodeURIComponent(r.id)}`}>
          {r.status === 'frozen' ? '核对、确认与签批' : '查看名册与变动'}
        </Link>
      ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="发放名册"
      unit="份"
      nav={<DisabilityNav />}
      actions={
        canFreeze && (
          <Button type="primary" onClick={() => setFreezing(true)}>
            冻结本月名册
          </Button>
        )
      }
      above={
        <Alert
          type={waiting.length > 0 ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            waiting.length > 0
              ? `${waiting.map((r) => `${r.countyName} ${r.month}`).join('、')} 的名册已冻结、尚未签批：请各乡镇（街道）核对确认本辖区部分，再由县级民政签批。`
              : '每月由县级冻结当月发放名册（与上月比对生成新增、停发、标准调整、补发），乡镇确认、县级民政签批后生成银行代发文件。冻结后的变化计入下月名册。'
          }
        />
      }
      filterName="disability-rosters-filters"
      errorTitle="发放名册加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的名册。'
          : canFreeze
            ? '还没有发放名册。点右上角“冻结本月名册”生成本月名册。'
            : '还没有发放名册：由县级补贴经办人员冻结后，这里会显示待确认的名册。'
      }
    >
      <FreezeDialog
        open={freezing}
        county={user?.divisionCode ?? ''}
        onClose={() => setFreezing(false)}
        onDone={(r) => {
          setFreezing(false);
          void message.success(
            `已冻结 ${r.countyName} ${r.month} 名册：${r.recipients} 人，${yuan(r.totalFen)}`,
          );
          void navigate(`/disability/rosters/${encodeURIComponent(r.id)}`);
        }}
      />
    </ListPage>
  );
}

function FreezeDialog({
  open,
  county,
  onClose,
  onDone,
}: {
  open: boolean;
  county: string;
  onClose: () => void;
  onDone: (r: RosterBody) => void;
}) {
  const [form] = Form.useForm<{ countyCode: string; month: string }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title="冻结月度发放名册"
      okText="冻结"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden={false}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="冻结时按各补贴对象的户籍乡镇、残疾类别等级和当年补贴标准计算本月金额，并与上月名册比对。冻结后的变化计入下月名册。"
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ countyCode: county, month: beijingToday().slice(0, 7) }}
        onFinish={(values) => {
          setBusy(true);
          setError(undefined);
          rosterApi
            .freeze(values)
            .then(onDone, (e: unknown) => setError(applyServerError(form, e)))
            .finally(() => setBusy(false));
        }}
      >
        <Form.Item
          name="countyCode"
          label="县（市、区）代码"
          rules={[{ required: true, message: '请填写县级区划代码' }]}
        >
          <Input maxLength={6} />
        </Form.Item>
        <Form.Item
          name="month"
          label="月份"
          rules={[
            { required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '月份请按 2025-04 的格式填写' },
          ]}
        >
          <Input maxLength={7} placeholder="2025-04" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

// ----- one roster ----------------------------------------------------------------------------------------

const lineFilters = {
  q: textFilter({ label: '姓名', width: 140 }),
  township: textFilter({ label: '乡镇（街道）代码', placeholder: '9 位代码', width: 150 }),
  subsidy: choiceFilter(SUBSIDIES, { label: '补贴类别', width: 120 }),
  change: choiceFilter(CHANGES, { label: '变动', width: 120 }),
  reason: textFilter({ label: '原因代码', placeholder: '如 death', width: 130 }),
};

export function DisabilityRosterPage() {
  const { id = '' } = useParams();
  const { user, hasPermission } = useAuth();
  const roster = useApi((signal) => rosterApi.get(id, signal), [id]);
  const list = useListPage({
    filters: lineFilters,
    sortKeys: ['division', 'amount', 'change', 'name'],
    load: (q, signal) => rosterApi.lines({ ...q, rosterId: id }, signal),
  });
  const diffQuery = {
    division: list.query.division,
    township: list.query.township,
    subsidy: list.query.subsidy,
  };
  const diff = useApi(
    (signal) => rosterApi.diff(id, diffQuery, signal),
    [id, list.query.division, list.query.township, list.query.subsidy],
  );
  const r = roster.data;
  const reload = () => {
    roster.reload();
    diff.reload();
    list.reload();
  };
  const columns: TableColumnsType<RosterLineBody> = [
    { title: '乡镇（街道）', key: 'division', sorter: true, render: (_, l) => l.divisionName },
    {
      title: '姓名',
      key: 'name',
      sorter: true,
      render: (_, l) => <Link to={`/people/${encodeURIComponent(l.personId)}`}>{l.name}</Link>,
    },
    { title: '身份证号', render: (_, l) => l.residentIdMasked ?? '—' },
    { title: '补贴', render: (_, l) => l.subsidyLabel },
    { title: '月标准', align: 'right', render: (_, l) => (l.monthlyFen ? yuan(l.monthlyFen) : '—') },
    { title: '月数', align: 'right', render: (_, l) => l.monthsCovered },
    { title: '发放金额', key: 'amount', sorter: true, align: 'right', render: (_, l) => yuan(l.amountFen) },
    {
      title: '变动',
      key: 'change',
      sorter: true,
      render: (_, l) => <Tag color={rosterChangeColors[l.change]}>{l.changeLabel}</Tag>,
    },
    {
      title: '原因',
      render: (_, l) =>
        l.change === 'rate_changed' && l.previousMonthlyFen !== null
          ? `上月 ${yuan(l.previousMonthlyFen)}`
          : (l.reasonLabel ?? ''),
    },
    { title: '发放至', render: (_, l) => l.paidThroughMonth ?? '—' },
  ];
  const title = r ? `发放名册：${r.countyName} ${r.month}` : '发放名册';
  return (
    <ListPage
      list={list}
      title={title}
      unit="行"
      nav={<DisabilityNav activePath="/disability/rosters" />}
      exportHref={rosterUrls.linesExport({ ...list.exportQuery, rosterId: id })}
      above={
        <>
          {roster.error !== undefined && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title="名册不存在或不在您的管辖范围内"
            />
          )}
          {r && (
            <RosterSummary
              roster={r}
              townshipUser={(user?.divisionCode.length ?? 0) === 9 ? user!.divisionCode : null}
              canWrite={hasPermission('disability:write')}
              canSign={hasPermission('disability:approve') && (user?.divisionCode.length ?? 0) <= 6}
              canUnfreeze={
                (user?.divisionCode.length ?? 0) === 6 &&
                (hasPermission('disability:write') || hasPermission('disability:approve'))
              }
              onChanged={reload}
            />
          )}
          {r && diff.data && (
            <DiffCard
              diff={diff.data}
              exportHref={rosterUrls.diffExport(id, diffQuery)}
              onPick={(change, reason) =>
                list.setFilters({
                  ...list.formValues,
                  change: change as never,
                  reason: reason ?? undefined,
                })
              }
            />
          )}
        </>
      }
      filterName="disability-roster-lines-filters"
      errorTitle="名册明细加载失败"
      rowKey={(l) => l.id}
      columns={columns}
      empty={list.filtered ? '没有符合条件的名册行。' : '该名册没有发放对象。'}
    />
  );
}

function RosterSummary({
  roster: r,
  townshipUser,
  canWrite,
  canSign,
  canUnfreeze,
  onChanged,
}: {
  roster: RosterBody;
  townshipUser: string | null;
  canWrite: boolean;
  canSign: boolean;
  canUnfreeze: boolean;
  onChanged: () => void;
}) {
  const navigate = useNavigate();
  const { busy, error, submit } = useSubmit();
  const [unfreezing, setUnfreezing] = useState(false);
  const [reason, setReason] = useState('');
  const frozen = r.status === 'frozen';
  const ownPart = townshipUser ? r.parts.find((p) => p.divisionCode === townshipUser) : undefined;
  const partColumns: TableColumnsType<RosterBody['parts'][number]> = [
    { title: '乡镇（街道）', render: (_, p) => p.divisionName },
    { title: '发放人数', align: 'right', render: (_, p) => p.paidLines },
    { title: '名册行数', align: 'right', render: (_, p) => p.lines },
    { title: '金额', align: 'right', render: (_, p) => yuan(p.totalFen) },
    {
      title: '未配置标准',
      align: 'right',
      render: (_, p) =>
        p.unpricedLines ? <Typography.Text type="danger">{p.unpricedLines}</Typography.Text> : 0,
    },
    {
      title: '确认',
      render: (_, p) =>
        p.divisionCode.length !== 9 ? (
          <Typography.Text type="secondary">县级直管，随县级签批</Typography.Text>
        ) : p.confirmedAt ? (
          <Tag color="success">
            {p.confirmedBy} {formatDateTime(p.confirmedAt)} 已确认
          </Tag>
        ) : (
          <Tag color="warning">待确认</Tag>
        ),
    },
  ];
  return (
    <Card style={{ marginBottom: 12 }}>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title="状态" value={r.statusLabel} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="本月发放人数" value={r.recipients} suffix="人" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="本月发放金额（元）" value={r.totalFen / 100} precision={2} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={r.previous ? `上月（${r.previous.month}）` : '上月'}
            value={r.previous ? `${r.previous.recipients} 人 / ${yuan(r.previous.totalFen)}` : '无上月名册'}
          />
        </Col>
      </Row>
      <Alert
        type={frozen ? 'warning' : 'success'}
        showIcon
        style={{ margin: '12px 0' }}
        title={`下一步：${r.nextStep}`}
        description={
          r.countySignoff
            ? `县级民政 ${r.countySignoff.by} 于 ${formatDateTime(r.countySignoff.at)} 签批${r.countySignoff.note ? `：${r.countySignoff.note}` : ''}`
            : `冻结人：${r.frozenBy}，${formatDateTime(r.frozenAt)}`
        }
      />
      <Table
        size="small"
        rowKey={(p) => p.divisionCode}
        columns={partColumns}
        dataSource={r.parts}
        pagination={false}
      />
      <Space style={{ marginTop: 12 }} wrap>
        {frozen && canWrite && ownPart && !ownPart.confirmedAt && (
          <Button
            type="primary"
            loading={busy}
            onClick={() =>
              void submit(async () => {
                await rosterApi.confirm(r.id);
                void message.success('已确认本辖区名册');
                onChanged();
              })
            }
          >
            确认本辖区名册
          </Button>
        )}
        {frozen && canSign && (
          <Button
            type="primary"
            loading={busy}
            disabled={r.pendingTownships.length > 0}
            onClick={() =>
              void submit(async () => {
                await rosterApi.sign(r.id);
                void message.success('已签批，可以生成银行代发文件');
                onChanged();
              })
            }
          >
            县级民政签批
          </Button>
        )}
        {frozen && canUnfreeze && (
          <Button danger onClick={() => setUnfreezing(true)}>
            撤销冻结
          </Button>
        )}
        {r.status !== 'frozen' && <Link to="/disability/payments">去生成银行代发文件</Link>}
      </Space>
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} />}
      <Modal
        open={unfreezing}
        title="撤销冻结"
        okText="撤销冻结"
        okButtonProps={{ danger: true, loading: busy }}
        onCancel={() => setUnfreezing(false)}
        onOk={() =>
          void submit(async () => {
            await rosterApi.unfreeze(r.id, reason);
            setUnfreezing(false);
            void message.success('已撤销冻结，可重新冻结');
            void navigate('/disability/rosters');
          })
        }
      >
        <Typography.Paragraph>
          撤销后本月名册及各乡镇的确认一并删除，需重新冻结。只能撤销最近一个月、尚未签批的名册。
        </Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label="撤销原因" required validateStatus={error ? 'error' : undefined} help={error}>
            <Input.TextArea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              rows={3}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function DiffCard({
  diff,
  exportHref,
  onPick,
}: {
  diff: RosterDiffBody;
  exportHref: string;
  onPick: (change: string, reason: string | null) => void;
}) {
  const columns: TableColumnsType<RosterDiffBody['groups'][number]> = [
    {
      title: '变动',
      render: (_, g) => <Tag color={rosterChangeColors[g.change]}>{g.changeLabel}</Tag>,
    },
    { title: '原因', render: (_, g) => g.reasonLabel ?? '—' },
    { title: '补贴', render: (_, g) => g.subsidyLabel },
    { title: '人数', align: 'right', render: (_, g) => g.lines },
    { title: '本月金额', align: 'right', render: (_, g) => yuan(g.amountFen) },
    { title: '其中补发', align: 'right', render: (_, g) => (g.arrearsFen ? yuan(g.arrearsFen) : '—') },
    {
      title: '',
      render: (_, g) => (
        <Button size="small" type="link" onClick={() => onPick(g.change, g.reasonCode)}>
          查看名单
        </Button>
      ),
    },
  ];
  return (
    <Card
      title={`月度变动对比（${diff.month} 对比 ${diff.previousMonth ?? '无上月名册'}）`}
      style={{ marginBottom: 12 }}
      extra={
        <Button icon={<DownloadOutlined />} href={exportHref}>
          导出变动对比
        </Button>
      }
    >
      <Descriptions size="small" column={{ xs: 2, md: 6 }} style={{ marginBottom: 12 }}>
        {diff.byChange.map((c) => (
          <Descriptions.Item key={c.change} label={c.changeLabel}>
            {c.lines} 人
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Table
        size="small"
        rowKey={(g) => `${g.change}-${g.reasonCode ?? ''}-${g.subsidy}`}
        columns={columns}
        dataSource={diff.groups}
        pagination={false}
      />
    </Card>
  );
}
