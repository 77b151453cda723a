/**
 * 整治台账: illegal graves and facilities found (category, place, forbidden-location flags, deadline),
 * evidence photos, closure (销号) only with closure evidence, overdue flagged, and the counts by division
 * (found / closed / open / overdue) with their Excel export.
 */
import {
  LOCATION_FLAG_LABELS,
  REMEDIATION_CATEGORY_LABELS,
  type RemediationCategory,
} from '@social-affairs/kernel/contracts/funeral';
import { childrenOf } from '@social-affairs/kernel';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { AttachmentsPanel, type AttachmentView } from '../../app/attachments';
import { useAuth } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { formatDate } from '../../app/format';
import { applyServerError } from '../../app/form-errors';
import {
  ExportButton,
  ListPage,
  choiceFilter,
  dateRangeFilter,
  textFilter,
  useListPage,
} from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { cemeteriesApi, cemeteriesUrls, type RemediationDto } from './cemeteries.api';
import { FuneralNav } from './funeral-nav';

const STATE_LABELS = { open: '整改中', overdue: '已逾期', closed: '已销号' } as const;
const filters = {
  q: textFilter({ label: '关键字', placeholder: '位置或情况', width: 180 }),
  category: choiceFilter(REMEDIATION_CATEGORY_LABELS, { label: '类别', width: 240 }),
  state: choiceFilter(STATE_LABELS, { label: '状态', width: 110 }),
  period: dateRangeFilter({ label: '发现日期' }),
};

const stateTag = (f: RemediationDto) =>
  f.status === 'closed' ? (
    <Tag color="success">已销号 {f.closedOn}</Tag>
  ) : f.overdue ? (
    <Tag color="error">已逾期</Tag>
  ) : (
    <Tag color="warning">整改中</Tag>
  );

interface FindingForm {
  category: RemediationCategory;
  divisionCode: string;
  location: string;
  locationFlags: string[];
  protectedHistoric: boolean;
  description: string;
  foundOn: Dayjs;
  deadline: Dayjs;
}

function RecordDialog({ onDone, onClose }: { onDone: (f: RemediationDto) => void; onClose: () => void }) {
  const { current } = useDivision();
  const [form] = Form.useForm<FindingForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const towns = childrenOf(current.code);
  const divisions = [
    { value: current.code, label: `${current.name}（本级）` },
    ...towns.map((t) => ({ value: t.code, label: t.name })),
  ];
  const onOk = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const f = await cemeteriesApi.recordFinding({
        ...v,
        locationFlags: v.locationFlags ?? [],
        protectedHistoric: Boolean(v.protectedHistoric),
        foundOn: v.foundOn.format('YYYY-MM-DD'),
        deadline: v.deadline.format('YYYY-MM-DD'),
      });
      void message.success('已登记整治台账');
      onDone(f);
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="登记整治发现"
      okText="登记"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void onOk().catch(() => undefined)}
      destroyOnHidden
      width={680}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="funeral-remediation"
        initialValues={{
          category: 'scattered_grave_forbidden',
          divisionCode: towns[0]?.code ?? current.code,
          locationFlags: [],
          foundOn: dayjs(),
          deadline: dayjs().add(30, 'day'),
        }}
      >
        <Form.Item name="category" label="类别">
          <Select
            options={Object.entries(REMEDIATION_CATEGORY_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="divisionCode"
            label="所在区划（乡镇、街道或县市区）"
            rules={[{ required: true, message: '请选择区划' }]}
            style={{ flex: 1 }}
          >
            <Select showSearch optionFilterProp="label" options={divisions} />
          </Form.Item>
          <Form.Item
            name="location"
            label="具体位置"
            rules={[{ required: true, message: '请填写具体位置' }]}
            style={{ flex: 2 }}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Flex>
        <Form.Item name="locationFlags" label="所在禁止区域（R-FUN-07，三沿六区）">
          <Checkbox.Group
            options={Object.entries(LOCATION_FLAG_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="protectedHistoric" valuePropName="checked">
          <Checkbox>属于受保护的古墓葬（不列入整治）</Checkbox>
        </Form.Item>
        <Form.Item
          name="description"
          label="情况描述"
          rules={[{ required: true, message: '请填写情况描述' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="foundOn" label="发现日期" rules={[{ required: true }]} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="deadline" label="整改期限" rules={[{ required: true }]} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

function FindingDrawer({
  finding,
  onClose,
  onChanged,
}: {
  finding: RemediationDto;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { hasPermission } = useAuth();
  const [form] = Form.useForm<{ closedOn: Dayjs; closureNote: string; evidenceAttachmentIds: string[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [evidence, setEvidence] = useState<AttachmentView[]>([]);
  const closable = finding.status === 'open' && hasPermission('funeral:write');
  const closeIt = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await cemeteriesApi.closeFinding(finding.id, {
        closedOn: v.closedOn.format('YYYY-MM-DD'),
        closureNote: v.closureNote,
        evidenceAttachmentIds: v.evidenceAttachmentIds ?? [],
      });
      void message.success('已销号');
      onChanged();
      onClose();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  const closureKinds = evidence.filter((a) => a.kind === 'closure_photo' || a.kind === 'closure_document');
  return (
    <Drawer open title={`整治台账：${finding.location}`} onClose={onClose} width={620}>
      <Typography.Paragraph>
        {REMEDIATION_CATEGORY_LABELS[finding.category]} · {finding.divisionName} · 发现于 {finding.foundOn} ·
        整改期限 {finding.deadline} {stateTag(finding)}
      </Typography.Paragraph>
      {finding.locationFlags.length > 0 && (
        <Typography.Paragraph>
          禁止区域：{finding.locationFlags.map((f) => LOCATION_FLAG_LABELS[f]).join('、')}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph>{finding.description}</Typography.Paragraph>
      {finding.status === 'closed' && (
        <Alert
          type="success"
          showIcon
          title={`已于 ${finding.closedOn} 销号：${finding.closureNote ?? ''}`}
          style={{ marginBottom: 12 }}
        />
      )}
      <AttachmentsPanel
        ownerType="funeral_remediation"
        ownerId={finding.id}
        title="现场照片与销号材料"
        readOnly={!hasPermission('funeral:write')}
        onChange={setEvidence}
        viewReason="查看殡葬整治台账材料"
      />
      {closable && (
        <Card size="small" title="销号" style={{ marginTop: 12 }}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form
            form={form}
            layout="vertical"
            name="funeral-remediation-closure"
            initialValues={{ closedOn: dayjs(), evidenceAttachmentIds: [] }}
          >
            <Form.Item name="closedOn" label="销号日期" rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="closureNote"
              label="整改结果"
              rules={[{ required: true, message: '请填写整改结果' }]}
            >
              <Input.TextArea
                rows={2}
                maxLength={1000}
                placeholder="如：已迁入公墓／已深埋不留坟头，现场恢复原貌"
              />
            </Form.Item>
            <Form.Item
              name="evidenceAttachmentIds"
              label="销号依据（先在上方上传“整改后现场照片”或“整改销号材料”）"
              extra={closureKinds.length === 0 ? '尚无可作为销号依据的材料' : undefined}
            >
              <Select
                mode="multiple"
                options={closureKinds.map((a) => ({
                  value: a.id,
                  label: `${a.kindLabel ?? a.kind}：${a.fileName}`,
                }))}
              />
            </Form.Item>
            <Button type="primary" loading={busy} onClick={() => void closeIt().catch(() => undefined)}>
              销号
            </Button>
          </Form>
        </Card>
      )}
    </Drawer>
  );
}

function Counts({ version }: { version: string }) {
  const { current } = useDivision();
  const counts = useApi(
    (signal) => cemeteriesApi.counts({ division: current.code }, signal),
    [current.code, version],
  );
  const rows = counts.data?.rows ?? [];
  return (
    <Card
      size="small"
      title={`整治进度（按下级区划，${counts.data?.division.name ?? ''}）`}
      style={{ marginBottom: 12 }}
      extra={
        <ExportButton
          href={cemeteriesUrls.countsExport({ division: current.code })}
          disabled={rows.length === 0}
        />
      }
    >
      {counts.error ? (
        <Alert type="error" showIcon title="整治进度加载失败" />
      ) : (
        <Table
          size="small"
          rowKey="divisionCode"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: '暂无整治记录' }}
          columns={[
            { title: '区划', dataIndex: 'divisionName' },
            { title: '发现', dataIndex: 'found' },
            { title: '已销号', dataIndex: 'closed' },
            { title: '整改中', dataIndex: 'open' },
            {
              title: '已逾期',
              dataIndex: 'overdue',
              render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** /funeral/remediation */
export function FuneralRemediationPage() {
  const { hasPermission } = useAuth();
  const [recording, setRecording] = useState(false);
  const [open, setOpen] = useState<RemediationDto>();
  const list = useListPage({
    filters,
    sortKeys: ['foundOn', 'deadline', 'divisionCode'],
    load: (query, signal) => cemeteriesApi.findings(query, signal),
  });
  const overdue = list.items.filter((f) => f.overdue).length;
  const columns: TableColumnsType<RemediationDto> = [
    { title: '发现日期', key: 'foundOn', sorter: true, render: (_, f) => formatDate(f.foundOn) },
    {
      title: '类别',
      render: (_, f) => <div style={{ maxWidth: 200 }}>{REMEDIATION_CATEGORY_LABELS[f.category]}</div>,
    },
    { title: '区划', key: 'divisionCode', sorter: true, render: (_, f) => f.divisionName },
    {
      title: '位置',
      render: (_, f) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => setOpen(f)}
        >
          {f.location}
        </Button>
      ),
    },
    {
      title: '禁止区域',
      render: (_, f) => f.locationFlags.map((x) => LOCATION_FLAG_LABELS[x]).join('、') || '—',
    },
    { title: '整改期限', key: 'deadline', sorter: true, render: (_, f) => formatDate(f.deadline) },
    { title: '状态', render: (_, f) => stateTag(f) },
    {
      title: '下一步',
      render: (_, f) =>
        f.status === 'open' ? (
          <Button size="small" onClick={() => setOpen(f)}>
            上传材料并销号
          </Button>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="殡葬整治台账"
      unit="项"
      exportHref={cemeteriesUrls.findingsExport(list.exportQuery)}
      actions={
        hasPermission('funeral:write') && (
          <Button type="primary" onClick={() => setRecording(true)}>
            登记整治发现
          </Button>
        )
      }
      nav={<FuneralNav />}
      above={
        <>
          {overdue > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={`本页 ${overdue} 项已超过整改期限未销号：请督促整改，整改完成后上传现场照片销号。`}
            />
          )}
          <Counts version={`${list.key}/${list.items.map((f) => f.status).join()}`} />
        </>
      }
      filterName="funeral-remediation-filters"
      breadcrumb
      errorTitle="整治台账加载失败"
      rowKey="id"
      columns={columns}
      empty={list.filtered ? '没有符合条件的记录。' : '还没有整治记录。'}
    >
      {recording && (
        <RecordDialog
          onClose={() => setRecording(false)}
          onDone={(f) => {
            setRecording(false);
            list.reload();
            setOpen(f);
          }}
        />
      )}
      {open && <FindingDrawer finding={open} onClose={() => setOpen(undefined)} onChanged={list.reload} />}
    </ListPage>
  );
}
