import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Select, Spin, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useRef, useState } from 'react';
import type { AuditVerifyResult } from '../../api/types';
import { errorText } from '../../app/api-client';
import { formatCount, formatDateTime } from '../../app/format';
import { ListPage, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import {
  auditExportUrl,
  fetchAudit,
  fetchAuditActions,
  fetchAuditActors,
  verifyAuditChain,
  type AuditRow,
} from './system.api';

const filters = {
  personId: textFilter({ label: '当事人', placeholder: '人员 ID，或点击表中的当事人', width: 260 }),
  actor: textFilter({ label: '操作人', width: 200 }),
  action: textFilter({ label: '操作', width: 260 }),
  period: dateRangeFilter({ label: '时间段' }),
};

/** 操作: every action of the platform and the lines, by its Chinese name, grouped, searchable. */
function ActionPicker(props: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const actions = useApi((signal) => fetchAuditActions(signal), []);
  const options = useMemo(() => {
    const groups = new Map<string, { label: string; value: string }[]>();
    for (const a of actions.data?.items ?? []) {
      const list = groups.get(a.group) ?? [];
      list.push({ label: a.label, value: a.action });
      groups.set(a.group, list);
    }
    return [...groups].map(([label, options]) => ({ label, options }));
  }, [actions.data]);
  return (
    <Select
      {...props}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder="全部操作（可输入中文检索）"
      loading={actions.loading}
      options={options}
      style={{ width: 260 }}
      aria-label="操作"
    />
  );
}

/** 操作人: accounts of the auditor's scope, searched by username or name on the server. */
function ActorPicker(props: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const [options, setOptions] = useState<{ label: string; value: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const search = async (q: string) => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const { items } = await fetchAuditActors(q);
      if (ticket === latest.current)
        setOptions(items.map((u) => ({ value: u.username, label: `${u.displayName}（${u.username}）` })));
    } catch {
      if (ticket === latest.current) setOptions([]);
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  };
  const shown =
    props.value && !options.some((o) => o.value === props.value)
      ? [{ value: props.value, label: props.value }, ...options]
      : options;
  return (
    <Select
      {...props}
      allowClear
      showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
      onOpenChange={(open) => open && !options.length && void search('')}
      placeholder="姓名或用户名"
      notFoundContent={loading ? <Spin size="small" /> : '没有匹配的账号'}
      options={shown}
      style={{ width: 200 }}
      aria-label="操作人"
    />
  );
}

function prettyDetails(details: string): string {
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed && typeof parsed === 'object' && Object.keys(parsed).length
      ? JSON.stringify(parsed, null, 2)
      : '—';
  } catch {
    return details;
  }
}

const actorText = (e: AuditRow) => (e.actorName ? `${e.actorName}（${e.actorUsername}）` : e.actorUsername);

export function AuditPage() {
  const list = useListPage({
    filters,
    // Newest first by default; sort=at (kept in the URL) lists the oldest first.
    sortKeys: ['at'],
    division: false,
    pageSizes: [10, 20, 50, 100],
    load: (query, signal) => fetchAudit(query, signal),
  });
  const [verifying, setVerifying] = useState(false);
  const [verifyResult, setVerifyResult] = useState<AuditVerifyResult>();
  const [verifyError, setVerifyError] = useState<string>();
  const [shown, setShown] = useState<AuditRow>();

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

  const columns: TableColumnsType<AuditRow> = [
    { title: '序号', dataIndex: 'seq', align: 'right', width: 80 },
    {
      title: '时间',
      key: 'at',
      dataIndex: 'at',
      width: 170,
      sorter: true,
      render: (v: string) => formatDateTime(v),
    },
    { title: '操作人', key: 'actor', render: (_, e) => actorText(e) },
    {
      title: '操作',
      dataIndex: 'actionLabel',
      render: (label: string, e) =>
        e.action === 'session.login-failed' ? <Tag color="red">{label}</Tag> : label,
    },
    {
      title: '对象',
      key: 'target',
      render: (_, e) => (
        <>
          {e.targetTypeLabel}
          {e.targetLabel ? ` ${e.targetLabel}` : ''}
        </>
      ),
    },
    {
      title: '当事人',
      key: 'subject',
      render: (_, e) =>
        e.subjectPersonId ? (
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            title="查看谁读取或修改过此人的记录"
            onClick={() => list.setFilters({ personId: e.subjectPersonId ?? undefined })}
          >
            {e.subjectLabel ?? '（已合并或删除）'}
          </Button>
        ) : (
          '—'
        ),
    },
    { title: '事由', dataIndex: 'reason', render: (v: string | null) => v || '—' },
    { title: '区划', key: 'division', render: (_, e) => e.divisionName ?? e.divisionCode ?? '—' },
    {
      title: '',
      key: 'detail',
      width: 70,
      render: (_, e) => (
        <Button type="link" size="small" onClick={() => setShown(e)}>
          详情
        </Button>
      ),
    },
  ];

  return (
    <ListPage
      list={list}
      title="审计日志"
      exportHref={auditExportUrl(list.exportQuery)}
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
      controls={{ action: <ActionPicker />, actor: <ActorPicker /> }}
      notice="时间段按北京时间（Asia/Shanghai）的自然日筛选；点击“当事人”可查看谁读取或修改过此人的记录。"
      errorTitle="审计日志加载失败"
      rowKey="seq"
      columns={columns}
      empty={list.filtered ? '该条件下没有审计记录，请调整操作人、操作、当事人或时间段。' : '暂无审计记录。'}
    >
      <Drawer
        title={shown ? `审计记录 #${shown.seq}` : '审计记录'}
        open={shown !== undefined}
        onClose={() => setShown(undefined)}
        size={560}
      >
        {shown && (
          <Descriptions column={1} bordered size="small" data-testid="audit-detail">
            <Descriptions.Item label="时间">{formatDateTime(shown.at)}</Descriptions.Item>
            <Descriptions.Item label="操作人">{actorText(shown)}</Descriptions.Item>
            <Descriptions.Item label="操作">
              {shown.actionLabel}{' '}
              <Typography.Text type="secondary" code>
                {shown.action}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="对象">
              {shown.targetTypeLabel}
              {shown.targetLabel ? ` ${shown.targetLabel}` : ''}
              {shown.targetId && (
                <div>
                  <Typography.Text type="secondary" copyable>
                    {shown.targetId}
                  </Typography.Text>
                </div>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="当事人">
              {shown.subjectPersonId ? (
                <>
                  {shown.subjectLabel ?? '—'}{' '}
                  <Typography.Text type="secondary" copyable>
                    {shown.subjectPersonId}
                  </Typography.Text>
                </>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label="事由">{shown.reason || '—'}</Descriptions.Item>
            <Descriptions.Item label="区划">
              {shown.divisionName ?? shown.divisionCode ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="详情">
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {prettyDetails(shown.details)}
              </pre>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Drawer>
    </ListPage>
  );
}
