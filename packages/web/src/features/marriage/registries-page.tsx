import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Tag, message } from 'antd';
import type { TableColumnsType } from 'antd';
import type { QualificationViewDto } from '@social-affairs/kernel/contracts';
import { newRegistryBody } from '@social-affairs/kernel/contracts';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../app/api-client';
import { useDivision } from '../../app/division-context';
import { applyServerError } from '../../app/form-errors';
import { LedgerTable, LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { zodRule } from '../../app/zod-rule';
import type { Page, RegistryViewDto } from './marriage.api';

const competenceLabels: Record<RegistryViewDto['competence'], string> = {
  mainland: '内地居民婚姻登记',
  mainland_and_cross_border: '内地 + 涉外、涉港澳台（经指定）',
};

interface RegistryForm {
  code: string;
  name: string;
  divisionCode: string;
  address: string;
  officeHours: string;
  phone?: string;
  competence: RegistryViewDto['competence'];
  halfDayCapacity: number;
}

interface QualificationForm {
  userId: string;
  registryId: string;
  certificateNo: string;
  period: [Dayjs, Dayjs];
}

/** 婚姻登记机关与登记员资格 (系统管理): registries of the division and who may register where (持证上岗). */
export function MarriageRegistriesPage() {
  const { current } = useDivision();
  const registries = useApi(
    (signal) => api.get<RegistryViewDto[]>('/api/marriage/registries', { division: current.code }, signal),
    [current.code],
  );
  const qualifications = useApi(
    (signal) => api.get<QualificationViewDto[]>('/api/marriage/qualifications', undefined, signal),
    [],
  );
  const registrars = useApi(
    (signal) =>
      api.get<Page<{ id: string; username: string; displayName: string; divisionName: string }>>(
        '/api/users',
        { role: 'registrar', pageSize: 200 },
        signal,
      ),
    [],
  );
  const [dialog, setDialog] = useState<'registry' | 'qualification'>();
  const [registryForm] = Form.useForm<RegistryForm>();
  const [qualificationForm] = Form.useForm<QualificationForm>();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const close = () => {
    setDialog(undefined);
    setFormError(undefined);
  };

  const registryColumns: TableColumnsType<RegistryViewDto> = [
    { title: '机关代码', dataIndex: 'code' },
    { title: '名称', dataIndex: 'name' },
    { title: '所在区划', dataIndex: 'divisionName' },
    { title: '地址', dataIndex: 'address' },
    { title: '办公时间', dataIndex: 'officeHours' },
    {
      title: '办理范围',
      dataIndex: 'competence',
      render: (c: RegistryViewDto['competence']) => (
        <Tag color={c === 'mainland' ? 'default' : 'purple'}>{competenceLabels[c]}</Tag>
      ),
    },
    { title: '每半天预约', dataIndex: 'halfDayCapacity', align: 'right' },
  ];
  const qualificationColumns: TableColumnsType<QualificationViewDto> = [
    { title: '登记员', render: (_, q) => `${q.displayName}（${q.username}）` },
    { title: '婚姻登记机关', dataIndex: 'registryName' },
    { title: '资格证书编号', dataIndex: 'certificateNo' },
    { title: '有效期', render: (_, q) => `${q.validFrom} 至 ${q.validUntil}` },
    {
      title: '状态',
      render: (_, q) =>
        q.status === 'revoked' ? (
          <Tag>已注销</Tag>
        ) : q.currentlyValid ? (
          <Tag color="green">有效</Tag>
        ) : (
          <Tag color="orange">不在有效期内</Tag>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="婚姻登记机关与登记员资格"
        extra={
          <>
            <Button icon={<PlusOutlined />} onClick={() => setDialog('registry')}>
              新增登记机关
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('qualification')}>
              登记员资格
            </Button>
          </>
        }
      />
      <LoadError error={registries.error} title="婚姻登记机关加载失败" onRetry={registries.reload} />
      <LoadError error={qualifications.error} title="登记员资格加载失败" onRetry={qualifications.reload} />
      <Card title={`婚姻登记机关（${current.name}）`} style={{ marginBottom: 16 }}>
        <LedgerTable<RegistryViewDto>
          card={false}
          rowKey="id"
          size="small"
          loading={registries.loading}
          columns={registryColumns}
          dataSource={registries.data ?? []}
          pageSize={false}
          empty="本区划尚无婚姻登记机关。点击“新增登记机关”添加。"
        />
      </Card>
      <Card title="婚姻登记员资格（持证上岗：只有持有效资格的登记员可在对应机关办理登记）">
        <LedgerTable<QualificationViewDto>
          card={false}
          rowKey="id"
          size="small"
          loading={qualifications.loading}
          columns={qualificationColumns}
          dataSource={qualifications.data ?? []}
          empty="尚无登记员资格记录。点击“登记员资格”为持证的婚姻登记员登记资格证书。"
        />
      </Card>
      <Modal
        open={dialog === 'registry'}
        title="新增婚姻登记机关"
        okText="保存"
        confirmLoading={busy}
        onCancel={close}
        onOk={() =>
          void registryForm.validateFields().then(async (values) => {
            setBusy(true);
            setFormError(undefined);
            try {
              await api.post('/api/marriage/registries', values);
              void message.success('已新增');
              close();
              registryForm.resetFields();
              registries.reload();
            } catch (e) {
              setFormError(applyServerError(registryForm, e));
            } finally {
              setBusy(false);
            }
          })
        }
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form
          form={registryForm}
          layout="vertical"
          name="registry-new"
          initialValues={{
            divisionCode: current.code,
            competence: 'mainland',
            halfDayCapacity: 20,
            officeHours: '工作日 上午9:00-12:00 下午13:30-17:00',
          }}
        >
          <Form.Item
            name="divisionCode"
            label="所在县级区划代码"
            rules={[
              { required: true, message: '请填写区划代码' },
              zodRule(newRegistryBody.shape.divisionCode),
            ]}
          >
            <Input maxLength={9} />
          </Form.Item>
          <Form.Item
            name="code"
            label="机关代码"
            extra="县级区划代码 + 2 位序号，如 43018101；用作证书字号前缀"
            rules={[{ required: true, message: '请填写机关代码' }, zodRule(newRegistryBody.shape.code)]}
          >
            <Input maxLength={9} />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="address" label="办公地址" rules={[{ required: true, message: '请填写地址' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="officeHours"
            label="办公时间"
            rules={[{ required: true, message: '请填写办公时间' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="phone" label="咨询电话">
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="competence" label="办理范围">
            <Select options={Object.entries(competenceLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="halfDayCapacity" label="每半天可预约对数">
            <InputNumber min={0} max={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={dialog === 'qualification'}
        title="登记婚姻登记员资格"
        okText="保存"
        confirmLoading={busy}
        onCancel={close}
        onOk={() =>
          void qualificationForm.validateFields().then(async ({ period, ...values }) => {
            setBusy(true);
            setFormError(undefined);
            try {
              await api.post('/api/marriage/qualifications', {
                ...values,
                validFrom: period[0].format('YYYY-MM-DD'),
                validUntil: period[1].format('YYYY-MM-DD'),
              });
              void message.success('已登记');
              close();
              qualificationForm.resetFields();
              qualifications.reload();
            } catch (e) {
              setFormError(applyServerError(qualificationForm, e));
            } finally {
              setBusy(false);
            }
          })
        }
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={qualificationForm} layout="vertical" name="qualification-new">
          <Form.Item
            name="userId"
            label="婚姻登记员账号"
            rules={[{ required: true, message: '请选择登记员' }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={(registrars.data?.items ?? []).map((u) => ({
                value: u.id,
                label: `${u.displayName}（${u.username} · ${u.divisionName}）`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="registryId"
            label="婚姻登记机关"
            rules={[{ required: true, message: '请选择登记机关' }]}
          >
            <Select options={(registries.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
          <Form.Item
            name="certificateNo"
            label="资格证书编号"
            rules={[{ required: true, message: '请填写证书编号' }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="period" label="有效期" rules={[{ required: true, message: '请选择有效期' }]}>
            <DatePicker.RangePicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
