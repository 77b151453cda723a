/**
 * 寻亲候选: the ranked candidates of one family-search record (a rescue case, a missing-person report),
 * each with the engine's explanation and the decision buttons, and the side-by-side comparison shared
 * with the review tab. Nothing is identified automatically: a caseworker confirms each candidate with a
 * reason. Shared (app/): the matching review tab 寻亲候选 and the rescue case page's 寻亲与团聚 tab
 * (`<FamilyCandidatesList entryId=… onDecided=… />`) use the same list.
 */
import type { FamilyCandidateDto, FamilyCandidateSideDto } from '@social-affairs/kernel/contracts';
import {
  FAMILY_CANDIDATE_BAND_LABELS,
  FAMILY_CANDIDATE_CHANNEL_LABELS,
  FAMILY_CANDIDATE_STATUS_LABELS,
} from '@social-affairs/kernel/contracts';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ApiError, errorText } from '../api-client';
import { useAuth } from '../auth-context';
import { applyServerError } from '../form-errors';
import { formatDate, formatDateTime, sexLabels } from '../format';
import { LedgerTable } from '../list-page';
import { useApi } from '../use-api';
import {
  decideFamilyCandidate,
  listFamilyCandidates,
  refreshFamilyCandidates,
  type FamilyDecision,
} from './family-candidates.api';
import { familyNameLevelLabels, recordKindColors, recordKindShort, regionLevelLabels } from './labels';

export const familyCandidateStatusColors: Record<FamilyCandidateDto['status'], string> = {
  open: 'blue',
  claimed: 'gold',
  confirmed: 'red',
  rejected: 'default',
  unsure: 'purple',
  withdrawn: 'default',
};

const decisions: { decision: FamilyDecision; label: string; primary?: boolean }[] = [
  { decision: 'confirm', label: '确认同一人', primary: true },
  { decision: 'reject', label: '不是同一人' },
  { decision: 'unsure', label: '存疑' },
];

function ageOf(r: NonNullable<FamilyCandidateSideDto['record']>): string {
  if (r.estimatedAge)
    return `约 ${r.estimatedAge.estimate} ± ${r.estimatedAge.range} 岁（${formatDate(r.estimatedAge.asOf)}）`;
  if (r.birthYear) return `${r.birthYear} ± ${r.birthYearUncertainty ?? 2} 年生`;
  return '—';
}

/** The engine's reasons (the `data` channel's explanation) and any other channel, as tags. */
export function FamilyCandidateReasons({ candidate }: { candidate: FamilyCandidateDto }) {
  const data = candidate.explanation.data as
    | {
        name?: string;
        ageDifference?: number | null;
        region?: string;
        sex?: string;
        sharedFeatures?: string[];
        eventOrder?: string;
      }
    | undefined;
  const others = Object.keys(candidate.explanation).filter((k) => k !== 'data');
  return (
    <>
      {others.map((k) => (
        <Tag key={k} color="magenta">
          {FAMILY_CANDIDATE_CHANNEL_LABELS[k as FamilyCandidateDto['channel']] ?? k}
        </Tag>
      ))}
      {data && (
        <>
          <Tag color={data.name === 'none' ? undefined : 'green'}>
            姓名：{familyNameLevelLabels[data.name ?? 'none'] ?? data.name}
          </Tag>
          {data.ageDifference !== null && data.ageDifference !== undefined && (
            <Tag color={Math.abs(data.ageDifference) <= 2 ? 'green' : 'orange'}>
              年龄差 {Math.abs(data.ageDifference)} 岁
            </Tag>
          )}
          {data.region && <Tag>{regionLevelLabels[data.region] ?? data.region}</Tag>}
          {data.sex === 'different' && <Tag color="red">性别不符</Tag>}
          {data.eventOrder === 'inconsistent' && <Tag color="orange">发现早于走失</Tag>}
          {(data.sharedFeatures?.length ?? 0) > 0 && (
            <Tag color="blue">特征：{data.sharedFeatures!.join('、')}</Tag>
          )}
        </>
      )}
    </>
  );
}

function SideCard({ side, title }: { side: FamilyCandidateSideDto; title: string }) {
  const r = side.record;
  return (
    <Card
      size="small"
      title={
        <Space>
          {title}
          <Tag color={recordKindColors[side.kind]}>{recordKindShort[side.kind]}</Tag>
          {!side.inScope && <Tag>对方辖区（已最小化显示）</Tag>}
          {!side.active && <Tag color="default">已撤下</Tag>}
        </Space>
      }
    >
      {r ? (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="编号">{r.reference ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="姓名">{r.name ?? '（无名）'}</Descriptions.Item>
          <Descriptions.Item label="性别">{r.sex ? sexLabels[r.sex] : '—'}</Descriptions.Item>
          <Descriptions.Item label="出生年份 / 估计年龄">{ageOf(r)}</Descriptions.Item>
          <Descriptions.Item label={side.kind === 'missing-report' ? '走失日期' : '发现日期'}>
            {formatDate(r.eventDate)}
          </Descriptions.Item>
          <Descriptions.Item label={side.kind === 'missing-report' ? '走失地' : '发现地'}>
            {r.placeName ?? r.placeCode ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="体貌特征">{r.features ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="受理地区">{r.divisionName ?? r.divisionCode}</Descriptions.Item>
          {side.contact && (
            <Descriptions.Item label="家属联系人">
              {[side.contact.name, side.contact.phoneMasked].filter(Boolean).join(' ') || '—'}
            </Descriptions.Item>
          )}
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">记录已不存在</Typography.Text>
      )}
    </Card>
  );
}

/** Both records side by side, the channel, score and reasons, and the decision if any. */
export function FamilyCandidateCompare({ candidate }: { candidate: FamilyCandidateDto }) {
  return (
    <div data-testid="family-candidate-compare">
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color={familyCandidateStatusColors[candidate.status]}>
          {FAMILY_CANDIDATE_STATUS_LABELS[candidate.status]}
        </Tag>
        <Tag>{FAMILY_CANDIDATE_CHANNEL_LABELS[candidate.channel]}</Tag>
        <Tag color={candidate.band === 'strong' ? 'red' : 'orange'}>
          {FAMILY_CANDIDATE_BAND_LABELS[candidate.band]}（{candidate.score.toFixed(1)}）
        </Tag>
        <FamilyCandidateReasons candidate={candidate} />
      </Space>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <SideCard side={candidate.left} title="记录一" />
        </Col>
        <Col xs={24} md={12}>
          <SideCard side={candidate.right} title="记录二" />
        </Col>
      </Row>
      {candidate.decidedBy && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {candidate.decidedBy} 于 {formatDateTime(candidate.decidedAt)} 核查：{candidate.reason}
        </Typography.Paragraph>
      )}
    </div>
  );
}

/** The decision dialog (reason required); keeps what was typed on a refused submit. */
export function useFamilyDecision(onDone: (c: FamilyCandidateDto, decision: FamilyDecision) => void) {
  const [target, setTarget] = useState<{ candidate: FamilyCandidateDto; decision: FamilyDecision }>();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const submit = async () => {
    // A refused form shows its messages next to the field; nothing to submit.
    const values = await form.validateFields().catch(() => undefined);
    if (!values || !target) return;
    const { reason } = values;
    setSubmitting(true);
    setError(undefined);
    try {
      const updated = await decideFamilyCandidate(target.candidate.id, target.decision, reason.trim());
      form.resetFields();
      setTarget(undefined);
      onDone(updated, target.decision);
    } catch (err) {
      setError(applyServerError(form, err));
    } finally {
      setSubmitting(false);
    }
  };
  const label = decisions.find((d) => d.decision === target?.decision)?.label ?? '';
  const modal = (
    <Modal
      open={target !== undefined}
      title={`核查结论：${label}`}
      okText="提交"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit()}
      onCancel={() => setTarget(undefined)}
      forceRender
    >
      {target?.decision === 'confirm' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="确认后由所属业务（如救助站的团聚流程）核实家属身份并办理交接；系统不会自动合并人员信息。"
        />
      )}
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="核查意见"
          rules={[
            { required: true, whitespace: true, message: '请填写核查意见（至少 2 个字）' },
            { min: 2, message: '请填写核查意见（至少 2 个字）' },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder="如：照片、口音与家属描述一致，已电话核实" />
        </Form.Item>
      </Form>
    </Modal>
  );
  return {
    open: (candidate: FamilyCandidateDto, decision: FamilyDecision) => setTarget({ candidate, decision }),
    modal,
  };
}

export function DecisionButtons({
  candidate,
  onDecide,
}: {
  candidate: FamilyCandidateDto;
  onDecide: (c: FamilyCandidateDto, d: FamilyDecision) => void;
}) {
  const { user, hasPermission } = useAuth();
  const held = candidate.status === 'claimed' && candidate.claimedBy !== user?.username;
  const decidable =
    hasPermission('matching:family-review') &&
    (candidate.status === 'open' || candidate.status === 'unsure' || candidate.status === 'claimed') &&
    !held;
  if (!decidable)
    return held ? <Typography.Text type="secondary">{candidate.claimedBy} 核查中</Typography.Text> : null;
  return (
    <Space size={4} wrap>
      {decisions.map((d) => (
        <Button
          key={d.decision}
          size="small"
          type={d.primary ? 'primary' : 'default'}
          onClick={() => onDecide(candidate, d.decision)}
        >
          {d.label}
        </Button>
      ))}
    </Space>
  );
}

/** The other side of a candidate, seen from `entryId`. */
function otherSide(c: FamilyCandidateDto, entryId: string): FamilyCandidateSideDto {
  return c.left.entryId === entryId ? c.right : c.left;
}

/**
 * The ranked candidates of one record: the other side's kind, name, age, place and features, the reasons,
 * the status and the decision buttons; a row expands to the side-by-side comparison.
 */
export function FamilyCandidatesList({
  entryId,
  onDecided,
  revision = 0,
}: {
  entryId: string;
  onDecided?: (candidate: FamilyCandidateDto, decision: FamilyDecision) => void;
  /** Bump to read the list again (a candidate was added elsewhere on the page, e.g. a face proposal). */
  revision?: number;
}) {
  const { hasPermission } = useAuth();
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string>();
  const { data, error, loading, reload } = useApi(
    (signal) => listFamilyCandidates({ entryId, page, pageSize: 10 }, signal),
    [entryId, page, revision],
  );
  const decision = useFamilyDecision((c, d) => {
    reload();
    onDecided?.(c, d);
  });
  const refresh = async () => {
    setNotice(undefined);
    try {
      const r = await refreshFamilyCandidates(entryId);
      setNotice(`已重新比对：新增或更新候选 ${r.proposed} 条`);
      reload();
    } catch (err) {
      setNotice(errorText(err));
    }
  };
  if (error instanceof ApiError && error.status === 404) {
    // The record is not (or no longer) in the family-search index: nothing to compare yet.
    return (
      <Typography.Text type="secondary">
        该记录尚未进入寻亲比对（身份不明的人员登记后自动加入；已找到、已离站或身份已核实的不再比对）。
      </Typography.Text>
    );
  }
  if (error !== undefined)
    return <Alert type="error" showIcon title="寻亲候选加载失败" description={errorText(error)} />;
  return (
    <div data-testid="family-candidates-list">
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text type="secondary">
          按相似度排序的候选，须逐条核查；确认后由所属业务办理团聚，系统不会自动认定身份。
        </Typography.Text>
        {hasPermission('matching:family-review') && <Button onClick={() => void refresh()}>重新比对</Button>}
      </Space>
      {notice && <Alert type="info" showIcon closable style={{ marginBottom: 8 }} title={notice} />}
      <LedgerTable<FamilyCandidateDto>
        card={false}
        rowKey={(c) => c.id}
        loading={loading}
        dataSource={data?.items ?? []}
        pageSize={false}
        empty="暂无候选。新的寻亲登记、受助人员或无名遗体录入后会自动比对；也可点“重新比对”。"
        expandable={{ expandedRowRender: (c) => <FamilyCandidateCompare candidate={c} /> }}
        columns={[
          {
            title: '类别',
            render: (_, c) => {
              const o = otherSide(c, entryId);
              return <Tag color={recordKindColors[o.kind]}>{recordKindShort[o.kind]}</Tag>;
            },
          },
          { title: '姓名', render: (_, c) => otherSide(c, entryId).record?.name ?? '（无名）' },
          {
            title: '性别',
            render: (_, c) => {
              const s = otherSide(c, entryId).record?.sex;
              return s ? sexLabels[s] : '—';
            },
          },
          {
            title: '出生年份 / 估计年龄',
            render: (_, c) => {
              const r = otherSide(c, entryId).record;
              return r ? ageOf(r) : '—';
            },
          },
          {
            title: '地点',
            render: (_, c) => {
              const r = otherSide(c, entryId).record;
              return r?.placeName ?? r?.placeCode ?? '—';
            },
          },
          { title: '匹配理由', render: (_, c) => <FamilyCandidateReasons candidate={c} /> },
          { title: '得分', align: 'right', render: (_, c) => c.score.toFixed(1) },
          {
            title: '状态',
            render: (_, c) => (
              <Tag color={familyCandidateStatusColors[c.status]}>
                {FAMILY_CANDIDATE_STATUS_LABELS[c.status]}
              </Tag>
            ),
          },
          {
            title: '操作',
            render: (_, c) => <DecisionButtons candidate={c} onDecide={decision.open} />,
          },
        ]}
      />
      {data && data.total > data.pageSize && (
        <Space style={{ marginTop: 8 }}>
          <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>
            上一页
          </Button>
          <Typography.Text>
            第 {page} 页，共 {Math.ceil(data.total / data.pageSize)} 页（{data.total} 条）
          </Typography.Text>
          <Button disabled={page * data.pageSize >= data.total} onClick={() => setPage(page + 1)}>
            下一页
          </Button>
        </Space>
      )}
      {decision.modal}
    </div>
  );
}
