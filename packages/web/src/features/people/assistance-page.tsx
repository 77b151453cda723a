/**
 * 社会救助名单 (/people/assistance): the platform's 低保 / 特困 / 优抚 rolls. Upload a roll file (CSV or
 * Excel, linked to the people index by resident id — no person is created), see the per-row report, the
 * import history and the roll ledger with filters and paging. Lines look eligibility up here; nobody
 * types it into a line's form (R-FUN-09).
 */
import {
  ASSISTANCE_PROGRAM_TEXT,
  type AssistanceImportReportBody,
  type AssistanceImportRunViewBody,
  type AssistanceMembershipViewBody,
} from '@social-affairs/kernel/contracts';
import { Alert, Button, Card, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, apiUrl } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { beijingToday, formatDate, formatDateTime } from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';

async function uploadRoll(file: File): Promise<AssistanceImportReportBody> {
  const res = await fetch(apiUrl('/api/assistance/imports', { fileName: file.name }), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
    body: file,
  });
  const body = (await res.json().catch(() => undefined)) as
    | AssistanceImportReportBody
    | { error?: { code: string; message: string; details?: Record<string, unknown> } }
    | undefined;
  if (res.ok) return body as AssistanceImportReportBody;
  const e = (body as { error?: { code: string; message: string; details?: Record<string, unknown> } })?.error;
  throw new ApiError(
    res.status,
    e?.code ?? `HTTP_${res.status}`,
    e?.message ?? '导入失败，请稍后重试',
    e?.details ?? {},
  );
}

const reportUrl = (runId: string) => `/api/assistance/imports/${encodeURIComponent(runId)}/report.xlsx`;

export function AssistanceRollsPage() {
  const { hasPermission } = useAuth();
  const canImport = hasPermission('people:write');
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<AssistanceImportReportBody>();
  const history = useApi(
    (signal) => api.get<{ items: AssistanceImportRunViewBody[] }>('/api/assistance/imports', {}, signal),
    [report?.runId],
  );
  const [program, setProgram] = useState<string>();
  const [q, setQ] = useState('');
  const [inForceOn, setInForceOn] = useState(beijingToday());
  const [page, setPage] = useState(1);
  const ledger = useApi(
    (signal) =>
      api.get<{ items: AssistanceMembershipViewBody[]; total: number }>(
        '/api/assistance/memberships',
        { program, q: q || undefined, inForceOn: inForceOn || undefined, page, pageSize: 20 },
        signal,
      ),
    [program, q, inForceOn, page, report?.runId],
  );
  return (
    <>
      <PageHeader
        title="社会救助名单"
        subTitle="低保对象 · 特困人员 · 生活困难的重点优抚对象"
        breadcrumb={[{ title: '人员信息', to: '/people' }]}
        extra={<Button href="/api/assistance/import-template.xlsx">下载导入模板</Button>}
      />
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Alert
          type="info"
          showIcon
          title="名单由县级民政部门导入，按公民身份号码关联人员信息库（不新建人员）。殡葬惠民减免、残疾人两项补贴等业务按此名单自动查询资格，业务人员不手工填写。"
        />
        {canImport && (
          <Card size="small" title="导入名单文件">
            <Flex gap={8} align="center" wrap>
              <input
                type="file"
                aria-label="名单文件"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => setFile(e.target.files?.[0])}
              />
              <Button
                type="primary"
                disabled={!file}
                loading={busy}
                onClick={() => {
                  if (!file) return;
                  setBusy(true);
                  setError(undefined);
                  uploadRoll(file)
                    .then(setReport)
                    .catch((e: unknown) => setError(e instanceof Error ? e.message : '导入失败'))
                    .finally(() => setBusy(false));
                }}
              >
                导入
              </Button>
              <Typography.Text type="secondary">
                列：公民身份号码、姓名、救助类别、区县代码、起始日期、终止日期（仍在册的留空）
              </Typography.Text>
            </Flex>
            {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
            {report && (
              <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
                <Alert
                  type={report.rowsRefused > 0 ? 'warning' : 'success'}
                  showIcon
                  title={
                    report.repeated
                      ? `该文件此前已导入（${formatDateTime(report.startedAt)}），本次未做改动`
                      : `读取 ${report.rowsRead} 行：新增或更新 ${report.rowsApplied} 行，无变化 ${report.rowsUnchanged} 行，未导入 ${report.rowsRefused} 行`
                  }
                  action={
                    <Button size="small" href={reportUrl(report.runId)}>
                      下载逐行报告
                    </Button>
                  }
                />
                {report.issues.length > 0 && (
                  <Table
                    size="small"
                    rowKey={(i) => `${i.rowNo}-${i.column}-${i.code}`}
                    pagination={{ pageSize: 10 }}
                    dataSource={report.issues}
                    columns={[
                      {
                        title: '类别',
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
          </Card>
        )}
        <Card size="small" title="名单台账">
          <Flex gap={8} wrap style={{ marginBottom: 8 }}>
            <Input.Search
              aria-label="姓名"
              placeholder="姓名"
              allowClear
              style={{ width: 180 }}
              onSearch={(v) => {
                setQ(v);
                setPage(1);
              }}
            />
            <Select
              aria-label="救助类别"
              allowClear
              placeholder="全部类别"
              style={{ width: 200 }}
              value={program}
              onChange={(v) => {
                setProgram(v);
                setPage(1);
              }}
              options={Object.entries(ASSISTANCE_PROGRAM_TEXT).map(([value, label]) => ({ value, label }))}
            />
            <span style={{ alignSelf: 'center' }}>在册日期</span>
            <Input
              type="date"
              aria-label="在册日期"
              style={{ width: 160 }}
              value={inForceOn}
              onChange={(e) => {
                setInForceOn(e.target.value);
                setPage(1);
              }}
            />
          </Flex>
          {ledger.error ? <Alert type="error" showIcon title="名单台账加载失败" /> : null}
          <Table
            size="small"
            rowKey="id"
            loading={ledger.loading}
            dataSource={ledger.data?.items ?? []}
            pagination={{
              current: page,
              pageSize: 20,
              total: ledger.data?.total ?? 0,
              onChange: setPage,
              showTotal: (t) => `共 ${t} 条`,
            }}
            locale={{ emptyText: '没有符合条件的名单记录。' }}
            columns={[
              {
                title: '姓名',
                render: (_, m) => (
                  <Link to={`/people/${encodeURIComponent(m.personId)}`}>{m.personName}</Link>
                ),
              },
              { title: '公民身份号码', dataIndex: 'residentIdMasked' },
              { title: '类别', render: (_, m) => <Tag>{m.label}</Tag> },
              { title: '区县', dataIndex: 'divisionCode' },
              {
                title: '期间',
                render: (_, m) =>
                  `${formatDate(m.fromDate)} 起${m.toDate ? ` 至 ${formatDate(m.toDate)}` : ''}`,
              },
              {
                title: '状态',
                render: (_, m) => (m.inForce ? <Tag color="success">在册</Tag> : <Tag>已退出</Tag>),
              },
            ]}
          />
        </Card>
        <Card size="small" title="导入记录">
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
              { title: '导入人', dataIndex: 'createdBy' },
              {
                title: '读取/导入/无变化/未导入',
                render: (_, r) => `${r.rowsRead} / ${r.rowsApplied} / ${r.rowsUnchanged} / ${r.rowsRefused}`,
              },
              { title: '', render: (_, r) => <a href={reportUrl(r.runId)}>逐行报告</a> },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
