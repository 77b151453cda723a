import { UploadOutlined } from '@ant-design/icons';
import { parseRollCsv, type RollRecordDto } from '@social-affairs/kernel/contracts';
import { Alert, Button, Form, Input, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { applyServerError } from '../../app/form-errors';
import { formatCount } from '../../app/format';
import { importRoll } from './matching.api';

interface Props {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}

/** 导入名单: a CSV roll (死亡通知, 火化名单, 低保名册 …) read in the browser and sent in batches of 5 000. */
export function ImportRollDialog({ open, onClose, onImported }: Props) {
  const [form] = Form.useForm<{ source: string }>();
  const [records, setRecords] = useState<RollRecordDto[]>();
  const [fileName, setFileName] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    const { source } = await form.validateFields();
    if (!records?.length) {
      setFormError('请选择包含表头的 CSV 文件');
      return;
    }
    setSubmitting(true);
    setFormError(undefined);
    try {
      for (let i = 0; i < records.length; i += 5_000)
        await importRoll(source.trim(), records.slice(i, i + 5_000));
      form.resetFields();
      setRecords(undefined);
      setFileName(undefined);
      onImported();
    } catch (err) {
      setFormError(applyServerError(form, err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title="导入比对名单"
      open={open}
      okText="导入"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        CSV
        第一行为表头，可含：name（姓名）、sex（男/女）、birthDate（出生日期）、residentId（身份证号）、eventDate（事件日期，如死亡日期）、divisionCode（区划代码，必填）、externalRef（原编号）。
      </Typography.Paragraph>
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form form={form} name="import-roll" layout="vertical">
        <Form.Item
          name="source"
          label="名单名称"
          rules={[{ required: true, whitespace: true, message: '请填写名单名称' }]}
        >
          <Input maxLength={50} placeholder="例如：殡仪馆火化名单" />
        </Form.Item>
        <Form.Item label="CSV 文件" required>
          <Upload
            accept=".csv,text/csv"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((text) => {
                setRecords(parseRollCsv(text));
                setFileName(file.name);
              });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>选择文件</Button>
          </Upload>
          {fileName && records && (
            <Typography.Text style={{ marginLeft: 12 }}>
              {fileName}：{formatCount(records.length)} 条
            </Typography.Text>
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}
