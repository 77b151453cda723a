/**
 * 新建接运单 (the collection order that opens a body's file): the funeral home, the deceased (resident id,
 * or an unidentified body), the death (date, place, division, manner), the agent, the carrier allowed by
 * the transport rule of the place of death (R-FUN-04) and the death proof without which no body is
 * collected. A refused submit keeps everything typed and shows the error next to its field.
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import {
  FUNERAL_CARRIER_NAMES,
  FUNERAL_DEATH_MANNER_NAMES,
  FUNERAL_DISPOSITION_NAMES,
} from '@social-affairs/kernel/contracts/funeral';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { applyServerError } from '../../app/form-errors';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { custodyApi } from './custody.api';
import { FuneralNav } from './funeral-nav';

interface FormValues {
  facilityId?: string;
  identity: 'identified' | 'unidentified';
  residentId?: string;
  nameGiven?: string;
  sex?: 'male' | 'female';
  estimatedAge?: number | null;
  deathDate?: Dayjs | null;
  deathPlace?: string;
  deathDivisionCode?: string;
  deathManner: 'natural' | 'unnatural' | 'undetermined';
  hospitalDeath: boolean;
  unclaimed: boolean;
  disposition?: 'cremation' | 'burial' | 'transport_out';
  agentName?: string;
  agentPhone?: string;
  agentRelation?: string;
  carrier?: 'funeral_home_vehicle' | 'family_own' | 'other_unit';
  pickupAddress?: string;
  pickupTime?: string;
  proofIssuer?: string;
  proofNumber?: string;
  proofIssuedOn?: Dayjs | null;
  proofNote?: string;
}

/** API field → form field, so a refusal lands next to the control. */
const ALIASES: Record<string, string> = {
  deathProof: 'proofIssuer',
  'deathProof.issuer': 'proofIssuer',
  'deathProof.issuedOn': 'proofIssuedOn',
  'deathProof.number': 'proofNumber',
  agent: 'agentName',
  'agent.name': 'agentName',
  'agent.phone': 'agentPhone',
  'agent.relation': 'agentRelation',
};

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export function FuneralCollectionFormPage() {
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const options = useApi((signal) => custodyApi.options(signal), []);
  const identity = Form.useWatch('identity', form);
  const unclaimed = Form.useWatch('unclaimed', form);
  const division = Form.useWatch('deathDivisionCode', form);
  const validDivision = typeof division === 'string' && /^\d{6}(\d{3})?$/.test(division) ? division : '';
  const rule = useApi(
    (signal) => custodyApi.transportRule(validDivision, signal),
    [validDivision],
    validDivision !== '',
  );
  const withoutFamily = identity === 'unidentified' || unclaimed;

  const facilities = options.data?.facilities ?? [];
  useEffect(() => {
    const first = facilities.find((f) => f.mayTakeBusiness);
    if (first && !form.getFieldValue('facilityId')) {
      form.setFieldsValue({ facilityId: first.id, deathDivisionCode: first.divisionCode.slice(0, 6) });
    }
  }, [facilities, form]);
  useEffect(() => {
    // The carrier follows the rule: preselect when only one is allowed (Changsha: the funeral home's vehicle).
    const allowed = rule.data?.carriers;
    if (allowed && allowed.length === 1) form.setFieldsValue({ carrier: allowed[0] });
  }, [rule.data, form]);

  const submit = async (v: FormValues) => {
    setBusy(true);
    setAlert(undefined);
    try {
      const body = {
        facilityId: v.facilityId,
        residentId: v.identity === 'identified' ? v.residentId?.trim() || null : null,
        nameGiven: v.identity === 'identified' ? v.nameGiven : null,
        sex: v.sex,
        estimatedAge: v.identity === 'unidentified' ? (v.estimatedAge ?? null) : null,
        deathDate: day(v.deathDate),
        deathPlace: v.deathPlace,
        deathDivisionCode: v.deathDivisionCode,
        deathManner: v.deathManner,
        hospitalDeath: v.hospitalDeath,
        unclaimed: v.identity === 'identified' ? v.unclaimed : false,
        disposition: v.disposition ?? null,
        agent:
          v.identity === 'identified' && !v.unclaimed
            ? { name: v.agentName ?? '', phone: v.agentPhone ?? '', relation: v.agentRelation ?? '' }
            : null,
        carrier: v.carrier,
        pickupAddress: v.pickupAddress ?? null,
        pickupTime: v.pickupTime ?? null,
        deathProof:
          v.proofIssuer || v.proofIssuedOn
            ? {
                issuer: v.proofIssuer ?? '',
                issuedOn: day(v.proofIssuedOn) ?? '',
                number: v.proofNumber ?? null,
                note: v.proofNote ?? null,
              }
            : null,
      };
      const created = await custodyApi.create(body);
      void navigate(`/funeral/cases/${created.id}?created=1`);
    } catch (e) {
      setAlert(applyServerError(form, e, ALIASES));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="新建接运单" breadcrumb={[{ title: '遗体档案', to: '/funeral/cases' }]} />
      <FuneralNav activePath="/funeral/cases" />
      <Form<FormValues>
        form={form}
        layout="vertical"
        name="funeral-collection"
        initialValues={{
          identity: 'identified',
          deathManner: 'natural',
          hospitalDeath: true,
          unclaimed: false,
          disposition: 'cremation',
        }}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
      >
        <Card size="small" title="承接殡仪馆" style={{ marginBottom: 16 }}>
          <Form.Item name="facilityId" label="殡仪馆" rules={[{ required: true, message: '请选择殡仪馆' }]}>
            <Select
              style={{ maxWidth: 420 }}
              loading={options.loading}
              options={facilities.map((f) => ({
                value: f.id,
                label: f.mayTakeBusiness ? f.name : `${f.name}（审批无效或停业，不能承接业务）`,
                disabled: !f.mayTakeBusiness,
              }))}
            />
          </Form.Item>
        </Card>

        <Card size="small" title="逝者" style={{ marginBottom: 16 }}>
          <Form.Item name="identity" label="身份">
            <Radio.Group
              options={[
                { value: 'identified', label: '身份明确（有身份证号码）' },
                { value: 'unidentified', label: '身份不明（无名遗体）' },
              ]}
            />
          </Form.Item>
          <Row gutter={16}>
            {identity !== 'unidentified' ? (
              <>
                <Col xs={24} md={10}>
                  <Form.Item
                    name="residentId"
                    label="身份证号码"
                    rules={[{ required: true, message: '请填写身份证号码' }]}
                  >
                    <Input maxLength={18} placeholder="18位身份证号码" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item
                    name="nameGiven"
                    label="姓名"
                    rules={[{ required: true, message: '请填写姓名' }]}
                  >
                    <Input maxLength={30} />
                  </Form.Item>
                </Col>
              </>
            ) : (
              <Col xs={24} md={6}>
                <Form.Item name="estimatedAge" label="估计年龄">
                  <InputNumber min={0} max={130} addonAfter="岁" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={8}>
              <Form.Item name="sex" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
                <Radio.Group
                  options={[
                    { value: 'male', label: '男' },
                    { value: 'female', label: '女' },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
          {identity !== 'unidentified' && (
            <Form.Item name="unclaimed" valuePropName="checked">
              <Checkbox>无人认领（无家属经办，费用由县级财政承担）</Checkbox>
            </Form.Item>
          )}
          {identity === 'unidentified' && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title="身份不明遗体：费用由县级财政承担；火化前须有公安机关确认、遗体照片、DNA或指纹记录，并在认领公告期满后方可火化。"
            />
          )}
        </Card>

        <Card size="small" title="死亡情况" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="deathDate" label="死亡日期">
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                name="deathPlace"
                label="死亡地点"
                rules={[{ required: true, message: '请填写死亡地点' }]}
              >
                <Input maxLength={100} placeholder="如：湖南省人民医院、某小区某栋" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="deathDivisionCode"
                label="死亡地行政区划代码"
                rules={[
                  { required: true, pattern: /^\d{6}(\d{3})?$/, message: '请填写6位县级或9位乡镇代码' },
                ]}
                extra={
                  rule.data
                    ? `${rule.data.name}：${rule.data.carriers.map((c) => FUNERAL_CARRIER_NAMES[c]).join('、')}${rule.data.collectionFree ? '，接运免费' : ''}；${rule.data.cremationZone === 'cremation' ? '火葬区' : '土葬改革区'}`
                    : undefined
                }
              >
                <Input maxLength={9} placeholder="如 430102" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="deathManner" label="死亡方式">
                <Radio.Group
                  options={Object.entries(FUNERAL_DEATH_MANNER_NAMES).map(([value, label]) => ({
                    value,
                    label,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="hospitalDeath" valuePropName="checked" label=" ">
                <Checkbox>在医疗机构死亡</Checkbox>
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="disposition" label="处理方式">
                <Select
                  options={Object.entries(FUNERAL_DISPOSITION_NAMES).map(([value, label]) => ({
                    value,
                    label,
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="死亡证明材料（没有死亡证明不得接运）" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="proofIssuer"
                label="出具单位"
                rules={[{ required: true, message: '请填写出具单位（医院或公安机关）' }]}
              >
                <Input maxLength={60} placeholder="医院、公安机关或村（居）委会" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="proofIssuedOn"
                label="出具日期"
                rules={[{ required: true, message: '请选择出具日期' }]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="proofNumber" label="编号">
                <Input maxLength={60} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="proofNote" label="说明">
            <Input maxLength={200} placeholder="如：医院死亡通知书" />
          </Form.Item>
        </Card>

        {!withoutFamily && (
          <Card size="small" title="经办人（家属）" style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item
                  name="agentName"
                  label="姓名"
                  rules={[{ required: true, message: '请填写经办人姓名' }]}
                >
                  <Input maxLength={30} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="agentPhone"
                  label="联系电话"
                  rules={[{ required: true, message: '请填写联系电话' }]}
                >
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="agentRelation"
                  label="与逝者关系"
                  rules={[{ required: true, message: '请填写关系' }]}
                >
                  <Input maxLength={20} placeholder="如：子女、配偶" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        )}

        <Card size="small" title="接运" style={{ marginBottom: 16 }}>
          <Form.Item name="carrier" label="运送方式" rules={[{ required: true, message: '请选择运送方式' }]}>
            <Radio.Group
              options={Object.entries(FUNERAL_CARRIER_NAMES).map(([value, label]) => ({
                value,
                label,
                disabled: rule.data ? !rule.data.carriers.includes(value as never) : false,
              }))}
            />
          </Form.Item>
          {rule.data && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              依据：{rule.data.basis}
            </Typography.Paragraph>
          )}
          <Row gutter={16}>
            <Col xs={24} md={14}>
              <Form.Item name="pickupAddress" label="接运地址">
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="pickupTime" label="约定接运时间">
                <Input maxLength={40} placeholder="如：今天 15:30" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        {alert && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={alert} />}
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={busy}>
            登记接运单
          </Button>
          <Button onClick={() => void navigate('/funeral/cases')}>返回</Button>
        </Flex>
      </Form>
    </>
  );
}
