/**
 * 七个规定动作 on the case page: the checklist with deadline and status per step, the log with
 * corrections, the evidence attachments and the 打印寻亲公告 button (R-RES-09, R-RES-10).
 */
import { PrinterOutlined } from '@ant-design/icons';
import type { RescueActionStep } from '@social-affairs/kernel/contracts/rescue';
import { Alert, Button, Card, Popconfirm, Space, Table, Tag, Typography, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorText } from '../../app/api-client';
import { useAuth } from '../../app/auth-context';
import { AttachmentsPanel } from '../../app/attachments';
import { emptyLocale } from '../../app/empty-state';
import { formatDateTime } from '../../app/format';
import { LoadError } from '../../app/list-page';
import { openPrintable } from '../../app/print-document';
import { useApi } from '../../app/use-api';
import {
  actionsApi,
  searchNoticeUrl,
  type RescueActionEntryDto,
  type RescueStepStatusDto,
} from './actions.api';
import { LogActionDialog } from './actions-log-dialog';
import { DueText } from './actions-workbench-page';
import type { CaseSection, CaseSectionProps } from './case-sections';

const STATE: Record<RescueStepStatusDto['state'], { label: string; color?: string }> = {
  done: { label: '已完成', color: 'green' },
  overdue: { label: '已逾期', color: 'red' },
  due_today: { label: '今日到期', color: 'orange' },
  pending: { label: '未到期', color: 'blue' },
  no_deadline: { label: '待办（无规定期限）', color: 'gold' },
  not_required: { label: '无需办理' },
  optional: { label: '可选' },
};

const GROUP = { seven: '七个规定动作', extra: '可选渠道', follow_up: '后续跟进' } as const;

function ActionsSection(props: CaseSectionProps) {
  const { caseId, revision } = props;
  const status = useApi((signal) => actionsApi.caseActions(caseId, signal), [caseId, revision]);
  const [logging, setLogging] = useState<{ step?: RescueActionStep; correcting?: RescueActionEntryDto }>();
  const [issuing, setIssuing] = useState(false);
  const { hasPermission } = useAuth();
  const s = status.data;
  // Registering and correcting are rescue:write; a reviewer or supervisor only reads the tab.
  const canWrite = hasPermission('rescue:write');
  const changed = () => {
    setLogging(undefined);
    status.reload();
    props.onChanged();
  };
  const stepColumns: TableColumnsType<RescueStepStatusDto> = [
    {
      title: '事项',
      dataIndex: 'label',
      render: (v: string, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong={r.group === 'seven'}>{v}</Typography.Text>
          <Typography.Text type="secondary">{GROUP[r.group]}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'state',
      render: (v: RescueStepStatusDto['state'], r) => (
        <Space size={4} wrap>
          <Tag color={STATE[v].color}>{STATE[v].label}</Tag>
          {r.late && <Tag color="volcano">逾期完成</Tag>}
        </Space>
      ),
    },
    {
      title: '期限',
      key: 'due',
      render: (_, r) =>
        r.dueAt || r.dueOn ? (
          <Space direction="vertical" size={0}>
            <DueText item={{ dueAt: r.dueAt, dueOn: r.dueOn ?? '', provisional: r.provisional }} />
            {r.basis && <Typography.Text type="secondary">{r.basis}</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="secondary">{r.basis ?? '—'}</Typography.Text>
        ),
    },
    {
      title: '最近办理',
      dataIndex: 'lastPerformedAt',
      render: (v: string | null) => (v ? formatDateTime(v).slice(0, 16) : '—'),
    },
    {
      title: '操作',
      key: 'op',
      render: (_, r) =>
        s?.open && canWrite ? (
          <Button
            size="small"
            type={r.state === 'overdue' ? 'primary' : 'default'}
            danger={r.state === 'overdue'}
            onClick={() => setLogging({ step: r.step })}
          >
            登记
          </Button>
        ) : null,
    },
  ];
  const entryColumns: TableColumnsType<RescueActionEntryDto> = [
    { title: '事项', dataIndex: 'stepLabel' },
    {
      title: '办理时间',
      dataIndex: 'performedAt',
      render: (v: string) => formatDateTime(v).slice(0, 16),
    },
    {
      title: '经办人',
      key: 'by',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.loggedByName}</span>
          <Typography.Text type="secondary">登记于 {formatDateTime(r.loggedAt).slice(0, 16)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '佐证',
      key: 'evidence',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          {r.kind !== 'log' && (
            <Tag color={r.kind === 'withdrawal' ? 'default' : 'purple'}>
              {r.kind === 'withdrawal' ? '撤销' : '更正'}：{r.correctionReason}
            </Tag>
          )}
          {r.evidenceText && <span>{r.evidenceText}</span>}
          {r.evidenceUrl && (
            <a href={r.evidenceUrl} target="_blank" rel="noreferrer noopener">
              {r.evidenceUrl}
            </a>
          )}
          {r.searchNoticeNo && <span>寻亲公告 {r.searchNoticeNo}</span>}
          {r.dnaOutcome && <span>比对结果：{r.dnaOutcome === 'matched' ? '已比中' : '未比中'}</span>}
          {r.attachmentIds.length > 0 && <span>附件 {r.attachmentIds.length} 份</span>}
          {r.supersededBy && <Tag>已被更正或撤销</Tag>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'op',
      render: (_, r) =>
        s?.open && canWrite && !r.supersededBy && r.kind !== 'withdrawal' ? (
          <Button size="small" onClick={() => setLogging({ correcting: r })}>
            更正/撤销
          </Button>
        ) : null,
    },
  ];
  const hasNotice = (s?.notices.length ?? 0) > 0;
  const canIssue = canWrite;
  /**
   * Prints the latest notice; when none is issued yet, issues the first one (POST) and then opens it —
   * the PDF route is a read only (404 before a notice exists). The tab is opened on the click itself,
   * so the browser does not block it, and pointed at the PDF once the notice is issued.
   */
  const printNotice = async () => {
    const latest = s?.notices.at(-1);
    if (latest) {
      openPrintable(searchNoticeUrl(caseId, latest.id), '寻亲公告');
      return;
    }
    const tab = window.open('about:blank', '_blank');
    setIssuing(true);
    try {
      const n = await actionsApi.issueNotice(caseId);
      void message.success(`已生成寻亲公告 ${n.number}`);
      status.reload();
      if (tab) tab.location.href = searchNoticeUrl(caseId, n.id);
      else openPrintable(searchNoticeUrl(caseId, n.id), '寻亲公告');
    } catch (e) {
      tab?.close();
      void message.error(errorText(e));
    } finally {
      setIssuing(false);
    }
  };
  const issueNew = async () => {
    setIssuing(true);
    try {
      const n = await actionsApi.issueNotice(caseId);
      void message.success(`已生成寻亲公告 ${n.number}`);
      status.reload();
      openPrintable(searchNoticeUrl(caseId, n.id), '寻亲公告');
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setIssuing(false);
    }
  };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {status.error !== undefined && (
        <LoadError title="规定动作加载失败" error={status.error} onRetry={status.reload} />
      )}
      {s && !s.deadlinesApply && (
        <Alert
          type="info"
          showIcon
          title={s.open ? '身份已确认：规定动作期限不再适用' : '案件已结束：规定动作期限不再适用'}
        />
      )}
      {s && s.deadlinesApply && s.missingSeven.length > 0 && (
        <Alert
          type={s.overdueCount > 0 ? 'error' : 'warning'}
          showIcon
          title={`尚未完成：${s.missingSeven.join('、')}${s.overdueCount > 0 ? `（${s.overdueCount} 项已逾期）` : ''}`}
          description="七个规定动作全部登记前，案件不能以长期滞留或落户安置结案。"
        />
      )}
      <Card
        size="small"
        title="七个规定动作"
        extra={
          <Space wrap>
            {hasNotice || canIssue ? (
              <Button
                icon={<PrinterOutlined />}
                loading={issuing}
                disabled={!s}
                onClick={() => void printNotice()}
              >
                打印寻亲公告
              </Button>
            ) : (
              s && <Typography.Text type="secondary">尚未生成寻亲公告</Typography.Text>
            )}
            {s?.open && canIssue && hasNotice && (
              <Popconfirm
                title="生成新的寻亲公告并取新编号？"
                onConfirm={() => void issueNew()}
                okText="生成"
              >
                <Button loading={issuing}>重新生成公告</Button>
              </Popconfirm>
            )}
            {s?.open && canWrite && (
              <Button type="primary" onClick={() => setLogging({})}>
                登记规定动作
              </Button>
            )}
          </Space>
        }
      >
        <Table<RescueStepStatusDto>
          data-testid="actions-checklist"
          rowKey="step"
          size="small"
          loading={status.loading && !s}
          columns={canWrite ? stepColumns : stepColumns.filter((c) => c.key !== 'op')}
          dataSource={s?.steps ?? []}
          pagination={false}
          scroll={{ x: 720 }}
        />
        {s && s.notices.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            已生成寻亲公告：
            {s.notices.map((n) => (
              <a
                key={n.id}
                style={{ marginLeft: 8 }}
                href={searchNoticeUrl(caseId, n.id)}
                target="_blank"
                rel="noreferrer"
              >
                {n.number}
              </a>
            ))}
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small" title="登记记录（只增不改，更正以新记录替代）">
        <Table<RescueActionEntryDto>
          rowKey="id"
          size="small"
          columns={canWrite ? entryColumns : entryColumns.filter((c) => c.key !== 'op')}
          dataSource={[...(s?.entries ?? [])].reverse()}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={emptyLocale(canWrite ? '尚无登记：办理规定动作后点“登记规定动作”记录' : '尚无登记')}
          scroll={{ x: 720 }}
        />
      </Card>
      <AttachmentsPanel
        ownerType="rescue_case"
        ownerId={caseId}
        kinds={['action_evidence', 'dna_record', 'face_record']}
        title="规定动作佐证材料"
        readOnly={!s?.open || !canWrite}
      />
      {logging && (
        <LogActionDialog
          caseId={caseId}
          caseNo={s?.caseNo}
          {...(logging.step ? { step: logging.step } : {})}
          {...(logging.correcting ? { correcting: logging.correcting } : {})}
          notices={s?.notices ?? []}
          onClose={() => setLogging(undefined)}
          onDone={changed}
        />
      )}
    </Space>
  );
}

/** The actions concern's sections of the case page (edited only by that concern). */
export const actionsCaseSections: CaseSection[] = [
  { key: 'actions', title: '七个规定动作', component: ActionsSection },
];
