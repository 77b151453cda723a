/**
 * The dialogs of a cremation certificate's lifecycle (领取, 登记, 归档, 作废, 补发/换发), shared by the
 * 火化证明 ledger and the case tab. A refused submit keeps what was typed and shows the error beside the
 * field (or above the form).
 */
import {
  CERTIFICATE_ACTION_LABELS,
  CERTIFICATE_REISSUE_REASON_LABELS,
} from '@social-affairs/kernel/contracts/funeral';
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { applyServerError } from '../../app/form-errors';
import { openPrintable } from '../../app/print-document';
import {
  certificatesApi,
  certificatesUrls,
  type CertificateRowAction,
  type CremationCertificateView,
} from './certificates.api';

const titles: Record<CertificateRowAction, string> = {
  collect: '登记领取',
  register: '登记户籍注销',
  archive: '归档',
  cancel: '作废',
  reissue: '补发/换发',
};

interface FormValues {
  collectorName?: string;
  collectorRelation?: string;
  collectorResidentId?: string;
  office?: string;
  registeredOn?: Dayjs;
  reason?: string;
  note?: string;
}

export function CertificateActionDialog({
  certificate,
  action,
  onClose,
  onDone,
}: {
  certificate: CremationCertificateView;
  action: CertificateRowAction;
  onClose: () => void;
  onDone: (result: CremationCertificateView) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: FormValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const body =
        action === 'collect'
          ? {
              collectorName: v.collectorName,
              collectorRelation: v.collectorRelation,
              collectorResidentId: v.collectorResidentId,
              note: v.note || null,
            }
          : action === 'register'
            ? { office: v.office, registeredOn: v.registeredOn?.format('YYYY-MM-DD'), note: v.note || null }
            : action === 'cancel'
              ? { reason: v.reason }
              : action === 'reissue'
                ? { reason: v.reason, note: v.note || null }
                : { note: v.note || null };
      onDone(await certificatesApi.act(certificate.id, action, body));
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${titles[action]}：${certificate.number}`}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <p>
        逝者：{certificate.deceasedName}（{certificate.caseNo}），当前状态：{certificate.statusLabel}
      </p>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ registeredOn: dayjs() }}
      >
        {action === 'collect' && (
          <>
            <Form.Item
              name="collectorName"
              label="领取人姓名"
              rules={[{ required: true, message: '请填写领取人姓名' }]}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              name="collectorRelation"
              label="与逝者关系"
              extra="本案经办人领取的填“经办人”"
              rules={[{ required: true, message: '请填写与逝者关系' }]}
            >
              <Input maxLength={20} placeholder="如：子女、配偶、经办人" />
            </Form.Item>
            <Form.Item
              name="collectorResidentId"
              label="领取人公民身份号码"
              extra="核验身份证件后录入；系统只保存脱敏号码"
              rules={[{ required: true, message: '请录入领取人公民身份号码' }]}
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          </>
        )}
        {action === 'register' && (
          <>
            <Form.Item name="office" label="登记机关" rules={[{ required: true, message: '请填写登记机关' }]}>
              <Input maxLength={60} placeholder="如：长沙市公安局芙蓉分局定王台派出所" />
            </Form.Item>
            <Form.Item
              name="registeredOn"
              label="登记日期"
              rules={[{ required: true, message: '请选择登记日期' }]}
            >
              <DatePicker />
            </Form.Item>
          </>
        )}
        {action === 'cancel' && (
          <Form.Item name="reason" label="作废原因" rules={[{ required: true, message: '请写明作废原因' }]}>
            <Input.TextArea maxLength={200} rows={3} />
          </Form.Item>
        )}
        {action === 'reissue' && (
          <Form.Item name="reason" label="补发/换发原因" rules={[{ required: true, message: '请选择原因' }]}>
            <Select
              options={Object.entries(CERTIFICATE_REISSUE_REASON_LABELS).map(([value, label]) => ({
                value,
                label,
              }))}
            />
          </Form.Item>
        )}
        {action !== 'cancel' && (
          <Form.Item name="note" label="备注">
            <Input.TextArea maxLength={200} rows={2} />
          </Form.Item>
        )}
        {action === 'reissue' && (
          <Alert
            type="warning"
            showIcon
            title="原证明将作废，按新编号出具新证明，并记入补发/换发记录。"
            style={{ marginBottom: 12 }}
          />
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} danger={action === 'cancel'}>
            确认{titles[action]}
          </Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** The row's action buttons: those the certificate's status allows, and 打印 unless cancelled. */
export function CertificateActions({
  certificate,
  canWrite,
  onAction,
}: {
  certificate: CremationCertificateView;
  canWrite: boolean;
  onAction: (action: CertificateRowAction) => void;
}) {
  return (
    <Space size={4} wrap>
      {canWrite &&
        certificate.actions.map((a) => (
          <Button
            key={a}
            size="small"
            danger={a === 'cancel'}
            onClick={() => onAction(a as CertificateRowAction)}
          >
            {a === 'reissue' ? '补发/换发' : CERTIFICATE_ACTION_LABELS[a].replace('（户籍注销）', '')}
          </Button>
        ))}
      {certificate.status !== 'cancelled' && (
        <Button size="small" onClick={() => openPrintable(certificatesUrls.pdf(certificate.id), '火化证明')}>
          打印
        </Button>
      )}
    </Space>
  );
}
