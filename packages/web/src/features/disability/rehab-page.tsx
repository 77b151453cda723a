/**
 * 精神康复 (/disability/rehab): community mental-health rehabilitation (R-DIS-09) — what is due (counties
 * short of the 2025 targets, service records without a session for 30 days), the institutions registry,
 * the service records ledger (enrol, record a session, discharge) and the county coverage against the
 * targets with the patients-at-home figures behind it.
 */
import {
  REHAB_BASIS_LABELS,
  REHAB_INSTITUTION_KIND_LABELS,
  REHAB_SERVICE_LABELS,
  REHAB_SERVICES,
  type RehabService,
} from '@social-affairs/kernel/contracts/disability';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth-context';
import { beijingToday } from '../../app/format';
import { ExportButton } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { PersonPicker } from '../../app/person-picker';
import { useApi } from '../../app/use-api';
import { DisabilityNav } from './disability-nav';
import {
  rehabApi,
  type RehabCoverageView,
  type RehabEnrolmentView,
  type RehabInstitutionView,
} from './rehab.api';
import { FormDialog, LedgerCard, OpenButton } from './rehab-shared';

const serviceOptions = REHAB_SERVICES.map((s) => ({ value: s, label: REHAB_SERVICE_LABELS[s] }));
const countyOf = (code: string | undefined) => (code ?? '').slice(0, 6);

export function DisabilityRehabPage() {
  const { hasPermission, user } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'coverage';
  const canWrite = hasPermission('disability:write');
  const countyLevel =
    hasPermission('disability:manage') || (canWrite && (user?.divisionCode.length ?? 0) === 6);
  const year = Number(beijingToday().slice(0, 4));
  const coverage = useApi((signal) => rehabApi.coverage({ year }, signal), [year]);
  const short = (coverage.data?.counties ?? []).filter((c) => !c.institutionsMet || c.servedMet === false);
  return (
    <>
      <PageHeader title="精神康复" subTitle="精神障碍社区康复机构 · 服务记录 · 2025年目标达标情况" />
      <DisabilityNav />
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Card size="small" title="今日待办">
          <Space size="large" wrap>
            <Statistic title="未达标县（市、区）" value={short.length} />
            <Statistic
              title="开展服务县占比"
              value={coverage.data?.overall.offeringPercent ?? 0}
              suffix={`% / 目标 ${coverage.data?.targets.countiesOfferingPercent ?? 80}%`}
            />
            <Typography.Text type="secondary">
              {short.length > 0
                ? `下一步：${short
                    .slice(0, 3)
                    .map((c) => c.countyName)
                    .join('、')}等需增设机构或扩大居家患者服务（见“达标情况”）。`
                : '辖区各县均已达标或尚无数据。'}
            </Typography.Text>
          </Space>
        </Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k })}
          items={[
            {
              key: 'coverage',
              label: '达标情况',
              children: (
                <CoverageTab
                  data={coverage.data}
                  year={year}
                  countyLevel={countyLevel}
                  onChanged={coverage.reload}
                />
              ),
            },
            {
              key: 'institutions',
              label: '康复机构',
              children: <InstitutionsTab countyLevel={countyLevel} />,
            },
            {
              key: 'enrolments',
              label: '服务记录',
              children: <EnrolmentsTab canWrite={canWrite} county={countyOf(user?.divisionCode)} />,
            },
          ]}
        />
      </Space>
    </>
  );
}

const metTag = (met: boolean | null, text?: string) =>
  met === null ? (
    <Tag>无数据</Tag>
  ) : met ? (
    <Tag color="success">{text ?? '达标'}</Tag>
  ) : (
    <Tag color="error">{text ?? '未达标'}</Tag>
  );

function CoverageTab({
  data,
  year,
  countyLevel,
  onChanged,
}: {
  data: RehabCoverageView | undefined;
  year: number;
  countyLevel: boolean;
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState<
    { countyCode: string; countyName: string; patients: number | null } | undefined
  >();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {data && (
        <Alert
          type="info"
          showIcon
          title={`目标（${data.targets.targetYear}年）：${data.targets.countiesOfferingPercent}%以上县开展服务；居家患者服务率≥${data.targets.homePatientsServedPercent}%；每县≥${data.targets.institutionsPerCounty}家社区康复机构（市辖区依托市级机构，每区≥${data.targets.institutionsPerDistrict}家）；每市≥${data.targets.welfareInstitutionsPerPrefecture}家民政精神卫生福利机构。依据：${data.targets.basis}`}
        />
      )}
      <Card
        size="small"
        title={`各县达标情况（${year}年）`}
        extra={<ExportButton href={rehabApi.exportHref('/api/disability/rehab/coverage', { year })} />}
      >
        <Table
          size="small"
          rowKey="countyCode"
          dataSource={data?.counties ?? []}
          pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 个县（市、区）` }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: '县（市、区）',
              render: (_, c) => `${c.cityName} ${c.countyName}`,
              sorter: (a, b) => a.countyCode.localeCompare(b.countyCode),
            },
            { title: '类型', render: (_, c) => (c.isDistrict ? '市辖区' : '县（市）') },
            {
              title: '开展服务',
              render: (_, c) => metTag(c.offersServices, c.offersServices ? '已开展' : '未开展'),
            },
            {
              title: '机构数',
              sorter: (a, b) =>
                a.ownInstitutions + a.cityInstitutions - (b.ownInstitutions + b.cityInstitutions),
              render: (_, c) => (
                <Space size={4}>
                  {c.ownInstitutions}
                  {c.cityInstitutions > 0 && (
                    <Typography.Text type="secondary">+市级 {c.cityInstitutions}</Typography.Text>
                  )}
                  / {c.institutionsTarget}
                  {metTag(c.institutionsMet)}
                </Space>
              ),
            },
            {
              title: '居家患者服务率',
              sorter: (a, b) => (a.servedPercent ?? -1) - (b.servedPercent ?? -1),
              render: (_, c) => (
                <Space size={4}>
                  {c.servedPercent === null ? '—' : `${c.servedPercent}%`}
                  <Typography.Text type="secondary">
                    （{c.served}/{c.homePatients ?? '未登记'}）
                  </Typography.Text>
                  {metTag(c.servedMet)}
                </Space>
              ),
            },
            { title: '患者数来源', render: (_, c) => c.homePatientsSource ?? '' },
            {
              title: '操作',
              render: (_, c) =>
                countyLevel ? (
                  <OpenButton
                    onClick={() =>
                      setEditing({
                        countyCode: c.countyCode,
                        countyName: c.countyName,
                        patients: c.homePatients,
                      })
                    }
                  >
                    登记居家患者数
                  </OpenButton>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title="各市民政精神卫生福利机构">
        <Table
          size="small"
          rowKey="cityCode"
          pagination={false}
          dataSource={data?.prefectures ?? []}
          columns={[
            { title: '市州', dataIndex: 'cityName' },
            { title: '机构数', dataIndex: 'welfareInstitutions' },
            { title: '≥1家', render: (_, p) => metTag(p.met) },
          ]}
        />
      </Card>
      {editing && (
        <FormDialog<{ patients: number; source: string }>
          title={`${editing.countyName} ${year}年居家精神障碍患者数`}
          open
          onClose={() => setEditing(undefined)}
          initialValues={editing.patients === null ? {} : { patients: editing.patients }}
          submit={async (v) => {
            await rehabApi.setHomePatients({ countyCode: editing.countyCode, year, ...v });
            void message.success('已登记');
            setEditing(undefined);
            onChanged();
          }}
        >
          {() => (
            <>
              <Form.Item
                name="patients"
                label="居家患者数"
                rules={[{ required: true, message: '请填写人数' }]}
              >
                <InputNumber min={0} max={1_000_000} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item
                name="source"
                label="数据来源"
                rules={[{ required: true, message: '请填写数据来源' }]}
              >
                <Input placeholder="如：县卫生健康局严重精神障碍管理信息系统" maxLength={120} />
              </Form.Item>
            </>
          )}
        </FormDialog>
      )}
    </Space>
  );
}

interface InstitutionForm {
  name: string;
  kind: 'community_rehab' | 'mental_health_welfare';
  divisionCode: string;
  servesDistricts: string;
  capacity: number;
  services: RehabService[];
  address?: string;
  phone?: string;
  pilotFundRef?: string;
  pilotYuan?: number;
  pilotYear?: number;
}

function toInstitutionBody(v: InstitutionForm) {
  return {
    ...v,
    servesDistricts: (v.servesDistricts ?? '')
      .split(/[,，\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    pilot: v.pilotFundRef
      ? {
          fundRef: v.pilotFundRef,
          amountFen: Math.round((v.pilotYuan ?? 0) * 100),
          year: v.pilotYear ?? 2021,
        }
      : null,
  };
}

function InstitutionsTab({ countyLevel }: { countyLevel: boolean }) {
  const [kind, setKind] = useState<string>();
  const [q, setQ] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [reload, setReload] = useState(0);
  const { user } = useAuth();
  return (
    <>
      <LedgerCard<RehabInstitutionView>
        title="康复机构台账"
        path="/api/disability/rehab/institutions"
        filters={{ kind, q }}
        reloadKey={reload}
        sortable={['name', 'divisionCode', 'capacity']}
        empty="辖区还没有登记康复机构：县级经办人员点“登记机构”。"
        extra={
          countyLevel ? (
            <Button type="primary" onClick={() => setAdding(true)}>
              登记机构
            </Button>
          ) : null
        }
        filterBar={
          <>
            <Select
              aria-label="类型"
              allowClear
              placeholder="全部类型"
              style={{ width: 220 }}
              value={kind}
              onChange={setKind}
              options={Object.entries(REHAB_INSTITUTION_KIND_LABELS).map(([value, label]) => ({
                value,
                label,
              }))}
            />
            <Input.Search
              aria-label="名称"
              placeholder="机构名称"
              allowClear
              style={{ width: 220 }}
              onSearch={(v) => setQ(v || undefined)}
            />
          </>
        }
        columns={[
          { key: 'name', title: '机构名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kindLabel' },
          { key: 'divisionCode', title: '所在区划', dataIndex: 'divisionName' },
          { title: '服务的市辖区', render: (_, r) => r.servesDistrictNames.join('、') },
          { key: 'capacity', title: '容量', dataIndex: 'capacity' },
          { title: '在册', dataIndex: 'enrolled' },
          { title: '服务项目', render: (_, r) => r.services.map((s) => REHAB_SERVICE_LABELS[s]).join('、') },
          { title: '试点', render: (_, r) => (r.pilot ? <Tag color="blue">{r.pilot.fundRef}</Tag> : '') },
          {
            title: '状态',
            render: (_, r) => (r.status === 'active' ? <Tag color="success">运营中</Tag> : <Tag>已停办</Tag>),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        机构服务须符合《湖南省精神障碍社区康复机构服务规范》。试点资金每个试点一笔（50万元），不得分拆到两个站点。
      </Typography.Paragraph>
      <FormDialog<InstitutionForm>
        title="登记康复机构"
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{
          kind: 'community_rehab',
          divisionCode: user?.divisionCode,
          capacity: 20,
          services: ['daily_life'],
        }}
        submit={async (v) => {
          await rehabApi.createInstitution(toInstitutionBody(v));
          void message.success('已登记');
          setAdding(false);
          setReload((n) => n + 1);
        }}
      >
        {() => (
          <>
            <Form.Item name="name" label="机构名称" rules={[{ required: true, message: '请填写机构名称' }]}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="kind" label="类型">
              <Select
                options={Object.entries(REHAB_INSTITUTION_KIND_LABELS).map(([value, label]) => ({
                  value,
                  label,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="divisionCode"
              label="所在区划代码（县 6 位或乡镇 9 位）"
              rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/, message: '请填写 6 位或 9 位区划代码' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="servesDistricts" label="服务的市辖区代码（市级机构填写，逗号分隔）">
              <Input placeholder="如 430102,430103" />
            </Form.Item>
            <Form.Item
              name="capacity"
              label="服务容量（人）"
              rules={[{ required: true, message: '请填写容量' }]}
            >
              <InputNumber min={0} max={10000} />
            </Form.Item>
            <Form.Item
              name="services"
              label="服务项目"
              rules={[{ required: true, message: '请至少选择一项服务' }]}
            >
              <Select mode="multiple" options={serviceOptions} />
            </Form.Item>
            <Form.Item name="address" label="地址">
              <Input maxLength={120} />
            </Form.Item>
            <Form.Item name="phone" label="电话">
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="pilotFundRef" label="试点资金文号（试点单位填写）">
              <Input maxLength={60} />
            </Form.Item>
            <Space>
              <Form.Item name="pilotYuan" label="试点资金（元）">
                <InputNumber min={0} max={10_000_000} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="pilotYear" label="试点年度">
                <InputNumber min={2015} max={2100} />
              </Form.Item>
            </Space>
          </>
        )}
      </FormDialog>
    </>
  );
}

function EnrolmentsTab({ canWrite, county }: { canWrite: boolean; county: string }) {
  const [basis, setBasis] = useState<string>();
  const [status, setStatus] = useState<string>('enrolled');
  const [q, setQ] = useState<string>();
  const [reload, setReload] = useState(0);
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string>();
  const institutions = useApi(
    (signal) =>
      rehabApi.page<RehabInstitutionView>(
        '/api/disability/rehab/institutions',
        { status: 'active', pageSize: 200 },
        signal,
      ),
    [],
  );
  const [personId, setPersonId] = useState<string>();
  const { user } = useAuth();
  return (
    <>
      <LedgerCard<RehabEnrolmentView>
        title="康复服务台账"
        path="/api/disability/rehab/enrolments"
        filters={{ basis, status, q }}
        reloadKey={reload}
        sortable={['enrolledOn', 'divisionCode', 'lastSessionOn']}
        empty="没有符合条件的服务记录。"
        extra={
          canWrite ? (
            <Button type="primary" onClick={() => setAdding(true)}>
              登记服务对象
            </Button>
          ) : null
        }
        filterBar={
          <>
            <Select
              aria-label="对象类别"
              allowClear
              placeholder="全部对象"
              style={{ width: 180 }}
              value={basis}
              onChange={setBasis}
              options={Object.entries(REHAB_BASIS_LABELS).map(([value, label]) => ({ value, label }))}
            />
            <Select
              aria-label="状态"
              allowClear
              placeholder="全部状态"
              style={{ width: 120 }}
              value={status}
              onChange={setStatus}
              options={[
                { value: 'enrolled', label: '服务中' },
                { value: 'discharged', label: '已结案' },
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
          {
            title: '姓名',
            render: (_, r) => <OpenButton onClick={() => setOpen(r.id)}>{r.personName}</OpenButton>,
          },
          { title: '身份证号', dataIndex: 'residentIdMasked' },
          { title: '对象类别', dataIndex: 'basisLabel' },
          { key: 'divisionCode', title: '居住地', dataIndex: 'divisionName' },
          { title: '服务机构', dataIndex: 'institutionName' },
          { key: 'enrolledOn', title: '入组日期', dataIndex: 'enrolledOn' },
          { title: '服务次数', dataIndex: 'sessions' },
          { key: 'lastSessionOn', title: '最近服务', dataIndex: 'lastSessionOn' },
          {
            title: '状态',
            render: (_, r) =>
              r.status === 'enrolled' ? <Tag color="processing">服务中</Tag> : <Tag>已结案</Tag>,
          },
        ]}
      />
      <FormDialog<{
        institutionId: string;
        basis: string;
        divisionCode: string;
        enrolledOn: string;
        note?: string;
      }>
        title="登记康复服务对象"
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{
          basis: 'home_patient',
          divisionCode: user?.divisionCode,
          enrolledOn: beijingToday(),
        }}
        submit={async (v) => {
          if (!personId) throw new Error('请先在下方查找并选中服务对象');
          await rehabApi.enrol({ ...v, personId });
          void message.success('已登记');
          setAdding(false);
          setReload((n) => n + 1);
        }}
      >
        {() => (
          <>
            <PersonPicker
              scope={county}
              initialQuery=""
              label="查找服务对象"
              selectedId={personId}
              onSelect={(p) => setPersonId(p.id)}
              emptyText={(q) => `人员库中没有“${q}”`}
            />
            <Form.Item
              name="institutionId"
              label="服务机构"
              rules={[{ required: true, message: '请选择机构' }]}
              style={{ marginTop: 12 }}
            >
              <Select
                options={(institutions.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
              />
            </Form.Item>
            <Form.Item name="basis" label="对象类别">
              <Select
                options={Object.entries(REHAB_BASIS_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item
              name="divisionCode"
              label="居住地区划代码"
              rules={[{ required: true, message: '请填写区划代码' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="enrolledOn"
              label="入组日期"
              rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期格式 YYYY-MM-DD' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="note" label="备注">
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
      </FormDialog>
      {open && (
        <EnrolmentDrawer
          id={open}
          canWrite={canWrite}
          onClose={() => setOpen(undefined)}
          onChanged={() => setReload((n) => n + 1)}
        />
      )}
    </>
  );
}

function EnrolmentDrawer({
  id,
  canWrite,
  onClose,
  onChanged,
}: {
  id: string;
  canWrite: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const detail = useApi((signal) => rehabApi.enrolment(id, signal), [id]);
  const [step, setStep] = useState<'session' | 'discharge'>();
  const e = detail.data;
  const done = () => {
    setStep(undefined);
    detail.reload();
    onChanged();
  };
  return (
    <Drawer
      open
      title="康复服务记录"
      size="large"
      onClose={onClose}
      extra={
        canWrite && e?.status === 'enrolled' ? (
          <Space>
            <Button type="primary" onClick={() => setStep('session')}>
              登记服务
            </Button>
            <Button onClick={() => setStep('discharge')}>结案</Button>
          </Space>
        ) : null
      }
    >
      {e && (
        <>
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              { key: 'n', label: '姓名', children: e.personName },
              { key: 'i', label: '身份证号', children: e.residentIdMasked },
              { key: 'b', label: '对象类别', children: e.basisLabel },
              { key: 'in', label: '服务机构', children: e.institutionName },
              { key: 'on', label: '入组日期', children: e.enrolledOn },
              {
                key: 's',
                label: '状态',
                children:
                  e.status === 'enrolled' ? '服务中' : `已结案（${e.dischargedOn}，${e.dischargeReason}）`,
              },
            ]}
          />
          <Table
            size="small"
            rowKey="id"
            style={{ marginTop: 12 }}
            dataSource={e.sessionList}
            pagination={false}
            locale={{ emptyText: '还没有服务记录' }}
            columns={[
              { title: '日期', dataIndex: 'heldOn' },
              { title: '服务类型', dataIndex: 'kindLabel' },
              { title: '时长（分钟）', dataIndex: 'minutes' },
              { title: '备注', dataIndex: 'note' },
            ]}
          />
        </>
      )}
      <FormDialog<{ heldOn: string; kind: RehabService; minutes?: number; note?: string }>
        title="登记一次服务"
        open={step === 'session'}
        onClose={() => setStep(undefined)}
        initialValues={{ heldOn: beijingToday(), kind: 'daily_life' }}
        submit={async (v) => {
          await rehabApi.session(id, v);
          done();
        }}
      >
        {() => (
          <>
            <Form.Item name="heldOn" label="服务日期" rules={[{ required: true, message: '请填写日期' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="kind" label="服务类型">
              <Select options={serviceOptions} />
            </Form.Item>
            <Form.Item name="minutes" label="时长（分钟）">
              <InputNumber min={1} max={600} />
            </Form.Item>
            <Form.Item name="note" label="备注">
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
      </FormDialog>
      <FormDialog<{ dischargedOn: string; reason: string }>
        title="结案"
        open={step === 'discharge'}
        onClose={() => setStep(undefined)}
        initialValues={{ dischargedOn: beijingToday() }}
        submit={async (v) => {
          await rehabApi.discharge(id, v);
          done();
        }}
      >
        {() => (
          <>
            <Form.Item
              name="dischargedOn"
              label="结案日期"
              rules={[{ required: true, message: '请填写日期' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="reason" label="结案原因" rules={[{ required: true, message: '请填写结案原因' }]}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
      </FormDialog>
    </Drawer>
  );
}
