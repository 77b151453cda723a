/**
 * 残疾人证 (/disability/certificates): the county register fed from the disability federation. The ledger
 * (search by name or number, category, grade, status; paging, sorting, Excel), the federation's file
 * import with its per-row report and history, the manual entry, and each certificate's detail with its
 * history and the status change (冻结、注销、恢复有效) for the county federation. Numbers are shown masked.
 */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  DISABILITY_CATEGORY_LABELS,
  DISABILITY_GRADE_LABELS,
  tryParseDisabilityCertificateNumber,
} from '@social-affairs/kernel';
import { DISABILITY_CERTIFICATE_STATUS_TEXT } from '@social-affairs/kernel/contracts/disability';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { beijingToday, formatDate, formatDateTime } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import {
  certificateStatusColors,
  certificatesApi,
  certificatesUrls,
  type DisabilityCertificateImportReportBody,
  type DisabilityCertificateView,
} from './certificates.api';
import { DisabilityNav } from './disability-nav';

const categoryNames = Object.fromEntries(
  Object.entries(DISABILITY_CATEGORY_LABELS).map(([k, v]) => [k, `${k} ${v.replace('残疾', '')}`]),
) as Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', string>;
const gradeNames = Object.fromEntries(Object.entries(DISABILITY_GRADE_LABELS)) as Record<
  '1' | '2' | '3' | '4',
  string
>;

const filters = {
  q: textFilter({ label: '姓名或证号', placeholder: '持证人姓名或 20 位证号', width: 220 }),
  category: choiceFilter(categoryNames, { label: '残疾类别', width: 120 }),
  grade: choiceFilter(gradeNames, { label: '残疾等级', width: 110 }),
  status: choiceFilter(DISABILITY_CERTIFICATE_STATUS_TEXT, { label: '状态', width: 110 }),
};

export function DisabilityCertificatesPage() {
  const { hasPermission, user } = useAuth();
  const isFederation = hasPermission('disability:federation');
  const countyLevel = (user?.divisionCode.length ?? 0) === 6;
  const canImport = countyLevel && (isFederation || hasPermission('disability:write'));
  const list = useListPage({
    filters,
    sortKeys: ['name', 'number', 'grade', 'issuedOn', 'validUntil', 'updatedAt'],
    load: (query, signal) => certificatesApi.ledger(query, signal),
  });
  const [importing, setImporting] = useState(false);
  const [recording, setRecording] = useState(false);
  const [open, setOpen] = useState<string>();
  const stopped = list.items.filter((c) => c.status !== 'valid').length;
  const columns: TableColumnsType<DisabilityCertificateView> = [
    {
      title: '残疾人证号',
      key: 'number',
      sorter: true,
      render: (_, r) => (
        <Space size={4}>
          <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
            {r.numberMasked}
          </Typography.Text>
          <Tag color={r.colour === 'red' ? 'red' : 'green'}>{r.colour === 'red' ? '红本' : '绿本'}</Tag>
        </Space>
      ),
    },
    {
      title: '持证人',
      key: 'name',
      sorter: true,
      render: (_, r) => <Link to={`/people/${encodeURIComponent(r.personId)}`}>{r.personName}</Link>,
    },
    { title: '残疾类别', render: (_, r) => r.categoryLabel },
    { title: '残疾等级', key: 'grade', sorter: true, render: (_, r) => r.gradeLabel },
    { title: '发证日期', key: 'issuedOn', sorter: true, render: (_, r) => formatDate(r.issuedOn) },
    {
      title: '有效期至',
      key: 'validUntil',
      sorter: true,
      render: (_, r) => (r.validUntil ? formatDate(r.validUntil) : '长期'),
    },
    {
      title: '状态',
      render: (_, r) => (
        <>
          <Tag color={certificateStatusColors[r.status]}>{r.statusLabel}</Tag>
          {r.status !== 'valid' && r.statusOn && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDate(r.statusOn)}起
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: '发证县区', render: (_, r) => r.divisionName },
    {
      title: '操作',
      render: (_, r) => (
        <Space size={4} wrap>
          <Button size="small" type="link" onClick={() => setOpen(r.id)}>
            详情{isFederation ? '/变更状态' : ''}
          </Button>
          <Link to={`/disability/standards?personId=${encodeURIComponent(r.personId)}`}>标准测算</Link>
        </Space>
      ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="残疾人证"
      unit="本"
      exportHref={certificatesUrls.ledgerExport(list.exportQuery)}
      actions={
        <Space>
          {canImport && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入残联数据
            </Button>
          )}
          {isFederation && (
            <Button type="primary" onClick={() => setRecording(true)}>
              登记残疾人证
            </Button>
          )}
        </Space>
      }
      nav={<DisabilityNav />}
      above={
        <Alert
          type={stopped > 0 ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            stopped > 0
              ? `本页有 ${stopped} 本证不在有效状态（过期、冻结或注销）：持证人的两项补贴自次月起不再发放，由“比对与复核”逐一确认后停发；换领新证后请及时导入。`
              : '残疾人证由县残联按月导入；有效期届满的证件自次日起按“已过期”显示，不再作为发放依据。'
          }
        />
      }
      filterName="disability-certificates-filters"
      errorTitle="残疾人证台账加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的残疾人证。'
          : '还没有残疾人证数据。请县残联点“导入残联数据”上传残联系统导出的文件（先下载模板）。'
      }
    >
      <ImportDialog open={importing} onClose={() => setImporting(false)} onImported={list.reload} />
      <RecordDialog
        open={recording}
        onClose={() => setRecording(false)}
        onDone={(c) => {
          setRecording(false);
          void message.success(`已登记：${c.personName} ${c.numberMasked}`);
          list.reload();
        }}
      />
      <CertificateDrawer
        id={open}
        canChange={isFederation}
        onClose={() => setOpen(undefined)}
        onChanged={list.reload}
      />
    </ListPage>
  );
}

function ImportDialog({
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
  const [report, setReport] = useState<DisabilityCertificateImportReportBody>();
  const history = useApi(
    (signal) => (open ? certificatesApi.imports(signal) : Promise.resolve({ items: [] })),
    [open, report?.runId],
  );
  const close = () => {
    if (busy) return;
    setFile(undefined);
    setError(undefined);
    setReport(undefined);
    onClose();
  };
  return (
    <Modal
      title="导入残联残疾人证数据"
      open={open}
      width={820}
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
            certificatesApi
              .upload(file)
              .then((r) => {
                setReport(r);
                onImported();
              })
              .catch((e: unknown) => setError(e instanceof Error ? e.message : '导入失败'))
              .finally(() => setBusy(false));
          }}
        >
          导入
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">
        上传残联系统导出的 CSV 或 Excel
        文件，列：残疾人证号、公民身份号码、姓名、残疾类别、残疾等级、发证日期、有效期至、状态（有效/过期/冻结/注销）、状态日期、区县代码。
        每行单独校验（证号位数与校验位、类别 1–7、等级
        1–4、证号与身份号码一致、持证人已在人员信息库、第一代证不再登记）；有误的行不导入，同一文件重复导入不产生变化。
      </Typography.Paragraph>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <a href={certificatesUrls.template} download>
          <DownloadOutlined /> 下载导入模板（Excel）
        </a>
        <input
          type="file"
          aria-label="残疾人证数据文件"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.target.files?.[0])}
        />
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {report && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="certificate-import-result">
          <Alert
            type={report.rowsRefused > 0 ? 'warning' : 'success'}
            showIcon
            title={
              report.repeated
                ? `该文件此前已导入（${formatDateTime(report.startedAt)}），本次未做改动`
                : `读取 ${report.rowsRead} 行：新增或变更 ${report.rowsApplied} 行，无变化 ${report.rowsUnchanged} 行，未导入 ${report.rowsRefused} 行`
            }
            action={
              <Button size="small" href={certificatesUrls.report(report.runId)}>
                下载逐行报告
              </Button>
            }
          />
          {report.issues.length > 0 && (
            <Table
              size="small"
              rowKey={(i) => `${i.rowNo}-${i.column}-${i.code}`}
              pagination={{ pageSize: 8 }}
              dataSource={report.issues}
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
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        导入记录
      </Typography.Title>
      <Table
        size="small"
        rowKey="runId"
        pagination={false}
        loading={history.loading}
        dataSource={history.data?.items ?? []}
        locale={{ emptyText: '还没有导入记录。' }}
        columns={[
          { title: '文件', dataIndex: 'fileName' },
          { title: '导入时间', render: (_, r) => formatDateTime(r.startedAt) },
          {
            title: '读取/导入/无变化/未导入',
            render: (_, r) => `${r.rowsRead} / ${r.rowsApplied} / ${r.rowsUnchanged} / ${r.rowsRefused}`,
          },
          { title: '', render: (_, r) => <a href={certificatesUrls.report(r.runId)}>逐行报告</a> },
        ]}
      />
    </Modal>
  );
}

interface RecordForm {
  certificateNumber: string;
  residentId: string;
  issuedOn: string;
  validUntil?: string;
}

function RecordDialog({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (c: DisabilityCertificateView) => void;
}) {
  const [form] = Form.useForm<RecordForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const c = await certificatesApi.record({
        certificateNumber: v.certificateNumber.trim(),
        residentId: v.residentId.trim(),
        issuedOn: v.issuedOn,
        validUntil: v.validUntil || null,
      });
      form.resetFields();
      onDone(c);
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="登记残疾人证（县残联）"
      open={open}
      onCancel={onClose}
      okText="登记"
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        第二代残疾人证号 20 位：持证人 18 位公民身份号码 + 残疾类别（1 视力 2 听力 3 言语 4 肢体 5 智力 6 精神
        7 多重）+ 残疾等级（1–4）。持证人须已在人员信息库中登记。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="record-certificate">
        <Form.Item
          name="residentId"
          label="持证人公民身份号码"
          rules={[{ required: true, whitespace: true, message: '请填写持证人的公民身份号码' }]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="certificateNumber"
          label="残疾人证号"
          dependencies={['residentId']}
          rules={[
            { required: true, whitespace: true, message: '请填写残疾人证号' },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) => {
                if (!value) return Promise.resolve();
                const holder = String(getFieldValue('residentId') ?? '').trim();
                const r = tryParseDisabilityCertificateNumber(
                  value,
                  holder.length === 18 ? { holderResidentId: holder } : {},
                );
                return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
              },
            }),
          ]}
          extra={<CertificateHint form={form} />}
        >
          <Input maxLength={20} autoComplete="off" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="issuedOn" label="发证日期" rules={[{ required: true, message: '请填写发证日期' }]}>
            <Input type="date" max={beijingToday()} />
          </Form.Item>
          <Form.Item name="validUntil" label="有效期至（长期有效留空）">
            <Input type="date" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

function CertificateHint({ form }: { form: ReturnType<typeof Form.useForm<RecordForm>>[0] }) {
  const value = Form.useWatch('certificateNumber', form);
  if (!value || value.trim().length !== 20) return null;
  const r = tryParseDisabilityCertificateNumber(value);
  return r.ok ? (
    <span>
      {r.value.categoryLabel} · {r.value.gradeLabel} · {r.value.colour === 'red' ? '红本' : '绿本'}
    </span>
  ) : null;
}

interface StatusForm {
  status: 'frozen' | 'cancelled' | 'valid';
  on: string;
  reason: string;
  validUntil?: string;
}

function CertificateDrawer({
  id,
  canChange,
  onClose,
  onChanged,
}: {
  id: string | undefined;
  canChange: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const detail = useApi(
    (signal) => (id ? certificatesApi.detail(id, signal) : Promise.resolve(undefined)),
    [id],
  );
  const [form] = Form.useForm<StatusForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const status = Form.useWatch('status', form);
  const c = detail.data?.certificate;
  const choices =
    c?.status === 'valid'
      ? [
          { value: 'frozen', label: '冻结' },
          { value: 'cancelled', label: '注销' },
        ]
      : c?.status === 'frozen'
        ? [
            { value: 'valid', label: '解冻（恢复有效）' },
            { value: 'cancelled', label: '注销' },
          ]
        : c?.status === 'expired'
          ? [
              { value: 'valid', label: '换证续期（恢复有效）' },
              { value: 'cancelled', label: '注销' },
            ]
          : [];
  const submit = async () => {
    if (!id) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const done = await certificatesApi.changeStatus(id, {
        status: v.status,
        on: v.on,
        reason: v.reason.trim(),
        validUntil: v.validUntil || null,
      });
      void message.success(`已办理：${done.statusLabel}`);
      form.resetFields();
      detail.reload();
      onChanged();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer title="残疾人证详情" open={Boolean(id)} onClose={onClose} width={720}>
      {detail.error ? <Alert type="error" showIcon title="残疾人证加载失败" /> : null}
      {c && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="证号">{c.numberMasked}</Descriptions.Item>
            <Descriptions.Item label="持证人">
              <Link to={`/people/${encodeURIComponent(c.personId)}`}>{c.personName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label="残疾类别">{c.categoryLabel}</Descriptions.Item>
            <Descriptions.Item label="残疾等级">{c.gradeLabel}</Descriptions.Item>
            <Descriptions.Item label="发证日期">{formatDate(c.issuedOn)}</Descriptions.Item>
            <Descriptions.Item label="有效期至">
              {c.validUntil ? formatDate(c.validUntil) : '长期'}
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={certificateStatusColors[c.status]}>{c.statusLabel}</Tag>
              {c.statusOn ? `${formatDate(c.statusOn)}起` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="发证县区">{c.divisionName}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            变更记录
          </Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={detail.data?.events ?? []}
            columns={[
              { title: '时间', render: (_, e) => formatDateTime(e.at) },
              { title: '事项', render: (_, e) => `${e.kindLabel}：${e.toStatusLabel}` },
              { title: '生效日期', render: (_, e) => formatDate(e.statusOn) },
              { title: '来源', dataIndex: 'sourceLabel' },
              { title: '原因', render: (_, e) => e.reason ?? '' },
            ]}
          />
          {canChange && choices.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                变更状态（县残联）
              </Typography.Title>
              {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
              <Form
                form={form}
                layout="vertical"
                name="certificate-status"
                initialValues={{ on: beijingToday() }}
              >
                <Flex gap={12} wrap>
                  <Form.Item
                    name="status"
                    label="办理"
                    rules={[{ required: true, message: '请选择办理事项' }]}
                  >
                    <Select style={{ width: 200 }} options={choices} />
                  </Form.Item>
                  <Form.Item
                    name="on"
                    label="生效日期"
                    rules={[{ required: true, message: '请填写生效日期' }]}
                  >
                    <Input type="date" max={beijingToday()} />
                  </Form.Item>
                  {status === 'valid' && c.status === 'expired' && (
                    <Form.Item
                      name="validUntil"
                      label="新证有效期至"
                      rules={[{ required: true, message: '换证续期须填写新的有效期至' }]}
                    >
                      <Input type="date" min={beijingToday()} />
                    </Form.Item>
                  )}
                </Flex>
                <Form.Item
                  name="reason"
                  label="原因"
                  rules={[{ required: true, whitespace: true, min: 2, message: '请填写原因（至少 2 个字）' }]}
                >
                  <Input.TextArea rows={2} maxLength={200} />
                </Form.Item>
                <Button type="primary" loading={busy} onClick={() => void submit().catch(() => undefined)}>
                  办理
                </Button>
                <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
                  冻结、注销、过期的证件自次月起不再作为发放依据。
                </Typography.Text>
              </Form>
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
