import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { RollImportReport } from '@social-affairs/kernel/contracts';
import { Alert, Button, Form, Input, Modal, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { applyServerError } from '../../app/form-errors';
import { formatCount } from '../../app/format';
import { rollReportUrl, rollTemplateUrl, uploadRollFile } from './matching.api';

interface Props {
  open: boolean;
  onClose: () => void;
  /** Called after a file was imported (the rolls list may have changed); the dialog stays open on the result. */
  onImported: () => void;
}

const MAX_MB = 50;

type Stage =
  { step: 'form' } | { step: 'uploading'; sent: number } | { step: 'result'; report: RollImportReport };

/**
 * 导入名单: the roll file (CSV or Excel; 死亡通知, 火化名单, 低保名册 …) is uploaded as it is; the server
 * reads it through the import pipeline (each row checked, a bad row refused alone, the same file twice
 * changes nothing) and answers the per-row report shown here.
 */
export function ImportRollDialog({ open, onClose, onImported }: Props) {
  const [form] = Form.useForm<{ source: string }>();
  const [file, setFile] = useState<File>();
  const [formError, setFormError] = useState<string>();
  const [stage, setStage] = useState<Stage>({ step: 'form' });

  const reset = () => {
    form.resetFields();
    setFile(undefined);
    setFormError(undefined);
    setStage({ step: 'form' });
  };
  const close = () => {
    if (stage.step === 'uploading') return;
    reset();
    onClose();
  };

  const submit = async () => {
    const { source } = await form.validateFields();
    if (!file) {
      setFormError('请选择名单文件（CSV 或 Excel）');
      return;
    }
    if (file.size > MAX_MB * 1024 * 1024) {
      setFormError(`文件超过 ${MAX_MB} MB，请拆分后分批导入`);
      return;
    }
    setFormError(undefined);
    setStage({ step: 'uploading', sent: 0 });
    try {
      const report = await uploadRollFile(source.trim(), file, (sent) =>
        setStage({ step: 'uploading', sent }),
      );
      setStage({ step: 'result', report });
      onImported();
    } catch (err) {
      setStage({ step: 'form' });
      setFormError(applyServerError(form, err));
    }
  };

  const footer =
    stage.step === 'result'
      ? [
          <Button key="again" onClick={reset}>
            继续导入
          </Button>,
          <Button key="close" type="primary" onClick={close}>
            完成
          </Button>,
        ]
      : [
          <Button key="cancel" onClick={close} disabled={stage.step === 'uploading'}>
            取消
          </Button>,
          <Button
            key="ok"
            type="primary"
            loading={stage.step === 'uploading'}
            onClick={() => void submit().catch(() => undefined)}
          >
            导入
          </Button>,
        ];

  return (
    <Modal
      title="导入比对名单"
      open={open}
      width={stage.step === 'result' ? 760 : 520}
      footer={footer}
      onCancel={close}
      maskClosable={false}
      forceRender
    >
      {stage.step === 'result' ? (
        <ImportResult report={stage.report} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            上传 CSV 或
            Excel（.xlsx）文件，第一行为表头：姓名、性别（男/女）、出生日期、公民身份号码（或身份证号）、事件日期（如死亡日期）、
            区划代码（必填）、原编号；也接受英文表头（name、sex、birthDate、residentId、eventDate、divisionCode、externalRef）。
            每行单独校验，有误的行不导入；同一文件重复导入不会产生重复记录。文件不超过 {MAX_MB} MB。
          </Typography.Paragraph>
          <Typography.Paragraph>
            <a href={rollTemplateUrl} download>
              <DownloadOutlined /> 下载导入模板（Excel）
            </a>
          </Typography.Paragraph>
          {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
          <Form form={form} name="import-roll" layout="vertical" disabled={stage.step === 'uploading'}>
            <Form.Item
              name="source"
              label="名单名称"
              rules={[{ required: true, whitespace: true, message: '请填写名单名称' }]}
            >
              <Input maxLength={50} placeholder="例如：殡仪馆火化名单" />
            </Form.Item>
            <Form.Item label="名单文件" required>
              <Upload
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(f) => {
                  setFile(f);
                  setFormError(undefined);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>选择文件</Button>
              </Upload>
              {file && (
                <Typography.Text style={{ marginLeft: 12 }} data-testid="roll-file-name">
                  {file.name}（{formatSize(file.size)}）
                </Typography.Text>
              )}
            </Form.Item>
          </Form>
          {stage.step === 'uploading' && (
            <div>
              <Progress aria-label="上传进度" percent={Math.round(stage.sent * 100)} status="active" />
              <Typography.Text type="secondary">
                {stage.sent < 1 ? '正在上传文件…' : '文件已上传，服务器正在逐行校验并导入，请稍候…'}
              </Typography.Text>
            </div>
          )}
        </>
      )}
    </Modal>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The report of one import: counts, then the refused rows and remarks with their Chinese reasons. */
function ImportResult({ report }: { report: RollImportReport }) {
  const summary = `读取 ${formatCount(report.rowsRead)} 行：导入 ${formatCount(report.rowsApplied)} 行，已存在未变化 ${formatCount(report.rowsUnchanged)} 行，有误未导入 ${formatCount(report.rowsRefused)} 行`;
  return (
    <div data-testid="roll-import-result">
      {report.repeated ? (
        <Alert
          type="info"
          showIcon
          title={`该文件此前已导入到“${report.source}”，本次未做任何改动`}
          description={`上次导入结果：${summary}`}
        />
      ) : (
        <Alert
          type={report.rowsRefused > 0 ? 'warning' : 'success'}
          showIcon
          title={`“${report.fileName}”已导入到名单“${report.source}”`}
          description={summary}
        />
      )}
      {report.issues.length > 0 && (
        <>
          <Space style={{ margin: '16px 0 8px', justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text strong>
              逐行问题{report.issuesTruncated ? `（仅显示前 ${formatCount(report.issues.length)} 条）` : ''}
            </Typography.Text>
            <a href={rollReportUrl(report.runId)} download>
              <DownloadOutlined /> 下载逐行报告（Excel）
            </a>
          </Space>
          <Table
            size="small"
            rowKey={(i) => `${i.rowNo}-${i.column ?? ''}-${i.code}`}
            dataSource={report.issues}
            pagination={report.issues.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            columns={[
              { title: '行号', dataIndex: 'rowNo', width: 70 },
              { title: '列', dataIndex: 'header', width: 100, render: (h: string | null) => h ?? '整行' },
              {
                title: '类别',
                dataIndex: 'severity',
                width: 70,
                render: (s: 'error' | 'note') =>
                  s === 'error' ? <Tag color="error">错误</Tag> : <Tag color="default">提示</Tag>,
              },
              { title: '原因', dataIndex: 'reason' },
            ]}
          />
        </>
      )}
    </div>
  );
}
