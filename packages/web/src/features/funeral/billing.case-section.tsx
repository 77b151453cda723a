/**
 * The case page's 收费 tab: the eligibility found (with where it was found — never typed), the items of
 * the facility's published list to choose from (nothing is added that the family did not choose), the
 * bill with each line's payer and reason, payment with the invoice, and cancelling.
 */
import {
  FUNERAL_BILL_STATUS_LABELS,
  FUNERAL_PAYMENT_METHOD_LABELS,
} from '@social-affairs/kernel/contracts/funeral';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth-context';
import { beijingToday, formatDate } from '../../app/format';
import { useApi } from '../../app/use-api';
import { useSubmit } from '../../app/use-submit';
import { billingApi, yuan, type BillViewBody } from './billing.api';
import type { FuneralCaseSection, FuneralCaseSectionProps } from './case-sections';

function BillCard({
  bill,
  canWrite,
  onChanged,
}: {
  bill: BillViewBody;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const [method, setMethod] = useState('wechat');
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit();
  return (
    <Card
      size="small"
      title={`收费单（服务日期 ${formatDate(bill.serviceDate)}）`}
      extra={
        <Tag
          color={
            bill.status === 'paid' || bill.status === 'settled'
              ? 'success'
              : bill.status === 'cancelled'
                ? 'default'
                : 'processing'
          }
        >
          {FUNERAL_BILL_STATUS_LABELS[bill.status]}
        </Tag>
      }
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={bill.lines}
        columns={[
          {
            title: '项目',
            render: (_, l) => (
              <>
                {l.name}{' '}
                {l.category === 'basic' ? <Tag color="green">基本</Tag> : <Tag color="blue">选择性</Tag>}
              </>
            ),
          },
          { title: '单价（元）', align: 'right', render: (_, l) => `${yuan(l.unitPriceFen)}/${l.unit}` },
          { title: '数量', dataIndex: 'quantity' },
          { title: '金额（元）', align: 'right', render: (_, l) => yuan(l.amountFen) },
          { title: '丧属支付（元）', align: 'right', render: (_, l) => <strong>{yuan(l.familyFen)}</strong> },
          {
            title: '减免原因及依据',
            render: (_, l) =>
              l.waiverReasonLabel ? (
                <span title={l.waiverBasis ?? ''}>
                  <Tag color="gold">{l.waiverReasonLabel}</Tag>
                  {l.waiverBasis}
                </span>
              ) : (
                '—'
              ),
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>
              合计
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {yuan(bill.totalFen)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <strong data-testid="family-total">{yuan(bill.familyFen)}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5}>
              减免 {yuan(bill.waivedFen)} 元（
              {bill.payer === 'county_finance' ? '县级财政承担' : '向县级民政部门申报结算'}）
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {bill.invoices.map((i) => (
        <Typography.Paragraph key={i.id} style={{ marginTop: 8 }}>
          发票 {i.invoiceNo}：{yuan(i.amountFen)} 元，{i.methodLabel}，{formatDate(i.paidOn)}
          {i.status === 'void' ? (
            <Tag color="error" style={{ marginLeft: 8 }}>
              已作废：{i.voidReason}
            </Tag>
          ) : null}
        </Typography.Paragraph>
      ))}
      {canWrite && bill.status === 'open' && (
        <Flex gap={8} align="center" wrap style={{ marginTop: 12 }}>
          <span>收款 {yuan(bill.familyFen)} 元</span>
          <Select
            aria-label="付款方式"
            style={{ width: 120 }}
            value={method}
            onChange={setMethod}
            options={Object.entries(FUNERAL_PAYMENT_METHOD_LABELS).map(([value, label]) => ({
              value,
              label,
            }))}
          />
          <Button
            type="primary"
            loading={busy}
            onClick={() =>
              void submit(async () => {
                const inv = await billingApi.pay(bill.id, { method, amountFen: bill.familyFen });
                void message.success(`已收款，发票号 ${inv.invoiceNo}`);
                onChanged();
              })
            }
          >
            收款并开票
          </Button>
          <Input
            aria-label="作废原因"
            placeholder="作废原因"
            style={{ width: 180 }}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button
            danger
            disabled={!reason.trim()}
            loading={busy}
            onClick={() =>
              void submit(async () => {
                await billingApi.cancelBill(bill.id, reason);
                onChanged();
              })
            }
          >
            作废收费单
          </Button>
        </Flex>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Card>
  );
}

function BillingSection(props: FuneralCaseSectionProps) {
  const { caseId, revision } = props;
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('funeral:write');
  const [reloads, setReloads] = useState(0);
  const view = useApi((signal) => billingApi.caseBilling(caseId, signal), [caseId, revision, reloads]);
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const [serviceDate, setServiceDate] = useState(beijingToday());
  const { busy, error, submit } = useSubmit();
  if (view.error) return <Alert type="error" showIcon title="收费信息加载失败" />;
  const v = view.data;
  if (!v) return <Card loading />;
  const el = v.eligibility;
  const active = v.bills.find((b) => b.status !== 'cancelled');
  const changed = () => {
    setReloads((n) => n + 1);
    props.onChanged();
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type={el.reason ? 'success' : 'info'}
        showIcon
        title={`减免资格（按死亡日期 ${formatDate(el.on)} 自动查询，不可手工填写）：${el.summary}`}
        description={
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="社会救助名单">
              {el.programs.length
                ? el.programs.map((p) => `${p.label}（${p.fromDate} 起；${p.source}）`).join('；')
                : '未查到特困、低保、优抚记录'}
            </Descriptions.Item>
            <Descriptions.Item label="全覆盖政策">{el.universalCoverage?.basis ?? '无'}</Descriptions.Item>
            <Descriptions.Item label="免费接运">
              {el.collectionFree ? `${el.collectionFree.name}：${el.collectionFree.basis}` : '无'}
            </Descriptions.Item>
            <Descriptions.Item label="付费方">
              {el.payer === 'county_finance'
                ? '县级财政（无名或无人认领遗体）'
                : '丧属（减免部分向县级申报结算）'}
            </Descriptions.Item>
          </Descriptions>
        }
      />
      {v.bills.map((b) => (
        <BillCard key={b.id} bill={b} canWrite={canWrite} onChanged={changed} />
      ))}
      {!active && canWrite && (
        <Card size="small" title="选择服务项目开具收费单（只收取丧属选择的、已公示目录内的项目）">
          {v.priceList.length === 0 ? (
            <Typography.Text type="secondary">
              本馆尚无已公示的价格目录：请先在“收费与结算 → 价格目录”中公示。
            </Typography.Text>
          ) : (
            <>
              <Table
                size="small"
                rowKey="code"
                pagination={false}
                dataSource={v.priceList}
                rowSelection={{
                  selectedRowKeys: Object.keys(chosen),
                  onChange: (keys) =>
                    setChosen(Object.fromEntries(keys.map((k) => [String(k), chosen[String(k)] ?? 1]))),
                }}
                columns={[
                  {
                    title: '项目',
                    render: (_, i) => (
                      <>
                        {i.name}{' '}
                        {i.category === 'basic' ? (
                          <Tag color="green">基本</Tag>
                        ) : (
                          <Tag color="blue">选择性</Tag>
                        )}
                      </>
                    ),
                  },
                  { title: '单价（元）', align: 'right', render: (_, i) => `${yuan(i.priceFen)}/${i.unit}` },
                  {
                    title: '数量',
                    render: (_, i) =>
                      i.code in chosen ? (
                        <InputNumber
                          aria-label={`${i.name}数量`}
                          min={1}
                          max={999}
                          size="small"
                          value={chosen[i.code]}
                          onChange={(n) => setChosen({ ...chosen, [i.code]: n ?? 1 })}
                        />
                      ) : null,
                  },
                  {
                    title: '本例是否免费',
                    render: (_, i) =>
                      el.payer === 'county_finance'
                        ? '县级财政承担'
                        : i.basicKind && el.freeBasicKinds.includes(i.basicKind)
                          ? '免费'
                          : i.basicKind === 'collection' && el.collectionFree
                            ? '免费接运'
                            : '丧属支付',
                  },
                ]}
              />
              <Flex gap={8} align="center" style={{ marginTop: 12 }}>
                <span>服务日期</span>
                <Input
                  type="date"
                  aria-label="服务日期"
                  style={{ width: 160 }}
                  value={serviceDate}
                  onChange={(e) => setServiceDate(e.target.value)}
                />
                <Button
                  type="primary"
                  disabled={Object.keys(chosen).length === 0}
                  loading={busy}
                  onClick={() =>
                    void submit(async () => {
                      await billingApi.createBill(caseId, {
                        serviceDate,
                        items: Object.entries(chosen).map(([code, quantity]) => ({ code, quantity })),
                      });
                      setChosen({});
                      changed();
                    })
                  }
                >
                  开具收费单
                </Button>
              </Flex>
              {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
            </>
          )}
        </Card>
      )}
    </Space>
  );
}

/** Tabs of the case page contributed by the billing concern (edited only by that concern). */
export const billingCaseSections: FuneralCaseSection[] = [
  { key: 'billing', title: '收费', component: BillingSection },
];
