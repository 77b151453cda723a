/**
 * 接运与保管 (the custody tab of the case page): the current step and the next action with its scan field
 * (a barcode scanner is a keyboard: the field has focus, the scan ends with Enter and submits), the
 * cremation gate as a checklist before the 火化 button, the farewell booking and disposition, the chain of
 * custody as a timeline, and the documents with their record form (with a scan) and revocation.
 */
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  FUNERAL_CARRIER_NAMES,
  FUNERAL_DISPOSITION_NAMES,
  FUNERAL_STEP_NAMES,
  type FuneralCaseView,
} from '@social-affairs/kernel/contracts/funeral';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { errorText } from '../../app/api-client';
import { AttachmentPicker, AttachmentsPanel } from '../../app/attachments';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import type { FuneralCaseSection, FuneralCaseSectionProps } from './case-sections';
import { STEP_COLORS, custodyApi, type ScanStep } from './custody.api';

const DOCUMENT_KINDS = {
  death_proof: '死亡证明材料（接运依据）',
  cremation_confirmation: '遗体火化确认书（经办人签字）',
  deceased_id_check: '逝者身份证件核验',
  agent_id_check: '经办人身份证件核验',
  forensic_clearance: '法医鉴定完毕证明',
  other: '其他材料',
} as const;
type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** The attachment purpose of each document's scan. */
const SCAN_KIND: Record<DocumentKind, string> = {
  death_proof: 'death_proof',
  cremation_confirmation: 'cremation_confirmation',
  deceased_id_check: 'id_copy_deceased',
  agent_id_check: 'id_copy_agent',
  forensic_clearance: 'forensic_clearance',
  other: 'other',
};

const ACTION_LABEL: Record<ScanStep, string> = {
  collected: '接运',
  in_storage: '入冷藏柜',
  farewell: '告别',
  cremated: '火化',
  ashes_released: '骨灰领取',
  ashes_stored: '骨灰寄存',
  buried: '安葬',
};

interface StepValues {
  scannedCode?: string;
  vehicle?: string;
  place?: string;
  hall?: string;
  cremator?: string;
  collectorName?: string;
  collectorResidentId?: string;
  columbariumId?: string;
  niche?: string;
  cemeteryId?: string;
  plot?: string;
  note?: string;
}

function StepFields({ step, c }: { step: ScanStep; c: FuneralCaseView }) {
  const options = useApi((signal) => custodyApi.options(signal), []);
  const dest = options.data?.destinations ?? [];
  switch (step) {
    case 'collected':
      return (
        <Form.Item name="vehicle" label="接运车辆">
          <Input maxLength={30} placeholder="如：湘A·殡001" style={{ width: 220 }} />
        </Form.Item>
      );
    case 'in_storage':
      return (
        <Form.Item name="place" label="冷藏柜位" rules={[{ required: true, message: '请填写冷藏柜位' }]}>
          <Input maxLength={30} placeholder="如：A-01" style={{ width: 220 }} />
        </Form.Item>
      );
    case 'farewell':
      return (
        <Form.Item name="hall" label="告别厅" initialValue={c.farewellHall ?? undefined}>
          <Input maxLength={30} style={{ width: 220 }} />
        </Form.Item>
      );
    case 'cremated':
      return (
        <Form.Item name="cremator" label="火化炉">
          <Input maxLength={30} placeholder="如：1号炉" style={{ width: 220 }} />
        </Form.Item>
      );
    case 'ashes_released':
      return (
        <Space wrap>
          <Form.Item
            name="collectorName"
            label="领取人"
            initialValue={c.agentName ?? undefined}
            rules={[{ required: true, message: '请填写领取人' }]}
          >
            <Input maxLength={30} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="collectorResidentId"
            label="领取人身份证号码（须与已核验的经办人一致）"
            rules={[{ required: true, message: '请输入领取人身份证号码' }]}
          >
            <Input maxLength={18} style={{ width: 240 }} />
          </Form.Item>
        </Space>
      );
    case 'ashes_stored':
      return (
        <Space wrap>
          <Form.Item
            name="columbariumId"
            label="寄存设施"
            rules={[{ required: true, message: '请选择寄存设施' }]}
          >
            <Select
              style={{ width: 240 }}
              options={dest
                .filter((d) => ['columbarium', 'funeral_home', 'crematorium'].includes(d.kind))
                .map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          <Form.Item name="niche" label="格位" rules={[{ required: true, message: '请填写格位' }]}>
            <Input maxLength={30} style={{ width: 160 }} />
          </Form.Item>
        </Space>
      );
    case 'buried':
      return (
        <Space wrap>
          <Form.Item name="cemeteryId" label="公墓" rules={[{ required: true, message: '请选择公墓' }]}>
            <Select
              style={{ width: 240 }}
              options={dest
                .filter((d) => d.kind.startsWith('cemetery') || d.kind === 'rural_public_cemetery')
                .map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          <Form.Item name="plot" label="墓位" rules={[{ required: true, message: '请填写墓位' }]}>
            <Input maxLength={40} style={{ width: 160 }} />
          </Form.Item>
        </Space>
      );
  }
}

/** The next step: pick it (when there are several), fill its fields, scan the code — Enter submits. */
function NextStep({ c, onDone }: { c: FuneralCaseView; onDone: () => void }) {
  const steps = c.nextSteps.filter(
    (s): s is ScanStep => s !== 'cancelled' && s !== 'ordered' && s !== 'transported_out',
  );
  const [step, setStep] = useState<ScanStep | undefined>(steps[0]);
  const [form] = Form.useForm<StepValues>();
  const [alert, setAlert] = useState<string>();
  const [unmet, setUnmet] = useState<{ key: string; label: string }[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setStep(steps[0]);
    // A new step: new fields (the scan field is cleared for the next scan).
    form.resetFields();
    setAlert(undefined);
    setUnmet([]);
  }, [c.step, c.nextSteps.join()]);
  if (!step) return null;
  const submit = async (v: StepValues) => {
    setBusy(true);
    setAlert(undefined);
    setUnmet([]);
    try {
      const body: Record<string, unknown> = { ...v };
      for (const k of Object.keys(body)) if (body[k] === undefined || body[k] === '') delete body[k];
      await custodyApi.step(c.id, step, body);
      onDone();
    } catch (e) {
      const details = (e as { details?: { unmet?: { key: string; label: string }[] } }).details;
      if (details?.unmet) setUnmet(details.unmet);
      // A refused scan: the message goes right under the scan field, which is emptied for the next scan.
      const field = (e as { field?: string }).field;
      setAlert(field === 'scannedCode' || !field ? errorText(e) : applyServerError(form, e));
      form.setFieldValue('scannedCode', '');
    } finally {
      setBusy(false);
    }
  };
  const codeKind = c.expectedCodeKind === 'urn' ? '骨灰盒条码' : '遗体条码';
  return (
    <Card size="small" title="办理下一环节" data-testid="funeral-next-step">
      {steps.length > 1 && (
        <Radio.Group
          style={{ marginBottom: 12 }}
          value={step}
          onChange={(e) => setStep(e.target.value as ScanStep)}
          optionType="button"
          options={steps.map((s) => ({ value: s, label: ACTION_LABEL[s] }))}
        />
      )}
      <Form<StepValues>
        name="funeral-step"
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        key={step}
      >
        <StepFields step={step} c={c} />
        <Form.Item name="note" label="备注">
          <Input maxLength={200} style={{ maxWidth: 480 }} />
        </Form.Item>
        <Form.Item
          name="scannedCode"
          label={`扫描${codeKind}（扫码后自动提交“${ACTION_LABEL[step]}”）`}
          rules={[{ required: true, message: `请扫描${codeKind}` }]}
        >
          <Input
            autoFocus
            size="large"
            data-testid="funeral-step-scan"
            placeholder={`请用扫码枪扫描${codeKind}`}
            style={{ maxWidth: 420 }}
          />
        </Form.Item>
        {unmet.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title="火化条件未满足"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {unmet.map((u) => (
                  <li key={u.key}>{u.label}</li>
                ))}
              </ul>
            }
          />
        )}
        {alert && unmet.length === 0 && (
          <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={alert} />
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="funeral-step-submit">
          确认{ACTION_LABEL[step]}
        </Button>
      </Form>
    </Card>
  );
}

/** R-FUN-02 and the other cremation gates as a checklist: what is missing, or all clear. */
function GateChecklist({ c }: { c: FuneralCaseView }) {
  const relevant =
    c.closedAt === null &&
    c.step !== 'cremated' &&
    c.disposition !== 'burial' &&
    c.disposition !== 'transport_out';
  if (!relevant) return null;
  return (
    <Card size="small" title="火化前置条件" data-testid="funeral-gate">
      {c.cremationGate.length === 0 ? (
        <Typography.Text>
          <CheckCircleTwoTone twoToneColor="#52c41a" />{' '}
          死亡证明、火化确认书、身份核验等条件均已齐备，可以火化。
        </Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={c.cremationGate}
          renderItem={(g) => (
            <List.Item>
              <CloseCircleTwoTone twoToneColor="#ff4d4f" /> {g.label}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

interface DocValues {
  kind: DocumentKind;
  number?: string;
  issuer?: string;
  issuedOn?: Dayjs | null;
  note?: string;
  residentId?: string;
  attachmentId?: string;
}

function DocumentForm({ c, onDone }: { c: FuneralCaseView; onDone: () => void }) {
  const [form] = Form.useForm<DocValues>();
  const kind = Form.useWatch('kind', form) ?? 'cremation_confirmation';
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const idCheck = kind === 'deceased_id_check' || kind === 'agent_id_check';
  const submit = async (v: DocValues) => {
    setBusy(true);
    setAlert(undefined);
    try {
      await custodyApi.recordDocument(c.id, {
        kind: v.kind,
        number: v.number || null,
        issuer: v.issuer || null,
        issuedOn: v.issuedOn ? v.issuedOn.format('YYYY-MM-DD') : null,
        note: v.note || null,
        residentId: idCheck ? v.residentId || null : null,
        attachmentId: v.attachmentId || null,
      });
      form.resetFields();
      onDone();
    } catch (e) {
      setAlert(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<DocValues>
      name="funeral-document"
      form={form}
      layout="vertical"
      initialValues={{ kind: 'cremation_confirmation' }}
      onFinish={(v) => void submit(v)}
      data-testid="funeral-document-form"
    >
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="kind" label="材料种类">
            <Select options={Object.entries(DOCUMENT_KINDS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Col>
        {idCheck ? (
          <Col xs={24} md={8}>
            <Form.Item
              name="residentId"
              label="证件上的身份证号码（核验后脱敏保存）"
              rules={[{ required: true, message: '请输入证件上的身份证号码' }]}
            >
              <Input maxLength={18} />
            </Form.Item>
          </Col>
        ) : (
          <>
            <Col xs={24} md={6}>
              <Form.Item name="number" label="编号">
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                name="issuer"
                label={kind === 'cremation_confirmation' ? '签字人（经办人）' : '出具单位'}
              >
                <Input maxLength={60} />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="issuedOn" label="日期">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="attachmentId" label="扫描件（可选）">
            <AttachmentPicker ownerType="funeral_case" ownerId={c.id} kind={SCAN_KIND[kind]} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="note" label="说明">
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      {alert && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={alert} />}
      <Button htmlType="submit" type="primary" loading={busy} data-testid="funeral-document-submit">
        登记材料
      </Button>
    </Form>
  );
}

function Documents({ c, canWrite, onDone }: { c: FuneralCaseView; canWrite: boolean; onDone: () => void }) {
  const [revoking, setRevoking] = useState<string>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const revoke = async () => {
    if (!revoking) return;
    try {
      await custodyApi.revokeDocument(c.id, revoking, { reason });
      setRevoking(undefined);
      setReason('');
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Card size="small" title="证明材料">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.documents}
        columns={[
          { title: '种类', dataIndex: 'kindLabel' },
          { title: '编号', render: (_, d) => d.number ?? '—' },
          { title: '出具单位/签字人', render: (_, d) => d.issuer ?? '—' },
          { title: '日期', render: (_, d) => formatDate(d.issuedOn) },
          {
            title: '状态',
            render: (_, d) =>
              d.status === 'valid' ? <Tag color="green">有效</Tag> : <Tag>已撤销：{d.revokedReason}</Tag>,
          },
          { title: '登记', render: (_, d) => `${d.recordedBy} ${formatDateTime(d.recordedAt)}` },
          {
            title: '',
            render: (_, d) =>
              canWrite && c.closedAt === null && d.status === 'valid' && d.kind in DOCUMENT_KINDS ? (
                <Button size="small" type="link" danger onClick={() => setRevoking(d.id)}>
                  撤销
                </Button>
              ) : null,
          },
        ]}
      />
      {canWrite && c.closedAt === null && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>登记材料</Typography.Title>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            《居民死亡医学证明》在“死亡登记”中登记，公安机关确认在“身份与认领”中登记。
          </Typography.Paragraph>
          <DocumentForm c={c} onDone={onDone} />
        </div>
      )}
      <Modal
        open={revoking !== undefined}
        title="撤销材料"
        okText="撤销"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        onOk={() => void revoke()}
        onCancel={() => setRevoking(undefined)}
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="撤销原因（必填）"
        />
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Modal>
    </Card>
  );
}

function Arrangements({ c, onDone }: { c: FuneralCaseView; onDone: () => void }) {
  const [form] = Form.useForm<{ hall?: string; on?: Dayjs | null; time?: string }>();
  const [alert, setAlert] = useState<string>();
  const [cancelReason, setCancelReason] = useState('');
  const bookable = ['ordered', 'collected', 'in_storage'].includes(c.step);
  const run = async (action: () => Promise<unknown>) => {
    setAlert(undefined);
    try {
      await action();
      onDone();
    } catch (e) {
      setAlert(applyServerError(form, e));
    }
  };
  return (
    <Card size="small" title="安排">
      <Space direction="vertical" style={{ width: '100%' }}>
        {c.step !== 'cremated' && (
          <Flex gap={8} align="center" wrap>
            <span>处理方式：</span>
            <Select
              style={{ width: 200 }}
              value={c.disposition ?? undefined}
              placeholder="未定"
              options={Object.entries(FUNERAL_DISPOSITION_NAMES).map(([value, label]) => ({ value, label }))}
              onChange={(d: string) => void run(() => custodyApi.disposition(c.id, { disposition: d }))}
            />
          </Flex>
        )}
        {bookable && (
          <Form
            form={form}
            layout="inline"
            onFinish={(v) =>
              void run(() =>
                custodyApi.bookFarewell(c.id, { hall: v.hall, on: v.on?.format('YYYY-MM-DD'), time: v.time }),
              )
            }
          >
            <Form.Item
              name="hall"
              label="告别厅"
              initialValue={c.farewellHall ?? undefined}
              rules={[{ required: true, message: '请填写' }]}
            >
              <Input style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="on" label="日期" rules={[{ required: true, message: '请选择' }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item
              name="time"
              label="时间"
              initialValue={c.farewellTime ?? undefined}
              rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: '如 14:00' }]}
            >
              <Input style={{ width: 90 }} placeholder="14:00" />
            </Form.Item>
            <Button htmlType="submit">预约告别</Button>
          </Form>
        )}
        {c.farewellOn && (
          <Typography.Text>
            已预约告别：{formatDate(c.farewellOn)} {c.farewellTime} {c.farewellHall}
          </Typography.Text>
        )}
        {c.step === 'ordered' && (
          <Flex gap={8}>
            <Input
              style={{ width: 280 }}
              placeholder="取消原因"
              value={cancelReason}
              onChange={(e) => setCancelReason(e.target.value)}
            />
            <Popconfirm
              title="取消这张接运单？"
              onConfirm={() => void run(() => custodyApi.cancel(c.id, { reason: cancelReason }))}
            >
              <Button danger disabled={cancelReason.trim().length < 2}>
                取消接运单
              </Button>
            </Popconfirm>
          </Flex>
        )}
        {alert && <Alert type="error" showIcon role="alert" title={alert} />}
      </Space>
    </Card>
  );
}

function CustodySection(props: FuneralCaseSectionProps) {
  const { caseId, revision } = props;
  const onChanged = () => props.onChanged();
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('funeral:write');
  const view = useApi((signal) => custodyApi.get(caseId, signal), [caseId, revision]);
  const c = view.data;
  if (!c) return <LoadError error={view.error} title="接运与保管加载失败" onRetry={view.reload} />;
  const withoutFamily = c.identityStatus === 'unidentified' || c.unclaimed;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Space direction="vertical" style={{ width: '100%' }} size={16}>
          <Card size="small">
            <Flex gap={12} align="center" wrap>
              <span>当前环节：</span>
              <Tag color={STEP_COLORS[c.step]} style={{ fontSize: 14 }}>
                {FUNERAL_STEP_NAMES[c.step]}
              </Tag>
              {c.storagePlace && <span>冷藏柜位 {c.storagePlace}</span>}
              {c.destinationName && (
                <span>
                  去向 {c.destinationName} {c.destinationPlace}
                </span>
              )}
              {c.cancelReason && <span>取消原因：{c.cancelReason}</span>}
              {c.collectorName && (
                <span>
                  领取人 {c.collectorName}（{c.collectorIdMasked}）
                </span>
              )}
            </Flex>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              运送方式：{c.carrier ? FUNERAL_CARRIER_NAMES[c.carrier] : '—'}
              {c.collectionFree ? '（接运免费）' : ''}；经办人：
              {c.agentName ? `${c.agentName}（${c.agentRelation ?? ''}，${c.agentPhone ?? ''}）` : '无'}
              {c.agentIdMasked ? `，证件已核验 ${c.agentIdMasked}` : ''}
            </Typography.Paragraph>
          </Card>
          {canWrite && c.closedAt === null && <NextStep c={c} onDone={onChanged} />}
          <GateChecklist c={c} />
          {canWrite && c.closedAt === null && <Arrangements c={c} onDone={onChanged} />}
          <Documents c={c} canWrite={canWrite} onDone={onChanged} />
          {withoutFamily && (
            <AttachmentsPanel
              ownerType="funeral_case"
              ownerId={c.id}
              kinds={['photo', 'dna_record', 'fingerprint_record']}
              title="遗体照片、DNA与指纹记录（火化前必须齐备）"
              readOnly={!canWrite || c.closedAt !== null}
              onChange={onChanged}
            />
          )}
        </Space>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title="保管记录（一具遗体一条链）">
          <Timeline
            items={c.events.map((e) => ({
              color: e.step === 'cancelled' ? 'gray' : 'blue',
              children: (
                <div>
                  <strong>{FUNERAL_STEP_NAMES[e.step]}</strong> {formatDateTime(e.at)}
                  <div style={{ fontSize: 12, color: '#666' }}>
                    {e.actor}
                    {e.code ? ` · 扫码 ${e.code}` : ''}
                    {e.place ? ` · ${e.place}` : ''}
                    {e.note ? ` · ${e.note}` : ''}
                  </div>
                </div>
              ),
            }))}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** Tabs of the case page contributed by the custody concern (edited only by that concern). */
export const custodyCaseSections: FuneralCaseSection[] = [
  { key: 'custody', title: '接运与保管', component: CustodySection },
];
