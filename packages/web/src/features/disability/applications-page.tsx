/**
 * 补贴申请 (/disability/applications): the ledger of two-subsidy applications the clerk's window received
 * or its townships' residents made — search, filters (status, channel, subsidy, overdue, date range),
 * paging, sorting, Excel — with the R-DIS-06 countdown of each; and 窗口受理 (a drawer): the person looked
 * up by resident id, the certificate number checked against the holder as typed (R-DIS-04), subsidies,
 * who applies, phone, hukou township, materials. A refused submit keeps what was typed and shows the
 * error at the field.
 */
import {
  DISABILITY_CATEGORY_LABELS,
  childrenOf,
  tryParseDisabilityCertificateNumber,
} from '@social-affairs/kernel';
import { Alert, Button, Checkbox, Drawer, Form, Input, Select, Space, Tag, Typography, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { beijingToday, formatDate } from '../../app/format';
import { ListPage, choiceFilter, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import {
  applicationStatusColors,
  applicationsApi,
  type ApplicationDetail,
  type ApplicationView,
  type IntakeLookup,
} from './applications.api';
import { DisabilityNav } from './disability-nav';

const STATUS = {
  received: '已受理',
  forwarded: '已转户籍地',
  reviewing: '审核中',
  notice: '公示中',
  approved: '已批准',
  rejected: '未批准',
  withdrawn: '已撤回',
} as const;
const CHANNEL = { window: '窗口受理', online: '网上申请', cross_province: '跨省通办转来' } as const;
const SUBSIDY = { living: '生活补贴', care: '护理补贴' } as const;
export const RELATIONS = {
  self: '本人',
  guardian: '监护人',
  family: '负有赡养、抚养、扶养义务的亲属',
  committee: '村（居）民委员会',
  other: '其他委托代理人',
} as const;

const filters = {
  q: textFilter({ label: '姓名或编号', placeholder: '姓名、申请编号或手机尾号 4 位', width: 220 }),
  status: choiceFilter(STATUS, { label: '状态', width: 120 }),
  channel: choiceFilter(CHANNEL, { label: '渠道', width: 130 }),
  subsidy: choiceFilter(SUBSIDY, { label: '补贴', width: 110 }),
  overdue: choiceFilter({ '1': '只看已逾期' }, { label: '时限', width: 130 }),
  submitted: dateRangeFilter({ label: '申请日期' }),
};

/** The countdown tag: 剩余 N 个工作日 (orange at 1 or less) / 已逾期 N 天 (red); 暂定 when provisional. */
export function Countdown({ a }: { a: Pick<ApplicationView, 'countdown'> }) {
  const c = a.countdown;
  if (!c) return <Typography.Text type="secondary">—</Typography.Text>;
  const color =
    c.overdueDays > 0 ? 'red' : c.workingDaysLeft !== null && c.workingDaysLeft <= 1 ? 'orange' : 'blue';
  return (
    <Space size={2} orientation="vertical">
      <Tag color={c.dueOn ? color : 'default'} data-testid="countdown">
        {c.text.replace('（含未公布节假日安排的年份，时限为暂定）', '')}
      </Tag>
      {c.dueOn && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          时限 {formatDate(c.dueOn)}
          {c.provisional ? '（暂定）' : ''}
        </Typography.Text>
      )}
    </Space>
  );
}

export function DisabilityApplicationsPage() {
  const { hasPermission } = useAuth();
  const canTake = hasPermission('disability:write');
  const list = useListPage({
    filters,
    sortKeys: ['submittedOn', 'applicationNo', 'nextDueOn', 'status'],
    load: (query, signal) => applicationsApi.ledger(query, signal),
  });
  const [taking, setTaking] = useState(false);
  const overdue = list.items.filter((a) => (a.countdown?.overdueDays ?? 0) > 0).length;
  const columns: TableColumnsType<ApplicationView> = [
    {
      title: '申请编号',
      key: 'applicationNo',
      sorter: true,
      render: (_, a) => (
        <Link to={`/disability/applications/${encodeURIComponent(a.id)}`}>{a.applicationNo}</Link>
      ),
    },
    {
      title: '申请人',
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <span>{a.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.residentIdMasked}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '类别等级', render: (_, a) => [a.categoryLabel, a.gradeLabel].filter(Boolean).join(' ') || '—' },
    { title: '申请补贴', render: (_, a) => a.subsidiesLabel },
    {
      title: '渠道',
      render: (_, a) => (
        <Space size={2} wrap>
          <span>{CHANNEL[a.channel]}</span>
          {a.nationalExchange && <Tag color="purple">全国系统</Tag>}
        </Space>
      ),
    },
    { title: '受理窗口', render: (_, a) => a.receivedDivisionName ?? '—' },
    { title: '户籍地', render: (_, a) => a.divisionName },
    { title: '申请日期', key: 'submittedOn', sorter: true, render: (_, a) => formatDate(a.submittedOn) },
    {
      title: '状态',
      key: 'status',
      sorter: true,
      render: (_, a) => <Tag color={applicationStatusColors[a.status]}>{a.statusLabel}</Tag>,
    },
    { title: '当前时限', key: 'nextDueOn', sorter: true, render: (_, a) => <Countdown a={a} /> },
  ];
  return (
    <ListPage
      list={list}
      title="补贴申请"
      unit="件"
      exportHref={applicationsApi.ledgerExport(list.exportQuery)}
      actions={
        canTake && (
          <Button type="primary" onClick={() => setTaking(true)} data-testid="take-application">
            窗口受理
          </Button>
        )
      }
      nav={<DisabilityNav activePath="/disability/applications" />}
      above={
        <Alert
          type={overdue > 0 ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            overdue > 0
              ? `本页有 ${overdue} 件申请已超过办理时限：请尽快转送、审核或告知申请人（逾期已自动登记督办）。`
              : '跨省通办时限（R-DIS-06）：材料齐全后 3 个工作日内转户籍地，户籍地收到后 10 个工作日内决定，结果作出后 3 个工作日内告知申请人。按“当前时限”排序可看到最先到期的。'
          }
        />
      }
      filterName="disability-applications-filters"
      errorTitle="补贴申请台账加载失败"
      rowKey={(r) => r.id}
      columns={columns}
      empty={
        list.filtered ? '没有符合条件的申请。' : '还没有两项补贴申请。点“窗口受理”登记群众在窗口提交的申请。'
      }
    >
      <IntakeDrawer
        open={taking}
        onClose={() => setTaking(false)}
        onTaken={() => {
          list.reload();
        }}
      />
    </ListPage>
  );
}

interface IntakeForm {
  residentId: string;
  name: string;
  certificateNumber: string;
  subsidies: ('living' | 'care')[];
  applicantRelation: keyof typeof RELATIONS;
  applicantName?: string;
  phone: string;
  hukouCounty: string;
  hukouDivisionCode: string;
  submittedOn: string;
  materialsComplete: boolean;
  cross: boolean;
  crossReceivedOn?: string;
  crossReference?: string;
  crossWindowName?: string;
  note?: string;
}

const OUTSIDE = 'outside';

function hunanCounties(): { value: string; label: string }[] {
  return childrenOf('430000').flatMap((city) =>
    childrenOf(city.code).map((c) => ({ value: c.code, label: `${city.name}${c.name}` })),
  );
}

function IntakeDrawer({
  open,
  onClose,
  onTaken,
}: {
  open: boolean;
  onClose: () => void;
  onTaken: () => void;
}) {
  const { user } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<IntakeForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [lookup, setLookup] = useState<IntakeLookup>();
  const [taken, setTaken] = useState<ApplicationDetail>();
  const counties = useMemo(hunanCounties, []);
  const ownCounty = user?.divisionCode.slice(0, 6) ?? '430181';
  const county = Form.useWatch('hukouCounty', form) ?? ownCounty;
  const relation = Form.useWatch('applicantRelation', form);
  const cross = Form.useWatch('cross', form);
  const certificateNumber = Form.useWatch('certificateNumber', form);
  const townships = county === OUTSIDE ? [] : childrenOf(county);
  const initial: Partial<IntakeForm> = {
    subsidies: ['care'],
    applicantRelation: 'self',
    hukouCounty: ownCounty,
    hukouDivisionCode: user?.divisionCode.length === 9 ? user.divisionCode : undefined,
    submittedOn: beijingToday(),
    materialsComplete: true,
    cross: false,
  };
  const look = async () => {
    const residentId = String(form.getFieldValue('residentId') ?? '')
      .trim()
      .toUpperCase();
    if (residentId.length !== 18) {
      form.setFields([{ name: 'residentId', errors: ['请先填写 18 位公民身份号码'] }]);
      return;
    }
    try {
      const r = await applicationsApi.lookup(residentId);
      setLookup(r);
      if (r.found) {
        form.setFieldValue('name', r.name);
        const valid = r.certificates[0];
        if (valid && !form.getFieldValue('certificateNumber'))
          form.setFieldValue('certificateNumber', valid.number);
        if (r.hukouDivisionCode) {
          const c = r.hukouDivisionCode.slice(0, 6);
          form.setFieldValue('hukouCounty', c);
          if (r.hukouDivisionCode.length === 9) form.setFieldValue('hukouDivisionCode', r.hukouDivisionCode);
        }
      }
    } catch (e) {
      form.setFields([{ name: 'residentId', errors: [errorText(e)] }]);
    }
  };
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const a = await applicationsApi.take({
        residentId: v.residentId.trim(),
        name: v.name.trim(),
        certificateNumber: v.certificateNumber.trim(),
        subsidies: v.subsidies,
        applicantRelation: v.applicantRelation,
        applicantName: v.applicantRelation === 'self' ? null : (v.applicantName ?? null),
        phone: v.phone.trim(),
        hukouDivisionCode: v.hukouDivisionCode.trim(),
        submittedOn: v.submittedOn,
        materialsComplete: v.materialsComplete,
        crossProvince: v.cross
          ? { receivedOn: v.crossReceivedOn, reference: v.crossReference, windowName: v.crossWindowName }
          : null,
        note: v.note || null,
      });
      setTaken(a);
      onTaken();
      void message.success(`已受理，申请编号 ${a.applicationNo}`);
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  const again = () => {
    setTaken(undefined);
    setLookup(undefined);
    form.resetFields();
  };
  return (
    <Drawer
      title="窗口受理两项补贴申请"
      open={open}
      size={640}
      onClose={onClose}
      forceRender
      extra={
        !taken && (
          <Button
            type="primary"
            loading={busy}
            onClick={() => void submit().catch(() => undefined)}
            data-testid="intake-submit"
          >
            受理
          </Button>
        )
      }
    >
      {taken ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type="success"
            showIcon
            title={
              <span>
                已受理，申请编号 <b data-testid="taken-no">{taken.applicationNo}</b>
              </span>
            }
            description={
              <>
                <div>
                  {taken.name}：{taken.subsidiesLabel}；{taken.statusLabel}；补贴自 {taken.payFromMonth}{' '}
                  起计发（R-DIS-05）。
                </div>
                <div>下一步：{taken.countdown?.text ?? '—'}</div>
                <div>请把申请编号告诉申请人，可凭编号和手机号码在“网上申请”页查询进度。</div>
              </>
            }
          />
          <Space>
            <Button
              type="primary"
              onClick={() => void navigate(`/disability/applications/${encodeURIComponent(taken.id)}`)}
            >
              上传材料、查看时限
            </Button>
            <Button onClick={again}>继续受理下一件</Button>
          </Space>
        </Space>
      ) : (
        <>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" name="disability-intake" initialValues={initial}>
            <Form.Item label="公民身份号码" required htmlFor="disability-intake_residentId">
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="residentId"
                  noStyle
                  rules={[{ required: true, whitespace: true, message: '请填写申请人的公民身份号码' }]}
                >
                  <Input maxLength={18} autoComplete="off" placeholder="18 位" />
                </Form.Item>
                <Button onClick={() => void look()}>查人员库</Button>
              </Space.Compact>
            </Form.Item>
            {lookup && (
              <Alert
                style={{ marginBottom: 12 }}
                type={lookup.found ? (lookup.openApplications.length ? 'warning' : 'info') : 'warning'}
                showIcon
                title={
                  lookup.found
                    ? `人员库：${lookup.name}；残疾人证 ${lookup.certificates.map((c) => `${c.numberMasked}（${c.categoryLabel}${c.gradeLabel}，${c.statusLabel}）`).join('、') || '未登记（残联核实后导入）'}${lookup.openApplications.length ? `；已有办理中的申请 ${lookup.openApplications.map((o) => o.applicationNo).join('、')}` : ''}`
                    : '人员库中没有此人：受理时将按身份证件登记到人员库（户籍县的人员库）。'
                }
              />
            )}
            <Form.Item
              name="name"
              label="姓名"
              rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              name="certificateNumber"
              label="残疾人证号（第二代，20 位）"
              dependencies={['residentId']}
              rules={[
                { required: true, whitespace: true, message: '请填写残疾人证号' },
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) => {
                    if (!value) return Promise.resolve();
                    const holder = String(getFieldValue('residentId') ?? '').trim();
                    const r = tryParseDisabilityCertificateNumber(
                      value,
                      holder.length === 18 ? { holderResidentId: holder } : {},
                    );
                    return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
                  },
                }),
              ]}
              extra={<CertificateHint value={certificateNumber} />}
            >
              <Input maxLength={20} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="subsidies"
              label="申请补贴"
              rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一项补贴' }]}
            >
              <Checkbox.Group
                options={[
                  { value: 'living', label: '困难残疾人生活补贴（低保家庭）' },
                  { value: 'care', label: '重度残疾人护理补贴（一、二级）' },
                ]}
              />
            </Form.Item>
            <Form.Item name="applicantRelation" label="申请人（R-DIS-05）">
              <Select options={Object.entries(RELATIONS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            {relation && relation !== 'self' && (
              <Form.Item
                name="applicantName"
                label="代办人姓名"
                rules={[{ required: true, whitespace: true, message: '非本人申请时请填写代办人姓名' }]}
              >
                <Input maxLength={40} />
              </Form.Item>
            )}
            <Form.Item
              name="phone"
              label="联系电话（查询进度用）"
              rules={[{ required: true, whitespace: true, message: '请填写联系电话' }]}
            >
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
            <Form.Item name="hukouCounty" label="户籍所在县（市、区）">
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={[...counties, { value: OUTSIDE, label: '外省户籍（经全国系统推送户籍地）' }]}
                onChange={() => form.setFieldValue('hukouDivisionCode', undefined)}
              />
            </Form.Item>
            <Form.Item
              name="hukouDivisionCode"
              label={county === OUTSIDE ? '户籍所在乡镇（街道）区划代码（9 位）' : '户籍所在乡镇（街道）'}
              rules={[{ required: true, message: '请选择户籍所在乡镇（街道）' }]}
            >
              {county === OUTSIDE ? (
                <Input maxLength={9} placeholder="如 440106001" />
              ) : (
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={townships.map((t) => ({ value: t.code, label: t.name }))}
                  placeholder="选择乡镇（街道）"
                />
              )}
            </Form.Item>
            <Form.Item
              name="submittedOn"
              label="受理日期（补贴自该月起计发）"
              rules={[{ required: true, message: '请填写受理日期' }]}
            >
              <Input type="date" max={beijingToday()} />
            </Form.Item>
            <Form.Item name="materialsComplete" valuePropName="checked">
              <Checkbox>
                材料已齐全（身份证、户口簿、残疾人证；生活补贴另附低保证明；代办另附委托书或监护证明）
              </Checkbox>
            </Form.Item>
            <Form.Item name="cross" valuePropName="checked">
              <Checkbox>全国系统转来的申请（申请人在外省窗口申请，户籍在本辖区）</Checkbox>
            </Form.Item>
            {cross && (
              <Space wrap align="start">
                <Form.Item
                  name="crossReceivedOn"
                  label="收到日期"
                  rules={[{ required: true, message: '请填写收到日期' }]}
                >
                  <Input type="date" max={beijingToday()} />
                </Form.Item>
                <Form.Item
                  name="crossReference"
                  label="全国系统编号"
                  rules={[{ required: true, message: '请填写编号' }]}
                >
                  <Input maxLength={60} />
                </Form.Item>
                <Form.Item
                  name="crossWindowName"
                  label="受理窗口"
                  rules={[{ required: true, message: '请填写受理窗口' }]}
                >
                  <Input maxLength={80} placeholder="如 广州市天河区石牌街道" />
                </Form.Item>
              </Space>
            )}
            <Form.Item name="note" label="备注">
              <Input.TextArea maxLength={500} rows={2} />
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            受理后在申请页上传材料扫描件。户籍地窗口受理即视为已转送，县级部门 10
            个工作日内决定；在其他乡镇受理的，材料齐全后 3
            个工作日内转户籍地。外省户籍的申请登记后录入全国两项补贴信息系统并在申请页登记往来记录。
          </Typography.Paragraph>
        </>
      )}
    </Drawer>
  );
}

function CertificateHint({ value }: { value: string | undefined }) {
  if (!value || value.trim().length !== 20)
    return <span>18 位身份号码 + 残疾类别（1–7）+ 残疾等级（1–4）</span>;
  const r = tryParseDisabilityCertificateNumber(value);
  if (!r.ok) return null;
  return (
    <span>
      {DISABILITY_CATEGORY_LABELS[r.value.category]}，{r.value.gradeLabel}
    </span>
  );
}
