import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../app/api-client';
import { useDivision } from '../../app/division-context';
import { formatDateTime } from '../../app/format';
import { LedgerTable, LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { marriageApi, marriageUrls, type ImportReportDto, type ImportSummaryDto } from './marriage.api';
import { MarriageNav } from './marriage-nav';

type RowReport = ImportReportDto['rows'][number];

const rowStatus: Record<RowReport['status'], { color: string; label: string }> = {
  imported: { color: 'green', label: '已导入' },
  matched: { color: 'green', label: '已匹配入库' },
  failed: { color: 'red', label: '未导入' },
  awaiting_match: { color: 'gold', label: '待匹配' },
};

function readFile(file: File): Promise<{ format: 'csv' | 'xlsx'; content: string }> {
  const xlsx = /\.xlsx$/i.test(file.name);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new Error('文件读取失败'));
    reader.onload = () => {
      const result = reader.result;
      if (xlsx && result instanceof ArrayBuffer) {
        let binary = '';
        const bytes = new Uint8Array(result);
        for (let i = 0; i < bytes.length; i += 0x8000)
          binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        resolve({ format: 'xlsx', content: btoa(binary) });
      } else resolve({ format: 'csv', content: typeof result === 'string' ? result : '' });
    };
    if (xlsx) reader.readAsArrayBuffer(file);
    else reader.readAsText(file, 'utf-8');
  });
}

function Report({ report }: { report: ImportReportDto }) {
  const columns: TableColumnsType<RowReport> = [
    { title: '行号', dataIndex: 'rowNo', width: 70 },
    {
      title: '结果',
      dataIndex: 'status',
      width: 110,
      render: (s: RowReport['status']) => <Tag color={rowStatus[s].color}>{rowStatus[s].label}</Tag>,
    },
    {
      title: '说明',
      render: (_, r) =>
        r.messages.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          r.messages.map((m, i) => (
            <div key={i}>
              <Typography.Text type={m.code.endsWith('_NOTE') ? 'secondary' : 'danger'}>
                {m.message}
              </Typography.Text>
            </div>
          ))
        ),
    },
  ];
  return (
    <Card
      title={`导入报告：${report.fileName}`}
      extra={
        <Space size={16}>
          {report.awaitingRows > 0 && (
            <Link to={`/marriage/matches?importId=${encodeURIComponent(report.id)}`}>
              确认待匹配人员（{report.awaitingRows} 行）
            </Link>
          )}
          <span>{formatDateTime(report.createdAt)}</span>
        </Space>
      }
    >
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Statistic title="总行数" value={report.totalRows} />
        </Col>
        <Col span={6}>
          <Statistic title="已导入" value={report.importedRows} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col span={6}>
          <Statistic
            title="未导入（有错误）"
            value={report.failedRows}
            styles={{ content: { color: '#cf1322' } }}
          />
        </Col>
        <Col span={6}>
          <Statistic
            title="待匹配（无身份证号）"
            value={report.awaitingRows}
            styles={{ content: { color: '#d48806' } }}
          />
        </Col>
      </Row>
      <Table<RowReport>
        rowKey="rowNo"
        size="small"
        columns={columns}
        dataSource={report.rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </Card>
  );
}

/** 历史补录: template, upload (CSV or Excel), per-row report, earlier batches. */
export function MarriageImportPage() {
  const { current } = useDivision();
  const [report, setReport] = useState<ImportReportDto>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const batches = useApi((signal) => marriageApi.imports(signal), []);
  const columns: TableColumnsType<ImportSummaryDto> = [
    { title: '文件', dataIndex: 'fileName' },
    { title: '导入时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    { title: '导入人', dataIndex: 'createdBy' },
    { title: '总行数', dataIndex: 'totalRows', align: 'right' },
    { title: '已导入', dataIndex: 'importedRows', align: 'right' },
    { title: '未导入', dataIndex: 'failedRows', align: 'right' },
    { title: '待匹配', dataIndex: 'awaitingRows', align: 'right' },
    {
      title: '',
      render: (_, b) => (
        <Button
          size="small"
          onClick={() =>
            void marriageApi.importReport(b.id).then(setReport, (e: unknown) => setError(errorText(e)))
          }
        >
          查看报告
        </Button>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="历史婚姻登记档案补录"
        extra={
          <Button icon={<DownloadOutlined />} href={marriageUrls.importTemplate}>
            下载 Excel 模板
          </Button>
        }
      />
      <MarriageNav />
      <Card style={{ marginBottom: 16 }}>
        <Space orientation="vertical">
          <Typography.Text>
            按模板填写后上传 Excel（.xlsx）或 CSV（UTF-8）。每行单独校验：出错的行不写入任何数据；15
            位身份证号自动升级为 18
            位；没有身份证号的行进入“待匹配”，经人员比对确认后入库。按名称填写登记机关的记录归入当前区划：
            <Typography.Text strong> {current.name}</Typography.Text>。
          </Typography.Text>
          <Upload
            accept=".csv,.xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              setBusy(true);
              setError(undefined);
              void readFile(file)
                .then((f) => marriageApi.upload({ fileName: file.name, ...f, divisionCode: current.code }))
                .then(
                  (r) => {
                    setReport(r);
                    batches.reload();
                  },
                  (e: unknown) => setError(errorText(e)),
                )
                .finally(() => setBusy(false));
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={busy}>
              选择文件并导入
            </Button>
          </Upload>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {report && <Report report={report} />}
      <Card title="导入批次" style={{ marginTop: 16 }}>
        <LoadError error={batches.error} title="导入批次加载失败" onRetry={batches.reload} />
        <LedgerTable<ImportSummaryDto>
          card={false}
          rowKey="id"
          size="small"
          loading={batches.loading}
          columns={columns}
          dataSource={batches.data ?? []}
          pageSize={10}
          unit="批"
          empty="尚无导入记录。下载 Excel 模板填写后，点击“选择文件并导入”。"
        />
      </Card>
    </>
  );
}
