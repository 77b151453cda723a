import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { FamilySearchHitDto } from '@social-affairs/kernel/contracts';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate, sexLabels } from '../../app/format';
import { LedgerTable } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { MatchingTabs } from './matching-tabs';
import { createMissingReport, familySearch, nameLevelLabels, type FamilySearchRequest } from './matching.api';

const dialects = [
  { value: 'hunan', label: '湖南口音（n/l、f/h 不分）' },
  { value: 'sichuan', label: '四川口音（平翘舌、前后鼻音）' },
  { value: 'guangdong', label: '广东口音' },
  { value: 'fujian', label: '福建口音' },
];
const regionLabels: Record<string, string> = {
  county: '同县',
  prefecture: '同市',
  province: '同省',
  none: '地区不同',
  unknown: '地区未知',
};

interface SearchValues {
  name?: string;
  surnameOnly?: boolean;
  sex?: 'male' | 'female';
  age?: number;
  ageRange?: number;
  region?: string;
  dialect?: string;
  features?: string;
}

/** 寻亲查询: a family's partial description against missing-person reports, each hit with its reasons. */
export function FamilySearchPage() {
  const { hasPermission } = useAuth();
  const [form] = Form.useForm<SearchValues>();
  const [result, setResult] = useState<{ items: FamilySearchHitDto[]; indexed: number }>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [adding, setAdding] = useState(false);

  const search = async (v: SearchValues) => {
    setLoading(true);
    setError(undefined);
    const body: FamilySearchRequest = {
      ...(v.name?.trim() ? { name: v.name.trim() } : {}),
      ...(v.surnameOnly ? { surnameOnly: true } : {}),
      ...(v.sex ? { sex: v.sex } : {}),
      ...(v.age !== undefined && v.age !== null ? { age: { estimate: v.age, range: v.ageRange ?? 5 } } : {}),
      ...(v.region?.trim() ? { regionHints: v.region.split(/[\s,，]+/).filter(Boolean) } : {}),
      ...(v.dialect ? { dialect: v.dialect } : {}),
      ...(v.features?.trim() ? { features: v.features.trim() } : {}),
    };
    try {
      setResult(await familySearch(body));
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
          按家属记得的情况查找走失人员登记：姓名可填汉字（同音字亦可）或拼音，可只填姓或小名；年龄为现在的估计年龄。每次查询记入审计日志。
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} />}
        <Form<SearchValues>
          form={form}
          name="family-search"
          layout="vertical"
          onFinish={(v) => void search(v)}
          initialValues={{ ageRange: 5 }}
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
            <Col xs={12} md={4}>
              <Form.Item name="age" label="估计年龄（岁）">
                <InputNumber min={0} max={120} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="ageRange" label="误差（± 岁）">
                <InputNumber min={0} max={30} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="region" label="地区线索（区划代码，可多个）">
                <Input placeholder="如：4301 或 430181" allowClear />
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
          </Row>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading}>
            查询
          </Button>
        </Form>
      </Card>
      {result && (
        <Card title={`候选结果（前 ${result.items.length} 名，共检索 ${result.indexed} 份登记）`}>
          <LedgerTable<FamilySearchHitDto>
            card={false}
            rowKey={(h) => h.report.id}
            pageSize={false}
            dataSource={result.items}
            empty="没有符合的登记。可放宽年龄误差、只填姓氏，或去掉地区线索后再试。"
            columns={[
              { title: '排名', render: (_, __, i) => i + 1, width: 60 },
              { title: '姓名', render: (_, h) => h.report.name ?? '—' },
              { title: '性别', render: (_, h) => (h.report.sex ? sexLabels[h.report.sex] : '—') },
              {
                title: '出生年份',
                render: (_, h) =>
                  h.report.birthYear ? `${h.report.birthYear} ± ${h.report.birthYearUncertainty}` : '—',
              },
              { title: '走失地', render: (_, h) => h.report.lostDivisionName ?? '—' },
              { title: '走失日期', render: (_, h) => formatDate(h.report.lostOn) },
              { title: '特征', render: (_, h) => h.report.features ?? '—' },
              {
                title: '匹配理由',
                render: (_, h) => (
                  <>
                    <Tag color={h.explanation.name === 'none' ? undefined : 'green'}>
                      姓名：{nameLevelLabels[h.explanation.name] ?? h.explanation.name}
                    </Tag>
                    {h.explanation.ageDifference !== null && (
                      <Tag color={Math.abs(h.explanation.ageDifference) <= 2 ? 'green' : 'orange'}>
                        年龄差 {Math.abs(h.explanation.ageDifference)} 岁
                      </Tag>
                    )}
                    <Tag>{regionLabels[h.explanation.region] ?? h.explanation.region}</Tag>
                    {h.explanation.sex === 'different' && <Tag color="red">性别不符</Tag>}
                    {h.explanation.sharedFeatures.length > 0 && (
                      <Tag color="blue">特征：{h.explanation.sharedFeatures.join('、')}</Tag>
                    )}
                  </>
                ),
              },
              { title: '得分', align: 'right', render: (_, h) => h.score.toFixed(1) },
            ]}
          />
        </Card>
      )}
      <NewReportDialog open={adding} onClose={() => setAdding(false)} />
    </>
  );
}

interface ReportValues {
  name?: string;
  sex?: 'male' | 'female';
  birthYear?: number;
  birthYearUncertainty?: number;
  lostOn?: string;
  lostDivisionCode?: string;
  features?: string;
}

function NewReportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<ReportValues>();
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSubmitting(true);
    setFormError(undefined);
    try {
      await createMissingReport(
        Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')),
      );
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
        <Form.Item name="birthYear" label="出生年份（估计）">
          <InputNumber min={1900} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="birthYearUncertainty" label="出生年份误差（± 年）">
          <InputNumber min={0} max={20} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="lostOn" label="走失日期（YYYY-MM-DD）">
          <Input placeholder="1995-04-02" />
        </Form.Item>
        <Form.Item name="lostDivisionCode" label="走失地区划代码">
          <Input placeholder="430181" />
        </Form.Item>
        <Form.Item name="features" label="体貌特征、口音、衣着">
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
