import { PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  ConfigProvider,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Select,
  Space,
  Steps,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorText } from '../../app/api-client';
import { PageHeader } from '../../app/page-header';
import { openPrintable } from '../../app/print-document';
import { useApi } from '../../app/use-api';
import { IntakePhotos } from './intake-photos';
import {
  conditionLabels,
  intakeApi,
  intakeUrls,
  referralLabels,
  securityLabels,
  situationLabels,
  type AdmittedDto,
  type RescueRefusalViewDto,
} from './intake.api';
import { RescueNav } from './rescue-nav';

const STEPS = ['求助甄别', '身份与基本情况', '体貌特征', '物品登记与安全检查', '转介与分配宿舍', '照片指纹'];

/** Which step holds each form field (a server error jumps there). */
const STEP_OF: Record<string, number> = {
  information: 0,
  canPayFoodLodging: 0,
  hasRelativesToTurnTo: 0,
  receivesSubsistence: 0,
  situation: 0,
  stationId: 1,
  nameGiven: 1,
  sex: 1,
  residentId: 1,
  birthDate: 1,
  estimatedAge: 1,
  civilCapacity: 1,
  mentalSigns: 1,
  hukouAddress: 1,
  vagrancyReason: 1,
  relativesContact: 1,
  referralSource: 1,
  policeUnit: 1,
  policeOfficer: 1,
  handoverAt: 1,
  foundPlace: 1,
  foundOn: 1,
  heightCm: 2,
  health: 2,
  intellect: 2,
  mentalState: 2,
  features: 2,
  clothing: 2,
  belongings: 3,
  securityCheck: 3,
  securityNote: 3,
  conditions: 4,
  medicalReferralTo: 4,
  policeReferralTo: 4,
  dormitoryId: 4,
  caseworkerName: 4,
  caseworkerSex: 4,
};

/** Fields validated before leaving each step. */
const STEP_FIELDS: (string | (string | number)[])[][] = [
  ['information', 'canPayFoodLodging', 'hasRelativesToTurnTo', 'receivesSubsistence', 'situation'],
  [
    'stationId',
    'nameGiven',
    'sex',
    'residentId',
    'estimatedAge',
    'referralSource',
    'policeUnit',
    'policeOfficer',
    'handoverAt',
  ],
  ['heightCm'],
  ['securityCheck'],
  ['dormitoryId', 'caseworkerName', 'caseworkerSex', 'medicalReferralTo', 'policeReferralTo'],
];

type Values = Record<string, unknown> & {
  information?: 'given' | 'refused' | 'cannot_give';
  canPayFoodLodging?: boolean;
  hasRelativesToTurnTo?: boolean;
  receivesSubsistence?: boolean;
  situation?: keyof typeof situationLabels;
  sex?: 'male' | 'female';
  referralSource?: keyof typeof referralLabels;
  conditions?: Record<string, boolean>;
  belongings?: {
    item?: string;
    quantity?: number;
    description?: string;
    identityDocument?: boolean;
    safekeepingConsent?: boolean;
    consentNote?: string;
  }[];
  foundOn?: Dayjs;
  birthDate?: Dayjs;
  handoverAt?: Dayjs;
};

/** The broad reading's grounds in words, to show before the server decides (it has the last word). */
function likelyGrounds(v: Values): string[] {
  if (v.information === 'cannot_give') return [];
  const g: string[] = [];
  if (v.information === 'refused') g.push('拒不如实提供个人情况');
  if (v.canPayFoodLodging === true) g.push('能够自行解决食宿');
  if (v.hasRelativesToTurnTo === true) g.push('有亲友可以投靠');
  if (v.receivesSubsistence === true) g.push('享受低保或五保');
  if (v.situation === 'none') g.push('不属于流浪乞讨或离家在外无力解决食宿的人员');
  return g;
}

function eligibilityOf(v: Values) {
  const cannot = v.information === 'cannot_give';
  return {
    information: v.information,
    canPayFoodLodging: cannot ? (v.canPayFoodLodging ?? null) : v.canPayFoodLodging,
    hasRelativesToTurnTo: cannot ? (v.hasRelativesToTurnTo ?? null) : v.hasRelativesToTurnTo,
    receivesSubsistence: cannot ? (v.receivesSubsistence ?? null) : v.receivesSubsistence,
    situation: cannot ? (v.situation ?? null) : v.situation,
  };
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function bodyOf(v: Values) {
  return {
    stationId: v.stationId,
    eligibility: eligibilityOf(v),
    residentId: text(v.residentId),
    nameGiven: text(v.nameGiven),
    sex: v.sex,
    birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : null,
    estimatedAge: typeof v.estimatedAge === 'number' ? v.estimatedAge : null,
    hukouAddress: text(v.hukouAddress),
    vagrancyReason: text(v.vagrancyReason),
    relativesContact: text(v.relativesContact),
    civilCapacity: v.civilCapacity,
    mentalSigns: v.mentalSigns === true,
    referralSource: v.referralSource,
    policeUnit: v.referralSource === 'police' ? text(v.policeUnit) : null,
    policeOfficer: v.referralSource === 'police' ? text(v.policeOfficer) : null,
    handoverAt: v.referralSource === 'police' && v.handoverAt ? v.handoverAt.format() : null,
    referralNote: text(v.referralNote),
    foundPlace: text(v.foundPlace),
    foundOn: v.foundOn ? v.foundOn.format('YYYY-MM-DD') : null,
    heightCm: typeof v.heightCm === 'number' ? v.heightCm : null,
    health: text(v.health),
    intellect: text(v.intellect),
    mentalState: text(v.mentalState),
    features: text(v.features),
    clothing: text(v.clothing),
    belongings: (v.belongings ?? [])
      .filter((b) => text(b.item))
      .map((b) => ({
        item: text(b.item),
        quantity: b.quantity ?? 1,
        description: text(b.description),
        identityDocument: b.identityDocument === true,
        safekeepingConsent: b.safekeepingConsent === true,
        consentNote: text(b.consentNote),
      })),
    securityCheck: v.securityCheck,
    securityNote: text(v.securityNote),
    conditions: Object.fromEntries(Object.keys(conditionLabels).map((k) => [k, v.conditions?.[k] === true])),
    medicalReferralTo: text(v.medicalReferralTo),
    policeReferralTo: text(v.policeReferralTo),
    dormitoryId: v.dormitoryId ?? null,
    caseworkerName: text(v.caseworkerName),
    caseworkerSex: v.caseworkerSex,
  };
}

/** `eligibility.situation` → `situation`; `belongings.0.safekeepingConsent` → ['belongings', 0, 'safekeepingConsent']. */
function formPath(field: string): (string | number)[] {
  const parts = field
    .replace(/^eligibility\.?/, '')
    .split('.')
    .filter(Boolean);
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const INITIAL: Values = {
  information: 'given',
  referralSource: 'self',
  civilCapacity: 'full',
  mentalSigns: false,
  securityCheck: 'passed',
  belongings: [],
  conditions: {},
};

/**
 * 求助登记: a tablet-friendly wizard — 求助甄别 → 身份与基本情况 → 体貌特征 → 物品登记与安全检查 →
 * 转介与分配宿舍 → 照片指纹. Every step stays mounted (hidden), so nothing typed is lost moving between steps
 * or on a refused submit; a server error shows beside its field and opens its step. An applicant who does
 * not qualify is refused with a printed 不予救助通知书.
 */
export function RescueIntakePage() {
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notEligible, setNotEligible] = useState<string>();
  const [refusal, setRefusal] = useState<RescueRefusalViewDto>();
  const [admitted, setAdmitted] = useState<AdmittedDto>();
  const options = useApi((signal) => intakeApi.options(signal), []);
  const stations = options.data?.stations ?? [];
  const values = Form.useWatch([], form) ?? INITIAL;
  const stationId =
    (values.stationId as string | undefined) ?? (stations.length === 1 ? stations[0]?.id : undefined);
  const station = stations.find((s) => s.id === stationId);
  const grounds = likelyGrounds(values);
  const cannotGive = values.information === 'cannot_give';
  const dormitories = useMemo(
    () => (station?.dormitories ?? []).filter((d) => !values.sex || d.sex === values.sex),
    [station, values.sex],
  );

  const next = async () => {
    setError(undefined);
    try {
      await form.validateFields(STEP_FIELDS[step] ?? []);
      setStep((s) => Math.min(s + 1, 4));
    } catch {
      /* the fields show what is missing */
    }
  };

  const showServerError = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'RESCUE_NOT_ELIGIBLE') {
      setNotEligible(e.message);
      setStep(0);
      return;
    }
    if (e instanceof ApiError && e.field) {
      const path = formPath(e.field);
      const head = String(path[0]);
      if (STEP_OF[head] !== undefined) {
        form.setFields([{ name: path, errors: [e.message] }]);
        setStep(STEP_OF[head]);
        setError(e.message);
        return;
      }
    }
    setError(errorText(e));
  };

  const admit = async () => {
    setError(undefined);
    try {
      await form.validateFields();
    } catch {
      setError('请补全标红的必填项');
      return;
    }
    setBusy(true);
    try {
      const v = form.getFieldsValue(true) as Values;
      const done = await intakeApi.admit(bodyOf({ ...v, stationId }));
      setAdmitted(done);
      setStep(5);
    } catch (e) {
      showServerError(e);
    } finally {
      setBusy(false);
    }
  };

  const refuse = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const v = form.getFieldsValue(true) as Values;
      const r = await intakeApi.refuse({
        stationId,
        nameGiven: text(v.nameGiven),
        sex: v.sex ?? null,
        eligibility: eligibilityOf(v),
        note: text(v.refusalNote),
      });
      setRefusal(r);
      openPrintable(intakeUrls.refusalNotice(r.id), '不予救助通知书');
    } catch (e) {
      showServerError(e);
    } finally {
      setBusy(false);
    }
  };

  const restart = () => {
    form.resetFields();
    setAdmitted(undefined);
    setRefusal(undefined);
    setNotEligible(undefined);
    setError(undefined);
    setStep(0);
  };

  const show = (i: number) => ({ style: { display: step === i ? undefined : 'none' } });

  if (refusal) {
    return (
      <>
        <PageHeader title="求助登记" />
        <RescueNav />
        <Result
          status="warning"
          title={`已作出不予救助决定：${refusal.noticeNo}`}
          subTitle={refusal.grounds.map((g) => g.text).join('；')}
          extra={[
            <Button
              key="print"
              type="primary"
              size="large"
              icon={<PrinterOutlined />}
              onClick={() => openPrintable(intakeUrls.refusalNotice(refusal.id), '不予救助通知书')}
            >
              打印不予救助通知书
            </Button>,
            <Button key="again" size="large" onClick={restart}>
              登记下一位
            </Button>,
          ]}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader title="求助登记" subTitle={station ? station.name : undefined} />
      <RescueNav />
      <ConfigProvider componentSize="large">
        <Card className="rescue-intake">
          <Steps
            current={step}
            size="small"
            style={{ marginBottom: 24 }}
            items={STEPS.map((title) => ({ title }))}
            onChange={(i) => {
              if (!admitted && i < 5 && i <= step) setStep(i);
            }}
          />
          {options.error != null && (
            <Alert
              type="error"
              showIcon
              title="无法读取救助站和宿舍"
              description={errorText(options.error)}
            />
          )}
          {options.data && stations.length === 0 && (
            <Alert
              type="warning"
              showIcon
              title="您的账户没有可办理求助登记的救助管理站"
              description="请联系系统管理员为您的账户绑定救助管理站。"
            />
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          {step === 5 && admitted ? (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Alert
                type="success"
                showIcon
                title={`已登记入站：${admitted.caseNo}`}
                description={
                  admitted.linkedExistingPerson
                    ? '已关联人员索引中的既有记录（未重复建档）。'
                    : admitted.identityStatus === 'identified'
                      ? '已在人员索引中建档。'
                      : '身份不明或待核实：已建立“身份不明”人员记录，核实后通过人员合并认定身份。'
                }
              />
              <IntakePhotos caseId={admitted.id} />
              <Flex gap={12} wrap>
                <Link to={`/rescue/cases/${admitted.id}`}>
                  <Button type="primary">查看救助案件</Button>
                </Link>
                <Button onClick={restart}>登记下一位</Button>
              </Flex>
            </Space>
          ) : (
            <Form<Values>
              form={form}
              layout="vertical"
              name="rescue-intake"
              initialValues={INITIAL}
              preserve
              style={{ maxWidth: 880 }}
            >
              {/* 1 求助甄别 */}
              <div {...show(0)}>
                <Form.Item
                  name="information"
                  label="能否如实提供个人情况（姓名、身份、户籍、亲属等）"
                  rules={[{ required: true }]}
                >
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    options={[
                      { value: 'given', label: '能如实提供' },
                      { value: 'refused', label: '拒不提供' },
                      { value: 'cannot_give', label: '无法提供（未成年、无/限制行为能力、精神障碍迹象等）' },
                    ]}
                  />
                </Form.Item>
                {cannotGive && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 16 }}
                    title="先救助、后核实：无法提供信息的求助人先予救助，以下问题可留空，事后核实。"
                  />
                )}
                {(
                  [
                    ['canPayFoodLodging', '能否自行解决食宿（有无支付能力）', '能', '不能'],
                    ['hasRelativesToTurnTo', '有无近亲属或其他亲友可以投靠', '有', '无'],
                    ['receivesSubsistence', '是否享受城市低保或农村五保供养', '是', '否'],
                  ] as const
                ).map(([name, label, yes, no]) => (
                  <Form.Item
                    key={name}
                    name={name}
                    label={label}
                    rules={[{ required: !cannotGive, message: '请选择' }]}
                  >
                    <Radio.Group
                      optionType="button"
                      buttonStyle="solid"
                      options={[
                        { value: true, label: yes },
                        { value: false, label: no },
                      ]}
                    />
                  </Form.Item>
                ))}
                <Form.Item
                  name="situation"
                  label="求助情形"
                  rules={[{ required: !cannotGive, message: '请选择求助情形' }]}
                >
                  <Radio.Group
                    options={Object.entries(situationLabels).map(([value, label]) => ({ value, label }))}
                    style={{
                      display: 'grid',
                      gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
                      gap: 8,
                    }}
                  />
                </Form.Item>
                {(grounds.length > 0 || notEligible) && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 16 }}
                    title="不符合救助条件"
                    description={
                      <Space orientation="vertical">
                        <span>{notEligible ?? grounds.join('；')}</span>
                        <Form.Item
                          name="refusalNote"
                          label="补充说明（写入通知书）"
                          style={{ marginBottom: 8 }}
                        >
                          <Input.TextArea rows={2} maxLength={500} />
                        </Form.Item>
                        <Button
                          danger
                          icon={<PrinterOutlined />}
                          loading={busy}
                          disabled={!stationId}
                          onClick={() => void refuse()}
                        >
                          不予救助并打印通知书
                        </Button>
                      </Space>
                    }
                  />
                )}
              </div>

              {/* 2 身份与基本情况 */}
              <div {...show(1)}>
                {stations.length > 1 && (
                  <Form.Item
                    name="stationId"
                    label="救助管理站"
                    rules={[{ required: true, message: '请选择救助管理站' }]}
                  >
                    <Select options={stations.map((s) => ({ value: s.id, label: s.name }))} />
                  </Form.Item>
                )}
                <Flex gap={16} wrap>
                  <Form.Item
                    name="nameGiven"
                    label="姓名（自述）"
                    style={{ minWidth: 220 }}
                    rules={[
                      {
                        required: values.information === 'given',
                        whitespace: true,
                        message: '能提供信息的，请填写姓名',
                      },
                    ]}
                  >
                    <Input maxLength={50} autoComplete="off" />
                  </Form.Item>
                  <Form.Item name="sex" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
                    <Radio.Group
                      optionType="button"
                      buttonStyle="solid"
                      options={[
                        { value: 'male', label: '男' },
                        { value: 'female', label: '女' },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item
                    name="residentId"
                    label="公民身份号码（如有）"
                    style={{ minWidth: 260 }}
                    rules={[
                      {
                        validator: async (_, v: unknown) => {
                          if (typeof v !== 'string' || v.trim() === '') return;
                          // The kernel's parser (the server's rules) loads with the field's first check.
                          const { parseResidentId } = await import('@social-affairs/kernel/resident-id');
                          parseResidentId(v);
                        },
                      },
                    ]}
                  >
                    <Input maxLength={18} autoComplete="off" className="resident-id" />
                  </Form.Item>
                </Flex>
                <Flex gap={16} wrap>
                  <Form.Item name="birthDate" label="出生日期（如知道）">
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name="estimatedAge" label="估计年龄（岁）" extra="无身份证号码和出生日期的必填">
                    <InputNumber min={0} max={120} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name="civilCapacity" label="民事行为能力">
                    <Select
                      style={{ width: 220 }}
                      options={[
                        { value: 'full', label: '完全民事行为能力' },
                        { value: 'limited', label: '限制民事行为能力' },
                        { value: 'none', label: '无民事行为能力' },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name="mentalSigns" valuePropName="checked" label=" ">
                    <Checkbox>有精神或智力障碍迹象</Checkbox>
                  </Form.Item>
                </Flex>
                <Form.Item name="hukouAddress" label="户籍地、居住地（自述）">
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item name="vagrancyReason" label="流浪乞讨原因、时间和经过">
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
                <Form.Item name="relativesContact" label="近亲属姓名、住址和联系方式">
                  <Input maxLength={300} />
                </Form.Item>
                <Form.Item name="referralSource" label="来站方式" rules={[{ required: true }]}>
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    options={Object.entries(referralLabels).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
                {values.referralSource === 'police' && (
                  <Card size="small" title="公安机关护送交接表" style={{ marginBottom: 16 }}>
                    <Flex gap={16} wrap>
                      <Form.Item
                        name="policeUnit"
                        label="护送单位"
                        rules={[{ required: true, whitespace: true, message: '请填写护送单位' }]}
                        style={{ minWidth: 280 }}
                      >
                        <Input maxLength={100} />
                      </Form.Item>
                      <Form.Item
                        name="policeOfficer"
                        label="护送民警"
                        rules={[{ required: true, whitespace: true, message: '请填写护送民警' }]}
                      >
                        <Input maxLength={50} />
                      </Form.Item>
                      <Form.Item
                        name="handoverAt"
                        label="交接时间"
                        rules={[{ required: true, message: '请填写交接时间' }]}
                      >
                        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                      </Form.Item>
                    </Flex>
                    <Typography.Text type="secondary">
                      交接表扫描件在登记后于“照片指纹”一步或案件页上传。
                    </Typography.Text>
                  </Card>
                )}
                <Flex gap={16} wrap>
                  <Form.Item name="foundPlace" label="发现地点" style={{ minWidth: 320 }}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item name="foundOn" label="发现日期">
                    <DatePicker />
                  </Form.Item>
                </Flex>
              </div>

              {/* 3 体貌特征 */}
              <div {...show(2)}>
                <Typography.Paragraph type="secondary">
                  用于寻亲公告：身高、健康、智力、精神状态、体貌特征和衣着。
                </Typography.Paragraph>
                <Flex gap={16} wrap>
                  <Form.Item name="heightCm" label="身高（厘米）">
                    <InputNumber min={30} max={250} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name="health" label="健康状况" style={{ minWidth: 220 }}>
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item name="intellect" label="智力状况" style={{ minWidth: 220 }}>
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item name="mentalState" label="精神状态" style={{ minWidth: 220 }}>
                    <Input maxLength={100} />
                  </Form.Item>
                </Flex>
                <Form.Item name="features" label="体貌特征（胎记、疤痕、口音等）">
                  <Input.TextArea rows={2} maxLength={300} />
                </Form.Item>
                <Form.Item name="clothing" label="衣着">
                  <Input.TextArea rows={2} maxLength={300} />
                </Form.Item>
              </div>

              {/* 4 物品登记与安全检查 */}
              <div {...show(3)}>
                <Typography.Title level={2} style={{ fontSize: 16 }}>
                  物品与证件登记
                </Typography.Title>
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title="工作人员不得扣留受助人员的身份证件；本人自愿交站保管的，勾选“本人自愿交站保管”并记录见证情况。"
                />
                <Form.List name="belongings">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((f) => (
                        <Card key={f.key} size="small" style={{ marginBottom: 8 }}>
                          <Flex gap={12} wrap align="end">
                            <Form.Item
                              name={[f.name, 'item']}
                              label="物品名称"
                              rules={[{ required: true, whitespace: true, message: '请填写物品名称' }]}
                            >
                              <Input maxLength={50} style={{ width: 180 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'quantity']} label="数量" initialValue={1}>
                              <InputNumber min={1} max={9999} style={{ width: 90 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'description']} label="说明">
                              <Input maxLength={200} style={{ width: 220 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'identityDocument']} valuePropName="checked">
                              <Checkbox>身份证件</Checkbox>
                            </Form.Item>
                            <Form.Item name={[f.name, 'safekeepingConsent']} valuePropName="checked">
                              <Checkbox>本人自愿交站保管</Checkbox>
                            </Form.Item>
                            <Form.Item name={[f.name, 'consentNote']} label="见证/说明">
                              <Input maxLength={200} style={{ width: 200 }} />
                            </Form.Item>
                            <Form.Item>
                              <Button onClick={() => remove(f.name)}>删除</Button>
                            </Form.Item>
                          </Flex>
                        </Card>
                      ))}
                      <Button onClick={() => add({ quantity: 1 })} style={{ marginBottom: 16 }}>
                        添加物品
                      </Button>
                    </>
                  )}
                </Form.List>
                <Form.Item name="securityCheck" label="安全检查" rules={[{ required: true }]}>
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    options={Object.entries(securityLabels).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
                <Form.Item name="securityNote" label="安检情况说明">
                  <Input maxLength={300} />
                </Form.Item>
              </div>

              {/* 5 转介与分配宿舍 */}
              <div {...show(4)}>
                <Form.Item label="入站时发现的情况（需转介）">
                  <Flex gap={12} wrap>
                    {Object.entries(conditionLabels).map(([key, label]) => (
                      <Form.Item key={key} name={['conditions', key]} valuePropName="checked" noStyle>
                        <Checkbox>{label}</Checkbox>
                      </Form.Item>
                    ))}
                  </Flex>
                </Form.Item>
                {[
                  'suspectedMentalDisorder',
                  'suspectedInfectiousDisease',
                  'criticalIllness',
                  'visibleInjury',
                ].some((k) => values.conditions?.[k]) && (
                  <Form.Item
                    name="medicalReferralTo"
                    label="送往医疗机构"
                    rules={[{ required: true, whitespace: true, message: '请填写送往的医疗机构' }]}
                  >
                    <Input maxLength={100} />
                  </Form.Item>
                )}
                {['drunkThreatening', 'suspectedDrugUse'].some((k) => values.conditions?.[k]) && (
                  <Form.Item
                    name="policeReferralTo"
                    label="移交公安机关"
                    rules={[{ required: true, whitespace: true, message: '请填写移交的公安机关' }]}
                  >
                    <Input maxLength={100} />
                  </Form.Item>
                )}
                <Form.Item
                  name="dormitoryId"
                  label={`宿舍（按性别分设${values.sex ? `，仅显示${values.sex === 'female' ? '女' : '男'}宿舍` : ''}）`}
                >
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    options={dormitories.map((d) => ({
                      value: d.id,
                      label: `${d.name}（${d.occupied}/${d.beds}）`,
                    }))}
                  />
                </Form.Item>
                <Flex gap={16} wrap>
                  <Form.Item
                    name="caseworkerName"
                    label="负责工作人员"
                    rules={[{ required: true, whitespace: true, message: '请填写负责工作人员姓名' }]}
                  >
                    <Input maxLength={50} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item
                    name="caseworkerSex"
                    label="工作人员性别"
                    extra={values.sex === 'female' ? '女性受助人员由女性工作人员负责管理' : undefined}
                    rules={[
                      { required: true, message: '请选择工作人员性别' },
                      {
                        validator: async (_, v) => {
                          if (form.getFieldValue('sex') === 'female' && v === 'male')
                            throw new Error('女性受助人员应由女性工作人员负责管理');
                        },
                      },
                    ]}
                  >
                    <Radio.Group
                      optionType="button"
                      buttonStyle="solid"
                      options={[
                        { value: 'male', label: '男' },
                        { value: 'female', label: '女' },
                      ]}
                    />
                  </Form.Item>
                </Flex>
              </div>

              <Flex gap={12} style={{ marginTop: 8 }}>
                {step > 0 && <Button onClick={() => setStep((s) => s - 1)}>上一步</Button>}
                {step < 4 && (
                  <Button
                    type="primary"
                    disabled={step === 0 && grounds.length > 0}
                    onClick={() => void next()}
                  >
                    下一步
                  </Button>
                )}
                {step === 4 && (
                  <Button type="primary" loading={busy} disabled={!stationId} onClick={() => void admit()}>
                    登记入站
                  </Button>
                )}
              </Flex>
            </Form>
          )}
        </Card>
      </ConfigProvider>
    </>
  );
}
