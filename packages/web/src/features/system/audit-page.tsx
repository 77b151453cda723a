import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Input, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditEntry, AuditVerifyResult } from '../../api/types';
import { errorText } from '../../app/api-client';
import { formatCount, formatDateTime } from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { fetchAudit, verifyAuditChain } from './system.api';

interface AuditFilters {
  actor?: string;
  action?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const actor = params.get('actor') ?? undefined;
  const action = params.get('action') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(10, Number(params.get('pageSize')) || 20));
  const { data, error, loading } = useApi(
    (signal) => fetchAudit({ actor, action, from, to, page, pageSize }, signal),
    [actor, action, from, to, page, pageSize],
  );
  const [form] = Form.useForm<AuditFilters>();
  const [verifying, setVerifying] = useState(false);
  const [verifyResult, setVerifyResult] = useState<AuditVerifyResult>();
  const [verifyError, setVerifyError] = useState<string>();

  const verify = async () => {
    setVerifying(true);
    setVerifyError(undefined);
    setVerifyResult(undefined);
    try {
      setVerifyResult(await verifyAuditChain());
    } catch (e) {
      setVerifyError(errorText(e));
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<AuditEntry> = [
    { title: '序号', dataIndex: 'seq', align: 'right', width: 90 },
    { title: '时间', dataIndex: 'at', render: (v: string) => formatDateTime(v) },
    { title: '操作人', dataIndex: 'actorUsername' },
    {
      title: '操作',
      dataIndex: 'action',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: '对象',
      key: 'target',
      render: (_, e) => (e.targetType ? `${e.targetType}${e.targetId ? ` #${e.targetId}` : ''}` : '—'),
    },
    { title: '事由', dataIndex: 'reason', render: (v: string | null) => v || '—' },
    { title: '区划', dataIndex: 'divisionCode', render: (v: string | null) => v || '—' },
  ];

  const filtered = Boolean(actor || action || from || to);
  return (
    <>
      <PageHeader
        title={data ? `审计日志（共 ${formatCount(data.total)} 条）` : '审计日志'}
        documentTitle="审计日志"
        extra={
          <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
            校验哈希链
          </Button>
        }
      />
      {verifyResult && (
        <Alert
          data-testid="audit-verify-result"
          style={{ marginBottom: 16 }}
          showIcon
          closable
          type={verifyResult.ok ? 'success' : 'error'}
          title={
            verifyResult.ok
              ? `哈希链完整：已校验 ${formatCount(verifyResult.checked)} 条记录，未发现篡改。`
              : `哈希链校验未通过：已校验 ${formatCount(verifyResult.checked)} 条记录，第 ${verifyResult.firstBadSeq ?? '?'} 条记录异常。`
          }
          description={
            verifyResult.ok
              ? undefined
              : (verifyResult.problem ?? '记录可能被修改或删除，请立即报告系统管理员。')
          }
        />
      )}
      {verifyError && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type="error"
          title="校验失败"
          description={verifyError}
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Form<AuditFilters>
          form={form}
          name="audit-filters"
          layout="inline"
          style={{ rowGap: 12 }}
          initialValues={{
            actor,
            action,
            period: from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null,
          }}
          onFinish={(values) => {
            const next = new URLSearchParams();
            if (values.actor?.trim()) next.set('actor', values.actor.trim());
            if (values.action?.trim()) next.set('action', values.action.trim());
            const [start, end] = values.period ?? [null, null];
            if (start) next.set('from', start.format('YYYY-MM-DD'));
            if (end) next.set('to', end.format('YYYY-MM-DD'));
            setParams(next);
          }}
        >
          <Form.Item name="actor" label="操作人">
            <Input allowClear placeholder="用户名" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="action" label="操作">
            <Input allowClear placeholder="如 person.reveal_id" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="period" label="时间段">
            <DatePicker.RangePicker format="YYYY-MM-DD" allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                form.setFieldsValue({ actor: undefined, action: undefined, period: null });
                setParams(new URLSearchParams());
              }}
            >
              重置
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="审计日志加载失败"
          description={errorText(error)}
        />
      )}
      <Card>
        <Table<AuditEntry>
          rowKey="seq"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: filtered ? '该条件下没有审计记录，请调整操作人、操作或时间段。' : '暂无审计记录。',
          }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => `共 ${formatCount(n)} 条`,
          }}
          onChange={(pagination) => {
            const next = new URLSearchParams(params);
            next.set('page', String(pagination.current ?? 1));
            next.set('pageSize', String(pagination.pageSize ?? 20));
            setParams(next);
          }}
        />
      </Card>
    </>
  );
}
