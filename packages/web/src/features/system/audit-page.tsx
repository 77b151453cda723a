import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import type { AuditEntry, AuditVerifyResult } from '../../api/types';
import { errorText } from '../../app/api-client';
import { formatCount, formatDateTime } from '../../app/format';
import { ListPage, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { fetchAudit, verifyAuditChain } from './system.api';

const filters = {
  actor: textFilter({ label: '操作人', placeholder: '用户名', width: 180 }),
  action: textFilter({ label: '操作', placeholder: '如 person.reveal_id', width: 200 }),
  personId: textFilter({ label: '当事人', placeholder: '人员 ID：谁读取或修改了此人的记录', width: 300 }),
  period: dateRangeFilter({ label: '时间段' }),
};

export function AuditPage() {
  const list = useListPage({
    filters,
    division: false,
    pageSizes: [10, 20, 50, 100],
    load: (query, signal) => fetchAudit(query, signal),
  });
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
    {
      title: '当事人',
      dataIndex: 'subjectPersonId',
      render: (v: string | null) =>
        v ? <Typography.Text copyable={{ text: v }}>{v.slice(0, 8)}…</Typography.Text> : '—',
    },
    { title: '事由', dataIndex: 'reason', render: (v: string | null) => v || '—' },
    { title: '区划', dataIndex: 'divisionCode', render: (v: string | null) => v || '—' },
  ];

  return (
    <ListPage
      list={list}
      title="审计日志"
      actions={
        <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
          校验哈希链
        </Button>
      }
      above={
        <>
          {verifyResult && (
            <Alert
              data-testid="audit-verify-result"
              style={{ marginBottom: 16 }}
              showIcon
              closable
              type={verifyResult.ok ? 'success' : 'error'}
              title={
                verifyResult.ok
                  ? `哈希链完整：已校验 ${formatCount(verifyResult.checked)} 条记录${verifyResult.checkpoints ? `，与 ${formatCount(verifyResult.checkpoints)} 个密钥检查点一致` : ''}，未发现篡改。`
                  : `哈希链校验未通过：已校验 ${formatCount(verifyResult.checked)} 条记录，第 ${verifyResult.firstBadSeq ?? '?'} 条记录异常。`
              }
              description={
                verifyResult.ok
                  ? verifyResult.legacyRows
                    ? `其中 ${formatCount(verifyResult.legacyRows)} 条为启用密钥前的旧式 SM3 记录（仅能发现未重算哈希的篡改）。`
                    : undefined
                  : `${verifyResult.message}。记录可能被修改、插入、删除或截断，请立即报告系统管理员。`
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
        </>
      }
      filterName="audit-filters"
      errorTitle="审计日志加载失败"
      rowKey="seq"
      columns={columns}
      empty={list.filtered ? '该条件下没有审计记录，请调整操作人、操作、当事人或时间段。' : '暂无审计记录。'}
    />
  );
}
