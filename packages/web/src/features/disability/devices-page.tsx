/**
 * 辅具与福康 (/disability/devices): assistive devices (R-DIS-10) and 福康工程 — what is due today (overdue
 * returns, cases waiting for a decision or delivery), the catalogue, rental points with stock, the rentals
 * ledger (lend, return) and the 福康工程 ledger (apply → approve/refuse → deliver → close).
 */
import {
  DEVICE_CATEGORY_LABELS,
  FUKANG_ITEM_KIND_LABELS,
  FUKANG_STATUS_LABELS,
  RENTAL_POINT_KIND_LABELS,
} from '@social-affairs/kernel/contracts/disability';
import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Statistic,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { beijingToday } from '../../app/format';
import { PageHeader } from '../../app/page-header';
import { PersonPicker } from '../../app/person-picker';
import { useApi } from '../../app/use-api';
import { DisabilityNav } from './disability-nav';
import {
  rehabApi,
  yuanText,
  type DeviceItemView,
  type FukangCaseView,
  type RentalPointView,
  type RentalView,
} from './rehab.api';
import { FormDialog, LedgerCard, OpenButton } from './rehab-shared';

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export function DisabilityDevicesPage() {
  const { hasPermission } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'rentals';
  const today = useApi((signal) => rehabApi.today(signal), []);
  const go = (t: string, status?: string) => setParams(status ? { tab: t, status } : { tab: t });
  return (
    <>
      <PageHeader title="辅具与福康" subTitle="康复辅助器具租赁 · 福康工程（湘民发〔2020〕6号）" />
      <DisabilityNav />
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Card size="small" title="今日待办">
          <Space size="large" wrap>
            <a onClick={() => go('rentals', 'overdue')}>
              <Statistic
                title="逾期未还器具"
                value={today.data?.overdueRentals ?? 0}
                valueStyle={today.data?.overdueRentals ? { color: '#cf1322' } : undefined}
              />
            </a>
            <a onClick={() => go('fukang', 'applied')}>
              <Statistic title="福康工程待审批" value={today.data?.fukangWaiting ?? 0} />
            </a>
            <a onClick={() => go('fukang', 'approved')}>
              <Statistic title="已批准待配发/手术" value={today.data?.fukangToDeliver ?? 0} />
            </a>
            <Typography.Text type="secondary">
              下一步：逾期器具请联系归还或续租；待审批项目由县民政审批；已批准项目配发后登记。
            </Typography.Text>
          </Space>
        </Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k })}
          items={[
            {
              key: 'rentals',
              label: '租赁台账',
              children: (
                <RentalsTab initialStatus={params.get('status') ?? undefined} onChanged={today.reload} />
              ),
            },
            {
              key: 'points',
              label: '租赁点',
              children: (
                <PointsTab
                  countyLevel={hasPermission('disability:manage') || hasPermission('disability:write')}
                />
              ),
            },
            {
              key: 'catalogue',
              label: '器具目录',
              children: <CatalogueTab canManage={hasPermission('disability:manage')} />,
            },
            {
              key: 'fukang',
              label: '福康工程',
              children: (
                <FukangTab initialStatus={params.get('status') ?? undefined} onChanged={today.reload} />
              ),
            },
          ]}
        />
      </Space>
    </>
  );
}

function usePickLists() {
  const points = useApi(
    (signal) => rehabApi.page<RentalPointView>('/api/disability/devices/points', { pageSize: 200 }, signal),
    [],
  );
  const items = useApi(
    (signal) =>
      rehabApi.page<DeviceItemView>(
        '/api/disability/devices/items',
        { status: 'active', pageSize: 200 },
        signal,
      ),
    [],
  );
  return { points: points.data?.items ?? [], items: items.data?.items ?? [] };
}

function RentalsTab({
  initialStatus,
  onChanged,
}: {
  initialStatus: string | undefined;
  onChanged: () => void;
}) {
  const { hasPermission, user } = useAuth();
  const [status, setStatus] = useState<string | undefined>(initialStatus ?? 'out');
  const [q, setQ] = useState<string>();
  const [reload, setReload] = useState(0);
  const [adding, setAdding] = useState(false);
  const [returning, setReturning] = useState<RentalView>();
  const [personId, setPersonId] = useState<string>();
  const lists = usePickLists();
  const changed = () => {
    setReload((n) => n + 1);
    onChanged();
  };
  return (
    <>
      <LedgerCard<RentalView>
        title="辅具租赁台账"
        path="/api/disability/devices/rentals"
        filters={{ status, q }}
        reloadKey={reload}
        sortable={['fromOn', 'dueOn', 'divisionCode']}
        empty="没有符合条件的租赁记录。"
        extra={
          hasPermission('disability:write') ? (
            <Button type="primary" onClick={() => setAdding(true)}>
              登记租赁
            </Button>
          ) : null
        }
        filterBar={
          <>
            <Select
              aria-label="状态"
              allowClear
              placeholder="全部状态"
              style={{ width: 140 }}
              value={status}
              onChange={setStatus}
              options={[
                { value: 'out', label: '在租' },
                { value: 'overdue', label: '逾期未还' },
                { value: 'returned', label: '已归还' },
              ]}
            />
            <Input.Search
              aria-label="姓名"
              placeholder="姓名"
              allowClear
              style={{ width: 180 }}
              onSearch={(v) => setQ(v || undefined)}
            />
          </>
        }
        columns={[
          { title: '姓名', dataIndex: 'personName' },
          { title: '身份证号', dataIndex: 'residentIdMasked' },
          { title: '器具', dataIndex: 'itemName' },
          { key: 'divisionCode', title: '租赁点', render: (_, r) => `${r.pointName}（${r.divisionName}）` },
          { key: 'fromOn', title: '租用日期', dataIndex: 'fromOn' },
          {
            key: 'dueOn',
            title: '应还日期',
            render: (_, r) => (r.overdue ? <Tag color="error">{r.dueOn} 逾期</Tag> : r.dueOn),
          },
          { title: '月租金', render: (_, r) => yuanText(r.monthlyFen) },
          {
            title: '月补贴',
            render: (_, r) =>
              r.subsidyMonthlyFen ? (
                <span title={r.subsidyBasis ?? ''}>{yuanText(r.subsidyMonthlyFen)}</span>
              ) : (
                '无'
              ),
          },
          { title: '押金', render: (_, r) => yuanText(r.depositFen) },
          { title: '状态', render: (_, r) => (r.status === 'out' ? '在租' : `已归还 ${r.returnedOn}`) },
          {
            title: '操作',
            render: (_, r) =>
              r.status === 'out' && hasPermission('disability:write') ? (
                <OpenButton onClick={() => setReturning(r)}>登记归还</OpenButton>
              ) : null,
          },
        ]}
      />
      <FormDialog<{
        pointId: string;
        itemId: string;
        fromOn: string;
        dueOn: string;
        depositYuan: number;
        note?: string;
      }>
        title="登记租赁"
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{ fromOn: beijingToday(), depositYuan: 0 }}
        submit={async ({ depositYuan, ...v }) => {
          if (!personId) throw new Error('请先查找并选中租用人');
          const r = await rehabApi.rent({ ...v, personId, depositFen: Math.round(depositYuan * 100) });
          void message.success(
            r.subsidyMonthlyFen
              ? `已登记，享受租金补贴每月 ${yuanText(r.subsidyMonthlyFen)}`
              : '已登记（不符合租金补贴条件）',
          );
          setAdding(false);
          changed();
        }}
      >
        {() => (
          <>
            <PersonPicker
              scope={(user?.divisionCode ?? '').slice(0, 6)}
              initialQuery=""
              label="查找租用人"
              selectedId={personId}
              onSelect={(p) => setPersonId(p.id)}
              emptyText={(s) => `人员库中没有“${s}”`}
            />
            <Form.Item
              name="pointId"
              label="租赁点"
              rules={[{ required: true, message: '请选择租赁点' }]}
              style={{ marginTop: 12 }}
            >
              <Select options={lists.points.map((p) => ({ value: p.id, label: p.name }))} />
            </Form.Item>
            <Form.Item name="itemId" label="器具" rules={[{ required: true, message: '请选择器具' }]}>
              <Select
                options={lists.items.map((i) => ({
                  value: i.id,
                  label: `${i.name}（月租 ${yuanText(i.rentalFenPerMonth)}）`,
                }))}
              />
            </Form.Item>
            <Space>
              <Form.Item name="fromOn" label="租用日期" rules={[{ required: true, message: '请填写日期' }]}>
                <Input />
              </Form.Item>
              <Form.Item name="dueOn" label="应还日期" rules={[{ required: true, message: '请填写日期' }]}>
                <Input placeholder="YYYY-MM-DD" />
              </Form.Item>
            </Space>
            <Form.Item name="depositYuan" label="押金（元）">
              <InputNumber min={0} max={100000} />
            </Form.Item>
            <Form.Item name="note" label="备注">
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
      </FormDialog>
      {returning && (
        <FormDialog<{ returnedOn: string; refundYuan: number; note?: string }>
          title={`登记归还：${returning.personName} ${returning.itemName}`}
          open
          onClose={() => setReturning(undefined)}
          initialValues={{ returnedOn: beijingToday(), refundYuan: returning.depositFen / 100 }}
          submit={async ({ refundYuan, ...v }) => {
            await rehabApi.returnRental(returning.id, {
              ...v,
              depositRefundFen: Math.round(refundYuan * 100),
            });
            void message.success('已归还');
            setReturning(undefined);
            changed();
          }}
        >
          {() => (
            <>
              <Form.Item
                name="returnedOn"
                label="归还日期"
                rules={[{ required: true, message: '请填写日期' }]}
              >
                <Input />
              </Form.Item>
              <Form.Item name="refundYuan" label="退还押金（元）">
                <InputNumber min={0} max={100000} />
              </Form.Item>
              <Form.Item name="note" label="备注（器具状况）">
                <Input maxLength={200} />
              </Form.Item>
            </>
          )}
        </FormDialog>
      )}
    </>
  );
}

function PointsTab({ countyLevel }: { countyLevel: boolean }) {
  const [kind, setKind] = useState<string>();
  const [reload, setReload] = useState(0);
  const [adding, setAdding] = useState(false);
  const [stocking, setStocking] = useState<RentalPointView>();
  const lists = usePickLists();
  const { user, hasPermission } = useAuth();
  return (
    <>
      <LedgerCard<RentalPointView>
        title="辅具租赁点"
        path="/api/disability/devices/points"
        filters={{ kind }}
        reloadKey={reload}
        sortable={['name', 'divisionCode']}
        empty="辖区还没有租赁点。"
        extra={
          countyLevel ? (
            <Button type="primary" onClick={() => setAdding(true)}>
              登记租赁点
            </Button>
          ) : null
        }
        filterBar={
          <Select
            aria-label="类型"
            allowClear
            placeholder="全部类型"
            style={{ width: 160 }}
            value={kind}
            onChange={setKind}
            options={options(RENTAL_POINT_KIND_LABELS)}
          />
        }
        columns={[
          { key: 'name', title: '租赁点', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kindLabel' },
          { key: 'divisionCode', title: '所在区划', dataIndex: 'divisionName' },
          {
            title: '库存（可租/总数）',
            render: (_, p) =>
              p.stock.map((s) => `${s.itemName} ${s.available}/${s.quantity}`).join('；') || '未设库存',
          },
          {
            title: '操作',
            render: (_, p) =>
              hasPermission('disability:write') ? (
                <OpenButton onClick={() => setStocking(p)}>调整库存</OpenButton>
              ) : null,
          },
        ]}
      />
      <FormDialog<{ name: string; kind: string; divisionCode: string; address?: string }>
        title="登记租赁点"
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{ kind: 'community', divisionCode: user?.divisionCode }}
        submit={async (v) => {
          await rehabApi.createPoint(v);
          void message.success('已登记');
          setAdding(false);
          setReload((n) => n + 1);
        }}
      >
        {() => (
          <>
            <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="kind" label="类型">
              <Select options={options(RENTAL_POINT_KIND_LABELS)} />
            </Form.Item>
            <Form.Item
              name="divisionCode"
              label="区划代码"
              rules={[{ required: true, message: '请填写区划代码' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="address" label="地址">
              <Input maxLength={120} />
            </Form.Item>
          </>
        )}
      </FormDialog>
      {stocking && (
        <FormDialog<{ itemId: string; quantity: number }>
          title={`调整库存：${stocking.name}`}
          open
          onClose={() => setStocking(undefined)}
          submit={async (v) => {
            await rehabApi.setStock(stocking.id, v);
            void message.success('已调整');
            setStocking(undefined);
            setReload((n) => n + 1);
          }}
        >
          {() => (
            <>
              <Form.Item name="itemId" label="器具" rules={[{ required: true, message: '请选择器具' }]}>
                <Select options={lists.items.map((i) => ({ value: i.id, label: i.name }))} />
              </Form.Item>
              <Form.Item name="quantity" label="库存数量" rules={[{ required: true, message: '请填写数量' }]}>
                <InputNumber min={0} max={10000} />
              </Form.Item>
            </>
          )}
        </FormDialog>
      )}
    </>
  );
}

function CatalogueTab({ canManage }: { canManage: boolean }) {
  const [category, setCategory] = useState<string>();
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<Partial<DeviceItemView> | undefined>();
  return (
    <>
      <LedgerCard<DeviceItemView>
        title="康复辅助器具目录"
        path="/api/disability/devices/items"
        filters={{ category }}
        reloadKey={reload}
        empty="目录为空：由市、省级管理人员维护。"
        extra={
          canManage ? (
            <Button type="primary" onClick={() => setEditing({})}>
              新增器具
            </Button>
          ) : null
        }
        filterBar={
          <Select
            aria-label="类别"
            allowClear
            placeholder="全部类别"
            style={{ width: 220 }}
            value={category}
            onChange={setCategory}
            options={options(DEVICE_CATEGORY_LABELS)}
          />
        }
        columns={[
          { title: '编码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          { title: '类别', dataIndex: 'categoryLabel' },
          { title: '月租金', render: (_, r) => yuanText(r.rentalFenPerMonth) },
          { title: '购置补贴上限', render: (_, r) => yuanText(r.purchaseCapFen) },
          { title: '状态', render: (_, r) => (r.status === 'active' ? '在用' : '已停用') },
          {
            title: '操作',
            render: (_, r) =>
              canManage ? <OpenButton onClick={() => setEditing(r)}>修改</OpenButton> : null,
          },
        ]}
      />
      {editing && (
        <FormDialog<{
          code: string;
          name: string;
          category: string;
          rentYuan: number;
          capYuan: number;
          status: string;
        }>
          title={editing.id ? `修改：${editing.name}` : '新增器具'}
          open
          onClose={() => setEditing(undefined)}
          initialValues={{
            code: editing.code,
            name: editing.name,
            category: editing.category ?? 'mobility',
            rentYuan: (editing.rentalFenPerMonth ?? 0) / 100,
            capYuan: (editing.purchaseCapFen ?? 0) / 100,
            status: editing.status ?? 'active',
          }}
          submit={async ({ rentYuan, capYuan, ...v }) => {
            await rehabApi.saveItem({
              ...v,
              rentalFenPerMonth: Math.round(rentYuan * 100),
              purchaseCapFen: Math.round(capYuan * 100),
            });
            void message.success('已保存');
            setEditing(undefined);
            setReload((n) => n + 1);
          }}
        >
          {() => (
            <>
              <Form.Item name="code" label="编码" rules={[{ required: true, message: '请填写编码' }]}>
                <Input disabled={Boolean(editing.id)} />
              </Form.Item>
              <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="category" label="类别">
                <Select options={options(DEVICE_CATEGORY_LABELS)} />
              </Form.Item>
              <Space>
                <Form.Item name="rentYuan" label="月租金（元）">
                  <InputNumber min={0} max={100000} />
                </Form.Item>
                <Form.Item name="capYuan" label="购置补贴上限（元）">
                  <InputNumber min={0} max={1000000} />
                </Form.Item>
              </Space>
              <Form.Item name="status" label="状态">
                <Select
                  options={[
                    { value: 'active', label: '在用' },
                    { value: 'withdrawn', label: '停用' },
                  ]}
                />
              </Form.Item>
            </>
          )}
        </FormDialog>
      )}
    </>
  );
}

function FukangTab({
  initialStatus,
  onChanged,
}: {
  initialStatus: string | undefined;
  onChanged: () => void;
}) {
  const { hasPermission, user } = useAuth();
  const [status, setStatus] = useState<string | undefined>(initialStatus);
  const [q, setQ] = useState<string>();
  const [reload, setReload] = useState(0);
  const [adding, setAdding] = useState(false);
  const [acting, setActing] = useState<{ c: FukangCaseView; step: 'decision' | 'delivery' | 'close' }>();
  const [personId, setPersonId] = useState<string>();
  const lists = usePickLists();
  const changed = () => {
    setReload((n) => n + 1);
    onChanged();
  };
  const next = (c: FukangCaseView) => {
    if (c.status === 'applied' && hasPermission('disability:approve'))
      return <OpenButton onClick={() => setActing({ c, step: 'decision' })}>审批</OpenButton>;
    if (c.status === 'approved' && hasPermission('disability:write'))
      return <OpenButton onClick={() => setActing({ c, step: 'delivery' })}>登记配发/手术</OpenButton>;
    if ((c.status === 'delivered' || c.status === 'refused') && hasPermission('disability:write'))
      return <OpenButton onClick={() => setActing({ c, step: 'close' })}>结案</OpenButton>;
    return null;
  };
  return (
    <>
      <LedgerCard<FukangCaseView>
        title="福康工程台账"
        path="/api/disability/devices/fukang"
        filters={{ status, q }}
        reloadKey={reload}
        sortable={['appliedOn', 'requestedFen', 'divisionCode']}
        empty="没有符合条件的福康工程项目。"
        extra={
          hasPermission('disability:write') ? (
            <Button type="primary" onClick={() => setAdding(true)}>
              受理申请
            </Button>
          ) : null
        }
        filterBar={
          <>
            <Select
              aria-label="状态"
              allowClear
              placeholder="全部状态"
              style={{ width: 160 }}
              value={status}
              onChange={setStatus}
              options={options(FUKANG_STATUS_LABELS)}
            />
            <Input.Search
              aria-label="姓名或项目"
              placeholder="姓名或项目"
              allowClear
              style={{ width: 200 }}
              onSearch={(v) => setQ(v || undefined)}
            />
          </>
        }
        columns={[
          { title: '姓名', dataIndex: 'personName' },
          { title: '身份证号', dataIndex: 'residentIdMasked' },
          { key: 'divisionCode', title: '区划', dataIndex: 'divisionName' },
          { title: '项目', render: (_, c) => `${c.itemKindLabel}：${c.itemName}` },
          { key: 'requestedFen', title: '申请金额', render: (_, c) => yuanText(c.requestedFen) },
          { title: '批准金额', render: (_, c) => yuanText(c.approvedFen) },
          { key: 'appliedOn', title: '申请日期', dataIndex: 'appliedOn' },
          {
            title: '状态',
            render: (_, c) => (
              <Tag
                color={c.status === 'refused' ? 'error' : c.status === 'closed' ? 'default' : 'processing'}
              >
                {c.statusLabel}
              </Tag>
            ),
          },
          { title: '下一步', render: (_, c) => next(c) },
        ]}
      />
      <FormDialog<{
        divisionCode: string;
        itemKind: string;
        itemId?: string;
        itemName: string;
        requestedYuan: number;
        appliedOn: string;
        note?: string;
      }>
        title="受理福康工程申请"
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{ itemKind: 'device', divisionCode: user?.divisionCode, appliedOn: beijingToday() }}
        submit={async ({ requestedYuan, ...v }) => {
          if (!personId) throw new Error('请先查找并选中申请人');
          await rehabApi.fukang({ ...v, personId, requestedFen: Math.round(requestedYuan * 100) });
          void message.success('已受理');
          setAdding(false);
          changed();
        }}
      >
        {() => (
          <>
            <PersonPicker
              scope={(user?.divisionCode ?? '').slice(0, 6)}
              initialQuery=""
              label="查找申请人"
              selectedId={personId}
              onSelect={(p) => setPersonId(p.id)}
              emptyText={(s) => `人员库中没有“${s}”`}
            />
            <Form.Item
              name="divisionCode"
              label="区划代码"
              rules={[{ required: true, message: '请填写区划代码' }]}
              style={{ marginTop: 12 }}
            >
              <Input />
            </Form.Item>
            <Form.Item name="itemKind" label="类型">
              <Select options={options(FUKANG_ITEM_KIND_LABELS)} />
            </Form.Item>
            <Form.Item name="itemId" label="目录器具（辅助器具时可选）">
              <Select allowClear options={lists.items.map((i) => ({ value: i.id, label: i.name }))} />
            </Form.Item>
            <Form.Item
              name="itemName"
              label="项目名称"
              rules={[{ required: true, message: '请填写项目名称' }]}
            >
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item
              name="requestedYuan"
              label="申请金额（元）"
              rules={[{ required: true, message: '请填写金额' }]}
            >
              <InputNumber min={0} max={1000000} />
            </Form.Item>
            <Form.Item name="appliedOn" label="申请日期" rules={[{ required: true, message: '请填写日期' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="note" label="备注">
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
      </FormDialog>
      {acting && (
        <FormDialog<{ outcome?: string; approvedYuan?: number; on: string; reason?: string; note?: string }>
          title={`${acting.step === 'decision' ? '审批' : acting.step === 'delivery' ? '登记配发/手术' : '结案'}：${acting.c.personName} ${acting.c.itemName}`}
          open
          onClose={() => setActing(undefined)}
          initialValues={{
            outcome: 'approved',
            on: beijingToday(),
            approvedYuan: acting.c.requestedFen / 100,
          }}
          submit={async (v) => {
            const body =
              acting.step === 'decision'
                ? {
                    outcome: v.outcome,
                    approvedFen: v.outcome === 'approved' ? Math.round((v.approvedYuan ?? 0) * 100) : null,
                    decidedOn: v.on,
                    reason: v.reason,
                  }
                : { on: v.on, note: v.note };
            await rehabApi.fukangStep(acting.c.id, acting.step, body);
            void message.success('已办理');
            setActing(undefined);
            changed();
          }}
        >
          {() => (
            <>
              {acting.step === 'decision' && (
                <>
                  <Form.Item name="outcome" label="审批结果">
                    <Select
                      options={[
                        { value: 'approved', label: '批准' },
                        { value: 'refused', label: '不予批准' },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name="approvedYuan" label="批准金额（元，不超过申请金额）">
                    <InputNumber min={0} max={1000000} />
                  </Form.Item>
                  <Form.Item
                    name="reason"
                    label="理由（不予批准时必填，系统附救济途径）"
                    extra="不予批准的，告知申请人可依法申请行政复议或提起行政诉讼。"
                  >
                    <Input maxLength={200} />
                  </Form.Item>
                </>
              )}
              <Form.Item name="on" label="日期" rules={[{ required: true, message: '请填写日期' }]}>
                <Input />
              </Form.Item>
              {acting.step !== 'decision' && (
                <Form.Item name="note" label="备注">
                  <Input maxLength={200} />
                </Form.Item>
              )}
            </>
          )}
        </FormDialog>
      )}
    </>
  );
}
