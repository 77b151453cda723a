/**
 * Citizen pages (public, no login, phone layout): /disability/apply 网上申请残疾人两项补贴 (resident id, name,
 * certificate number checked as typed, phone, hukou county and township, subsidies, who applies → the
 * application number) and /disability/status 申请进度查询 (application number + phone; never by resident id
 * alone). Identity is not proven online: the township checks it with the materials.
 */
import { childrenOf, tryParseDisabilityCertificateNumber } from '@social-affairs/kernel';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Result,
  Select,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { applyServerError } from '../../app/form-errors';
import { publicApplicationsApi, type OnlineReceipt, type PublicApplicationStatus } from './applications.api';

const RELATIONS = {
  self: '本人',
  guardian: '监护人',
  family: '负有赡养、抚养、扶养义务的亲属',
  committee: '村（居）民委员会',
  other: '其他委托代理人',
} as const;

interface ApplyForm {
  residentId: string;
  name: string;
  certificateNumber: string;
  phone: string;
  county?: string;
  hukouDivisionCode: string;
  subsidies: ('living' | 'care')[];
  applicantRelation: keyof typeof RELATIONS;
  applicantName?: string;
  promise: boolean;
}

export function PublicApplyPage() {
  const [form] = Form.useForm<ApplyForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [receipt, setReceipt] = useState<OnlineReceipt>();
  const counties = useMemo(
    () =>
      childrenOf('430000').flatMap((city) =>
        childrenOf(city.code).map((c) => ({ value: c.code, label: `${city.name}${c.name}` })),
      ),
    [],
  );
  const county = Form.useWatch('county', form);
  const relation = Form.useWatch('applicantRelation', form);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      setReceipt(
        await publicApplicationsApi.apply({
          residentId: v.residentId.trim(),
          name: v.name.trim(),
          certificateNumber: v.certificateNumber.trim(),
          phone: v.phone.trim(),
          hukouDivisionCode: v.hukouDivisionCode,
          subsidies: v.subsidies,
          applicantRelation: v.applicantRelation,
          applicantName: v.applicantRelation === 'self' ? null : (v.applicantName ?? null),
        }),
      );
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  if (receipt) {
    return (
      <Result
        status="success"
        title="申请已提交"
        subTitle={
          <span>
            申请编号 <b data-testid="online-no">{receipt.applicationNo}</b>（{receipt.submittedOn} 提交）
          </span>
        }
        extra={[
          <Typography.Paragraph key="next" style={{ textAlign: 'left' }}>
            {receipt.nextStep}
          </Typography.Paragraph>,
          <Link key="status" to={`/disability/status?no=${encodeURIComponent(receipt.applicationNo)}`}>
            查询申请进度
          </Link>,
        ]}
      />
    );
  }
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        网上申请残疾人两项补贴
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        困难残疾人生活补贴（低保家庭的残疾人）和重度残疾人护理补贴（残疾等级一、二级）。网上提交后，户籍地乡镇（街道）会联系您核验身份和材料，补贴自申请当月起计发。已经申请过的，可以
        <Link to="/disability/status">查询申请进度</Link>。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="disability-apply"
        initialValues={{ subsidies: ['care'], applicantRelation: 'self', promise: false }}
      >
        <Card size="small" title="残疾人信息" style={{ marginBottom: 12 }}>
          <Form.Item
            name="name"
            label="姓名"
            rules={[{ required: true, whitespace: true, message: '请填写残疾人姓名' }]}
          >
            <Input maxLength={40} autoComplete="name" />
          </Form.Item>
          <Form.Item
            name="residentId"
            label="公民身份号码"
            rules={[{ required: true, whitespace: true, len: 18, message: '请填写 18 位公民身份号码' }]}
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="certificateNumber"
            label="残疾人证号（20 位）"
            dependencies={['residentId']}
            rules={[
              { required: true, whitespace: true, message: '请填写第二代残疾人证号' },
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
          >
            <Input maxLength={20} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="county"
            label="户籍所在县（市、区）"
            rules={[{ required: true, message: '请选择户籍所在县（市、区）' }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={counties}
              placeholder="湖南省内"
              onChange={() => form.setFieldValue('hukouDivisionCode', undefined)}
            />
          </Form.Item>
          <Form.Item
            name="hukouDivisionCode"
            label="户籍所在乡镇（街道）"
            rules={[{ required: true, message: '请选择户籍所在乡镇（街道）' }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              disabled={!county}
              options={county ? childrenOf(county).map((t) => ({ value: t.code, label: t.name })) : []}
              placeholder={county ? '选择乡镇（街道）' : '先选择县（市、区）'}
            />
          </Form.Item>
        </Card>
        <Card size="small" title="申请事项" style={{ marginBottom: 12 }}>
          <Form.Item
            name="subsidies"
            label="申请补贴"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一项补贴' }]}
          >
            <Checkbox.Group
              style={{ flexDirection: 'column' }}
              options={[
                { value: 'living', label: '困难残疾人生活补贴（本人或家庭是低保对象）' },
                { value: 'care', label: '重度残疾人护理补贴（残疾等级一级或二级）' },
              ]}
            />
          </Form.Item>
          <Form.Item name="applicantRelation" label="谁来申请">
            <Select options={Object.entries(RELATIONS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {relation && relation !== 'self' && (
            <Form.Item
              name="applicantName"
              label="代办人姓名"
              rules={[{ required: true, whitespace: true, message: '请填写代办人姓名' }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          )}
          <Form.Item
            name="phone"
            label="联系电话（查询进度用，请如实填写）"
            rules={[{ required: true, whitespace: true, message: '请填写手机号码' }]}
          >
            <Input maxLength={20} inputMode="tel" autoComplete="tel" />
          </Form.Item>
          <Form.Item
            name="promise"
            valuePropName="checked"
            rules={[
              {
                validator: (_, v: boolean) =>
                  v ? Promise.resolve() : Promise.reject(new Error('请阅读并勾选承诺')),
              },
            ]}
          >
            <Checkbox>本人承诺所填信息真实，同意工作人员核验身份和家庭情况。</Checkbox>
          </Form.Item>
        </Card>
        <Button
          type="primary"
          block
          size="large"
          loading={busy}
          onClick={() => void submit().catch(() => undefined)}
          data-testid="apply-submit"
        >
          提交申请
        </Button>
      </Form>
    </>
  );
}

export function PublicStatusPage() {
  const initialNo = new URLSearchParams(window.location.search).get('no') ?? '';
  const [form] = Form.useForm<{ applicationNo: string; phone: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<PublicApplicationStatus>();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      setStatus(
        await publicApplicationsApi.status({ applicationNo: v.applicationNo.trim(), phone: v.phone.trim() }),
      );
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        两项补贴申请进度查询
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        凭申请编号和申请时留的手机号码查询。没有申请编号的，请向户籍地乡镇（街道）便民服务窗口咨询。
        <Link to="/disability/apply">网上申请</Link>
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="disability-status"
        initialValues={{ applicationNo: initialNo }}
      >
        <Form.Item
          name="applicationNo"
          label="申请编号"
          rules={[{ required: true, whitespace: true, message: '请填写申请编号' }]}
        >
          <Input maxLength={40} placeholder="如 湘浏残补〔2026〕000123号" />
        </Form.Item>
        <Form.Item
          name="phone"
          label="手机号码"
          rules={[{ required: true, whitespace: true, message: '请填写手机号码' }]}
        >
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Button
          type="primary"
          block
          loading={busy}
          onClick={() => void submit().catch(() => undefined)}
          data-testid="status-submit"
        >
          查询
        </Button>
      </Form>
      {status && (
        <Card style={{ marginTop: 16 }} data-testid="status-card">
          <Descriptions column={1} size="small" title={`${status.nameMasked} 的申请`}>
            <Descriptions.Item label="申请编号">{status.applicationNo}</Descriptions.Item>
            <Descriptions.Item label="办理状态">
              <Tag color="processing">{status.statusLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="申请方式">{status.channelLabel}</Descriptions.Item>
            <Descriptions.Item label="申请日期">{status.submittedOn}</Descriptions.Item>
            {status.materialsCompleteOn && (
              <Descriptions.Item label="材料齐全">{status.materialsCompleteOn}</Descriptions.Item>
            )}
            {status.forwardedOn && (
              <Descriptions.Item label="转户籍地审核">{status.forwardedOn}</Descriptions.Item>
            )}
            {status.decideDueOn && !status.decidedOn && (
              <Descriptions.Item label="应在此日前决定">{status.decideDueOn}</Descriptions.Item>
            )}
            {status.decidedOn && <Descriptions.Item label="作出决定">{status.decidedOn}</Descriptions.Item>}
            {status.result.map((r) => (
              <Descriptions.Item key={r.subsidy} label={r.label}>
                {r.outcomeLabel}
              </Descriptions.Item>
            ))}
            {status.payFromMonth && (
              <Descriptions.Item label="计发月份">{status.payFromMonth} 起</Descriptions.Item>
            )}
          </Descriptions>
          <Alert
            type="info"
            showIcon
            title="下一步"
            description={status.nextStep}
            style={{ marginTop: 12 }}
          />
        </Card>
      )}
    </>
  );
}
