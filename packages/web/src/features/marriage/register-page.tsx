import { PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, errorText } from '../../app/api-client';
import { PageHeader } from '../../app/page-header';
import {
  REFUSAL_GROUNDS,
  appointmentApi,
  marriageApi,
  marriageUrls,
  type CheckInDto,
  type ConflictDto,
  type MarriageViewDto,
  type RefusalReasonDto,
} from './marriage.api';
import { MarriageNav } from './marriage-nav';
import { useWorkingRegistry } from './use-registry';

type Role = 'husband' | 'wife';

interface PartyValues {
  documentType: 'resident_id' | 'passport' | 'foreign_permanent_residence' | 'hmt_travel_permit';
  name: string;
  residentId?: string;
  documentNo?: string;
  nationality?: string;
  birthDate?: Dayjs;
  hukouDivisionCode?: string;
  presentInPerson: boolean;
  voluntary: boolean;
  identityDocument: boolean;
  hukouBooklet: boolean;
  signed: boolean;
  noSpouse: boolean;
  noProhibitedKinship: boolean;
  illnessDisclosed: boolean;
}

interface FormValues {
  husband: PartyValues;
  wife: PartyValues;
  declaredKinship: string;
  cohabitingSince?: Dayjs;
}

const kinshipOptions = [
  { value: 'none', label: '无亲属关系' },
  { value: 'second_cousins_or_further', label: '四代及以外旁系血亲（不禁止）' },
  { value: 'first_cousins', label: '堂/表兄弟姐妹（禁止）' },
  { value: 'uncle_aunt_nephew_niece', label: '叔伯姑舅姨与侄甥（禁止）' },
  { value: 'siblings', label: '兄弟姐妹（禁止）' },
  { value: 'lineal', label: '直系血亲（禁止）' },
];

const documentOptions = [
  { value: 'resident_id', label: '居民身份证 / 港澳台居民居住证' },
  { value: 'passport', label: '护照' },
  { value: 'foreign_permanent_residence', label: '外国人永久居留身份证' },
  { value: 'hmt_travel_permit', label: '港澳台居民来往内地（大陆）通行证' },
];

const partyDefaults: PartyValues = {
  documentType: 'resident_id',
  name: '',
  presentInPerson: false,
  voluntary: false,
  identityDocument: false,
  hukouBooklet: false,
  signed: false,
  noSpouse: false,
  noProhibitedKinship: false,
  illnessDisclosed: false,
};

function PartyFields({ role }: { role: Role }) {
  const label = role === 'husband' ? '男方' : '女方';
  return (
    <Card title={label} size="small" style={{ height: '100%' }}>
      <Form.Item name={[role, 'documentType']} label="证件类型">
        <Select options={documentOptions} />
      </Form.Item>
      <Form.Item
        name={[role, 'name']}
        label="姓名"
        rules={[{ required: true, message: `请填写${label}姓名` }]}
      >
        <Input autoComplete="off" maxLength={50} />
      </Form.Item>
      <Form.Item
        noStyle
        shouldUpdate={(a: FormValues, b: FormValues) => a[role]?.documentType !== b[role]?.documentType}
      >
        {({ getFieldValue }) =>
          getFieldValue([role, 'documentType']) === 'resident_id' ? (
            <>
              <Form.Item
                name={[role, 'residentId']}
                label="公民身份号码"
                rules={[{ required: true, message: '请填写公民身份号码' }]}
              >
                <Input autoComplete="off" maxLength={20} placeholder="18 位（旧 15 位自动升级）" />
              </Form.Item>
              <Form.Item
                name={[role, 'hukouDivisionCode']}
                label="户籍地区划代码"
                extra="不填则按身份证地址码；2025-05-10 前用于判断管辖"
              >
                <Input autoComplete="off" maxLength={9} />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item
                name={[role, 'documentNo']}
                label="证件号码"
                rules={[{ required: true, message: '请填写证件号码' }]}
              >
                <Input autoComplete="off" maxLength={40} />
              </Form.Item>
              <Form.Item
                name={[role, 'nationality']}
                label="国籍或地区"
                rules={[{ required: true, message: '请填写国籍或地区' }]}
              >
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item
                name={[role, 'birthDate']}
                label="出生日期"
                rules={[{ required: true, message: '请选择出生日期' }]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </>
          )
        }
      </Form.Item>
      <Typography.Text strong>到场与证件</Typography.Text>
      <Form.Item name={[role, 'presentInPerson']} valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>本人亲自到场（不得委托代理）</Checkbox>
      </Form.Item>
      <Form.Item name={[role, 'voluntary']} valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>经单独询问，本人完全自愿</Checkbox>
      </Form.Item>
      <Form.Item name={[role, 'identityDocument']} valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>已核验本人有效身份证件</Checkbox>
      </Form.Item>
      <Form.Item name={[role, 'hukouBooklet']} valuePropName="checked">
        <Checkbox>已出具户口簿（2025-05-10 起不再需要）</Checkbox>
      </Form.Item>
      <Typography.Text strong>《申请结婚登记声明书》</Typography.Text>
      <Form.Item name={[role, 'signed']} valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>已当场签署</Checkbox>
      </Form.Item>
      <Form.Item name={[role, 'noSpouse']} valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>声明本人无配偶</Checkbox>
      </Form.Item>
      <Form.Item name={[role, 'noProhibitedKinship']} valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>声明与对方无直系血亲和三代以内旁系血亲关系</Checkbox>
      </Form.Item>
      <Form.Item
        name={[role, 'illnessDisclosed']}
        valuePropName="checked"
        extra="婚前如实告知重大疾病；是否患病不影响登记（民法典第1053条）"
      >
        <Checkbox>已向对方如实告知重大疾病情况</Checkbox>
      </Form.Item>
    </Card>
  );
}

function partyBody(p: PartyValues, role: Role) {
  return {
    documentType: p.documentType,
    name: p.name,
    residentId: p.documentType === 'resident_id' ? p.residentId : null,
    documentNo: p.documentType === 'resident_id' ? null : p.documentNo,
    nationality: p.documentType === 'resident_id' ? null : p.nationality,
    birthDate: p.birthDate ? p.birthDate.format('YYYY-MM-DD') : null,
    sex: p.documentType === 'resident_id' ? null : role === 'husband' ? 'male' : 'female',
    hukouDivisionCode: p.hukouDivisionCode?.trim() || null,
    presentInPerson: p.presentInPerson,
    voluntary: p.voluntary,
    documents: { identityDocument: p.identityDocument, hukouBooklet: p.hukouBooklet },
    declaration: { signed: p.signed, noSpouse: p.noSpouse, noProhibitedKinship: p.noProhibitedKinship },
    illnessDisclosed: p.illnessDisclosed,
  };
}

interface Refusal {
  refusalId: string;
  reasons: RefusalReasonDto[];
  conflicts: ConflictDto[];
}

const groundOptions = Object.entries(REFUSAL_GROUNDS).map(([value, label]) => ({ value, label }));

/**
 * 不予登记 stated by the registrar: the legal ground and the registrar's own words (both printed on the
 * notice). Only the names are required from the form; nobody is added to the person index.
 */
function RefuseDialog({
  onClose,
  onRefuse,
}: {
  onClose: () => void;
  onRefuse: (ground: string, note: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ ground: string; note: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Modal
      open
      title="不予登记"
      okText="作出不予登记决定"
      okButtonProps={{ danger: true }}
      cancelText="返回"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async (v) => {
          setBusy(true);
          setError(undefined);
          try {
            await onRefuse(v.ground, v.note);
          } catch (e) {
            setError(errorText(e));
          } finally {
            setBusy(false);
          }
        })
      }
    >
      <Typography.Paragraph type="secondary">
        不予登记须说明理由（《婚姻登记条例》）。依据与具体理由将印在《不予办理结婚登记告知书》上；当事人不会因此被登记到人口基础库。是否患病不是不予登记的理由。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="marriage-refuse">
        <Form.Item name="ground" label="不予登记的依据" rules={[{ required: true, message: '请选择依据' }]}>
          <Select options={groundOptions} placeholder="选择法定条件" />
        </Form.Item>
        <Form.Item
          name="note"
          label="具体理由"
          rules={[
            { required: true, message: '请填写具体理由' },
            { min: 4, message: '请具体说明不予登记的理由（至少 4 个字）' },
            { max: 500, message: '理由不超过 500 字' },
          ]}
        >
          <Input.TextArea rows={3} placeholder="如：女方经单独询问表示系受家人逼迫" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 结婚登记 (and 补办): one form for both parties; refusals list every reason with a printable notice. */
export function MarriageRegisterPage() {
  const [params] = useSearchParams();
  const supplementary = params.get('supplementary') === '1';
  // 签到 from the calendar or the workbench: the booking pre-fills the parties and closes with this act.
  const appointmentId = params.get('appointment');
  const { registry, registries } = useWorkingRegistry();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<MarriageViewDto>();
  const [refusal, setRefusal] = useState<Refusal>();
  const [error, setError] = useState<string>();
  const [checkIn, setCheckIn] = useState<CheckInDto>();
  const [refusing, setRefusing] = useState(false);

  useEffect(() => {
    if (!appointmentId) return;
    let live = true;
    appointmentApi.checkIn(appointmentId).then(
      (c) => {
        if (!live) return;
        setCheckIn(c);
        form.setFieldsValue({
          husband: { ...partyDefaults, name: c.prefill.husbandName ?? '' },
          wife: { ...partyDefaults, name: c.prefill.wifeName ?? '' },
        });
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [appointmentId, form]);
  const linkedAppointment = checkIn?.prefill.appointmentId ?? null;

  const refuse = async (ground: string, note: string) => {
    if (!registry) return;
    await form.validateFields([
      ['husband', 'name'],
      ['wife', 'name'],
    ]);
    const values = form.getFieldsValue(true) as FormValues;
    const r = await appointmentApi.refuse({
      registryId: registry.id,
      husband: partyBody({ ...partyDefaults, ...values.husband }, 'husband'),
      wife: partyBody({ ...partyDefaults, ...values.wife }, 'wife'),
      declaredKinship: values.declaredKinship ?? 'none',
      appointmentId: linkedAppointment,
      ground,
      note,
    });
    setRefusing(false);
    setRefusal({ refusalId: r.refusalId, reasons: r.reasons as RefusalReasonDto[], conflicts: [] });
  };

  const submit = async (values: FormValues) => {
    if (!registry) return;
    setBusy(true);
    setRefusal(undefined);
    setError(undefined);
    try {
      const m = await marriageApi.register({
        registryId: registry.id,
        husband: partyBody(values.husband, 'husband'),
        wife: partyBody(values.wife, 'wife'),
        declaredKinship: values.declaredKinship,
        cohabitingSince: values.cohabitingSince ? values.cohabitingSince.format('YYYY-MM-DD') : null,
        appointmentId: linkedAppointment,
      });
      setDone(m);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'MARRIAGE_REFUSED') {
        setRefusal(e.details as unknown as Refusal);
      } else if (e instanceof ApiError && e.field && /^(husband|wife)\.\w+$/.test(e.field)) {
        const [role, field] = e.field.split('.') as [Role, keyof PartyValues];
        form.setFields([{ name: [role, field] as never, errors: [e.message] }]);
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <>
        <PageHeader title={supplementary ? '补办结婚登记' : '结婚登记'} />
        <MarriageNav />
        <Result
          status="success"
          title="结婚登记已办理"
          subTitle={`结婚证字号 ${done.certificateNo ?? ''} · ${done.husband.name} 与 ${done.wife.name} · 登记日期 ${done.registeredOn}${done.effectiveFrom !== done.registeredOn ? ` · 婚姻关系自 ${done.effectiveFrom} 起算` : ''}${checkIn ? ` · 预约 ${checkIn.appointment.reference} 已办结` : ''}`}
          extra={[
            <Button
              key="print"
              type="primary"
              icon={<PrinterOutlined />}
              href={marriageUrls.certificatePdf(done.id)}
              target="_blank"
            >
              打印结婚证
            </Button>,
            <Button
              key="next"
              onClick={() => {
                setDone(undefined);
                form.resetFields();
              }}
            >
              办理下一对
            </Button>,
          ]}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={supplementary ? '补办结婚登记' : '结婚登记'}
        subTitle={registry ? `办理机关：${registry.name} · 不收取任何费用` : undefined}
      />
      <MarriageNav />
      {registries.length === 0 && (
        <Alert
          type="warning"
          showIcon
          title="您没有可办理登记的婚姻登记机关（须持有效婚姻登记员资格）"
          style={{ marginBottom: 16 }}
        />
      )}
      {checkIn && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`已签到：预约号 ${checkIn.appointment.reference} · ${checkIn.appointment.date} ${checkIn.appointment.halfDay === 'am' ? '上午' : '下午'} ${checkIn.appointment.slotNo} 号`}
          description={`已按预约填入双方姓名。请核验证件后填写公民身份号码（预约时登记：男方 ${checkIn.prefill.husbandResidentIdMasked ?? '未填'}，女方 ${checkIn.prefill.wifeResidentIdMasked ?? '未填'}）；登记或不予登记后该预约自动办结。`}
        />
      )}
      {refusal && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="不予登记"
          description={
            <>
              <ol style={{ paddingLeft: 20, margin: '4px 0' }}>
                {refusal.reasons.map((r) => (
                  <li key={`${r.code}-${r.party ?? ''}`}>{r.message}</li>
                ))}
              </ol>
              {refusal.conflicts.length > 0 && (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  仅供登记员核查：
                  {refusal.conflicts.map((c) => (
                    <span key={c.marriageId}>
                      {c.party === 'husband' ? '男方' : '女方'}于 {c.registeredOn} 在{c.registryName}登记结婚
                      {c.certificateNo ? `（${c.certificateNo}）` : ''}；
                    </span>
                  ))}
                </Typography.Paragraph>
              )}
              <Button
                size="small"
                icon={<PrinterOutlined />}
                href={marriageUrls.refusalPdf(refusal.refusalId)}
                target="_blank"
              >
                打印不予办理结婚登记告知书
              </Button>
            </>
          }
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<FormValues>
        form={form}
        name="marriage-register"
        layout="vertical"
        initialValues={{ husband: partyDefaults, wife: partyDefaults, declaredKinship: 'none' }}
        onFinish={(values) =>
          Modal.confirm({
            title: '确认办理结婚登记？',
            content: '登记后婚姻关系即成立并发给结婚证。请确认双方信息、到场与声明均已核实。',
            okText: '确认登记',
            cancelText: '返回核对',
            onOk: () => submit(values),
          })
        }
      >
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <PartyFields role="husband" />
          </Col>
          <Col xs={24} lg={12}>
            <PartyFields role="wife" />
          </Col>
        </Row>
        <Card size="small" style={{ marginTop: 16 }}>
          <Space wrap size={24} align="start">
            <Form.Item name="declaredKinship" label="双方亲属关系（据声明）" style={{ minWidth: 280 }}>
              <Select options={kinshipOptions} />
            </Form.Item>
            {supplementary && (
              <Form.Item
                name="cohabitingSince"
                label="以夫妻名义共同生活起始日期"
                rules={[{ required: true, message: '补办登记须填写' }]}
                extra="婚姻效力自双方均符合结婚实质要件时起算（司法解释一第6条）"
              >
                <DatePicker />
              </Form.Item>
            )}
          </Space>
          <div>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy} disabled={!registry}>
                {supplementary ? '办理补办结婚登记' : '办理结婚登记'}
              </Button>
              <Button danger disabled={!registry} onClick={() => setRefusing(true)}>
                不予登记…
              </Button>
            </Space>
          </div>
        </Card>
      </Form>
      {refusing && <RefuseDialog onClose={() => setRefusing(false)} onRefuse={refuse} />}
    </>
  );
}
