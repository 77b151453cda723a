/**
 * 离站与安置 on the case page: the departure form — only the ways this person may leave (age, civil
 * capacity; the reason shown when one is blocked, R-RES-02/R-RES-07), cash with its cap, the belongings
 * checklist against the intake register, the collector's id and its copy, the 自行离站声明书 to print
 * and its signed scan — and the settlement application (落户安置, R-RES-12) with its checklist.
 */
import { PrinterOutlined } from '@ant-design/icons';
import {
  SETTLEMENT_MATERIAL_LABELS,
  type RescueDepartureKind,
} from '@social-affairs/kernel/contracts/rescue';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { AttachmentPicker } from '../../app/attachments';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { openPrintable } from '../../app/print-document';
import { useApi } from '../../app/use-api';
import type { CaseSection, CaseSectionProps } from './case-sections';
import {
  departureApi,
  departureUrls,
  settlementStatusColors,
  type DepartureOptionsView,
  type DepartureView,
  type RecordDepartureBody,
} from './departure.api';
import { money } from './rescue-format';

const yuan = money;

/** Form field names that differ from the API's (server errors land beside the right field). */
const FIELD_ALIASES: Record<string, string> = {
  collector: 'collectorName',
  'collector.residentId': 'collectorResidentId',
  'collector.idCopyAttachmentId': 'collectorIdCopyAttachmentId',
  travelVoucher: 'routeKind',
  'travelVoucher.transferStation': 'transferStation',
  cashPayments: 'cashYuan',
  belongings: 'belongingsSigned',
  departedOn: 'departedOn',
};

interface DepartureFormValues {
  kind?: RescueDepartureKind;
  departedOn?: Dayjs;
  destination?: string;
  routeKind?: 'direct' | 'transfer';
  transferStation?: string;
  voucherNo?: string;
  route?: string;
  collectorName?: string;
  collectorRelation?: string;
  collectorResidentId?: string;
  collectorPhone?: string;
  collectorIdCopyAttachmentId?: string;
  escort?: string;
  consentBy?: string;
  consentNote?: string;
  declarationAttachmentId?: string;
  transferTo?: 'station' | 'institution';
  transferToName?: string;
  leftFrom?: 'station' | 'hospital';
  deathDate?: Dayjs;
  deathCause?: string;
  cashYuan?: number;
  cashPurpose?: string;
  cashReceiptAttachmentId?: string;
  returned?: Record<string, boolean>;
  notReturnedReason?: Record<string, string>;
  belongingsReceiptAttachmentId?: string;
  belongingsSigned?: boolean;
  note?: string;
}

function bodyOf(v: DepartureFormValues, o: DepartureOptionsView): RecordDepartureBody {
  const kind = v.kind!;
  const cashFen = v.cashYuan ? Math.round(v.cashYuan * 100) : 0;
  return {
    kind,
    departedOn: v.departedOn?.format('YYYY-MM-DD'),
    destination: v.destination,
    travelVoucher:
      kind === 'return_home' && v.routeKind
        ? {
            routeKind: v.routeKind,
            transferStation: v.transferStation,
            voucherNo: v.voucherNo,
            route: v.route,
          }
        : null,
    collector:
      kind === 'collected_by_family'
        ? {
            name: v.collectorName ?? '',
            relation: v.collectorRelation ?? '',
            residentId: v.collectorResidentId ?? '',
            phone: v.collectorPhone,
            idCopyAttachmentId: v.collectorIdCopyAttachmentId ?? null,
          }
        : null,
    escort: v.escort,
    consentBy: v.consentBy,
    consentNote: v.consentNote,
    declarationAttachmentId: kind === 'self_departure' ? (v.declarationAttachmentId ?? null) : null,
    transferTo: kind === 'transfer' ? (v.transferTo ?? null) : null,
    transferToName: kind === 'transfer' ? v.transferToName : null,
    leftFrom: kind === 'left_without_formalities' ? (v.leftFrom ?? null) : null,
    deathDate: kind === 'death' ? (v.deathDate?.format('YYYY-MM-DD') ?? null) : null,
    deathCause: kind === 'death' ? v.deathCause : null,
    cashPayments: cashFen > 0 ? [{ amountFen: cashFen, purpose: v.cashPurpose }] : [],
    cashReceiptAttachmentId: cashFen > 0 ? (v.cashReceiptAttachmentId ?? null) : null,
    belongings: o.belongings.map((b) => {
      const returned = v.returned?.[b.itemId] ?? true;
      return {
        itemId: b.itemId,
        returned,
        reason: returned ? null : (v.notReturnedReason?.[b.itemId] ?? null),
      };
    }),
    belongingsReceiptAttachmentId: v.belongingsReceiptAttachmentId ?? null,
    belongingsSigned: v.belongingsSigned ?? false,
    note: v.note,
  };
}

function DepartureForm({
  caseId,
  o,
  onDone,
}: {
  caseId: string;
  o: DepartureOptionsView;
  onDone: () => void;
}) {
  const [form] = Form.useForm<DepartureFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const kind = Form.useWatch('kind', form);
  const routeKind = Form.useWatch('routeKind', form);
  const cashYuan = Form.useWatch('cashYuan', form);
  const returned = Form.useWatch('returned', form);
  const option = o.kinds.find((k) => k.kind === kind);
  const person = kind !== 'death' && kind !== 'left_without_formalities';
  const submit = async () => {
    let values: DepartureFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await departureApi.record(caseId, bodyOf(values, o));
      void message.success(`已办理离站：${r.departure.kindLabel}`);
      if (r.deathRecordNote) void message.warning(r.deathRecordNote, 8);
      onDone();
    } catch (e) {
      setError(applyServerError(form, e, FIELD_ALIASES));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      name="rescue-departure"
      initialValues={{
        routeKind: 'direct',
        transferTo: 'station',
        leftFrom: 'station',
        belongingsSigned: false,
      }}
      style={{ maxWidth: 880 }}
    >
      <Form.Item name="kind" label="离站方式" rules={[{ required: true, message: '请选择离站方式' }]}>
        <Radio.Group>
          <Flex vertical gap={6}>
            {o.kinds.map((k) => (
              <Radio key={k.kind} value={k.kind} disabled={!k.allowed}>
                {k.label}
                {k.reason && (
                  <Typography.Text type={k.allowed ? 'warning' : 'secondary'} style={{ marginLeft: 8 }}>
                    {k.allowed ? '（' : '不可选：'}
                    {k.reason}
                    {k.allowed ? '）' : ''}
                  </Typography.Text>
                )}
              </Radio>
            ))}
          </Flex>
        </Radio.Group>
      </Form.Item>
      {kind && kind !== 'death' && (
        <Form.Item name="departedOn" label="离站日期（默认今天）">
          <DatePicker />
        </Form.Item>
      )}
      {option?.needsConsent && (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={option.reason} />
          <Flex gap={12} wrap>
            <Form.Item
              name="consentBy"
              label="站方同意人"
              rules={[{ required: true, message: '请填写同意人' }]}
            >
              <Input placeholder="如：站长 刘明" style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="consentNote" label="同意说明">
              <Input placeholder="如：已电话联系家属，确认去向" style={{ width: 360 }} />
            </Form.Item>
          </Flex>
        </>
      )}
      {kind === 'self_departure' && (
        <Card size="small" title="自行离站声明书" style={{ marginBottom: 16 }}>
          <Space direction="vertical">
            <Space wrap>
              <Button
                icon={<PrinterOutlined />}
                onClick={() => {
                  openPrintable(departureUrls.declarationPdf(caseId), '自行离站声明书');
                }}
              >
                打印自行离站声明书
              </Button>
              {o.declarationNo && <Typography.Text type="secondary">编号：{o.declarationNo}</Typography.Text>}
            </Space>
            <Typography.Text type="secondary">
              本人签字（或按手印）后，将签字的声明书拍照或扫描上传：
            </Typography.Text>
            <Form.Item
              name="declarationAttachmentId"
              label="签字的声明书"
              rules={[{ required: true, message: '请上传本人签字的声明书' }]}
            >
              <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="signed_declaration" />
            </Form.Item>
          </Space>
        </Card>
      )}
      {kind === 'return_home' && (
        <>
          <Form.Item
            name="destination"
            label="返乡目的地"
            rules={[{ required: true, message: '请填写目的地' }]}
          >
            <Input placeholder="省、市、县及详细地址" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="routeKind" label="乘车凭证">
              <Radio.Group
                options={[
                  { value: 'direct', label: '直达' },
                  { value: 'transfer', label: '无直达线路，需中转' },
                ]}
              />
            </Form.Item>
            {routeKind === 'transfer' && (
              <Form.Item
                name="transferStation"
                label="告知的中转站"
                rules={[{ required: true, message: '请填写中转站' }]}
              >
                <Input style={{ width: 200 }} />
              </Form.Item>
            )}
            <Form.Item name="voucherNo" label="凭证号">
              <Input style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="route" label="车次/线路">
              <Input style={{ width: 240 }} placeholder="如：长沙南—怀化南 G1234" />
            </Form.Item>
          </Flex>
        </>
      )}
      {kind === 'collected_by_family' && (
        <Card size="small" title="领人者（须核对并复印身份证件）" style={{ marginBottom: 16 }}>
          <Flex gap={12} wrap>
            <Form.Item name="collectorName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input style={{ width: 140 }} />
            </Form.Item>
            <Form.Item
              name="collectorRelation"
              label="与受助人关系"
              rules={[{ required: true, message: '请填写关系' }]}
            >
              <Input style={{ width: 140 }} placeholder="如：母亲" />
            </Form.Item>
            <Form.Item
              name="collectorResidentId"
              label="公民身份号码"
              rules={[{ required: true, message: '请填写身份证件号码' }]}
            >
              <Input style={{ width: 220 }} autoComplete="off" />
            </Form.Item>
            <Form.Item name="collectorPhone" label="联系电话">
              <Input style={{ width: 160 }} />
            </Form.Item>
          </Flex>
          <Form.Item
            name="collectorIdCopyAttachmentId"
            label="领人者身份证件复印件"
            rules={[{ required: true, message: '交接须有领人者身份证件复印件' }]}
          >
            <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="collector_id_copy" />
          </Form.Item>
        </Card>
      )}
      {kind === 'transfer' && (
        <Flex gap={12} wrap>
          <Form.Item name="transferTo" label="转送去向">
            <Radio.Group
              options={[
                { value: 'station', label: '其他救助管理站（站际护送）' },
                { value: 'institution', label: '福利机构或其他机构' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="transferToName"
            label="接收单位"
            rules={[{ required: true, message: '请填写接收单位' }]}
          >
            <Input style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="escort" label="护送人">
            <Input style={{ width: 200 }} />
          </Form.Item>
        </Flex>
      )}
      {kind === 'left_without_formalities' && (
        <Form.Item name="leftFrom" label="离开地点">
          <Radio.Group
            options={[
              { value: 'station', label: '自救助管理站离开' },
              { value: 'hospital', label: '自医院离开' },
            ]}
          />
        </Form.Item>
      )}
      {kind === 'death' && (
        <Flex gap={12} wrap>
          <Form.Item
            name="deathDate"
            label="死亡日期"
            rules={[{ required: true, message: '请填写死亡日期' }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="deathCause" label="死亡原因（已知的）">
            <Input style={{ width: 360 }} />
          </Form.Item>
        </Flex>
      )}
      {kind && person && (
        <Card
          size="small"
          title={`现金（原则上不发放；短途交通费不超过 ${yuan(o.cashCapFen)}）`}
          style={{ marginBottom: 16 }}
        >
          <Flex gap={12} wrap align="end">
            <Form.Item name="cashYuan" label="发放金额（元）">
              <InputNumber min={0} step={1} precision={2} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="cashPurpose" label="用途">
              <Input style={{ width: 200 }} placeholder="如：公交车费" />
            </Form.Item>
          </Flex>
          {(cashYuan ?? 0) > 0 && (
            <Form.Item
              name="cashReceiptAttachmentId"
              label="受助人员签字的领款收据"
              rules={[{ required: true, message: '发放现金须有签字收据' }]}
            >
              <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="signed_receipt" />
            </Form.Item>
          )}
        </Card>
      )}
      {kind && (
        <Card size="small" title="物品和证件退还（按入站登记清单）" style={{ marginBottom: 16 }}>
          {o.belongings.length === 0 ? (
            <Typography.Text type="secondary">入站时未登记物品，或已全部退还。</Typography.Text>
          ) : (
            <Table
              size="small"
              pagination={false}
              rowKey="itemId"
              dataSource={o.belongings}
              columns={[
                { title: '物品', dataIndex: 'description' },
                {
                  title: '已退还',
                  width: 90,
                  render: (_, b) => (
                    <Form.Item name={['returned', b.itemId]} valuePropName="checked" initialValue noStyle>
                      <Checkbox aria-label={`已退还 ${b.description}`} />
                    </Form.Item>
                  ),
                },
                {
                  title: '未退还原因',
                  render: (_, b) =>
                    returned?.[b.itemId] === false ? (
                      <Form.Item
                        name={['notReturnedReason', b.itemId]}
                        rules={[{ required: true, message: '请注明原因' }]}
                        style={{ margin: 0 }}
                      >
                        <Input placeholder="如：本人自愿放弃" />
                      </Form.Item>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          )}
          {o.belongings.length > 0 && (
            <Flex gap={16} wrap align="end" style={{ marginTop: 12 }}>
              <Form.Item name="belongingsSigned" valuePropName="checked" style={{ margin: 0 }}>
                <Checkbox>本人（或领人者）已在纸质清单上签收</Checkbox>
              </Form.Item>
              <Form.Item
                name="belongingsReceiptAttachmentId"
                label="或上传签收单"
                style={{ margin: 0, minWidth: 280 }}
              >
                <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="signed_receipt" />
              </Form.Item>
            </Flex>
          )}
        </Card>
      )}
      {kind && (
        <Form.Item
          name="note"
          label={kind === 'left_without_formalities' ? '情况说明（书面记录，视为放弃救助）' : '备注'}
          rules={kind === 'left_without_formalities' ? [{ required: true, message: '请书面记录经过' }] : []}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      )}
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Button
        type="primary"
        loading={busy}
        disabled={!kind || option?.allowed === false}
        onClick={() => void submit()}
      >
        确认离站并结案
      </Button>
    </Form>
  );
}

function DepartureRecord({ d }: { d: DepartureView }) {
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label="离站方式">{d.kindLabel}</Descriptions.Item>
      <Descriptions.Item label="离站日期">{formatDate(d.departedOn)}</Descriptions.Item>
      {d.destination && <Descriptions.Item label="去向">{d.destination}</Descriptions.Item>}
      {d.routeKind && (
        <Descriptions.Item label="乘车凭证">
          {d.routeKind === 'direct' ? '直达' : `经 ${d.transferStation ?? ''} 中转`} {d.voucherNo ?? ''}
        </Descriptions.Item>
      )}
      {d.collectorName && (
        <Descriptions.Item label="领人者">
          {d.collectorRelation} {d.collectorName}（{d.collectorResidentIdMasked}）
        </Descriptions.Item>
      )}
      {d.transferToName && <Descriptions.Item label="转送至">{d.transferToName}</Descriptions.Item>}
      {d.escort && <Descriptions.Item label="护送人">{d.escort}</Descriptions.Item>}
      {d.consentBy && <Descriptions.Item label="站方同意人">{d.consentBy}</Descriptions.Item>}
      {d.declarationNo && <Descriptions.Item label="声明书编号">{d.declarationNo}</Descriptions.Item>}
      {d.deathDate && <Descriptions.Item label="死亡日期">{formatDate(d.deathDate)}</Descriptions.Item>}
      <Descriptions.Item label="发放现金">
        {d.cashTotalFen > 0 ? yuan(d.cashTotalFen) : '未发放'}
      </Descriptions.Item>
      <Descriptions.Item label="物品退还">
        {d.belongings.length === 0
          ? '无登记物品'
          : d.belongings.map((b) => (
              <div key={b.itemId}>
                {b.description}：{b.returned ? '已退还' : `未退还（${b.reason ?? ''}）`}
              </div>
            ))}
      </Descriptions.Item>
      {d.note && <Descriptions.Item label="说明">{d.note}</Descriptions.Item>}
      <Descriptions.Item label="经办">
        {d.recordedBy}，{formatDateTime(d.recordedAt).slice(0, 16)}
      </Descriptions.Item>
    </Descriptions>
  );
}

interface SettlementFormValues {
  collectiveHukouInstitution?: string;
  foundPlace?: string;
  materials?: string[];
  dnaAttachmentId?: string;
  faceAttachmentId?: string;
  formAttachmentId?: string;
  note?: string;
}

function SettlementCard({
  caseId,
  o,
  onDone,
}: {
  caseId: string;
  o: DepartureOptionsView;
  onDone: () => void;
}) {
  const { hasPermission } = useAuth();
  const [form] = Form.useForm<SettlementFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const check = o.settlementCheck;
  const s = o.settlement;
  const canApply =
    o.open && check.blockers.length === 0 && (!s || s.status === 'rejected' || s.status === 'withdrawn');
  const submit = async () => {
    let v: SettlementFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await departureApi.applySettlement(caseId, {
        collectiveHukouInstitution: v.collectiveHukouInstitution ?? '',
        foundPlace: v.foundPlace,
        materials: (v.materials ?? []) as never,
        note: v.note,
        attachmentIds: [v.formAttachmentId, v.dnaAttachmentId, v.faceAttachmentId].filter(
          (x): x is string => !!x,
        ),
      });
      void message.success('已提交落户安置申请，待县级民政部门审核');
      onDone();
    } catch (e) {
      setError(applyServerError(form, e, { attachmentIds: 'dnaAttachmentId' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="落户安置（长期滞留人员）" size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text>
          在站 {check.daysInCare} 天；超过 3 个月自 {formatDate(check.longTermFrom)} 起。DNA 记录：
          {check.dnaEvidence ? <Tag color="green">有</Tag> : <Tag color="red">无</Tag>} 人像比对记录：
          {check.faceEvidence ? <Tag color="green">有</Tag> : <Tag color="red">无</Tag>}
        </Typography.Text>
        {s && (
          <Alert
            type={s.status === 'approved' ? 'success' : s.status === 'rejected' ? 'error' : 'info'}
            showIcon
            title={
              <span>
                落户安置申请（{formatDate(s.appliedOn)}，安置机构：{s.collectiveHukouInstitution}）：
                <Tag color={settlementStatusColors[s.status]}>{s.statusLabel}</Tag>
                {s.decisionReason && `理由：${s.decisionReason}`}
              </span>
            }
          />
        )}
        {o.open && check.blockers.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title="暂不能申请落户安置"
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {check.blockers.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            }
          />
        )}
        {canApply && hasPermission('rescue:write') && (
          <Form form={form} layout="vertical" name="rescue-settlement" style={{ maxWidth: 720 }}>
            <Form.Item
              name="collectiveHukouInstitution"
              label="集体户所在的公办福利机构"
              rules={[{ required: true, message: '请填写安置机构' }]}
            >
              <Input placeholder="如：长沙市社会福利院" />
            </Form.Item>
            <Form.Item name="foundPlace" label="流入地（发现地点，默认入站登记的地点）">
              <Input />
            </Form.Item>
            <Form.Item name="materials" label="已准备的材料">
              <Checkbox.Group
                options={Object.entries(SETTLEMENT_MATERIAL_LABELS).map(([value, label]) => ({
                  value,
                  label,
                }))}
              />
            </Form.Item>
            <Form.Item name="formAttachmentId" label="落户安置申请表（扫描件）">
              <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="other" />
            </Form.Item>
            <Form.Item
              name="dnaAttachmentId"
              label="DNA采集与比对记录"
              rules={[{ required: true, message: '请上传DNA记录' }]}
            >
              <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="dna_record" />
            </Form.Item>
            <Form.Item name="faceAttachmentId" label="人像比对记录">
              <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="face_record" />
            </Form.Item>
            <Form.Item name="note" label="说明">
              <Input.TextArea rows={2} />
            </Form.Item>
            {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
            <Button type="primary" loading={busy} onClick={() => void submit()}>
              提交落户安置申请
            </Button>
          </Form>
        )}
      </Space>
    </Card>
  );
}

function DepartureSection(props: CaseSectionProps) {
  const { caseId, revision } = props;
  const { hasPermission } = useAuth();
  const state = useApi((signal) => departureApi.options(caseId, signal), [caseId, revision]);
  const o = state.data;
  if (state.error && !o)
    return <LoadError title="离站与安置信息加载失败" error={state.error} onRetry={() => state.reload()} />;
  if (!o) return <Card loading />;
  const done = () => {
    state.reload();
    props.onChanged();
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {o.departure ? (
        <Card title="离站记录" size="small">
          <DepartureRecord d={o.departure} />
        </Card>
      ) : !o.open ? (
        <Alert type="info" showIcon title={`案件已结案：${o.closeNote ?? o.closeKind ?? ''}`} />
      ) : hasPermission('rescue:write') ? (
        <Card
          title="办理离站"
          size="small"
          extra={
            <Typography.Text type="secondary">
              年龄：{o.age === null ? '不详' : `${o.age} 岁`}；行为能力：
              {o.civilCapacity === 'full' ? '完全' : o.civilCapacity === 'limited' ? '限制' : '无'}
            </Typography.Text>
          }
        >
          <DepartureForm caseId={caseId} o={o} onDone={done} />
        </Card>
      ) : (
        <Alert type="info" showIcon title="受助人员尚在救助中" />
      )}
      {(o.open || o.settlement) && <SettlementCard caseId={caseId} o={o} onDone={done} />}
    </Space>
  );
}

/** The departure concern's sections of the case page (edited only by that concern). */
export const departureCaseSections: CaseSection[] = [
  { key: 'departure', title: '离站与安置', component: DepartureSection },
];
