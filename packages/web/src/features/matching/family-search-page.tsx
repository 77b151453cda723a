import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type {
  FamilyRecordKind,
  FamilySearchHitDto,
  FamilySearchResponseDto,
} from '@social-affairs/kernel/contracts';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth-context';
import type { DivisionTreeOption } from '../../app/division-tree';
import { applyServerError } from '../../app/form-errors';
import { formatDate } from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { FamilyHitsTable } from './family-hits';
import { FamilyRecordDrawer } from './family-record-drawer';
import {
  familySearchRegions,
  recordKindLabels,
  registerMissingReport,
  searchFamily,
  type FamilySearchRequest,
} from './family-search.api';
import { MatchingTabs } from './matching-tabs';

const dialects = [
  { value: 'hunan', label: '湖南口音（n/l、f/h 不分）' },
  { value: 'sichuan', label: '四川口音（平翘舌、前后鼻音）' },
  { value: 'guangdong', label: '广东口音' },
  { value: 'fujian', label: '福建口音' },
];
const ALL_KINDS: FamilyRecordKind[] = ['missing-report', 'unidentified-living', 'unidentified-deceased'];

interface SearchValues {
  name?: string;
  surnameOnly?: boolean;
  sex?: 'male' | 'female';
  age?: number;
  ageRange?: number;
  asOf?: Dayjs | null;
  regions?: string[];
  dialect?: string;
  features?: string;
  kinds: FamilyRecordKind[];
}

/** 寻亲查询: a partial description against missing-person reports, rescued people and unidentified bodies. */
export function FamilySearchPage() {
  const { hasPermission } = useAuth();
  const [form] = Form.useForm<SearchValues>();
  const [result, setResult] = useState<FamilySearchResponseDto>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<FamilySearchHitDto>();
  const regions = useApi((signal) => familySearchRegions(signal), []);

  const search = async (v: SearchValues) => {
    setLoading(true);
    setError(undefined);
    const kinds = v.kinds.length > 0 ? v.kinds : ALL_KINDS;
    const body: FamilySearchRequest = {
      ...(v.name?.trim() ? { name: v.name.trim() } : {}),
      ...(v.surnameOnly ? { surnameOnly: true } : {}),
      ...(v.sex ? { sex: v.sex } : {}),
      ...(v.age !== undefined && v.age !== null ? { age: { estimate: v.age, range: v.ageRange ?? 5 } } : {}),
      ...(v.asOf ? { asOf: v.asOf.format('YYYY-MM-DD') } : {}),
      ...(v.regions?.length ? { regionHints: v.regions } : {}),
      ...(v.dialect ? { dialect: v.dialect } : {}),
      ...(v.features?.trim() ? { features: v.features.trim() } : {}),
      kinds,
    };
    try {
      setResult(await searchFamily(body));
    } catch (err) {
      setError(applyServerError(form, err));
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <PageHeader
        title="寻亲查询"
        extra={
          hasPermission('matching:review') && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              寻亲登记
            </Button>
          )
        }
      />
      <MatchingTabs />
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">
          按家属记得的情况，同时查找寻亲登记、救助站身份不明的受助人员和殡仪馆身份不明的遗体：姓名可填汉字（同音字亦可）、拼音或小名，可只填姓；年龄为某一天（如走失之日）的估计年龄。每次查询记入审计日志。
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} />}
        <Form<SearchValues>
          form={form}
          name="family-search"
          layout="vertical"
          onFinish={(v) => void search(v)}
          initialValues={{ ageRange: 5, kinds: ALL_KINDS }}
        >
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="name" label="姓名（听到的读音）">
                <Input placeholder="如：刘芳、niu huang、小芳" allowClear />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="surnameOnly" label="只记得姓" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="sex" label="性别">
                <Select
                  allowClear
                  placeholder="不详"
                  options={[
                    { value: 'male', label: '男' },
                    { value: 'female', label: '女' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={8} md={3}>
              <Form.Item name="age" label="估计年龄（岁）">
                <InputNumber min={0} max={120} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={8} md={2}>
              <Form.Item name="ageRange" label="误差（± 岁）">
                <InputNumber min={0} max={30} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={8} md={3}>
              <Form.Item name="asOf" label="年龄所指日期" tooltip="如走失之日；不填为今天">
                <DatePicker style={{ width: '100%' }} placeholder="今天" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="regions" label="地区线索（可多选）">
                <TreeSelect
                  multiple
                  allowClear
                  treeCheckable={false}
                  loading={regions.loading}
                  treeData={regions.data ?? []}
                  treeDefaultExpandedKeys={regions.data?.map((r) => r.value) ?? []}
                  showSearch={{ treeNodeFilterProp: 'title' }}
                  placeholder="选择走失地或家乡，如 浏阳市"
                  popupMatchSelectWidth={300}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="dialect" label="口音">
                <Select allowClear placeholder="按地区推断" options={dialects} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="features" label="体貌特征">
                <Input placeholder="如：左眉有痣、右手烫伤疤痕" allowClear />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="kinds" label="查找范围">
                <Checkbox.Group options={ALL_KINDS.map((k) => ({ value: k, label: recordKindLabels[k] }))} />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading}>
            查询
          </Button>
        </Form>
      </Card>
      {result && (
        <Card
          title={`候选结果（前 ${result.items.length} 名，共检索 ${result.indexed} 条记录，年龄按 ${formatDate(result.asOf)} 计）`}
        >
          {result.warnings.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="查询中有部分内容未能准确理解"
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {result.warnings.map((w) => (
                    <li key={`${w.code}:${w.part}`}>
                      「{w.part}」：{w.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <FamilyHitsTable hits={result.items} onOpen={setOpen} />
        </Card>
      )}
      <FamilyRecordDrawer
        record={open?.record}
        onClose={() => setOpen(undefined)}
        onChanged={() => {
          setOpen(undefined);
          void form.validateFields().then(search);
        }}
      />
      <NewReportDialog open={adding} regions={regions.data ?? []} onClose={() => setAdding(false)} />
    </>
  );
}

interface ReportValues {
  name?: string;
  sex?: 'male' | 'female';
  birthYear?: number;
  birthYearUncertainty?: number;
  lostOn?: Dayjs | null;
  lostDivisionCode?: string;
  features?: string;
  contactName?: string;
  contactPhone?: string;
}

function NewReportDialog({
  open,
  regions,
  onClose,
}: {
  open: boolean;
  regions: DivisionTreeOption[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<ReportValues>();
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSubmitting(true);
    setFormError(undefined);
    try {
      const { lostOn, ...rest } = v;
      await registerMissingReport({
        ...Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined && x !== '')),
        ...(lostOn ? { lostOn: lostOn.format('YYYY-MM-DD') } : {}),
      });
      form.resetFields();
      onClose();
    } catch (err) {
      setFormError(applyServerError(form, err));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal
      title="寻亲登记"
      open={open}
      okText="登记"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form<ReportValues>
        form={form}
        name="missing-report"
        layout="vertical"
        initialValues={{ birthYearUncertainty: 2 }}
      >
        <Form.Item name="name" label="姓名或小名">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="sex" label="性别">
          <Select
            allowClear
            options={[
              { value: 'male', label: '男' },
              { value: 'female', label: '女' },
            ]}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="birthYear" label="出生年份（估计）">
              <InputNumber min={1900} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="birthYearUncertainty" label="出生年份误差（± 年）">
              <InputNumber min={0} max={20} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="lostOn" label="走失日期">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="lostDivisionCode" label="走失地">
              <TreeSelect
                allowClear
                treeData={regions}
                showSearch={{ treeNodeFilterProp: 'title' }}
                placeholder="选择县市区"
                popupMatchSelectWidth={300}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="features" label="体貌特征、口音、衣着">
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="contactName" label="报告人（家属）姓名">
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contactPhone" label="报告人联系电话">
              <Input maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
