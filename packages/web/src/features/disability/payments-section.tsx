/**
 * 发放 tab of the application page (/disability/applications/:id): the applicant's payment account
 * (masked; record or change it here) and what was paid month by month, credits owed and recoveries.
 */
import { Alert, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../app/api-client';
import { formatDateTime } from '../../app/format';
import { useApi } from '../../app/use-api';
import type { ApplicationSectionProps } from './application-sections';
import { AccountForm } from './payments-page';
import { paymentsApi, yuan } from './payments.api';

const STATUS_COLORS: Record<string, string> = {
  paid: 'success',
  sent: 'processing',
  failed: 'error',
  requeued: 'warning',
  pending: 'default',
  none: 'default',
};

export function PaymentsSection({ applicationId, revision }: ApplicationSectionProps) {
  const [changed, setChanged] = useState(0);
  const { data, error } = useApi(
    (signal) => paymentsApi.ofApplication(applicationId, signal),
    [applicationId, revision, changed],
  );
  if (error) return <Alert type="error" showIcon title={`发放情况加载失败：${errorText(error)}`} />;
  if (!data) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {!data.account && (
        <Alert
          type="warning"
          showIcon
          title="尚未登记收款账户：批准后的补贴在登记账户前暂缓发放（列入失败重发），登记后随下月代发文件补发。"
        />
      )}
      <Card size="small" title="收款账户">
        {data.account ? (
          <Typography.Paragraph>
            {data.account.kindLabel} · {data.account.bankName} · {data.account.accountNumberMasked} · 户名{' '}
            {data.account.holderName}
            {data.account.agentName
              ? `（代领人：${data.account.agentName}，${data.account.agentRelation ?? ''}）`
              : ''}
            <Typography.Text type="secondary">
              （{formatDateTime(data.account.validFrom)} 起）
            </Typography.Text>
          </Typography.Paragraph>
        ) : (
          <Typography.Paragraph type="secondary">未登记</Typography.Paragraph>
        )}
        {data.accountHistory.length > 1 && (
          <Typography.Paragraph type="secondary">
            曾用账户 {data.accountHistory.length - 1} 个，见{' '}
            <Link to="/disability/payments?tab=accounts">收款账户台账</Link>。
          </Typography.Paragraph>
        )}
        {data.canEditAccount && (
          <AccountForm
            personId={data.personId}
            current={!!data.account}
            onDone={() => setChanged((c) => c + 1)}
          />
        )}
      </Card>
      <Card size="small" title={`逐月发放（已到账合计 ${yuan(data.paidFen)}）`}>
        <Table
          size="small"
          rowKey="rosterLineId"
          pagination={{ pageSize: 12 }}
          dataSource={data.lines}
          locale={{ emptyText: '还没有进入发放名册的月份。' }}
          columns={[
            { title: '月份', render: (_, l) => l.month },
            { title: '补贴', render: (_, l) => l.subsidyLabel },
            { title: '金额', align: 'right', render: (_, l) => yuan(l.amountFen) },
            { title: '月数', align: 'right', render: (_, l) => l.monthsCovered },
            {
              title: '状态',
              render: (_, l) => <Tag color={STATUS_COLORS[l.paymentStatus]}>{l.paymentStatusLabel}</Tag>,
            },
          ]}
        />
      </Card>
      {data.openRequeues.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`应发未发 ${data.openRequeues.length} 笔：${data.openRequeues.map((r) => `${r.month} ${yuan(r.amountFen)}（${r.causeLabel}）`).join('；')}`}
        />
      )}
      {data.recoveries.map((r) => (
        <Alert
          key={r.id}
          type={r.status === 'open' ? 'error' : 'info'}
          showIcon
          title={`多发追缴：${r.firstMonth} 至 ${r.lastMonth} 共 ${r.months} 个月 ${yuan(r.amountFen)}，${r.statusLabel}`}
        />
      ))}
    </Space>
  );
}
