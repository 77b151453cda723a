/**
 * 补贴标准 (/disability/standards): the standards that apply here (province, city, county; tiers by
 * category, grade and hardship) with their history; setting one (never below the provincial floor of its
 * year), adjusting (a new row replaces the old) and withdrawing with a reason; the per-person lookup
 * "what does this person get in month M"; and the policy frame in force (floors, local extensions,
 * overlap rules with their sources), read-only.
 */
import { DISABILITY_CATEGORY_LABELS, DISABILITY_GRADE_LABELS } from '@social-affairs/kernel';
import { STANDARD_HARDSHIP_TEXT } from '@social-affairs/kernel/contracts/disability';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { beijingToday, formatDate } from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import {
  certificatesApi,
  yuan,
  type DisabilityStandardLookupView,
  type DisabilityStandardView,
} from './certificates.api';
import { DisabilityNav } from './disability-nav';

const SUBSIDY_TEXT = { living: '困难残疾人生活补贴', care: '重度残疾人护理补贴' } as const;

/** The standard division of an account: province 43, city 4301, county 430181 (a township: its county). */
function ownStandardDivision(code: string | undefined): string {
  if (!code) return '';
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code.slice(0, 6);
}

export function DisabilityStandardsPage() {
  const { hasPermission, user } = useAuth();
  const canSet = hasPermission('disability:manage') || hasPermission('disability:approve');
  const [year, setYear] = useState<number | undefined>();
  const [subsidy, setSubsidy] = useState<string>();
  const [history, setHistory] = useState(false);
  const [editing, setEditing] = useState<{ replaces?: DisabilityStandardView } | undefined>();
  const [withdrawing, setWithdrawing] = useState<DisabilityStandardView>();
  const standards = useApi(
    (signal) =>
      certificatesApi.standards({ year, subsidy, includeWithdrawn: history ? 'true' : undefined }, signal),
    [year, subsidy, history],
  );
  const policy = useApi((signal) => certificatesApi.policy(signal), []);
  const items = standards.data?.items ?? [];
  const below = items.filter((s) => s.status === 'active' && s.belowFloor);
  return (
    <>
      <PageHeader
        title="补贴标准"
        subTitle="困难残疾人生活补贴 · 重度残疾人护理补贴（元/人·月）"
        extra={
          canSet ? (
            <Button type="primary" onClick={() => setEditing({})}>
              制定标准
            </Button>
          ) : undefined
        }
      />
      <DisabilityNav />
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {below.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={`有 ${below.length} 条执行中的标准低于当年全省最低标准：发放时按最低标准计发，请尽快调整。`}
          />
        )}
        <LookupCard />
        <Card size="small" title="现行标准">
          <Flex gap={8} wrap style={{ marginBottom: 8 }} align="center">
            <InputNumber
              aria-label="年度"
              placeholder="全部年度"
              min={2000}
              max={2100}
              style={{ width: 120 }}
              value={year ?? null}
              onChange={(v) => setYear(v ?? undefined)}
            />
            <Select
              aria-label="补贴"
              allowClear
              placeholder="全部补贴"
              style={{ width: 200 }}
              value={subsidy}
              onChange={setSubsidy}
              options={Object.entries(SUBSIDY_TEXT).map(([value, label]) => ({ value, label }))}
            />
            <Checkbox checked={history} onChange={(e) => setHistory(e.target.checked)}>
              含已撤销（历史）
            </Checkbox>
          </Flex>
          {standards.error ? <Alert type="error" showIcon title="补贴标准加载失败" /> : null}
          <Table
            size="small"
            rowKey="id"
            loading={standards.loading}
            dataSource={items}
            pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 条` }}
            locale={{
              emptyText: '本地还没有补贴标准：市、县民政部门点“制定标准”录入（不得低于全省最低标准）。',
            }}
            columns={[
              {
                title: '区划',
                sorter: (a, b) => a.divisionCode.localeCompare(b.divisionCode),
                render: (_, s) => s.divisionName,
              },
              { title: '年度', dataIndex: 'year', sorter: (a, b) => a.year - b.year },
              { title: '补贴', render: (_, s) => s.subsidyLabel },
              { title: '档次', render: (_, s) => s.tierLabel },
              {
                title: '标准',
                sorter: (a, b) => a.amountFen - b.amountFen,
                render: (_, s) => (
                  <>
                    {yuan(s.amountFen)}
                    {s.belowFloor && <Tag color="warning">低于最低标准 {yuan(s.floorFen)}</Tag>}
                  </>
                ),
              },
              { title: '起始月份', dataIndex: 'fromMonth' },
              {
                title: '制定依据',
                render: (_, s) => <div style={{ maxWidth: 260 }}>{s.basis}</div>,
              },
              {
                title: '状态',
                render: (_, s) =>
                  s.status === 'active' ? (
                    <Tag color="success">执行中</Tag>
                  ) : (
                    <span>
                      <Tag>已撤销</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {s.withdrawReason}
                      </Typography.Text>
                    </span>
                  ),
              },
              {
                title: '操作',
                render: (_, s) =>
                  canSet &&
                  s.status === 'active' &&
                  mayEdit(user?.divisionCode, s.divisionCode, hasPermission('disability:manage')) ? (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => setEditing({ replaces: s })}>
                        调整
                      </Button>
                      <Button size="small" type="link" danger onClick={() => setWithdrawing(s)}>
                        撤销
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
        </Card>
        <PolicyCard policy={policy.data} />
      </Space>
      {editing && (
        <StandardDialog
          replaces={editing.replaces}
          defaultDivision={ownStandardDivision(user?.divisionCode)}
          onClose={() => setEditing(undefined)}
          onDone={(s) => {
            setEditing(undefined);
            void message.success(
              `已制定：${s.divisionName} ${s.year} 年${s.subsidyLabel} ${yuan(s.amountFen)}`,
            );
            standards.reload();
          }}
        />
      )}
      {withdrawing && (
        <WithdrawDialog
          standard={withdrawing}
          onClose={() => setWithdrawing(undefined)}
          onDone={() => {
            setWithdrawing(undefined);
            void message.success('已撤销');
            standards.reload();
          }}
        />
      )}
    </>
  );
}

function mayEdit(own: string | undefined, division: string, manage: boolean): boolean {
  if (!own) return false;
  const prefix = ownStandardDivision(own);
  return manage ? division.startsWith(prefix) : division === prefix;
}

function LookupCard() {
  const [params] = useSearchParams();
  const personId = params.get('personId') ?? undefined;
  const [form] = Form.useForm<{ certificateNumber?: string; month: string }>();
  const [result, setResult] = useState<DisabilityStandardLookupView>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      setResult(
        await certificatesApi.lookup({
          month: v.month,
          ...(v.certificateNumber?.trim()
            ? { certificateNumber: v.certificateNumber.trim() }
            : personId
              ? { personId }
              : {}),
        }),
      );
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="标准测算：某人某月可享受的补贴">
      <Form
        form={form}
        layout="inline"
        name="standard-lookup"
        initialValues={{ month: beijingToday().slice(0, 7) }}
        onFinish={() => void run()}
      >
        <Form.Item
          name="certificateNumber"
          label="残疾人证号"
          rules={[
            {
              validator: (_, v: string | undefined) =>
                v?.trim() || personId
                  ? Promise.resolve()
                  : Promise.reject(new Error('请填写 20 位残疾人证号')),
            },
          ]}
        >
          <Input
            maxLength={20}
            style={{ width: 230 }}
            placeholder={personId ? '已从台账选定人员，可留空' : '20 位证号'}
          />
        </Form.Item>
        <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择月份' }]}>
          <Input type="month" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            测算
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && (
        <div style={{ marginTop: 12 }} data-testid="standard-lookup-result">
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label="人员">{result.personName}</Descriptions.Item>
            <Descriptions.Item label="户籍地">{result.hukouDivisionName}</Descriptions.Item>
            <Descriptions.Item label="月份">{result.month}</Descriptions.Item>
            <Descriptions.Item label="残疾人证">
              {result.certificate
                ? `${result.certificate.numberMasked}（${result.certificate.categoryLabel}${result.certificate.gradeLabel}）`
                : '无'}
            </Descriptions.Item>
            <Descriptions.Item label="救助状态（月初）" span={2}>
              {result.programs.length ? result.programs.join('、') : '不在低保、特困名单'}
            </Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            style={{ marginTop: 8 }}
            rowKey="subsidy"
            pagination={false}
            dataSource={result.subsidies}
            columns={[
              { title: '补贴', dataIndex: 'label' },
              {
                title: '资格',
                render: (_, s) =>
                  s.eligible ? <Tag color="success">符合</Tag> : <Tag color="default">不符合</Tag>,
              },
              {
                title: '适用标准',
                render: (_, s) =>
                  s.amountFen === null ? (
                    <Typography.Text type="warning">未制定标准（请市、县民政部门录入）</Typography.Text>
                  ) : (
                    <>
                      {yuan(s.amountFen)}/月
                      {s.raisedToFloor && <Tag color="warning">按全省最低标准</Tag>}
                      {s.standard && (
                        <div>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {s.standard.divisionName} {s.standard.year} 年 · {s.standard.tierLabel}
                          </Typography.Text>
                        </div>
                      )}
                    </>
                  ),
              },
              {
                title: '依据',
                render: (_, s) => (
                  <ul style={{ margin: 0, paddingLeft: 16 }}>
                    {s.reasons.map((r) => (
                      <li key={r.code}>
                        {r.text}（{r.rule}）
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

function PolicyCard({ policy }: { policy: Awaited<ReturnType<typeof certificatesApi.policy>> | undefined }) {
  if (!policy) return null;
  return (
    <Card size="small" title="现行政策口径（只读，来自系统配置）">
      <Typography.Title level={5}>全省最低标准</Typography.Title>
      <Table
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={policy.floors}
        columns={[
          { title: '起始年度', dataIndex: 'year' },
          { title: '生活补贴不低于', render: (_, f) => yuan(f.livingFen) },
          { title: '护理补贴不低于', render: (_, f) => yuan(f.careFen) },
          { title: '依据', dataIndex: 'basis' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        之后年度沿用最近一年的最低标准，直至省里公布新的标准并写入配置。
      </Typography.Paragraph>
      <Typography.Title level={5}>地方扩面政策</Typography.Title>
      {policy.extensions.length === 0 ? (
        <Typography.Paragraph>
          未配置：生活补贴仅限低保对象，护理补贴仅限一、二级残疾人（低收入、依老养残、一户多残及三、四级智力/精神残疾扩面由地方配置）。
        </Typography.Paragraph>
      ) : (
        <List
          size="small"
          dataSource={policy.extensions}
          renderItem={(e) => (
            <List.Item>
              {e.divisionName} {formatDate(e.from)} 起：
              {[
                e.livingLowIncome && '低收入家庭享受生活补贴',
                e.livingElderlyParents && '依老养残享受生活补贴',
                e.livingMultipleDisabled && '一户多残享受生活补贴',
                e.careGrade34IntellectualMental && '三、四级智力/精神残疾享受护理补贴',
              ]
                .filter(Boolean)
                .join('；')}
              （{e.basis}）{e.appliesHere && <Tag color="blue">本地适用</Tag>}
            </List.Item>
          )}
        />
      )}
      <Typography.Title level={5}>与其他待遇的衔接</Typography.Title>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={policy.overlap}
        columns={[
          { title: '情形', dataIndex: 'label' },
          { title: '执行口径', dataIndex: 'value' },
          { title: '来源', dataIndex: 'source' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        发放周期：{policy.paymentFrequency === 'monthly' ? '按月' : '按季'}；换证后补发最多{' '}
        {policy.backPayCapMonths} 个月； 受理后 {policy.deadlines.forwardWorkingDays} 个工作日内转户籍地，
        {policy.deadlines.decideWorkingDays} 个工作日内审核决定，
        {policy.deadlines.notifyWorkingDays} 个工作日内告知申请人；公示 {policy.noticeWorkingDays} 个工作日。
      </Typography.Paragraph>
    </Card>
  );
}

interface StandardForm {
  divisionCode: string;
  year: number;
  subsidy: 'living' | 'care';
  category?: number;
  grade?: number;
  hardship?: keyof typeof STANDARD_HARDSHIP_TEXT;
  amountYuan: number;
  fromMonth?: string;
  basis: string;
}

function StandardDialog({
  replaces,
  defaultDivision,
  onClose,
  onDone,
}: {
  replaces: DisabilityStandardView | undefined;
  defaultDivision: string;
  onClose: () => void;
  onDone: (s: DisabilityStandardView) => void;
}) {
  const [form] = Form.useForm<StandardForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      onDone(
        await certificatesApi.createStandard({
          divisionCode: v.divisionCode.trim(),
          year: v.year,
          subsidy: v.subsidy,
          category: v.category ?? null,
          grade: v.grade ?? null,
          hardship: v.hardship ?? null,
          amountFen: Math.round(v.amountYuan * 100),
          basis: v.basis.trim(),
          fromMonth: v.fromMonth || null,
          replacesId: replaces?.id ?? null,
        }),
      );
    } catch (e) {
      setError(applyServerError(form, e, { amountFen: 'amountYuan' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={
        replaces
          ? `调整标准（替代 ${replaces.divisionName} ${replaces.year} 年 ${replaces.tierLabel}）`
          : '制定补贴标准'
      }
      okText="保存"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      width={620}
    >
      <Typography.Paragraph type="secondary">
        标准不在原记录上修改：调整时保存为新标准并撤销原标准，历史保留。标准不得低于当年全省最低标准。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="disability-standard"
        initialValues={
          replaces
            ? {
                divisionCode: replaces.divisionCode,
                year: replaces.year,
                subsidy: replaces.subsidy,
                category: replaces.category ?? undefined,
                grade: replaces.grade ?? undefined,
                hardship: replaces.hardship ?? undefined,
                amountYuan: replaces.amountFen / 100,
                fromMonth: replaces.fromMonth,
              }
            : { divisionCode: defaultDivision, year: Number(beijingToday().slice(0, 4)), subsidy: 'care' }
        }
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="divisionCode"
            label="区划代码"
            extra="市 4 位（如 4301），县 6 位（如 430181）"
            rules={[{ required: true, message: '请填写区划代码' }]}
          >
            <Input style={{ width: 140 }} disabled={Boolean(replaces)} />
          </Form.Item>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2000} max={2100} style={{ width: 110 }} disabled={Boolean(replaces)} />
          </Form.Item>
          <Form.Item name="subsidy" label="补贴" rules={[{ required: true, message: '请选择补贴' }]}>
            <Select
              style={{ width: 200 }}
              disabled={Boolean(replaces)}
              options={Object.entries(SUBSIDY_TEXT).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="category" label="残疾类别（不分可留空）">
            <Select
              allowClear
              style={{ width: 150 }}
              options={Object.entries(DISABILITY_CATEGORY_LABELS).map(([value, label]) => ({
                value: Number(value),
                label,
              }))}
            />
          </Form.Item>
          <Form.Item name="grade" label="残疾等级">
            <Select
              allowClear
              style={{ width: 110 }}
              options={Object.entries(DISABILITY_GRADE_LABELS).map(([value, label]) => ({
                value: Number(value),
                label,
              }))}
            />
          </Form.Item>
          <Form.Item name="hardship" label="困难类型">
            <Select
              allowClear
              style={{ width: 150 }}
              options={Object.entries(STANDARD_HARDSHIP_TEXT).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item
            name="amountYuan"
            label="标准（元/人·月）"
            rules={[{ required: true, message: '请填写标准金额' }]}
          >
            <InputNumber min={0.01} max={100000} precision={2} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="fromMonth" label="起始月份（默认 1 月）">
            <Input type="month" style={{ width: 160 }} />
          </Form.Item>
        </Flex>
        <Form.Item
          name="basis"
          label="制定依据（文件名称和文号）"
          rules={[{ required: true, whitespace: true, min: 2, message: '请填写制定依据（文件名称和文号）' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function WithdrawDialog({
  standard,
  onClose,
  onDone,
}: {
  standard: DisabilityStandardView;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Modal
      open
      title={`撤销标准：${standard.divisionName} ${standard.year} 年${standard.subsidyLabel}（${standard.tierLabel}）`}
      okText="撤销"
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form
          .validateFields()
          .then(async (v) => {
            setBusy(true);
            setError(undefined);
            try {
              await certificatesApi.withdrawStandard(standard.id, v.reason.trim());
              onDone();
            } catch (e) {
              setError(applyServerError(form, e));
            } finally {
              setBusy(false);
            }
          })
          .catch(() => undefined)
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="withdraw-standard">
        <Form.Item
          name="reason"
          label="撤销原因"
          rules={[{ required: true, whitespace: true, min: 2, message: '请填写撤销原因（至少 2 个字）' }]}
        >
          <Input.TextArea rows={3} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
