import { FileSearchOutlined, HeartOutlined, PrinterOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { reasonSchema } from '@social-affairs/kernel/contracts';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { formatDate } from '../../app/format';
import { LedgerTable, LoadError, choiceFilter, useListQuery } from '../../app/list-page';
import { PageHeader } from '../../app/page-header';
import { openPrintable } from '../../app/print-document';
import { useApi } from '../../app/use-api';
import { useSubmit } from '../../app/use-submit';
import { zodRule } from '../../app/zod-rule';
import { AppointmentsCard } from './appointments-card';
import {
  divorceStatusLabels,
  marriageApi,
  marriageUrls,
  statusLabels,
  type DivorceViewDto,
  type MaritalStatusViewDto,
} from './marriage.api';
import { MarriageNav } from './marriage-nav';
import { useWorkingRegistry } from './use-registry';

const divorceStatusOptions: { value: DivorceViewDto['status'] | 'all'; label: string }[] = [
  { value: 'cooling_off', label: '冷静期及共同申领期' },
  ...(Object.keys(divorceStatusLabels) as DivorceViewDto['status'][])
    .filter((s) => s !== 'cooling_off')
    .map((value) => ({ value, label: divorceStatusLabels[value] })),
  { value: 'all', label: '全部' },
];
const filters = {
  divorceStatus: choiceFilter(Object.fromEntries(divorceStatusOptions.map((o) => [o.value, o.label]))),
};

/** 冷静期剩余 12 天 / 共同申领剩余 3 天, with the deadline; red in the last three days. */
export function DeadlineTag({ d }: { d: DivorceViewDto }) {
  if (d.phase === 'closed' || d.daysLeft === null) {
    return (
      <Space size={4} wrap style={{ maxWidth: 320 }}>
        <Tag color={d.status === 'terminated_by_judgment' ? 'volcano' : undefined}>
          {divorceStatusLabels[d.status]}
        </Tag>
        {d.closedOn && <Typography.Text type="secondary">{d.closedOn}</Typography.Text>}
        {d.judgment && (
          <Typography.Text type="secondary">
            {d.judgment.court}
            {d.judgment.caseNumber}（{d.judgment.outcome === 'void' ? '确认婚姻无效' : '撤销婚姻'}）
          </Typography.Text>
        )}
      </Space>
    );
  }
  const label = d.phase === 'withdrawal' ? '冷静期剩余' : '共同申领剩余';
  const until = d.phase === 'withdrawal' ? d.withdrawalEndsOn : d.jointRequestEndsOn;
  return (
    <Space size={4} wrap style={{ maxWidth: 220 }}>
      <Tag color={d.daysLeft <= 3 ? 'red' : d.phase === 'withdrawal' ? 'blue' : 'gold'}>
        {label} {d.daysLeft} 天
      </Tag>
      <Typography.Text type="secondary">至 {until}</Typography.Text>
      {d.provisional && <Tag title="次年节假日安排尚未公布，期限暂按周末计算，公布后自动更正">暂定</Tag>}
    </Space>
  );
}

function WithdrawDialog({
  divorce,
  registryId,
  onDone,
  onClose,
}: {
  divorce: DivorceViewDto;
  registryId: string;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{
    party: 'husband' | 'wife';
    presentInPerson: boolean;
    receiptOrExplanation: boolean;
  }>();
  const { busy, error, submit } = useSubmit();
  return (
    <Modal
      open
      title="撤回离婚登记申请"
      okText="确认撤回"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          await submit(async () => {
            await marriageApi.withdraw(divorce.id, { registryId, ...values });
            void message.success('已撤回，离婚登记程序终止');
            onDone();
          });
        })
      }
    >
      <Typography.Paragraph type="secondary">
        冷静期内（至 {divorce.withdrawalEndsOn}
        ）任何一方可单独撤回，须本人到场并出具受理回执单（遗失的书面说明）。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="divorce-withdraw"
        initialValues={{ presentInPerson: false, receiptOrExplanation: false }}
      >
        <Form.Item name="party" label="撤回方" rules={[{ required: true, message: '请选择撤回方' }]}>
          <Radio.Group
            options={[
              { value: 'husband', label: `男方 ${divorce.husband.name}` },
              { value: 'wife', label: `女方 ${divorce.wife.name}` },
            ]}
          />
        </Form.Item>
        <Form.Item name="presentInPerson" valuePropName="checked">
          <Checkbox>撤回方本人亲自到场，已核验身份证件</Checkbox>
        </Form.Item>
        <Form.Item name="receiptOrExplanation" valuePropName="checked">
          <Checkbox>已出具受理回执单（或遗失情况的书面说明）</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function IssueDialog({
  divorce,
  registryId,
  onDone,
  onClose,
}: {
  divorce: DivorceViewDto;
  registryId: string;
  onDone: () => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{
    husbandPresent: boolean;
    wifePresent: boolean;
    bothStillWishToDivorce: boolean;
    agreementConfirmed: boolean;
  }>();
  const { busy, error, submit } = useSubmit();
  return (
    <Modal
      open
      title="审查并发给离婚证"
      okText="登记离婚并发证"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          await submit(async () => {
            const done = await marriageApi.issueDivorce(divorce.id, { registryId, ...values });
            void message.success(`已登记离婚，离婚证字号 ${done.certificateNo ?? ''}`);
            openPrintable(marriageUrls.divorcePdf(divorce.id, 'certificate'), '离婚证');
            onDone();
          });
        })
      }
    >
      <Typography.Paragraph type="secondary">
        冷静期届满后三十日内（{divorce.jointRequestStartsOn} 至 {divorce.jointRequestEndsOn}
        ），双方须共同到受理机关申请。登记后婚姻关系即解除，不可撤销。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="divorce-issue"
        initialValues={{
          husbandPresent: false,
          wifePresent: false,
          bothStillWishToDivorce: false,
          agreementConfirmed: false,
        }}
      >
        <Form.Item name="husbandPresent" valuePropName="checked">
          <Checkbox>男方 {divorce.husband.name} 本人到场</Checkbox>
        </Form.Item>
        <Form.Item name="wifePresent" valuePropName="checked">
          <Checkbox>女方 {divorce.wife.name} 本人到场</Checkbox>
        </Form.Item>
        <Form.Item name="bothStillWishToDivorce" valuePropName="checked">
          <Checkbox>双方仍自愿离婚</Checkbox>
        </Form.Item>
        <Form.Item name="agreementConfirmed" valuePropName="checked">
          <Checkbox>双方对子女抚养、财产及债务处理等事项协商一致</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StatusQueryCard() {
  const [form] = Form.useForm<{ residentId: string; reason: string }>();
  const [result, setResult] = useState<MaritalStatusViewDto>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Card
      title="婚姻状况查询"
      extra={<Typography.Text type="secondary">须填写事由，记入审计日志</Typography.Text>}
    >
      <Form
        form={form}
        name="marital-status"
        layout="inline"
        style={{ rowGap: 12 }}
        onFinish={(values) =>
          void (async () => {
            setBusy(true);
            setError(undefined);
            try {
              setResult(await marriageApi.status(values));
            } catch (e) {
              setResult(undefined);
              setError(errorText(e));
            } finally {
              setBusy(false);
            }
          })()
        }
      >
        <Form.Item name="residentId" rules={[{ required: true, message: '请输入身份证号码' }]}>
          <Input placeholder="公民身份号码" style={{ width: 200 }} autoComplete="off" />
        </Form.Item>
        <Form.Item name="reason" rules={[{ required: true, message: '请填写事由' }, zodRule(reasonSchema)]}>
          <Input placeholder="查询事由，如：办理补领结婚证" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SearchOutlined />} loading={busy}>
            查询
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="warning" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && (
        <Descriptions size="small" column={2} style={{ marginTop: 16 }} bordered>
          <Descriptions.Item label="姓名">{result.name}</Descriptions.Item>
          <Descriptions.Item label="公民身份号码">{result.residentIdMasked}</Descriptions.Item>
          <Descriptions.Item label="婚姻状况">
            <Tag color="blue">
              {result.code} {result.label}
            </Tag>
            <Typography.Text type="secondary">截至 {result.asOf}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="登记记录">
            {result.history.length === 0
              ? '无'
              : result.history.map((h) => (
                  <div key={h.marriageId}>
                    {h.registeredOn} 与 {h.spouseName}（{h.registryName}）· {statusLabels[h.status]}
                    {h.endedOn ? ` ${h.endedOn}` : ''}
                  </div>
                ))}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

/** 婚姻登记工作台: the registry the clerk works at, today's appointments, divorces in their windows. */
export function MarriageWorkbenchPage() {
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('marriage:write');
  const { current } = useDivision();
  const { registries, registry, setRegistryId, error: registryError } = useWorkingRegistry();
  // Open applications by default; closed ones (撤回, 视为撤回, 已登记, 终止) on request.
  // Kept in the URL, so the back button and a shared link keep the choice.
  const filter = useListQuery({ filters });
  const divorceStatus = filter.query.divorceStatus ?? 'cooling_off';
  const divorces = useApi(
    (signal) =>
      marriageApi.divorces(
        { division: current.code, status: divorceStatus === 'all' ? undefined : divorceStatus },
        signal,
      ),
    [current.code, divorceStatus],
  );
  const [dialog, setDialog] = useState<{ kind: 'withdraw' | 'issue'; divorce: DivorceViewDto }>();

  const columns: TableColumnsType<DivorceViewDto> = [
    {
      title: '当事人',
      render: (_, d) => (
        <div>
          <div>
            男方 {d.husband.name}{' '}
            <Typography.Text type="secondary">{d.husband.residentIdMasked ?? ''}</Typography.Text>
          </div>
          <div>
            女方 {d.wife.name}{' '}
            <Typography.Text type="secondary">{d.wife.residentIdMasked ?? ''}</Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: '受理',
      render: (_, d) => (
        <div>
          <div>{formatDate(d.receivedOn)}</div>
          <Typography.Text type="secondary">{d.registryName}</Typography.Text>
        </div>
      ),
    },
    { title: '期限 / 状态', render: (_, d) => <DeadlineTag d={d} /> },
    {
      title: '操作',
      render: (_, d) => (
        <Space>
          {canWrite && registry?.id === d.registryId && d.phase === 'withdrawal' && (
            <Button size="small" onClick={() => setDialog({ kind: 'withdraw', divorce: d })}>
              撤回
            </Button>
          )}
          {canWrite && registry?.id === d.registryId && d.phase === 'joint_request' && (
            <Button size="small" type="primary" onClick={() => setDialog({ kind: 'issue', divorce: d })}>
              发给离婚证
            </Button>
          )}
          {canWrite && (
            <Button
              size="small"
              icon={<PrinterOutlined />}
              href={marriageUrls.divorcePdf(d.id, 'receipt')}
              target="_blank"
              title="打印受理回执单"
              aria-label="打印受理回执单"
            />
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="婚姻登记工作台"
        subTitle={registry ? `${registry.name} · ${registry.officeHours}` : undefined}
        extra={
          registries.length > 0 && (
            <Select
              aria-label="办理机关"
              style={{ width: 260 }}
              value={registry?.id}
              onChange={setRegistryId}
              options={registries.map((r) => ({ value: r.id, label: r.name }))}
            />
          )
        }
      />
      <MarriageNav />
      {registryError !== undefined && (
        <Alert type="error" showIcon title={errorText(registryError)} style={{ marginBottom: 16 }} />
      )}
      {canWrite && registries.length === 0 && !registryError && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="您没有有效的婚姻登记员资格"
          description="婚姻登记员须持证上岗。请联系本级系统管理员登记您的资格证书及所在婚姻登记机关。"
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card
            title={`离婚登记申请${divorces.data ? ` · ${divorces.data.length} 件` : ''}`}
            style={{ marginBottom: 16 }}
            extra={
              <Select
                aria-label="申请状态"
                size="small"
                style={{ width: 190 }}
                value={divorceStatus}
                onChange={(value) => filter.setFilters({ divorceStatus: value })}
                options={divorceStatusOptions}
              />
            }
          >
            <LoadError error={divorces.error} title="离婚登记申请加载失败" onRetry={divorces.reload} />
            <LedgerTable<DivorceViewDto>
              card={false}
              rowKey="id"
              size="small"
              loading={divorces.loading}
              columns={columns}
              dataSource={divorces.data ?? []}
              pageSize={10}
              unit="件"
              empty={
                divorceStatus === 'cooling_off'
                  ? '暂无处于冷静期的离婚登记申请。受理离婚请到“档案查询”找到婚姻记录后办理。'
                  : '没有该状态的离婚登记申请。'
              }
            />
          </Card>
          <StatusQueryCard />
        </Col>
        <Col xs={24} xl={8}>
          <Card title="办理" style={{ marginBottom: 16 }}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Link to="/marriage/register">
                <Button type="primary" block icon={<HeartOutlined />} disabled={!canWrite || !registry}>
                  办理结婚登记
                </Button>
              </Link>
              <Link to="/marriage/register?supplementary=1">
                <Button block disabled={!canWrite || !registry}>
                  补办结婚登记
                </Button>
              </Link>
              <Link to="/marriage/records">
                <Button block icon={<FileSearchOutlined />}>
                  档案查询 · 受理离婚 · 补领
                </Button>
              </Link>
            </Space>
          </Card>
          <AppointmentsCard registry={registry} />
        </Col>
      </Row>
      {dialog && registry && dialog.kind === 'withdraw' && (
        <WithdrawDialog
          divorce={dialog.divorce}
          registryId={registry.id}
          onClose={() => setDialog(undefined)}
          onDone={() => {
            setDialog(undefined);
            divorces.reload();
          }}
        />
      )}
      {dialog && registry && dialog.kind === 'issue' && (
        <IssueDialog
          divorce={dialog.divorce}
          registryId={registry.id}
          onClose={() => setDialog(undefined)}
          onDone={() => {
            setDialog(undefined);
            divorces.reload();
          }}
        />
      )}
    </>
  );
}
