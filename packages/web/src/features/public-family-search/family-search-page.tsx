import { CheckCircleFilled, PhoneOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import type {
  PublicNoticeDto,
  PublicPlaceDto,
  PublicReportBody,
  PublicReportDto,
  PublicReportReceiptDto,
  PublicReportStatusDto,
} from '@social-affairs/kernel/contracts/rescue';
import {
  Alert,
  Button,
  Card,
  Cascader,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Pagination,
  Radio,
  Select,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, apiUrl, errorText } from '../../app/api-client';
import { applyServerError } from '../../app/form-errors';
import { useApi } from '../../app/use-api';

type Sex = 'male' | 'female';
const SEX_LABEL: Record<Sex, string> = { male: '男', female: '女' };
const AGE_BANDS = [
  { value: '0-17', label: '未满 18 岁' },
  { value: '18-39', label: '18–39 岁' },
  { value: '40-59', label: '40–59 岁' },
  { value: '60-', label: '60 岁及以上' },
];
const STATUS_COLOR: Record<PublicReportStatusDto['status'], string> = {
  open: 'processing',
  found: 'success',
  withdrawn: 'default',
};
const PAGE_SIZE = 6;

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const publicApi = {
  places: (signal?: AbortSignal) =>
    api.get<PublicPlaceDto[]>('/api/public/family-search/places', undefined, signal),
  notices: (query: Record<string, string | number | undefined>, signal?: AbortSignal) =>
    api.get<Page<PublicNoticeDto>>('/api/public/family-search/notices', query, signal),
  reports: (query: Record<string, string | number | undefined>, signal?: AbortSignal) =>
    api.get<Page<PublicReportDto>>('/api/public/family-search/reports', query, signal),
  submit: (body: PublicReportBody) =>
    api.post<PublicReportReceiptDto>('/api/public/family-search/reports', body),
  status: (body: { receipt: string; code: string }) =>
    api.post<PublicReportStatusDto>('/api/public/family-search/reports/status', body),
};

/** Cascader options: 市州 › 县市区; picking a 市州 alone is allowed where `changeOnSelect`. */
function placeOptions(places: PublicPlaceDto[] | undefined) {
  return (places ?? []).map((p) => ({
    value: p.code,
    label: p.name,
    children: p.counties.map((c) => ({ value: c.code, label: c.name })),
  }));
}

function NoticeCard({ n }: { n: PublicNoticeDto }) {
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="public-notice">
      <div style={{ display: 'flex', gap: 12 }}>
        <div
          style={{
            width: 96,
            height: 120,
            flex: 'none',
            background: '#eef2f7',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            borderRadius: 4,
            overflow: 'hidden',
          }}
        >
          {n.hasPhoto ? (
            <img
              src={apiUrl('/api/public/family-search/notice-photo', { number: n.number })}
              alt={`寻亲公告 ${n.number} 照片`}
              style={{ width: '100%', height: '100%', objectFit: 'cover' }}
            />
          ) : (
            <UserOutlined style={{ fontSize: 40, color: '#9aa8bb' }} aria-label="无照片" />
          )}
        </div>
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>
            {n.nameStated ? `自称“${n.nameStated}”，` : ''}
            {SEX_LABEL[n.sex]}
            {n.ageText ? `，${n.ageText}` : ''}
            {n.heightCm ? `，身高约 ${n.heightCm} 厘米` : ''}
          </Typography.Text>
          <div style={{ fontSize: 13, marginTop: 4 }}>
            {n.foundOn} 在{n.foundCountyName}被发现并送{n.stationName}救助。
          </div>
          {n.features && <div style={{ fontSize: 13 }}>体貌特征：{n.features}</div>}
          {n.clothing && <div style={{ fontSize: 13 }}>衣着：{n.clothing}</div>}
          <div style={{ fontSize: 13, marginTop: 4 }}>
            <PhoneOutlined /> 如有知情者请联系 {n.stationName}：
            <a href={`tel:${n.stationPhone}`} style={{ textDecoration: 'underline' }}>
              {n.stationPhone}
            </a>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            公告编号 {n.number}（{n.issuedOn} 发布）
          </Typography.Text>
        </div>
      </div>
    </Card>
  );
}

interface NoticeFilter {
  sex?: Sex;
  ageBand?: string;
  county?: string;
  foundFrom?: string;
  foundTo?: string;
}

function NoticesTab({ places, reloadKey }: { places: PublicPlaceDto[] | undefined; reloadKey: number }) {
  const [filter, setFilter] = useState<NoticeFilter>({});
  const [page, setPage] = useState(1);
  const state = useApi(
    (signal) => publicApi.notices({ ...filter, page, pageSize: PAGE_SIZE }, signal),
    [filter, page],
  );
  const reports = useApi(
    (signal) => publicApi.reports({ page: 1, pageSize: PAGE_SIZE }, signal),
    [reloadKey],
  );
  const change = (patch: Partial<NoticeFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const options = useMemo(() => placeOptions(places), [places]);
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        以下是各救助管理站正在救助、尚未查明身份人员的寻亲公告。如您认出亲人，请直接致电公告所列救助站。
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size={[8, 8]}>
          <Select
            aria-label="性别"
            placeholder="性别"
            allowClear
            style={{ width: 96 }}
            value={filter.sex}
            onChange={(v: Sex | undefined) => change({ sex: v })}
            options={[
              { value: 'male', label: '男' },
              { value: 'female', label: '女' },
            ]}
          />
          <Select
            aria-label="年龄段"
            placeholder="年龄段"
            allowClear
            style={{ width: 140 }}
            value={filter.ageBand}
            onChange={(v: string | undefined) => change({ ageBand: v })}
            options={AGE_BANDS}
          />
          <Cascader
            aria-label="发现地"
            placeholder="发现地（市州/县市区）"
            changeOnSelect
            style={{ width: 220 }}
            options={options}
            onChange={(v) => change({ county: v?.length ? String(v[v.length - 1]) : undefined })}
          />
          <DatePicker.RangePicker
            aria-label="发现日期"
            placeholder={['发现日期自', '至']}
            style={{ width: 260 }}
            onChange={(range: [Dayjs | null, Dayjs | null] | null) =>
              change({
                foundFrom: range?.[0]?.format('YYYY-MM-DD'),
                foundTo: range?.[1]?.format('YYYY-MM-DD'),
              })
            }
          />
        </Space>
      </Card>
      {state.error !== undefined && (
        <Alert
          type="error"
          showIcon
          title={errorText(state.error)}
          style={{ marginBottom: 12 }}
          role="alert"
        />
      )}
      <Spin spinning={state.loading}>
        {state.data && state.data.items.length === 0 && (
          <Empty description="没有符合条件的寻亲公告" style={{ margin: '24px 0' }} />
        )}
        {state.data?.items.map((n) => (
          <NoticeCard key={n.number} n={n} />
        ))}
      </Spin>
      {state.data && state.data.total > PAGE_SIZE && (
        <Pagination
          simple
          align="center"
          current={page}
          pageSize={PAGE_SIZE}
          total={state.data.total}
          onChange={setPage}
        />
      )}
      {reports.data && reports.data.items.length > 0 && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 20 }}>
            家属寻亲信息（共 {reports.data.total} 条）
          </Typography.Title>
          {reports.data.items.map((r) => (
            <Card size="small" key={r.receipt} style={{ marginBottom: 8 }} data-testid="public-report">
              <Typography.Text strong>
                寻找{r.name ? `“${r.name}”` : '亲人'}
                {r.sex ? `，${SEX_LABEL[r.sex]}` : ''}
                {r.birthYear ? `，${r.birthYear} 年出生` : ''}
              </Typography.Text>
              <div style={{ fontSize: 13 }}>
                {r.lostOn ? `${r.lostOn} ` : ''}
                {r.lostCountyName ? `在${r.lostCountyName}走失` : ''}
              </div>
              {r.features && <div style={{ fontSize: 13 }}>体貌特征：{r.features}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                承办单位：{r.officeName}（{r.submittedOn} 登记）
              </Typography.Text>
            </Card>
          ))}
        </>
      )}
    </>
  );
}

interface ReportForm {
  name?: string;
  sex?: Sex;
  birthYear?: number | null;
  lostOn?: Dayjs | null;
  lostPlace?: string[];
  features?: string;
  contactName?: string;
  contactPhone?: string;
  consentPublish?: boolean;
}

function ReportTab({
  places,
  onFiled,
}: {
  places: PublicPlaceDto[] | undefined;
  onFiled: (r: PublicReportReceiptDto) => void;
}) {
  const [form] = Form.useForm<ReportForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const options = useMemo(() => placeOptions(places), [places]);
  const submit = async (v: ReportForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const receipt = await publicApi.submit({
        name: v.name ?? null,
        sex: v.sex ?? null,
        birthYear: v.birthYear ?? null,
        lostOn: v.lostOn ? v.lostOn.format('YYYY-MM-DD') : null,
        lostCountyCode: v.lostPlace?.[1] ?? null,
        features: v.features ?? null,
        contactName: v.contactName ?? null,
        contactPhone: v.contactPhone ?? null,
        consentPublish: v.consentPublish === true,
      });
      onFiled(receipt);
    } catch (err) {
      // The values stay on the form; the server's message goes next to its field.
      setError(applyServerError(form, err, { lostCountyCode: 'lostPlace' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      name="public-report"
      layout="vertical"
      onFinish={(v) => void submit(v)}
      initialValues={{ consentPublish: true }}
      scrollToFirstError
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        请尽量详细填写走失亲人的情况。信息将转交走失地民政部门，并与全国救助管理机构在站人员、无名遗体信息比对；
        比对结果由工作人员核实后与您联系。
      </Typography.Paragraph>
      <Form.Item name="name" label="走失者姓名（不清楚可不填）">
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <Form.Item name="sex" label="性别" rules={[{ required: true, message: '请选择走失者的性别' }]}>
        <Radio.Group
          options={[
            { value: 'male', label: '男' },
            { value: 'female', label: '女' },
          ]}
        />
      </Form.Item>
      <Form.Item name="birthYear" label="出生年份">
        <InputNumber
          min={1900}
          max={2100}
          style={{ width: '100%' }}
          placeholder="如 1958"
          inputMode="numeric"
        />
      </Form.Item>
      <Form.Item name="lostOn" label="走失日期">
        <DatePicker style={{ width: '100%' }} placeholder="选择日期" />
      </Form.Item>
      <Form.Item
        name="lostPlace"
        label="走失地（县、市、区）"
        rules={[{ required: true, type: 'array', len: 2, message: '请选择走失地所在的县（市、区）' }]}
      >
        <Cascader options={options} placeholder="市州 / 县市区" />
      </Form.Item>
      <Form.Item name="features" label="体貌特征、口音、衣着等">
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
      <Form.Item
        name="contactName"
        label="联系人姓名"
        rules={[{ required: true, whitespace: true, message: '请填写联系人姓名' }]}
      >
        <Input maxLength={50} autoComplete="name" />
      </Form.Item>
      <Form.Item
        name="contactPhone"
        label="联系电话"
        extra="只提供给承办的民政部门，不会公开。"
        rules={[{ required: true, whitespace: true, message: '请填写联系电话' }]}
      >
        <Input maxLength={20} inputMode="tel" autoComplete="tel" />
      </Form.Item>
      <Form.Item name="consentPublish" valuePropName="checked">
        <Checkbox>同意公开发布（在本页“家属寻亲信息”中公开，不含联系方式）</Checkbox>
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        提交寻亲信息
      </Button>
    </Form>
  );
}

function Receipt({ receipt, onAgain }: { receipt: PublicReportReceiptDto; onAgain: () => void }) {
  return (
    <Card data-testid="public-report-receipt">
      <Space align="start">
        <CheckCircleFilled style={{ color: '#52c41a', fontSize: 28 }} />
        <div>
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
            已提交
          </Typography.Title>
          <Typography.Text type="secondary">
            请记下回执号和查询码，查询进度时需要两者。查询码只显示这一次。
          </Typography.Text>
        </div>
      </Space>
      <Descriptions column={1} size="small" style={{ marginTop: 12 }} bordered>
        <Descriptions.Item label="回执号">
          <Typography.Text copyable strong className="resident-id">
            {receipt.receipt}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="查询码">
          <Typography.Text copyable strong className="resident-id">
            {receipt.queryCode}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="承办单位">{receipt.officeName}</Descriptions.Item>
        <Descriptions.Item label="是否公开">
          {receipt.published ? '已同意公开发布' : '不公开'}
        </Descriptions.Item>
      </Descriptions>
      <Button block style={{ marginTop: 12 }} onClick={onAgain}>
        再登记一位
      </Button>
    </Card>
  );
}

function StatusTab({ initial }: { initial?: { receipt: string; code: string } | undefined }) {
  const [form] = Form.useForm<{ receipt: string; code: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<PublicReportStatusDto>();
  useEffect(() => {
    if (initial) form.setFieldsValue(initial);
  }, [form, initial]);
  const check = async (v: { receipt: string; code: string }) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await publicApi.status(v));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const upper = (v: string) => v.toUpperCase();
  return (
    <>
      <Form form={form} name="public-report-status" layout="vertical" onFinish={(v) => void check(v)}>
        <Form.Item
          name="receipt"
          label="回执号"
          normalize={upper}
          rules={[{ required: true, whitespace: true, message: '请填写回执号' }]}
        >
          <Input maxLength={40} autoComplete="off" className="resident-id" />
        </Form.Item>
        <Form.Item
          name="code"
          label="查询码"
          normalize={upper}
          rules={[{ required: true, whitespace: true, message: '请填写查询码' }]}
        >
          <Input maxLength={40} autoComplete="off" className="resident-id" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block icon={<SearchOutlined />} loading={busy}>
          查询进度
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} role="alert" />}
      {result && (
        <Card size="small" style={{ marginTop: 12 }} data-testid="public-report-status">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="回执号">{result.receipt}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLOR[result.status]}>{result.statusLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="承办单位">{result.officeName}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </>
  );
}

/** 全国救助寻亲 (public, phone layout): live 寻亲公告, the family's report form, and its progress. */
export function PublicFamilySearchPage() {
  const [tab, setTab] = useState<'notices' | 'report' | 'status'>('notices');
  const [receipt, setReceipt] = useState<PublicReportReceiptDto>();
  const [formKey, setFormKey] = useState(0);
  /** Reports filed in this visit: the notices tab reloads the published reports after each. */
  const [filed, setFiled] = useState(0);
  const places = useApi((signal) => publicApi.places(signal), []);
  useEffect(() => {
    document.title = '全国救助寻亲 - 社会事务综合服务平台';
  }, []);
  return (
    <>
      <Typography.Title level={1} className="page-title" style={{ margin: '4px 0 8px' }}>
        全国救助寻亲
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as typeof tab)}
        items={[
          {
            key: 'notices',
            label: '寻亲公告',
            children: <NoticesTab places={places.data} reloadKey={filed} />,
          },
          {
            key: 'report',
            label: '我要寻亲',
            children: receipt ? (
              <Receipt
                receipt={receipt}
                onAgain={() => {
                  setReceipt(undefined);
                  setFormKey((k) => k + 1);
                }}
              />
            ) : (
              <ReportTab
                key={formKey}
                places={places.data}
                onFiled={(r) => {
                  setReceipt(r);
                  setFiled((n) => n + 1);
                  window.scrollTo({ top: 0 });
                }}
              />
            ),
          },
          {
            key: 'status',
            label: '查询进度',
            children: (
              <StatusTab
                initial={receipt ? { receipt: receipt.receipt, code: receipt.queryCode } : undefined}
              />
            ),
          },
        ]}
      />
    </>
  );
}
