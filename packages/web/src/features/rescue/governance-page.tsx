import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  AT_RISK_KIND_LABELS,
  AT_RISK_STATUS_LABELS,
  FOLLOW_UP_METHOD_LABELS,
  FOLLOW_UP_PARTY_LABELS,
  HUKOU_BASIS_LABELS,
  PATROL_OUTCOME_LABELS,
  PATROL_SOURCE_LABELS,
  REPEAT_BASIS_LABELS,
  REPEAT_FLAG_STATUS_LABELS,
  RETURNEE_NEED_LABELS,
  RETURNEE_STATUS_LABELS,
} from '@social-affairs/kernel/contracts/rescue';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { EChart, type ChartOption } from '../../app/charts/echarts-chart';
import { useDivision } from '../../app/division-context';
import { applyServerError } from '../../app/form-errors';
import { beijingToday, formatDate, formatDateTime } from '../../app/format';
import { SectionTabs } from '../../app/layout/section-tabs';
import { DivisionBreadcrumb } from '../../app/layout/division-breadcrumb';
import {
  ExportButton,
  ListPage,
  LoadError,
  choiceFilter,
  dateRangeFilter,
  textFilter,
  useListPage,
  useListQuery,
} from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import {
  governanceApi,
  governanceUrls,
  type AtRiskDto,
  type GovernanceStatsDto,
  type PatrolLeadDto,
  type RepeatFlagDto,
  type ReturneeDto,
} from './governance.api';
import { RescueNav } from './rescue-nav';
import { useStationOptions } from './warnings.api';

const TABS = [
  { path: '/rescue/governance', label: '返乡回访' },
  { path: '/rescue/governance/at-risk', label: '易走失人员' },
  { path: '/rescue/governance/repeat', label: '多次流浪' },
  { path: '/rescue/governance/leads', label: '街面巡查线索' },
  { path: '/rescue/governance/statistics', label: '统计' },
];

/** The line's tabs, then the concern's own tabs (返乡回访 · 易走失人员 · 多次流浪 · 街面巡查线索 · 统计). */
function GovernanceNav() {
  return (
    <>
      <RescueNav activePath="/rescue/governance" />
      <SectionTabs tabs={TABS} label="源头治理" />
    </>
  );
}

const sexLabel = (s: string) => (s === 'male' ? '男' : '女');

/** A modal form that keeps what was typed when the server refuses it, the error next to the field. */
function useDialogSubmit<V>(form: ReturnType<typeof Form.useForm<V>>[0], submit: (v: V) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const onOk = async (done: () => void) => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await submit(v);
      done();
    } catch (e) {
      setError(applyServerError(form as never, e) ?? errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, onOk };
}

// ── 返乡回访 ────────────────────────────────────────────────────────────────────────────────────

interface FollowUpForm {
  visitedOn: Dayjs;
  party: 'hukou_civil_affairs' | 'station';
  visitorName: string;
  method: 'phone' | 'visit';
  situation: string;
  atHome: boolean;
  needs: string[];
  close: boolean;
  closedReason?: string;
}

function FollowUpDialog({ r, onClose, onDone }: { r: ReturneeDto; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<FollowUpForm>();
  const close = Form.useWatch('close', form);
  const { busy, error, onOk } = useDialogSubmit(form, (v) =>
    governanceApi.followUp(r.id, {
      visitedOn: v.visitedOn.format('YYYY-MM-DD'),
      party: v.party,
      visitorName: v.visitorName,
      method: v.method,
      situation: v.situation,
      atHome: v.atHome,
      needs: v.needs ?? [],
      close: v.close ?? false,
      closedReason: v.close ? v.closedReason : null,
    }),
  );
  return (
    <Modal
      open
      title={`登记回访：${r.personName}`}
      okText="保存"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void onOk(() => {
          void message.success('已登记回访');
          onDone();
        }).catch(() => undefined)
      }
      destroyOnHidden
      width={560}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="rescue-follow-up"
        initialValues={{
          visitedOn: dayjs(),
          party: 'hukou_civil_affairs',
          method: 'phone',
          atHome: true,
          needs: [],
        }}
      >
        <Form.Item name="visitedOn" label="回访日期" rules={[{ required: true, message: '请填写回访日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="party" label="回访单位">
          <Radio.Group
            options={Object.entries(FOLLOW_UP_PARTY_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="visitorName" label="回访人" rules={[{ required: true, message: '请填写回访人' }]}>
          <Input maxLength={50} placeholder="如 镇民政办 李干事" />
        </Form.Item>
        <Form.Item name="method" label="回访方式">
          <Radio.Group
            options={Object.entries(FOLLOW_UP_METHOD_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="situation" label="回访情况" rules={[{ required: true, message: '请填写回访情况' }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item name="atHome" valuePropName="checked">
          <Checkbox>本人仍在家中</Checkbox>
        </Form.Item>
        <Form.Item name="needs" label="帮扶需求（转介）">
          <Checkbox.Group
            options={Object.entries(RETURNEE_NEED_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          name="close"
          valuePropName="checked"
          extra="不结束时，下次回访日期按配置的间隔（默认 90 天）自动排定"
        >
          <Checkbox>结束回访</Checkbox>
        </Form.Item>
        {close && (
          <Form.Item
            name="closedReason"
            label="结束原因"
            rules={[{ required: true, message: '请填写结束原因' }]}
          >
            <Input maxLength={200} placeholder="如 已稳定在家、已纳入低保" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

const returneeFilters = {
  q: textFilter({ label: '关键字', placeholder: '姓名、案件编号或目的地', width: 220 }),
  status: choiceFilter(RETURNEE_STATUS_LABELS, { label: '回访状态', width: 130 }),
  overdue: choiceFilter({ true: '仅看逾期' }, { label: '逾期', width: 120 }),
  period: dateRangeFilter({ label: '返乡日期' }),
};

/** 返乡回访: people who went home or were collected, with their follow-up visits; overdue ones first to act on. */
export function ReturneesPage() {
  const { hasPermission } = useAuth();
  const [visiting, setVisiting] = useState<ReturneeDto>();
  const list = useListPage({
    filters: returneeFilters,
    sortKeys: ['returnedOn', 'nextVisitDue', 'stationName'],
    pageSizes: [20, 50, 100],
    load: (query, signal) => governanceApi.returnees(query, signal),
  });
  const columns: TableColumnsType<ReturneeDto> = [
    {
      title: '姓名 / 案件',
      render: (_, r) => (
        <div>
          <div>
            {r.personName}（{sexLabel(r.sex)}）
          </div>
          <Link to={`/rescue/cases/${r.caseId}`} style={{ fontSize: 12 }}>
            {r.caseNo}
          </Link>
        </div>
      ),
    },
    { title: '救助站', key: 'stationName', sorter: true, render: (_, r) => r.stationName },
    {
      title: '返乡日期',
      key: 'returnedOn',
      sorter: true,
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatDate(r.returnedOn)} {r.departureKind === 'collected_by_family' ? '亲属接领' : '返乡'}
        </span>
      ),
    },
    {
      title: '户籍地（返乡地）',
      render: (_, r) => r.homeDivisionName ?? <Tag color="orange">待填写</Tag>,
    },
    {
      title: '回访',
      render: (_, r) =>
        r.visits === 0
          ? '尚未回访'
          : `${r.visits} 次，最近 ${formatDate(r.lastVisitOn)}${r.lastAtHome === false ? '（不在家）' : ''}`,
    },
    {
      title: '下次回访',
      key: 'nextVisitDue',
      sorter: true,
      render: (_, r) =>
        r.status === 'closed' ? (
          <Tag>已结束</Tag>
        ) : r.overdue ? (
          <Tag color="red">{formatDate(r.nextVisitDue)} 已逾期</Tag>
        ) : (
          formatDate(r.nextVisitDue)
        ),
    },
    {
      title: '操作',
      render: (_, r) =>
        hasPermission('rescue:write') && r.status === 'following' ? (
          <Button size="small" type={r.overdue ? 'primary' : 'default'} onClick={() => setVisiting(r)}>
            登记回访
          </Button>
        ) : null,
    },
  ];
  return (
    <ListPage
      list={list}
      title="返乡回访"
      unit="人"
      exportHref={governanceUrls.returneesExport(list.exportQuery)}
      nav={<GovernanceNav />}
      filterName="rescue-returnee-filters"
      breadcrumb
      notice={
        <Typography.Text type="secondary">
          返乡、亲属接领的受助人员自动列入台账；首次回访在返乡后 30 天内，此后每 90
          天回访一次（可配置）。户籍地民政部门与救助站均可登记回访，逾期的回访显示在待办中。
        </Typography.Text>
      }
      errorTitle="返乡人员台账加载失败"
      rowKey="id"
      columns={columns}
      empty={list.filtered ? '没有符合条件的返乡人员。' : '还没有返乡人员。'}
    >
      {visiting && (
        <FollowUpDialog
          r={visiting}
          onClose={() => setVisiting(undefined)}
          onDone={() => {
            setVisiting(undefined);
            list.reload();
          }}
        />
      )}
    </ListPage>
  );
}

// ── 易走失人员 ──────────────────────────────────────────────────────────────────────────────────

interface AtRiskForm {
  divisionCode: string;
  name: string;
  sex: 'male' | 'female';
  birthDate?: Dayjs;
  kinds: string[];
  homeAddress: string;
  contacts: { name: string; relation: string; phone: string }[];
  notes?: string;
}

function AtRiskDialog({
  editing,
  onClose,
  onDone,
}: {
  editing?: AtRiskDto;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<AtRiskForm>();
  const { current } = useDivision();
  const { busy, error, onOk } = useDialogSubmit(form, (v) => {
    const body = {
      name: v.name,
      sex: v.sex,
      birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : null,
      kinds: v.kinds,
      homeAddress: v.homeAddress,
      contacts: v.contacts,
      notes: v.notes?.trim() || null,
    };
    return editing
      ? governanceApi.updateAtRisk(editing.id, { ...body, version: editing.version })
      : governanceApi.createAtRisk({ ...body, divisionCode: v.divisionCode });
  });
  return (
    <Modal
      open
      title={editing ? `编辑易走失人员：${editing.name}` : '登记易走失人员'}
      okText="保存"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void onOk(() => {
          void message.success('已保存');
          onDone();
        }).catch(() => undefined)
      }
      destroyOnHidden
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="rescue-at-risk"
        initialValues={
          editing
            ? { ...editing, birthDate: editing.birthDate ? dayjs(editing.birthDate) : undefined }
            : {
                divisionCode: current.code,
                sex: 'male',
                kinds: [],
                contacts: [{ name: '', relation: '', phone: '' }],
              }
        }
      >
        {!editing && (
          <Form.Item name="divisionCode" label="所在县（市、区）或乡镇代码" rules={[{ required: true }]}>
            <Input maxLength={9} />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="sex" label="性别">
              <Radio.Group
                options={[
                  { value: 'male', label: '男' },
                  { value: 'female', label: '女' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="birthDate" label="出生日期">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="kinds"
          label="走失风险"
          rules={[{ required: true, message: '请至少选择一项走失风险' }]}
        >
          <Checkbox.Group
            options={Object.entries(AT_RISK_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="homeAddress" label="住址" rules={[{ required: true, message: '请填写住址' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <Card size="small" title="家属联系人" style={{ marginBottom: 12 }}>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '请填写姓名' }]}>
                    <Input placeholder="姓名" maxLength={50} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'relation']} rules={[{ required: true, message: '请填写关系' }]}>
                    <Input placeholder="关系" maxLength={20} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} rules={[{ required: true, message: '请填写电话' }]}>
                    <Input placeholder="联系电话" maxLength={20} inputMode="tel" style={{ width: 160 }} />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(f.name)}>删除</Button>}
                </Space>
              ))}
              {fields.length < 5 && (
                <Button type="dashed" onClick={() => add({ name: '', relation: '', phone: '' })}>
                  添加联系人
                </Button>
              )}
            </Card>
          )}
        </Form.List>
        <Form.Item name="notes" label="备注">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AtRiskDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { data, error } = useApi(() => governanceApi.atRiskOne(id), [id]);
  return (
    <Modal open title="易走失人员详情" footer={null} onCancel={onClose} width={600}>
      <LoadError error={error} title="加载失败" />
      {data && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label="姓名">
            {data.name}（{sexLabel(data.sex)}）{data.birthDate ? ` ${data.birthDate} 生` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="走失风险">
            {data.kinds.map((k) => AT_RISK_KIND_LABELS[k]).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label="住址">
            {data.divisionName} {data.homeAddress}
          </Descriptions.Item>
          <Descriptions.Item label="家属联系人">
            {data.contacts.map((c) => (
              <div key={`${c.name}${c.phone}`}>
                {c.name}（{c.relation}）{c.phone}
              </div>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label="备注">{data.notes ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="状态">
            {AT_RISK_STATUS_LABELS[data.status]}
            {data.closedReason ? `（${data.closedReason}）` : ''}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
        查看完整联系方式已记入审计日志。
      </Typography.Text>
    </Modal>
  );
}

const atRiskFilters = {
  q: textFilter({ label: '关键字', placeholder: '姓名或住址', width: 200 }),
  kind: choiceFilter(AT_RISK_KIND_LABELS, { label: '走失风险', width: 170 }),
  status: choiceFilter(AT_RISK_STATUS_LABELS, { label: '状态', width: 110 }),
};

/** 易走失人员: the registry of people at risk of wandering, with family contacts (masked in the list). */
export function AtRiskPage() {
  const { hasPermission } = useAuth();
  const [dialog, setDialog] = useState<{ editing?: AtRiskDto } | undefined>();
  const [viewing, setViewing] = useState<string>();
  const list = useListPage({
    filters: atRiskFilters,
    sortKeys: ['name', 'createdAt', 'updatedAt'],
    pageSizes: [20, 50, 100],
    load: (query, signal) => governanceApi.atRisk(query, signal),
  });
  const closeOne = (r: AtRiskDto) => {
    let reason = '';
    Modal.confirm({
      title: `销册：${r.name}`,
      content: (
        <Input placeholder="销册原因（如 已迁出、已去世）" onChange={(e) => (reason = e.target.value)} />
      ),
      okText: '销册',
      onOk: async () => {
        try {
          await governanceApi.closeAtRisk(r.id, reason, r.version);
          list.reload();
        } catch (e) {
          void message.error(errorText(e));
          throw e;
        }
      },
    });
  };
  const columns: TableColumnsType<AtRiskDto> = [
    {
      title: '姓名',
      key: 'name',
      sorter: true,
      render: (_, r) =>
        `${r.name}（${sexLabel(r.sex)}${r.birthDate ? `，${r.birthDate.slice(0, 4)} 年生` : ''}）`,
    },
    { title: '走失风险', render: (_, r) => r.kinds.map((k) => <Tag key={k}>{AT_RISK_KIND_LABELS[k]}</Tag>) },
    { title: '住址', render: (_, r) => `${r.divisionName} ${r.homeAddress}` },
    {
      title: '家属联系人',
      render: (_, r) =>
        r.contacts.map((c) => (
          <div key={`${c.name}${c.phone}`} style={{ whiteSpace: 'nowrap' }}>
            {c.name}（{c.relation}）{c.phone}
          </div>
        )),
    },
    {
      title: '状态',
      render: (_, r) => (
        <Tag color={r.status === 'active' ? 'blue' : 'default'}>{AT_RISK_STATUS_LABELS[r.status]}</Tag>
      ),
    },
    {
      title: '更新时间',
      key: 'updatedAt',
      sorter: true,
      render: (_, r) => formatDateTime(r.updatedAt).slice(0, 16),
    },
    {
      title: '操作',
      render: (_, r) => (
        <Space size={4}>
          <Button size="small" onClick={() => setViewing(r.id)}>
            查看
          </Button>
          {hasPermission('rescue:write') && r.status === 'active' && (
            <>
              <Button size="small" onClick={() => setDialog({ editing: r })}>
                编辑
              </Button>
              <Button size="small" danger onClick={() => closeOne(r)}>
                销册
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="易走失人员"
      unit="人"
      exportHref={governanceUrls.atRiskExport(list.exportQuery)}
      actions={
        hasPermission('rescue:write') && (
          <Button type="primary" onClick={() => setDialog({})}>
            登记易走失人员
          </Button>
        )
      }
      nav={<GovernanceNav />}
      filterName="rescue-at-risk-filters"
      breadcrumb
      notice={
        <Typography.Text type="secondary">
          列表中家属电话已脱敏；点“查看”显示完整联系方式，查看记录留痕。走失人员入站时可据此联系家属。
        </Typography.Text>
      }
      errorTitle="易走失人员台账加载失败"
      rowKey="id"
      columns={columns}
      empty={list.filtered ? '没有符合条件的人员。' : '还没有登记易走失人员。'}
    >
      {dialog && (
        <AtRiskDialog
          {...(dialog.editing ? { editing: dialog.editing } : {})}
          onClose={() => setDialog(undefined)}
          onDone={() => {
            setDialog(undefined);
            list.reload();
          }}
        />
      )}
      {viewing && <AtRiskDetail id={viewing} onClose={() => setViewing(undefined)} />}
    </ListPage>
  );
}

// ── 多次流浪 ────────────────────────────────────────────────────────────────────────────────────

interface DecisionForm {
  reason: string;
  hukouDivisionCode?: string;
}

function DecisionDialog({
  flag,
  decision,
  onClose,
  onDone,
}: {
  flag: RepeatFlagDto;
  decision: 'confirmed' | 'rejected';
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<DecisionForm>();
  const { busy, error, onOk } = useDialogSubmit(form, (v) =>
    governanceApi.decide(flag.id, {
      decision,
      reason: v.reason,
      hukouDivisionCode: v.hukouDivisionCode?.trim() || null,
    }),
  );
  return (
    <Modal
      open
      title={decision === 'confirmed' ? '确认为同一人（多次流浪）' : '排除：不是同一人'}
      okText={decision === 'confirmed' ? '确认并预警户籍地' : '排除'}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void onOk(() => {
          void message.success(decision === 'confirmed' ? '已确认，已向户籍地发出源头治理预警' : '已排除');
          onDone();
        }).catch(() => undefined)
      }
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph>
        {flag.current.name}：{flag.earlier.entryDate} 在{flag.earlier.stationName}，{flag.current.entryDate}{' '}
        在{flag.current.stationName}。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="rescue-repeat-decision">
        <Form.Item name="reason" label="核实依据" rules={[{ required: true, message: '请填写核实依据' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如 本人确认曾在该站受助；照片比对一致" />
        </Form.Item>
        {decision === 'confirmed' && (
          <Form.Item
            name="hukouDivisionCode"
            label="户籍地县级区划代码（身份证号码无法确定时填写）"
            extra="有身份证号码或返乡台账记录时自动确定，无需填写"
          >
            <Input maxLength={6} placeholder="如 430181" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function AlertsCard({ reloadKey }: { reloadKey: number }) {
  const { hasPermission } = useAuth();
  const { current } = useDivision();
  const [tick, setTick] = useState(0);
  const { data, error, loading } = useApi(
    (signal) => governanceApi.alerts({ division: current.code, pageSize: 50 }, signal),
    [current.code, tick, reloadKey],
  );
  const acknowledge = (id: string) => {
    let action = '';
    Modal.confirm({
      title: '处理源头治理预警',
      content: (
        <Input.TextArea
          rows={3}
          placeholder="采取的措施（如 入户走访、落实监护、纳入低保审核）"
          onChange={(e) => (action = e.target.value)}
        />
      ),
      okText: '已处理',
      onOk: async () => {
        try {
          await governanceApi.acknowledge(id, action);
          setTick((t) => t + 1);
        } catch (e) {
          void message.error(errorText(e));
          throw e;
        }
      },
    });
  };
  return (
    <Card title="源头治理预警（发往户籍地）" style={{ marginTop: 16 }}>
      <LoadError error={error} title="预警加载失败" />
      <Table
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '没有源头治理预警。' }}
        columns={[
          { title: '预警时间', render: (_, a) => formatDateTime(a.createdAt).slice(0, 16) },
          {
            title: '户籍地',
            render: (_, a) => `${a.hukouDivisionName}（${HUKOU_BASIS_LABELS[a.hukouBasis]}）`,
          },
          { title: '内容', dataIndex: 'summary' },
          {
            title: '处理',
            render: (_, a) =>
              a.status === 'acknowledged' ? (
                <span>已处理：{a.actionTaken}</span>
              ) : hasPermission('rescue:write') ? (
                <Button size="small" type="primary" onClick={() => acknowledge(a.id)}>
                  处理
                </Button>
              ) : (
                <Tag color="red">待处理</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}

const flagFilters = {
  status: choiceFilter(REPEAT_FLAG_STATUS_LABELS, { label: '核实状态', width: 120 }),
  basis: choiceFilter(REPEAT_BASIS_LABELS, { label: '发现依据', width: 150 }),
};

/** 多次流浪: the same person rescued at several stations, found by the engine, confirmed by a caseworker. */
export function RepeatWanderersPage() {
  const { hasPermission } = useAuth();
  const [deciding, setDeciding] = useState<{ flag: RepeatFlagDto; decision: 'confirmed' | 'rejected' }>();
  const [decided, setDecided] = useState(0);
  const list = useListPage({
    filters: flagFilters,
    sortKeys: ['createdAt', 'score', 'entryDate'],
    pageSizes: [20, 50],
    load: (query, signal) => governanceApi.flags(query, signal),
  });
  const side = (s: RepeatFlagDto['current']) => (
    <div>
      <div>
        {s.name}（{sexLabel(s.sex)}，{s.age}）
      </div>
      <div style={{ fontSize: 12 }}>
        {formatDate(s.entryDate)} 入 {s.stationName} ·{' '}
        <Link to={`/rescue/cases/${s.caseId}`}>{s.caseNo}</Link>
      </div>
    </div>
  );
  const columns: TableColumnsType<RepeatFlagDto> = [
    { title: '本次受助', key: 'entryDate', sorter: true, render: (_, f) => side(f.current) },
    { title: '此前受助（其他救助站）', render: (_, f) => side(f.earlier) },
    {
      title: '依据',
      key: 'score',
      sorter: true,
      render: (_, f) => (
        <div style={{ maxWidth: 260 }}>
          <Tag color={f.basis === 'same_person' ? 'green' : 'blue'}>{REPEAT_BASIS_LABELS[f.basis]}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.explanation.join('；')}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '状态',
      render: (_, f) =>
        f.status === 'open' && hasPermission('rescue:write') ? (
          <Space size={4}>
            <Button
              size="small"
              type="primary"
              onClick={() => setDeciding({ flag: f, decision: 'confirmed' })}
            >
              确认同一人
            </Button>
            <Button size="small" onClick={() => setDeciding({ flag: f, decision: 'rejected' })}>
              排除
            </Button>
          </Space>
        ) : (
          <div>
            <Tag color={f.status === 'confirmed' ? 'red' : f.status === 'open' ? 'orange' : 'default'}>
              {REPEAT_FLAG_STATUS_LABELS[f.status]}
            </Tag>
            {f.decisionReason && <div style={{ fontSize: 12 }}>{f.decisionReason}</div>}
          </div>
        ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="多次流浪"
      unit="条"
      exportHref={governanceUrls.flagsExport(list.exportQuery)}
      nav={<GovernanceNav />}
      filterName="rescue-repeat-filters"
      breadcrumb
      notice={
        <Typography.Text type="secondary">
          系统每小时将新入站人员与其他救助站此前的受助记录比对（同一人员档案，或姓名同音近音、性别、年龄、体貌特征评分），
          只作提示，须工作人员核实确认；确认后向户籍地发出源头治理预警。
        </Typography.Text>
      }
      errorTitle="多次流浪核实清单加载失败"
      rowKey="id"
      columns={columns}
      empty={list.filtered ? '没有符合条件的记录。' : '没有发现疑似多次流浪人员。'}
      below={<AlertsCard reloadKey={decided} />}
    >
      {deciding && (
        <DecisionDialog
          {...deciding}
          onClose={() => setDeciding(undefined)}
          onDone={() => {
            setDeciding(undefined);
            setDecided((n) => n + 1);
            list.reload();
          }}
        />
      )}
    </ListPage>
  );
}

// ── 街面巡查线索 ────────────────────────────────────────────────────────────────────────────────

interface LeadForm {
  stationId: string;
  receivedAt: Dayjs;
  source: PatrolLeadDto['source'];
  reporter: string;
  reporterPhone?: string;
  placeDivisionCode: string;
  placeDescription: string;
  personDescription: string;
}

function LeadDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<LeadForm>();
  const stations = useStationOptions();
  useEffect(() => {
    if (stations.length === 1 && !form.getFieldValue('stationId')) {
      form.setFieldValue('stationId', stations[0]!.id);
      form.setFieldValue('placeDivisionCode', stations[0]!.divisionCode);
    }
  }, [form, stations]);
  const { busy, error, onOk } = useDialogSubmit(form, (v) =>
    governanceApi.recordLead({
      stationId: v.stationId,
      receivedAt: v.receivedAt.toISOString(),
      source: v.source,
      reporter: v.reporter,
      reporterPhone: v.reporterPhone?.trim() || null,
      placeDivisionCode: v.placeDivisionCode,
      placeDescription: v.placeDescription,
      personDescription: v.personDescription,
    }),
  );
  return (
    <Modal
      open
      title="登记街面巡查线索"
      okText="保存"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void onOk(() => {
          void message.success('已登记线索');
          onDone();
        }).catch(() => undefined)
      }
      destroyOnHidden
      width={560}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="rescue-patrol-lead"
        initialValues={{ receivedAt: dayjs(), source: 'police' }}
      >
        <Form.Item name="stationId" label="转介救助站" rules={[{ required: true, message: '请选择救助站' }]}>
          <Select
            options={stations.map((s) => ({ value: s.id, label: s.name }))}
            onChange={(id: string) =>
              form.setFieldValue('placeDivisionCode', stations.find((s) => s.id === id)?.divisionCode)
            }
          />
        </Form.Item>
        <Form.Item name="receivedAt" label="接报时间" rules={[{ required: true, message: '请填写接报时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="source" label="线索来源">
          <Radio.Group
            options={Object.entries(PATROL_SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item
              name="reporter"
              label="报告单位或报告人"
              rules={[{ required: true, message: '请填写报告人' }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="reporterPhone" label="联系电话">
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="placeDivisionCode"
          label="发现地区划代码"
          rules={[{ required: true, message: '请填写区划代码' }]}
        >
          <Input maxLength={9} />
        </Form.Item>
        <Form.Item
          name="placeDescription"
          label="具体地点"
          rules={[{ required: true, message: '请填写地点' }]}
        >
          <Input maxLength={200} placeholder="如 五一广场地下通道" />
        </Form.Item>
        <Form.Item
          name="personDescription"
          label="人员情况"
          rules={[{ required: true, message: '请描述人员情况' }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ResponseForm {
  respondedAt: Dayjs;
  outcome: PatrolLeadDto['outcome'];
  caseId?: string;
  outcomeNote?: string;
}

function ResponseDialog({
  lead,
  onClose,
  onDone,
}: {
  lead: PatrolLeadDto;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<ResponseForm>();
  const outcome = Form.useWatch('outcome', form);
  const { data: cases } = useApi(() => governanceApi.stationCases(lead.stationId), [lead.stationId]);
  const { busy, error, onOk } = useDialogSubmit(form, (v) =>
    governanceApi.respondLead(lead.id, {
      respondedAt: v.respondedAt.toISOString(),
      outcome: v.outcome,
      caseId: v.outcome === 'rescued' ? (v.caseId ?? null) : null,
      outcomeNote: v.outcomeNote?.trim() || null,
      version: lead.version,
    }),
  );
  return (
    <Modal
      open
      title="登记响应结果"
      okText="保存"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void onOk(() => {
          void message.success('已登记响应结果');
          onDone();
        }).catch(() => undefined)
      }
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">
        {formatDateTime(lead.receivedAt).slice(0, 16)} 接报：{lead.placeDescription}，{lead.personDescription}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="rescue-patrol-response"
        initialValues={{ respondedAt: dayjs(), outcome: 'not_found' }}
      >
        <Form.Item
          name="respondedAt"
          label="到达现场（响应）时间"
          rules={[{ required: true, message: '请填写响应时间' }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="outcome" label="结果">
          <Radio.Group
            options={Object.entries(PATROL_OUTCOME_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        {outcome === 'rescued' && (
          <Form.Item
            name="caseId"
            label="救助案件"
            rules={[{ required: true, message: '请选择该人员的救助案件' }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={(cases?.items ?? []).map((c) => ({ value: c.id, label: `${c.caseNo} ${c.name}` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="outcomeNote" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const leadFilters = {
  q: textFilter({ label: '关键字', placeholder: '地点或人员情况', width: 200 }),
  source: choiceFilter(PATROL_SOURCE_LABELS, { label: '来源', width: 120 }),
  state: choiceFilter(
    { pending: '待响应', responded: '已响应', late: '超时' },
    { label: '响应', width: 110 },
  ),
  period: dateRangeFilter({ label: '接报日期' }),
};

/** 街面巡查线索: leads from the police, 城管, the public and patrols, with the response time against the target. */
export function PatrolLeadsPage() {
  const { hasPermission } = useAuth();
  const [recording, setRecording] = useState(false);
  const [responding, setResponding] = useState<PatrolLeadDto>();
  const list = useListPage({
    filters: leadFilters,
    sortKeys: ['receivedAt', 'responseMinutes'],
    pageSizes: [20, 50, 100],
    load: (query, signal) => governanceApi.leads(query, signal),
  });
  const target = list.items[0]?.targetMinutes ?? 30;
  const columns: TableColumnsType<PatrolLeadDto> = [
    {
      title: '接报时间',
      key: 'receivedAt',
      sorter: true,
      render: (_, l) => (
        <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(l.receivedAt).slice(0, 16)}</span>
      ),
    },
    {
      title: '来源',
      render: (_, l) => (
        <div>
          {PATROL_SOURCE_LABELS[l.source]}
          <div style={{ fontSize: 12 }}>{l.reporter}</div>
        </div>
      ),
    },
    {
      title: '地点与人员',
      render: (_, l) => (
        <div style={{ maxWidth: 260 }}>
          <div>{l.placeDescription}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.personDescription}
          </Typography.Text>
        </div>
      ),
    },
    { title: '救助站', render: (_, l) => <div style={{ maxWidth: 120 }}>{l.stationName}</div> },
    {
      title: '响应用时',
      key: 'responseMinutes',
      sorter: true,
      render: (_, l) =>
        l.respondedAt ? (
          <Tag color={l.late ? 'red' : 'green'}>{l.responseMinutes} 分钟</Tag>
        ) : (
          <Tag color={l.late ? 'red' : 'orange'}>已等待 {l.elapsedMinutes} 分钟</Tag>
        ),
    },
    {
      title: '结果',
      render: (_, l) =>
        l.outcome ? (
          <div>
            {PATROL_OUTCOME_LABELS[l.outcome]}
            {l.caseId && (
              <div style={{ fontSize: 12 }}>
                <Link to={`/rescue/cases/${l.caseId}`}>{l.caseNo}</Link>
              </div>
            )}
          </div>
        ) : hasPermission('rescue:write') ? (
          <Button size="small" type="primary" onClick={() => setResponding(l)}>
            登记响应
          </Button>
        ) : (
          '待响应'
        ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="街面巡查线索"
      unit="条"
      exportHref={governanceUrls.leadsExport(list.exportQuery)}
      actions={
        hasPermission('rescue:write') && (
          <Button type="primary" onClick={() => setRecording(true)}>
            登记线索
          </Button>
        )
      }
      nav={<GovernanceNav />}
      filterName="rescue-lead-filters"
      breadcrumb
      notice={
        <Typography.Text type="secondary">
          接报后应在 {target} 分钟内到达现场（目标时限可配置）；超时的线索标红，待响应的线索显示在待办中。
        </Typography.Text>
      }
      errorTitle="街面巡查线索加载失败"
      rowKey="id"
      columns={columns}
      empty={list.filtered ? '没有符合条件的线索。' : '还没有登记街面巡查线索。'}
    >
      {recording && (
        <LeadDialog
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            list.reload();
          }}
        />
      )}
      {responding && (
        <ResponseDialog
          lead={responding}
          onClose={() => setResponding(undefined)}
          onDone={() => {
            setResponding(undefined);
            list.reload();
          }}
        />
      )}
    </ListPage>
  );
}

// ── 统计 ────────────────────────────────────────────────────────────────────────────────────────

type Period = GovernanceStatsDto['period'];
const PERIODS: Record<Period, string> = { month: '按月', quarter: '按季度', year: '按年' };
const statsFilters = { range: dateRangeFilter(), period: choiceFilter(PERIODS) };

/** 统计: confirmed repeat wanderers by period and division (ECharts, Excel) and the leads' response times. */
export function GovernanceStatisticsPage() {
  const { current } = useDivision();
  const q = useListQuery({ filters: statsFilters });
  const today = beijingToday();
  const query = {
    division: current.code,
    period: q.query.period ?? 'month',
    from: q.query.from ?? dayjs(today).startOf('month').subtract(11, 'month').format('YYYY-MM-DD'),
    to: q.query.to ?? today,
  };
  const { data, error, loading, reload } = useApi(
    (signal) => governanceApi.statistics(query, signal),
    [query.division, query.period, query.from, query.to],
  );
  const set = (patch: Partial<typeof q.formValues>) => q.setFilters({ ...q.formValues, ...patch });
  const chart = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const buckets = [...new Set(data.repeatCells.map((c) => c.bucketLabel))];
    const divisions = [...new Set(data.repeatCells.map((c) => c.divisionName))];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: buckets },
      yAxis: { type: 'value', name: '人次', minInterval: 1 },
      series: divisions.map((d) => ({
        name: d,
        type: 'bar' as const,
        stack: 'total',
        barMaxWidth: 32,
        data: buckets.map(
          (b) => data.repeatCells.find((c) => c.bucketLabel === b && c.divisionName === d)?.confirmed ?? 0,
        ),
      })),
    };
  }, [data]);
  const l = data?.leads;
  return (
    <>
      <PageHeader
        title="源头治理统计"
        subTitle={data ? `${data.division.name} · ${data.from} 至 ${data.to}` : undefined}
        extra={<ExportButton href={governanceUrls.statisticsExport(query)} />}
      />
      <GovernanceNav />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size={24}>
          <DivisionBreadcrumb />
          <Segmented<Period>
            aria-label="统计周期"
            value={query.period}
            options={(Object.keys(PERIODS) as Period[]).map((p) => ({ value: p, label: PERIODS[p] }))}
            onChange={(p) => set({ period: p })}
          />
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(query.from), dayjs(query.to)]}
            onChange={(v) => {
              if (v?.[0] && v[1]) set({ range: [v[0], v[1]] });
            }}
          />
        </Space>
      </Card>
      <LoadError error={error} title="源头治理统计加载失败" onRetry={reload} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic title="已确认多次流浪（人次）" value={data?.repeatTotal ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic title="巡查线索" value={l?.received ?? 0} suffix="条" />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic
              title="响应用时中位数"
              value={l?.medianMinutes ?? '—'}
              suffix={l?.medianMinutes != null ? '分钟' : ''}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic
              title="90% 线索响应用时"
              value={l?.p90Minutes ?? '—'}
              suffix={l?.p90Minutes != null ? '分钟' : ''}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic
              title={`${l?.targetMinutes ?? 30} 分钟内响应`}
              value={l?.withinTargetShare != null ? `${Math.round(l.withinTargetShare * 100)}%` : '—'}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" loading={loading && !data}>
            <Statistic
              title="超时 / 待响应"
              value={`${l?.late ?? 0} / ${l?.pending ?? 0}`}
              valueStyle={{ color: '#cf1322' }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={`已确认多次流浪人员（${PERIODS[query.period]}，按区划）`} loading={loading && !data}>
            {data && data.repeatCells.length > 0 && chart ? (
              <EChart ariaLabel="多次流浪人员统计图" option={chart} height={320} />
            ) : (
              <Typography.Text type="secondary">本期间没有已确认的多次流浪人员。</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title="线索按来源" loading={loading && !data}>
            <Table
              size="small"
              rowKey="source"
              pagination={false}
              dataSource={l?.bySource ?? []}
              columns={[
                { title: '来源', render: (_, s) => PATROL_SOURCE_LABELS[s.source] },
                { title: '线索数', dataIndex: 'received', align: 'right' },
                {
                  title: '响应中位数',
                  align: 'right',
                  render: (_, s) => (s.medianMinutes === null ? '—' : `${s.medianMinutes} 分钟`),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
