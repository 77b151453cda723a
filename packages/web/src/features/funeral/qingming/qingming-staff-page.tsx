/**
 * /funeral/qingming 清明祭扫 (staff, R-FUN-12): one cemetery at a time (picker at the top, kept in the
 * URL), with tabs 时段与计划 · 预约名单 (filters, paging, Excel, check-in scan box) · 电话预约 · 代祭扫 ·
 * 祭奠审核 · 实时客流 (auto-refresh, ECharts, province/city overview for supervisors).
 */
import {
  MODERATION_STATUS_LABELS,
  PROXY_ORDER_STATUS_LABELS,
  QINGMING_BOOKING_STATUS_LABELS,
  QINGMING_CHANNEL_LABELS,
  type BookingReceipt,
  type BookingView,
  type MemorialMessageView,
  type MemorialView,
  type ProxyOrderView,
  type QingmingSlotView,
} from '@social-affairs/kernel/contracts/funeral';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
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
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorText } from '../../../app/api-client';
import { AttachmentsPanel } from '../../../app/attachments';
import { EChart, type ChartOption } from '../../../app/charts/echarts-chart';
import { applyServerError } from '../../../app/form-errors';
import { beijingToday, formatDateTime } from '../../../app/format';
import { ExportButton } from '../../../app/list-page';
import { PageHeader } from '../../../app/page-header';
import { useApi } from '../../../app/use-api';
import { FuneralNav } from '../funeral-nav';
import { qingmingApi, type StaffCemetery } from './qingming.api';

const STATUS_COLOR = { active: 'processing', checked_in: 'success', cancelled: 'default' } as const;
const DEFAULT_WINDOWS =
  '07:00-08:30, 08:30-10:00, 10:00-11:30, 11:30-13:00, 13:00-14:30, 14:30-16:00, 16:00-17:30, 17:30-19:00';

function parseWindows(text: string): { startsAt: string; endsAt: string }[] {
  return text
    .split(/[,，\s]+/)
    .filter(Boolean)
    .map((w) => {
      const [startsAt = '', endsAt = ''] = w.split(/[-–~]/);
      return { startsAt: startsAt.padStart(5, '0'), endsAt: endsAt.padStart(5, '0') };
    });
}

// ----- 时段与计划 ------------------------------------------------------------------------------------------

function SlotsTab({ cemetery }: { cemetery: StaffCemetery }) {
  const slots = useApi((signal) => qingmingApi.slots(cemetery.id, undefined, signal), [cemetery.id]);
  const [form] = Form.useForm<{ from: Dayjs; days: number; windows: string; quota: number }>();
  const [planForm] = Form.useForm<{ year: number; note: string }>();
  const [error, setError] = useState<string>();
  const [planError, setPlanError] = useState<string>();
  const byDay = useMemo(() => {
    const m = new Map<string, QingmingSlotView[]>();
    for (const s of slots.data ?? []) m.set(s.date, [...(m.get(s.date) ?? []), s]);
    return [...m.entries()];
  }, [slots.data]);
  const create = async (v: { from: Dayjs; days: number; windows: string; quota: number }) => {
    setError(undefined);
    try {
      const r = await qingmingApi.createSlots({
        facilityId: cemetery.id,
        from: v.from.format('YYYY-MM-DD'),
        days: v.days,
        windows: parseWindows(v.windows),
        quota: v.quota,
      });
      void message.success(`已新建 ${r.created} 个时段${r.skipped ? `，${r.skipped} 个已存在未改动` : ''}`);
      slots.reload();
    } catch (err) {
      setError(applyServerError(form, err));
    }
  };
  const publish = async (v: { year: number; note: string }) => {
    setPlanError(undefined);
    try {
      await qingmingApi.plan({ facilityId: cemetery.id, year: v.year, note: v.note });
      void message.success('祭扫方案已发布，群众预约页面可见');
    } catch (err) {
      setPlanError(applyServerError(planForm, err));
    }
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card title="批量设置预约时段" size="small" style={{ marginBottom: 16 }}>
          <Form
            form={form}
            layout="vertical"
            name="qingming-slots"
            onFinish={(v) => void create(v)}
            initialValues={{ from: dayjs('2027-04-02'), days: 7, windows: DEFAULT_WINDOWS, quota: 200 }}
          >
            <Form.Item name="from" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="days" label="天数" rules={[{ required: true, message: '请填写天数' }]}>
              <InputNumber min={1} max={31} />
            </Form.Item>
            <Form.Item
              name="windows"
              label="每天的时段（开始-结束，逗号分隔）"
              rules={[{ required: true, message: '请填写时段' }]}
            >
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item
              name="quota"
              label="每个时段限额（人）"
              extra="其中 10% 预留给电话预约和现场代约（绿色通道），网上预约不可占用"
              rules={[{ required: true, message: '请填写限额' }]}
            >
              <InputNumber min={1} max={100000} />
            </Form.Item>
            {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
            <Button type="primary" htmlType="submit">
              新建时段
            </Button>
          </Form>
        </Card>
        <Card title="发布祭扫方案" size="small">
          <Form
            form={planForm}
            layout="vertical"
            name="qingming-plan"
            onFinish={(v) => void publish(v)}
            initialValues={{ year: 2027 }}
          >
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Form.Item
              name="note"
              label="方案内容（错峰时段、交通、文明祭扫倡议等）"
              rules={[{ required: true, message: '请填写祭扫方案' }]}
            >
              <Input.TextArea rows={5} maxLength={4000} showCount />
            </Form.Item>
            {planError && <Alert type="error" showIcon message={planError} style={{ marginBottom: 12 }} />}
            <Button htmlType="submit">发布</Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title="今天起的时段" size="small">
          {slots.error ? (
            <Alert type="error" showIcon message={errorText(slots.error)} />
          ) : byDay.length === 0 ? (
            <Empty description="还没有时段。请在左侧批量设置清明期间的预约时段。" />
          ) : (
            byDay.map(([date, list]) => (
              <div key={date} style={{ marginBottom: 12 }}>
                <Typography.Text strong>{date}</Typography.Text>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 4 }}>
                  {list.map((s) => (
                    <Tag key={s.id} color={s.left === 0 ? 'red' : s.onlineLeft === 0 ? 'orange' : 'blue'}>
                      {s.startsAt}–{s.endsAt} 已约 {s.booked}/{s.quota}（预留 {s.reserve}）
                    </Tag>
                  ))}
                </div>
              </div>
            ))
          )}
        </Card>
      </Col>
    </Row>
  );
}

// ----- 预约名单 -------------------------------------------------------------------------------------------

function BookingsTab({ cemetery }: { cemetery: StaffCemetery }) {
  const [date, setDate] = useState<string | undefined>(beijingToday());
  const [channel, setChannel] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<string>();
  const query = { facilityId: cemetery.id, date, channel, status, q, sort };
  const list = useApi(
    (signal) => qingmingApi.bookings({ ...query, page, pageSize: 20 }, signal),
    [cemetery.id, date, channel, status, q, page, sort],
  );
  const [token, setToken] = useState('');
  const [scan, setScan] = useState<{ ok: boolean; text: string; booking?: BookingView }>();
  const scanRef = useRef<HTMLInputElement>(null);
  const checkIn = async () => {
    const t = token.trim();
    if (!t) return;
    try {
      const r = await qingmingApi.checkIn(cemetery.id, t);
      setScan({
        ok: true,
        text: `核验通过：${r.booking.visitorName} 等 ${r.booking.partySize} 人，${r.booking.startsAt}–${r.booking.endsAt}`,
        booking: r.booking,
      });
      list.reload();
    } catch (err) {
      setScan({ ok: false, text: errorText(err) });
    }
    setToken('');
    scanRef.current?.focus();
  };
  const columns: TableColumnsType<BookingView> = [
    { title: '日期', key: 'date', sorter: true, render: (_, r) => r.date },
    { title: '时段', key: 'startsAt', sorter: true, render: (_, r) => `${r.startsAt}–${r.endsAt}` },
    { title: '预约码', dataIndex: 'code' },
    { title: '预约人', key: 'visitorName', sorter: true, render: (_, r) => r.visitorName },
    { title: '手机', dataIndex: 'phoneMasked' },
    { title: '人数', dataIndex: 'partySize' },
    { title: '逝者/墓位', render: (_, r) => [r.deceasedName, r.plotLabel].filter(Boolean).join(' ') || '—' },
    {
      title: '渠道',
      render: (_, r) => (
        <Tag color={r.channel === 'phone' ? 'green' : 'default'}>{QINGMING_CHANNEL_LABELS[r.channel]}</Tag>
      ),
    },
    {
      title: '状态',
      render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{QINGMING_BOOKING_STATUS_LABELS[r.status]}</Tag>,
    },
    { title: '入园时间', render: (_, r) => formatDateTime(r.checkedInAt) || '—' },
  ];
  return (
    <>
      <Card size="small" title="入园核验（用扫码枪扫描群众手机上的入园二维码）" style={{ marginBottom: 16 }}>
        <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
          <Input
            ref={(el) => {
              scanRef.current = el?.input ?? null;
            }}
            autoFocus
            aria-label="入园凭证"
            placeholder="光标在此处时扫码，扫码枪会自动回车"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            onPressEnter={() => void checkIn()}
          />
          <Button type="primary" onClick={() => void checkIn()}>
            核验
          </Button>
        </Space.Compact>
        {scan && (
          <Alert
            style={{ marginTop: 12 }}
            type={scan.ok ? 'success' : 'error'}
            showIcon
            message={scan.text}
          />
        )}
      </Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker
          aria-label="日期"
          value={date ? dayjs(date) : null}
          onChange={(d) => {
            setDate(d ? d.format('YYYY-MM-DD') : undefined);
            setPage(1);
          }}
        />
        <Select
          allowClear
          placeholder="渠道"
          style={{ width: 120 }}
          value={channel}
          onChange={(v) => {
            setChannel(v);
            setPage(1);
          }}
          options={Object.entries(QINGMING_CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={Object.entries(QINGMING_BOOKING_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Input.Search
          allowClear
          placeholder="姓名、预约码或手机尾号"
          style={{ width: 220 }}
          onSearch={(v) => {
            setQ(v || undefined);
            setPage(1);
          }}
        />
        <ExportButton href={qingmingApi.bookingsExport(query)} />
      </Space>
      {list.error ? (
        <Alert type="error" showIcon message={errorText(list.error)} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: '这一天还没有预约。' }}
          onChange={(_p, _f, s) => {
            const one = Array.isArray(s) ? s[0] : s;
            setSort(one?.order ? `${one.order === 'descend' ? '-' : ''}${String(one.columnKey)}` : undefined);
          }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 个预约`,
            onChange: setPage,
            showSizeChanger: false,
          }}
        />
      )}
    </>
  );
}

// ----- 电话预约 -------------------------------------------------------------------------------------------

function PhoneTab({ cemetery }: { cemetery: StaffCemetery }) {
  const [date, setDate] = useState(beijingToday());
  const slots = useApi((signal) => qingmingApi.slots(cemetery.id, date, signal), [cemetery.id, date]);
  const [form] = Form.useForm<{
    slotId: string;
    visitorName: string;
    phone: string;
    partySize: number;
    deceasedName?: string;
    plotLabel?: string;
  }>();
  const [error, setError] = useState<string>();
  const [receipt, setReceipt] = useState<BookingReceipt>();
  const submit = async (v: {
    slotId: string;
    visitorName: string;
    phone: string;
    partySize: number;
    deceasedName?: string;
    plotLabel?: string;
  }) => {
    setError(undefined);
    try {
      setReceipt(
        await qingmingApi.phoneBooking({
          slotId: v.slotId,
          visitorName: v.visitorName,
          phone: v.phone,
          partySize: v.partySize,
          deceasedName: v.deceasedName ?? null,
          plotLabel: v.plotLabel ?? null,
        }),
      );
      form.resetFields();
      slots.reload();
    } catch (err) {
      setError(applyServerError(form, err));
    }
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="为老年人等不便上网的群众代为预约：可使用每个时段预留的电话预约名额。请向来电人读出预约码，并提醒凭预约码或短信入园。"
        />
        <Form
          form={form}
          layout="vertical"
          name="qingming-phone"
          onFinish={(v) => void submit(v)}
          initialValues={{ partySize: 1 }}
        >
          <Form.Item label="日期">
            <DatePicker
              value={dayjs(date)}
              onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
              allowClear={false}
            />
          </Form.Item>
          <Form.Item name="slotId" label="时段" rules={[{ required: true, message: '请选择时段' }]}>
            <Select
              placeholder="选择时段"
              options={(slots.data ?? []).map((s) => ({
                value: s.id,
                label: `${s.startsAt}–${s.endsAt}（还可约 ${s.left} 人，其中网上 ${s.onlineLeft}）`,
                disabled: s.left === 0,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="visitorName"
            label="来电人姓名"
            rules={[{ required: true, message: '请填写姓名' }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="phone"
            label="联系电话（手机）"
            rules={[{ required: true, message: '请填写手机号码' }]}
          >
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
          <Form.Item name="partySize" label="人数" rules={[{ required: true, message: '请填写人数' }]}>
            <InputNumber min={1} max={50} />
          </Form.Item>
          <Form.Item name="deceasedName" label="祭扫对象（可不填）">
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="plotLabel" label="墓位（可不填）">
            <Input maxLength={60} />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit">
            电话预约
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={12}>
        {receipt && (
          <Card title="预约成功" size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label="预约码">
                <Typography.Text strong copyable>
                  {receipt.code}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="时间">
                {receipt.date} {receipt.startsAt}–{receipt.endsAt}
              </Descriptions.Item>
              <Descriptions.Item label="预约人">
                {receipt.visitorName}（{receipt.phoneMasked}），{receipt.partySize} 人
              </Descriptions.Item>
            </Descriptions>
            <img src={receipt.passQr} alt="入园二维码" width={160} height={160} />
          </Card>
        )}
      </Col>
    </Row>
  );
}

// ----- 代祭扫 ---------------------------------------------------------------------------------------------

function ProxyTab({ cemetery }: { cemetery: StaffCemetery }) {
  const [status, setStatus] = useState<string | undefined>('requested');
  const [page, setPage] = useState(1);
  const list = useApi(
    (signal) => qingmingApi.proxyOrders({ facilityId: cemetery.id, status, page, pageSize: 20 }, signal),
    [cemetery.id, status, page],
  );
  const [open, setOpen] = useState<ProxyOrderView>();
  const [note, setNote] = useState('');
  const [doneError, setDoneError] = useState<string>();
  const [form] = Form.useForm<{
    requesterName: string;
    phone: string;
    deceasedName: string;
    plotLabel?: string;
    requestedDate: Dayjs;
    note?: string;
  }>();
  const [formError, setFormError] = useState<string>();
  const record = async (v: {
    requesterName: string;
    phone: string;
    deceasedName: string;
    plotLabel?: string;
    requestedDate: Dayjs;
    note?: string;
  }) => {
    setFormError(undefined);
    try {
      const r = await qingmingApi.recordProxy({
        facilityId: cemetery.id,
        requesterName: v.requesterName,
        phone: v.phone,
        deceasedName: v.deceasedName,
        plotLabel: v.plotLabel ?? null,
        requestedDate: v.requestedDate.format('YYYY-MM-DD'),
        note: v.note ?? null,
      });
      void message.success(`已登记，申请码 ${r.code}`);
      form.resetFields();
      list.reload();
    } catch (err) {
      setFormError(applyServerError(form, err));
    }
  };
  const done = async () => {
    if (!open) return;
    setDoneError(undefined);
    try {
      await qingmingApi.proxyDone(open.id, note || null);
      setOpen(undefined);
      setNote('');
      list.reload();
    } catch (err) {
      setDoneError(errorText(err));
    }
  };
  const columns: TableColumnsType<ProxyOrderView> = [
    { title: '申请码', dataIndex: 'code' },
    { title: '祭扫日期', dataIndex: 'requestedDate' },
    { title: '逝者', dataIndex: 'deceasedName' },
    { title: '墓位', render: (_, r) => r.plotLabel ?? '—' },
    { title: '申请人', render: (_, r) => `${r.requesterName}（${r.phoneMasked}）` },
    { title: '要求', render: (_, r) => r.note ?? '—' },
    {
      title: '状态',
      render: (_, r) => (
        <Tag color={r.status === 'done' ? 'success' : 'processing'}>
          {PROXY_ORDER_STATUS_LABELS[r.status]}
        </Tag>
      ),
    },
    { title: '照片', dataIndex: 'photoCount' },
    {
      title: '操作',
      render: (_, r) =>
        r.status === 'requested' ? (
          <Button size="small" type="link" onClick={() => setOpen(r)}>
            上传照片并完成
          </Button>
        ) : (
          formatDateTime(r.performedAt)
        ),
    },
  ];
  return (
    <Row gutter={16}>
      <Col xs={24} xxl={16}>
        <Space style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 120 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={Object.entries(PROXY_ORDER_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Space>
        {list.error ? (
          <Alert type="error" showIcon message={errorText(list.error)} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            loading={list.loading}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: '没有待办的代祭扫申请。' }}
            pagination={{
              current: page,
              pageSize: 20,
              total: list.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
            }}
          />
        )}
      </Col>
      <Col xs={24} xxl={8}>
        <Card size="small" title="登记代祭扫申请（电话、来信）">
          <Form form={form} layout="vertical" name="qingming-proxy" onFinish={(v) => void record(v)}>
            <Form.Item
              name="deceasedName"
              label="逝者姓名"
              rules={[{ required: true, message: '请填写逝者姓名' }]}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="plotLabel" label="墓位">
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item
              name="requestedDate"
              label="祭扫日期"
              rules={[{ required: true, message: '请选择日期' }]}
            >
              <DatePicker />
            </Form.Item>
            <Form.Item
              name="requesterName"
              label="申请人"
              rules={[{ required: true, message: '请填写申请人' }]}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请填写手机号码' }]}>
              <Input maxLength={20} />
            </Form.Item>
            <Form.Item name="note" label="要求（献花、清扫等）">
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
            <Button htmlType="submit">登记</Button>
          </Form>
        </Card>
      </Col>
      <Modal
        open={!!open}
        title={`代祭扫：${open?.deceasedName ?? ''}（${open?.plotLabel ?? '墓位未填'}）`}
        okText="标记完成"
        onOk={() => void done()}
        onCancel={() => setOpen(undefined)}
        width={640}
      >
        {open && (
          <AttachmentsPanel ownerType="qingming_proxy_order" ownerId={open.id} title="祭扫照片" bare />
        )}
        <Input.TextArea
          style={{ marginTop: 12 }}
          rows={2}
          placeholder="完成情况说明（可不填）"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        {doneError && <Alert type="error" showIcon message={doneError} style={{ marginTop: 12 }} />}
      </Modal>
    </Row>
  );
}

// ----- 祭奠审核 -------------------------------------------------------------------------------------------

function ModerationTab() {
  const [status, setStatus] = useState<'pending' | 'approved' | 'rejected'>('pending');
  const memorials = useApi((signal) => qingmingApi.memorials(status, 1, signal), [status]);
  const messages = useApi((signal) => qingmingApi.messages(status, 1, signal), [status]);
  const [rejecting, setRejecting] = useState<{ kind: 'memorial' | 'message'; id: string }>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const decide = async (
    kind: 'memorial' | 'message',
    id: string,
    decision: 'approved' | 'rejected',
    why?: string,
  ) => {
    setError(undefined);
    try {
      if (kind === 'memorial') await qingmingApi.moderateMemorial(id, decision, why);
      else await qingmingApi.moderateMessage(id, decision, why);
      setRejecting(undefined);
      setReason('');
      memorials.reload();
      messages.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const actions = (kind: 'memorial' | 'message', id: string) =>
    status === 'pending' ? (
      <Space>
        <Button size="small" type="primary" onClick={() => void decide(kind, id, 'approved')}>
          通过
        </Button>
        <Button size="small" danger onClick={() => setRejecting({ kind, id })}>
          不通过
        </Button>
      </Space>
    ) : null;
  const memorialColumns: TableColumnsType<MemorialView> = [
    { title: '逝者', render: (_, r) => `${r.deceasedName}（${r.birthDate ?? '?'} — ${r.deathDate ?? '?'}）` },
    {
      title: '生平',
      render: (_, r) => (
        <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ maxWidth: 360, margin: 0 }}>
          {r.biography}
        </Typography.Paragraph>
      ),
    },
    { title: '创建人', render: (_, r) => `${r.creatorName}（${r.phoneMasked}）` },
    { title: '公墓', dataIndex: 'facilityName' },
    { title: '提交时间', render: (_, r) => formatDateTime(r.createdAt) },
    {
      title: status === 'rejected' ? '原因' : '操作',
      render: (_, r) => (status === 'rejected' ? r.rejectReason : actions('memorial', r.id)),
    },
  ];
  const messageColumns: TableColumnsType<MemorialMessageView> = [
    { title: '纪念馆', render: (_, r) => `${r.deceasedName}（${r.memorialCode}）` },
    { title: '留言人', dataIndex: 'authorName' },
    { title: '内容', dataIndex: 'body' },
    { title: '时间', render: (_, r) => formatDateTime(r.createdAt) },
    {
      title: status === 'rejected' ? '原因' : '操作',
      render: (_, r) => (status === 'rejected' ? r.rejectReason : actions('message', r.id)),
    },
  ];
  return (
    <>
      <Select
        style={{ width: 140, marginBottom: 12 }}
        value={status}
        onChange={setStatus}
        options={Object.entries(MODERATION_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Card size="small" title={`网上纪念馆（${memorials.data?.total ?? 0}）`} style={{ marginBottom: 16 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          columns={memorialColumns}
          dataSource={memorials.data?.items ?? []}
          locale={{ emptyText: '没有需要审核的纪念馆。' }}
        />
      </Card>
      <Card size="small" title={`祭奠留言（${messages.data?.total ?? 0}）`}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          columns={messageColumns}
          dataSource={messages.data?.items ?? []}
          locale={{ emptyText: '没有需要审核的留言。' }}
        />
      </Card>
      <Modal
        open={!!rejecting}
        title="不通过的原因"
        okText="确定不通过"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        onOk={() => rejecting && void decide(rejecting.kind, rejecting.id, 'rejected', reason)}
        onCancel={() => setRejecting(undefined)}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="例如：内容与祭奠无关"
        />
      </Modal>
    </>
  );
}

// ----- 实时客流 -------------------------------------------------------------------------------------------

function LiveTab({ cemetery }: { cemetery: StaffCemetery }) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, []);
  const live = useApi((signal) => qingmingApi.live(cemetery.id, signal), [cemetery.id, tick]);
  const overview = useApi((signal) => qingmingApi.overview(signal), [tick]);
  const chart: ChartOption | undefined = live.data
    ? {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: ['限额', '已预约', '已入园'] },
        grid: { left: 40, right: 16, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: live.data.slots.map((s) => `${s.startsAt}`) },
        yAxis: { type: 'value' },
        series: [
          {
            name: '限额',
            type: 'bar',
            data: live.data.slots.map((s) => s.quota),
            itemStyle: { color: '#d9d9d9' },
          },
          { name: '已预约', type: 'bar', data: live.data.slots.map((s) => s.booked) },
          { name: '已入园', type: 'bar', data: live.data.slots.map((s) => s.checkedIn) },
        ],
      }
    : undefined;
  const t = live.data?.totals;
  return (
    <>
      <Typography.Paragraph type="secondary">
        每 30 秒自动刷新。在园人数按最近入园的人数估算（入园后按一定时长计为在园）。更新于{' '}
        {formatDateTime(live.data?.asOf)}
      </Typography.Paragraph>
      {live.error && <Alert type="error" showIcon message={errorText(live.error)} />}
      {t && (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col span={6}>
            <Statistic title="今日限额" value={t.quota} />
          </Col>
          <Col span={6}>
            <Statistic title="已预约" value={t.booked} />
          </Col>
          <Col span={6}>
            <Statistic title="已入园" value={t.checkedIn} />
          </Col>
          <Col span={6}>
            <Statistic title="在园人数（估）" value={t.onSite} />
          </Col>
        </Row>
      )}
      {live.data && live.data.slots.length === 0 ? (
        <Empty description="今天没有预约时段。" />
      ) : (
        chart && <EChart ariaLabel="今日各时段预约与入园" option={chart} height={300} />
      )}
      <Card size="small" title="辖区各公墓今日客流" style={{ marginTop: 16 }}>
        <Table
          rowKey="facilityId"
          size="small"
          pagination={false}
          dataSource={overview.data?.rows ?? []}
          columns={[
            { title: '市州', dataIndex: 'cityName' },
            { title: '公墓', dataIndex: 'facilityName' },
            { title: '限额', dataIndex: 'quota' },
            { title: '已预约', dataIndex: 'booked' },
            { title: '已入园', dataIndex: 'checkedIn' },
            { title: '在园（估）', dataIndex: 'onSite' },
            {
              title: '预约率',
              render: (_, r) => (r.quota ? `${Math.round((r.booked / r.quota) * 100)}%` : '—'),
            },
          ]}
        />
      </Card>
    </>
  );
}

export function QingmingStaffPage() {
  const [params, setParams] = useSearchParams();
  const cemeteries = useApi((signal) => qingmingApi.cemeteries(signal), []);
  const facilityId = params.get('facility') ?? cemeteries.data?.[0]?.id;
  const cemetery = cemeteries.data?.find((c) => c.id === facilityId);
  const tab = params.get('tab') ?? 'slots';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageHeader
        title="清明祭扫"
        subTitle="预约时段、入园核验、电话预约、代祭扫、网上祭奠审核和实时客流"
        extra={
          <Select
            aria-label="公墓"
            style={{ width: 280 }}
            placeholder="选择公墓或骨灰堂"
            value={cemetery?.id}
            onChange={(v) => set('facility', v)}
            options={(cemeteries.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        }
      />
      <FuneralNav />
      {cemeteries.error && <Alert type="error" showIcon message={errorText(cemeteries.error)} />}
      {cemeteries.data && cemeteries.data.length === 0 && (
        <Empty description="您的辖区内没有公墓或骨灰堂。" />
      )}
      {cemetery && (
        <Tabs
          activeKey={tab}
          onChange={(k) => set('tab', k)}
          destroyOnHidden
          items={[
            { key: 'slots', label: '时段与计划', children: <SlotsTab cemetery={cemetery} /> },
            { key: 'bookings', label: '预约名单', children: <BookingsTab cemetery={cemetery} /> },
            { key: 'phone', label: '电话预约', children: <PhoneTab cemetery={cemetery} /> },
            { key: 'proxy', label: '代祭扫', children: <ProxyTab cemetery={cemetery} /> },
            { key: 'moderation', label: '祭奠审核', children: <ModerationTab /> },
            { key: 'live', label: '实时客流', children: <LiveTab cemetery={cemetery} /> },
          ]}
        />
      )}
    </>
  );
}
