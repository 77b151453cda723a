/**
 * Tab 申请与时限 of /disability/applications/:id: the applicant and certificate, the materials
 * (attachments of owner type `disability_application`), the three R-DIS-06 deadlines with their
 * countdowns, the window's actions (材料齐全, 转户籍地, 告知申请人, 撤回) and the national-system exchanges.
 */
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import { AttachmentsPanel } from '../../app/attachments';
import { applyServerError } from '../../app/form-errors';
import { beijingToday, formatDate, formatDateTime } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import type { ApplicationSectionProps } from './application-sections';
import { Countdown } from './applications-page';
import { applicationStatusColors, applicationsApi, type ApplicationDetail } from './applications.api';

const NOTIFY_HOW = {
  phone: '电话告知',
  sms: '短信告知',
  in_person: '当面告知',
  letter: '书面送达',
  national_system: '经全国系统告知',
} as const;
const EXCHANGE_KIND = {
  received: '收到全国系统转来的申请',
  pushed: '录入全国系统并推送户籍地',
  answered: '户籍地回复',
  result: '户籍地审核结果',
  note: '其他往来记录',
} as const;

type ActionKind = 'materials' | 'forward' | 'notify' | 'withdraw' | 'exchange';

export function ApplicationsSection(props: ApplicationSectionProps) {
  const { applicationId, revision } = props;
  const [local, setLocal] = useState(0);
  const loaded = useApi(
    (signal) => applicationsApi.detail(applicationId, signal),
    [applicationId, revision, local],
  );
  const { data: a, error, loading } = loaded;
  const [acting, setActing] = useState<ActionKind>();
  if (error) return <LoadError title="申请加载失败" error={error} onRetry={() => loaded.reload()} />;
  if (!a) return <Spin spinning={loading} />;
  const done = () => {
    setActing(undefined);
    setLocal((n) => n + 1);
    props.onChanged();
  };
  const step = (label: string, due: string | null, doneOn: string | null) => ({
    title: label,
    content: doneOn ? `${formatDate(doneOn)} 已办` : due ? `时限 ${formatDate(due)}` : '—',
    status: doneOn
      ? ('finish' as const)
      : due && due < beijingToday()
        ? ('error' as const)
        : ('wait' as const),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      {a.countdown && (
        <Alert
          type={a.countdown.overdueDays > 0 ? 'error' : 'info'}
          showIcon
          title={
            <Space wrap>
              <span>当前：{a.countdown.text}</span>
              <Countdown a={a} />
            </Space>
          }
          description={nextStepText(a)}
        />
      )}
      {a.nameGiven && (
        <Alert
          type="warning"
          showIcon
          title={`网上填报的姓名“${a.nameGiven}”与人员库登记的“${a.name}”不一致：请核验身份证件后再登记材料齐全，或撤回申请。`}
        />
      )}
      <Card
        title="申请与时限"
        extra={
          <Space wrap>
            {a.canCompleteMaterials && (
              <Button type="primary" onClick={() => setActing('materials')} data-testid="materials-complete">
                核验身份、材料齐全
              </Button>
            )}
            {a.canForward && (
              <Button type="primary" onClick={() => setActing('forward')} data-testid="forward">
                {a.nationalExchange ? '录入全国系统、推送户籍地' : '转户籍地'}
              </Button>
            )}
            {a.canNotify && (
              <Button type="primary" onClick={() => setActing('notify')}>
                登记已告知申请人
              </Button>
            )}
            {a.canRecordExchange && <Button onClick={() => setActing('exchange')}>登记全国系统往来</Button>}
            {a.canWithdraw && (
              <Button danger onClick={() => setActing('withdraw')}>
                撤回申请
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
          <Descriptions.Item label="申请编号">{a.applicationNo}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag color={applicationStatusColors[a.status]}>{a.statusLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="渠道">
            {a.channelLabel}
            {a.nationalExchange && (
              <Tag color="purple" style={{ marginLeft: 4 }}>
                全国系统
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="姓名">{a.name}</Descriptions.Item>
          <Descriptions.Item label="公民身份号码">{a.residentIdMasked}</Descriptions.Item>
          <Descriptions.Item label="联系电话">{a.phoneMasked}</Descriptions.Item>
          <Descriptions.Item label="残疾人证">
            {a.certificateNumberMasked ?? '—'} {a.categoryLabel} {a.gradeLabel}{' '}
            {a.certificateInRegister ? (
              <Tag>{a.certificateStatusLabel}</Tag>
            ) : (
              <Tag color="orange">证库中暂无，待残联核实</Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="申请补贴">{a.subsidiesLabel}</Descriptions.Item>
          <Descriptions.Item label="申请人">
            {a.applicantRelationLabel}
            {a.applicantName ? ` ${a.applicantName}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="受理窗口">
            {a.receivedDivisionName ?? '—（网上或全国系统）'}
          </Descriptions.Item>
          <Descriptions.Item label="户籍地">{a.divisionName}</Descriptions.Item>
          <Descriptions.Item label="申请日期 / 计发月份">
            {formatDate(a.submittedOn)} / {a.payFromMonth ?? '—'}
          </Descriptions.Item>
          {a.outcomes.length > 0 && (
            <Descriptions.Item label="审核结果" span={3}>
              {a.outcomes.map((o) => `${o.label}：${o.outcomeLabel}`).join('；')}
              {a.decisionReason ? `（${a.decisionReason}）` : ''}
            </Descriptions.Item>
          )}
          {a.notifiedOn && (
            <Descriptions.Item label="告知申请人" span={3}>
              {formatDate(a.notifiedOn)} {a.notifiedHowLabel} {a.notifyNote ?? ''}
            </Descriptions.Item>
          )}
          {a.withdrawnOn && (
            <Descriptions.Item label="撤回" span={3}>
              {formatDate(a.withdrawnOn)}：{a.withdrawnReason}
            </Descriptions.Item>
          )}
          {a.note && (
            <Descriptions.Item label="备注" span={3}>
              {a.note}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Steps
          style={{ marginTop: 16 }}
          size="small"
          items={[
            step('材料齐全', null, a.materialsCompleteOn),
            step('转户籍地（3 个工作日）', a.forwardDueOn, a.forwardedOn),
            step('审核决定（10 个工作日）', a.decideDueOn, a.decidedOn),
            step('告知申请人（3 个工作日）', a.notifyDueOn, a.notifiedOn),
          ]}
        />
        {a.dueProvisional && (
          <Typography.Paragraph type="warning" style={{ marginTop: 8 }}>
            时限跨入尚未公布节假日安排的年份，按周末计算，为暂定时限。
          </Typography.Paragraph>
        )}
        {a.escalations.length > 0 && (
          <Typography.Paragraph type="danger" style={{ marginTop: 8 }}>
            督办记录：
            {a.escalations
              .map(
                (e) =>
                  `${e.stageLabel}（时限 ${formatDate(e.dueOn)}，${formatDate(e.escalatedOn)} 登记逾期）`,
              )
              .join('；')}
          </Typography.Paragraph>
        )}
      </Card>
      <AttachmentsPanel
        ownerType="disability_application"
        ownerId={a.id}
        title="申请材料"
        readOnly={!a.canWithdraw && !a.canCompleteMaterials}
      />
      {(a.nationalExchange || a.exchanges.length > 0) && (
        <Card title="全国系统往来记录（跨省通办，手工登记）">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={a.exchanges}
            locale={{ emptyText: '还没有往来记录' }}
            columns={[
              { title: '日期', render: (_, e) => formatDate(e.on) },
              { title: '事项', render: (_, e) => e.kindLabel },
              { title: '全国系统编号', render: (_, e) => e.reference ?? '—' },
              { title: '说明', render: (_, e) => e.note ?? '' },
              { title: '登记', render: (_, e) => `${e.recordedBy} ${formatDateTime(e.recordedAt)}` },
            ]}
          />
        </Card>
      )}
      <ActionDialog a={a} kind={acting} onClose={() => setActing(undefined)} onDone={done} />
    </Space>
  );
}

function nextStepText(a: ApplicationDetail): string {
  switch (a.countdown?.stage) {
    case 'materials':
      return '核验申请人身份证件、户口簿、残疾人证等原件，上传材料后点“核验身份、材料齐全”。';
    case 'forward':
      return a.nationalExchange
        ? '在全国两项补贴信息系统中录入并推送户籍地，再点“录入全国系统、推送户籍地”登记编号。'
        : '材料齐全后 3 个工作日内点“转户籍地”，户籍地乡镇和县级部门即可审核。';
    case 'decide':
      return '户籍地县残联审核证件等级、县民政审核低保和户籍，10 个工作日内作出决定（见“审核”页）。';
    case 'notify':
      return '结果作出后 3 个工作日内告知申请人，并登记告知方式。';
    default:
      return '';
  }
}

function ActionDialog({
  a,
  kind,
  onClose,
  onDone,
}: {
  a: ApplicationDetail;
  kind: ActionKind | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<Record<string, string>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const exchangeKind = Form.useWatch('kind', form);
  const titles: Record<ActionKind, string> = {
    materials: '核验身份、登记材料齐全',
    forward: a.nationalExchange ? '录入全国系统、推送户籍地' : '转户籍地',
    notify: '登记已告知申请人',
    withdraw: '撤回申请',
    exchange: '登记全国系统往来',
  };
  const submit = async () => {
    if (!kind) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    const on = v.on || undefined;
    try {
      if (kind === 'materials') await applicationsApi.completeMaterials(a.id, { on, note: v.note || null });
      if (kind === 'forward')
        await applicationsApi.forward(a.id, { on, reference: v.reference || null, note: v.note || null });
      if (kind === 'notify') await applicationsApi.notify(a.id, { on, how: v.how, note: v.note || null });
      if (kind === 'withdraw') await applicationsApi.withdraw(a.id, { reason: v.reason });
      if (kind === 'exchange') {
        await applicationsApi.exchange(a.id, {
          kind: v.kind,
          on: v.on,
          reference: v.reference || null,
          note: v.note || null,
          outcomes:
            v.kind === 'result'
              ? {
                  ...(a.subsidies.includes('living') ? { living: v.living } : {}),
                  ...(a.subsidies.includes('care') ? { care: v.care } : {}),
                }
              : null,
        });
      }
      void message.success('已登记');
      form.resetFields();
      onDone();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  const outcome = (name: string, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: '请选择审核结果' }]}>
      <Radio.Group
        options={[
          { value: 'granted', label: '准予享受' },
          { value: 'refused', label: '不予享受' },
        ]}
      />
    </Form.Item>
  );
  return (
    <Modal
      title={kind ? titles[kind] : ''}
      open={kind !== undefined}
      onCancel={onClose}
      okText="确定"
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="disability-application-action"
        initialValues={{ how: 'phone', kind: 'answered' }}
      >
        {kind === 'withdraw' ? (
          <Form.Item
            name="reason"
            label="撤回原因"
            rules={[{ required: true, min: 2, message: '请填写撤回原因（至少 2 个字）' }]}
          >
            <Input.TextArea maxLength={200} rows={3} />
          </Form.Item>
        ) : (
          <>
            {kind === 'exchange' && (
              <Form.Item name="kind" label="事项">
                <Select options={Object.entries(EXCHANGE_KIND).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            )}
            <Form.Item
              name="on"
              label="日期（默认今天）"
              rules={kind === 'exchange' ? [{ required: true, message: '请填写日期' }] : []}
            >
              <Input type="date" max={beijingToday()} />
            </Form.Item>
            {kind === 'notify' && (
              <Form.Item name="how" label="告知方式">
                <Select options={Object.entries(NOTIFY_HOW).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            )}
            {(kind === 'forward' || kind === 'exchange') && (
              <Form.Item name="reference" label="全国系统编号">
                <Input maxLength={60} />
              </Form.Item>
            )}
            {kind === 'exchange' && exchangeKind === 'result' && (
              <>
                {a.subsidies.includes('living') && outcome('living', '生活补贴')}
                {a.subsidies.includes('care') && outcome('care', '护理补贴')}
              </>
            )}
            <Form.Item name="note" label="说明">
              <Input.TextArea maxLength={500} rows={2} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
