import { SyncOutlined } from '@ant-design/icons';
import {
  OUTREACH_LIST_LABELS,
  type OutreachListDto,
  type OutreachOutcomeDto,
} from '@social-affairs/kernel/contracts/disability';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { applyServerError } from '../../app/form-errors';
import { formatCount } from '../../app/format';
import { ListPage, LedgerTable, LoadError, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { DisabilityNav } from './disability-nav';
import {
  outreachApi,
  outreachUrls,
  type OutreachCandidateRowDto,
  type OutreachCoverageDto,
  type OutreachReminderViewDto,
} from './outreach.api';

const STATUS_LABELS = { open: '待跟进', done: '已反馈', lapsed: '已自动销号' } as const;
const STATUS_COLORS = { open: 'orange', done: 'green', lapsed: 'default' } as const;
const SUBSIDY_LABELS = { care: '护理补贴', living: '生活补贴' } as const;
const FOUND_BY_LABELS = {
  new_certificate: '新办证',
  new_dibao: '新纳入低保',
  standing: '符合条件未享受',
} as const;
const OUTCOME_LABELS: Record<OutreachOutcomeDto, string> = {
  applied: '已引导申请',
  not_eligible: '经核实不符合条件',
  refused: '本人不愿申请',
  unreachable: '联系不上',
  moved: '已迁出或不在本地',
};

/** The three views of 数据找人, one click apart. */
function OutreachViews({ active }: { active: 'reminders' | 'lists' | 'coverage' }) {
  const navigate = useNavigate();
  return (
    <Segmented
      aria-label="数据找人视图"
      style={{ marginBottom: 16 }}
      value={active}
      onChange={(v) =>
        void navigate(v === 'reminders' ? '/disability/outreach' : `/disability/outreach/${v}`)
      }
      options={[
        { value: 'reminders', label: '提醒与跟进' },
        { value: 'lists', label: '找人名单' },
        { value: 'coverage', label: '覆盖率' },
      ]}
    />
  );
}

/** The county's "refresh now" (the monthly job also refreshes); township clerks only follow up. */
function RefreshButton({ onDone }: { onDone: () => void }) {
  const { current } = useDivision();
  const { hasPermission, user } = useAuth();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const county = current.code.length === 6 && (user?.divisionCode.length ?? 9) === 6;
  if (!county || !(hasPermission('disability:write') || hasPermission('disability:manage'))) return null;
  async function run() {
    setBusy(true);
    try {
      const r = await outreachApi.refresh(current.code);
      void message.success(
        `已刷新：新推送提醒 ${formatCount(r.created)} 条，自动销号 ${formatCount(r.lapsed)} 条，待跟进 ${formatCount(r.stillOpen)} 条`,
      );
      onDone();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button icon={<SyncOutlined />} loading={busy} onClick={() => void run()}>
      立即刷新名单并推送提醒
    </Button>
  );
}

const reminderFilters = {
  status: choiceFilter(STATUS_LABELS, { label: '状态', width: 140 }),
  subsidy: choiceFilter(SUBSIDY_LABELS, { label: '补贴', width: 130 }),
  foundBy: choiceFilter(FOUND_BY_LABELS, { label: '发现原因', width: 160 }),
  outcome: choiceFilter(OUTCOME_LABELS, { label: '反馈结果', width: 170 }),
  q: textFilter({ label: '姓名或身份号码', placeholder: '姓名或18位身份号码', width: 200 }),
};

interface OutcomeValues {
  outcome: OutreachOutcomeDto;
  note?: string;
  applicationId?: string;
}

/** 数据找人 — the reminders pushed to the township of the hukou, with the outcome to record. */
export function OutreachRemindersPage() {
  const { current } = useDivision();
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('disability:write');
  const list = useListPage({
    filters: reminderFilters,
    sortKeys: ['foundOn', 'name', 'division', 'outcomeOn'],
    load: (query, signal) => outreachApi.reminders(query, signal),
  });
  const [recording, setRecording] = useState<OutreachReminderViewDto>();
  const [form] = Form.useForm<OutcomeValues>();
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const outcome = Form.useWatch('outcome', form);

  const save = async () => {
    const v = await form.validateFields();
    if (!recording) return;
    setSaving(true);
    setFormError(undefined);
    try {
      await outreachApi.outcome(recording.id, {
        outcome: v.outcome,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(v.applicationId?.trim() ? { applicationId: v.applicationId.trim() } : {}),
      });
      setRecording(undefined);
      form.resetFields();
      list.reload();
    } catch (err) {
      // The form keeps what was typed; the error shows next to its field.
      setFormError(applyServerError(form, err));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<OutreachReminderViewDto> = [
    { title: '发现日期', dataIndex: 'foundOn', key: 'foundOn', sorter: true, width: 110 },
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/people/${r.personId}`}>{v}</Link>
          <Typography.Text type="secondary">{r.residentIdMasked}</Typography.Text>
        </Space>
      ),
    },
    { title: '户籍地', dataIndex: 'divisionName', key: 'division', sorter: true },
    { title: '残疾人证', dataIndex: 'certificateLabel' },
    { title: '应享受', dataIndex: 'subsidyLabel' },
    {
      title: '发现原因',
      dataIndex: 'foundByLabel',
      render: (v: string, r) => <Tag color={r.foundBy === 'standing' ? 'default' : 'blue'}>{v}</Tag>,
    },
    {
      title: '状态',
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={0}>
          <Tag color={STATUS_COLORS[r.status]}>{r.statusLabel}</Tag>
          {r.status === 'open' && (
            <Typography.Text type={r.waitingDays > 30 ? 'danger' : 'secondary'}>
              已等待 {r.waitingDays} 天
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '跟进结果',
      key: 'outcomeOn',
      sorter: true,
      render: (_: unknown, r) =>
        r.outcome ? (
          <Space orientation="vertical" size={0}>
            <span>
              {r.outcomeLabel}（{r.outcomeOn}）
            </span>
            {r.applicationId && (
              <Link to={`/disability/applications/${encodeURIComponent(r.applicationId)}`}>
                {r.applicationNo}
              </Link>
            )}
            {r.outcomeNote && <Typography.Text type="secondary">{r.outcomeNote}</Typography.Text>}
          </Space>
        ) : r.lapsedOn ? (
          <Typography.Text type="secondary">
            {r.lapsedOn} 刷新时已不在名单（已享受、已申请或条件变化）
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, r: OutreachReminderViewDto) =>
              r.status === 'open' ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => {
                      setFormError(undefined);
                      setRecording(r);
                    }}
                  >
                    登记跟进结果
                  </Button>
                  <Link to="/disability/applications">去受理申请</Link>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <ListPage
      list={list}
      title="数据找人"
      unit="条提醒"
      exportHref={outreachUrls.remindersExport(list.exportQuery)}
      actions={<RefreshButton onDone={list.reload} />}
      nav={<DisabilityNav activePath="/disability/outreach" />}
      above={
        <>
          <OutreachViews active="reminders" />
          <Alert
            style={{ marginBottom: 16 }}
            type="info"
            showIcon
            title="系统每月比对残疾人证、低保名单和补贴发放情况，把符合条件但未享受、也未申请补贴的人推送给户籍地乡镇（街道）。请逐人联系，引导申请或登记原因；已享受或已申请的人在下次刷新时自动销号。"
          />
        </>
      }
      filterName="outreach-reminders"
      breadcrumb
      errorTitle="找人提醒加载失败"
      rowKey="id"
      columns={columns}
      scroll={{ x: 1200 }}
      empty={
        list.filtered
          ? '没有符合条件的提醒。可调整筛选条件后重试。'
          : `${current.name}暂无找人提醒。县级可点击“立即刷新名单并推送提醒”，或等待每月自动刷新。`
      }
    >
      <Modal
        title={recording ? `登记跟进结果：${recording.name}（${recording.subsidyLabel}）` : '登记跟进结果'}
        open={recording !== undefined}
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => void save().catch(() => undefined)}
        onCancel={() => setRecording(undefined)}
        forceRender
      >
        {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
        <Form<OutcomeValues> form={form} name="outreach-outcome" layout="vertical" preserve>
          <Form.Item name="outcome" label="跟进结果" rules={[{ required: true, message: '请选择跟进结果' }]}>
            <Select
              options={(Object.keys(OUTCOME_LABELS) as OutreachOutcomeDto[]).map((value) => ({
                value,
                label: OUTCOME_LABELS[value],
              }))}
            />
          </Form.Item>
          {outcome === 'applied' && (
            <Form.Item
              name="applicationId"
              label="关联的补贴申请（申请编号对应的记录编号）"
              rules={[{ required: true, whitespace: true, message: '请填写此人已提交申请的记录编号' }]}
              extra="先在“补贴申请”中为此人受理申请，再把申请记录编号填在这里。"
            >
              <Input maxLength={64} />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={
              outcome === 'moved' ? '迁往何处' : outcome === 'not_eligible' ? '不符合条件的原因' : '说明'
            }
            rules={
              outcome === 'moved' || outcome === 'not_eligible'
                ? [{ required: true, whitespace: true, message: '请填写原因或去向' }]
                : []
            }
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}

const listFilters = {
  list: choiceFilter(OUTREACH_LIST_LABELS, { label: '名单', width: 300 }),
  q: textFilter({ label: '姓名或身份号码', placeholder: '姓名或18位身份号码', width: 200 }),
};

/** 找人名单 — computed now from the registries (not only what was pushed). */
export function OutreachListsPage() {
  const { current } = useDivision();
  const list = useListPage({
    filters: listFilters,
    sortKeys: ['name', 'division', 'grade', 'issuedOn'],
    load: (query, signal) => outreachApi.candidates(query, signal),
  });
  const columns: TableColumnsType<OutreachCandidateRowDto> = [
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      render: (v: string, r) => <Link to={`/people/${r.personId}`}>{v}</Link>,
    },
    { title: '公民身份号码', dataIndex: 'residentIdMasked' },
    { title: '户籍地', dataIndex: 'divisionName', key: 'division', sorter: true },
    { title: '残疾类别', dataIndex: 'categoryLabel' },
    { title: '等级', dataIndex: 'gradeLabel', key: 'grade', sorter: true },
    { title: '发证日期', dataIndex: 'issuedOn', key: 'issuedOn', sorter: true },
    { title: '应享受', dataIndex: 'subsidyLabel' },
    {
      title: '发现原因',
      dataIndex: 'foundByLabel',
      render: (v: string, r) => <Tag color={r.foundBy === 'standing' ? 'default' : 'blue'}>{v}</Tag>,
    },
    {
      title: '提醒',
      render: (_: unknown, r) =>
        r.reminderId ? <Tag color="orange">已推送待跟进</Tag> : <Tag>无待跟进提醒</Tag>,
    },
  ];
  return (
    <ListPage
      list={list}
      title="数据找人名单"
      unit="人"
      exportHref={outreachUrls.candidatesExport(list.exportQuery)}
      nav={<DisabilityNav activePath="/disability/outreach" />}
      above={
        <>
          <OutreachViews active="lists" />
          <Alert
            style={{ marginBottom: 16 }}
            type="info"
            showIcon
            title="名单按今天的登记信息即时计算：湖南户籍、在世、残疾人证有效；护理补贴看一、二级（及本地扩面政策），生活补贴看低保在保；已享受、正在申请、特困供养人员不列入。未选择名单时显示“一、二级残疾人未享受护理补贴”。"
          />
        </>
      }
      filterName="outreach-lists"
      breadcrumb
      errorTitle="找人名单加载失败"
      rowKey={(r) => `${r.personId}-${r.subsidy}`}
      columns={columns}
      empty={list.filtered ? '没有符合条件的人。' : `${current.name}目前没有符合条件却未享受补贴的人。`}
    />
  );
}

type CoverageRow = OutreachCoverageDto['rows'][number];
const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

/** 覆盖率 — recipients ÷ eligible by child division, with the list behind each number. */
export function OutreachCoveragePage() {
  const { current, pick, canPick } = useDivision();
  const { data, error, loading, reload } = useApi(
    (signal) => outreachApi.coverage({ division: current.code }, signal),
    [current.code],
  );
  const listLink = (list: OutreachListDto, division: string, n: number) => (
    <Link to={`/disability/outreach/lists?list=${list}&division=${division}`}>{formatCount(n)}</Link>
  );
  const recipientsLink = (subsidy: 'care' | 'living', division: string, n: number) => (
    <Link to={`/disability/recipients?subsidy=${subsidy}&division=${division}`}>{formatCount(n)}</Link>
  );
  const group = (subsidy: 'care' | 'living', title: string) => ({
    title,
    children: [
      {
        title: '符合条件',
        align: 'right' as const,
        render: (_: unknown, r: CoverageRow) => formatCount(r[subsidy].eligible),
      },
      {
        title: '已享受',
        align: 'right' as const,
        render: (_: unknown, r: CoverageRow) => recipientsLink(subsidy, r.divisionCode, r[subsidy].covered),
      },
      {
        title: '申请中',
        align: 'right' as const,
        render: (_: unknown, r: CoverageRow) => formatCount(r[subsidy].applying),
      },
      {
        title: '未享受',
        align: 'right' as const,
        render: (_: unknown, r: CoverageRow) => listLink(subsidy, r.divisionCode, r[subsidy].unserved),
      },
      {
        title: '覆盖率',
        align: 'right' as const,
        render: (_: unknown, r: CoverageRow) => (
          <Typography.Text type={r[subsidy].rate !== null && r[subsidy].rate < 0.9 ? 'warning' : undefined}>
            {pct(r[subsidy].rate)}
          </Typography.Text>
        ),
      },
    ],
  });
  const columns: TableColumnsType<CoverageRow> = [
    {
      title: '区划',
      dataIndex: 'divisionName',
      fixed: 'left',
      render: (name: string, r) =>
        canPick(r.divisionCode) && r.divisionCode !== current.code ? (
          <Typography.Link onClick={() => pick(r.divisionCode)}>{name}</Typography.Link>
        ) : (
          name
        ),
    },
    group('care', '重度残疾人护理补贴'),
    group('living', '困难残疾人生活补贴'),
  ];
  const t = data?.totals;
  return (
    <>
      <PageHeader title="补贴覆盖率" extra={<RefreshButton onDone={reload} />} />
      <DisabilityNav activePath="/disability/outreach" />
      <OutreachViews active="coverage" />
      <LoadError error={error} title="覆盖率加载失败" onRetry={reload} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {(
          [
            [
              '护理补贴覆盖率',
              pct(t?.care.rate ?? null),
              `已享受 ${formatCount(t?.care.covered)} ÷ 符合条件 ${formatCount(t?.care.eligible)}`,
            ],
            [
              '生活补贴覆盖率',
              pct(t?.living.rate ?? null),
              `已享受 ${formatCount(t?.living.covered)} ÷ 符合条件 ${formatCount(t?.living.eligible)}`,
            ],
            [
              '待跟进提醒',
              formatCount(data?.openReminders),
              data?.lastRun ? `上次刷新 ${data.lastRun.ranOn}` : '尚未刷新',
            ],
          ] as const
        ).map(([title, value, hint]) => (
          <Col xs={24} md={8} key={title}>
            <Card size="small" loading={loading && !data}>
              <Statistic title={title} value={value} />
              <Typography.Text type="secondary">{hint}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {data && (
        <Card size="small" style={{ marginBottom: 16 }} title={`找人名单（${data.asOf}）`}>
          <Space wrap size={24}>
            {(Object.keys(OUTREACH_LIST_LABELS) as OutreachListDto[]).map((k) => (
              <span key={k}>
                {OUTREACH_LIST_LABELS[k]}：{listLink(k, current.code, data.lists[k])} 人
              </span>
            ))}
          </Space>
        </Card>
      )}
      <Card title="按区划">
        <LedgerTable<CoverageRow>
          card={false}
          rowKey="divisionCode"
          size="small"
          bordered
          columns={columns}
          dataSource={data?.rows ?? []}
          pageSize={false}
          loading={loading}
          scroll={{ x: 1100 }}
          empty={`${current.name}没有持有效残疾人证的湖南户籍人员。`}
          summary={() =>
            t && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {(['care', 'living'] as const).flatMap((k, i) => [
                  <Table.Summary.Cell key={`${k}e`} index={1 + i * 5} align="right">
                    {formatCount(t[k].eligible)}
                  </Table.Summary.Cell>,
                  <Table.Summary.Cell key={`${k}c`} index={2 + i * 5} align="right">
                    {formatCount(t[k].covered)}
                  </Table.Summary.Cell>,
                  <Table.Summary.Cell key={`${k}a`} index={3 + i * 5} align="right">
                    {formatCount(t[k].applying)}
                  </Table.Summary.Cell>,
                  <Table.Summary.Cell key={`${k}u`} index={4 + i * 5} align="right">
                    {formatCount(t[k].unserved)}
                  </Table.Summary.Cell>,
                  <Table.Summary.Cell key={`${k}r`} index={5 + i * 5} align="right">
                    {pct(t[k].rate)}
                  </Table.Summary.Cell>,
                ])}
              </Table.Summary.Row>
            )
          }
        />
      </Card>
    </>
  );
}
