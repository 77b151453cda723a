/**
 * The case tab 火化证明与外运: the cremation certificate (issue when the body has been cremated, the
 * lifecycle actions, print, history and re-issue log) and the transport of the body out of the area
 * (R-FUN-03: the document checklist, the request with the home county's certificate, the approval's
 * state, and the departure with the hygiene confirmation).
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import { useApi } from '../../app/use-api';
import { CertificateActionDialog, CertificateActions } from './certificate-dialogs';
import {
  certificateStatusColors,
  certificatesApi,
  transportStatusColors,
  type CertificateRowAction,
  type CertificatesCaseView,
  type CremationCertificateView,
  type TransportRequestView,
} from './certificates.api';
import type { FuneralCaseSection, FuneralCaseSectionProps } from './case-sections';

function IssueForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [form] = Form.useForm<{ crematedOn?: Dayjs; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [askDate, setAskDate] = useState(false);
  const submit = async (v: { crematedOn?: Dayjs; note?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const cert = await certificatesApi.issue(caseId, {
        crematedOn: v.crematedOn?.format('YYYY-MM-DD') ?? null,
        note: v.note || null,
      });
      void message.success(`已出具火化证明 ${cert.number}`);
      onDone();
    } catch (e) {
      if ((e as { code?: string }).code === 'FUNERAL_CERTIFICATE_CREMATION_DATE_REQUIRED') setAskDate(true);
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      layout="inline"
      onFinish={(v) => void submit(v)}
      style={{ marginBottom: 12, rowGap: 8 }}
    >
      {askDate && (
        <Form.Item name="crematedOn" label="火化日期" rules={[{ required: true, message: '请选择火化日期' }]}>
          <DatePicker />
        </Form.Item>
      )}
      <Form.Item name="note" label="备注">
        <Input maxLength={200} style={{ width: 240 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        出具火化证明
      </Button>
      {error && <Alert type="error" showIcon title={error} style={{ width: '100%', marginTop: 8 }} />}
    </Form>
  );
}

interface RequestValues {
  destinationDivisionCode: string;
  destinationAddress: string;
  reason: string;
  carrier?: string;
  homeNumber?: string;
  homeIssuer?: string;
  homeIssuedOn?: Dayjs;
  note?: string;
}

function TransportRequestForm({
  caseId,
  hasHomeCertificate,
  onDone,
}: {
  caseId: string;
  hasHomeCertificate: boolean;
  onDone: () => void;
}) {
  const [form] = Form.useForm<RequestValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: RequestValues) => {
    setBusy(true);
    setError(undefined);
    try {
      await certificatesApi.requestTransport(caseId, {
        destinationDivisionCode: v.destinationDivisionCode,
        destinationAddress: v.destinationAddress,
        reason: v.reason,
        carrier: v.carrier || null,
        note: v.note || null,
        homeCountyCertificate:
          v.homeNumber || v.homeIssuer || v.homeIssuedOn
            ? {
                number: v.homeNumber ?? '',
                issuer: v.homeIssuer ?? '',
                issuedOn: v.homeIssuedOn?.format('YYYY-MM-DD') ?? '',
              }
            : null,
      });
      void message.success('遗体外运申请已提交，等待死亡地县级民政部门审批');
      form.resetFields();
      onDone();
    } catch (e) {
      setError(
        applyServerError(form, e, {
          homeCountyCertificate: 'homeNumber',
          'homeCountyCertificate.number': 'homeNumber',
          'homeCountyCertificate.issuer': 'homeIssuer',
          'homeCountyCertificate.issuedOn': 'homeIssuedOn',
        }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 640 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space wrap align="start">
        <Form.Item
          name="destinationDivisionCode"
          label="目的地（县级行政区划代码）"
          rules={[{ required: true, pattern: /^\d{6}$/, message: '请填写6位县级行政区划代码' }]}
        >
          <Input maxLength={6} placeholder="如 430421" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="destinationAddress"
          label="详细地址"
          rules={[{ required: true, message: '请填写详细地址' }]}
        >
          <Input maxLength={120} style={{ width: 300 }} />
        </Form.Item>
      </Space>
      <Form.Item name="reason" label="外运事由" rules={[{ required: true, message: '请填写外运事由' }]}>
        <Input maxLength={200} placeholder="如：回户籍地火化安葬" />
      </Form.Item>
      <Form.Item name="carrier" label="承运单位">
        <Input maxLength={60} placeholder="如：殡仪馆遗体接运车" />
      </Form.Item>
      <Typography.Title level={5}>户籍地县级民政部门证明</Typography.Title>
      {hasHomeCertificate ? (
        <Alert
          type="success"
          showIcon
          title="本档案已登记有效的户籍地证明，可直接提交。"
          style={{ marginBottom: 12 }}
        />
      ) : (
        <Space wrap align="start">
          <Form.Item
            name="homeNumber"
            label="证明编号"
            rules={[{ required: true, message: '须有户籍地证明：请填写编号' }]}
          >
            <Input maxLength={60} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="homeIssuer"
            label="出具单位"
            rules={[{ required: true, message: '请填写出具单位' }]}
          >
            <Input maxLength={60} placeholder="如：衡阳县民政局" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="homeIssuedOn"
            label="出具日期"
            rules={[{ required: true, message: '请选择出具日期' }]}
          >
            <DatePicker />
          </Form.Item>
        </Space>
      )}
      <Form.Item name="note" label="备注">
        <Input.TextArea maxLength={200} rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        提交遗体外运申请
      </Button>
    </Form>
  );
}

function DepartForm({ request, onDone }: { request: TransportRequestView; onDone: () => void }) {
  const [form] = Form.useForm<{ hygieneDone?: boolean; vehicle?: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: { hygieneDone?: boolean; vehicle?: string; note?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await certificatesApi.depart(request.id, {
        hygieneDone: Boolean(v.hygieneDone),
        vehicle: v.vehicle || null,
        note: v.note || null,
      });
      void message.success('已登记起运，遗体档案记为“已外运”');
      onDone();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="inline" onFinish={(v) => void submit(v)} style={{ rowGap: 8 }}>
      <Form.Item
        name="hygieneDone"
        valuePropName="checked"
        rules={[
          { validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('须先完成卫生处理'))) },
        ]}
      >
        <Checkbox>遗体已进行卫生处理</Checkbox>
      </Form.Item>
      <Form.Item name="vehicle" label="车辆">
        <Input maxLength={40} placeholder="车牌号" style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="note" label="备注">
        <Input maxLength={200} style={{ width: 200 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        起运
      </Button>
      {error && <Alert type="error" showIcon title={error} style={{ width: '100%', marginTop: 8 }} />}
    </Form>
  );
}

function CertificatesTab(props: FuneralCaseSectionProps) {
  const { caseId, revision } = props;
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('funeral:write');
  const [local, setLocal] = useState(0);
  const view = useApi((signal) => certificatesApi.ofCase(caseId, signal), [caseId, revision, local]);
  const [acting, setActing] = useState<{ cert: CremationCertificateView; action: CertificateRowAction }>();
  const changed = () => {
    setLocal((n) => n + 1);
    props.onChanged();
  };
  if (view.error)
    return <Alert type="error" showIcon title="火化证明与外运加载失败" description={errorText(view.error)} />;
  const v: CertificatesCaseView | undefined = view.data;
  if (!v) return <Card loading />;
  const approved = v.transport.requests.find((r) => r.status === 'approved');
  const homeOk = v.transport.checklist.find((c) => c.kind === 'home_county_certificate')?.present ?? false;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="火化证明" size="small">
        {v.issueBlocker ? (
          <Alert type="info" showIcon title={v.issueBlocker} style={{ marginBottom: 12 }} />
        ) : canWrite ? (
          <>
            <Alert
              type="warning"
              showIcon
              title="遗体已火化：下一步请出具火化证明并交家属领取。"
              style={{ marginBottom: 12 }}
            />
            <IssueForm caseId={caseId} onDone={changed} />
          </>
        ) : null}
        <Table<CremationCertificateView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={v.certificates}
          locale={{ emptyText: '尚未出具火化证明' }}
          columns={[
            { title: '证明编号', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{r.number}</span> },
            {
              title: '状态',
              render: (_, r) => <Tag color={certificateStatusColors[r.status]}>{r.statusLabel}</Tag>,
            },
            {
              title: '火化日期',
              render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(r.crematedOn)}</span>,
            },
            { title: '出具', render: (_, r) => `${formatDate(r.issuedOn)} ${r.issuedBy}` },
            {
              title: '领取/登记',
              render: (_, r) =>
                [
                  r.collectorName &&
                    `${r.collectorName}（${r.collectorRelation ?? ''}，${r.collectorResidentIdMasked ?? ''}）领取`,
                  r.registeredOffice && `${r.registeredOffice} ${formatDate(r.registeredOn)}登记`,
                  r.cancelReason && `作废：${r.cancelReason}`,
                  r.replacesNumber && `替代 ${r.replacesNumber}`,
                ]
                  .filter(Boolean)
                  .join('；') || '—',
            },
            {
              title: '操作',
              render: (_, r) => (
                <CertificateActions
                  certificate={r}
                  canWrite={canWrite}
                  onAction={(action) => setActing({ cert: r, action })}
                />
              ),
            },
          ]}
        />
        {v.history.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              办理记录
            </Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={v.history}
              columns={[
                { title: '时间', render: (_, e) => formatDateTime(e.at) },
                { title: '证明编号', render: (_, e) => e.number },
                { title: '事项', render: (_, e) => e.actionLabel },
                { title: '经办人', render: (_, e) => e.actor },
                { title: '说明', render: (_, e) => e.note ?? '—' },
              ]}
            />
          </>
        )}
        {v.reissues.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              补发/换发记录
            </Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={v.reissues}
              columns={[
                { title: '时间', render: (_, r) => formatDateTime(r.at) },
                { title: '原证明', render: (_, r) => r.oldNumber },
                { title: '新证明', render: (_, r) => r.newNumber },
                { title: '原因', render: (_, r) => `${r.reasonLabel}${r.note ? `：${r.note}` : ''}` },
                { title: '经办人', render: (_, r) => r.actor },
              ]}
            />
          </>
        )}
      </Card>

      <Card title="遗体外运" size="small">
        <Space
          style={{
            marginBottom: 12,
            display: v.transport.requestBlocker && v.transport.requests.length === 0 ? 'none' : undefined,
          }}
          wrap
        >
          {v.transport.checklist.map((c) => (
            <Tag key={c.kind} color={c.present ? 'success' : 'default'}>
              {c.present ? '✓' : '✗'} {c.label}
              {c.number ? `：${c.number}` : ''}
            </Tag>
          ))}
        </Space>
        {v.transport.requests.length > 0 && (
          <Table<TransportRequestView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={v.transport.requests}
            style={{ marginBottom: 12 }}
            columns={[
              { title: '申请日期', render: (_, r) => formatDate(r.requestedOn) },
              { title: '目的地', render: (_, r) => `${r.destinationName}${r.destinationAddress}` },
              { title: '事由', render: (_, r) => r.reason },
              {
                title: '状态',
                render: (_, r) => (
                  <>
                    <Tag color={transportStatusColors[r.status]}>{r.statusLabel}</Tag>
                    {r.decisionReason && r.status === 'rejected' ? `理由：${r.decisionReason}` : ''}
                  </>
                ),
              },
              { title: '起运', render: (_, r) => (r.departedAt ? formatDateTime(r.departedAt) : '—') },
            ]}
          />
        )}
        {approved && canWrite && (
          <>
            <Alert
              type="warning"
              showIcon
              title="死亡地民政部门已批准：完成遗体卫生处理后登记起运。"
              style={{ marginBottom: 12 }}
            />
            <DepartForm request={approved} onDone={changed} />
          </>
        )}
        {v.transport.requests.some((r) => r.status === 'pending') && (
          <Alert type="info" showIcon title="遗体外运申请待死亡地县级民政部门审批；批准前不得起运。" />
        )}
        {!v.transport.requestBlocker && canWrite && (
          <TransportRequestForm caseId={caseId} hasHomeCertificate={homeOk} onDone={changed} />
        )}
        {v.transport.requestBlocker && !approved && v.transport.requests.length === 0 && (
          <Typography.Text type="secondary">{v.transport.requestBlocker}</Typography.Text>
        )}
      </Card>
      {acting && (
        <CertificateActionDialog
          certificate={acting.cert}
          action={acting.action}
          onClose={() => setActing(undefined)}
          onDone={(result) => {
            setActing(undefined);
            void message.success(
              acting.action === 'reissue'
                ? `已按新编号 ${result.number} 出具`
                : `已办理：${result.statusLabel}`,
            );
            changed();
          }}
        />
      )}
    </Space>
  );
}

/** Tabs of the case page contributed by the certificates concern (edited only by that concern). */
export const certificatesCaseSections: FuneralCaseSection[] = [
  { key: 'certificates', title: '火化证明与外运', component: CertificatesTab },
];
