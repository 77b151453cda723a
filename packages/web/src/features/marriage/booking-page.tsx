import { CalendarOutlined, CheckCircleFilled, EnvironmentOutlined, SearchOutlined } from '@ant-design/icons';
import type {
  AppointmentDetailDto,
  AppointmentReceiptDto,
  AvailabilityViewDto,
  BookAppointmentBody,
  RegistryViewDto,
} from '@social-affairs/kernel/contracts';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Divider,
  Empty,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, api, errorText } from '../../app/api-client';
import { applyServerError } from '../../app/form-errors';
import { useApi } from '../../app/use-api';

type Service = 'marriage' | 'divorce';
type HalfDay = 'am' | 'pm';
type Day = AvailabilityViewDto['days'][number];

const SERVICE_LABEL: Record<AppointmentDetailDto['service'], string> = {
  marriage: '结婚登记',
  divorce: '离婚登记',
  reissue: '补领婚姻登记证',
};
const HALF_DAY_LABEL: Record<HalfDay, string> = { am: '上午', pm: '下午' };
const STATUS_TAG: Record<AppointmentDetailDto['status'], { color: string; label: string }> = {
  booked: { color: 'green', label: '已预约' },
  cancelled: { color: 'default', label: '已取消' },
  attended: { color: 'blue', label: '已签到' },
  done: { color: 'blue', label: '已办理' },
  no_show: { color: 'default', label: '未到（已过期）' },
};
const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];
/** The server's rule (appointments.service): an 11-digit mobile number. */
const PHONE = /^1[3-9]\d{9}$/;

const bookingApi = {
  registries: (signal?: AbortSignal) =>
    api.get<RegistryViewDto[]>('/api/marriage/registries', undefined, signal),
  availability: (registryId: string, signal?: AbortSignal) =>
    api.get<AvailabilityViewDto>('/api/marriage/availability', { registryId }, signal),
  book: (body: BookAppointmentBody) => api.post<AppointmentReceiptDto>('/api/marriage/appointments', body),
  lookup: (body: { reference: string; phone: string }) =>
    api.post<AppointmentDetailDto>('/api/marriage/appointments/lookup', body),
  cancel: (body: { reference: string; phone: string }) =>
    api.post<undefined>('/api/marriage/appointments/cancel', body),
  reschedule: (body: { reference: string; phone: string; date: string; halfDay: HalfDay }) =>
    api.post<AppointmentDetailDto>('/api/marriage/appointments/reschedule', body),
};

function when(date: string, halfDay: HalfDay, slotNo?: number): string {
  const d = dayjs(date);
  return `${date}（周${WEEKDAY[d.day()]}）${HALF_DAY_LABEL[halfDay]}${slotNo ? `，第 ${slotNo} 号` : ''}`;
}

// The kernel's id parser carries the address-code history (~75 kB gzipped): it loads alongside the
// page instead of holding up its first paint.
const residentIdParser = import('@social-affairs/kernel/resident-id');

/** A resident id of the given sex, checked with the kernel's parser (the server's own rules). */
function residentIdRule(sex: 'male' | 'female') {
  return {
    validator: async (_: unknown, value: unknown) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      const { parseResidentId } = await residentIdParser;
      // Throws the kernel's DomainError, whose message is the Chinese text shown under the field.
      const parsed = parseResidentId(value);
      if (parsed.sex !== sex) {
        throw new Error(
          `该号码显示为${parsed.sex === 'male' ? '男' : '女'}性，请填写在“${parsed.sex === 'male' ? '男方' : '女方'}”一栏`,
        );
      }
    },
  };
}

/** The working days of the next 30 days with the free places of each half day, as a sideways strip. */
/** A party's name and resident id (`<prefix>Name`, `<prefix>ResidentId`), the id checked in the browser. */
function PartyFields({
  prefix,
  label,
  sex,
}: {
  prefix: 'applicant' | 'partner';
  label: string;
  sex: 'male' | 'female';
}) {
  return (
    <>
      <Form.Item
        name={`${prefix}Name`}
        label={`${label}姓名`}
        rules={[{ required: true, whitespace: true, message: `请填写${label}姓名` }]}
      >
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name={`${prefix}ResidentId`}
        label={`${label}公民身份号码`}
        validateFirst
        rules={[
          { required: true, whitespace: true, message: `请填写${label}公民身份号码` },
          residentIdRule(sex),
        ]}
      >
        <Input maxLength={18} autoComplete="off" inputMode="text" className="resident-id" />
      </Form.Item>
    </>
  );
}

function DayStrip({
  days,
  value,
  onChange,
}: {
  days: Day[];
  value?: string;
  onChange?: (date: string) => void;
}) {
  return (
    <div className="day-strip" role="group" aria-label="预约日期">
      {days.map((d) => {
        const free = d.am + d.pm;
        const day = dayjs(d.date);
        return (
          <button
            key={d.date}
            type="button"
            className="day-chip"
            aria-pressed={value === d.date}
            aria-label={`${d.date} 余 ${free}`}
            disabled={free === 0}
            onClick={() => onChange?.(d.date)}
          >
            {day.format('MM-DD')}
            <span className="day-chip-sub">
              周{WEEKDAY[day.day()]} · {free === 0 ? '约满' : `余 ${free}`}
            </span>
          </button>
        );
      })}
    </div>
  );
}

function HalfDayPicker({
  day,
  value,
  onChange,
}: {
  day: Day | undefined;
  value?: HalfDay;
  onChange?: (h: HalfDay) => void;
}) {
  return (
    <Radio.Group
      aria-label="上午或下午"
      value={value}
      onChange={(e) => onChange?.(e.target.value as HalfDay)}
      optionType="button"
      buttonStyle="solid"
      size="large"
      disabled={!day}
      options={(['am', 'pm'] as HalfDay[]).map((h) => ({
        value: h,
        disabled: !day || day[h] <= 0,
        label: `${HALF_DAY_LABEL[h]}${day ? `（余 ${day[h]}）` : ''}`,
      }))}
    />
  );
}

/** Date and half day for one registry, as two form fields (`date`, `halfDay`). */
function SlotFields({
  form,
  registryId,
  reloadKey,
}: {
  form: FormInstance;
  registryId: string | undefined;
  reloadKey: number;
}) {
  const availability = useApi(
    (signal) => bookingApi.availability(registryId ?? '', signal),
    [registryId, reloadKey],
    Boolean(registryId),
  );
  const date = Form.useWatch<string | undefined>('date', form);
  const days = availability.data?.days ?? [];
  const day = days.find((d) => d.date === date);
  if (!registryId) {
    return <Typography.Text type="secondary">请先选择登记机关。</Typography.Text>;
  }
  return (
    <>
      {availability.error !== undefined && (
        <Alert type="error" showIcon title={errorText(availability.error)} style={{ marginBottom: 12 }} />
      )}
      <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
        {availability.loading && !availability.data ? (
          <Spin />
        ) : (
          <DayStrip
            days={days}
            onChange={(d) => {
              // Form.Item sets the date; a half day already full on the new date is dropped.
              const picked = days.find((x) => x.date === d);
              const half = form.getFieldValue('halfDay') as HalfDay | undefined;
              if (half && picked && picked[half] <= 0) form.setFieldsValue({ halfDay: undefined });
            }}
          />
        )}
      </Form.Item>
      <Form.Item name="halfDay" label="时段" rules={[{ required: true, message: '请选择上午或下午' }]}>
        <HalfDayPicker day={day} />
      </Form.Item>
    </>
  );
}

interface BookingForm {
  service: Service;
  city?: string;
  county?: string;
  registryId?: string;
  date?: string;
  halfDay?: HalfDay;
  applicantName?: string;
  applicantResidentId?: string;
  partnerName?: string;
  partnerResidentId?: string;
  phone?: string;
}

function RegistryFields({
  form,
  registries,
}: {
  form: FormInstance<BookingForm>;
  registries: RegistryViewDto[];
}) {
  const city = Form.useWatch('city', form);
  const county = Form.useWatch('county', form);
  const registryId = Form.useWatch('registryId', form);
  const cities = useMemo(() => {
    const seen = new Map<string, string>();
    for (const r of registries) if (r.prefectureCode) seen.set(r.prefectureCode, r.prefectureName ?? '');
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [registries]);
  const counties = useMemo(() => {
    const seen = new Map<string, string>();
    for (const r of registries) if (!city || r.prefectureCode === city) seen.set(r.countyCode, r.countyName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [registries, city]);
  const shown = registries.filter(
    (r) => (!city || r.prefectureCode === city) && (!county || r.countyCode === county),
  );
  const resetSlot = { registryId: undefined, date: undefined, halfDay: undefined };
  return (
    <>
      <Space.Compact block style={{ marginBottom: 12 }}>
        <Form.Item name="city" noStyle>
          <Select
            aria-label="市（州）"
            placeholder="市（州）"
            allowClear
            options={cities}
            style={{ width: '50%' }}
            onChange={() => form.setFieldsValue({ county: undefined, ...resetSlot })}
          />
        </Form.Item>
        <Form.Item name="county" noStyle>
          <Select
            aria-label="县（市、区）"
            placeholder="县（市、区）"
            allowClear
            options={counties}
            style={{ width: '50%' }}
            onChange={() => form.setFieldsValue(resetSlot)}
          />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="registryId" rules={[{ required: true, message: '请选择登记机关' }]}>
        {shown.length === 0 ? (
          <Empty description="所选地区暂无可预约的婚姻登记机关" />
        ) : (
          <Radio.Group
            aria-label="登记机关"
            style={{ width: '100%' }}
            onChange={() => form.setFieldsValue({ date: undefined, halfDay: undefined })}
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              {shown.map((r) => (
                <Radio
                  key={r.id}
                  value={r.id}
                  style={{
                    width: '100%',
                    padding: 10,
                    border: `1px solid ${registryId === r.id ? '#1f5fbf' : '#e5e5e5'}`,
                    borderRadius: 6,
                    background: '#fff',
                  }}
                >
                  <div>
                    <Typography.Text strong>{r.name}</Typography.Text>
                    {r.competence === 'mainland_and_cross_border' && (
                      <Tag color="blue" style={{ marginLeft: 6 }}>
                        可办涉外
                      </Tag>
                    )}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    <EnvironmentOutlined /> {r.address}
                  </Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {r.officeHours}
                      {r.phone ? ` · ${r.phone}` : ''}
                    </Typography.Text>
                  </div>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        )}
      </Form.Item>
    </>
  );
}

function Receipt({
  receipt,
  onManage,
  onAgain,
}: {
  receipt: AppointmentReceiptDto;
  onManage: () => void;
  onAgain: () => void;
}) {
  return (
    <Card>
      <Space orientation="vertical" align="center" style={{ width: '100%', textAlign: 'center' }}>
        <CheckCircleFilled style={{ fontSize: 48, color: '#52c41a' }} />
        {/* Focus moves here once the booking is made (a screen reader announces it). */}
        <Typography.Title level={2} tabIndex={-1} style={{ margin: 0, fontSize: 20 }} ref={focusOnMount}>
          预约成功
        </Typography.Title>
        <Typography.Text type="secondary">预约号</Typography.Text>
        <Typography.Paragraph
          className="booking-reference"
          copyable={{ text: receipt.reference, tooltips: ['复制', '已复制'] }}
          style={{ margin: 0 }}
          data-testid="booking-reference"
        >
          {receipt.reference}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          请记下预约号，凭预约号和手机号码可查询、取消或改期。
        </Typography.Text>
      </Space>
      <Descriptions column={1} size="small" style={{ marginTop: 16 }}>
        <Descriptions.Item label="办理事项">{SERVICE_LABEL[receipt.service]}</Descriptions.Item>
        <Descriptions.Item label="时间">
          {when(receipt.date, receipt.halfDay, receipt.slotNo)}
        </Descriptions.Item>
        <Descriptions.Item label="登记机关">{receipt.registryName}</Descriptions.Item>
        <Descriptions.Item label="地址">{receipt.address}</Descriptions.Item>
      </Descriptions>
      <Alert
        type="info"
        style={{ marginTop: 16 }}
        title={
          receipt.service === 'divorce'
            ? '请双方本人按时到场，携带居民身份证、结婚证和双方签署的离婚协议书。'
            : '请双方本人按时到场，携带本人居民身份证。婚姻登记不收取任何费用。'
        }
      />
      <Space style={{ marginTop: 16, width: '100%' }} orientation="vertical">
        <Button block size="large" onClick={onManage}>
          查询 / 取消 / 改期
        </Button>
        <Button block size="large" type="link" onClick={onAgain}>
          返回预约页面
        </Button>
      </Space>
    </Card>
  );
}

function BookTab({ onBooked }: { onBooked: (r: AppointmentReceiptDto, phone: string) => void }) {
  const [form] = Form.useForm<BookingForm>();
  const registries = useApi((signal) => bookingApi.registries(signal), []);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const [reloadKey, setReloadKey] = useState(0);
  const registryId = Form.useWatch('registryId', form);
  const service = Form.useWatch('service', form) ?? 'marriage';

  const submit = async (v: BookingForm) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const receipt = await bookingApi.book({
        registryId: v.registryId ?? '',
        date: v.date ?? '',
        halfDay: v.halfDay ?? 'am',
        service: v.service,
        applicantName: v.applicantName ?? '',
        applicantResidentId: v.applicantResidentId,
        partnerName: v.partnerName,
        partnerResidentId: v.partnerResidentId,
        phone: v.phone ?? '',
      });
      onBooked(receipt, v.phone ?? '');
    } catch (e) {
      // What was typed stays; the server's message goes beside its field, or above the button.
      if (e instanceof ApiError && e.code === 'APPOINTMENT_FULL') setReloadKey((k) => k + 1);
      setError(applyServerError(form, e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<BookingForm>
      form={form}
      name="booking"
      layout="vertical"
      size="large"
      initialValues={{ service: 'marriage' }}
      onFinish={(v) => void submit(v)}
      scrollToFirstError
    >
      <Card size="small" title="1. 办理事项" style={{ marginBottom: 12 }}>
        <Form.Item name="service" style={{ marginBottom: 0 }}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'marriage', label: '结婚登记' },
              { value: 'divorce', label: '离婚登记' },
            ]}
          />
        </Form.Item>
      </Card>
      <Card size="small" title="2. 婚姻登记机关" style={{ marginBottom: 12 }}>
        {registries.error !== undefined && (
          <Alert type="error" showIcon title={errorText(registries.error)} />
        )}
        {registries.loading && !registries.data ? (
          <Spin />
        ) : (
          <RegistryFields form={form} registries={registries.data ?? []} />
        )}
      </Card>
      <Card size="small" title="3. 日期和时段" style={{ marginBottom: 12 }}>
        <SlotFields form={form} registryId={registryId} reloadKey={reloadKey} />
      </Card>
      <Card size="small" title="4. 双方信息" style={{ marginBottom: 12 }}>
        <PartyFields prefix="applicant" label="男方" sex="male" />
        <PartyFields prefix="partner" label="女方" sex="female" />
        <Form.Item
          name="phone"
          label="联系手机"
          extra="用于查询、取消或改期，不会公开。"
          rules={[
            { required: true, message: '请填写手机号码' },
            { pattern: PHONE, message: '请填写 11 位手机号码' },
          ]}
        >
          <Input maxLength={11} inputMode="numeric" autoComplete="tel" />
        </Form.Item>
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {service === 'divorce'
          ? '离婚登记须双方本人到场，携带居民身份证、结婚证和离婚协议书。'
          : '结婚登记须双方本人到场，携带本人居民身份证。婚姻登记不收费。'}
      </Typography.Paragraph>
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={submitting}
        icon={<CalendarOutlined />}
      >
        提交预约
      </Button>
    </Form>
  );
}

interface LookupForm {
  reference: string;
  phone: string;
}

/** 查询 / 取消 / 改期 with the reference and the phone number given when booking. */
function ManageTab({ initial }: { initial?: LookupForm }) {
  const [form] = Form.useForm<LookupForm>();
  const [moveForm] = Form.useForm<{ date?: string; halfDay?: HalfDay }>();
  const [detail, setDetail] = useState<AppointmentDetailDto>();
  const [credential, setCredential] = useState<LookupForm>();
  const [error, setError] = useState<string>();
  const [moveError, setMoveError] = useState<string>();
  const [busy, setBusy] = useState<'lookup' | 'cancel' | 'move'>();
  const [moving, setMoving] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    if (initial) {
      form.setFieldsValue(initial);
      void lookup(initial);
    }
    // Only when a fresh booking hands over its reference.
  }, [initial]);

  async function lookup(v: LookupForm) {
    setBusy('lookup');
    setError(undefined);
    setMoving(false);
    try {
      const found = await bookingApi.lookup({ reference: v.reference.trim(), phone: v.phone.trim() });
      setDetail(found);
      setCredential({ reference: v.reference.trim(), phone: v.phone.trim() });
    } catch (e) {
      setDetail(undefined);
      setError(applyServerError(form, e));
    } finally {
      setBusy(undefined);
    }
  }

  async function cancel() {
    if (!credential) return;
    setBusy('cancel');
    setError(undefined);
    try {
      await bookingApi.cancel(credential);
      setDetail(await bookingApi.lookup(credential));
      setMoving(false);
      void message.success('预约已取消');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(undefined);
    }
  }

  async function move(v: { date?: string; halfDay?: HalfDay }) {
    if (!credential || !v.date || !v.halfDay) return;
    setBusy('move');
    setMoveError(undefined);
    try {
      const moved = await bookingApi.reschedule({ ...credential, date: v.date, halfDay: v.halfDay });
      setDetail(moved);
      setMoving(false);
      moveForm.resetFields();
      void message.success('已改期，预约号不变');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'APPOINTMENT_FULL') setReloadKey((k) => k + 1);
      setMoveError(applyServerError(moveForm, e));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<LookupForm>
          form={form}
          name="booking-lookup"
          layout="vertical"
          size="large"
          onFinish={(v) => void lookup(v)}
        >
          <Form.Item
            name="reference"
            label="预约号"
            rules={[{ required: true, whitespace: true, message: '请填写预约号' }]}
            normalize={(v: string) => v.toUpperCase()}
          >
            <Input maxLength={20} autoComplete="off" className="resident-id" />
          </Form.Item>
          <Form.Item
            name="phone"
            label="预约时填写的手机号码"
            rules={[
              { required: true, message: '请填写手机号码' },
              { pattern: PHONE, message: '请填写 11 位手机号码' },
            ]}
          >
            <Input maxLength={11} inputMode="numeric" autoComplete="tel" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            icon={<SearchOutlined />}
            loading={busy === 'lookup'}
          >
            查询预约
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      {detail && (
        <Card
          size="small"
          title={`预约号 ${detail.reference}`}
          extra={<Tag color={STATUS_TAG[detail.status].color}>{STATUS_TAG[detail.status].label}</Tag>}
          data-testid="booking-detail"
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label="办理事项">{SERVICE_LABEL[detail.service]}</Descriptions.Item>
            <Descriptions.Item label="时间">
              {when(detail.date, detail.halfDay, detail.slotNo)}
            </Descriptions.Item>
            <Descriptions.Item label="登记机关">{detail.registryName}</Descriptions.Item>
            <Descriptions.Item label="地址">{detail.address}</Descriptions.Item>
            <Descriptions.Item label="办公时间">{detail.officeHours}</Descriptions.Item>
            <Descriptions.Item label="预约人">
              {detail.applicantName}
              {detail.partnerName ? `、${detail.partnerName}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="手机">{detail.phoneMasked}</Descriptions.Item>
          </Descriptions>
          {detail.status === 'booked' && !moving && (
            <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
              <Button block size="large" onClick={() => setMoving(true)}>
                改期
              </Button>
              <Popconfirm
                title="确定取消这次预约？"
                description="取消后该时段将释放给其他人。"
                okText="取消预约"
                cancelText="不取消"
                onConfirm={() => void cancel()}
              >
                <Button block size="large" danger loading={busy === 'cancel'}>
                  取消预约
                </Button>
              </Popconfirm>
            </Space>
          )}
          {detail.status === 'booked' && moving && (
            <Form
              form={moveForm}
              name="booking-move"
              layout="vertical"
              onFinish={(v) => void move(v)}
              style={{ marginTop: 8 }}
            >
              <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
                改到（同一登记机关）
              </Divider>
              <SlotFields form={moveForm} registryId={detail.registryId} reloadKey={reloadKey} />
              {moveError && (
                <Alert type="error" showIcon title={moveError} style={{ marginBottom: 12 }} role="alert" />
              )}
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Button type="primary" htmlType="submit" block size="large" loading={busy === 'move'}>
                  确认改期
                </Button>
                <Button block size="large" onClick={() => setMoving(false)}>
                  不改了
                </Button>
              </Space>
            </Form>
          )}
        </Card>
      )}
    </>
  );
}

/** A stable ref callback: focuses the element once, when it mounts. */
function focusOnMount(el: HTMLElement | null) {
  el?.focus();
}

/** 婚姻登记网上预约 (public, phone layout): book a half day; look up, cancel or move a booking. */
export function MarriageBookingPage() {
  const [tab, setTab] = useState<'book' | 'manage'>('book');
  const [receipt, setReceipt] = useState<AppointmentReceiptDto>();
  const [handover, setHandover] = useState<LookupForm>();
  const [bookKey, setBookKey] = useState(0);
  useEffect(() => {
    document.title = '婚姻登记网上预约 - 社会事务综合服务平台';
  }, []);
  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ margin: '4px 0 8px' }}>
        婚姻登记网上预约
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'book' | 'manage')}
        items={[
          {
            key: 'book',
            label: '预约登记',
            children: receipt ? (
              <Receipt
                receipt={receipt}
                onManage={() => setTab('manage')}
                onAgain={() => {
                  setReceipt(undefined);
                  setBookKey((k) => k + 1);
                }}
              />
            ) : (
              <BookTab
                key={bookKey}
                onBooked={(r, phone) => {
                  setReceipt(r);
                  setHandover({ reference: r.reference, phone });
                  window.scrollTo({ top: 0 });
                }}
              />
            ),
          },
          { key: 'manage', label: '查询 / 取消 / 改期', children: <ManageTab initial={handover} /> },
        ]}
      />
    </>
  );
}
