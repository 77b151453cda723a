/**
 * 补贴对象: the ledger of entitlements (filters, paging, sort, Excel export); a row opens a drawer with the
 * recipient's events, disputes, the stop by hand (county civil affairs, R-DIS-07: payment stops from the
 * month after the event) and the dispute forms (re-check within 10 working days).
 */
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import { ListPage, choiceFilter, textFilter, useListPage } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { DisabilityNav } from './disability-nav';
import {
  ENTITLEMENT_STATUS_LABELS,
  STOP_REASON_LABELS,
  SUBSIDY_LABELS,
  entitlementStatusColors,
  reviewApi,
  reviewUrls,
  type RecipientDetail,
  type RecipientView,
} from './review.api';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '姓名、身份证号、残疾人证号或申请编号', width: 260 }),
  subsidy: choiceFilter(SUBSIDY_LABELS, { label: '补贴类别', width: 130 }),
  status: choiceFilter(ENTITLEMENT_STATUS_LABELS, { label: '状态', width: 120 }),
  divisionCode: textFilter({ label: '乡镇（街道）', placeholder: '9 位区划代码', width: 150 }),
  fromMonth: textFilter({ label: '起始月份起', placeholder: 'YYYY-MM', width: 120 }),
  stopReason: choiceFilter(STOP_REASON_LABELS, { label: '停发原因', width: 170 }),
  personId: textFilter({ label: '人员编号', width: 120 }),
};

function StopForm({ r, onDone }: { r: RecipientDetail; onDone: (d: RecipientDetail) => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values: { reason: string; eventDate: Dayjs; note?: string }) =>
        void (async () => {
          setBusy(true);
          setError(undefined);
          try {
            onDone(
              await reviewApi.stop(r.id, {
                reason: values.reason,
                eventDate: values.eventDate.format('YYYY-MM-DD'),
                note: values.note ?? null,
              }),
            );
          } catch (e) {
            setError(applyServerError(form, e));
          } finally {
            setBusy(false);
          }
        })()
      }
    >
      <Typography.Text strong>停发（自事由发生次月起停发）</Typography.Text>
      <Space wrap style={{ marginTop: 8 }}>
        <Form.Item name="reason" label="停发原因" rules={[{ required: true, message: '请选择停发原因' }]}>
          <Select style={{ width: 220 }} options={r.manualStopReasons} />
        </Form.Item>
        <Form.Item
          name="eventDate"
          label="事由发生日期（服刑为判决生效日）"
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker />
        </Form.Item>
      </Space>
      <Form.Item name="note" label="依据（文书号、说明）">
        <Input maxLength={500} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button danger htmlType="submit" loading={busy}>
        停发
      </Button>
    </Form>
  );
}

function DisputeForms({ r, onDone }: { r: RecipientDetail; onDone: (d: RecipientDetail) => void }) {
  const { hasPermission } = useAuth();
  const [lodge] = Form.useForm();
  const [decide] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const open = r.disputes.find((d) => d.status === 'open');
  const run = async (form: typeof lodge, action: () => Promise<RecipientDetail>) => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await action());
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {!open &&
        r.status === 'stopped' &&
        (hasPermission('disability:write') || hasPermission('disability:approve')) && (
          <Form
            form={lodge}
            layout="vertical"
            initialValues={{ lodgedOn: dayjs() }}
            onFinish={(values: { lodgedOn: Dayjs; reason: string }) =>
              void run(lodge, () =>
                reviewApi.lodgeDispute(r.id, {
                  lodgedOn: values.lodgedOn.format('YYYY-MM-DD'),
                  reason: values.reason,
                }),
              )
            }
          >
            <Typography.Text strong>登记停发异议（县民政部门 10 个工作日内复核）</Typography.Text>
            <Form.Item name="lodgedOn" label="提出日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="reason" label="异议理由" rules={[{ required: true, message: '请填写异议理由' }]}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <Button htmlType="submit" loading={busy}>
              登记异议
            </Button>
          </Form>
        )}
      {open && hasPermission('disability:approve') && (
        <Form
          form={decide}
          layout="vertical"
          initialValues={{ outcome: 'upheld' }}
          onFinish={(values: { outcome: string; reason: string }) =>
            void run(decide, () => reviewApi.decideDispute(open.id, values))
          }
        >
          <Typography.Text strong>
            复核停发异议（{formatDate(open.dueOn)} 前办结{open.overdue ? '，已逾期' : ''}）
          </Typography.Text>
          <Form.Item name="outcome" style={{ marginTop: 8 }}>
            <Radio.Group>
              <Radio value="upheld">维持停发</Radio>
              <Radio value="reversed">撤销停发，恢复发放（欠发月份由名册补发）</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="reason" label="复核意见" rules={[{ required: true, message: '请填写复核意见' }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            作出复核决定
          </Button>
        </Form>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </>
  );
}

function RecipientDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { hasPermission } = useAuth();
  const [override, setOverride] = useState<RecipientDetail>();
  const state = useApi((signal) => reviewApi.recipient(id, signal), [id]);
  const r = override ?? state.data;
  const onDone = (d: RecipientDetail) => {
    setOverride(d);
    onChanged();
  };
  return (
    <Drawer open width={640} title="补贴对象" onClose={onClose}>
      {state.error && !r ? (
        <Alert type="error" showIcon title="补贴对象加载失败" />
      ) : !r ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="姓名">
              {r.personName}（{r.residentIdMasked}）{r.personDeceased && <Tag color="default">已故</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="补贴">{r.subsidyLabel}</Descriptions.Item>
            <Descriptions.Item label="残疾人证">
              {r.certificateNumberMasked ?? '—'}
              {r.category ? `（${r.category}类${r.grade}级）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="区划">{r.divisionCode}</Descriptions.Item>
            <Descriptions.Item label="发放月份">
              {r.fromMonth} 起{r.toMonth ? `，最后发放 ${r.toMonth}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={entitlementStatusColors[r.status]}>{r.statusLabel}</Tag>
              {r.stopReasonLabel && `${r.stopReasonLabel}（${formatDate(r.stopEventDate)}）`}
            </Descriptions.Item>
            {r.applicationId && (
              <Descriptions.Item label="申请">
                <Link to={`/disability/applications/${r.applicationId}?tab=review`}>{r.applicationNo}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>变动记录</Typography.Title>
          <Timeline
            items={r.events.map((e) => ({
              color: e.kind === 'stopped' ? 'red' : e.kind === 'granted' ? 'green' : 'blue',
              content: (
                <>
                  {e.kindLabel}，{e.effectiveMonth} 起{e.reasonLabel ? `（${e.reasonLabel}）` : ''}
                  {e.note && <div>{e.note}</div>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(e.at)}
                  </Typography.Text>
                </>
              ),
            }))}
          />
          {r.disputes.length > 0 && (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r.disputes}
              columns={[
                { title: '提出日期', render: (_, d) => formatDate(d.lodgedOn) },
                { title: '理由', dataIndex: 'reason' },
                { title: '期限', render: (_, d) => formatDate(d.dueOn) },
                {
                  title: '结果',
                  render: (_, d) => `${d.statusLabel}${d.decisionReason ? `：${d.decisionReason}` : ''}`,
                },
              ]}
            />
          )}
          {r.status !== 'stopped' && hasPermission('disability:approve') && (
            <StopForm r={r} onDone={onDone} />
          )}
          <DisputeForms r={r} onDone={onDone} />
        </Space>
      )}
    </Drawer>
  );
}

export function DisabilityRecipientsPage() {
  const list = useListPage({
    filters,
    sortKeys: ['fromMonth', 'name', 'divisionCode', 'toMonth'],
    load: (query, signal) => reviewApi.recipients(query, signal),
  });
  const [open, setOpen] = useState<string>();
  const columns: TableColumnsType<RecipientView> = [
    {
      title: '姓名',
      key: 'name',
      sorter: true,
      render: (_, r) => (
        <>
          <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(r.id)}>
            {r.personName}
          </Button>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.residentIdMasked}
            </Typography.Text>
          </div>
        </>
      ),
    },
    { title: '补贴', render: (_, r) => SUBSIDY_LABELS[r.subsidy] },
    { title: '类别等级', render: (_, r) => (r.category ? `${r.category}类${r.grade}级` : '—') },
    { title: '区划', key: 'divisionCode', sorter: true, render: (_, r) => r.divisionCode },
    { title: '起始月份', key: 'fromMonth', sorter: true, render: (_, r) => r.fromMonth },
    { title: '最后发放月', key: 'toMonth', sorter: true, render: (_, r) => r.toMonth ?? '—' },
    {
      title: '状态',
      render: (_, r) => (
        <>
          <Tag color={entitlementStatusColors[r.status]}>{r.statusLabel}</Tag>
          {r.stopReasonLabel && <div>{r.stopReasonLabel}</div>}
        </>
      ),
    },
    {
      title: '申请',
      render: (_, r) =>
        r.applicationId ? (
          <Link to={`/disability/applications/${r.applicationId}?tab=review`}>{r.applicationNo}</Link>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="补贴对象"
      unit="人次"
      exportHref={reviewUrls.recipientsExport(list.exportQuery)}
      nav={<DisabilityNav />}
      actions={
        <Link to="/disability/review">
          <Button>审核队列</Button>
        </Link>
      }
      filterName="disability-recipients-filters"
      errorTitle="补贴对象台账加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered
          ? '没有符合条件的补贴对象。'
          : '还没有补贴对象。申请经审核批准、公示期满后自申请当月起列为补贴对象。'
      }
    >
      {open && (
        <RecipientDrawer id={open} onClose={() => setOpen(undefined)} onChanged={() => list.reload()} />
      )}
    </ListPage>
  );
}
