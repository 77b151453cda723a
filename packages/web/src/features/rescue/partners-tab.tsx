import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { AttachmentPicker, AttachmentsPanel } from '../../app/attachments';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate } from '../../app/format';
import {
  ExportButton,
  FilterCard,
  LedgerTable,
  LoadError,
  choiceFilter,
  textFilter,
  useListPage,
} from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { whenValid } from './stations-forms';
import {
  inspectionResultColors,
  inspectionResultLabels,
  ownershipLabels,
  partnerKindLabels,
  qualificationColors,
  qualificationLabels,
  stationsApi,
  stationsUrls,
  type RescueAgreementView,
  type RescueInspectionView,
  type RescuePartnerView,
} from './stations.api';

const filters = {
  q: textFilter({ label: '名称', placeholder: '机构名称', width: 200 }),
  kind: choiceFilter(partnerKindLabels, { label: '类型', width: 120 }),
  qualification: choiceFilter(qualificationLabels, { label: '资质状态', width: 120 }),
  ownership: choiceFilter(ownershipLabels, { label: '性质', width: 100 }),
};

/** R-RES-13: the qualification tag, and a red tag when a rectification deadline has passed. */
export function QualificationTags({
  p,
}: {
  p: Pick<RescuePartnerView, 'qualification' | 'rectificationOverdue' | 'rectifyBy'>;
}) {
  return (
    <Space size={4} wrap>
      <Tag color={qualificationColors[p.qualification]}>{qualificationLabels[p.qualification]}</Tag>
      {p.rectificationOverdue && <Tag color="red">整改逾期（期限 {formatDate(p.rectifyBy)}）</Tag>}
    </Space>
  );
}

/** 托养机构与合作医院: the partners ledger with a drawer for agreements, inspections and evidence. */
export function PartnersTab() {
  const { hasPermission } = useAuth();
  const manage = hasPermission('rescue:manage');
  const list = useListPage({
    filters,
    sortKeys: ['name', 'divisionCode', 'qualification', 'lastInspectedOn'],
    load: (query, signal) => stationsApi.partners(query, signal),
  });
  const [openId, setOpenId] = useState<string>();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<RescuePartnerView> = [
    {
      title: '机构名称',
      key: 'name',
      sorter: true,
      render: (_, p) => <Typography.Link onClick={() => setOpenId(p.id)}>{p.name}</Typography.Link>,
    },
    { title: '类型', render: (_, p) => partnerKindLabels[p.kind] },
    {
      title: '性质',
      render: (_, p) => (
        <Tag color={p.ownership === 'public' ? 'blue' : 'default'}>{ownershipLabels[p.ownership]}</Tag>
      ),
    },
    { title: '所在区划', key: 'divisionCode', sorter: true, dataIndex: 'divisionName' },
    { title: '资质状态', key: 'qualification', sorter: true, render: (_, p) => <QualificationTags p={p} /> },
    {
      title: '最近检查',
      key: 'lastInspectedOn',
      sorter: true,
      render: (_, p) => formatDate(p.lastInspectedOn) || '从未检查',
    },
    { title: '床位', dataIndex: 'capacity', align: 'right' },
    { title: '有效协议', dataIndex: 'activeAgreements', align: 'right' },
    { title: '联系电话', render: (_, p) => p.contactPhone ?? '—' },
    { title: '合作状态', render: (_, p) => (p.status === 'active' ? '合作中' : <Tag>已停止合作</Tag>) },
  ];
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="站内照料是常态、站外托养是例外；托养优先选择公办机构。检查不合格的机构不能新增托养，也不能签订新协议。"
      />
      <Space style={{ marginBottom: 12 }}>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新增机构
          </Button>
        )}
        <ExportButton href={stationsUrls.partnersExport(list.exportQuery)} disabled={!list.total} />
      </Space>
      <FilterCard list={list} name="rescue-partners-filters" />
      <LoadError error={list.error} title="托养机构与合作医院加载失败" onRetry={list.reload} />
      <LedgerTable<RescuePartnerView>
        list={list}
        rowKey="id"
        unit="家"
        columns={columns}
        empty={
          list.filtered
            ? '没有符合条件的机构。'
            : manage
              ? '尚无托养机构或合作医院。点击“新增机构”登记。'
              : '您的管辖范围内尚无托养机构或合作医院。'
        }
      />
      <PartnerDrawer
        partnerId={openId}
        manage={manage}
        onClose={() => setOpenId(undefined)}
        onChanged={list.reload}
      />
      <PartnerModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          list.reload();
          setOpenId(id);
        }}
      />
    </>
  );
}

interface PartnerForm {
  kind: 'foster' | 'hospital';
  name: string;
  divisionCode: string;
  ownership: 'public' | 'private';
  capacity: number;
  address: string;
  contactName?: string;
  contactPhone?: string;
  status?: 'active' | 'closed';
  qualification?: RescuePartnerView['qualification'];
  qualificationNote?: string;
}

function PartnerFields({ editing }: { editing: boolean }) {
  return (
    <>
      <Space wrap>
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select
            options={Object.entries(partnerKindLabels).map(([value, label]) => ({ value, label }))}
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item name="ownership" label="性质" rules={[{ required: true }]} extra="优先选择公办机构">
          <Select
            options={Object.entries(ownershipLabels).map(([value, label]) => ({ value, label }))}
            style={{ width: 120 }}
          />
        </Form.Item>
      </Space>
      <Form.Item name="name" label="机构名称" rules={[{ required: true, message: '请填写机构名称' }]}>
        <Input maxLength={80} />
      </Form.Item>
      <Form.Item
        name="divisionCode"
        label="所在区划代码"
        rules={[{ required: true, message: '请填写区划代码' }]}
      >
        <Input maxLength={9} />
      </Form.Item>
      <Form.Item name="address" label="地址" rules={[{ required: true, message: '请填写地址' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Space wrap>
        <Form.Item
          name="capacity"
          label="床位（收住能力）"
          rules={[{ required: true, message: '请填写床位' }]}
        >
          <InputNumber min={0} max={100000} />
        </Form.Item>
        <Form.Item name="contactName" label="联系人">
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话">
          <Input maxLength={40} />
        </Form.Item>
      </Space>
      {editing && (
        <Space wrap align="start">
          <Form.Item name="status" label="合作状态">
            <Select
              options={[
                { value: 'active', label: '合作中' },
                { value: 'closed', label: '已停止合作' },
              ]}
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item name="qualification" label="资质状态" extra="通常由检查结果确定；手工变更须填写依据">
            <Select
              options={Object.entries(qualificationLabels).map(([value, label]) => ({ value, label }))}
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item name="qualificationNote" label="资质说明/依据">
            <Input.TextArea maxLength={500} autoSize style={{ width: 280 }} />
          </Form.Item>
        </Space>
      )}
    </>
  );
}

function PartnerModal({
  open,
  partner,
  onClose,
  onSaved,
}: {
  open: boolean;
  partner?: RescuePartnerView;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const [form] = Form.useForm<PartnerForm>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={partner ? `修改：${partner.name}` : '新增托养机构或合作医院'}
      okText="保存"
      width={640}
      confirmLoading={busy}
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      onOk={() =>
        whenValid(form, async (values) => {
          setBusy(true);
          setError(undefined);
          try {
            const saved = partner
              ? await stationsApi.updatePartner(partner.id, { ...values, version: partner.version })
              : await stationsApi.createPartner(values);
            void message.success('已保存');
            if (!partner) form.resetFields();
            onClose();
            onSaved(saved.id);
          } catch (e) {
            setError(applyServerError(form, e));
          } finally {
            setBusy(false);
          }
        })
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name={partner ? 'partner-edit' : 'partner-new'}
        preserve={false}
        initialValues={
          partner
            ? {
                ...partner,
                contactName: partner.contactName ?? undefined,
                contactPhone: partner.contactPhone ?? undefined,
                qualificationNote: partner.qualificationNote ?? undefined,
              }
            : { kind: 'foster', ownership: 'public', capacity: 20 }
        }
      >
        <PartnerFields editing={partner !== undefined} />
      </Form>
    </Modal>
  );
}

function PartnerDrawer({
  partnerId,
  manage,
  onClose,
  onChanged,
}: {
  partnerId: string | undefined;
  manage: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const enabled = partnerId !== undefined;
  const partner = useApi((signal) => stationsApi.partner(partnerId ?? '', signal), [partnerId], enabled);
  const agreements = useApi((signal) => stationsApi.agreements({ partnerId }, signal), [partnerId], enabled);
  const inspections = useApi(
    (signal) => stationsApi.inspections({ partnerId, page: 1, pageSize: 50, sort: '-inspectedOn' }, signal),
    [partnerId],
    enabled,
  );
  const p = partner.data?.id === partnerId ? partner.data : undefined;
  const [dialog, setDialog] = useState<'edit' | 'agreement' | 'inspection'>();
  const [terminating, setTerminating] = useState<RescueAgreementView>();
  const reload = () => {
    partner.reload();
    agreements.reload();
    inspections.reload();
    onChanged();
  };
  const agreementColumns: TableColumnsType<RescueAgreementView> = [
    { title: '协议编号', dataIndex: 'agreementNo' },
    { title: '救助管理站', dataIndex: 'stationName' },
    { title: '有效期', render: (_, a) => `${formatDate(a.validFrom)} 至 ${formatDate(a.validUntil)}` },
    { title: '名额', dataIndex: 'places', align: 'right' },
    {
      title: '状态',
      render: (_, a) =>
        a.status === 'active' ? (
          <Tag color="green">有效</Tag>
        ) : (
          <span>
            <Tag>已终止</Tag>
            {formatDate(a.terminatedOn)} {a.terminatedReason}
          </span>
        ),
    },
    ...(manage
      ? [
          {
            title: '操作',
            render: (_: unknown, a: RescueAgreementView) =>
              a.status === 'active' && (
                <Button size="small" danger onClick={() => setTerminating(a)}>
                  终止
                </Button>
              ),
          },
        ]
      : []),
  ];
  const inspectionColumns: TableColumnsType<RescueInspectionView> = [
    { title: '检查日期', render: (_, i) => formatDate(i.inspectedOn) },
    { title: '检查人员', dataIndex: 'inspector' },
    { title: '发现问题', dataIndex: 'findings', width: 260 },
    {
      title: '结论',
      render: (_, i) => (
        <Space size={4} wrap>
          <Tag color={inspectionResultColors[i.result]}>{inspectionResultLabels[i.result]}</Tag>
          {i.rectifyBy && <span>期限 {formatDate(i.rectifyBy)}</span>}
          {i.rectificationOverdue && <Tag color="red">整改逾期</Tag>}
        </Space>
      ),
    },
    { title: '佐证', render: (_, i) => (i.evidenceIds.length ? `${i.evidenceIds.length} 份` : '—') },
  ];
  return (
    <Drawer
      open={enabled}
      onClose={onClose}
      size="large"
      title={p?.name ?? '托养机构或合作医院'}
      destroyOnHidden
    >
      <LoadError error={partner.error} title="机构信息加载失败" onRetry={partner.reload} />
      {p && (
        <>
          <Descriptions
            size="small"
            column={2}
            bordered
            style={{ marginBottom: 16 }}
            extra={
              manage && (
                <Space>
                  <Button onClick={() => setDialog('edit')}>修改</Button>
                  <Button type="primary" onClick={() => setDialog('inspection')}>
                    登记检查
                  </Button>
                </Space>
              )
            }
          >
            <Descriptions.Item label="类型">{partnerKindLabels[p.kind]}</Descriptions.Item>
            <Descriptions.Item label="性质">{ownershipLabels[p.ownership]}</Descriptions.Item>
            <Descriptions.Item label="资质状态" span={2}>
              <QualificationTags p={p} /> {p.qualificationNote}
            </Descriptions.Item>
            <Descriptions.Item label="所在区划">{p.divisionName}</Descriptions.Item>
            <Descriptions.Item label="床位">{p.capacity}</Descriptions.Item>
            <Descriptions.Item label="地址" span={2}>
              {p.address}
            </Descriptions.Item>
            <Descriptions.Item label="联系人">{p.contactName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{p.contactPhone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="最近检查">
              {formatDate(p.lastInspectedOn) || '从未检查'}
            </Descriptions.Item>
            <Descriptions.Item label="合作状态">
              {p.status === 'active' ? '合作中' : '已停止合作'}
            </Descriptions.Item>
          </Descriptions>
          {p.qualification === 'unqualified' && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title="该机构经检查不合格：不能新增托养，不能签订新协议。已托养人员请尽快安排转回或转介，并终止协议。"
            />
          )}
          <Card
            size="small"
            title="托养协议"
            style={{ marginBottom: 16 }}
            extra={
              manage && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('agreement')}>
                  登记协议
                </Button>
              )
            }
          >
            <LoadError error={agreements.error} title="协议加载失败" onRetry={agreements.reload} />
            <LedgerTable<RescueAgreementView>
              card={false}
              rowKey="id"
              size="small"
              loading={agreements.loading}
              columns={agreementColumns}
              dataSource={agreements.data ?? []}
              pageSize={false}
              empty="尚无托养协议。"
            />
          </Card>
          <Card size="small" title="检查记录" style={{ marginBottom: 16 }}>
            <LoadError error={inspections.error} title="检查记录加载失败" onRetry={inspections.reload} />
            <LedgerTable<RescueInspectionView>
              card={false}
              rowKey="id"
              size="small"
              loading={inspections.loading}
              columns={inspectionColumns}
              dataSource={inspections.data?.items ?? []}
              pageSize={false}
              empty={manage ? '尚无检查记录。点击“登记检查”录入检查结果。' : '尚无检查记录。'}
            />
          </Card>
          {/* Partner papers are kept by those who manage partners (owner type rescue_partner, division scope). */}
          {manage && (
            <AttachmentsPanel
              ownerType="rescue_partner"
              ownerId={p.id}
              title="机构材料（检查佐证、协议扫描件、资质证明）"
            />
          )}
          <PartnerModal
            open={dialog === 'edit'}
            partner={p}
            onClose={() => setDialog(undefined)}
            onSaved={reload}
          />
          <AgreementModal
            open={dialog === 'agreement'}
            partner={p}
            onClose={() => setDialog(undefined)}
            onSaved={reload}
          />
          <InspectionModal
            open={dialog === 'inspection'}
            partner={p}
            onClose={() => setDialog(undefined)}
            onSaved={reload}
          />
          <TerminateModal
            agreement={terminating}
            onClose={() => setTerminating(undefined)}
            onSaved={reload}
          />
        </>
      )}
    </Drawer>
  );
}

const dateText = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

function AgreementModal({
  open,
  partner,
  onClose,
  onSaved,
}: {
  open: boolean;
  partner: RescuePartnerView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const stations = useApi((signal) => stationsApi.stations({}, signal), [], open);
  const [form] = Form.useForm<{
    agreementNo: string;
    stationId: string;
    period: [Dayjs, Dayjs];
    places: number;
  }>();
  const [error, setError] = useState<string>();
  return (
    <Modal
      open={open}
      title={`登记托养协议：${partner.name}`}
      okText="保存"
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      onOk={() =>
        whenValid(form, async (v) => {
          setError(undefined);
          try {
            await stationsApi.createAgreement({
              agreementNo: v.agreementNo,
              stationId: v.stationId,
              partnerId: partner.id,
              validFrom: dateText(v.period[0]),
              validUntil: dateText(v.period[1]),
              places: v.places,
            });
            void message.success('已登记协议');
            onClose();
            onSaved();
          } catch (e) {
            setError(applyServerError(form, e, { validFrom: 'period', validUntil: 'period' }));
          }
        })
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="agreement-new" preserve={false} initialValues={{ places: 5 }}>
        <Form.Item
          name="agreementNo"
          label="协议编号（纸质协议上的编号）"
          rules={[{ required: true, message: '请填写协议编号' }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="stationId"
          label="救助管理站"
          rules={[{ required: true, message: '请选择救助管理站' }]}
        >
          <Select
            loading={stations.loading}
            options={(stations.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="period" label="有效期" rules={[{ required: true, message: '请选择有效期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="places" label="托养名额" rules={[{ required: true, message: '请填写名额' }]}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function InspectionModal({
  open,
  partner,
  onClose,
  onSaved,
}: {
  open: boolean;
  partner: RescuePartnerView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{
    inspectedOn: Dayjs;
    inspector: string;
    findings: string;
    result: 'qualified' | 'rectify' | 'unqualified';
    rectifyBy?: Dayjs;
    evidenceId?: string;
  }>();
  const result = Form.useWatch('result', form);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={`登记检查结果：${partner.name}`}
      okText="保存"
      confirmLoading={busy}
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      onOk={() =>
        whenValid(form, async (v) => {
          setBusy(true);
          setError(undefined);
          try {
            await stationsApi.recordInspection(partner.id, {
              inspectedOn: dateText(v.inspectedOn),
              inspector: v.inspector,
              findings: v.findings,
              result: v.result,
              rectifyBy: v.result === 'rectify' ? dateText(v.rectifyBy) : null,
              evidenceIds: v.evidenceId ? [v.evidenceId] : [],
            });
            void message.success('已登记检查结果');
            onClose();
            onSaved();
          } catch (e) {
            setError(applyServerError(form, e, { evidenceIds: 'evidenceId' }));
          } finally {
            setBusy(false);
          }
        })
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="inspection-new"
        preserve={false}
        initialValues={{ inspectedOn: dayjs(), result: 'qualified' }}
      >
        <Form.Item
          name="inspectedOn"
          label="检查日期"
          rules={[{ required: true, message: '请选择检查日期' }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item name="inspector" label="检查人员" rules={[{ required: true, message: '请填写检查人员' }]}>
          <Input maxLength={100} placeholder="单位及姓名" />
        </Form.Item>
        <Form.Item
          name="findings"
          label="检查发现的问题"
          rules={[{ required: true, message: '请填写检查情况' }]}
        >
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 3 }} />
        </Form.Item>
        <Form.Item
          name="result"
          label="检查结论"
          extra="不合格：该机构不能新增托养；限期整改：须填整改期限，逾期未复查会提示"
        >
          <Select
            options={Object.entries(inspectionResultLabels).map(([value, label]) => ({ value, label }))}
            style={{ width: 160 }}
          />
        </Form.Item>
        {result === 'rectify' && (
          <Form.Item
            name="rectifyBy"
            label="整改期限"
            rules={[{ required: true, message: '请选择整改期限' }]}
          >
            <DatePicker />
          </Form.Item>
        )}
        <Form.Item name="evidenceId" label="佐证材料（可选）">
          <AttachmentPicker ownerType="rescue_partner" ownerId={partner.id} kind="inspection_evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TerminateModal({
  agreement,
  onClose,
  onSaved,
}: {
  agreement: RescueAgreementView | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ terminatedOn: Dayjs; reason: string }>();
  const [error, setError] = useState<string>();
  return (
    <Modal
      open={agreement !== undefined}
      title={agreement ? `终止协议：${agreement.agreementNo}` : ''}
      okText="终止协议"
      okButtonProps={{ danger: true }}
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      onOk={() =>
        whenValid(form, async (v) => {
          if (!agreement) return;
          setError(undefined);
          try {
            await stationsApi.terminateAgreement(agreement.id, {
              terminatedOn: dateText(v.terminatedOn),
              reason: v.reason,
            });
            void message.success('协议已终止');
            onClose();
            onSaved();
          } catch (e) {
            setError(applyServerError(form, e));
          }
        })
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="agreement-terminate"
        preserve={false}
        initialValues={{ terminatedOn: dayjs() }}
      >
        <Form.Item
          name="terminatedOn"
          label="终止日期"
          rules={[{ required: true, message: '请选择终止日期' }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item name="reason" label="终止原因" rules={[{ required: true, message: '请填写终止原因' }]}>
          <Input.TextArea maxLength={200} autoSize />
        </Form.Item>
      </Form>
    </Modal>
  );
}
