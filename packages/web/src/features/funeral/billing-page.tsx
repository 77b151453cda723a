/**
 * 收费与结算 (/funeral/billing): 价格目录 (the published list per facility as the public sees it, drafts,
 * price history with legal basis), 收费单据 (invoices ledger with Excel export), 结算申报 (monthly claims of
 * waived basic services to the county) and 收支 (income and expenditure of government facilities, apart).
 */
import {
  BASIC_SERVICE_KIND_LABELS,
  FUNERAL_CLAIM_STATUS_LABELS,
  FUNERAL_EXPENDITURE_CATEGORY_LABELS,
  type PriceItemInputBody,
} from '@social-affairs/kernel/contracts/funeral';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { beijingToday, formatDate } from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { useSubmit } from '../../app/use-submit';
import {
  billingApi,
  billingUrls,
  yuan,
  type ClaimViewBody,
  type InvoiceLedgerRowBody,
  type PriceItemViewBody,
} from './billing.api';
import { FuneralNav } from './funeral-nav';

const categoryTag = (r: Pick<PriceItemViewBody, 'category' | 'basicKindLabel'>) =>
  r.category === 'basic' ? (
    <Tag color="green">基本服务{r.basicKindLabel ? `·${r.basicKindLabel}` : ''}</Tag>
  ) : (
    <Tag color="blue">选择性服务</Tag>
  );

function FacilityPicker({ value, onChange }: { value: string | undefined; onChange: (v: string) => void }) {
  const facilities = useApi((signal) => billingApi.facilities(signal), []);
  return (
    <Select
      aria-label="殡葬设施"
      placeholder="选择殡仪馆"
      style={{ width: 280 }}
      value={value}
      onChange={onChange}
      loading={facilities.loading}
      options={(facilities.data?.items ?? [])
        .filter((f) => ['funeral_home', 'crematorium', 'columbarium'].includes(f.kind))
        .map((f) => ({ value: f.id, label: f.name }))}
    />
  );
}

function PricesTab({
  facilityId,
  setFacilityId,
}: {
  facilityId?: string;
  setFacilityId: (v: string) => void;
}) {
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('funeral:write');
  const [on, setOn] = useState(beijingToday());
  const list = useApi(
    (signal) => (facilityId ? billingApi.priceList(facilityId, on, signal) : Promise.resolve(undefined)),
    [facilityId, on],
  );
  const [form] = Form.useForm<Omit<PriceItemInputBody, 'priceFen'> & { priceYuan: number }>();
  const { busy, error, submit } = useSubmit();
  const [formError, setFormError] = useState<string>();
  const category = Form.useWatch('category', form);
  const columns: TableColumnsType<PriceItemViewBody> = [
    { title: '编码', dataIndex: 'code', width: 80 },
    { title: '项目', dataIndex: 'name' },
    { title: '类别', render: (_, r) => categoryTag(r) },
    { title: '单位', dataIndex: 'unit', width: 60 },
    { title: '价格（元）', align: 'right', render: (_, r) => yuan(r.priceFen) },
    { title: '定价依据', dataIndex: 'legalBasis' },
    {
      title: '执行期间',
      render: (_, r) =>
        `${formatDate(r.effectiveFrom)} 起${r.effectiveTo ? ` 至 ${formatDate(r.effectiveTo)}` : ''}`,
    },
  ];
  if (!facilityId)
    return (
      <Card>
        <Space direction="vertical">
          <Typography.Text>请选择殡仪馆，查看其已公示的收费目录。</Typography.Text>
          <FacilityPicker value={facilityId} onChange={setFacilityId} />
        </Space>
      </Card>
    );
  const data = list.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Flex gap={12} wrap align="center">
        <FacilityPicker value={facilityId} onChange={setFacilityId} />
        <span>执行日期</span>
        <Input
          type="date"
          aria-label="执行日期"
          style={{ width: 170 }}
          value={on}
          onChange={(e) => setOn(e.target.value || beijingToday())}
        />
        {data?.governmentInvested && <Tag color="gold">政府投资 · 收支两条线</Tag>}
      </Flex>
      {list.error ? <Alert type="error" showIcon title="价格目录加载失败" /> : null}
      <Card title={`公示目录（${on} 执行）`} size="small">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="基本殡葬服务执行政府指导价；选择性服务按公示目录收费，目录外项目一律不得收取，不得捆绑搭售（发改价格〔2026〕108号）。"
        />
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          loading={list.loading}
          dataSource={data?.inForce ?? []}
          columns={columns}
          locale={{ emptyText: '尚无公示价格：请先拟定项目后公示。' }}
        />
      </Card>
      {canWrite && (
        <Card title="拟定收费项目或调价（公示后执行）" size="small">
          {(data?.drafts.length ?? 0) > 0 && (
            <>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={data?.drafts ?? []}
                columns={[
                  ...columns,
                  {
                    title: '',
                    render: (_, r) => (
                      <Button
                        size="small"
                        danger
                        onClick={() => void billingApi.discard(r.id).then(list.reload)}
                      >
                        删除草稿
                      </Button>
                    ),
                  },
                ]}
              />
              <Button
                type="primary"
                style={{ margin: '12px 0' }}
                onClick={() =>
                  void submit(async () => {
                    const r = await billingApi.publish(facilityId);
                    void message.success(`已公示 ${r.published} 个项目`);
                    list.reload();
                  })
                }
                loading={busy}
              >
                公示价格目录
              </Button>
            </>
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
          <Form
            form={form}
            layout="inline"
            initialValues={{ category: 'non_basic', effectiveFrom: beijingToday() }}
            onFinish={(v) =>
              void submit(async () => {
                setFormError(undefined);
                try {
                  const { priceYuan, ...rest } = v;
                  await billingApi.propose(facilityId, {
                    ...rest,
                    basicKind: rest.category === 'basic' ? rest.basicKind : null,
                    priceFen: Math.round(priceYuan * 100),
                  });
                  form.resetFields(['code', 'name', 'priceYuan']);
                  list.reload();
                } catch (e) {
                  setFormError(applyServerError(form, e, { priceFen: 'priceYuan' }));
                }
              })
            }
          >
            <Form.Item name="code" label="编码" rules={[{ required: true, message: '请填写编码' }]}>
              <Input style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="name" label="项目" rules={[{ required: true, message: '请填写项目名称' }]}>
              <Input style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="category" label="类别">
              <Select
                style={{ width: 130 }}
                options={[
                  { value: 'basic', label: '基本服务' },
                  { value: 'non_basic', label: '选择性服务' },
                ]}
              />
            </Form.Item>
            {category === 'basic' && (
              <Form.Item name="basicKind" label="基本服务项" rules={[{ required: true, message: '请选择' }]}>
                <Select
                  style={{ width: 150 }}
                  options={Object.entries(BASIC_SERVICE_KIND_LABELS).map(([value, label]) => ({
                    value,
                    label,
                  }))}
                />
              </Form.Item>
            )}
            <Form.Item name="unit" label="单位" rules={[{ required: true, message: '请填写单位' }]}>
              <Input style={{ width: 60 }} />
            </Form.Item>
            <Form.Item
              name="priceYuan"
              label="价格（元）"
              rules={[{ required: true, message: '请填写价格' }]}
            >
              <InputNumber min={0} precision={2} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item
              name="legalBasis"
              label="定价依据"
              rules={[{ required: true, message: '请填写定价依据文号' }]}
            >
              <Input style={{ width: 220 }} placeholder="如 发改价格〔2026〕108号" />
            </Form.Item>
            <Form.Item
              name="effectiveFrom"
              label="执行日期"
              rules={[{ required: true, message: '请填写执行日期' }]}
            >
              <Input type="date" style={{ width: 160 }} />
            </Form.Item>
            <Button htmlType="submit" loading={busy}>
              加入草稿
            </Button>
          </Form>
        </Card>
      )}
      <Card title="价格变动历史" size="small">
        <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20 }}
          dataSource={data?.history ?? []}
          columns={columns}
        />
        {(data?.packages.length ?? 0) > 0 && (
          <Typography.Paragraph style={{ marginTop: 12 }}>
            可选套餐（各项目仍可单独选择）：
            {data!.packages.map((p) => `${p.name}（${p.itemCodes.join('、')}）`).join('；')}
          </Typography.Paragraph>
        )}
      </Card>
    </Space>
  );
}

function InvoicesTab({ facilityId }: { facilityId?: string }) {
  const { hasPermission } = useAuth();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState('-paidOn');
  const query = { facilityId, q: q || undefined, status, from: from || undefined, to: to || undefined, sort };
  const list = useApi(
    (signal) => billingApi.invoices({ ...query, page, pageSize: 20 }, signal),
    [JSON.stringify(query), page],
  );
  const [voiding, setVoiding] = useState<InvoiceLedgerRowBody>();
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit();
  const columns: TableColumnsType<InvoiceLedgerRowBody> = [
    { title: '发票号', key: 'invoiceNo', sorter: true, render: (_, r) => r.invoiceNo },
    { title: '收款日期', key: 'paidOn', sorter: true, render: (_, r) => formatDate(r.paidOn) },
    {
      title: '逝者',
      render: (_, r) => (
        <Link to={`/funeral/cases/${encodeURIComponent(r.caseId)}?tab=billing`}>
          {r.decedentName ?? '无名氏'}（{r.caseNo}）
        </Link>
      ),
    },
    { title: '殡葬设施', dataIndex: 'facilityName' },
    {
      title: '金额（元）',
      key: 'amountFen',
      sorter: true,
      align: 'right',
      render: (_, r) => yuan(r.amountFen),
    },
    { title: '付款方式', dataIndex: 'methodLabel' },
    {
      title: '状态',
      render: (_, r) =>
        r.status === 'issued' ? (
          <Tag color="success">有效</Tag>
        ) : (
          <Tag color="error">已作废：{r.voidReason}</Tag>
        ),
    },
    {
      title: '操作',
      render: (_, r) =>
        r.status === 'issued' && hasPermission('funeral:write') ? (
          <Button size="small" onClick={() => setVoiding(r)}>
            作废
          </Button>
        ) : null,
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Flex gap={8} wrap>
        <Input.Search
          aria-label="发票号或档案编号"
          placeholder="发票号或档案编号"
          allowClear
          style={{ width: 220 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <Select
          aria-label="状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 120 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: 'issued', label: '有效' },
            { value: 'void', label: '已作废' },
          ]}
        />
        <Input
          type="date"
          aria-label="收款日期起"
          style={{ width: 160 }}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <Input
          type="date"
          aria-label="收款日期止"
          style={{ width: 160 }}
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <Button href={billingUrls.invoicesExport(query)}>导出 Excel</Button>
      </Flex>
      {voiding && (
        <Alert
          type="warning"
          title={`作废发票 ${voiding.invoiceNo}`}
          description={
            <Flex gap={8}>
              <Input
                aria-label="作废原因"
                placeholder="作废原因（必填）"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <Button
                danger
                loading={busy}
                onClick={() =>
                  void submit(async () => {
                    await billingApi.voidInvoice(voiding.id, reason);
                    setVoiding(undefined);
                    setReason('');
                    list.reload();
                  })
                }
              >
                确认作废
              </Button>
              <Button onClick={() => setVoiding(undefined)}>取消</Button>
              {error && <Typography.Text type="danger">{error}</Typography.Text>}
            </Flex>
          }
        />
      )}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        locale={{ emptyText: <Empty description="没有符合条件的收费单据。" /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (t) => `共 ${t} 张`,
        }}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          if (s?.columnKey && s.order) setSort(`${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}`);
        }}
      />
    </Space>
  );
}

function ClaimsTab({ facilityId }: { facilityId?: string }) {
  const { hasPermission } = useAuth();
  const claims = useApi((signal) => billingApi.claims(signal), []);
  const [month, setMonth] = useState(beijingToday().slice(0, 7));
  const { busy, error, submit } = useSubmit();
  const columns: TableColumnsType<ClaimViewBody> = [
    { title: '月份', dataIndex: 'month' },
    { title: '殡葬设施', dataIndex: 'facilityName' },
    {
      title: '减免明细',
      render: (_, r) =>
        r.breakdown.map((b) => `${b.reasonLabel} ${b.cases} 例 ${yuan(b.amountFen)} 元`).join('；'),
    },
    { title: '申报金额（元）', align: 'right', render: (_, r) => yuan(r.totalFen) },
    {
      title: '状态',
      render: (_, r) => (
        <Tag color={r.status === 'rejected' ? 'error' : r.status === 'paid' ? 'success' : 'processing'}>
          {FUNERAL_CLAIM_STATUS_LABELS[r.status]}
        </Tag>
      ),
    },
    { title: '审核意见', render: (_, r) => r.decisionReason ?? '' },
    {
      title: '操作',
      render: (_, r) =>
        r.status === 'approved' && hasPermission('funeral:approve') ? (
          <Button
            size="small"
            onClick={() =>
              void submit(async () => {
                await billingApi.claimPaid(r.id, beijingToday());
                claims.reload();
              })
            }
          >
            登记已拨付
          </Button>
        ) : r.status === 'submitted' && r.approvalId ? (
          <Link to="/approvals">去审批</Link>
        ) : null,
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {hasPermission('funeral:write') && (
        <Flex gap={8} align="center" wrap>
          <span>申报月份</span>
          <Input
            type="month"
            aria-label="申报月份"
            style={{ width: 160 }}
            value={month}
            onChange={(e) => setMonth(e.target.value)}
          />
          <Button
            type="primary"
            disabled={!facilityId}
            loading={busy}
            onClick={() =>
              void submit(async () => {
                await billingApi.submitClaim(facilityId!, month);
                void message.success('已提交县级民政部门审核');
                claims.reload();
              })
            }
          >
            提交结算申报
          </Button>
          {!facilityId && <Typography.Text type="secondary">请先在“价格目录”中选择殡仪馆</Typography.Text>}
          {error && <Typography.Text type="danger">{error}</Typography.Text>}
        </Flex>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={claims.loading}
        dataSource={claims.data?.items ?? []}
        columns={columns}
        locale={{
          emptyText:
            '还没有结算申报。每月初把上月特困、低保、优抚、全覆盖和无名遗体的减免费用报县级民政部门。',
        }}
      />
    </Space>
  );
}

function IncomeTab({ facilityId }: { facilityId?: string }) {
  const [month, setMonth] = useState(beijingToday().slice(0, 7));
  const report = useApi(
    (signal) =>
      facilityId ? billingApi.incomeExpenditure(facilityId, month, signal) : Promise.resolve(undefined),
    [facilityId, month],
  );
  const [form] = Form.useForm<{
    spentOn: string;
    category: string;
    amountYuan: number;
    voucherNo: string;
    description: string;
  }>();
  const { busy, submit } = useSubmit();
  const [formError, setFormError] = useState<string>();
  if (!facilityId) return <Typography.Text type="secondary">请先在“价格目录”中选择殡仪馆。</Typography.Text>;
  const r = report.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Flex gap={8} align="center">
        <span>月份</span>
        <Input
          type="month"
          aria-label="月份"
          style={{ width: 160 }}
          value={month}
          onChange={(e) => setMonth(e.target.value)}
        />
      </Flex>
      {r && !r.governmentInvested && (
        <Alert type="info" showIcon title="该设施不是政府投资设施，不实行收支两条线；下表仅列收入。" />
      )}
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title="收入（发票，已作废的不计）">
            <Statistic title="收入合计（元）" value={r ? yuan(r.income.totalFen) : '—'} />
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r?.income.items ?? []}
              columns={[
                { title: '发票号', dataIndex: 'invoiceNo' },
                { title: '日期', dataIndex: 'paidOn' },
                { title: '金额（元）', align: 'right', render: (_, i) => yuan(i.amountFen) },
              ]}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title="支出（单独记账，不与收入相抵）">
            <Statistic title="支出合计（元）" value={r ? yuan(r.expenditure.totalFen) : '—'} />
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r?.expenditure.items ?? []}
              columns={[
                { title: '凭证号', dataIndex: 'voucherNo' },
                { title: '日期', dataIndex: 'spentOn' },
                { title: '类别', dataIndex: 'categoryLabel' },
                { title: '事由', dataIndex: 'description' },
                { title: '金额（元）', align: 'right', render: (_, e) => yuan(e.amountFen) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {r?.governmentInvested && (
        <Card size="small" title="登记支出">
          {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 8 }} />}
          <Form
            form={form}
            layout="inline"
            initialValues={{ spentOn: beijingToday(), category: 'operations' }}
            onFinish={(v) =>
              void submit(async () => {
                setFormError(undefined);
                try {
                  const { amountYuan, ...rest } = v;
                  await billingApi.recordExpenditure(facilityId, {
                    ...rest,
                    amountFen: Math.round(amountYuan * 100),
                  });
                  form.resetFields(['voucherNo', 'description', 'amountYuan']);
                  report.reload();
                } catch (e) {
                  setFormError(applyServerError(form, e, { amountFen: 'amountYuan' }));
                }
              })
            }
          >
            <Form.Item name="spentOn" label="日期" rules={[{ required: true }]}>
              <Input type="date" style={{ width: 150 }} />
            </Form.Item>
            <Form.Item name="category" label="类别">
              <Select
                style={{ width: 120 }}
                options={Object.entries(FUNERAL_EXPENDITURE_CATEGORY_LABELS).map(([value, label]) => ({
                  value,
                  label,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="amountYuan"
              label="金额（元）"
              rules={[{ required: true, message: '请填写金额' }]}
            >
              <InputNumber min={0.01} precision={2} />
            </Form.Item>
            <Form.Item name="voucherNo" label="凭证号" rules={[{ required: true, message: '请填写凭证号' }]}>
              <Input style={{ width: 130 }} />
            </Form.Item>
            <Form.Item name="description" label="事由" rules={[{ required: true, message: '请填写事由' }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Button htmlType="submit" loading={busy}>
              登记
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

export function FuneralBillingPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'prices';
  const [facilityId, setFacilityId] = useState<string | undefined>(params.get('facility') ?? undefined);
  const pick = (v: string) => {
    setFacilityId(v);
    const next = new URLSearchParams(params);
    next.set('facility', v);
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageHeader title="收费与结算" subTitle="公示价格 · 惠民殡葬减免 · 发票 · 结算申报 · 收支两条线" />
      <FuneralNav />
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(params);
          next.set('tab', k);
          setParams(next, { replace: true });
        }}
        items={[
          {
            key: 'prices',
            label: '价格目录',
            children: <PricesTab facilityId={facilityId} setFacilityId={pick} />,
          },
          { key: 'invoices', label: '收费单据', children: <InvoicesTab facilityId={facilityId} /> },
          { key: 'claims', label: '结算申报', children: <ClaimsTab facilityId={facilityId} /> },
          { key: 'income', label: '收支', children: <IncomeTab facilityId={facilityId} /> },
        ]}
      />
    </>
  );
}
