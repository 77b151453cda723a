/**
 * The case page's tab 寻亲与团聚 (issue 16): the case's family-search candidates (matching line's list,
 * decided here; a confirmation starts a reunion), the face ranking panel, and the reunion with its steps —
 * start (DNA 比中, notice response, other), contact the family, check identities, hand over (recorded as
 * the departure 亲属接领, which closes the case) or cancel with a reason. Forms keep what was typed when
 * the server refuses and show the error next to the field.
 */
import {
  REUNION_CHANNEL_LABELS,
  REUNION_CHANNELS,
  type ReunionChannel,
} from '@social-affairs/kernel/contracts/rescue';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Steps,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import { errorText } from '../../app/api-client';
import { AttachmentPicker } from '../../app/attachments';
import { FamilyCandidatesList } from '../../app/family-candidates';
import { FaceSearchPanel } from '../../app/faces/face-search-panel';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import { useApi } from '../../app/use-api';
import type { CaseSection, CaseSectionProps } from './case-sections';
import { departureApi } from './departure.api';
import { familyApi, reunionStatusColors, type CaseFamilyView, type ReunionView } from './family.api';

const STEP_INDEX: Record<ReunionView['status'], number> = {
  contacting: 0,
  identity_checked: 2,
  handed_over: 3,
  cancelled: 0,
};

function useRun<T extends object>(
  form: ReturnType<typeof Form.useForm<T>>[0],
  onDone: () => void,
  fieldAliases: Record<string, string> = {},
) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (action: (values: T) => Promise<unknown>, done: string) => {
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
      void message.success(done);
      onDone();
    } catch (e) {
      setError(applyServerError(form, e, fieldAliases));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function StartForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [form] = Form.useForm<{ channel: ReunionChannel; sourceReference?: string; note?: string }>();
  const { busy, error, run } = useRun(form, onDone);
  return (
    <Form form={form} layout="vertical" name="rescue-reunion-start" initialValues={{ channel: 'notice' }}>
      <Flex gap={12} wrap>
        <Form.Item
          name="channel"
          label="线索来源（渠道）"
          rules={[{ required: true, message: '请选择渠道' }]}
        >
          <Select
            style={{ width: 180 }}
            options={REUNION_CHANNELS.map((c) => ({ value: c, label: REUNION_CHANNEL_LABELS[c] }))}
          />
        </Form.Item>
        <Form.Item name="sourceReference" label="线索说明">
          <Input style={{ width: 320 }} placeholder="如：公安DNA比中通知 第123号；寻亲公告回复电话" />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input style={{ width: 280 }} />
        </Form.Item>
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button
        type="primary"
        loading={busy}
        onClick={() => void run((v) => familyApi.start(caseId, v), '已发起团聚')}
      >
        发起团聚
      </Button>
    </Form>
  );
}

function ContactForm({ r, onDone }: { r: ReunionView; onDone: () => void }) {
  const [form] = Form.useForm<{
    familyName: string;
    familyRelation: string;
    familyPhone: string;
    note?: string;
  }>();
  const { busy, error, run } = useRun(form, onDone);
  return (
    <Form form={form} layout="vertical" name="rescue-reunion-contact">
      <Flex gap={12} wrap>
        <Form.Item
          name="familyName"
          label="联系的家属姓名"
          rules={[{ required: true, message: '请填写姓名' }]}
        >
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="familyRelation"
          label="与受助人员关系"
          rules={[{ required: true, message: '请填写关系' }]}
        >
          <Input style={{ width: 140 }} placeholder="如：母亲" />
        </Form.Item>
        <Form.Item
          name="familyPhone"
          label="联系电话"
          rules={[{ required: true, message: '请填写联系电话' }]}
        >
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="note" label="联系情况">
          <Input style={{ width: 300 }} placeholder="如：家属确认走失经过，约定来站认领" />
        </Form.Item>
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button
        type="primary"
        loading={busy}
        onClick={() =>
          void run((v) => familyApi.contact(r.id, { ...v, version: r.version }), '已登记联系家属')
        }
      >
        登记联系家属
      </Button>
    </Form>
  );
}

interface IdentityValues {
  kinName: string;
  kinRelation: string;
  kinResidentId: string;
  evidenceAttachmentId: string;
  confirmedName: string;
  confirmedResidentId?: string;
  note?: string;
}

function IdentityForm({ r, caseId, onDone }: { r: ReunionView; caseId: string; onDone: () => void }) {
  const [form] = Form.useForm<IdentityValues>();
  const { busy, error, run } = useRun(form, onDone);
  return (
    <Form
      form={form}
      layout="vertical"
      name="rescue-reunion-identity"
      initialValues={{ kinName: r.familyName ?? '', kinRelation: r.familyRelation ?? '' }}
    >
      <Typography.Paragraph type="secondary">
        当面核对来站亲属的身份证件并复印上传；确认受助人员的姓名（知道身份证号码的一并填写：人员信息库中已有该号码的，将提交人员合并申请，由县级民政部门审核，不会直接合并）。
      </Typography.Paragraph>
      <Flex gap={12} wrap>
        <Form.Item name="kinName" label="亲属姓名" rules={[{ required: true, message: '请填写亲属姓名' }]}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="kinRelation" label="关系" rules={[{ required: true, message: '请填写关系' }]}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item
          name="kinResidentId"
          label="亲属身份证件号码"
          rules={[{ required: true, message: '请填写亲属身份证件号码' }]}
        >
          <Input style={{ width: 220 }} maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="evidenceAttachmentId"
          label="亲属身份证件复印件"
          rules={[{ required: true, message: '请上传或选择亲属身份证件复印件' }]}
        >
          <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="collector_id_copy" />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item
          name="confirmedName"
          label="受助人员姓名（核实后）"
          rules={[{ required: true, message: '请填写核实后的姓名' }]}
        >
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="confirmedResidentId" label="受助人员身份证号码（知道的填写）">
          <Input style={{ width: 220 }} maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item name="note" label="核实说明">
          <Input style={{ width: 300 }} />
        </Form.Item>
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button
        type="primary"
        loading={busy}
        onClick={() =>
          void run(
            (v) =>
              familyApi.identity(r.id, {
                ...v,
                confirmedResidentId: v.confirmedResidentId?.trim() ? v.confirmedResidentId : null,
                version: r.version,
              }),
            '身份已核实',
          )
        }
      >
        确认身份核实
      </Button>
    </Form>
  );
}

interface HandoverValues {
  collectorName: string;
  collectorRelation: string;
  collectorResidentId?: string;
  idCopyAttachmentId?: string;
  returned: string[];
  belongingsSigned: boolean;
  note?: string;
}

/** The departure's and the reunion's field names → this form's. */
const HANDOVER_FIELDS = {
  'collector.name': 'collectorName',
  'collector.relation': 'collectorRelation',
  'collector.residentId': 'collectorResidentId',
  'collector.idCopyAttachmentId': 'idCopyAttachmentId',
};

/**
 * The handover: the collector's name and relation pre-filled with the family member checked at step 2,
 * the resident id always typed from the document shown (checked against the one recorded at step 2 when
 * the collector is that member; a mismatch is shown next to the field).
 */
function HandoverForm({
  r,
  caseId,
  collectionRequired,
  onDone,
}: {
  r: ReunionView;
  caseId: string;
  collectionRequired: boolean;
  onDone: () => void;
}) {
  const [form] = Form.useForm<HandoverValues>();
  const { busy, error, run } = useRun(form, onDone, HANDOVER_FIELDS);
  const name = Form.useWatch('collectorName', form);
  const isKin = (name ?? r.kinName ?? '').trim() === (r.kinName ?? '').trim();
  const options = useApi((signal) => departureApi.options(caseId, signal), [caseId]);
  const belongings = options.data?.belongings ?? [];
  return (
    <Form
      form={form}
      layout="vertical"
      name="rescue-reunion-handover"
      initialValues={{
        collectorName: r.kinName ?? '',
        collectorRelation: r.kinRelation ?? '',
        returned: [],
        belongingsSigned: false,
      }}
    >
      <Typography.Paragraph type="secondary">
        交接即办理“亲属接领”离站：核对领人者出示的身份证件，填写证件号码并上传复印件（
        {collectionRequired ? '本人未成年或行为能力受限，必须由亲属接领' : '交接记录须附领人者身份证件复印件'}
        ），登记的物品逐项退还，案件随之结束。
      </Typography.Paragraph>
      <Flex gap={12} wrap>
        <Form.Item
          name="collectorName"
          label="领人者姓名"
          rules={[{ required: true, whitespace: true, message: '请填写领人者姓名' }]}
        >
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item
          name="collectorRelation"
          label="与受助人员关系"
          rules={[{ required: true, whitespace: true, message: '请填写关系' }]}
        >
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item
          name="collectorResidentId"
          label="领人者身份证件号码"
          extra={
            isKin && r.kinResidentIdMasked
              ? `领人者为已核实的亲属时，须与身份核实时登记的号码（${r.kinResidentIdMasked}）一致`
              : '按领人者出示的证件填写'
          }
          rules={[{ required: true, whitespace: true, message: '请填写领人者身份证件号码' }]}
        >
          <Input style={{ width: 220 }} maxLength={18} autoComplete="off" />
        </Form.Item>
      </Flex>
      <Form.Item
        name="idCopyAttachmentId"
        label="领人者身份证件复印件"
        extra={isKin ? '未另行上传时，沿用身份核实时上传的领人者身份证件复印件' : undefined}
      >
        <AttachmentPicker ownerType="rescue_case" ownerId={caseId} kind="collector_id_copy" />
      </Form.Item>
      {belongings.length > 0 && (
        <>
          <Form.Item name="returned" label="退还的物品和证件（未勾选的须在备注中说明原因）">
            <Checkbox.Group options={belongings.map((b) => ({ value: b.itemId, label: b.description }))} />
          </Form.Item>
          <Form.Item name="belongingsSigned" valuePropName="checked">
            <Checkbox>领人者已在纸质物品清单上签收</Checkbox>
          </Form.Item>
        </>
      )}
      <Form.Item name="note" label="备注">
        <Input style={{ width: 420 }} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button
        type="primary"
        loading={busy}
        onClick={() =>
          void run(
            (v) =>
              familyApi.handover(r.id, {
                collector: {
                  name: v.collectorName,
                  relation: v.collectorRelation,
                  residentId: (v.collectorResidentId ?? '').trim(),
                  idCopyAttachmentId: v.idCopyAttachmentId ?? null,
                },
                belongings: belongings.map((b) => ({
                  itemId: b.itemId,
                  returned: v.returned.includes(b.itemId),
                  reason: v.returned.includes(b.itemId) ? null : (v.note ?? null),
                })),
                belongingsSigned: v.belongingsSigned,
                note: v.note ?? null,
                version: r.version,
              }),
            '已办理交接，案件已结束（亲属接领）',
          )
        }
      >
        办理交接（亲属接领离站）
      </Button>
    </Form>
  );
}

function CancelButton({ r, onDone }: { r: ReunionView; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, error, run } = useRun(form, () => {
    setOpen(false);
    onDone();
  });
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        取消团聚
      </Button>
      <Modal
        title="取消团聚"
        open={open}
        onCancel={() => setOpen(false)}
        okText="确认取消"
        cancelText="返回"
        confirmLoading={busy}
        onOk={() =>
          void run((v) => familyApi.cancel(r.id, { reason: v.reason, version: r.version }), '已取消团聚')
        }
      >
        <Form form={form} layout="vertical" name="rescue-reunion-cancel">
          <Form.Item name="reason" label="取消原因" rules={[{ required: true, message: '请填写取消原因' }]}>
            <Input.TextArea rows={3} placeholder="如：家属到站后确认不是本人" />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </>
  );
}

function ReunionCard({
  r,
  caseId,
  family,
  onDone,
}: {
  r: ReunionView;
  caseId: string;
  family: CaseFamilyView;
  onDone: () => void;
}) {
  const open = r.status === 'contacting' || r.status === 'identity_checked';
  const contacted = r.contactedAt !== null;
  const current = r.status === 'contacting' ? (contacted ? 1 : 0) : STEP_INDEX[r.status];
  return (
    <Card
      size="small"
      title={
        <Space>
          团聚（{r.channelLabel}）<Tag color={reunionStatusColors[r.status]}>{r.statusLabel}</Tag>
        </Space>
      }
      extra={open && <CancelButton r={r} onDone={onDone} />}
      style={{ marginBottom: 12 }}
      data-testid="reunion-card"
    >
      {r.status !== 'cancelled' && (
        <Steps
          size="small"
          current={current}
          status={r.status === 'handed_over' ? 'finish' : 'process'}
          style={{ marginBottom: 16 }}
          items={[{ title: '联系家属' }, { title: '身份核实' }, { title: '交接' }]}
        />
      )}
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="发起">
          {formatDateTime(r.startedAt)}（{r.startedHow === 'event' ? '寻亲候选确认后自动发起' : r.startedBy}）
        </Descriptions.Item>
        {r.sourceReference && <Descriptions.Item label="线索">{r.sourceReference}</Descriptions.Item>}
        {contacted && (
          <Descriptions.Item label="联系家属">
            {r.familyRelation} {r.familyName} {r.familyPhone}（{formatDateTime(r.contactedAt ?? '')}）
          </Descriptions.Item>
        )}
        {r.kinName && (
          <Descriptions.Item label="核实亲属">
            {r.kinRelation} {r.kinName}（{r.kinResidentIdMasked}）
          </Descriptions.Item>
        )}
        {r.confirmedName && (
          <Descriptions.Item label="受助人员身份">
            {r.confirmedName}
            {r.confirmedResidentIdMasked ? `（${r.confirmedResidentIdMasked}）` : ''}
            {r.mergeId ? '，已提交人员合并申请，待县级审核' : ''}
          </Descriptions.Item>
        )}
        {r.handedOverOn && (
          <Descriptions.Item label="交接">
            {formatDate(r.handedOverOn)}，入站后第 {r.daysToReunion} 天
          </Descriptions.Item>
        )}
        {r.cancelReason && <Descriptions.Item label="取消原因">{r.cancelReason}</Descriptions.Item>}
      </Descriptions>
      {r.nextStep && (
        <Alert type="info" showIcon title={`下一步：${r.nextStep}`} style={{ marginBottom: 12 }} />
      )}
      {r.status === 'contacting' && !contacted && <ContactForm r={r} onDone={onDone} />}
      {r.status === 'contacting' && contacted && <IdentityForm r={r} caseId={caseId} onDone={onDone} />}
      {r.status === 'identity_checked' && (
        <HandoverForm r={r} caseId={caseId} collectionRequired={family.collectionRequired} onDone={onDone} />
      )}
    </Card>
  );
}

function FamilySection(props: CaseSectionProps) {
  const { caseId, revision } = props;
  const [local, setLocal] = useState(0);
  // Bumped by a face proposal: the candidate list below reads itself again.
  const [proposals, setProposals] = useState(0);
  const { data, error, loading } = useApi(
    (signal) => familyApi.caseFamily(caseId, signal),
    [caseId, revision, local],
  );
  const changed = () => {
    setLocal((n) => n + 1);
    props.onChanged();
  };
  if (error !== undefined)
    return <Alert type="error" showIcon title="寻亲与团聚加载失败" description={errorText(error)} />;
  if (!data) return <Spin spinning={loading} />;
  const openReunion = data.reunions.find((r) => r.status === 'contacting' || r.status === 'identity_checked');
  const past = data.reunions.filter((r) => r !== openReunion);
  return (
    <Flex vertical gap={16}>
      <Card size="small" title="团聚">
        {openReunion && <ReunionCard r={openReunion} caseId={caseId} family={data} onDone={changed} />}
        {!openReunion && data.canStart && (
          <>
            <Typography.Paragraph type="secondary">
              找到家属（公安DNA比中、寻亲公告回复等）后在此发起团聚；寻亲候选经确认后会自动发起。
            </Typography.Paragraph>
            <StartForm caseId={caseId} onDone={changed} />
          </>
        )}
        {!openReunion && !data.open && past.length === 0 && (
          <Typography.Text type="secondary">案件已结束。</Typography.Text>
        )}
        {past.map((r) => (
          <ReunionCard key={r.id} r={r} caseId={caseId} family={data} onDone={changed} />
        ))}
      </Card>
      {data.open && (
        <>
          <Card size="small" title="寻亲候选（失踪人员报告、无名遗体）">
            <FamilyCandidatesList
              entryId={caseId}
              revision={proposals}
              onDecided={(_, decision) => {
                changed();
                // A confirmation starts the reunion when the line's subscriber handles the event: look
                // again shortly.
                if (decision === 'confirm') {
                  setTimeout(changed, 1200);
                  setTimeout(changed, 4000);
                }
              }}
            />
          </Card>
          <Card size="small" title="人像比对">
            <FaceSearchPanel
              ownerType="rescue_case"
              ownerId={caseId}
              bare
              onProposed={() => {
                setProposals((n) => n + 1);
                changed();
              }}
            />
          </Card>
        </>
      )}
    </Flex>
  );
}

export const familyCaseSections: CaseSection[] = [
  { key: 'family', title: '寻亲与团聚', component: FamilySection },
];
