/**
 * /qingming 清明祭扫预约 (public, no login, phone layout; R-FUN-12): pick a cemetery (its published plan is
 * shown) → a day → a time slot → the form → the entry pass with its QR code; 我的预约 (code + phone:
 * look up, show the pass again, cancel); 代祭扫 (request, and see it done by code + phone).
 */
import type {
  BookingReceipt,
  PublicSlotView,
  QingmingCemeteryView,
} from '@social-affairs/kernel/contracts/funeral';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Select,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../../app/api-client';
import { applyServerError } from '../../../app/form-errors';
import { useApi } from '../../../app/use-api';
import { publicQingmingApi, type ProxyReceipt } from './qingming.api';

const STATUS = { active: '有效', checked_in: '已入园', cancelled: '已取消' } as const;

function Pass({ r }: { r: BookingReceipt }) {
  return (
    <Card data-testid="qingming-pass" style={{ textAlign: 'center' }}>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        入园凭证
      </Typography.Title>
      <img src={r.passQr} alt="入园二维码" width={220} height={220} />
      <div
        style={{ fontSize: 24, letterSpacing: 4, fontWeight: 600, margin: '8px 0' }}
        data-testid="booking-code"
      >
        {r.code}
      </div>
      <Tag color={r.status === 'active' ? 'processing' : r.status === 'checked_in' ? 'success' : 'default'}>
        {STATUS[r.status]}
      </Tag>
      <Descriptions column={1} size="small" style={{ marginTop: 12, textAlign: 'left' }}>
        <Descriptions.Item label="公墓">{r.cemeteryName}</Descriptions.Item>
        <Descriptions.Item label="地址">{r.address}</Descriptions.Item>
        <Descriptions.Item label="时间">
          {r.date} {r.startsAt}–{r.endsAt}
        </Descriptions.Item>
        <Descriptions.Item label="预约人">
          {r.visitorName}（{r.phoneMasked}），共 {r.partySize} 人
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, textAlign: 'left' }}>
        请截图保存本页，入园时出示二维码由工作人员扫码核验。请记住预约码，可凭预约码和手机号码查询或取消。倡导鲜花祭扫、文明祭扫。
      </Typography.Paragraph>
    </Card>
  );
}

interface BookForm {
  visitorName: string;
  phone: string;
  partySize: number;
  deceasedName?: string;
  plotLabel?: string;
}

function BookTab() {
  const cemeteries = useApi((signal) => publicQingmingApi.cemeteries(signal), []);
  const [facilityId, setFacilityId] = useState<string>();
  const [date, setDate] = useState<string>();
  const [slot, setSlot] = useState<PublicSlotView>();
  const slots = useApi(
    (signal) => publicQingmingApi.slots(facilityId ?? '', date ?? '', signal),
    [facilityId, date],
    !!facilityId && !!date,
  );
  const [form] = Form.useForm<BookForm>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<BookingReceipt>();
  const cemetery: QingmingCemeteryView | undefined = cemeteries.data?.find((c) => c.id === facilityId);
  if (receipt)
    return (
      <>
        <Result status="success" title="预约成功" style={{ padding: '12px 0' }} />
        <Pass r={receipt} />
      </>
    );
  const submit = async (v: BookForm) => {
    if (!slot) return;
    setBusy(true);
    setError(undefined);
    try {
      setReceipt(
        await publicQingmingApi.book({
          slotId: slot.id,
          visitorName: v.visitorName,
          phone: v.phone,
          partySize: v.partySize,
          deceasedName: v.deceasedName ?? null,
          plotLabel: v.plotLabel ?? null,
        }),
      );
    } catch (err) {
      setError(applyServerError(form, err));
      slots.reload();
    } finally {
      setBusy(false);
    }
  };
  if (cemeteries.loading && !cemeteries.data) return <Spin />;
  if (cemeteries.error) return <Alert type="error" showIcon message={errorText(cemeteries.error)} />;
  return (
    <>
      <Typography.Paragraph strong>第 1 步：选择公墓</Typography.Paragraph>
      <Select
        aria-label="公墓"
        style={{ width: '100%' }}
        placeholder="选择公墓或骨灰堂"
        value={facilityId}
        onChange={(v) => {
          setFacilityId(v);
          setDate(undefined);
          setSlot(undefined);
        }}
        options={(cemeteries.data ?? []).map((c) => ({
          value: c.id,
          label: `${c.name}（${c.divisionName}）`,
        }))}
        notFoundContent="暂无可预约的公墓"
      />
      {cemetery?.plan && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          message={`${cemetery.plan.year}年祭扫方案`}
          description={cemetery.plan.note}
        />
      )}
      {cemetery && (
        <>
          <Typography.Paragraph strong style={{ marginTop: 16 }}>
            第 2 步：选择日期
          </Typography.Paragraph>
          {cemetery.openDays.length === 0 ? (
            <Empty description="近期没有可预约的日期" />
          ) : (
            <Radio.Group
              value={date}
              onChange={(e) => {
                setDate(e.target.value as string);
                setSlot(undefined);
              }}
              optionType="button"
              options={cemetery.openDays.map((d) => ({ value: d, label: d.slice(5) }))}
            />
          )}
        </>
      )}
      {date && (
        <>
          <Typography.Paragraph strong style={{ marginTop: 16 }}>
            第 3 步：选择时段
          </Typography.Paragraph>
          {slots.loading && !slots.data ? (
            <Spin />
          ) : (
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 8 }}>
              {(slots.data ?? []).map((s) => (
                <Button
                  key={s.id}
                  type={slot?.id === s.id ? 'primary' : 'default'}
                  disabled={s.left === 0}
                  onClick={() => setSlot(s)}
                  data-testid="qingming-slot"
                  style={{ height: 'auto', padding: '6px 4px' }}
                >
                  {s.startsAt}–{s.endsAt}
                  <br />
                  <span style={{ fontSize: 12 }}>{s.left === 0 ? '已约满' : `余 ${s.left}`}</span>
                </Button>
              ))}
            </div>
          )}
        </>
      )}
      {slot && (
        <>
          <Typography.Paragraph strong style={{ marginTop: 16 }}>
            第 4 步：填写信息
          </Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            name="qingming-booking"
            onFinish={(v) => void submit(v)}
            initialValues={{ partySize: 1 }}
          >
            <Form.Item
              name="visitorName"
              label="预约人姓名"
              rules={[{ required: true, message: '请填写姓名' }]}
            >
              <Input maxLength={40} autoComplete="name" />
            </Form.Item>
            <Form.Item
              name="phone"
              label="手机号码"
              rules={[{ required: true, message: '请填写手机号码' }]}
              extra="同一手机号码每天只能有一个有效预约"
            >
              <Input maxLength={20} inputMode="tel" autoComplete="tel" />
            </Form.Item>
            <Form.Item name="partySize" label="祭扫人数" rules={[{ required: true, message: '请填写人数' }]}>
              <InputNumber min={1} max={50} />
            </Form.Item>
            <Form.Item name="deceasedName" label="祭扫对象姓名（可不填）">
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="plotLabel" label="墓位号（可不填）">
              <Input maxLength={60} />
            </Form.Item>
            {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              提交预约
            </Button>
          </Form>
        </>
      )}
    </>
  );
}

function MineTab() {
  const [form] = Form.useForm<{ code: string; phone: string }>();
  const [receipt, setReceipt] = useState<BookingReceipt>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const find = async (v: { code: string; phone: string }) => {
    setError(undefined);
    setNotice(undefined);
    try {
      setReceipt(await publicQingmingApi.lookup(v.code, v.phone));
    } catch (err) {
      setReceipt(undefined);
      setError(applyServerError(form, err));
    }
  };
  const cancel = async () => {
    const v = form.getFieldsValue();
    try {
      await publicQingmingApi.cancel(v.code, v.phone);
      setNotice('预约已取消，名额已释放。');
      setReceipt(await publicQingmingApi.lookup(v.code, v.phone));
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <>
      <Form form={form} layout="vertical" name="qingming-mine" onFinish={(v) => void find(v)}>
        <Form.Item name="code" label="预约码" rules={[{ required: true, message: '请填写预约码' }]}>
          <Input maxLength={16} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Form.Item
          name="phone"
          label="预约时的手机号码"
          rules={[{ required: true, message: '请填写手机号码' }]}
        >
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Button htmlType="submit" block>
          查询
        </Button>
      </Form>
      {notice && <Alert type="success" showIcon message={notice} style={{ marginTop: 12 }} />}
      {receipt && (
        <div style={{ marginTop: 16 }}>
          <Pass r={receipt} />
          {receipt.status === 'active' && (
            <Button danger block style={{ marginTop: 12 }} onClick={() => void cancel()}>
              取消预约
            </Button>
          )}
        </div>
      )}
    </>
  );
}

interface ProxyForm {
  facilityId: string;
  deceasedName: string;
  plotLabel?: string;
  requestedDate: Dayjs;
  requesterName: string;
  phone: string;
  note?: string;
}

function ProxyTab() {
  const cemeteries = useApi((signal) => publicQingmingApi.cemeteries(signal), []);
  const [form] = Form.useForm<ProxyForm>();
  const [lookForm] = Form.useForm<{ code: string; phone: string }>();
  const [error, setError] = useState<string>();
  const [lookError, setLookError] = useState<string>();
  const [receipt, setReceipt] = useState<ProxyReceipt>();
  const submit = async (v: ProxyForm) => {
    setError(undefined);
    try {
      setReceipt(
        await publicQingmingApi.proxy({
          facilityId: v.facilityId,
          deceasedName: v.deceasedName,
          plotLabel: v.plotLabel ?? null,
          requestedDate: v.requestedDate.format('YYYY-MM-DD'),
          requesterName: v.requesterName,
          phone: v.phone,
          note: v.note ?? null,
        }),
      );
    } catch (err) {
      setError(applyServerError(form, err));
    }
  };
  const look = async (v: { code: string; phone: string }) => {
    setLookError(undefined);
    try {
      setReceipt(await publicQingmingApi.proxyLookup(v.code, v.phone));
    } catch (err) {
      setLookError(applyServerError(lookForm, err));
    }
  };
  return (
    <>
      {receipt && (
        <Alert
          style={{ marginBottom: 16 }}
          type={receipt.status === 'done' ? 'success' : 'info'}
          showIcon
          message={`申请码 ${receipt.code}：${receipt.status === 'done' ? '已完成代祭扫' : receipt.status === 'requested' ? '已受理，等待祭扫' : '已取消'}`}
          description={
            receipt.status === 'done'
              ? `完成时间 ${receipt.performedAt ?? ''}，${receipt.photoCount} 张照片已存档。${receipt.performedNote ?? ''}`
              : `${receipt.cemeteryName}，${receipt.requestedDate}。请记住申请码，可凭申请码和手机号码查询进度。`
          }
        />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        因故不能到场的，可申请由公墓工作人员代为献花、清扫墓碑，完成后拍照存档。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="qingming-proxy-public" onFinish={(v) => void submit(v)}>
        <Form.Item name="facilityId" label="公墓" rules={[{ required: true, message: '请选择公墓' }]}>
          <Select options={(cemeteries.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item
          name="deceasedName"
          label="逝者姓名"
          rules={[{ required: true, message: '请填写逝者姓名' }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="plotLabel" label="墓位号">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="requestedDate"
          label="希望祭扫日期"
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker inputReadOnly style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="requesterName"
          label="申请人姓名"
          rules={[{ required: true, message: '请填写姓名' }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请填写手机号码' }]}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Form.Item name="note" label="要求（可不填）">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" block>
          提交代祭扫申请
        </Button>
      </Form>
      <Card size="small" title="查询代祭扫进度" style={{ marginTop: 16 }}>
        <Form form={lookForm} layout="vertical" name="qingming-proxy-lookup" onFinish={(v) => void look(v)}>
          <Form.Item name="code" label="申请码" rules={[{ required: true, message: '请填写申请码' }]}>
            <Input maxLength={16} />
          </Form.Item>
          <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请填写手机号码' }]}>
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
          {lookError && <Alert type="error" showIcon message={lookError} style={{ marginBottom: 12 }} />}
          <Button htmlType="submit" block>
            查询
          </Button>
        </Form>
      </Card>
    </>
  );
}

export function PublicQingmingPage() {
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        清明祭扫预约
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        预约错峰祭扫，凭二维码入园。70 岁以上老人可拨打公墓服务电话由工作人员代为预约。也可以
        <Link to="/memorials">网上祭奠</Link>。
      </Typography.Paragraph>
      <Tabs
        items={[
          { key: 'book', label: '预约祭扫', children: <BookTab /> },
          { key: 'mine', label: '我的预约', children: <MineTab /> },
          { key: 'proxy', label: '代祭扫', children: <ProxyTab /> },
        ]}
      />
    </>
  );
}
