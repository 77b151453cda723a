/**
 * 死亡登记: the deaths the funeral line recorded in the people index (one row per 居民死亡医学证明), with
 * filters, paging, sorting and the Excel export; from a row, a request to revoke a death recorded against
 * the wrong person (被死亡); below, the revocation requests of the county, decided by a county reviewer
 * who is not the requester (ADR 0028).
 */
import {
  DEATH_OUTCOME_LABELS,
  DEATH_REVOCATION_STATUS_LABELS,
  type DeathLedgerItemDto,
  type DeathRevocationDto,
} from '@social-affairs/kernel/contracts/funeral';
import { Alert, Button, Card, Form, Input, Modal, Space, Table, Tag, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import { ListPage, choiceFilter, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { deathsApi, deathsUrls } from './deaths.api';
import { FuneralNav } from './funeral-nav';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '档案编号或姓名', width: 200 }),
  outcome: choiceFilter(DEATH_OUTCOME_LABELS, { label: '推送结果', width: 200 }),
  status: choiceFilter({ active: '有效', revoked: '已撤销' }, { label: '状态', width: 100 }),
  period: dateRangeFilter({ label: '死亡日期' }),
};

function RevocationDialog({
  title,
  fields,
  onSubmit,
  onClose,
}: {
  title: string;
  fields: 'request' | 'decide';
  onSubmit: (v: { reason: string; evidence?: string }) => Promise<void>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason: string; evidence?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      confirmLoading={busy}
      okText="提交"
      onOk={() =>
        void form.validateFields().then((v) => {
          setBusy(true);
          setError(undefined);
          onSubmit(v)
            .catch((e: unknown) => setError(applyServerError(form, e)))
            .finally(() => setBusy(false));
        })
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={fields === 'request' ? '撤销理由' : '审核意见'}
          rules={[{ required: true, min: 2, message: '请至少填写2个字' }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        {fields === 'request' && (
          <Form.Item name="evidence" label="证明材料">
            <Input maxLength={500} placeholder="如：派出所户籍核实函、本人到场核验" />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function Revocations({ revision }: { revision: number }) {
  const { hasPermission } = useAuth();
  const [own, setOwn] = useState(0);
  const [deciding, setDeciding] = useState<{ r: DeathRevocationDto; decision: 'approve' | 'reject' }>();
  const { data, error } = useApi(
    (signal) => deathsApi.revocations({ pageSize: 50 }, signal),
    [revision, own],
  );
  const canDecide = hasPermission('funeral:approve');
  const pending = (data?.items ?? []).filter((r) => r.status === 'requested').length;
  return (
    <Card
      title={`撤销死亡登记申请（待审核 ${pending} 件）`}
      style={{ marginTop: 16 }}
      data-testid="revocations"
    >
      {error !== undefined && <Alert type="error" showIcon title="撤销申请加载失败" />}
      <Table<DeathRevocationDto>
        size="small"
        rowKey={(r) => r.id}
        dataSource={data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '没有撤销申请。死亡登记确属错误（被死亡）时，在上表对应行点“申请撤销”。' }}
        columns={[
          { title: '人员', render: (_, r) => r.personName },
          { title: '登记的死亡日期', render: (_, r) => formatDate(r.deathDate) },
          { title: '理由', render: (_, r) => `${r.reason}${r.evidence ? `（${r.evidence}）` : ''}` },
          { title: '申请', render: (_, r) => `${r.requestedBy} ${formatDateTime(r.requestedAt)}` },
          {
            title: '状态',
            render: (_, r) => (
              <Tag
                color={
                  r.status === 'requested' ? 'processing' : r.status === 'approved' ? 'success' : 'default'
                }
              >
                {DEATH_REVOCATION_STATUS_LABELS[r.status]}
                {r.decidedBy ? `（${r.decidedBy}：${r.decisionReason ?? ''}）` : ''}
              </Tag>
            ),
          },
          {
            title: '操作',
            render: (_, r) =>
              canDecide && r.status === 'requested' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => setDeciding({ r, decision: 'approve' })}>
                    批准撤销
                  </Button>
                  <Button size="small" onClick={() => setDeciding({ r, decision: 'reject' })}>
                    驳回
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {deciding && (
        <RevocationDialog
          title={
            deciding.decision === 'approve' ? `批准撤销 ${deciding.r.personName} 的死亡登记` : '驳回撤销申请'
          }
          fields="decide"
          onClose={() => setDeciding(undefined)}
          onSubmit={async (v) => {
            await deathsApi.decideRevocation(deciding.r.id, {
              decision: deciding.decision,
              reason: v.reason,
            });
            void message.success(
              deciding.decision === 'approve' ? '已撤销死亡登记，各业务线将据此更正' : '已驳回',
            );
            setDeciding(undefined);
            setOwn((n) => n + 1);
          }}
        />
      )}
    </Card>
  );
}

export function FuneralDeathsPage() {
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('funeral:write');
  const [requesting, setRequesting] = useState<DeathLedgerItemDto>();
  const [revision, setRevision] = useState(0);
  const list = useListPage({
    filters,
    sortKeys: ['recordedAt', 'deathDate', 'caseNo'],
    load: (query, signal) => deathsApi.deaths(query, signal),
  });
  const pendingMerges = list.items.filter(
    (r) => r.outcome === 'merge_proposed' && r.status === 'active',
  ).length;
  const columns: TableColumnsType<DeathLedgerItemDto> = [
    {
      title: '档案编号',
      key: 'caseNo',
      sorter: true,
      render: (_, r) => (
        <Link to={`/funeral/cases/${encodeURIComponent(r.caseId)}?tab=deaths`}>{r.caseNo}</Link>
      ),
    },
    { title: '姓名', render: (_, r) => r.name || '（无名）' },
    { title: '死亡日期', key: 'deathDate', sorter: true, render: (_, r) => formatDate(r.deathDate) },
    { title: '证明编号', render: (_, r) => r.certificateNumber },
    { title: '签发', render: (_, r) => `${r.issuer ?? ''} ${formatDate(r.issuedOn)}` },
    {
      title: '推送人员库',
      render: (_, r) =>
        r.status === 'revoked' ? (
          <Tag color="error">死亡登记已撤销</Tag>
        ) : (
          <Tag color={r.outcome === 'merge_proposed' ? 'processing' : 'success'}>
            {DEATH_OUTCOME_LABELS[r.outcome]}
          </Tag>
        ),
    },
    {
      title: '登记时间',
      key: 'recordedAt',
      sorter: true,
      render: (_, r) => `${formatDateTime(r.recordedAt)} ${r.recordedBy}`,
    },
    {
      title: '操作',
      render: (_, r) =>
        canWrite && r.status === 'active' && r.personStatus === 'deceased' ? (
          <Button size="small" onClick={() => setRequesting(r)}>
            申请撤销
          </Button>
        ) : null,
    },
  ];
  return (
    <ListPage
      list={list}
      title="死亡登记"
      unit="条"
      exportHref={deathsUrls.deathsExport(list.exportQuery)}
      nav={<FuneralNav />}
      above={
        pendingMerges > 0 ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`本页 ${pendingMerges} 条证明载明的人员已在人员库中，已提出人员合并：县级审核通过后自动确认身份并登记死亡。`}
          />
        ) : undefined
      }
      filterName="funeral-deaths-filters"
      errorTitle="死亡登记台账加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的死亡登记。'
          : '还没有死亡登记。在遗体档案的“身份与认领”页签登记居民死亡医学证明后，死亡信息即推送人员库。'
      }
      below={<Revocations revision={revision} />}
    >
      {requesting && (
        <RevocationDialog
          title={`申请撤销 ${requesting.name} 的死亡登记（被死亡）`}
          fields="request"
          onClose={() => setRequesting(undefined)}
          onSubmit={async (v) => {
            await deathsApi.requestRevocation({
              personId: requesting.personId,
              reason: v.reason,
              evidence: v.evidence || null,
            });
            void message.success('撤销申请已提交，由县级审核人员审核');
            setRequesting(undefined);
            setRevision((n) => n + 1);
          }}
        />
      )}
    </ListPage>
  );
}
