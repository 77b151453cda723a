/**
 * 公墓: pick a cemetery, see its status map (ECharts: every plot by section, row and number, coloured free /
 * reserved / occupied / expiring / expired, click a plot to open it), the plot ledger (filters, paging,
 * sort, Excel), and on a plot: sale or reservation (R-FUN-06, R-FUN-08), interment by scanning the urn
 * code, renewal. A second tab lists eco burials and their awards.
 */
import {
  ECO_BURIAL_KIND_LABELS,
  PLOT_KIND_LABELS,
  PLOT_STATUS_LABELS,
  TERM_STATE_LABELS,
  type PlotKind,
} from '@social-affairs/kernel/contracts/funeral';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { PersonSummary } from '../../api/types';
import { useAuth } from '../../app/auth-context';
import { EChart, type ChartOption } from '../../app/charts/echarts-chart';
import { useDivision } from '../../app/division-context';
import { formatDate } from '../../app/format';
import { applyServerError } from '../../app/form-errors';
import { ListPage, choiceFilter, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { PersonPicker } from '../../app/person-picker';
import { useApi } from '../../app/use-api';
import {
  PLOT_COLOURS,
  cemeteriesApi,
  cemeteriesUrls,
  type CemeteryDto,
  type EcoBurialDto,
  type PlotDto,
} from './cemeteries.api';
import { FuneralNav } from './funeral-nav';

const plotFilters = {
  q: textFilter({ label: '关键字', placeholder: '持有人或合同号', width: 180 }),
  facilityId: textFilter({ label: '公墓', width: 240 }),
  section: textFilter({ label: '墓区', width: 90 }),
  status: choiceFilter(PLOT_STATUS_LABELS, { label: '状态', width: 130 }),
  kind: choiceFilter(PLOT_KIND_LABELS, { label: '类型', width: 130 }),
  termState: choiceFilter({ expiring: '即将到期', expired: '已到期' }, { label: '使用期', width: 120 }),
};

const ecoFilters = {
  facilityId: textFilter({ label: '公墓', width: 240 }),
  kind: choiceFilter(ECO_BURIAL_KIND_LABELS, { label: '方式', width: 150 }),
  awardStatus: choiceFilter(
    { pending: '待发放', paid: '已发放', none: '无奖补' },
    { label: '奖补', width: 110 },
  ),
  period: dateRangeFilter({ label: '安葬日期' }),
};

type MapState = 'free' | 'reserved' | 'occupied' | 'expiring' | 'expired';
const MAP_STATE_LABELS: Record<MapState, string> = {
  free: '空闲',
  reserved: '已售（预留）',
  occupied: '已安葬',
  expiring: '即将到期',
  expired: '已到期',
};
const mapStateOf = (p: { status: PlotDto['status']; termState: PlotDto['termState'] }): MapState =>
  p.termState === 'expiring' || p.termState === 'expired' ? p.termState : p.status;

const noPerson = (q: string) =>
  q ? `人员档案中没有“${q}”：请核对姓名或身份证号码` : '输入姓名、拼音或身份证号码查找';

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

function useCemeteries() {
  const { current } = useDivision();
  return useApi((signal) => cemeteriesApi.cemeteries({ division: current.code }, signal), [current.code]);
}

function CemeteryPicker({
  cemeteries,
  value,
  onChange,
}: {
  cemeteries: CemeteryDto[];
  value: string | undefined;
  onChange: (id: string | undefined) => void;
}) {
  return (
    <Select
      aria-label="选择公墓"
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder="选择公墓"
      style={{ width: 320 }}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={cemeteries.map((c) => ({ value: c.id, label: `${c.name}（${c.kindLabel}）` }))}
    />
  );
}

/** The status map: one square per plot, x = number, y = section and row. */
function StatusMap({
  facilityId,
  onOpen,
  version,
}: {
  facilityId: string;
  onOpen: (id: string) => void;
  version: number;
}) {
  const map = useApi((signal) => cemeteriesApi.map(facilityId, signal), [facilityId, version]);
  const option = useMemo<ChartOption | null>(() => {
    const d = map.data;
    if (!d || d.plots.length === 0) return null;
    const rows = [...new Set(d.plots.map((p) => `${p.section}区${p.rowNo}排`))];
    const states: MapState[] = ['free', 'reserved', 'occupied', 'expiring', 'expired'];
    return {
      tooltip: {
        formatter: (params: unknown) => {
          const v = (params as { value: [number, number, string, string] }).value;
          return `${rows[v[1]]}${v[0]}号：${v[3]}`;
        },
      },
      legend: { data: states.map((s) => MAP_STATE_LABELS[s]), top: 0 },
      grid: { left: 80, right: 20, top: 36, bottom: 30 },
      xAxis: {
        type: 'value',
        name: '号',
        minInterval: 1,
        min: 0,
        max: Math.max(...d.plots.map((p) => p.number)) + 1,
        splitLine: { show: false },
      },
      yAxis: { type: 'category', data: rows, inverse: true },
      series: states.map((s) => ({
        type: 'scatter' as const,
        name: MAP_STATE_LABELS[s],
        symbol: 'rect',
        symbolSize: 14,
        itemStyle: { color: PLOT_COLOURS[s] },
        data: d.plots
          .filter((p) => mapStateOf(p) === s)
          .map((p) => [p.number, rows.indexOf(`${p.section}区${p.rowNo}排`), p.id, MAP_STATE_LABELS[s]]),
      })),
    };
  }, [map.data]);
  if (map.error) return <Alert type="error" showIcon title="墓位状态图加载失败" />;
  if (!option)
    return (
      <Typography.Text type="secondary">
        该公墓还没有墓位：点“新建墓位”按墓区、排、号批量建立。
      </Typography.Text>
    );
  const rowCount = new Set(map.data!.plots.map((p) => `${p.section}-${p.rowNo}`)).size;
  return (
    <EChart
      ariaLabel="墓位状态图"
      option={option}
      height={Math.max(220, rowCount * 20 + 80)}
      onClick={(e) => {
        const v = e.value as [number, number, string];
        if (v?.[2]) onOpen(v[2]);
      }}
    />
  );
}

interface SaleForm {
  mode: 'sale' | 'reservation';
  holderName: string;
  holderPhone: string;
  termFrom: Dayjs;
  termYears: number;
  contractNo?: string;
}

function SaleDialog({
  plot,
  cemetery,
  onDone,
  onClose,
}: {
  plot: PlotDto;
  cemetery: CemeteryDto | undefined;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<SaleForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [holder, setHolder] = useState<PersonSummary>();
  const [deceased, setDeceased] = useState<PersonSummary>();
  const rural = cemetery?.kind === 'rural_public_cemetery';
  const onOk = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await cemeteriesApi.sell(plot.id, {
        mode: v.mode,
        holderName: v.holderName,
        holderPhone: v.holderPhone,
        holderPersonId: holder?.id ?? null,
        deceasedPersonId: deceased?.id ?? null,
        termFrom: v.termFrom.format('YYYY-MM-DD'),
        termYears: v.termYears,
        contractNo: v.contractNo?.trim() || null,
      });
      void message.success(`墓位${plot.label}已${v.mode === 'sale' ? '出售' : '预订'}`);
      onDone();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`出售或预订墓位 ${plot.label}`}
      okText="办理"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void onOk().catch(() => undefined)}
      destroyOnHidden
      width={720}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {rural && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="农村公益性墓地只向本村村民提供墓位（R-FUN-06）：请选择购墓人或逝者的人员档案，系统按户籍登记核对户籍所在村，不能手工填写。"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        name="funeral-plot-sale"
        initialValues={{ mode: 'sale', termFrom: dayjs(), termYears: 20 }}
      >
        <Form.Item name="mode" label="办理方式">
          <Segmented
            options={[
              { value: 'sale', label: '出售' },
              { value: 'reservation', label: '预订' },
            ]}
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="holderName"
            label="购墓人（持有人）"
            rules={[{ required: true, message: '请填写购墓人姓名' }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="holderPhone"
            label="联系电话"
            rules={[{ required: true, message: '请填写联系电话' }]}
            style={{ flex: 1 }}
          >
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item
            name="termFrom"
            label="使用期起"
            rules={[{ required: true, message: '请选择使用期起' }]}
            style={{ flex: 1 }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="termYears"
            label="使用年限（年）"
            extra="每期不超过规定年限（R-FUN-08，默认 20 年）"
            rules={[{ required: true, message: '请填写年限' }]}
            style={{ flex: 1 }}
          >
            <InputNumber min={1} max={100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="contractNo" label="合同号" style={{ flex: 1 }}>
            <Input maxLength={40} />
          </Form.Item>
        </Flex>
        <Form.Item name="holderPersonId" label={`购墓人人员档案${rural ? '' : '（可选）'}`}>
          <PersonPicker
            scope={plot.facilityId ? (cemetery?.divisionCode ?? '430000') : '430000'}
            initialQuery=""
            label="查找购墓人"
            selectedId={holder?.id}
            onSelect={setHolder}
            emptyText={noPerson}
          />
        </Form.Item>
        <Form.Item name="deceasedPersonId" label="逝者人员档案（可选，为已故者购墓时）">
          <PersonPicker
            scope={cemetery?.divisionCode ?? '430000'}
            initialQuery=""
            label="查找逝者"
            selectedId={deceased?.id}
            onSelect={setDeceased}
            emptyText={noPerson}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface IntermentForm {
  urnCode?: string;
  remains: 'ashes' | 'body';
  interredOn: Dayjs;
}

function IntermentDialog({
  plot,
  onDone,
  onClose,
}: {
  plot: PlotDto;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<IntermentForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [person, setPerson] = useState<PersonSummary>();
  const onOk = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await cemeteriesApi.inter(plot.id, {
        urnCode: v.urnCode?.trim() || null,
        personId: v.urnCode?.trim() ? null : (person?.id ?? null),
        remains: v.remains,
        interredOn: v.interredOn.format('YYYY-MM-DD'),
      });
      void message.success(`已登记安葬：${plot.label}`);
      onDone();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`登记安葬 ${plot.label}`}
      okText="登记"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void onOk().catch(() => undefined)}
      destroyOnHidden
      width={720}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="funeral-plot-interment"
        initialValues={{ remains: 'ashes', interredOn: dayjs() }}
      >
        <Form.Item
          name="urnCode"
          label="扫描骨灰盒条码"
          extra="用扫码枪扫描骨灰盒标签（光标在此框内）；已火化的遗体档案随之转为“已安葬”"
        >
          <Input autoFocus autoComplete="off" maxLength={64} placeholder="扫码或输入骨灰盒条码" />
        </Form.Item>
        <Form.Item label="或选择逝者人员档案（无遗体档案时）">
          <PersonPicker
            scope="430000"
            initialQuery=""
            label="查找逝者"
            selectedId={person?.id}
            onSelect={setPerson}
            emptyText={noPerson}
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="remains" label="安葬" style={{ flex: 1 }}>
            <Segmented
              options={[
                { value: 'ashes', label: '骨灰' },
                { value: 'body', label: '遗体（仅土葬改革区）' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="interredOn"
            label="安葬日期"
            rules={[{ required: true, message: '请选择安葬日期' }]}
            style={{ flex: 1 }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

function RenewDialog({ plot, onDone, onClose }: { plot: PlotDto; onDone: () => void; onClose: () => void }) {
  const [form] = Form.useForm<{ years: number }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const onOk = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const p = await cemeteriesApi.renew(plot.id, v);
      void message.success(`已续期至 ${p.termUntil ?? ''}`);
      onDone();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`墓位续期 ${plot.label}`}
      okText="续期"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void onOk().catch(() => undefined)}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph>现使用期止：{formatDate(plot.termUntil)}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="funeral-plot-renewal" initialValues={{ years: 10 }}>
        <Form.Item
          name="years"
          label="续期年数"
          extra="续期后自今日起不超过规定年限（R-FUN-08）"
          rules={[{ required: true, message: '请填写续期年数' }]}
        >
          <InputNumber min={1} max={100} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface BlockForm {
  section: string;
  rowFrom: number;
  rowTo: number;
  numberFrom: number;
  numberTo: number;
  kind: PlotKind;
  areaM2: number;
  locationFlags: string[];
}

function BlockDialog({
  cemetery,
  onDone,
  onClose,
}: {
  cemetery: CemeteryDto;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<BlockForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const niche = cemetery.kind === 'columbarium';
  const onOk = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const r = await cemeteriesApi.createBlock({
        ...v,
        facilityId: cemetery.id,
        locationFlags: v.locationFlags ?? [],
      });
      void message.success(`已新建 ${r.created} 个墓位`);
      onDone();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`新建墓位：${cemetery.name}`}
      okText="新建"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void onOk().catch(() => undefined)}
      destroyOnHidden
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="funeral-plot-block"
        initialValues={{
          rowFrom: 1,
          rowTo: 5,
          numberFrom: 1,
          numberTo: 10,
          kind: niche ? 'niche' : 'ash_grave',
          areaM2: 1,
          locationFlags: [],
        }}
      >
        <Flex gap={12}>
          <Form.Item
            name="section"
            label="墓区"
            rules={[{ required: true, message: '请填写墓区' }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={20} placeholder="如 A" />
          </Form.Item>
          <Form.Item name="kind" label="类型" style={{ flex: 1 }}>
            <Select options={Object.entries(PLOT_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item
            name="areaM2"
            label="每穴面积（㎡）"
            extra="骨灰墓≤1，单人遗体墓≤4，双人≤6（R-FUN-08）"
            rules={[{ required: true, message: '请填写面积' }]}
            style={{ flex: 1 }}
          >
            <InputNumber min={0.01} max={1000} step={0.1} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="rowFrom" label="起始排" style={{ flex: 1 }}>
            <InputNumber min={1} max={999} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="rowTo" label="截止排" style={{ flex: 1 }}>
            <InputNumber min={1} max={999} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="numberFrom" label="起始号" style={{ flex: 1 }}>
            <InputNumber min={1} max={999} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="numberTo" label="截止号" style={{ flex: 1 }}>
            <InputNumber min={1} max={999} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

function PlotDrawer({
  id,
  cemetery,
  onClose,
  onChanged,
}: {
  id: string;
  cemetery: CemeteryDto | undefined;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { hasPermission } = useAuth();
  const [version, setVersion] = useState(0);
  const plot = useApi((signal) => cemeteriesApi.plot(id, signal), [id, version]);
  const [dialog, setDialog] = useState<'sale' | 'inter' | 'renew'>();
  const p = plot.data;
  const done = () => {
    setDialog(undefined);
    setVersion((v) => v + 1);
    onChanged();
  };
  const write = hasPermission('funeral:write') && cemetery?.mayTakeBusiness !== false;
  return (
    <Drawer open title={p ? `墓位 ${p.label}` : '墓位'} onClose={onClose} width={520}>
      {plot.error ? <Alert type="error" showIcon title="墓位加载失败" /> : null}
      {p && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="公墓">{p.facilityName}</Descriptions.Item>
            <Descriptions.Item label="类型与面积">{`${PLOT_KIND_LABELS[p.kind]}，${p.areaM2} ㎡`}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={PLOT_COLOURS[mapStateOf(p)]}>{MAP_STATE_LABELS[mapStateOf(p)]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="使用期">
              {p.termFrom ? `${p.termFrom} 至 ${p.termUntil}（${TERM_STATE_LABELS[p.termState]}）` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="持有人">
              {p.holderName ? `${p.holderName} ${p.holderPhoneMasked ?? ''}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="合同号">{p.contractNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="安葬人">
              {p.interred.length === 0
                ? '—'
                : p.interred
                    .map((i) => `${i.name}（${i.interredOn}，${i.remains === 'ashes' ? '骨灰' : '遗体'}）`)
                    .join('；')}
            </Descriptions.Item>
          </Descriptions>
          {write && (
            <Space style={{ marginTop: 16 }} wrap>
              {p.status === 'free' && (
                <Button type="primary" onClick={() => setDialog('sale')}>
                  出售或预订
                </Button>
              )}
              {p.status !== 'free' && (
                <Button type="primary" onClick={() => setDialog('inter')}>
                  登记安葬
                </Button>
              )}
              {p.status !== 'free' && <Button onClick={() => setDialog('renew')}>续期</Button>}
            </Space>
          )}
          {p.termState === 'expiring' && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              title="使用期即将届满：请通知持有人办理续期。"
            />
          )}
          {p.termState === 'expired' && (
            <Alert
              style={{ marginTop: 12 }}
              type="error"
              showIcon
              title="使用期已届满：续期后方可继续安葬。"
            />
          )}
          {dialog === 'sale' && (
            <SaleDialog plot={p} cemetery={cemetery} onClose={() => setDialog(undefined)} onDone={done} />
          )}
          {dialog === 'inter' && (
            <IntermentDialog plot={p} onClose={() => setDialog(undefined)} onDone={done} />
          )}
          {dialog === 'renew' && <RenewDialog plot={p} onClose={() => setDialog(undefined)} onDone={done} />}
        </>
      )}
    </Drawer>
  );
}

function TabSwitch() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'eco' ? 'eco' : 'plots';
  return (
    <Segmented
      style={{ marginBottom: 12 }}
      value={tab}
      onChange={(v) => setParams(v === 'eco' ? { tab: 'eco' } : {})}
      options={[
        { value: 'plots', label: '墓位与状态图' },
        { value: 'eco', label: '生态安葬' },
      ]}
    />
  );
}

function PlotsTab() {
  const { hasPermission } = useAuth();
  const cemeteries = useCemeteries();
  const list = useListPage({
    filters: plotFilters,
    sortKeys: ['label', 'termUntil', 'status', 'areaM2'],
    pageSizes: [20, 50, 100],
    load: (query, signal) => cemeteriesApi.plots(query, signal),
  });
  const facilityId = list.query.facilityId;
  const all = cemeteries.data ?? [];
  const cemetery = all.find((c) => c.id === facilityId);
  const [open, setOpen] = useState<string>();
  const [block, setBlock] = useState(false);
  const [version, setVersion] = useState(0);
  const pick = (id: string | undefined) => list.setFilters({ ...list.formValues, facilityId: id });
  // The first cemetery with plots is picked for the map when none is.
  useEffect(() => {
    if (!facilityId && all.length > 0) pick((all.find((c) => c.plots > 0) ?? all[0]!).id);
  }, [facilityId, all.length]); // pick is recreated each render; the list decides
  const changed = () => {
    setVersion((v) => v + 1);
    list.reload();
    cemeteries.reload();
  };
  const columns: TableColumnsType<PlotDto> = [
    {
      title: '墓位',
      key: 'label',
      sorter: true,
      render: (_, p) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(p.id)}>
          {p.label}
        </Button>
      ),
    },
    { title: '公墓', render: (_, p) => <div style={{ maxWidth: 160 }}>{p.facilityName}</div> },
    { title: '类型', render: (_, p) => PLOT_KIND_LABELS[p.kind] },
    { title: '面积', key: 'areaM2', sorter: true, render: (_, p) => `${p.areaM2} ㎡` },
    {
      title: '状态',
      key: 'status',
      sorter: true,
      render: (_, p) => <Tag color={PLOT_COLOURS[mapStateOf(p)]}>{MAP_STATE_LABELS[mapStateOf(p)]}</Tag>,
    },
    { title: '使用期止', key: 'termUntil', sorter: true, render: (_, p) => formatDate(p.termUntil) },
    {
      title: '持有人',
      render: (_, p) => (p.holderName ? `${p.holderName} ${p.holderPhoneMasked ?? ''}` : '—'),
    },
    { title: '安葬人', render: (_, p) => p.interred.map((i) => i.name).join('、') || '—' },
  ];
  return (
    <ListPage
      list={list}
      title="公墓墓位"
      unit="个"
      exportHref={cemeteriesUrls.plotsExport(list.exportQuery)}
      actions={
        hasPermission('funeral:write') &&
        cemetery?.mayTakeBusiness && (
          <Button type="primary" onClick={() => setBlock(true)}>
            新建墓位
          </Button>
        )
      }
      nav={<FuneralNav />}
      above={
        <>
          <TabSwitch />
          <Card size="small" style={{ marginBottom: 12 }} title="墓位状态图">
            <Flex gap={12} wrap align="center" style={{ marginBottom: 8 }}>
              <CemeteryPicker cemeteries={all} value={facilityId} onChange={pick} />
              {cemetery && (
                <Space wrap>
                  <Tag color={PLOT_COLOURS.free}>空闲 {cemetery.free}</Tag>
                  <Tag color={PLOT_COLOURS.reserved}>已售 {cemetery.reserved}</Tag>
                  <Tag color={PLOT_COLOURS.occupied}>已安葬 {cemetery.occupied}</Tag>
                  <Tag color={PLOT_COLOURS.expiring}>即将到期 {cemetery.expiring}</Tag>
                  <Tag color={PLOT_COLOURS.expired}>已到期 {cemetery.expired}</Tag>
                </Space>
              )}
            </Flex>
            {cemetery && !cemetery.mayTakeBusiness && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 8 }}
                title={`该公墓不得开展业务：${cemetery.businessProblem ?? ''}`}
              />
            )}
            {cemetery && cemetery.expiring > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 8 }}
                title={`今日待办：${cemetery.expiring} 个墓位使用期一年内届满，请通知持有人续期（筛选“使用期：即将到期”）。`}
              />
            )}
            {facilityId ? (
              <StatusMap facilityId={facilityId} onOpen={setOpen} version={version} />
            ) : (
              <Typography.Text type="secondary">
                {all.length === 0 ? '管辖范围内没有公墓。' : '请选择公墓。'}
              </Typography.Text>
            )}
          </Card>
        </>
      }
      filterName="funeral-plot-filters"
      breadcrumb
      controls={{
        facilityId: (
          <Select
            allowClear
            placeholder="全部公墓"
            style={{ width: 240 }}
            options={all.map((c) => ({ value: c.id, label: c.name }))}
          />
        ),
      }}
      errorTitle="墓位清单加载失败"
      rowKey="id"
      columns={columns}
      empty={list.filtered ? '没有符合条件的墓位。' : '还没有墓位。'}
    >
      {open && (
        <PlotDrawer id={open} cemetery={cemetery} onClose={() => setOpen(undefined)} onChanged={changed} />
      )}
      {block && cemetery && (
        <BlockDialog
          cemetery={cemetery}
          onClose={() => setBlock(false)}
          onDone={() => {
            setBlock(false);
            changed();
          }}
        />
      )}
    </ListPage>
  );
}

interface EcoForm {
  facilityId?: string;
  kind: EcoBurialDto['kind'];
  buriedOn: Dayjs;
  place: string;
}

function EcoDialog({
  cemeteries,
  onDone,
  onClose,
}: {
  cemeteries: CemeteryDto[];
  onDone: () => void;
  onClose: () => void;
}) {
  const { current } = useDivision();
  const [form] = Form.useForm<EcoForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [person, setPerson] = useState<PersonSummary>();
  const onOk = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const r = await cemeteriesApi.recordEco({
        personId: person?.id ?? '',
        facilityId: v.facilityId ?? null,
        divisionCode: v.facilityId ? null : current.code,
        kind: v.kind,
        buriedOn: v.buriedOn.format('YYYY-MM-DD'),
        place: v.place,
      });
      void message.success(`已登记生态安葬，奖补 ${yuan(r.awardFen)}`);
      onDone();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="登记生态安葬"
      okText="登记"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void onOk().catch(() => undefined)}
      destroyOnHidden
      width={720}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="funeral-eco-burial"
        initialValues={{ kind: 'tree', buriedOn: dayjs() }}
      >
        <Form.Item name="personId" label="逝者人员档案" required>
          <PersonPicker
            scope={current.code}
            initialQuery=""
            label="查找逝者"
            selectedId={person?.id}
            onSelect={setPerson}
            emptyText={noPerson}
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="kind" label="安葬方式" style={{ flex: 1 }}>
            <Select
              options={Object.entries(ECO_BURIAL_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item
            name="buriedOn"
            label="安葬日期"
            rules={[{ required: true, message: '请选择安葬日期' }]}
            style={{ flex: 1 }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="facilityId" label="公墓（海葬、深埋可不选，按当前区划计奖补）">
          <Select allowClear options={cemeteries.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="place" label="安葬地点" rules={[{ required: true, message: '请填写安葬地点' }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EcoTab() {
  const { hasPermission } = useAuth();
  const cemeteries = useCemeteries();
  const [recording, setRecording] = useState(false);
  const list = useListPage({
    filters: ecoFilters,
    sortKeys: ['buriedOn', 'awardFen'],
    load: (query, signal) => cemeteriesApi.ecoBurials(query, signal),
  });
  const pending = list.items.filter((e) => e.awardStatus === 'pending').length;
  const pay = async (e: EcoBurialDto) => {
    try {
      await cemeteriesApi.payEco(e.id, { paidOn: dayjs().format('YYYY-MM-DD') });
      void message.success('已登记奖补发放');
      list.reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : '登记失败');
    }
  };
  const columns: TableColumnsType<EcoBurialDto> = [
    { title: '逝者', render: (_, e) => e.deceasedName },
    { title: '方式', render: (_, e) => ECO_BURIAL_KIND_LABELS[e.kind] },
    { title: '安葬日期', key: 'buriedOn', sorter: true, render: (_, e) => formatDate(e.buriedOn) },
    {
      title: '地点',
      render: (_, e) => (
        <div style={{ maxWidth: 200 }}>{e.facilityName ? `${e.facilityName} ${e.place}` : e.place}</div>
      ),
    },
    { title: '奖补', key: 'awardFen', sorter: true, render: (_, e) => yuan(e.awardFen) },
    {
      title: '发放',
      render: (_, e) =>
        e.awardStatus === 'paid' ? (
          <Tag color="green">已发放 {e.paidOn}</Tag>
        ) : e.awardStatus === 'none' ? (
          <Tag>无奖补</Tag>
        ) : hasPermission('funeral:write') ? (
          <Button size="small" onClick={() => void pay(e)}>
            登记已发放
          </Button>
        ) : (
          <Tag color="orange">待发放</Tag>
        ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="生态安葬"
      unit="例"
      exportHref={cemeteriesUrls.ecoExport(list.exportQuery)}
      actions={
        hasPermission('funeral:write') && (
          <Button type="primary" onClick={() => setRecording(true)}>
            登记生态安葬
          </Button>
        )
      }
      nav={<FuneralNav />}
      above={
        <>
          <TabSwitch />
          {pending > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`本页 ${pending} 例奖补待发放。`}
            />
          )}
        </>
      }
      filterName="funeral-eco-filters"
      breadcrumb
      controls={{
        facilityId: (
          <Select
            allowClear
            placeholder="全部公墓"
            style={{ width: 240 }}
            options={(cemeteries.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        ),
      }}
      errorTitle="生态安葬记录加载失败"
      rowKey="id"
      columns={columns}
      empty={list.filtered ? '没有符合条件的生态安葬记录。' : '还没有生态安葬记录。'}
    >
      {recording && (
        <EcoDialog
          cemeteries={cemeteries.data ?? []}
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            list.reload();
          }}
        />
      )}
    </ListPage>
  );
}

/** /funeral/cemeteries */
export function FuneralCemeteriesPage() {
  const [params] = useSearchParams();
  return params.get('tab') === 'eco' ? <EcoTab /> : <PlotsTab />;
}
