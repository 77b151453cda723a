/**
 * 补贴发放 (/disability/payments, issue 18 item 5, ADR 0033): four tabs — 收款账户 (recipients and their
 * account in force, masked, with the change history and the form to record or change one), 代发文件 (per
 * month's roster: generate the bank file once signed, download it, import the bank's return and see the
 * reconciliation), 失败重发 (credits failed at the bank or held back for want of an account, until paid) and
 * 追缴 (overpayment recoveries after a late stop). Each ledger pages, filters, sorts and exports to Excel.
 */
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
  message,
} from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { errorText } from '../../app/api-client';
import { applyServerError } from '../../app/form-errors';
import { formatDateTime } from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { useSubmit } from '../../app/use-submit';
import { DisabilityNav } from './disability-nav';
import {
  fileAsBase64,
  paymentsApi,
  paymentsUrls,
  yuan,
  type AccountLedgerRowBody,
  type PaymentAccountInputBody,
  type PaymentFileViewBody,
  type RecoveryViewBody,
  type RequeueLedgerRowBody,
  type RosterPaymentItemBody,
} from './payments.api';

const KIND_OPTIONS = [
  { value: 'social_security_card', label: '社会保障卡' },
  { value: 'bank_account', label: '银行账户' },
];
const ROSTER_STATUS: Record<string, string> = {
  frozen: '已冻结',
  signed: '已签批',
  file_issued: '已生成代发文件',
  closed: '已结清',
};

/** A server-paged table's paging and sort state (`sort=key` / `-key`). */
function usePaging(defaultSort: string) {
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState(defaultSort);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const onChange = (p: TablePaginationConfig, _f: unknown, s: SorterResult<any> | SorterResult<any>[]) => {
    const one = Array.isArray(s) ? s[0] : s;
    setPage(p.current ?? 1);
    if (one?.columnKey && one.order) setSort(`${one.order === 'descend' ? '-' : ''}${String(one.columnKey)}`);
  };
  return { page, setPage, sort, onChange };
}

// ----- 收款账户 -----

export function AccountForm({
  personId,
  current,
  onDone,
}: {
  personId: string;
  current: boolean;
  onDone: () => void;
}) {
  const [form] = Form.useForm<
    PaymentAccountInputBody & {
      hasAgent: boolean;
      agentName?: string;
      agentRelation?: string;
      agentId?: string;
    }
  >();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const hasAgent = Form.useWatch('hasAgent', form);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ kind: 'social_security_card', hasAgent: false }}
      onFinish={(v) => {
        setBusy(true);
        setError(undefined);
        paymentsApi
          .recordAccount(personId, {
            kind: v.kind,
            bankName: v.bankName,
            accountNumber: v.accountNumber,
            holderName: v.holderName,
            agent: v.hasAgent
              ? { name: v.agentName ?? '', relation: v.agentRelation ?? '', residentId: v.agentId ?? '' }
              : null,
            reason: v.reason ?? null,
          })
          .then(
            () => {
              void message.success(current ? '已变更收款账户，原账户已终止并保留在历史中' : '已登记收款账户');
              form.resetFields();
              onDone();
            },
            (e: unknown) => setError(applyServerError(form, e)),
          )
          .finally(() => setBusy(false));
      }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="kind" label="账户类型" rules={[{ required: true }]}>
        <Radio.Group options={KIND_OPTIONS} />
      </Form.Item>
      <Form.Item name="bankName" label="开户银行" rules={[{ required: true, message: '请填写开户银行' }]}>
        <Input maxLength={60} placeholder="社保卡填写合作银行，如 湖南省农村信用社" />
      </Form.Item>
      <Form.Item
        name="accountNumber"
        label="收款账号"
        rules={[{ required: true, message: '请填写收款账号' }]}
        extra="只保存数字；页面、台账和日志中一律脱敏显示，仅写入交银行的代发文件"
      >
        <Input maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item name="holderName" label="户名" rules={[{ required: true, message: '请填写户名' }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="hasAgent" label="由代领人领取">
        <Radio.Group
          options={[
            { value: false, label: '本人账户' },
            { value: true, label: '代领人账户（本人无法持有账户）' },
          ]}
        />
      </Form.Item>
      {hasAgent && (
        <Space wrap>
          <Form.Item
            name="agentName"
            label="代领人姓名"
            rules={[{ required: true, message: '请填写代领人姓名' }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="agentRelation"
            label="与本人关系"
            rules={[{ required: true, message: '请填写关系' }]}
          >
            <Input maxLength={20} placeholder="如 父亲、监护人" />
          </Form.Item>
          <Form.Item
            name={['agentId']}
            label="代领人公民身份号码"
            rules={[{ required: true, message: '请填写代领人公民身份号码' }]}
            extra="只保存脱敏后的号码"
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
        </Space>
      )}
      <Form.Item
        name="reason"
        label={current ? '变更原因（必填）' : '备注'}
        rules={current ? [{ required: true, message: '变更收款账户须写明原因' }] : []}
      >
        <Input
          maxLength={200}
          placeholder={current ? '如：原卡销户、账号错误被银行退回、改由代领人领取' : ''}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {current ? '变更收款账户' : '登记收款账户'}
      </Button>
    </Form>
  );
}

function AccountDrawer({
  row,
  onClose,
  onChanged,
}: {
  row: AccountLedgerRowBody;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { hasPermission } = useAuth();
  const { data, error, reload } = useApi(
    (signal) => paymentsApi.accountsOf(row.personId, signal),
    [row.personId],
  );
  return (
    <Drawer open width={640} title={`${row.name} 的收款账户`} onClose={onClose}>
      {error ? <Alert type="error" showIcon title={errorText(error)} /> : null}
      <Card size="small" title="变更历史（变更时原账户终止，不覆盖）" style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data?.history ?? []}
          columns={[
            { title: '类型', render: (_, a) => a.kindLabel },
            { title: '银行', render: (_, a) => a.bankName },
            { title: '账号', render: (_, a) => a.accountNumberMasked },
            {
              title: '户名',
              render: (_, a) => a.holderName + (a.agentName ? `（代领：${a.agentName}）` : ''),
            },
            {
              title: '起止',
              render: (_, a) =>
                `${formatDateTime(a.validFrom)} 至 ${a.validTo ? formatDateTime(a.validTo) : '今'}`,
            },
            { title: '原因', render: (_, a) => a.reason },
            { title: '经办', render: (_, a) => a.createdBy },
          ]}
        />
      </Card>
      {hasPermission('disability:write') && (
        <Card size="small" title={data?.current ? '变更收款账户' : '登记收款账户'}>
          <AccountForm
            personId={row.personId}
            current={!!data?.current}
            onDone={() => {
              reload();
              onChanged();
            }}
          />
        </Card>
      )}
    </Drawer>
  );
}

function AccountsTab() {
  const [q, setQ] = useState('');
  const [missing, setMissing] = useState(false);
  const paging = usePaging('name');
  const query = { q: q || undefined, missing: missing ? 'true' : undefined, sort: paging.sort };
  const list = useApi(
    (signal) => paymentsApi.accounts({ ...query, page: paging.page, pageSize: 20 }, signal),
    [JSON.stringify(query), paging.page],
  );
  const [open, setOpen] = useState<AccountLedgerRowBody>();
  const columns: TableColumnsType<AccountLedgerRowBody> = [
    { title: '姓名', key: 'name', sorter: true, render: (_, r) => r.name },
    { title: '公民身份号码', render: (_, r) => r.residentIdMasked ?? '' },
    { title: '乡镇（街道）', key: 'divisionCode', sorter: true, render: (_, r) => r.divisionCode },
    {
      title: '收款账户',
      render: (_, r) =>
        r.account ? (
          `${r.account.kindLabel} · ${r.account.bankName} · ${r.account.accountNumberMasked}`
        ) : (
          <Tag color="warning">未登记：补贴将暂缓发放</Tag>
        ),
    },
    {
      title: '户名',
      render: (_, r) => (r.account ? r.account.holderName + (r.account.agentName ? '（代领）' : '') : ''),
    },
    {
      title: '登记时间',
      key: 'validFrom',
      sorter: true,
      render: (_, r) => (r.account ? formatDateTime(r.account.validFrom) : ''),
    },
    { title: '变更次数', align: 'right', render: (_, r) => r.changes },
    {
      title: '操作',
      render: (_, r) => (
        <Button size="small" onClick={() => setOpen(r)}>
          {r.account ? '历史与变更' : '登记账户'}
        </Button>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Flex gap={8} wrap>
        <Input.Search
          aria-label="姓名、身份证号或账号尾号"
          placeholder="姓名、身份证号或账号尾号"
          allowClear
          style={{ width: 260 }}
          onSearch={(v) => {
            setQ(v);
            paging.setPage(1);
          }}
        />
        <Select
          aria-label="账户情况"
          style={{ width: 180 }}
          value={missing ? 'missing' : 'all'}
          onChange={(v) => {
            setMissing(v === 'missing');
            paging.setPage(1);
          }}
          options={[
            { value: 'all', label: '全部补贴对象' },
            { value: 'missing', label: '只看未登记账户' },
          ]}
        />
        <Button href={paymentsUrls.accountsExport(query)} disabled={!list.data?.total}>
          导出 Excel
        </Button>
      </Flex>
      {list.error ? (
        <Alert type="error" showIcon title={`收款账户加载失败：${errorText(list.error)}`} />
      ) : null}
      <Table
        rowKey="personId"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        onChange={paging.onChange}
        pagination={{
          current: paging.page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
        }}
        locale={{ emptyText: missing ? '所有补贴对象都已登记收款账户。' : '辖区内还没有补贴对象。' }}
      />
      {open && <AccountDrawer row={open} onClose={() => setOpen(undefined)} onChanged={list.reload} />}
    </Space>
  );
}

// ----- 代发文件 -----

function ReturnDialog({
  file,
  onClose,
  onDone,
}: {
  file: PaymentFileViewBody;
  onClose: () => void;
  onDone: () => void;
}) {
  const [picked, setPicked] = useState<File>();
  const { busy, error, submit } = useSubmit();
  return (
    <Modal
      open
      title={`导入银行回盘：${file.fileNo}`}
      okText="导入并对账"
      okButtonProps={{ disabled: !picked }}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void submit(async () => {
          const r = await paymentsApi.importReturn(file.id, {
            fileName: picked!.name,
            contentBase64: await fileAsBase64(picked!),
          });
          void message.success(
            `对账完成：成功 ${r.paid} 笔 ${yuan(r.paidFen)}，失败 ${r.failed} 笔 ${yuan(r.failedFen)}（已转入失败重发）`,
          );
          onDone();
        })
      }
    >
      <Typography.Paragraph>
        回盘文件须含“业务流水号”“处理结果”“失败原因”列（UTF-8 或 GBK 均可）。每一笔都须返回成功或失败：成功 +
        失败 = 已发送（{file.totalLines} 笔，{yuan(file.totalFen)}），否则整体退回、不做任何变更。
      </Typography.Paragraph>
      <Upload
        accept=".csv,.txt"
        maxCount={1}
        beforeUpload={(f) => {
          setPicked(f);
          return false;
        }}
        onRemove={() => setPicked(undefined)}
      >
        <Button>选择回盘文件</Button>
      </Upload>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

function FilesTab() {
  const { hasPermission } = useAuth();
  const list = useApi((signal) => paymentsApi.rosters(signal), []);
  const formats = useApi((signal) => paymentsApi.formats(signal), []);
  const [format, setFormat] = useState<string>();
  const [returning, setReturning] = useState<PaymentFileViewBody>();
  const { busy, error, submit } = useSubmit();
  const canWrite = hasPermission('disability:write');
  const columns: TableColumnsType<RosterPaymentItemBody> = [
    { title: '月份', render: (_, r) => r.month },
    { title: '县（市、区）', render: (_, r) => r.countyName },
    { title: '名册状态', render: (_, r) => <Tag>{ROSTER_STATUS[r.rosterStatus] ?? r.rosterStatus}</Tag> },
    { title: '名册金额', align: 'right', render: (_, r) => `${r.recipients} 人 / ${yuan(r.totalFen)}` },
    {
      title: '代发文件',
      render: (_, r) =>
        r.file ? (
          <Space direction="vertical" size={0}>
            <Typography.Text>{r.file.fileNo}</Typography.Text>
            <Typography.Text type="secondary">
              {r.file.totalLines} 笔 {yuan(r.file.totalFen)}（含补发 {r.file.requeuedLines} 笔）·{' '}
              {r.file.formatLabel}
            </Typography.Text>
            {r.file.heldBackLines > 0 && (
              <Typography.Text type="warning">
                无账户暂缓 {r.file.heldBackLines} 笔 {yuan(r.file.heldBackFen)}
              </Typography.Text>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: '对账',
      render: (_, r) =>
        r.file?.status === 'returned' ? (
          <Space direction="vertical" size={0}>
            <Tag color={r.file.reconciled ? 'success' : 'error'}>{r.file.reconciled ? '已平' : '不平'}</Tag>
            <span>
              成功 {r.file.paidLines} 笔 {yuan(r.file.paidFen)}；失败 {r.file.failedLines} 笔{' '}
              {yuan(r.file.failedFen)}
            </span>
          </Space>
        ) : r.file ? (
          <Tag color="processing">待回盘</Tag>
        ) : null,
    },
    { title: '下一步', render: (_, r) => r.next },
    {
      title: '操作',
      render: (_, r) => (
        <Space wrap>
          {r.rosterStatus === 'signed' && canWrite && (
            <Button
              type="primary"
              size="small"
              loading={busy}
              onClick={() =>
                void submit(async () => {
                  const f = await paymentsApi.issue(r.rosterId, format);
                  void message.success(`已生成代发文件 ${f.fileNo}：${f.totalLines} 笔，${yuan(f.totalFen)}`);
                  list.reload();
                })
              }
            >
              生成代发文件
            </Button>
          )}
          {r.file && (
            <Button size="small" href={paymentsUrls.download(r.file.id)}>
              下载
            </Button>
          )}
          {r.file?.status === 'issued' && canWrite && (
            <Button size="small" onClick={() => setReturning(r.file!)}>
              导入回盘
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        title="名册签批后由县级生成银行代发文件：有收款账户的逐笔代发，无账户的暂缓并列入“失败重发”；此前银行退回、账户已更正的补发一并编入。银行回盘后导入对账，失败的转入下月重发。"
      />
      <Flex gap={8} align="center" wrap>
        <span>代发文件格式：</span>
        <Select
          aria-label="代发文件格式"
          style={{ width: 360 }}
          value={format ?? formats.data?.current}
          onChange={setFormat}
          options={(formats.data?.formats ?? []).map((f) => ({ value: f.key, label: f.label }))}
        />
      </Flex>
      {error && <Alert type="error" showIcon title={error} />}
      {list.error ? (
        <Alert type="error" showIcon title={`代发文件加载失败：${errorText(list.error)}`} />
      ) : null}
      <Table
        rowKey="rosterId"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={{ pageSize: 12 }}
        locale={{ emptyText: '还没有发放名册：名册冻结、签批后在这里生成代发文件。' }}
      />
      {returning && (
        <ReturnDialog
          file={returning}
          onClose={() => setReturning(undefined)}
          onDone={() => {
            setReturning(undefined);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}

// ----- 失败重发 -----

function RequeueTab() {
  const [q, setQ] = useState('');
  const [state, setState] = useState<'open' | 'closed' | 'all'>('open');
  const [cause, setCause] = useState<string>();
  const paging = usePaging('-queuedAt');
  const query = { q: q || undefined, state, cause, sort: paging.sort };
  const list = useApi(
    (signal) => paymentsApi.requeues({ ...query, page: paging.page, pageSize: 20 }, signal),
    [JSON.stringify(query), paging.page],
  );
  const columns: TableColumnsType<RequeueLedgerRowBody> = [
    { title: '姓名', render: (_, r) => r.name },
    { title: '乡镇（街道）', render: (_, r) => r.divisionCode },
    { title: '补贴', render: (_, r) => r.subsidyLabel },
    { title: '所属月份', key: 'month', sorter: true, render: (_, r) => r.month },
    { title: '金额', key: 'amountFen', sorter: true, align: 'right', render: (_, r) => yuan(r.amountFen) },
    {
      title: '原因',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Tag color={r.cause === 'failed' ? 'error' : 'warning'}>{r.causeLabel}</Tag>
          {r.failureLabel && (
            <span>
              {r.failureLabel}：{r.reason}
            </span>
          )}
        </Space>
      ),
    },
    { title: '排队时间', key: 'queuedAt', sorter: true, render: (_, r) => formatDateTime(r.queuedAt) },
    { title: '下一步', render: (_, r) => r.next },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Flex gap={8} wrap>
        <Input.Search
          aria-label="姓名"
          placeholder="姓名"
          allowClear
          style={{ width: 200 }}
          onSearch={(v) => {
            setQ(v);
            paging.setPage(1);
          }}
        />
        <Select
          aria-label="状态"
          style={{ width: 140 }}
          value={state}
          onChange={(v) => {
            setState(v);
            paging.setPage(1);
          }}
          options={[
            { value: 'open', label: '待补发' },
            { value: 'closed', label: '已办结' },
            { value: 'all', label: '全部' },
          ]}
        />
        <Select
          aria-label="原因"
          allowClear
          placeholder="全部原因"
          style={{ width: 180 }}
          value={cause}
          onChange={(v) => {
            setCause(v);
            paging.setPage(1);
          }}
          options={[
            { value: 'failed', label: '银行退回' },
            { value: 'held_back', label: '无收款账户暂缓发放' },
          ]}
        />
        <Button href={paymentsUrls.requeuesExport(query)} disabled={!list.data?.total}>
          导出 Excel
        </Button>
      </Flex>
      {(list.data?.total ?? 0) > 0 && state === 'open' && (
        <Alert
          type="warning"
          showIcon
          title={`${list.data!.total} 笔补贴应发未发：请在“收款账户”中为这些对象登记或更正账户，下月代发文件将自动补发。`}
        />
      )}
      {list.error ? (
        <Alert type="error" showIcon title={`失败重发加载失败：${errorText(list.error)}`} />
      ) : null}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        onChange={paging.onChange}
        pagination={{
          current: paging.page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
        }}
        locale={{ emptyText: '没有应发未发的补贴。' }}
      />
    </Space>
  );
}

// ----- 追缴 -----

function RecoveriesTab() {
  const { hasPermission } = useAuth();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string>('open');
  const paging = usePaging('-createdAt');
  const query = { q: q || undefined, status, sort: paging.sort };
  const list = useApi(
    (signal) => paymentsApi.recoveries({ ...query, page: paging.page, pageSize: 20 }, signal),
    [JSON.stringify(query), paging.page],
  );
  const [resolving, setResolving] = useState<RecoveryViewBody>();
  const [form] = Form.useForm<{ status: 'recovered' | 'written_off'; resolution: string }>();
  const [formError, setFormError] = useState<string>();
  const scan = useSubmit();
  const columns: TableColumnsType<RecoveryViewBody> = [
    { title: '姓名', render: (_, r) => r.name },
    { title: '乡镇（街道）', render: (_, r) => r.divisionCode },
    { title: '补贴', render: (_, r) => r.subsidyLabel },
    {
      title: '停发',
      render: (_, r) => `停发事由发生于 ${r.stopEventDate ?? '—'}，最后应发 ${r.lastPayableMonth}`,
    },
    {
      title: '多发月份',
      key: 'firstMonth',
      sorter: true,
      render: (_, r) => `${r.firstMonth} 至 ${r.lastMonth}（${r.months} 个月）`,
    },
    { title: '金额', key: 'amountFen', sorter: true, align: 'right', render: (_, r) => yuan(r.amountFen) },
    {
      title: '状态',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Tag color={r.status === 'open' ? 'warning' : 'default'}>{r.statusLabel}</Tag>
          {r.resolution && <Typography.Text type="secondary">{r.resolution}</Typography.Text>}
        </Space>
      ),
    },
    { title: '开立时间', key: 'createdAt', sorter: true, render: (_, r) => formatDateTime(r.createdAt) },
    {
      title: '操作',
      render: (_, r) =>
        r.status === 'open' && hasPermission('disability:approve') ? (
          <Button size="small" onClick={() => setResolving(r)}>
            办结
          </Button>
        ) : null,
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Flex gap={8} wrap>
        <Input.Search
          aria-label="姓名"
          placeholder="姓名"
          allowClear
          style={{ width: 200 }}
          onSearch={(v) => {
            setQ(v);
            paging.setPage(1);
          }}
        />
        <Select
          aria-label="状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            paging.setPage(1);
          }}
          options={[
            { value: 'open', label: '追缴中' },
            { value: 'recovered', label: '已追回' },
            { value: 'written_off', label: '已核销' },
          ]}
        />
        {hasPermission('disability:write') && (
          <Button
            loading={scan.busy}
            onClick={() =>
              void scan.submit(async () => {
                const r = await paymentsApi.scan();
                void message.info(
                  r.opened ? `新开立 ${r.opened} 条追缴，共 ${yuan(r.amountFen)}` : '没有发现新的多发补贴',
                );
                list.reload();
              })
            }
          >
            立即核查多发
          </Button>
        )}
        <Button href={paymentsUrls.recoveriesExport(query)} disabled={!list.data?.total}>
          导出 Excel
        </Button>
      </Flex>
      {scan.error && <Alert type="error" showIcon title={scan.error} />}
      <Alert
        type="info"
        showIcon
        title="停发自事由发生的次月起（R-DIS-07）。停发登记晚于发放时（如死亡三个月后才登记），系统按已到账的名册行计算多发月份和金额并开立追缴；由县级民政部门登记追回或核销。"
      />
      {list.error ? (
        <Alert type="error" showIcon title={`追缴台账加载失败：${errorText(list.error)}`} />
      ) : null}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        onChange={paging.onChange}
        pagination={{
          current: paging.page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
        }}
        locale={{ emptyText: '没有多发追缴记录。' }}
      />
      <Modal
        open={!!resolving}
        title={resolving ? `办结追缴：${resolving.name} ${yuan(resolving.amountFen)}` : ''}
        okText="办结"
        onCancel={() => setResolving(undefined)}
        onOk={() => form.submit()}
        destroyOnHidden={false}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ status: 'recovered' }}
          onFinish={(v) => {
            setFormError(undefined);
            paymentsApi.resolve(resolving!.id, v).then(
              () => {
                setResolving(undefined);
                form.resetFields();
                list.reload();
              },
              (e: unknown) => setFormError(applyServerError(form, e)),
            );
          }}
        >
          <Form.Item name="status" label="办结方式">
            <Radio.Group
              options={[
                { value: 'recovered', label: '已追回' },
                { value: 'written_off', label: '核销' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="resolution"
            label="情况或原因"
            rules={[{ required: true, message: '请写明追回情况或核销原因' }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={300}
              placeholder="如：家属已退回，缴款凭证号…；或：无遗产可供追缴，经审批核销"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

export function DisabilityPaymentsPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'files';
  const owed = useApi((signal) => paymentsApi.requeues({ state: 'open', pageSize: 1 }, signal), []);
  const open = useApi((signal) => paymentsApi.recoveries({ status: 'open', pageSize: 1 }, signal), []);
  const missing = useApi((signal) => paymentsApi.accounts({ missing: 'true', pageSize: 1 }, signal), []);
  return (
    <>
      <PageHeader title="补贴发放" subTitle="收款账户 · 银行代发文件 · 回盘对账 · 失败重发 · 多发追缴" />
      <DisabilityNav />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="今日待办">
            <Space size="large">
              <Statistic title="未登记收款账户" value={missing.data?.total ?? 0} suffix="人" />
              <Statistic title="应发未发（失败重发）" value={owed.data?.total ?? 0} suffix="笔" />
              <Statistic title="追缴中" value={open.data?.total ?? 0} suffix="条" />
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(params);
          next.set('tab', k);
          setParams(next, { replace: true });
        }}
        items={[
          { key: 'files', label: '代发文件', children: <FilesTab /> },
          { key: 'accounts', label: '收款账户', children: <AccountsTab /> },
          { key: 'requeue', label: '失败重发', children: <RequeueTab /> },
          { key: 'recoveries', label: '追缴', children: <RecoveriesTab /> },
        ]}
      />
    </>
  );
}
