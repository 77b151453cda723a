/**
 * 审核 tab of the application page: the facts found in the registries with their sources and dates, the
 * eligibility per subsidy with reasons and rule ids, the approval chain, and the form of the step the
 * signed-in user may act on (township check with declarations and evidence, federation review, civil
 * affairs decision per subsidy, objection, end of notice). A refused submit keeps what was typed and shows
 * the server's message beside the field.
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { AttachmentPicker } from '../../app/attachments/attachment-picker';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import { useApi } from '../../app/use-api';
import type { ApplicationSectionProps } from './application-sections';
import { reviewApi, type ReviewView } from './review.api';

const PROGRAM_LABELS: Record<string, string> = { dibao: '低保', tekun: '特困' };
const OTHER_KIND_LABELS = {
  elderly: '老年人福利类补贴',
  work_disability: '因公致残类补贴',
  retirement: '离休干部护理类补贴',
};

function FactsCard({ v }: { v: ReviewView }) {
  const f = v.facts;
  return (
    <Card size="small" title={`登记库核查事实（以申请日 ${formatDate(f.on)} 为准，非经办人填写）`}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="户籍与生存状态">
          {f.person.name}（{f.person.residentIdMasked ?? '无身份证号'}），户籍 {f.person.hukouDivisionCode}，
          {f.person.status === 'alive' ? '在世' : `已故（${formatDate(f.person.deathDate)}）`}
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {' '}
            来源：{f.person.source}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="残疾人证">
          {f.certificate ? (
            <>
              {f.certificate.numberMasked}，{f.certificate.categoryLabel}
              {f.certificate.gradeLabel}，
              <Tag color={f.certificate.status === 'valid' ? 'success' : 'error'}>
                {f.certificate.statusLabel}
              </Tag>
              {f.certificate.validUntil ? `有效期至 ${formatDate(f.certificate.validUntil)}` : ''}
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {' '}
                来源：{f.certificate.source}
              </Typography.Text>
            </>
          ) : (
            <Typography.Text type="danger">残疾人证登记库中没有该申请人的残疾人证</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="申请日低保/特困">
          {f.assistanceOn.length === 0
            ? '不在低保、特困名单'
            : f.assistanceOn.map((s) => (
                <div key={s.program}>
                  {s.label}（{formatDate(s.fromDate)} 起{s.toDate ? `至 ${formatDate(s.toDate)}` : ''}）
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {' '}
                    来源：{s.source}
                  </Typography.Text>
                </div>
              ))}
        </Descriptions.Item>
        <Descriptions.Item label="低保/特困历史">
          {f.assistanceHistory.length === 0
            ? '无'
            : f.assistanceHistory
                .map(
                  (h) =>
                    `${PROGRAM_LABELS[h.program] ?? h.program} ${h.fromDate}～${h.toDate ?? '至今'}（${h.divisionCode}）`,
                )
                .join('；')}
        </Descriptions.Item>
        <Descriptions.Item label="乡镇初审申报">
          {f.declared.declaredBy ? (
            <>
              {[
                f.declared.orphanSupport && '孤儿基本生活保障',
                f.declared.childWelfareInstitution && '儿童福利机构供养',
                f.declared.workInjuryCareAllowance && '工伤保险生活护理费',
                f.declared.lowIncome && '低收入家庭',
                f.declared.elderlyParents && '依老养残',
                f.declared.multipleDisabled && '一户多残',
                f.declared.otherBenefit &&
                  `${OTHER_KIND_LABELS[f.declared.otherBenefit.kind]}（${SUB[f.declared.otherBenefit.subsidy]}，每月 ${(f.declared.otherBenefit.amountFen / 100).toFixed(2)} 元）`,
              ]
                .filter(Boolean)
                .join('、') || '无其他情况'}
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {f.declared.declaredBy} 于 {formatDateTime(f.declared.declaredAt)} 申报，证明材料{' '}
                {f.declared.evidenceAttachmentIds.length} 份
              </Typography.Text>
            </>
          ) : (
            '尚未初审'
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

const SUB = { living: '生活补贴', care: '护理补贴' } as const;

function EligibilityCard({ v }: { v: ReviewView }) {
  return (
    <Card size="small" title="资格判断（R-DIS-01、R-DIS-03）">
      <Table
        size="small"
        pagination={false}
        rowKey="subsidy"
        dataSource={v.eligibility}
        columns={[
          {
            title: '补贴',
            render: (_, e) => (
              <>
                {e.label}
                {!e.applied && <Tag style={{ marginLeft: 8 }}>未申请</Tag>}
              </>
            ),
          },
          {
            title: '结论',
            render: (_, e) => (
              <Tag color={e.eligible ? 'success' : 'error'}>{e.eligible ? '符合' : '不符合'}</Tag>
            ),
          },
          {
            title: '理由与依据',
            render: (_, e) =>
              e.reasons.map((r) => (
                <div key={r.code}>
                  {r.text}{' '}
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    （{r.rule}）
                  </Typography.Text>
                </div>
              )),
          },
        ]}
      />
    </Card>
  );
}

function ChainCard({ v }: { v: ReviewView }) {
  const a = v.approval;
  if (!a) return null;
  const current = a.plan.findIndex((p) => p.key === v.currentStepKey);
  return (
    <Card size="small" title={`审核环节：${a.title}`}>
      <Steps
        size="small"
        current={current >= 0 ? current : a.plan.length}
        status={a.status === 'rejected' ? 'error' : undefined}
        items={a.plan.map((p) => {
          const done = [...a.steps].reverse().find((s) => s.key === p.key);
          return {
            title: p.title,
            description: done?.decidedByUsername
              ? `${done.decidedByUsername} ${formatDateTime(done.decidedAt)}`
              : done && done.status === 'open'
                ? `${formatDate(done.dueOn)} 前办结${done.dueProvisional ? '（节假日未公布，暂按周末计算）' : ''}${done.overdue ? '，已逾期' : ''}`
                : undefined,
          };
        })}
      />
      {a.decisions.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 12 }}
          pagination={false}
          rowKey={(d) => `${d.at}-${d.action}`}
          dataSource={a.decisions}
          columns={[
            { title: '时间', render: (_, d) => formatDateTime(d.at) },
            { title: '人员', dataIndex: 'actorUsername' },
            { title: '操作', render: (_, d) => ACTION_LABELS[d.action] ?? d.action },
            { title: '意见', render: (_, d) => d.reason ?? '' },
          ]}
        />
      )}
    </Card>
  );
}

const ACTION_LABELS: Record<string, string> = {
  submit: '提交',
  approve: '通过',
  reject: '不予批准',
  return: '退回补正',
  resubmit: '重新提交',
  withdraw: '撤回',
  escalate: '逾期督办',
};

interface ActionProps {
  v: ReviewView;
  onDone: (next: ReviewView) => void;
}

function SubmitForm({ v, onDone }: ActionProps) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title="提交审核">
      <Form
        form={form}
        layout="vertical"
        onFinish={(values: { note?: string }) =>
          void (async () => {
            setBusy(true);
            try {
              onDone(await reviewApi.submit(v.applicationId, { note: values.note ?? null }));
            } catch (e) {
              setError(applyServerError(form, e));
            } finally {
              setBusy(false);
            }
          })()
        }
      >
        <Form.Item name="note" label="说明（可选）">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          提交审核
        </Button>
      </Form>
    </Card>
  );
}

function TownshipForm({ v, onDone }: ActionProps) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const hasOther = Form.useWatch('hasOther', form) as boolean | undefined;
  const send = async (decision: 'approve' | 'return') => {
    const values = form.getFieldsValue() as Record<string, unknown>;
    setBusy(true);
    setError(undefined);
    try {
      onDone(
        await reviewApi.townshipCheck(v.applicationId, {
          decision,
          reason: (values.reason as string | undefined) ?? null,
          stepId: v.approval?.currentStep?.id,
          orphanSupport: !!values.orphanSupport,
          childWelfareInstitution: !!values.childWelfareInstitution,
          workInjuryCareAllowance: !!values.workInjuryCareAllowance,
          lowIncome: !!values.lowIncome,
          elderlyParents: !!values.elderlyParents,
          multipleDisabled: !!values.multipleDisabled,
          otherBenefit: values.hasOther
            ? {
                kind: values.otherKind,
                subsidy: values.otherSubsidy,
                amountFen: Math.round(Number(values.otherYuan ?? 0) * 100),
              }
            : null,
          evidenceAttachmentIds: values.evidence ? [values.evidence] : [],
          note: (values.note as string | undefined) ?? null,
        }),
      );
    } catch (e) {
      setError(
        applyServerError(form, e, {
          evidenceAttachmentIds: 'evidence',
          'otherBenefit.amountFen': 'otherYuan',
        }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="乡镇（街道）初审：申报登记库没有的情况">
      <Typography.Paragraph type="secondary">
        残疾人证、低保特困、户籍和生存状态由系统从登记库核查，无需填写。以下情况登记库没有，如有请勾选并上传证明材料（R-DIS-03：孤儿、工伤护理费、其他福利补贴择高享受；R-DIS-01
        地方扩面）。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ otherKind: 'elderly', otherSubsidy: 'care' }}>
        <Space wrap>
          <Form.Item name="orphanSupport" valuePropName="checked" noStyle>
            <Checkbox>享受孤儿基本生活保障</Checkbox>
          </Form.Item>
          <Form.Item name="childWelfareInstitution" valuePropName="checked" noStyle>
            <Checkbox>儿童福利机构供养</Checkbox>
          </Form.Item>
          <Form.Item name="workInjuryCareAllowance" valuePropName="checked" noStyle>
            <Checkbox>享受工伤保险生活护理费</Checkbox>
          </Form.Item>
          <Form.Item name="lowIncome" valuePropName="checked" noStyle>
            <Checkbox>低收入家庭</Checkbox>
          </Form.Item>
          <Form.Item name="elderlyParents" valuePropName="checked" noStyle>
            <Checkbox>依老养残</Checkbox>
          </Form.Item>
          <Form.Item name="multipleDisabled" valuePropName="checked" noStyle>
            <Checkbox>一户多残</Checkbox>
          </Form.Item>
          <Form.Item name="hasOther" valuePropName="checked" noStyle>
            <Checkbox>同时享受其他福利性补贴</Checkbox>
          </Form.Item>
        </Space>
        {hasOther && (
          <Space wrap style={{ marginTop: 12 }}>
            <Form.Item name="otherKind" label="补贴种类">
              <Select
                style={{ width: 200 }}
                options={Object.entries(OTHER_KIND_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item name="otherSubsidy" label="对应">
              <Select
                style={{ width: 140 }}
                options={[
                  { value: 'living', label: '生活补贴' },
                  { value: 'care', label: '护理补贴' },
                ]}
              />
            </Form.Item>
            <Form.Item name="otherYuan" label="每月金额（元）">
              <InputNumber min={0.01} step={10} style={{ width: 140 }} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="evidence" label="证明材料（申报上述情况时必填）" style={{ marginTop: 12 }}>
          <AttachmentPicker ownerType="disability_application" ownerId={v.applicationId} kind="other" />
        </Form.Item>
        <Form.Item name="reason" label="初审意见（退回补正时必填）">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" loading={busy} onClick={() => void send('approve')}>
            初审通过，报县残联
          </Button>
          <Button loading={busy} onClick={() => void send('return')}>
            退回补正
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function FederationForm({ v, onDone }: ActionProps) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const send = async (decision: 'approve' | 'return') => {
    const values = form.getFieldsValue() as Record<string, unknown>;
    setBusy(true);
    setError(undefined);
    try {
      onDone(
        await reviewApi.federation(v.applicationId, {
          decision,
          certificateConfirmed: !!values.certificateConfirmed,
          categoryGradeConfirmed: !!values.categoryGradeConfirmed,
          reason: (values.reason as string | undefined) ?? null,
          stepId: v.approval?.currentStep?.id,
        }),
      );
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="县残联审核：残疾人证、类别与等级">
      <Form form={form} layout="vertical">
        <Form.Item name="certificateConfirmed" valuePropName="checked">
          <Checkbox>残疾人证为申请人本人所有且有效（第二代残疾人证）</Checkbox>
        </Form.Item>
        <Form.Item name="categoryGradeConfirmed" valuePropName="checked">
          <Checkbox>残疾类别和等级经核实无误</Checkbox>
        </Form.Item>
        <Form.Item name="reason" label="审核意见（未确认或退回时必填）">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" loading={busy} onClick={() => void send('approve')}>
            审核通过，报县民政
          </Button>
          <Button loading={busy} onClick={() => void send('return')}>
            退回补正
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function DecisionForm({ v, onDone }: ActionProps) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const applied = v.eligibility.filter((e) => e.applied);
  const initial = Object.fromEntries(applied.map((e) => [e.subsidy, e.eligible ? 'granted' : 'refused']));
  return (
    <Card size="small" title="县民政部门审核决定">
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values: Record<string, string | undefined>) =>
          void (async () => {
            setBusy(true);
            setError(undefined);
            try {
              onDone(
                await reviewApi.decide(v.applicationId, {
                  living: values.living ?? null,
                  care: values.care ?? null,
                  reason: values.reason ?? null,
                  stepId: v.approval?.currentStep?.id,
                }),
              );
            } catch (e) {
              setError(applyServerError(form, e));
            } finally {
              setBusy(false);
            }
          })()
        }
      >
        {applied.map((e) => (
          <Form.Item key={e.subsidy} name={e.subsidy} label={e.label}>
            <Radio.Group>
              <Radio value="granted">批准</Radio>
              <Radio value="refused">不予批准</Radio>
            </Radio.Group>
          </Form.Item>
        ))}
        <Form.Item name="reason" label="理由（不予批准的须写明，写入决定书）">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Typography.Paragraph type="secondary">
          批准后进入公示（{'5'} 个工作日），公示期满无异议自申请当月（{v.payFromMonth}
          ）起发放；全部不予批准的，告知申请人理由及行政复议、行政诉讼的途径。
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          作出决定
        </Button>
      </Form>
    </Card>
  );
}

function NoticeForms({ v, onDone }: ActionProps) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Card size="small" title={`公示期：${formatDate(v.noticeStartsOn)} 至 ${formatDate(v.noticeEndsOn)}`}>
      {v.actions.endNotice ? (
        <Space direction="vertical">
          <Alert type="success" showIcon title="公示期已满，可以认定发放。" />
          <Button
            type="primary"
            loading={busy}
            onClick={() =>
              void (async () => {
                setBusy(true);
                setError(undefined);
                try {
                  onDone(await reviewApi.endNotice(v.applicationId));
                } catch (e) {
                  setError(applyServerError(form, e));
                } finally {
                  setBusy(false);
                }
              })()
            }
          >
            公示期满，认定发放
          </Button>
        </Space>
      ) : (
        <Typography.Paragraph>
          公示期满后由系统每日自动认定发放，也可在期满后点击“认定发放”。
        </Typography.Paragraph>
      )}
      {v.actions.objection && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 12 }}
          initialValues={{ receivedOn: dayjs() }}
          onFinish={(values: { receivedOn: Dayjs; objector?: string; reason: string }) =>
            void (async () => {
              setBusy(true);
              setError(undefined);
              try {
                onDone(
                  await reviewApi.objection(v.applicationId, {
                    receivedOn: values.receivedOn.format('YYYY-MM-DD'),
                    objector: values.objector ?? null,
                    reason: values.reason,
                  }),
                );
              } catch (e) {
                setError(applyServerError(form, e));
              } finally {
                setBusy(false);
              }
            })()
          }
        >
          <Typography.Text strong>登记公示异议（退回县民政部门复核）</Typography.Text>
          <Space wrap style={{ marginTop: 8 }}>
            <Form.Item name="receivedOn" label="收到日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="objector" label="异议人（可匿名）">
              <Input maxLength={60} />
            </Form.Item>
          </Space>
          <Form.Item name="reason" label="异议内容" rules={[{ required: true, message: '请填写异议内容' }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            登记异议
          </Button>
        </Form>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Card>
  );
}

export function ReviewSection(props: ApplicationSectionProps) {
  const { applicationId, revision } = props;
  const auth = useAuth();
  const [override, setOverride] = useState<ReviewView>();
  const state = useApi((signal) => reviewApi.view(applicationId, signal), [applicationId, revision]);
  const v = override && override.applicationId === applicationId && !state.loading ? override : state.data;
  if (state.error && !v) return <Alert type="error" showIcon title="审核信息加载失败" />;
  if (!v) return <Spin />;
  const onDone = (next: ReviewView) => {
    setOverride(next);
    props.onChanged();
  };
  const outcomeTag = (o: string | null) =>
    o === 'granted' ? (
      <Tag color="success">批准</Tag>
    ) : o === 'refused' ? (
      <Tag color="error">不予批准</Tag>
    ) : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Alert
        type={v.status === 'rejected' ? 'warning' : 'info'}
        showIcon
        title={`${v.statusLabel}：${v.nextStep}`}
        description={
          v.livingOutcome || v.careOutcome ? (
            <div>
              {v.livingOutcome && <span>生活补贴 {outcomeTag(v.livingOutcome)}</span>}
              {v.careOutcome && <span>护理补贴 {outcomeTag(v.careOutcome)}</span>}
              {v.decisionReason && <div>理由：{v.decisionReason}</div>}
              {v.remedy && <div>{v.remedy}</div>}
              {v.status === 'approved' && <Link to="/disability/recipients">查看补贴对象</Link>}
            </div>
          ) : undefined
        }
      />
      {v.actions.submit && <SubmitForm v={v} onDone={onDone} />}
      {v.actions.townshipCheck && <TownshipForm v={v} onDone={onDone} />}
      {v.actions.federationReview && <FederationForm v={v} onDone={onDone} />}
      {v.actions.decide && <DecisionForm v={v} onDone={onDone} />}
      {v.status === 'notice' && auth.hasPermission('disability:read') && (
        <NoticeForms v={v} onDone={onDone} />
      )}
      <FactsCard v={v} />
      <EligibilityCard v={v} />
      {v.approval ? <ChainCard v={v} /> : <Empty description="尚未提交审核" />}
      {v.objections.length > 0 && (
        <Card size="small" title="公示异议">
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={v.objections}
            columns={[
              { title: '收到日期', render: (_, o) => formatDate(o.receivedOn) },
              { title: '异议人', render: (_, o) => o.objector ?? '匿名' },
              { title: '内容', dataIndex: 'reason' },
              {
                title: '复核结果',
                render: (_, o) =>
                  o.outcome === 'upheld'
                    ? '异议成立，改变决定'
                    : o.outcome === 'dismissed'
                      ? '异议不成立，维持决定'
                      : '复核中',
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
