/**
 * 比对与复核 (/disability/verification and its tabs): the review queue of comparison findings (what is due
 * first; the township answers 核实情况, the county confirms — only then does a payment stop, from the month
 * after the event, R-DIS-07 — or dismisses), the comparison runs with their counts and the manual run, the
 * 清理认定 campaigns (progress per township against the deadline, self-check, spot-check sample) and the
 * hukou move-out list imported from public security.
 */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { PlainDate } from '@social-affairs/kernel';
import {
  FINDING_KIND_TEXT,
  FINDING_STATUS_TEXT,
  SELF_CHECK_TEXT,
} from '@social-affairs/kernel/contracts/disability';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { beijingToday, formatDate, formatDateTime } from '../../app/format';
import { LedgerTable, ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { DisabilityNav } from './disability-nav';
import {
  verificationApi,
  verificationUrls,
  type CampaignDto,
  type CampaignItemDto,
  type FindingDto,
  type HukouMoveDto,
  type HukouMoveImportReportDto,
} from './verification.api';

const TABS = [
  { key: '/disability/verification', label: '待复核' },
  { key: '/disability/verification/runs', label: '比对任务' },
  { key: '/disability/verification/campaigns', label: '清理认定' },
  { key: '/disability/verification/hukou-moves', label: '户籍迁出名单' },
];

function VerificationTabs() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  return (
    <Tabs
      activeKey={pathname.replace(/\/$/, '')}
      items={TABS.map((t) => ({ key: t.key, label: t.label }))}
      onChange={(key) => void navigate(key)}
      style={{ marginBottom: 4 }}
    />
  );
}

const nav = (
  <>
    <DisabilityNav activePath="/disability/verification" />
    <VerificationTabs />
  </>
);

function Shell({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <>
      <PageHeader title={title} extra={extra} />
      {nav}
      {children}
    </>
  );
}

const statusColors: Record<FindingDto['status'], string> = {
  open: 'orange',
  answered: 'blue',
  confirmed: 'red',
  dismissed: 'default',
};

// ----- 待复核 -----

const queueFilters = {
  q: textFilter({ label: '姓名', placeholder: '补贴对象姓名', width: 160 }),
  kind: choiceFilter(FINDING_KIND_TEXT, { label: '类别', width: 150 }),
  status: choiceFilter(FINDING_STATUS_TEXT, { label: '状态', width: 130 }),
  /** Set by the links of 比对任务 and 清理认定 (not on the form). */
  runId: textFilter(),
  campaignId: textFilter(),
};

export function VerificationQueuePage() {
  const { hasPermission } = useAuth();
  const list = useListPage({
    filters: queueFilters,
    sortKeys: ['answerDueOn', 'eventDate', 'foundOn', 'kind', 'divisionCode'],
    keep: ['runId', 'campaignId'],
    load: (query, signal) => verificationApi.findings(query, signal),
  });
  const [open, setOpen] = useState<string>();
  const today = beijingToday();
  const dueToday = list.items.filter((f) => f.status === 'open' && f.answerDueOn <= today).length;
  const toDecide = list.items.filter((f) => f.status === 'answered').length;
  const columns: TableColumnsType<FindingDto> = [
    {
      title: '补贴对象',
      render: (_, f) => (
        <Space direction="vertical" size={0}>
          <Link to={`/people/${encodeURIComponent(f.personId)}`}>{f.personName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.residentIdMasked}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '补贴', render: (_, f) => f.subsidyLabel.replace('残疾人', '') },
    { title: '区划', key: 'divisionCode', sorter: true, render: (_, f) => f.divisionName },
    {
      title: '类别',
      key: 'kind',
      sorter: true,
      render: (_, f) => (
        <Space size={4} wrap>
          <span>{f.kindLabel}</span>
          {f.fuzzy && <Tag color="purple">模糊匹配 {f.matchScore}</Tag>}
        </Space>
      ),
    },
    { title: '事件日期', key: 'eventDate', sorter: true, render: (_, f) => formatDate(f.eventDate) },
    { title: '确认后停发', render: (_, f) => `${f.stopsFromMonth} 起` },
    { title: '来源', render: (_, f) => f.sourceLabel },
    {
      title: '核实期限',
      key: 'answerDueOn',
      sorter: true,
      render: (_, f) =>
        f.status === 'open' ? (
          <Typography.Text type={f.overdue ? 'danger' : f.answerDueOn <= today ? 'warning' : undefined}>
            {formatDate(f.answerDueOn)}
            {f.overdue ? '（已逾期）' : f.answerDueOn === today ? '（今日到期）' : ''}
            {f.dueProvisional ? '（暂定）' : ''}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: '状态', render: (_, f) => <Tag color={statusColors[f.status]}>{f.statusLabel}</Tag> },
    {
      title: '操作',
      render: (_, f) => (
        <Button size="small" type="link" onClick={() => setOpen(f.id)}>
          {f.status === 'open' && hasPermission('disability:write')
            ? '核实'
            : f.status === 'answered' && hasPermission('disability:approve')
              ? '复核'
              : '查看'}
        </Button>
      ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="比对核查待复核"
      unit="条"
      exportHref={verificationUrls.findingsExport(list.exportQuery)}
      nav={nav}
      above={
        <Alert
          type={dueToday > 0 ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <>
              比对结果只是线索：<b>未经县级复核确认，不停发也不暂停任何补贴</b>
              。乡镇（街道）先入户核实并填写核实情况，县级民政复核后确认停发（自事件次月起）或排除。
              {dueToday > 0 && ` 本页有 ${dueToday} 条今日到期或已逾期待核实。`}
              {toDecide > 0 && hasPermission('disability:approve') && ` 有 ${toDecide} 条待您复核。`}
            </>
          }
        />
      }
      filterName="disability-verification-queue"
      errorTitle="比对核查结果加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的核查结果。'
          : '暂无比对核查结果。县级可在“比对任务”中手动发起比对，系统每月也会自动比对。'
      }
    >
      <FindingDrawer id={open} onClose={() => setOpen(undefined)} onChanged={list.reload} />
    </ListPage>
  );
}

function evidenceText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

const EVIDENCE_LABELS: Record<string, string> = {
  deathDate: '死亡日期',
  recordedOn: '记录位置',
  merged: '合并记录',
  program: '救助类别',
  fromDate: '起始日期',
  toDate: '终止日期',
  county: '名单县区',
  roll: '名单来源',
  rule: '适用规则',
  status: '证件状态',
  statusOn: '状态日期',
  validUntil: '有效期至',
  note: '说明',
  movedOutOn: '迁出日期',
  destination: '迁往地',
  matchedBy: '匹配方式',
  hukouDivisionCode: '现户籍区划代码',
  hukouDivisionName: '现户籍地',
  recordedAt: '户籍变更登记时间',
  campaignItemId: '清理认定对象',
  checkedOn: '核查日期',
};

function FindingDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string | undefined;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { hasPermission } = useAuth();
  const detail = useApi(
    (signal) => (id ? verificationApi.finding(id, signal) : Promise.resolve(undefined)),
    [id],
  );
  const f = detail.data;
  const [answerForm] = Form.useForm<{ answer: string; evidence?: string }>();
  const [decideForm] = Form.useForm<{ note: string; eventDate?: dayjs.Dayjs }>();
  const [dismissForm] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const act = async (
    form: Parameters<typeof applyServerError>[0],
    run: () => Promise<FindingDto>,
    done: string,
  ) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      void message.success(done);
      detail.reload();
      onChanged();
    } catch (e) {
      setError(applyServerError(form, e) ?? undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      width={640}
      title={f ? `${f.personName}：${f.kindLabel}` : '核查结果'}
    >
      {detail.error ? <Alert type="error" showIcon title={errorText(detail.error)} /> : null}
      {f && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="补贴">{f.subsidyLabel}</Descriptions.Item>
            <Descriptions.Item label="区划">{f.divisionName}</Descriptions.Item>
            <Descriptions.Item label="类别">{f.kindLabel}</Descriptions.Item>
            <Descriptions.Item label="停发原因">{f.reasonLabel}</Descriptions.Item>
            <Descriptions.Item label="事件日期">{formatDate(f.eventDate)}</Descriptions.Item>
            <Descriptions.Item label="确认后停发">
              {f.stopsFromMonth} 起（R-DIS-07 事件次月）
            </Descriptions.Item>
            <Descriptions.Item label="数据来源">{f.sourceLabel}</Descriptions.Item>
            <Descriptions.Item label="匹配">
              {f.fuzzy
                ? `姓名+出生日期模糊匹配（相似度 ${f.matchScore}），请重点核实是否本人`
                : '公民身份号码或本人记录'}
            </Descriptions.Item>
            <Descriptions.Item label="发现日期">{formatDate(f.foundOn)}</Descriptions.Item>
            <Descriptions.Item label="核实期限">
              {formatDate(f.answerDueOn)}
              {f.dueProvisional ? '（节假日未载入，暂定）' : ''}
            </Descriptions.Item>
            <Descriptions.Item label="状态" span={2}>
              <Tag color={statusColors[f.status]}>{f.statusLabel}</Tag>
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title="比对证据">
            <Descriptions size="small" column={1}>
              {Object.entries(f.evidence).map(([k, v]) => (
                <Descriptions.Item key={k} label={EVIDENCE_LABELS[k] ?? k}>
                  {evidenceText(v)}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
          {f.answer && (
            <Card size="small" title={`乡镇核实情况（${formatDateTime(f.answeredAt)}）`}>
              <Typography.Paragraph style={{ marginBottom: 4 }}>{f.answer}</Typography.Paragraph>
              {f.answerEvidence && (
                <Typography.Text type="secondary">依据：{f.answerEvidence}</Typography.Text>
              )}
            </Card>
          )}
          {f.decisionNote && (
            <Card size="small" title={`复核意见（${formatDateTime(f.decidedAt)}）`}>
              {f.decisionNote}
            </Card>
          )}
          {error && <Alert type="error" showIcon title={error} />}
          {(f.status === 'open' || f.status === 'answered') && hasPermission('disability:write') && (
            <Card size="small" title={f.status === 'open' ? '乡镇（街道）核实' : '修改核实情况'}>
              <Form
                form={answerForm}
                layout="vertical"
                initialValues={{ answer: f.answer ?? '', evidence: f.answerEvidence ?? '' }}
                onFinish={(v) =>
                  void act(
                    answerForm,
                    () =>
                      verificationApi.answer(f.id, {
                        answer: v.answer,
                        evidence: v.evidence ?? null,
                        version: f.version,
                      }),
                    '已提交县级复核',
                  )
                }
              >
                <Form.Item
                  name="answer"
                  label="核实情况"
                  rules={[{ required: true, min: 2, message: '请填写核实情况（至少 2 个字）' }]}
                >
                  <Input.TextArea rows={3} placeholder="如：入户核实，本人已于 6 月迁往深圳，与名单一致" />
                </Form.Item>
                <Form.Item name="evidence" label="核实依据">
                  <Input placeholder="如：入户照片、村（居）委证明、户口簿" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy}>
                  提交核实情况
                </Button>
              </Form>
            </Card>
          )}
          {(f.status === 'open' || f.status === 'answered') && hasPermission('disability:approve') && (
            <Card size="small" title="县级复核">
              {f.status === 'open' && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 8 }}
                  title="乡镇尚未核实：须待乡镇填写核实情况后才能确认停发；误匹配可直接排除。"
                />
              )}
              <Form
                form={decideForm}
                layout="vertical"
                onFinish={(v) =>
                  void act(
                    decideForm,
                    () =>
                      verificationApi.confirm(f.id, {
                        note: v.note,
                        version: f.version,
                        ...(v.eventDate ? { eventDate: v.eventDate.format('YYYY-MM-DD') as PlainDate } : {}),
                      }),
                    '已确认，补贴自事件次月起停发',
                  )
                }
              >
                <Form.Item
                  name="note"
                  label="复核意见"
                  rules={[{ required: true, min: 2, message: '请填写复核意见（至少 2 个字）' }]}
                >
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Form.Item
                  name="eventDate"
                  label="更正事件日期（可选）"
                  extra="不填按比对所得日期；停发自该日期次月起"
                >
                  <DatePicker />
                </Form.Item>
                <Button
                  danger
                  type="primary"
                  htmlType="submit"
                  loading={busy}
                  disabled={f.status !== 'answered'}
                >
                  确认并停发
                </Button>
              </Form>
              <Form
                form={dismissForm}
                layout="inline"
                style={{ marginTop: 12 }}
                onFinish={(v) =>
                  void act(
                    dismissForm,
                    () => verificationApi.dismiss(f.id, { reason: v.reason, version: f.version }),
                    '已排除，补贴照常发放',
                  )
                }
              >
                <Form.Item
                  name="reason"
                  rules={[{ required: true, min: 2, message: '请填写排除理由' }]}
                  style={{ flex: 1 }}
                >
                  <Input placeholder="排除理由，如：误匹配，非本人" />
                </Form.Item>
                <Button htmlType="submit" loading={busy}>
                  排除
                </Button>
              </Form>
            </Card>
          )}
        </Space>
      )}
    </Drawer>
  );
}

// ----- 比对任务 -----

export function VerificationRunsPage() {
  const { hasPermission, user } = useAuth();
  const [page, setPage] = useState(1);
  const runs = useApi((signal) => verificationApi.runs({ page, pageSize: 20 }, signal), [page]);
  const countyLevel = (user?.divisionCode.length ?? 0) === 6 && !user?.divisionCode.endsWith('00');
  const canRun = countyLevel && (hasPermission('disability:write') || hasPermission('disability:approve'));
  const [on, setOn] = useState<dayjs.Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const kinds = Object.keys(FINDING_KIND_TEXT).filter(
    (k) => k !== 'campaign',
  ) as (keyof typeof FINDING_KIND_TEXT)[];
  return (
    <Shell
      title="比对任务"
      extra={
        canRun && (
          <Space>
            <DatePicker
              value={on}
              onChange={setOn}
              placeholder="比对日期（默认今天）"
              style={{ width: 190 }}
              disabledDate={(d) => d.isAfter(dayjs())}
            />
            <Button
              type="primary"
              loading={busy}
              onClick={() => {
                setBusy(true);
                setError(undefined);
                verificationApi
                  .startRun(on ? { on: on.format('YYYY-MM-DD') as PlainDate } : {})
                  .then((r) => {
                    void message.success(
                      `比对完成：核对 ${r.entitlementsChecked} 个补贴对象，新发现 ${r.newFindings} 条`,
                    );
                    runs.reload();
                  })
                  .catch((e: unknown) => setError(errorText(e)))
                  .finally(() => setBusy(false));
              }}
            >
              发起本县比对
            </Button>
          </Space>
        )
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="每月自动比对一次（每县）：在发补贴对象 × 人员信息库（死亡、合并记录、户籍迁出县外）、低保/特困名单、残疾人证状态、公安户籍迁出名单。已有的待处理结果不重复生成；所有结果进入“待复核”，不自动停发。"
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        loading={runs.loading}
        dataSource={runs.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: runs.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 次`,
        }}
        locale={{ emptyText: <Empty description="还没有比对记录。县级账号可点“发起本县比对”。" /> }}
        columns={[
          { title: '县区', render: (_, r) => r.countyName },
          { title: '月份', dataIndex: 'month' },
          { title: '比对日期', render: (_, r) => formatDate(r.comparedOn) },
          { title: '方式', render: (_, r) => <Tag>{r.triggerLabel}</Tag> },
          { title: '核对对象', dataIndex: 'entitlementsChecked' },
          ...kinds.map((k) => ({
            title: FINDING_KIND_TEXT[k],
            render: (_: unknown, r: { counts: Record<string, number> }) => r.counts[k] ?? 0,
          })),
          {
            title: '新发现 / 已在处理',
            render: (_, r) => (
              <Link to={`/disability/verification?runId=${encodeURIComponent(r.id)}`}>
                {r.newFindings} / {r.alreadyKnown}
              </Link>
            ),
          },
          { title: '完成时间', render: (_, r) => formatDateTime(r.finishedAt) },
        ]}
      />
    </Shell>
  );
}

// ----- 清理认定 -----

export function VerificationCampaignsPage() {
  const { hasPermission } = useAuth();
  const campaigns = useApi((signal) => verificationApi.campaigns(signal), []);
  const [creating, setCreating] = useState(false);
  const [sampling, setSampling] = useState<CampaignDto>();
  const [items, setItems] = useState<CampaignDto>();
  const canSample = hasPermission('disability:manage') || hasPermission('disability:approve');
  return (
    <Shell
      title="清理认定"
      extra={
        hasPermission('disability:manage') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            新建清理认定任务
          </Button>
        )
      }
    >
      {campaigns.error ? <Alert type="error" showIcon title={errorText(campaigns.error)} /> : null}
      {campaigns.data?.items.length === 0 && (
        <Card>
          <Empty description="还没有清理认定任务。市、省级监管账号可新建任务：所选区划全部在发对象纳入乡镇自查，县级按比例第三方抽查。" />
        </Card>
      )}
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {(campaigns.data?.items ?? []).map((c) => (
          <Card
            key={c.id}
            title={
              <Space wrap>
                <span>{c.name}</span>
                <Tag>{c.divisionName}</Tag>
                <Tag color={c.daysLeft < 0 ? 'red' : c.daysLeft <= 7 ? 'orange' : 'blue'}>
                  截止 {formatDate(c.deadline)}（
                  {c.daysLeft < 0 ? `已逾期 ${-c.daysLeft} 天` : `剩 ${c.daysLeft} 天`}）
                </Tag>
              </Space>
            }
            extra={
              <Space>
                <Button size="small" onClick={() => setItems(c)}>
                  对象清单与自查
                </Button>
                {canSample && (
                  <Button size="small" onClick={() => setSampling(c)}>
                    {c.sampledAt ? '重新抽样' : '第三方抽样'}
                  </Button>
                )}
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  href={verificationUrls.itemsExport({ campaignId: c.id })}
                >
                  导出 Excel
                </Button>
              </Space>
            }
          >
            <Flex gap={24} wrap style={{ marginBottom: 12 }}>
              <div style={{ minWidth: 220 }}>
                <Typography.Text type="secondary">自查进度（本人管辖范围）</Typography.Text>
                <Progress
                  percent={c.totals.checkedPercent}
                  status={c.totals.overdue ? 'exception' : undefined}
                />
                <Typography.Text>
                  共 {c.totals.total} 人次：核实无误 {c.totals.verified}，发现问题 {c.totals.problem}，待自查{' '}
                  {c.totals.pending}
                </Typography.Text>
              </div>
              <div>
                <Typography.Text type="secondary">第三方抽查</Typography.Text>
                <div>
                  {c.sampledAt
                    ? `已抽 ${c.totals.sampled} 人（种子“${c.sampleSeed}”，${c.samplePercent ? `${c.samplePercent}%` : `每县 ${c.sampleCount} 人`}），已查 ${c.totals.spotChecked}，不一致 ${c.totals.inconsistent}`
                    : '尚未抽样'}
                </div>
              </div>
            </Flex>
            <Table
              size="small"
              rowKey="divisionCode"
              pagination={false}
              dataSource={c.divisions}
              rowClassName={(d) => (d.overdue ? 'row-overdue' : '')}
              columns={[
                {
                  title: '乡镇（街道）',
                  render: (_, d) => (
                    <Space>
                      {d.divisionName}
                      {d.overdue && <Tag color="red">逾期未完成</Tag>}
                    </Space>
                  ),
                },
                { title: '对象', dataIndex: 'total' },
                { title: '核实无误', dataIndex: 'verified' },
                { title: '发现问题', dataIndex: 'problem' },
                {
                  title: '待自查',
                  render: (_, d) => (
                    <Typography.Text type={d.pending > 0 && d.overdue ? 'danger' : undefined}>
                      {d.pending}
                    </Typography.Text>
                  ),
                },
                {
                  title: '自查完成率',
                  render: (_, d) => (
                    <Progress
                      percent={d.checkedPercent}
                      size="small"
                      status={d.overdue ? 'exception' : undefined}
                    />
                  ),
                },
                {
                  title: '抽中/已查/不一致',
                  render: (_, d) => `${d.sampled} / ${d.spotChecked} / ${d.inconsistent}`,
                },
              ]}
            />
          </Card>
        ))}
      </Space>
      <NewCampaignDialog
        open={creating}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          campaigns.reload();
        }}
      />
      <SampleDialog
        campaign={sampling}
        onClose={() => setSampling(undefined)}
        onDone={() => {
          setSampling(undefined);
          campaigns.reload();
        }}
      />
      <CampaignItemsDrawer
        campaign={items}
        onClose={() => {
          setItems(undefined);
          campaigns.reload();
        }}
      />
    </Shell>
  );
}

function NewCampaignDialog({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { user } = useAuth();
  const [form] = Form.useForm<{ name: string; divisionCode: string; deadline: dayjs.Dayjs; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Modal
      title="新建清理认定任务"
      open={open}
      onCancel={onClose}
      okText="创建"
      confirmLoading={busy}
      onOk={() => form.submit()}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ divisionCode: user?.divisionCode }}
        onFinish={(v) => {
          setBusy(true);
          setError(undefined);
          verificationApi
            .createCampaign({
              name: v.name,
              divisionCode: v.divisionCode,
              deadline: v.deadline.format('YYYY-MM-DD') as PlainDate,
              note: v.note ?? null,
            })
            .then((c) => {
              void message.success(`已创建：${c.totals.total} 人次纳入自查`);
              form.resetFields();
              onDone();
            })
            .catch((e: unknown) => setError(applyServerError(form, e) ?? undefined))
            .finally(() => setBusy(false));
        }}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item
          name="name"
          label="任务名称"
          rules={[{ required: true, min: 2, message: '请填写任务名称' }]}
        >
          <Input placeholder="如：2026年两项补贴清理认定" />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label="范围（行政区划代码）"
          rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/, message: '请填写 6 位或 9 位行政区划代码' }]}
        >
          <Input placeholder="如 430181（浏阳市）" />
        </Form.Item>
        <Form.Item name="deadline" label="截止日期" rules={[{ required: true, message: '请选择截止日期' }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} placeholder="如：乡镇自查全覆盖，县级按 10% 第三方抽查" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SampleDialog({
  campaign,
  onClose,
  onDone,
}: {
  campaign: CampaignDto | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ mode: 'percent' | 'count'; size: number; seed: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Modal
      title="第三方抽查抽样"
      open={campaign !== undefined}
      onCancel={onClose}
      okText="抽样"
      confirmLoading={busy}
      onOk={() => form.submit()}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        每县按比例或人数随机抽取；同一随机种子、同一对象清单总能抽出同样的人（第三方可复现）。已登记抽查结果后不能重新抽样。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ mode: 'percent', size: 10, seed: campaign?.sampleSeed ?? beijingToday() }}
        onFinish={(v) => {
          if (!campaign) return;
          setBusy(true);
          setError(undefined);
          verificationApi
            .sample(campaign.id, {
              seed: v.seed,
              ...(v.mode === 'percent' ? { percent: v.size } : { count: v.size }),
            })
            .then((c) => {
              void message.success(`已抽取 ${c.totals.sampled} 人`);
              onDone();
            })
            .catch((e: unknown) => setError(applyServerError(form, e) ?? undefined))
            .finally(() => setBusy(false));
        }}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item name="mode" label="抽样方式">
          <Radio.Group
            options={[
              { value: 'percent', label: '每县比例（%）' },
              { value: 'count', label: '每县人数' },
            ]}
          />
        </Form.Item>
        <Form.Item name="size" label="比例或人数" rules={[{ required: true, message: '请填写' }]}>
          <InputNumber min={1} max={100000} />
        </Form.Item>
        <Form.Item name="seed" label="随机种子" rules={[{ required: true, message: '请填写随机种子' }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CampaignItemsDrawer({
  campaign,
  onClose,
}: {
  campaign: CampaignDto | undefined;
  onClose: () => void;
}) {
  const { hasPermission } = useAuth();
  const [selfCheck, setSelfCheck] = useState<string>();
  const [sampledOnly, setSampledOnly] = useState(false);
  const [page, setPage] = useState(1);
  const items = useApi(
    (signal) =>
      campaign
        ? verificationApi.items(
            {
              campaignId: campaign.id,
              page,
              pageSize: 20,
              ...(selfCheck ? { selfCheck } : {}),
              ...(sampledOnly ? { sampled: '1' } : {}),
            },
            signal,
          )
        : Promise.resolve({ items: [], total: 0 }),
    [campaign?.id, page, selfCheck, sampledOnly],
  );
  const [noting, setNoting] = useState<{ item: CampaignItemDto; kind: 'problem' | 'inconsistent' }>();
  const run = (p: Promise<unknown>, done: string) =>
    p
      .then(() => {
        void message.success(done);
        items.reload();
      })
      .catch((e: unknown) => void message.error(errorText(e)));
  const canSelf = hasPermission('disability:write');
  const canSpot = hasPermission('disability:manage') || hasPermission('disability:approve');
  return (
    <Drawer
      open={campaign !== undefined}
      onClose={onClose}
      width={960}
      title={campaign ? `${campaign.name}：对象清单` : ''}
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <Radio.Group
          value={selfCheck ?? ''}
          onChange={(e) => {
            setSelfCheck((e.target.value as string) || undefined);
            setPage(1);
          }}
          options={[
            { value: '', label: '全部' },
            ...Object.entries(SELF_CHECK_TEXT).map(([value, label]) => ({ value, label })),
          ]}
          optionType="button"
        />
        <Radio.Group
          value={sampledOnly ? '1' : ''}
          onChange={(e) => {
            setSampledOnly(e.target.value === '1');
            setPage(1);
          }}
          options={[
            { value: '', label: '全部对象' },
            { value: '1', label: '只看抽中' },
          ]}
          optionType="button"
        />
      </Space>
      {items.error ? <Alert type="error" showIcon title={errorText(items.error)} /> : null}
      <Table
        size="small"
        rowKey="id"
        loading={items.loading}
        dataSource={items.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: items.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 人次`,
        }}
        columns={[
          {
            title: '姓名',
            render: (_, i) => (
              <Space direction="vertical" size={0}>
                {i.personName}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {i.residentIdMasked}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '补贴', render: (_, i) => i.subsidyLabel.replace('残疾人', '') },
          { title: '区划', render: (_, i) => i.divisionName },
          {
            title: '乡镇自查',
            render: (_, i) =>
              i.selfCheck === 'pending' && canSelf ? (
                <Space size={4}>
                  <Button
                    size="small"
                    onClick={() =>
                      void run(verificationApi.selfCheck(i.id, { result: 'verified' }), '已标记核实无误')
                    }
                  >
                    核实无误
                  </Button>
                  <Button size="small" danger onClick={() => setNoting({ item: i, kind: 'problem' })}>
                    发现问题
                  </Button>
                </Space>
              ) : (
                <Space direction="vertical" size={0}>
                  <Tag
                    color={
                      i.selfCheck === 'problem' ? 'red' : i.selfCheck === 'verified' ? 'green' : 'default'
                    }
                  >
                    {i.selfCheckLabel}
                  </Tag>
                  {i.selfCheckNote && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {i.selfCheckNote}
                    </Typography.Text>
                  )}
                </Space>
              ),
          },
          {
            title: '第三方抽查',
            render: (_, i) =>
              !i.sampled ? (
                '—'
              ) : i.spotResult ? (
                <Tag color={i.spotResult === 'inconsistent' ? 'red' : 'green'}>{i.spotResultLabel}</Tag>
              ) : canSpot ? (
                <Space size={4}>
                  <Button
                    size="small"
                    onClick={() =>
                      void run(verificationApi.spotCheck(i.id, { result: 'consistent' }), '已登记：一致')
                    }
                  >
                    一致
                  </Button>
                  <Button size="small" danger onClick={() => setNoting({ item: i, kind: 'inconsistent' })}>
                    不一致
                  </Button>
                </Space>
              ) : (
                <Tag color="blue">已抽中，待抽查</Tag>
              ),
          },
          {
            title: '核查结果',
            render: (_, i) =>
              i.findingId ? (
                <Link to={`/disability/verification?campaignId=${encodeURIComponent(i.campaignId)}`}>
                  已转复核
                </Link>
              ) : (
                ''
              ),
          },
        ]}
      />
      <NoteDialog
        target={noting}
        onClose={() => setNoting(undefined)}
        onSubmit={(note) => {
          if (!noting) return Promise.resolve();
          const p =
            noting.kind === 'problem'
              ? verificationApi.selfCheck(noting.item.id, { result: 'problem', note })
              : verificationApi.spotCheck(noting.item.id, { result: 'inconsistent', note });
          return p.then(() => {
            void message.success('已登记，转入待复核');
            setNoting(undefined);
            items.reload();
          });
        }}
      />
    </Drawer>
  );
}

function NoteDialog({
  target,
  onClose,
  onSubmit,
}: {
  target: { item: CampaignItemDto; kind: 'problem' | 'inconsistent' } | undefined;
  onClose: () => void;
  onSubmit: (note: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Modal
      title={
        target
          ? `${target.item.personName}：${target.kind === 'problem' ? '自查发现问题' : '抽查不一致'}`
          : ''
      }
      open={target !== undefined}
      onCancel={onClose}
      okText="提交"
      confirmLoading={busy}
      onOk={() => form.submit()}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setBusy(true);
          setError(undefined);
          onSubmit(v.note)
            .then(() => form.resetFields())
            .catch((e: unknown) => setError(applyServerError(form, e) ?? undefined))
            .finally(() => setBusy(false));
        }}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item
          name="note"
          label="情况说明"
          rules={[{ required: true, min: 2, message: '请填写情况说明（至少 2 个字）' }]}
        >
          <Input.TextArea rows={3} placeholder="如：入户未见本人，邻居称已长期外出" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ----- 户籍迁出名单 -----

const moveFilters = {
  q: textFilter({ label: '姓名', width: 160 }),
  matchedBy: choiceFilter(
    { resident_id: '公民身份号码', fuzzy: '姓名+出生日期（模糊）', none: '未匹配' },
    { label: '匹配方式', width: 170 },
  ),
};

export function HukouMovesPage() {
  const { hasPermission, user } = useAuth();
  const list = useListPage({
    filters: moveFilters,
    division: false,
    load: (query, signal) => verificationApi.moves(query, signal),
  });
  const [importing, setImporting] = useState(false);
  const countyLevel = (user?.divisionCode.length ?? 0) === 6 && !user?.divisionCode.endsWith('00');
  const canImport = countyLevel && (hasPermission('disability:write') || hasPermission('disability:approve'));
  const columns: TableColumnsType<HukouMoveDto> = [
    { title: '姓名', render: (_, m) => m.name },
    { title: '公民身份号码', render: (_, m) => m.residentIdMasked ?? '—' },
    { title: '出生日期', render: (_, m) => formatDate(m.birthDate) },
    { title: '迁出日期', render: (_, m) => formatDate(m.movedOutOn) },
    { title: '迁往地', render: (_, m) => m.destination },
    {
      title: '匹配',
      render: (_, m) => (
        <Tag color={m.matchedBy === 'fuzzy' ? 'purple' : m.matchedBy === 'none' ? 'default' : 'green'}>
          {m.matchedByLabel}
          {m.matchScore !== null ? ` ${m.matchScore}` : ''}
        </Tag>
      ),
    },
    { title: '县区', render: (_, m) => m.countyName },
  ];
  return (
    <ListPage
      list={list}
      title="户籍迁出名单"
      unit="行"
      actions={
        canImport && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            导入公安迁出名单
          </Button>
        )
      }
      nav={nav}
      above={
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="公安部门提供的户籍迁出名单：有公民身份号码的按号码关联；没有号码的按姓名+出生日期近似匹配并标记“模糊”，复核时须重点核实是否本人。每月比对时，迁往本县以外的在发对象生成“户籍迁出”核查结果。"
        />
      }
      filterName="disability-hukou-moves"
      errorTitle="户籍迁出名单加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的记录。'
          : '还没有导入户籍迁出名单。县级账号可点“导入公安迁出名单”（先下载模板）。'
      }
    >
      <MovesImportDialog open={importing} onClose={() => setImporting(false)} onImported={list.reload} />
    </ListPage>
  );
}

function MovesImportDialog({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<HukouMoveImportReportDto>();
  const close = () => {
    if (busy) return;
    setFile(undefined);
    setError(undefined);
    setReport(undefined);
    onClose();
  };
  return (
    <Modal
      title="导入公安户籍迁出名单"
      open={open}
      width={760}
      onCancel={close}
      maskClosable={false}
      footer={[
        <Button key="close" onClick={close} disabled={busy}>
          关闭
        </Button>,
        <Button
          key="ok"
          type="primary"
          disabled={!file}
          loading={busy}
          onClick={() => {
            if (!file) return;
            setBusy(true);
            setError(undefined);
            verificationApi
              .uploadMoves(file)
              .then((r) => {
                setReport(r);
                onImported();
              })
              .catch((e: unknown) => setError(errorText(e)))
              .finally(() => setBusy(false));
          }}
        >
          导入
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">
        CSV 或
        Excel，列：公民身份号码（可空）、姓名、出生日期（无号码时必填）、迁出日期、迁往地、迁往地区划代码（可空）。同一文件重复导入不产生变化。
      </Typography.Paragraph>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <a href={verificationUrls.template} download>
          <DownloadOutlined /> 下载导入模板（Excel）
        </a>
        <input
          type="file"
          aria-label="户籍迁出名单文件"
          accept=".csv,.xlsx"
          onChange={(e) => setFile(e.target.files?.[0])}
        />
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {report && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            type={report.rowsRefused > 0 ? 'warning' : 'success'}
            showIcon
            title={
              report.repeated
                ? '该文件此前已导入，本次未做改动'
                : `读取 ${report.rowsRead} 行：导入 ${report.rowsApplied} 行，无变化 ${report.rowsUnchanged} 行，未导入 ${report.rowsRefused} 行`
            }
            action={
              <Button size="small" href={verificationUrls.report(report.runId)}>
                下载逐行报告
              </Button>
            }
          />
          {report.issues.length > 0 && (
            <LedgerTable
              size="small"
              card={false}
              rowKey={(i) => `${i.rowNo}-${i.column}-${i.code}`}
              dataSource={report.issues}
              pageSize={8}
              empty=""
              columns={[
                {
                  title: '类别',
                  width: 80,
                  render: (_, i) =>
                    i.severity === 'error' ? (
                      <Tag color="error">未导入</Tag>
                    ) : (
                      <Tag color="warning">提示</Tag>
                    ),
                },
                { title: '说明', dataIndex: 'message' },
              ]}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}
