/**
 * The case tab 身份与认领 (deaths concern, ADR 0028): what still blocks cremation for an unidentified or
 * unclaimed body (police confirmation, photo and DNA/fingerprint, the claim notice and its countdown),
 * the forms for each step, the description published to the family search and its candidates, the
 * 居民死亡医学证明 that records the death in the people index, the review flags and revocation requests.
 */
import {
  DEATH_IDENTIFIER_KIND_LABELS,
  DEATH_OUTCOME_LABELS,
  DEATH_REVOCATION_STATUS_LABELS,
  FUNERAL_FLAG_KIND_LABELS,
} from '@social-affairs/kernel/contracts/funeral';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { AttachmentsPanel } from '../../app/attachments';
import { useAuth } from '../../app/auth-context';
import { FamilyCandidatesList } from '../../app/family-candidates';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime } from '../../app/format';
import { useApi } from '../../app/use-api';
import type { FuneralCaseSection, FuneralCaseSectionProps } from './case-sections';
import { deathsApi, type CaseDeathsDto, type CaseFlagDto } from './deaths.api';

const day = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : '');

/** A small form with its own busy state and error line; what was typed stays on a refusal. */
function StepForm<V extends object>({
  title,
  submitText,
  onSubmit,
  children,
  testId,
}: {
  title: string;
  submitText: string;
  onSubmit: (values: V) => Promise<void>;
  children: ReactNode;
  testId: string;
}) {
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Card size="small" title={title} data-testid={testId}>
      <Form<V>
        form={form}
        layout="inline"
        style={{ rowGap: 8 }}
        onFinish={(v) => {
          setBusy(true);
          setError(undefined);
          onSubmit(v)
            .catch((e: unknown) => setError(applyServerError(form, e)))
            .finally(() => setBusy(false));
        }}
      >
        {children}
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitText}
        </Button>
        {error && <Alert type="error" showIcon title={error} style={{ width: '100%', marginTop: 8 }} />}
      </Form>
    </Card>
  );
}

function Readiness({ v }: { v: CaseDeathsDto }) {
  const r = v.readiness;
  const ok = (b: boolean, yes: string, no: string) => (
    <Tag color={b ? 'success' : 'warning'}>{b ? yes : no}</Tag>
  );
  const countdown =
    r.noticeDaysLeft === null
      ? '未发布'
      : r.noticeEnded
        ? `已于 ${formatDate(r.noticeEndsOn)} 届满`
        : `公告中，${formatDate(r.noticeEndsOn)} 届满（还有 ${r.noticeDaysLeft} 天）`;
  return (
    <Card
      size="small"
      title={v.identityStatus === 'unidentified' ? '无名遗体火化前准备' : '无人认领遗体火化前准备'}
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="公安机关确认">
          {ok(r.policeConfirmed, '已确认', '未确认')}
        </Descriptions.Item>
        <Descriptions.Item label="遗体照片">{ok(r.photo, '已上传', '未上传')}</Descriptions.Item>
        <Descriptions.Item label="DNA/指纹">{ok(r.dnaOrFingerprint, '已上传', '未上传')}</Descriptions.Item>
        <Descriptions.Item label="认领公告">
          <span data-testid="notice-countdown">{countdown}</span>
        </Descriptions.Item>
        <Descriptions.Item label="费用承担">
          {r.payer === 'county_finance' ? '县级财政（家属费用为0）' : '家属'}
        </Descriptions.Item>
      </Descriptions>
      {r.ready ? (
        <Alert type="success" showIcon title="火化前手续已齐备。" />
      ) : (
        <Alert type="warning" showIcon title={`火化前尚缺：${r.missing.join('、')}`} />
      )}
    </Card>
  );
}

function Flags({
  caseId,
  flags,
  canWrite,
  onDone,
}: {
  caseId: string;
  flags: CaseFlagDto[];
  canWrite: boolean;
  onDone: () => void;
}) {
  const [resolving, setResolving] = useState<string>();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const open = flags.filter((f) => f.status === 'open');
  if (flags.length === 0) return null;
  return (
    <Card size="small" title={`待复核事项（${open.length} 项未处理）`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {flags.map((f) => (
          <Alert
            key={f.id}
            type={f.status === 'open' ? 'warning' : 'info'}
            showIcon
            title={`${FUNERAL_FLAG_KIND_LABELS[f.kind]}（${formatDateTime(f.createdAt)}）`}
            description={
              <>
                <div>{f.note}</div>
                {f.status === 'resolved' && (
                  <div>
                    已处理：{f.resolution}（{f.resolvedBy}，{formatDateTime(f.resolvedAt)}）
                  </div>
                )}
                {f.status === 'open' && canWrite && resolving !== f.id && (
                  <Button size="small" onClick={() => setResolving(f.id)} style={{ marginTop: 4 }}>
                    登记处理情况
                  </Button>
                )}
                {resolving === f.id && (
                  <Space style={{ marginTop: 4 }} wrap>
                    <Input
                      value={text}
                      onChange={(e) => setText(e.target.value)}
                      placeholder="如：已联系家属，约定明日来馆辨认"
                      style={{ width: 320 }}
                      maxLength={500}
                    />
                    <Button
                      type="primary"
                      size="small"
                      onClick={() => {
                        setError(undefined);
                        deathsApi
                          .resolveFlag(caseId, f.id, { resolution: text })
                          .then(() => {
                            setResolving(undefined);
                            setText('');
                            onDone();
                          })
                          .catch((e: unknown) => setError((e as Error).message));
                      }}
                    >
                      确定
                    </Button>
                    {error && <Typography.Text type="danger">{error}</Typography.Text>}
                  </Space>
                )}
              </>
            }
          />
        ))}
      </Space>
    </Card>
  );
}

function DeathsTab(props: FuneralCaseSectionProps) {
  const { caseId, revision } = props;
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('funeral:write');
  const [own, setOwn] = useState(0);
  const {
    data: v,
    error,
    reload,
  } = useApi((signal) => deathsApi.ofCase(caseId, signal), [caseId, revision, own]);
  const changed = () => {
    setOwn((n) => n + 1);
    props.onChanged();
  };
  if (error)
    return (
      <Alert type="error" showIcon title="身份与认领信息加载失败" description={(error as Error).message} />
    );
  if (!v) return null;
  const applies = v.readiness.applies;
  const activeCertificate = v.registrations.some((r) => r.status === 'active');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="deaths-tab">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="身份">
          {v.identityStatus === 'unidentified' ? (
            <Tag color="orange">身份不明</Tag>
          ) : (
            <Tag color="blue">身份明确</Tag>
          )}
          {v.unclaimed && <Tag color="red">无人认领</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="人员库记录">
          {v.person.name || '（无名）'}：
          {v.person.status === 'deceased' ? `已登记死亡（${formatDate(v.person.deathDate)}）` : '未登记死亡'}
        </Descriptions.Item>
        <Descriptions.Item label="下一步">{nextStep(v)}</Descriptions.Item>
      </Descriptions>
      <Flags caseId={caseId} flags={v.flags} canWrite={canWrite} onDone={changed} />
      {applies && <Readiness v={v} />}
      {canWrite && applies && !v.readiness.policeConfirmed && (
        <StepForm<{ number: string; issuer: string; confirmedOn: Dayjs }>
          title="登记公安机关确认"
          submitText="登记确认"
          testId="police-form"
          onSubmit={async (x) => {
            await deathsApi.policeConfirmation(caseId, {
              number: x.number,
              issuer: x.issuer,
              confirmedOn: day(x.confirmedOn),
            });
            void message.success('已登记公安机关确认，费用由县级财政承担');
            changed();
          }}
        >
          <Form.Item name="number" label="确认书编号" rules={[{ required: true, message: '请填写编号' }]}>
            <Input maxLength={60} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="issuer" label="公安机关" rules={[{ required: true, message: '请填写公安机关' }]}>
            <Input maxLength={100} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="confirmedOn" label="确认日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
        </StepForm>
      )}
      {canWrite && applies && v.readiness.policeConfirmed && !v.readiness.noticeStartedOn && (
        <StepForm<{ startedOn: Dayjs; publishedIn?: string }>
          title="发布认领公告"
          submitText="登记公告发布"
          testId="notice-form"
          onSubmit={async (x) => {
            await deathsApi.claimNotice(caseId, {
              startedOn: day(x.startedOn),
              publishedIn: x.publishedIn || null,
            });
            void message.success('已登记认领公告，公告期满后方可火化');
            changed();
          }}
        >
          <Form.Item name="startedOn" label="发布日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="publishedIn" label="发布渠道">
            <Input maxLength={100} style={{ width: 220 }} placeholder="如：长沙晚报、民政局网站" />
          </Form.Item>
        </StepForm>
      )}
      {canWrite && !applies && (
        <StepForm<{ reason: string }>
          title="登记无人认领"
          submitText="登记无人认领"
          testId="unclaimed-form"
          onSubmit={async (x) => {
            await deathsApi.markUnclaimed(caseId, x);
            void message.success('已登记为无人认领遗体，费用由县级财政承担');
            changed();
          }}
        >
          <Form.Item name="reason" label="情况说明" rules={[{ required: true, message: '请填写情况说明' }]}>
            <Input maxLength={200} style={{ width: 360 }} placeholder="如：多次联系家属未果" />
          </Form.Item>
        </StepForm>
      )}
      {applies && (
        <Card size="small" title="遗体照片、DNA采样与指纹记录（火化前须上传）">
          <AttachmentsPanel
            ownerType="funeral_case"
            ownerId={caseId}
            kinds={['photo', 'dna_record', 'fingerprint_record']}
            readOnly={!canWrite}
            onChange={() => reload()}
            bare
          />
        </Card>
      )}
      {v.identityStatus === 'unidentified' && canWrite && (
        <StepForm<{
          heightCm?: number;
          features?: string;
          clothing?: string;
          foundPlace?: string;
          foundOn?: Dayjs;
        }>
          title="体貌特征（用于寻亲比对，保存后即时更新）"
          submitText="保存体貌特征"
          testId="profile-form"
          onSubmit={async (x) => {
            await deathsApi.profile(caseId, {
              heightCm: x.heightCm ?? null,
              features: x.features || null,
              clothing: x.clothing || null,
              foundPlace: x.foundPlace || null,
              foundOn: x.foundOn ? day(x.foundOn) : null,
            });
            void message.success('体貌特征已保存，寻亲比对将按新信息进行');
            changed();
          }}
        >
          <Form.Item name="heightCm" label="身高（厘米）" initialValue={v.profile?.heightCm ?? undefined}>
            <InputNumber min={30} max={250} />
          </Form.Item>
          <Form.Item name="features" label="特征" initialValue={v.profile?.features ?? undefined}>
            <Input maxLength={500} style={{ width: 240 }} placeholder="如：左手缺小指" />
          </Form.Item>
          <Form.Item name="clothing" label="衣着" initialValue={v.profile?.clothing ?? undefined}>
            <Input maxLength={200} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="foundPlace" label="发现地点" initialValue={v.profile?.foundPlace ?? undefined}>
            <Input maxLength={200} style={{ width: 200 }} />
          </Form.Item>
        </StepForm>
      )}
      {v.inFamilySearch && (
        <Card size="small" title="寻亲候选（失踪人员报告、身份不明受助人员）">
          <FamilyCandidatesList
            entryId={caseId}
            revision={own}
            onDecided={(_, decision) => {
              if (decision === 'confirm') {
                setTimeout(changed, 1200);
                setTimeout(changed, 4000);
              }
            }}
          />
        </Card>
      )}
      <Card size="small" title="居民死亡医学证明（登记后推送人员库）">
        {v.registrations.length > 0 && (
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => r.id}
            dataSource={v.registrations}
            style={{ marginBottom: 12 }}
            columns={[
              { title: '证明编号', render: (_, r) => r.certificateNumber },
              { title: '编号类型', render: (_, r) => DEATH_IDENTIFIER_KIND_LABELS[r.identifierKind] },
              { title: '签发', render: (_, r) => `${r.issuer ?? ''} ${formatDate(r.issuedOn)}` },
              { title: '死亡日期', render: (_, r) => formatDate(r.deathDate) },
              {
                title: '人员库',
                render: (_, r) => (
                  <Tag
                    color={
                      r.status === 'revoked'
                        ? 'error'
                        : r.outcome === 'merge_proposed'
                          ? 'processing'
                          : 'success'
                    }
                  >
                    {r.status === 'revoked' ? '已撤销' : DEATH_OUTCOME_LABELS[r.outcome]}
                  </Tag>
                ),
              },
              { title: '经办', render: (_, r) => `${r.recordedBy} ${formatDateTime(r.recordedAt)}` },
            ]}
          />
        )}
        {canWrite && !activeCertificate && (
          <CertificateForm
            caseId={caseId}
            unidentified={v.identityStatus === 'unidentified'}
            onDone={changed}
          />
        )}
        {v.revocations.length > 0 && (
          <Typography.Paragraph style={{ marginTop: 8 }}>
            撤销死亡登记申请：
            {v.revocations.map((r) => (
              <Tag key={r.id}>
                {DEATH_REVOCATION_STATUS_LABELS[r.status]}（{formatDate(r.deathDate)}，{r.requestedBy}申请）
              </Tag>
            ))}
          </Typography.Paragraph>
        )}
      </Card>
    </Space>
  );
}

function nextStep(v: CaseDeathsDto): string {
  const open = v.flags.find((f) => f.status === 'open');
  if (open) return `处理待复核事项：${FUNERAL_FLAG_KIND_LABELS[open.kind]}`;
  if (v.readiness.applies && !v.readiness.ready) return `补齐：${v.readiness.missing[0]}`;
  if (!v.registrations.some((r) => r.status === 'active')) return '登记居民死亡医学证明';
  return '无待办事项';
}

function CertificateForm({
  caseId,
  unidentified,
  onDone,
}: {
  caseId: string;
  unidentified: boolean;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{
    number: string;
    issuer: string;
    issuedOn: Dayjs;
    deathDate?: Dayjs;
    decedentName?: string;
  }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [needName, setNeedName] = useState(false);
  return (
    <Form
      form={form}
      layout="inline"
      style={{ rowGap: 8 }}
      data-testid="certificate-form"
      onFinish={(x) => {
        setBusy(true);
        setError(undefined);
        deathsApi
          .recordCertificate(caseId, {
            number: x.number,
            issuer: x.issuer,
            issuedOn: day(x.issuedOn),
            deathDate: x.deathDate ? day(x.deathDate) : null,
            decedentName: x.decedentName || null,
          })
          .then((out) => {
            void message.success(
              out.outcome === 'merge_proposed'
                ? '证明已登记；证明载明的人员已在人员库中，已提出人员合并，待县级审核后确认身份并登记死亡'
                : out.outcome === 'already_recorded'
                  ? '证明已登记；人员库已有相同的死亡登记'
                  : '证明已登记，死亡信息已推送人员库',
            );
            onDone();
          })
          .catch((e: unknown) => {
            if ((e as { code?: string }).code === 'DECEDENT_NAME_REQUIRED') setNeedName(true);
            setError(applyServerError(form, e));
          })
          .finally(() => setBusy(false));
      }}
    >
      <Form.Item
        name="number"
        label="证明编号"
        tooltip="2026年7月1日起签发的：逝者公民身份号码；无名遗体为签发机构统一社会信用代码加4位年度流水号。此前签发的：原死亡医学证明书编号"
        rules={[{ required: true, message: '请填写证明编号' }]}
      >
        <Input
          maxLength={40}
          style={{ width: 240 }}
          placeholder={unidentified ? '信用代码+流水号或身份号码' : '公民身份号码'}
        />
      </Form.Item>
      <Form.Item name="issuer" label="签发机构" rules={[{ required: true, message: '请填写签发机构' }]}>
        <Input maxLength={100} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="issuedOn" label="签发日期" rules={[{ required: true, message: '请选择签发日期' }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="deathDate" label="死亡日期">
        <DatePicker placeholder="同遗体档案" />
      </Form.Item>
      {needName && (
        <Form.Item
          name="decedentName"
          label="逝者姓名"
          rules={[{ required: true, message: '请填写证明载明的姓名' }]}
        >
          <Input maxLength={40} style={{ width: 120 }} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={busy}>
        登记证明
      </Button>
      {error && <Alert type="error" showIcon title={error} style={{ width: '100%', marginTop: 8 }} />}
    </Form>
  );
}

/** Tabs of the case page contributed by the deaths concern (edited only by that concern). */
export const deathsCaseSections: FuneralCaseSection[] = [
  { key: 'deaths', title: '身份与认领', component: DeathsTab },
];
