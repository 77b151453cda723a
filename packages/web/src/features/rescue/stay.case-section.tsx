/**
 * 照料与托养 on the case page: the stay limit (R-RES-05) with 申请延期, the stranded status computed from
 * dates (R-RES-11), the services log (R-RES-04; no fee or labour item), outside placement naming the
 * station as first responsible party and monthly supervision visits with photos (R-RES-13), a minor's
 * schooling and guardianship (R-RES-16) and fund items (R-RES-17). Forms keep what was typed on a refused
 * submit and show the server's error beside the field.
 */
import {
  RESCUE_EDUCATION_KIND_NAMES,
  RESCUE_EXTENSION_STATUS_NAMES,
  RESCUE_FUND_CATEGORY_NAMES,
  RESCUE_GUARDIANSHIP_FINDING_NAMES,
  RESCUE_PURCHASE_JUSTIFICATION_NAMES,
  RESCUE_SERVICE_KIND_NAMES,
} from '@social-affairs/kernel/contracts/rescue';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { FormInstance, TableColumnsType } from 'antd';
import { useState } from 'react';
import { AttachmentPicker, AttachmentsPanel } from '../../app/attachments';
import { emptyLocale } from '../../app/empty-state';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import type { CaseSection, CaseSectionProps } from './case-sections';
import { QualificationTag } from './placements-page';
import {
  inspectionResultLabels,
  stayApi,
  yuan,
  type RescueCasePlacementsView,
  type RescueExtensionView,
  type RescueFundItemView,
  type RescueServiceView,
  type RescueStayView,
  type RescueVisitView,
} from './stay.api';

const STAY_STATUS: Record<RescueStayView['stayStatus'], { label: string; color?: string }> = {
  within_limit: { label: '未滞留' },
  stranded: { label: '滞留（身份不明超过10天）', color: 'orange' },
  long_term: { label: '长期滞留（身份不明超过3个月）', color: 'volcano' },
};

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

/** A form submit that keeps the values, shows field errors beside the fields and the rest above the form. */
function useFormSubmit<T>(form: FormInstance<T>, aliases: Record<string, string> = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (action: (values: T) => Promise<void>) => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await action(values);
    } catch (e) {
      setError(applyServerError(form, e, aliases));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(undefined) };
}

const FormError = ({ error }: { error?: string }) =>
  error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null;

const dateRule = { required: true, message: '请选择日期' };

// ----- stay limit and extension -----

function ExtensionDialog({
  caseId,
  effectiveEnd,
  onDone,
  onClose,
}: {
  caseId: string;
  effectiveEnd: string | null;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason: string; requestedUntil: string }>();
  const s = useFormSubmit(form);
  return (
    <Modal
      open
      title="申请延长救助期限"
      okText="提交县级民政部门审批"
      confirmLoading={s.busy}
      onCancel={onClose}
      onOk={() =>
        void s.run(async (v) => {
          await stayApi.requestExtension(caseId, v);
          void message.success('已提交延期申请，等待县级民政部门审批');
          onDone();
        })
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        16周岁以上且无精神、智力障碍迹象的受助人员，救助期限一般不超过10天；因特殊情况需要延长的，报县级民政部门（上级民政部门）批准。
        {effectiveEnd && `现行期限至 ${formatDate(effectiveEnd)}。`}
      </Typography.Paragraph>
      <FormError error={s.error} />
      <Form form={form} layout="vertical" name="rescue-stay-extension">
        <Form.Item name="requestedUntil" label="延长至" rules={[dateRule]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="reason" label="特殊理由" rules={[{ required: true, message: '请填写延期理由' }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder="如：已联系到家属，家属约定某日前来接回" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StayCard({
  caseId,
  stay,
  canWrite,
  onChanged,
}: {
  caseId: string;
  stay: RescueStayView;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const columns: TableColumnsType<RescueExtensionView> = [
    { title: '申请时间', render: (_, r) => formatDate(r.createdAt.slice(0, 10)) },
    { title: '延长至', render: (_, r) => formatDate(r.requestedUntil) },
    { title: '理由', dataIndex: 'reason' },
    {
      title: '审批结果',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Tag color={r.status === 'approved' ? 'green' : r.status === 'rejected' ? 'red' : 'blue'}>
            {RESCUE_EXTENSION_STATUS_NAMES[r.status]}
          </Tag>
          {r.decisionReason && <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>}
        </Space>
      ),
    },
  ];
  const st = STAY_STATUS[stay.stayStatus];
  return (
    <Card
      size="small"
      title="救助期限"
      data-testid="rescue-stay-limit"
      extra={
        canWrite &&
        stay.canRequestExtension && (
          <Button type={stay.over ? 'primary' : 'default'} danger={stay.over} onClick={() => setAsking(true)}>
            申请延期
          </Button>
        )
      }
    >
      {stay.over && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`已超过救助期限（${formatDate(stay.effectiveEnd ?? '')} 届满）`}
          description="请尽快安排离站，或因特殊情况申请延期（报县级民政部门审批）。"
        />
      )}
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label="入站日期">{formatDate(stay.entryDate)}</Descriptions.Item>
        <Descriptions.Item label="10天期限">
          {stay.applies
            ? `至 ${formatDate(stay.limitEnd ?? '')}`
            : '不适用（未满16周岁或有精神、智力障碍迹象）'}
        </Descriptions.Item>
        {stay.extendedUntil && (
          <Descriptions.Item label="已批准延期至">{formatDate(stay.extendedUntil)}</Descriptions.Item>
        )}
        <Descriptions.Item label="滞留状态">
          <Tag color={st.color}>{st.label}</Tag>
          <Typography.Text type="secondary">（按日期自动计算）</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {stay.extensions.length > 0 && (
        <Table<RescueExtensionView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={stay.extensions}
          pagination={false}
        />
      )}
      {asking && (
        <ExtensionDialog
          caseId={caseId}
          effectiveEnd={stay.effectiveEnd}
          onClose={() => setAsking(false)}
          onDone={() => {
            setAsking(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

// ----- services log -----

function ServicesCard({
  caseId,
  open,
  canWrite,
  today,
  revision,
  onChanged,
}: {
  caseId: string;
  open: boolean;
  canWrite: boolean;
  today: string;
  revision: number;
  onChanged: () => void;
}) {
  const services = useApi((signal) => stayApi.services(caseId, signal), [caseId, revision]);
  const [form] = Form.useForm<{
    kind: string;
    serviceDate: string;
    description: string;
    providedBy: string;
  }>();
  const s = useFormSubmit(form);
  const columns: TableColumnsType<RescueServiceView> = [
    { title: '日期', render: (_, r) => formatDate(r.serviceDate) },
    { title: '服务', render: (_, r) => <Tag>{r.kindLabel}</Tag> },
    { title: '内容', dataIndex: 'description' },
    { title: '提供人', dataIndex: 'providedBy' },
    { title: '登记人', dataIndex: 'createdBy' },
  ];
  return (
    <Card size="small" title="救助服务记录（无偿提供）" data-testid="rescue-services">
      <LoadError error={services.error} title="服务记录加载失败" onRetry={services.reload} />
      {open && canWrite && (
        <>
          <FormError error={s.error} />
          <Form
            form={form}
            layout="inline"
            name="rescue-service"
            initialValues={{ kind: 'food', serviceDate: today }}
            style={{ marginBottom: 12, rowGap: 8 }}
          >
            <Form.Item name="kind" label="服务" rules={[{ required: true }]}>
              <Select style={{ width: 190 }} options={options(RESCUE_SERVICE_KIND_NAMES)} />
            </Form.Item>
            <Form.Item name="serviceDate" label="日期" rules={[dateRule]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item
              name="description"
              label="内容"
              rules={[{ required: true, message: '请填写服务内容' }]}
            >
              <Input style={{ width: 220 }} maxLength={500} placeholder="如：晚餐一份" />
            </Form.Item>
            <Form.Item name="providedBy" label="提供人" rules={[{ required: true, message: '请填写提供人' }]}>
              <Input style={{ width: 120 }} maxLength={100} />
            </Form.Item>
            <Button
              type="primary"
              loading={s.busy}
              onClick={() =>
                void s.run(async (v) => {
                  await stayApi.addService(caseId, v);
                  void message.success('已登记服务');
                  form.resetFields(['description']);
                  services.reload();
                  onChanged();
                })
              }
            >
              登记服务
            </Button>
          </Form>
        </>
      )}
      <Table<RescueServiceView>
        rowKey="id"
        size="small"
        loading={services.loading && !services.data}
        columns={columns}
        dataSource={services.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={emptyLocale('尚无服务记录。饮食、住宿、医疗、联系亲属、返乡凭证等请逐项登记。')}
        scroll={{ x: 640 }}
      />
    </Card>
  );
}

// ----- placements and visits -----

function PlaceDialog({
  caseId,
  data,
  today,
  onDone,
  onClose,
}: {
  caseId: string;
  data: RescueCasePlacementsView;
  today: string;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ partnerId: string; startedOn: string; reason: string }>();
  const s = useFormSubmit(form);
  return (
    <Modal
      open
      title="安排站外托养或送医"
      okText="确认安排"
      confirmLoading={s.busy}
      onCancel={onClose}
      onOk={() =>
        void s.run(async (v) => {
          await stayApi.place(caseId, v);
          void message.success('已安排');
          onDone();
        })
      }
      destroyOnHidden
      width={620}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="站内照料是常态、站外托养是例外"
        description="本站始终是第一责任主体；只能安排到与本站有有效协议、资质合格且名额未满的机构，优先选择公办机构。"
      />
      <FormError error={s.error} />
      <Form form={form} layout="vertical" name="rescue-place" initialValues={{ startedOn: today }}>
        <Form.Item
          name="partnerId"
          label="托养机构或合作医院"
          rules={[{ required: true, message: '请选择机构' }]}
        >
          <Select
            placeholder={data.options.length ? '请选择' : '本站尚无有效托养协议'}
            options={data.options.map((o) => ({
              value: o.partnerId,
              disabled: o.qualification === 'unqualified' || o.placed >= o.places,
              label: `${o.partnerName}（${o.partnerKind === 'hospital' ? '医院' : '托养'}·${o.ownership === 'public' ? '公办' : '民办'}·协议 ${o.agreementNo}·已托 ${o.placed}/${o.places}${o.qualification === 'unqualified' ? '·不合格' : o.qualification === 'under_rectification' ? '·整改中' : ''}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="startedOn" label="开始日期" rules={[dateRule]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="reason"
          label="站外托养理由"
          rules={[{ required: true, message: '请写明需要站外托养的理由' }]}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder="如：精神障碍需专业照护，站内不具备条件" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EndDialog({
  caseId,
  today,
  onDone,
  onClose,
}: {
  caseId: string;
  today: string;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ endedOn: string; endReason: string }>();
  const s = useFormSubmit(form);
  return (
    <Modal
      open
      title="结束托养，人员回站"
      okText="确认回站"
      confirmLoading={s.busy}
      onCancel={onClose}
      onOk={() =>
        void s.run(async (v) => {
          await stayApi.endPlacement(caseId, v);
          void message.success('已办理回站');
          onDone();
        })
      }
      destroyOnHidden
    >
      <FormError error={s.error} />
      <Form form={form} layout="vertical" name="rescue-end-placement" initialValues={{ endedOn: today }}>
        <Form.Item name="endedOn" label="回站日期" rules={[dateRule]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="endReason" label="回站原因" rules={[{ required: true, message: '请填写回站原因' }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VisitForm({ caseId, today, onDone }: { caseId: string; today: string; onDone: () => void }) {
  const [form] = Form.useForm<{
    visitDate: string;
    visitor: string;
    findings: string;
    problem: boolean;
    evidenceId?: string;
  }>();
  const s = useFormSubmit(form, { evidenceIds: 'evidenceId' });
  return (
    <Card size="small" type="inner" title="登记监管走访" style={{ marginBottom: 12 }}>
      <FormError error={s.error} />
      <Form
        form={form}
        layout="vertical"
        name="rescue-visit"
        initialValues={{ visitDate: today, problem: false }}
      >
        <Space wrap align="start">
          <Form.Item name="visitDate" label="走访日期" rules={[dateRule]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="visitor" label="走访人员" rules={[{ required: true, message: '请填写走访人员' }]}>
            <Input maxLength={100} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item name="findings" label="走访情况" rules={[{ required: true, message: '请填写走访情况' }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder="生活照料、身体状况、居住环境、安全隐患等" />
        </Form.Item>
        <Form.Item name="problem" valuePropName="checked">
          <Checkbox>发现问题（计入机构问题记录）</Checkbox>
        </Form.Item>
        <Form.Item
          name="evidenceId"
          label="探访照片"
          rules={[{ required: true, message: '请上传或选择至少一张探访照片' }]}
        >
          <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="visit_evidence" />
        </Form.Item>
        <Button
          type="primary"
          loading={s.busy}
          onClick={() =>
            void s.run(async (v) => {
              await stayApi.addVisit(caseId, {
                visitDate: v.visitDate,
                visitor: v.visitor,
                findings: v.findings,
                problem: v.problem,
                evidenceIds: v.evidenceId ? [v.evidenceId] : [],
              });
              void message.success('已登记走访');
              form.resetFields(['findings', 'evidenceId', 'problem']);
              onDone();
            })
          }
        >
          保存走访记录
        </Button>
      </Form>
    </Card>
  );
}

function PlacementCard({
  caseId,
  open,
  canWrite,
  today,
  revision,
  onChanged,
}: {
  caseId: string;
  open: boolean;
  canWrite: boolean;
  today: string;
  revision: number;
  onChanged: () => void;
}) {
  const data = useApi((signal) => stayApi.placements(caseId, signal), [caseId, revision]);
  const visits = useApi((signal) => stayApi.visits(caseId, signal), [caseId, revision]);
  const [dialog, setDialog] = useState<'place' | 'end'>();
  const d = data.data;
  const active = d?.placements.find((p) => p.status === 'active');
  const done = () => {
    setDialog(undefined);
    data.reload();
    visits.reload();
    onChanged();
  };
  const visitColumns: TableColumnsType<RescueVisitView> = [
    { title: '走访日期', render: (_, r) => formatDate(r.visitDate) },
    { title: '走访人员', dataIndex: 'visitor' },
    {
      title: '走访情况',
      render: (_, r) => (
        <span>
          {r.problem && <Tag color="orange">发现问题</Tag>}
          {r.findings}
        </span>
      ),
    },
    { title: '照片', render: (_, r) => `${r.evidenceIds.length} 张` },
  ];
  return (
    <Card
      size="small"
      title="站外托养与送医"
      data-testid="rescue-placement"
      extra={
        open &&
        canWrite &&
        d &&
        (active ? (
          <Button onClick={() => setDialog('end')}>办理回站</Button>
        ) : (
          <Button onClick={() => setDialog('place')}>安排站外托养/送医</Button>
        ))
      }
    >
      <LoadError error={data.error} title="托养记录加载失败" onRetry={data.reload} />
      {d && d.placements.length === 0 && (
        <Typography.Paragraph type="secondary">在站照料中，未安排站外托养。</Typography.Paragraph>
      )}
      {d?.placements.map((p) => (
        <Card
          key={p.id}
          size="small"
          type="inner"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              <span>{p.kind === 'hospital' ? '送医治疗' : '站外托养'}</span>
              <Tag color={p.status === 'active' ? 'blue' : 'default'}>
                {p.status === 'active' ? '在托' : '已回站'}
              </Tag>
              {p.visitOverdue && <Tag color="red">走访逾期</Tag>}
            </Space>
          }
        >
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
            <Descriptions.Item label="第一责任主体">
              <Typography.Text strong>{p.responsibleStationName}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="托养机构">
              {p.partnerName} <QualificationTag value={p.partnerQualification} />
            </Descriptions.Item>
            <Descriptions.Item label="托养协议">
              {p.agreementNo}（至 {formatDate(p.agreementValidUntil)}）
            </Descriptions.Item>
            <Descriptions.Item label="期间">
              {formatDate(p.startedOn)} 至 {p.endedOn ? formatDate(p.endedOn) : '今'}
            </Descriptions.Item>
            <Descriptions.Item label="理由">{p.reason}</Descriptions.Item>
            {p.status === 'active' && (
              <Descriptions.Item label="下次走访">
                {p.visitDueOn ? `${formatDate(p.visitDueOn)} 前` : '—'}
                {p.lastVisitOn && `（上次 ${formatDate(p.lastVisitOn)}）`}
              </Descriptions.Item>
            )}
            {p.endReason && <Descriptions.Item label="回站原因">{p.endReason}</Descriptions.Item>}
          </Descriptions>
          <Typography.Text type="secondary">机构检查记录：</Typography.Text>
          {p.inspections.length === 0 ? (
            <Typography.Text type="warning"> 尚无检查记录</Typography.Text>
          ) : (
            p.inspections.slice(0, 3).map((i) => (
              <Tag key={i.id} style={{ marginLeft: 6 }}>
                {formatDate(i.inspectedOn)} {inspectionResultLabels[i.result] ?? i.result}
              </Tag>
            ))
          )}
        </Card>
      ))}
      {active && open && canWrite && <VisitForm caseId={caseId} today={today} onDone={done} />}
      {d && d.placements.length > 0 && (
        <>
          <Table<RescueVisitView>
            rowKey="id"
            size="small"
            columns={visitColumns}
            dataSource={visits.data ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={emptyLocale('尚无走访记录。托养期间每月至少走访一次。')}
            data-testid="rescue-visits"
          />
          <AttachmentsPanel
            key={`visit-photos-${visits.data?.length ?? 0}`}
            ownerType="rescue_case"
            ownerId={caseId}
            kinds={['visit_evidence']}
            title="探访照片"
            readOnly={!open || !canWrite}
          />
        </>
      )}
      {dialog === 'place' && d && (
        <PlaceDialog
          caseId={caseId}
          data={d}
          today={today}
          onClose={() => setDialog(undefined)}
          onDone={done}
        />
      )}
      {dialog === 'end' && (
        <EndDialog caseId={caseId} today={today} onClose={() => setDialog(undefined)} onDone={done} />
      )}
    </Card>
  );
}

// ----- minors -----

function MinorCard({
  caseId,
  open,
  canWrite,
  today,
  revision,
}: {
  caseId: string;
  open: boolean;
  canWrite: boolean;
  today: string;
  revision: number;
}) {
  const minor = useApi((signal) => stayApi.minor(caseId, signal), [caseId, revision]);
  const [edu] = Form.useForm<{
    kind: string;
    institution?: string;
    fromDate?: string;
    willing: boolean;
    reason?: string;
  }>();
  const [guard] = Form.useForm<{
    assessedOn: string;
    finding: string;
    persistentRefusal: boolean;
    note?: string;
  }>();
  const e = useFormSubmit(edu);
  const g = useFormSubmit(guard);
  const kind = Form.useWatch('kind', edu) ?? 'school';
  const finding = Form.useWatch('finding', guard);
  const m = minor.data;
  if (!m?.minor)
    return minor.error ? (
      <LoadError error={minor.error} title="未成年人信息加载失败" onRetry={minor.reload} />
    ) : null;
  const eduOptions = options(RESCUE_EDUCATION_KIND_NAMES).map((o) => ({
    ...o,
    disabled: o.value === 'vocational' && !m.vocationalAllowed,
  }));
  return (
    <Card
      size="small"
      title={`未成年人（${m.age === null ? '年龄不详' : `${m.age}岁`}）：教育安排与监护评估`}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {m.education.map((x) => (
          <div key={x.id}>
            <Tag color="blue">{x.kindLabel}</Tag>
            {x.institution} {x.fromDate && `自 ${formatDate(x.fromDate)}`} {x.reason}
          </div>
        ))}
        {m.guardianship.map((x) => (
          <div key={x.id}>
            <Tag color={x.finding === 'able' ? 'green' : 'orange'}>{formatDate(x.assessedOn)} 监护评估</Tag>
            {x.findingLabel} {x.note}
            {x.courtSuggestion && (
              <Alert type="warning" showIcon title={x.courtSuggestion} style={{ marginTop: 6 }} />
            )}
          </div>
        ))}
        {open && canWrite && (
          <Space wrap align="start" size={24}>
            <div style={{ minWidth: 300 }}>
              <Typography.Text strong>登记教育安排</Typography.Text>
              <FormError error={e.error} />
              <Form
                form={edu}
                layout="vertical"
                name="rescue-education"
                initialValues={{ kind: 'school', willing: false, fromDate: today }}
              >
                <Form.Item name="kind" label="安排">
                  <Select options={eduOptions} />
                </Form.Item>
                {kind === 'none' ? (
                  <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写原因' }]}>
                    <Input maxLength={500} />
                  </Form.Item>
                ) : (
                  <>
                    <Form.Item
                      name="institution"
                      label="学校或培训机构"
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item name="fromDate" label="开始日期" rules={[dateRule]}>
                      <Input type="date" />
                    </Form.Item>
                  </>
                )}
                {kind === 'vocational' && (
                  <Form.Item name="willing" valuePropName="checked">
                    <Checkbox>本人自愿参加职业技能培训</Checkbox>
                  </Form.Item>
                )}
                <Button
                  loading={e.busy}
                  onClick={() =>
                    void e.run(async (v) => {
                      await stayApi.addEducation(caseId, v);
                      void message.success('已登记教育安排');
                      minor.reload();
                    })
                  }
                >
                  保存教育安排
                </Button>
              </Form>
            </div>
            <div style={{ minWidth: 300 }}>
              <Typography.Text strong>登记家庭监护评估</Typography.Text>
              <FormError error={g.error} />
              <Form
                form={guard}
                layout="vertical"
                name="rescue-guardianship"
                initialValues={{ assessedOn: today, persistentRefusal: false }}
              >
                <Form.Item name="assessedOn" label="评估日期" rules={[dateRule]}>
                  <Input type="date" />
                </Form.Item>
                <Form.Item
                  name="finding"
                  label="评估结论"
                  rules={[{ required: true, message: '请选择评估结论' }]}
                >
                  <Select options={options(RESCUE_GUARDIANSHIP_FINDING_NAMES)} />
                </Form.Item>
                {finding === 'refuse' && (
                  <Form.Item name="persistentRefusal" valuePropName="checked">
                    <Checkbox>监护人持续拒不履行监护职责</Checkbox>
                  </Form.Item>
                )}
                <Form.Item name="note" label="情况说明">
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
                <Button
                  loading={g.busy}
                  onClick={() =>
                    void g.run(async (v) => {
                      await stayApi.addGuardianship(caseId, v);
                      void message.success('已登记监护评估');
                      minor.reload();
                    })
                  }
                >
                  保存监护评估
                </Button>
              </Form>
            </div>
          </Space>
        )}
      </Space>
    </Card>
  );
}

// ----- funds -----

function FundsCard({
  caseId,
  open,
  canWrite,
  today,
  revision,
}: {
  caseId: string;
  open: boolean;
  canWrite: boolean;
  today: string;
  revision: number;
}) {
  const funds = useApi((signal) => stayApi.funds(caseId, signal), [caseId, revision]);
  const [form] = Form.useForm<{
    category: string;
    amountYuan: number;
    spentOn: string;
    description: string;
    justification?: string;
  }>();
  const s = useFormSubmit(form, { amountFen: 'amountYuan' });
  const category = Form.useWatch('category', form);
  const columns: TableColumnsType<RescueFundItemView> = [
    { title: '日期', render: (_, r) => formatDate(r.spentOn) },
    { title: '类别', render: (_, r) => <Tag>{r.categoryLabel}</Tag> },
    { title: '金额', render: (_, r) => yuan(r.amountFen) },
    {
      title: '说明',
      render: (_, r) => `${r.description}${r.justificationLabel ? `（${r.justificationLabel}）` : ''}`,
    },
  ];
  const total = (funds.data ?? []).reduce((n, r) => n + r.amountFen, 0);
  return (
    <Card size="small" title="救助资金支出（仅限生活、医疗、购买服务）">
      <LoadError error={funds.error} title="资金支出加载失败" onRetry={funds.reload} />
      {open && canWrite && (
        <>
          <FormError error={s.error} />
          <Form
            form={form}
            layout="inline"
            name="rescue-fund"
            initialValues={{ category: 'living', spentOn: today }}
            style={{ marginBottom: 12, rowGap: 8 }}
          >
            <Form.Item name="category" label="类别" rules={[{ required: true }]}>
              <Select style={{ width: 150 }} options={options(RESCUE_FUND_CATEGORY_NAMES)} />
            </Form.Item>
            {category === 'purchased_service' && (
              <Form.Item
                name="justification"
                label="购买理由"
                rules={[{ required: true, message: '请选择购买理由' }]}
              >
                <Select style={{ width: 200 }} options={options(RESCUE_PURCHASE_JUSTIFICATION_NAMES)} />
              </Form.Item>
            )}
            <Form.Item
              name="amountYuan"
              label="金额（元）"
              rules={[{ required: true, message: '请填写金额' }]}
            >
              <InputNumber min={0.01} step={1} precision={2} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="spentOn" label="日期" rules={[dateRule]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item
              name="description"
              label="说明"
              rules={[{ required: true, message: '请填写支出说明' }]}
            >
              <Input maxLength={500} style={{ width: 200 }} />
            </Form.Item>
            <Button
              loading={s.busy}
              onClick={() =>
                void s.run(async (v) => {
                  await stayApi.addFund({
                    caseId,
                    category: v.category,
                    amountFen: Math.round(v.amountYuan * 100),
                    spentOn: v.spentOn,
                    description: v.description,
                    justification: v.category === 'purchased_service' ? (v.justification ?? null) : null,
                  });
                  void message.success('已登记支出');
                  form.resetFields(['amountYuan', 'description']);
                  funds.reload();
                })
              }
            >
              登记支出
            </Button>
          </Form>
        </>
      )}
      <Table<RescueFundItemView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={funds.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={emptyLocale('尚无资金支出记录。')}
        footer={total > 0 ? () => `合计 ${yuan(total)}` : undefined}
      />
    </Card>
  );
}

function StaySection(props: CaseSectionProps) {
  const { caseId, revision } = props;
  const onChanged = () => props.onChanged();
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('rescue:write');
  const stay = useApi((signal) => stayApi.stay(caseId, signal), [caseId, revision]);
  const st = stay.data;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <LoadError error={stay.error} title="救助期限加载失败" onRetry={stay.reload} />
      {st && (
        <>
          <StayCard caseId={caseId} stay={st} canWrite={canWrite && st.open} onChanged={onChanged} />
          <ServicesCard
            caseId={caseId}
            open={st.open}
            canWrite={canWrite}
            today={st.today}
            revision={revision}
            onChanged={onChanged}
          />
          <PlacementCard
            caseId={caseId}
            open={st.open}
            canWrite={canWrite}
            today={st.today}
            revision={revision}
            onChanged={onChanged}
          />
          <MinorCard
            caseId={caseId}
            open={st.open}
            canWrite={canWrite}
            today={st.today}
            revision={revision}
          />
          <FundsCard
            caseId={caseId}
            open={st.open}
            canWrite={canWrite}
            today={st.today}
            revision={revision}
          />
        </>
      )}
    </Space>
  );
}

/** The stay concern's sections of the case page (edited only by that concern). */
export const stayCaseSections: CaseSection[] = [{ key: 'stay', title: '照料与托养', component: StaySection }];
