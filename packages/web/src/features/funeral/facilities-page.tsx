import { PlusOutlined } from '@ant-design/icons';
import {
  FACILITY_APPROVAL_LEVEL_LABELS,
  FACILITY_INSPECTION_RESULT_LABELS,
  FACILITY_OWNERSHIP_LABELS,
  FACILITY_STATUS_LABELS,
  FUNERAL_CAPACITY_UNITS,
  FUNERAL_CEMETERY_KINDS,
  FUNERAL_FACILITY_KIND_LABELS,
  CARRIER_LABELS,
  type FuneralFacilityKindValue,
} from '@social-affairs/kernel/contracts/funeral';
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
  Switch,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AttachmentPicker, AttachmentsPanel } from '../../app/attachments';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import {
  ExportButton,
  FilterCard,
  LedgerTable,
  LoadError,
  choiceFilter,
  textFilter,
  useListPage,
} from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { FuneralNav } from './funeral-nav';
import {
  facilitiesApi,
  facilitiesUrls,
  type FacilityApplicationView,
  type FacilityInspectionView,
  type FuneralFacilityDetailView,
  type FuneralFacilityView,
} from './facilities.api';

const TABS = ['facilities', 'inspections', 'zones'] as const;
type TabKey = (typeof TABS)[number];

const resultColors = { pass: 'green', rectify: 'orange', fail: 'red' } as const;
const statusColors = { active: 'green', suspended: 'orange', closed: 'default' } as const;
const inspectionStatusLabels = { effective: '已生效', pending: '待审核', rejected: '审核未通过' } as const;
const applicationStatusLabels = {
  pending: '审批中',
  approved: '已批准',
  rejected: '已驳回',
  withdrawn: '已撤回',
} as const;
const PROVINCE_PERMIT_KINDS: readonly FuneralFacilityKindValue[] = [
  'cemetery_commercial',
  'cemetery_public_benefit',
];

const whenValid = <T,>(form: ReturnType<typeof Form.useForm<T>>[0], action: (v: T) => Promise<void>) => {
  form.validateFields().then(action, () => undefined);
};
const dateText = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const levelOptions = Object.entries(FACILITY_APPROVAL_LEVEL_LABELS).map(([value, label]) => ({
  value,
  label,
}));

/** 殡葬设施: the registry with its approval chains (R-FUN-05), annual inspections, zones and transport rules. */
export function FuneralFacilitiesPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(raw ?? '') ? (raw as TabKey) : 'facilities';
  return (
    <>
      <PageHeader title="殡葬设施" />
      <FuneralNav />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        destroyOnHidden
        items={[
          { key: 'facilities', label: '殡葬设施', children: <FacilitiesTab /> },
          { key: 'inspections', label: '年检', children: <InspectionsTab /> },
          { key: 'zones', label: '火葬区与接运规则', children: <ZonesTab /> },
        ]}
      />
    </>
  );
}

const facilityFilters = {
  q: textFilter({ label: '名称', placeholder: '设施名称', width: 200 }),
  kind: choiceFilter(FUNERAL_FACILITY_KIND_LABELS, { label: '类型', width: 150 }),
  status: choiceFilter(FACILITY_STATUS_LABELS, { label: '状态', width: 120 }),
  validity: choiceFilter({ valid: '审批有效', invalid: '审批无效' }, { label: '审批', width: 120 }),
};

/** R-FUN-05 and status in one place: red when the facility may not take business, with the reason. */
function BusinessTags({ f }: { f: FuneralFacilityView }) {
  return (
    <Space size={4} wrap>
      <Tag color={statusColors[f.status]}>{FACILITY_STATUS_LABELS[f.status]}</Tag>
      {f.valid ? <Tag color="green">审批有效</Tag> : <Tag color="red">审批无效</Tag>}
      {f.pendingApplication && <Tag color="blue">审批中</Tag>}
    </Space>
  );
}

function FacilitiesTab() {
  const { hasPermission } = useAuth();
  const manage = hasPermission('funeral:manage');
  const [params, setParams] = useSearchParams();
  const list = useListPage({
    filters: facilityFilters,
    sortKeys: ['name', 'divisionCode', 'kind', 'capacity'],
    load: (query, signal) => facilitiesApi.facilities(query, signal),
  });
  const openId = params.get('id') ?? undefined;
  const setOpenId = (id: string | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set('id', id);
    else next.delete('id');
    setParams(next);
  };
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<FuneralFacilityView> = [
    {
      title: '设施名称',
      key: 'name',
      sorter: true,
      render: (_, f) => <Typography.Link onClick={() => setOpenId(f.id)}>{f.name}</Typography.Link>,
    },
    { title: '类型', key: 'kind', sorter: true, dataIndex: 'kindLabel' },
    { title: '所在区划', key: 'divisionCode', sorter: true, dataIndex: 'divisionName' },
    {
      title: '容量',
      key: 'capacity',
      sorter: true,
      align: 'right',
      render: (_, f) => `${f.capacity.toLocaleString('zh-CN')} ${f.capacityUnit}`,
    },
    {
      title: '批准机关',
      render: (_, f) => FACILITY_APPROVAL_LEVEL_LABELS[f.approvedByLevel],
    },
    {
      title: '业务状态',
      width: 300,
      render: (_, f) => (
        <>
          <BusinessTags f={f} />
          {f.blockedReason && (
            <div>
              <Typography.Text type="danger">{f.blockedReason}</Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: '最近年检',
      render: (_, f) =>
        f.lastInspectionYear ? (
          <Tag color={resultColors[f.lastInspectionResult!]}>
            {f.lastInspectionYear}年 {FACILITY_INSPECTION_RESULT_LABELS[f.lastInspectionResult!]}
          </Tag>
        ) : (
          '未年检'
        ),
    },
  ];
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="设施审批须符合《殡葬管理条例》第八条（R-FUN-05）：审批层级不对的设施审批无效、不得开展业务；年检不合格的暂停业务，复检合格后恢复。备案、公墓年检和许可变更在“审批”中办理。"
      />
      <Space style={{ marginBottom: 12 }}>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记设施
          </Button>
        )}
        <ExportButton href={facilitiesUrls.facilitiesExport(list.exportQuery)} disabled={!list.total} />
        <Link to="/approvals">前往审批待办</Link>
      </Space>
      <FilterCard list={list} name="funeral-facilities-filters" />
      <LoadError error={list.error} title="殡葬设施加载失败" onRetry={list.reload} />
      <LedgerTable<FuneralFacilityView>
        list={list}
        rowKey="id"
        unit="处"
        columns={columns}
        empty={
          list.filtered
            ? '没有符合条件的殡葬设施。'
            : manage
              ? '尚无殡葬设施。点击“登记设施”录入。'
              : '您的管辖范围内尚无殡葬设施。'
        }
      />
      <FacilityDrawer
        facilityId={openId}
        manage={manage}
        onClose={() => setOpenId(undefined)}
        onChanged={list.reload}
      />
      <FacilityModal
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

interface FacilityForm {
  kind: FuneralFacilityKindValue;
  name: string;
  divisionCode: string;
  villageCode?: string;
  ownership: keyof typeof FACILITY_OWNERSHIP_LABELS;
  governmentInvested: boolean;
  address: string;
  phone?: string;
  capacity: number;
  reviewedByLevel?: string;
  approvedByLevel: string;
  approvalDocNo?: string;
  approvedOn?: Dayjs;
  application?: 'none' | 'filing' | 'construction';
  applicationNote?: string;
}

function FacilityModal({
  open,
  facility,
  onClose,
  onSaved,
}: {
  open: boolean;
  facility?: FuneralFacilityDetailView;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const [form] = Form.useForm<FacilityForm>();
  const kind = Form.useWatch('kind', form) ?? facility?.kind;
  const application = Form.useWatch('application', form);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const editing = facility !== undefined;
  return (
    <Modal
      open={open}
      title={facility ? `修改：${facility.name}` : '登记殡葬设施'}
      okText="保存"
      width={720}
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
          const body = {
            ...v,
            villageCode: v.villageCode || null,
            phone: v.phone || null,
            reviewedByLevel: v.reviewedByLevel || null,
            approvalDocNo: v.approvalDocNo || null,
            approvedOn: dateText(v.approvedOn),
            applicationNote: v.applicationNote || null,
          };
          try {
            const saved = facility
              ? await facilitiesApi.update(facility.id, { ...body, version: facility.version })
              : await facilitiesApi.create(body);
            void message.success(saved.pendingApplication ? '已登记，并已提交审批' : '已保存');
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
        name={editing ? 'funeral-facility-edit' : 'funeral-facility-new'}
        preserve={false}
        initialValues={
          facility
            ? {
                ...facility,
                villageCode: facility.villageCode ?? undefined,
                phone: facility.phone ?? undefined,
                reviewedByLevel: facility.reviewedByLevel ?? undefined,
                approvalDocNo: facility.approvalDocNo ?? undefined,
                approvedOn: facility.approvedOn ? dayjs(facility.approvedOn) : undefined,
              }
            : {
                kind: 'funeral_home',
                ownership: 'government',
                governmentInvested: true,
                capacity: 50,
                application: 'none',
              }
        }
      >
        <Space wrap align="start">
          <Form.Item name="kind" label="设施类型" rules={[{ required: true }]}>
            <Select
              disabled={editing}
              style={{ width: 170 }}
              options={Object.entries(FUNERAL_FACILITY_KIND_LABELS).map(([value, label]) => ({
                value,
                label,
              }))}
            />
          </Form.Item>
          <Form.Item name="ownership" label="举办性质" rules={[{ required: true }]}>
            <Select
              style={{ width: 130 }}
              options={Object.entries(FACILITY_OWNERSHIP_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="governmentInvested" label="政府投资（收支两条线）" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="name" label="设施名称" rules={[{ required: true, message: '请填写设施名称' }]}>
            <Input maxLength={60} disabled={editing} style={{ width: 300 }} />
          </Form.Item>
          <Form.Item
            name="divisionCode"
            label="所在区划代码"
            rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/, message: '6 位县级或 9 位乡镇代码' }]}
          >
            <Input maxLength={9} disabled={editing} style={{ width: 140 }} />
          </Form.Item>
          {kind === 'rural_public_cemetery' && (
            <Form.Item
              name="villageCode"
              label="服务村代码（12 位）"
              rules={[{ required: true, pattern: /^\d{12}$/, message: '请填写 12 位村（社区）代码' }]}
              extra="农村公益性墓地只为本村村民提供墓穴（R-FUN-06）"
            >
              <Input maxLength={12} style={{ width: 160 }} />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="address" label="地址" rules={[{ required: true, message: '请填写地址' }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item
            name="capacity"
            label={`容量（${kind ? FUNERAL_CAPACITY_UNITS[kind] : '个'}）`}
            rules={[{ required: true, message: '请填写容量' }]}
            extra={
              editing && PROVINCE_PERMIT_KINDS.includes(kind) ? '公墓容量须通过许可事项变更报批' : undefined
            }
          >
            <InputNumber min={0} max={1000000} disabled={editing && PROVINCE_PERMIT_KINDS.includes(kind)} />
          </Form.Item>
          <Form.Item name="phone" label="电话">
            <Input maxLength={30} />
          </Form.Item>
        </Space>
        <Card size="small" title="审批链（R-FUN-05）" style={{ marginBottom: 12 }}>
          {application === 'construction' ? (
            <Typography.Text type="secondary">
              公墓建设许可提交后由县级民政部门审核、省级民政部门审批，批准后自动记录审批链。
            </Typography.Text>
          ) : (
            <Space wrap align="start">
              <Form.Item name="reviewedByLevel" label="审核机关">
                <Select allowClear style={{ width: 180 }} options={levelOptions} />
              </Form.Item>
              <Form.Item
                name="approvedByLevel"
                label="批准机关"
                rules={[{ required: true, message: '请选择批准机关' }]}
              >
                <Select style={{ width: 180 }} options={levelOptions} />
              </Form.Item>
              <Form.Item name="approvalDocNo" label="批准文号">
                <Input maxLength={60} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name="approvedOn" label="批准日期">
                <DatePicker />
              </Form.Item>
            </Space>
          )}
        </Card>
        {!editing && (
          <Space wrap align="start">
            <Form.Item name="application" label="同时提交网上审批">
              <Select
                style={{ width: 220 }}
                options={[
                  { value: 'none', label: '不提交（已批准设施补录）' },
                  ...(kind === 'funeral_home' || kind === 'crematorium'
                    ? [{ value: 'filing', label: '殡仪馆备案审核' }]
                    : []),
                  ...(PROVINCE_PERMIT_KINDS.includes(kind)
                    ? [{ value: 'construction', label: '公墓建设许可' }]
                    : []),
                ]}
              />
            </Form.Item>
            {application && application !== 'none' && (
              <Form.Item name="applicationNote" label="申请说明" extra="审批通过前该设施暂停业务">
                <Input.TextArea maxLength={500} autoSize style={{ width: 320 }} />
              </Form.Item>
            )}
          </Space>
        )}
      </Form>
    </Modal>
  );
}

function FacilityDrawer({
  facilityId,
  manage,
  onClose,
  onChanged,
}: {
  facilityId: string | undefined;
  manage: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const enabled = facilityId !== undefined;
  const detail = useApi((signal) => facilitiesApi.facility(facilityId ?? '', signal), [facilityId], enabled);
  const f = detail.data?.id === facilityId ? detail.data : undefined;
  const [dialog, setDialog] = useState<'edit' | 'inspection' | 'permit' | 'resubmit'>();
  const lastAdmission = f?.applications.find((a) => a.kind === 'filing' || a.kind === 'construction');
  const mayResubmit =
    manage &&
    lastAdmission !== undefined &&
    lastAdmission.status === 'rejected' &&
    f?.pendingApplication === null;
  const reload = () => {
    detail.reload();
    onChanged();
  };
  const applicationColumns: TableColumnsType<FacilityApplicationView> = [
    { title: '事项', dataIndex: 'kindLabel' },
    {
      title: '内容',
      render: (_, a) =>
        Object.keys(a.changes).length
          ? Object.entries(a.changes)
              .map(
                ([k, v]) =>
                  `${({ name: '名称', capacity: '容量', address: '地址' } as Record<string, string>)[k] ?? k}→${String(v)}`,
              )
              .join('；')
          : (a.note ?? '—'),
    },
    { title: '提交', render: (_, a) => `${formatDateTime(a.submittedAt)} ${a.submittedBy}` },
    {
      title: '状态',
      render: (_, a) => (
        <Space size={4} wrap>
          <Tag color={a.status === 'approved' ? 'green' : a.status === 'pending' ? 'blue' : 'red'}>
            {applicationStatusLabels[a.status]}
          </Tag>
          {a.decisionReason}
        </Space>
      ),
    },
    {
      title: '审批',
      render: (_, a) =>
        a.status === 'pending' ? <Link to="/approvals">到审批待办处理</Link> : formatDateTime(a.decidedAt),
    },
  ];
  const inspectionColumns: TableColumnsType<FacilityInspectionView> = [
    { title: '年度', render: (_, i) => `${i.year}年${i.round > 1 ? `（复检${i.round - 1}）` : ''}` },
    { title: '检查日期', render: (_, i) => formatDate(i.inspectedOn) },
    { title: '检查人', dataIndex: 'inspector' },
    { title: '检查情况', dataIndex: 'findings', width: 220 },
    {
      title: '结论',
      render: (_, i) => (
        <Space size={4} wrap>
          <Tag color={resultColors[i.result]}>{FACILITY_INSPECTION_RESULT_LABELS[i.result]}</Tag>
          {i.rectifyBy && <span>期限 {formatDate(i.rectifyBy)}</span>}
          {i.rectificationOverdue && <Tag color="red">整改逾期</Tag>}
        </Space>
      ),
    },
    { title: '审核', render: (_, i) => inspectionStatusLabels[i.status] },
  ];
  return (
    <Drawer open={enabled} onClose={onClose} size="large" title={f?.name ?? '殡葬设施'} destroyOnHidden>
      <LoadError error={detail.error} title="设施信息加载失败" onRetry={detail.reload} />
      {f && (
        <>
          {f.blockedReason && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={`不得开展业务：${f.blockedReason}`}
            />
          )}
          <Descriptions
            size="small"
            column={2}
            bordered
            style={{ marginBottom: 16 }}
            extra={
              manage && (
                <Space wrap>
                  <Button onClick={() => setDialog('edit')}>修改</Button>
                  <Button
                    type="primary"
                    onClick={() => setDialog('inspection')}
                    disabled={f.status === 'closed'}
                  >
                    登记年检
                  </Button>
                  {mayResubmit && (
                    <Button danger onClick={() => setDialog('resubmit')}>
                      重新提交{lastAdmission.kindLabel}
                    </Button>
                  )}
                  {PROVINCE_PERMIT_KINDS.includes(f.kind) && (
                    <Button onClick={() => setDialog('permit')} disabled={f.pendingApplication !== null}>
                      许可事项变更
                    </Button>
                  )}
                </Space>
              )
            }
          >
            <Descriptions.Item label="类型">{f.kindLabel}</Descriptions.Item>
            <Descriptions.Item label="业务状态">
              <BusinessTags f={f} />
            </Descriptions.Item>
            <Descriptions.Item label="所在区划">{f.divisionName}</Descriptions.Item>
            <Descriptions.Item label="容量">
              {f.capacity.toLocaleString('zh-CN')} {f.capacityUnit}
            </Descriptions.Item>
            {f.villageCode && <Descriptions.Item label="服务村代码">{f.villageCode}</Descriptions.Item>}
            <Descriptions.Item label="举办性质">
              {FACILITY_OWNERSHIP_LABELS[f.ownership]}
              {f.governmentInvested ? '（政府投资，收支两条线）' : ''}
            </Descriptions.Item>
            <Descriptions.Item label="地址" span={2}>
              {f.address}
            </Descriptions.Item>
            <Descriptions.Item label="电话">{f.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="审批规则" span={2}>
              {f.approvalRule}
            </Descriptions.Item>
            <Descriptions.Item label="审核机关">
              {f.reviewedByLevel ? FACILITY_APPROVAL_LEVEL_LABELS[f.reviewedByLevel] : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="批准机关">
              {FACILITY_APPROVAL_LEVEL_LABELS[f.approvedByLevel]}
            </Descriptions.Item>
            <Descriptions.Item label="批准文号">{f.approvalDocNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="批准日期">{formatDate(f.approvedOn) || '—'}</Descriptions.Item>
            <Descriptions.Item label="审批有效性" span={2}>
              {f.valid ? (
                <Tag color="green">有效</Tag>
              ) : (
                <Typography.Text type="danger">无效：{f.invalidReason}</Typography.Text>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title="网上审批事项（备案、建设许可、许可变更）" style={{ marginBottom: 16 }}>
            <LedgerTable<FacilityApplicationView>
              card={false}
              rowKey="id"
              size="small"
              columns={applicationColumns}
              dataSource={f.applications}
              pageSize={false}
              empty="无审批事项。"
            />
          </Card>
          <Card size="small" title="年检记录" style={{ marginBottom: 16 }}>
            <LedgerTable<FacilityInspectionView>
              card={false}
              rowKey="id"
              size="small"
              columns={inspectionColumns}
              dataSource={f.inspections}
              pageSize={false}
              empty={manage ? '尚无年检记录。点击“登记年检”录入。' : '尚无年检记录。'}
            />
          </Card>
          <AttachmentsPanel
            ownerType="funeral_facility"
            ownerId={f.id}
            title="设施材料（年检佐证、备案与许可材料）"
          />
          <FacilityModal
            open={dialog === 'edit'}
            facility={f}
            onClose={() => setDialog(undefined)}
            onSaved={reload}
          />
          <InspectionModal
            open={dialog === 'inspection'}
            facility={f}
            onClose={() => setDialog(undefined)}
            onSaved={reload}
          />
          <ResubmitModal
            open={dialog === 'resubmit'}
            facility={f}
            onClose={() => setDialog(undefined)}
            onSaved={reload}
          />
          <PermitModal
            open={dialog === 'permit'}
            facility={f}
            onClose={() => setDialog(undefined)}
            onSaved={reload}
          />
        </>
      )}
    </Drawer>
  );
}

function InspectionModal({
  open,
  facility,
  onClose,
  onSaved,
}: {
  open: boolean;
  facility: FuneralFacilityDetailView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{
    year: number;
    inspectedOn: Dayjs;
    inspector: string;
    findings: string;
    result: 'pass' | 'rectify' | 'fail';
    rectifyBy?: Dayjs;
    evidenceId?: string;
  }>();
  const result = Form.useWatch('result', form);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const cemetery = FUNERAL_CEMETERY_KINDS.includes(facility.kind);
  return (
    <Modal
      open={open}
      title={`登记年检结果：${facility.name}`}
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
            await facilitiesApi.recordInspection(facility.id, {
              year: v.year,
              inspectedOn: dateText(v.inspectedOn),
              inspector: v.inspector,
              findings: v.findings,
              result: v.result,
              rectifyBy: v.result === 'rectify' ? dateText(v.rectifyBy) : null,
              evidenceIds: v.evidenceId ? [v.evidenceId] : [],
            });
            void message.success(cemetery ? '已登记，已提交公墓年检审核' : '已登记年检结果');
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
      {cemetery && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="公墓年检结果须经县级民政部门审核（公墓年检审核）后生效。"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        name="funeral-inspection-new"
        preserve={false}
        initialValues={{ year: dayjs().year(), inspectedOn: dayjs(), result: 'pass' }}
      >
        <Space wrap align="start">
          <Form.Item name="year" label="年检年度" rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item
            name="inspectedOn"
            label="检查日期"
            rules={[{ required: true, message: '请选择检查日期' }]}
          >
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="inspector" label="检查人" rules={[{ required: true, message: '请填写检查人' }]}>
          <Input maxLength={60} placeholder="单位及姓名" />
        </Form.Item>
        <Form.Item name="findings" label="检查情况" rules={[{ required: true, message: '请填写检查情况' }]}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 3 }} />
        </Form.Item>
        <Form.Item name="result" label="结论" extra="不合格：暂停业务，复检合格后恢复；限期整改须填整改期限">
          <Select
            style={{ width: 160 }}
            options={Object.entries(FACILITY_INSPECTION_RESULT_LABELS).map(([value, label]) => ({
              value,
              label,
            }))}
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
          <AttachmentPicker ownerType="funeral_facility" ownerId={facility.id} kind="inspection_evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PermitModal({
  open,
  facility,
  onClose,
  onSaved,
}: {
  open: boolean;
  facility: FuneralFacilityDetailView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ name?: string; capacity?: number; address?: string; note: string }>();
  const [error, setError] = useState<string>();
  return (
    <Modal
      open={open}
      title={`公墓许可事项变更：${facility.name}`}
      okText="提交审批"
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      onOk={() =>
        whenValid(form, async (v) => {
          setError(undefined);
          try {
            await facilitiesApi.permitChange(facility.id, {
              ...(v.name && v.name !== facility.name ? { name: v.name } : {}),
              ...(v.capacity !== undefined && v.capacity !== facility.capacity
                ? { capacity: v.capacity }
                : {}),
              ...(v.address && v.address !== facility.address ? { address: v.address } : {}),
              note: v.note,
            });
            void message.success('已提交：县级民政部门审核后报省级民政部门审批');
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
        name="funeral-permit-change"
        preserve={false}
        initialValues={{ name: facility.name, capacity: facility.capacity, address: facility.address }}
      >
        <Form.Item name="name" label="名称">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="capacity" label={`容量（${facility.capacityUnit}）`}>
          <InputNumber min={0} max={1000000} />
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="note" label="变更理由" rules={[{ required: true, message: '请填写变更理由' }]}>
          <Input.TextArea maxLength={500} autoSize />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResubmitModal({
  open,
  facility,
  onClose,
  onSaved,
}: {
  open: boolean;
  facility: FuneralFacilityDetailView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ note: string }>();
  const [error, setError] = useState<string>();
  return (
    <Modal
      open={open}
      title={`重新提交审批：${facility.name}`}
      okText="提交审批"
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      onOk={() =>
        whenValid(form, async (v) => {
          setError(undefined);
          try {
            await facilitiesApi.resubmit(facility.id, v);
            void message.success('已重新提交，审批通过前该设施暂停业务');
            onClose();
            onSaved();
          } catch (e) {
            setError(applyServerError(form, e));
          }
        })
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="funeral-facility-resubmit" preserve={false}>
        <Form.Item
          name="note"
          label="申请说明（补正情况）"
          rules={[{ required: true, message: '请填写申请说明' }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const inspectionFilters = {
  year: choiceFilter(
    Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => `${dayjs().year() - i}`).map((y) => [y, `${y}年`]),
    ),
    { label: '年度', width: 110 },
  ),
  result: choiceFilter(FACILITY_INSPECTION_RESULT_LABELS, { label: '结论', width: 120 }),
  status: choiceFilter(inspectionStatusLabels, { label: '审核状态', width: 120 }),
};

function InspectionsTab() {
  const list = useListPage({
    filters: inspectionFilters,
    sortKeys: ['inspectedOn', 'facilityName', 'result', 'year'],
    load: (query, signal) => facilitiesApi.inspections(query, signal),
  });
  const [, setParams] = useSearchParams();
  const due = useApi((signal) => facilitiesApi.inspectionsDue(signal), []);
  const open = (id: string) => setParams({ tab: 'facilities', id });
  const columns: TableColumnsType<FacilityInspectionView> = [
    { title: '检查日期', key: 'inspectedOn', sorter: true, render: (_, i) => formatDate(i.inspectedOn) },
    {
      title: '设施名称',
      key: 'facilityName',
      sorter: true,
      render: (_, i) => (
        <Typography.Link onClick={() => open(i.facilityId)}>{i.facilityName}</Typography.Link>
      ),
    },
    { title: '类型', render: (_, i) => FUNERAL_FACILITY_KIND_LABELS[i.facilityKind] },
    { title: '区划', dataIndex: 'divisionName' },
    {
      title: '年度',
      key: 'year',
      sorter: true,
      render: (_, i) => `${i.year}年${i.round > 1 ? `（复检${i.round - 1}）` : ''}`,
    },
    {
      title: '结论',
      key: 'result',
      sorter: true,
      render: (_, i) => (
        <Space size={4} wrap>
          <Tag color={resultColors[i.result]}>{FACILITY_INSPECTION_RESULT_LABELS[i.result]}</Tag>
          {i.rectificationOverdue && <Tag color="red">整改逾期</Tag>}
        </Space>
      ),
    },
    { title: '整改期限', render: (_, i) => formatDate(i.rectifyBy) || '—' },
    {
      title: '审核',
      render: (_, i) =>
        i.status === 'pending' ? (
          <Link to="/approvals">待审核（去审批）</Link>
        ) : (
          inspectionStatusLabels[i.status]
        ),
    },
    { title: '检查人', dataIndex: 'inspector' },
  ];
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="每个设施每年年检一次（默认于 3 月 31 日前完成，可在配置中调整）；不合格暂停业务，复检合格后恢复；公墓的年检结果经审核后生效。"
      />
      <LoadError error={due.error} title="应办年检加载失败" onRetry={due.reload} />
      {due.data && (due.data.missing.length > 0 || due.data.overdueRectifications.length > 0) && (
        <Card size="small" title="今日应办" style={{ marginBottom: 12 }}>
          {due.data.missing.length > 0 && (
            <Typography.Paragraph>
              <Tag color={due.data.pastDue ? 'red' : 'orange'}>
                {due.data.pastDue ? '年检逾期' : `年检截止 ${due.data.dueOn}`}
              </Tag>
              {due.data.year}年度尚未年检（{due.data.missing.length} 处）：
              {due.data.missing.map((m, n) => (
                <span key={m.id}>
                  {n > 0 && '、'}
                  <Typography.Link onClick={() => open(m.id)}>{m.name}</Typography.Link>
                </span>
              ))}
            </Typography.Paragraph>
          )}
          {due.data.overdueRectifications.length > 0 && (
            <Typography.Paragraph style={{ marginBottom: 0 }}>
              <Tag color="red">整改逾期</Tag>
              期限已过、尚未复查：
              {due.data.overdueRectifications.map((o, n) => (
                <span key={o.facilityId}>
                  {n > 0 && '、'}
                  <Typography.Link onClick={() => open(o.facilityId)}>{o.facilityName}</Typography.Link>
                  （期限 {formatDate(o.rectifyBy)}）
                </span>
              ))}
            </Typography.Paragraph>
          )}
        </Card>
      )}
      <Space style={{ marginBottom: 12 }}>
        <ExportButton href={facilitiesUrls.inspectionsExport(list.exportQuery)} disabled={!list.total} />
      </Space>
      <FilterCard list={list} name="funeral-inspections-filters" />
      <LoadError error={list.error} title="年检台账加载失败" onRetry={list.reload} />
      <LedgerTable<FacilityInspectionView>
        list={list}
        rowKey="id"
        columns={columns}
        empty={
          list.filtered ? '没有符合条件的年检记录。' : '尚无年检记录。在“殡葬设施”中打开设施后登记年检。'
        }
      />
    </>
  );
}

function ZonesTab() {
  const zones = useApi((signal) => facilitiesApi.zones(signal), []);
  const [form] = Form.useForm<{ divisionCode: string; on: Dayjs }>();
  const [query, setQuery] = useState<{ divisionCode: string; on: string }>();
  const lookup = useApi(
    (signal) => facilitiesApi.lookup(query ?? {}, signal),
    [query?.divisionCode, query?.on],
    query !== undefined,
  );
  const z = zones.data;
  const carriers = (cs: readonly (keyof typeof CARRIER_LABELS)[]) =>
    cs.map((c) => CARRIER_LABELS[c]).join('、');
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="火葬区、土葬改革区（R-FUN-01）、接运规则（R-FUN-04）和基本殡葬服务全覆盖地区（R-FUN-09）是配置数据（配置文件 lines.funeral：zoneAreas、transportRules、universalCoverage），修改后重启生效；死亡日期决定适用哪一版划定。"
      />
      <Card size="small" title="查询：输入区划代码和日期" style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="inline"
          name="funeral-zone-lookup"
          initialValues={{ divisionCode: '430102', on: dayjs() }}
          onFinish={(v) => setQuery({ divisionCode: v.divisionCode, on: v.on.format('YYYY-MM-DD') })}
        >
          <Form.Item
            name="divisionCode"
            label="区划代码"
            rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/, message: '6 位县级或 9 位乡镇代码' }]}
          >
            <Input maxLength={9} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="on" label="日期（死亡日期）" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form>
        <LoadError error={lookup.error} title="查询失败" />
        {query && lookup.data && (
          <Descriptions size="small" bordered column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label="区划">
              {lookup.data.divisionName}（{lookup.data.divisionCode}），{lookup.data.on}
            </Descriptions.Item>
            <Descriptions.Item label="火葬区/土葬改革区">
              <Tag color={lookup.data.zone === 'cremation' ? 'blue' : 'gold'}>{lookup.data.zoneLabel}</Tag>
              {lookup.data.zoneArea
                ? `依据：${lookup.data.zoneArea.basis}（${lookup.data.zoneArea.approvedBy ?? '—'}，${lookup.data.zoneArea.from} 起）`
                : '未单独划定，按全省默认'}
              {lookup.data.zone === 'cremation' && '：在此死亡的一律火化，不得土葬'}
            </Descriptions.Item>
            <Descriptions.Item label="接运规则">
              {lookup.data.transport.name}：{carriers(lookup.data.transport.carriers)}
              {lookup.data.transport.collectionFree ? '，免费接运' : ''}（{lookup.data.transport.basis}）
            </Descriptions.Item>
            <Descriptions.Item label="基本殡葬服务全覆盖">
              {lookup.data.coverage
                ? `${lookup.data.coverage.scope === 'everyone' ? '在此死亡者' : '户籍居民'}免除基本殡葬服务费（${lookup.data.coverage.basis}，${lookup.data.coverage.from} 起）`
                : '未全覆盖：特困、低保、优抚对象等按政策免除'}
            </Descriptions.Item>
            <Descriptions.Item label="适用条例">
              {lookup.data.regulationEra === 'from_2026'
                ? '修订后《殡葬管理条例》（2026-03-30 起）'
                : '修订前规定（按死亡日期）'}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <LoadError error={zones.error} title="配置加载失败" onRetry={zones.reload} />
      {z && (
        <>
          <Card
            size="small"
            title={`火葬区划定与豁免（未划定的地区默认为${z.defaultZone === 'cremation' ? '火葬区' : '土葬改革区'}）`}
            style={{ marginBottom: 16 }}
          >
            <LedgerTable
              card={false}
              rowKey={(a) => `${a.divisionCode}-${a.from}`}
              size="small"
              pageSize={false}
              dataSource={z.zoneAreas}
              columns={[
                { title: '区划', render: (_, a) => `${a.divisionName}（${a.divisionCode}）` },
                { title: '类别', render: (_, a) => (a.zone === 'cremation' ? '火葬区' : '土葬改革区') },
                { title: '批准机关', render: (_, a) => a.approvedBy ?? '—' },
                { title: '依据', dataIndex: 'basis' },
                { title: '起始日期', dataIndex: 'from' },
              ]}
              empty="未配置单独划定或豁免的地区：全省均按火葬区管理。"
            />
          </Card>
          <Card size="small" title="遗体接运规则" style={{ marginBottom: 16 }}>
            <LedgerTable
              card={false}
              rowKey="divisionCode"
              size="small"
              pageSize={false}
              dataSource={[
                ...z.transportRules,
                { divisionCode: '43', name: '全省默认', ...z.defaultTransport },
              ]}
              columns={[
                { title: '地区', render: (_, r) => `${r.name}（${r.divisionCode}）` },
                { title: '可承运方', render: (_, r) => carriers(r.carriers) },
                {
                  title: '接运收费',
                  render: (_, r) => (r.collectionFree ? <Tag color="green">免费</Tag> : '按价目表'),
                },
                { title: '依据', dataIndex: 'basis' },
              ]}
              empty="—"
            />
          </Card>
          <Card size="small" title="基本殡葬服务全覆盖地区" style={{ marginBottom: 16 }}>
            <LedgerTable
              card={false}
              rowKey="divisionCode"
              size="small"
              pageSize={false}
              dataSource={z.universalCoverage}
              columns={[
                { title: '地区', render: (_, c) => `${c.divisionName}（${c.divisionCode}）` },
                { title: '覆盖对象', render: (_, c) => (c.scope === 'everyone' ? '在此死亡者' : '户籍居民') },
                { title: '起始日期', dataIndex: 'from' },
                { title: '依据', dataIndex: 'basis' },
              ]}
              empty="未配置全覆盖地区。"
            />
          </Card>
          <Typography.Paragraph type="secondary">
            2026 年规则变更日期：修订后《殡葬管理条例》{z.ruleDates.regulation2026}（按死亡日期）；收费政策{' '}
            {z.ruleDates.feePolicy2026}（按服务日期）；全国统一《居民死亡医学证明》
            {z.ruleDates.nationalDeathCertificate}
            （按签发日期）。
          </Typography.Paragraph>
        </>
      )}
    </>
  );
}
