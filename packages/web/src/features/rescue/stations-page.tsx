import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { newRescueStationBody } from '@social-affairs/kernel/contracts/rescue';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { applyServerError } from '../../app/form-errors';
import { LedgerTable, LoadError } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { useApi } from '../../app/use-api';
import { whenValid } from './stations-forms';
import { zodRule } from '../../app/zod-rule';
import { InspectionsTab } from './inspections-tab';
import { PartnersTab } from './partners-tab';
import { RescueNav } from './rescue-nav';
import { stationsApi, type RescueDormitoryView, type RescueStationView } from './stations.api';

const TABS = ['stations', 'partners', 'inspections'] as const;
type TabKey = (typeof TABS)[number];

/** 救助站与机构: stations with dormitories, partner institutions with agreements, inspections (R-RES-13/14). */
export function RescueStationsPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(raw ?? '') ? (raw as TabKey) : 'stations';
  return (
    <>
      <PageHeader title="救助站与机构" />
      <RescueNav />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        destroyOnHidden
        items={[
          { key: 'stations', label: '救助管理站', children: <StationsTab /> },
          { key: 'partners', label: '托养机构与合作医院', children: <PartnersTab /> },
          { key: 'inspections', label: '检查台账', children: <InspectionsTab /> },
        ]}
      />
    </>
  );
}

function Occupancy({ used, total }: { used: number; total: number }) {
  const pct = total > 0 ? Math.round((used / total) * 100) : used > 0 ? 100 : 0;
  return (
    <Flex gap={8} align="center" style={{ minWidth: 140 }}>
      <Progress
        percent={pct}
        size="small"
        showInfo={false}
        status={pct >= 100 ? 'exception' : 'normal'}
        aria-label={`床位占用 ${used}/${total}`}
        style={{ width: 70, margin: 0 }}
      />
      <span>
        {used}/{total}
      </span>
    </Flex>
  );
}

function StationsTab() {
  const { hasPermission } = useAuth();
  const manage = hasPermission('rescue:manage');
  const { current } = useDivision();
  const stations = useApi(
    (signal) => stationsApi.stations({ division: current.code }, signal),
    [current.code],
  );
  const [openId, setOpenId] = useState<string>();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<RescueStationView> = [
    {
      title: '救助管理站',
      render: (_, s) => (
        <Typography.Link onClick={() => setOpenId(s.id)}>
          {s.name}
          {s.status === 'closed' && <Tag style={{ marginLeft: 8 }}>已撤销</Tag>}
        </Typography.Link>
      ),
    },
    { title: '所在区划', dataIndex: 'divisionName' },
    { title: '求助热线', dataIndex: 'hotline' },
    {
      title: '接待与热线',
      render: (_, s) => (
        <Space size={4} wrap>
          <Tag color={s.receptionAllDay ? 'green' : 'red'}>
            {s.receptionAllDay ? '24小时接待' : '非24小时接待'}
          </Tag>
          <Tag color={s.hotlineAllDay ? 'green' : 'red'}>
            {s.hotlineAllDay ? '热线24小时' : '热线非24小时'}
          </Tag>
          <Tag color={s.hotlineInDirectory ? 'green' : 'orange'}>
            {s.hotlineInDirectory ? '已登记114' : '未登记114'}
          </Tag>
        </Space>
      ),
    },
    {
      title: '男床位（在站/床位）',
      render: (_, s) => <Occupancy used={s.occupancy.male} total={s.capacityMale} />,
    },
    {
      title: '女床位（在站/床位）',
      render: (_, s) => <Occupancy used={s.occupancy.female} total={s.capacityFemale} />,
    },
    {
      title: '操作',
      render: (_, s) => (
        <Button size="small" onClick={() => setOpenId(s.id)}>
          {manage ? '查看/编辑' : '查看'}
        </Button>
      ),
    },
  ];
  return (
    <>
      <LoadError error={stations.error} title="救助管理站加载失败" onRetry={stations.reload} />
      <Card
        title={`救助管理站（${current.name}）`}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新增救助管理站
            </Button>
          )
        }
      >
        <LedgerTable<RescueStationView>
          card={false}
          rowKey="id"
          size="small"
          loading={stations.loading}
          columns={columns}
          dataSource={stations.data ?? []}
          empty={
            manage ? '本区划尚无救助管理站。点击“新增救助管理站”登记。' : '您的管辖范围内没有救助管理站。'
          }
        />
      </Card>
      <StationDrawer
        stationId={openId}
        manage={manage}
        onClose={() => setOpenId(undefined)}
        onChanged={stations.reload}
      />
      <NewStationModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          stations.reload();
          setOpenId(id);
        }}
      />
    </>
  );
}

interface StationForm {
  name: string;
  divisionCode: string;
  address: string;
  hotline: string;
  receptionAllDay: boolean;
  hotlineAllDay: boolean;
  hotlineInDirectory: boolean;
  capacityMale: number;
  capacityFemale: number;
  status?: 'active' | 'closed';
}

function StationFields({ withDivision }: { withDivision: boolean }) {
  return (
    <>
      <Form.Item name="name" label="站名" rules={[{ required: true, message: '请填写站名' }]}>
        <Input maxLength={60} />
      </Form.Item>
      {withDivision && (
        <Form.Item
          name="divisionCode"
          label="所在县级区划代码"
          rules={[
            { required: true, message: '请填写区划代码' },
            zodRule(newRescueStationBody.shape.divisionCode),
          ]}
        >
          <Input maxLength={9} />
        </Form.Item>
      )}
      <Form.Item name="address" label="地址" rules={[{ required: true, message: '请填写地址' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="hotline" label="求助热线" rules={[{ required: true, message: '请填写求助热线' }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="receptionAllDay" valuePropName="checked">
          <Checkbox>24 小时接待</Checkbox>
        </Form.Item>
        <Form.Item name="hotlineAllDay" valuePropName="checked">
          <Checkbox>热线 24 小时开通</Checkbox>
        </Form.Item>
        <Form.Item name="hotlineInDirectory" valuePropName="checked">
          <Checkbox>已在当地 114 登记</Checkbox>
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item
          name="capacityMale"
          label="男性床位"
          rules={[{ required: true, message: '请填写男性床位' }]}
        >
          <InputNumber min={0} max={100000} />
        </Form.Item>
        <Form.Item
          name="capacityFemale"
          label="女性床位"
          rules={[{ required: true, message: '请填写女性床位' }]}
        >
          <InputNumber min={0} max={100000} />
        </Form.Item>
      </Space>
    </>
  );
}

function NewStationModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { current } = useDivision();
  const [form] = Form.useForm<StationForm>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title="新增救助管理站"
      okText="保存"
      confirmLoading={busy}
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      onOk={() =>
        whenValid(form, async (values) => {
          setBusy(true);
          setError(undefined);
          try {
            const s = await stationsApi.createStation(values);
            void message.success('已新增救助管理站');
            form.resetFields();
            onClose();
            onCreated(s.id);
          } catch (e) {
            setError(applyServerError(form, e));
          } finally {
            setBusy(false);
          }
        })
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="station-new"
        initialValues={{
          divisionCode: current.code.length >= 6 && !current.code.endsWith('00') ? current.code : '',
          receptionAllDay: true,
          hotlineAllDay: true,
          hotlineInDirectory: true,
          capacityMale: 20,
          capacityFemale: 10,
        }}
      >
        <StationFields withDivision />
      </Form>
    </Modal>
  );
}

const sexLabels = { male: '男', female: '女' } as const;

function StationDrawer({
  stationId,
  manage,
  onClose,
  onChanged,
}: {
  stationId: string | undefined;
  manage: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const detail = useApi(
    (signal) => stationsApi.station(stationId ?? '', signal),
    [stationId],
    stationId !== undefined,
  );
  const s = detail.data?.id === stationId ? detail.data : undefined;
  const [form] = Form.useForm<StationForm>();
  const [dormForm] = Form.useForm<{ name: string; sex: 'male' | 'female'; beds: number }>();
  const [error, setError] = useState<string>();
  const [dormError, setDormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<RescueDormitoryView>();
  const reload = () => {
    detail.reload();
    onChanged();
  };
  const save = () =>
    whenValid(form, async (values) => {
      if (!s) return;
      setBusy(true);
      setError(undefined);
      try {
        await stationsApi.updateStation(s.id, {
          ...values,
          version: s.version,
          status: values.status ?? s.status,
        });
        void message.success('已保存');
        reload();
      } catch (e) {
        setError(applyServerError(form, e));
      } finally {
        setBusy(false);
      }
    });
  const addDorm = () =>
    whenValid(dormForm, async (values) => {
      if (!s) return;
      setDormError(undefined);
      try {
        await stationsApi.addDormitory(s.id, values);
        void message.success('已新增宿舍');
        dormForm.resetFields();
        reload();
      } catch (e) {
        setDormError(applyServerError(dormForm, e));
      }
    });
  const setDormStatus = async (d: RescueDormitoryView, status: 'active' | 'closed') => {
    try {
      await stationsApi.updateDormitory(d.id, { name: d.name, beds: d.beds, status });
      void message.success(status === 'closed' ? '已停用' : '已启用');
      reload();
    } catch (e) {
      void message.error(applyServerError(dormForm, e) ?? '操作失败');
    }
  };
  const dormColumns: TableColumnsType<RescueDormitoryView> = [
    { title: '宿舍', dataIndex: 'name' },
    {
      title: '性别',
      render: (_, d) => <Tag color={d.sex === 'female' ? 'magenta' : 'blue'}>{sexLabels[d.sex]}宿舍</Tag>,
    },
    { title: '在住/床位', render: (_, d) => <Occupancy used={d.occupied} total={d.beds} /> },
    {
      title: '状态',
      render: (_, d) => (d.status === 'active' ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>),
    },
    ...(manage
      ? [
          {
            title: '操作',
            render: (_: unknown, d: RescueDormitoryView) => (
              <Space>
                <Button size="small" onClick={() => setEditing(d)}>
                  修改
                </Button>
                {d.status === 'active' ? (
                  <Popconfirm title={`停用${d.name}？`} onConfirm={() => void setDormStatus(d, 'closed')}>
                    <Button size="small" danger>
                      停用
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" onClick={() => void setDormStatus(d, 'active')}>
                    启用
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <Drawer
      open={stationId !== undefined}
      onClose={onClose}
      size="large"
      title={s ? s.name : '救助管理站'}
      destroyOnHidden
    >
      <LoadError error={detail.error} title="救助管理站加载失败" onRetry={detail.reload} />
      {s && (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="所在区划">{s.divisionName}</Descriptions.Item>
            <Descriptions.Item label="在站人数">
              男 {s.occupancy.male}/{s.capacityMale}，女 {s.occupancy.female}/{s.capacityFemale}
            </Descriptions.Item>
          </Descriptions>
          {manage ? (
            <Card size="small" title="基本信息" style={{ marginBottom: 16 }}>
              {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
              <Form
                key={`${s.id}-${s.version}`}
                form={form}
                layout="vertical"
                name="station-edit"
                initialValues={s}
              >
                <StationFields withDivision={false} />
                <Form.Item name="status" label="状态">
                  <Select
                    options={[
                      { value: 'active', label: '运行中' },
                      { value: 'closed', label: '已撤销' },
                    ]}
                    style={{ width: 160 }}
                  />
                </Form.Item>
                <Button type="primary" loading={busy} onClick={save}>
                  保存
                </Button>
              </Form>
            </Card>
          ) : (
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label="地址">{s.address}</Descriptions.Item>
              <Descriptions.Item label="求助热线">{s.hotline}</Descriptions.Item>
              <Descriptions.Item label="接待">
                {s.receptionAllDay ? '24 小时' : '非 24 小时'}
              </Descriptions.Item>
              <Descriptions.Item label="热线">
                {s.hotlineAllDay ? '24 小时' : '非 24 小时'}，
                {s.hotlineInDirectory ? '已在 114 登记' : '未在 114 登记'}
              </Descriptions.Item>
            </Descriptions>
          )}
          <Card size="small" title="宿舍（男女分设）">
            <LedgerTable<RescueDormitoryView>
              card={false}
              rowKey="id"
              size="small"
              columns={dormColumns}
              dataSource={s.dormitories}
              pageSize={false}
              empty={manage ? '尚无宿舍，请在下方新增。' : '尚无宿舍。'}
            />
            {manage && (
              <>
                {dormError && <Alert type="error" showIcon title={dormError} style={{ margin: '12px 0' }} />}
                <Form
                  form={dormForm}
                  layout="inline"
                  name="dormitory-new"
                  style={{ marginTop: 12 }}
                  initialValues={{ sex: 'male', beds: 10 }}
                >
                  <Form.Item name="name" rules={[{ required: true, message: '请填写宿舍名称' }]}>
                    <Input placeholder="宿舍名称" maxLength={40} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name="sex">
                    <Select
                      options={[
                        { value: 'male', label: '男宿舍' },
                        { value: 'female', label: '女宿舍' },
                      ]}
                      style={{ width: 100 }}
                    />
                  </Form.Item>
                  <Form.Item name="beds" rules={[{ required: true, message: '请填写床位数' }]}>
                    <InputNumber min={0} max={1000} addonAfter="床" style={{ width: 110 }} />
                  </Form.Item>
                  <Button icon={<PlusOutlined />} onClick={addDorm}>
                    新增宿舍
                  </Button>
                </Form>
              </>
            )}
          </Card>
          <DormitoryModal dorm={editing} onClose={() => setEditing(undefined)} onSaved={reload} />
        </>
      )}
    </Drawer>
  );
}

function DormitoryModal({
  dorm,
  onClose,
  onSaved,
}: {
  dorm: RescueDormitoryView | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ name: string; beds: number }>();
  const [error, setError] = useState<string>();
  return (
    <Modal
      open={dorm !== undefined}
      title={dorm ? `修改宿舍：${dorm.name}` : ''}
      okText="保存"
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      onOk={() =>
        whenValid(form, async (values) => {
          if (!dorm) return;
          setError(undefined);
          try {
            await stationsApi.updateDormitory(dorm.id, { ...values, status: dorm.status });
            void message.success('已保存');
            onClose();
            onSaved();
          } catch (e) {
            setError(applyServerError(form, e));
          }
        })
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {dorm && (
        <Form form={form} layout="vertical" name="dormitory-edit" initialValues={dorm} preserve={false}>
          <Form.Item name="name" label="宿舍名称" rules={[{ required: true, message: '请填写宿舍名称' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="beds"
            label="床位数"
            extra={`现住 ${dorm.occupied} 人；宿舍性别（${sexLabels[dorm.sex]}）不可更改`}
          >
            <InputNumber min={0} max={1000} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
