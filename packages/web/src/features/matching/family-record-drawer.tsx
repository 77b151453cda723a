import type {
  FamilyCandidatesResponseDto,
  FamilySearchHitDto,
  FamilySearchRecordDto,
} from '@social-affairs/kernel/contracts';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { errorText } from '../../app/api-client';
import { AttachmentsPanel } from '../../app/attachments';
import { useAuth } from '../../app/auth-context';
import { applyServerError } from '../../app/form-errors';
import { formatDate, formatDateTime, sexLabels } from '../../app/format';
import { useApi } from '../../app/use-api';
import { FamilyHitsTable, ageText } from './family-hits';
import {
  closeMissingReport,
  familyCandidates,
  missingReport,
  recordKindColors,
  recordKindLabels,
  reportStatusLabels,
} from './family-search.api';

/**
 * A family-search record opened from a hit: a missing-person report with the family's contact (an
 * audited read) and its status actions (已找到 / 撤销), or a rescue / funeral record's summary; for any
 * record, its candidates of the other two kinds.
 */
export function FamilyRecordDrawer({
  record,
  onClose,
  onChanged,
}: {
  record: FamilySearchRecordDto | undefined;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [current, setCurrent] = useState<FamilySearchRecordDto>();
  const shown = current ?? record;
  const close = () => {
    setCurrent(undefined);
    onClose();
  };
  return (
    <Drawer
      open={shown !== undefined}
      onClose={close}
      size="large"
      title={shown ? `${recordKindLabels[shown.kind]}：${shown.name ?? '（无名）'}` : ''}
      destroyOnHidden
    >
      {shown && (
        <RecordBody
          key={shown.id}
          record={shown}
          onOpen={(h) => setCurrent(h.record)}
          onChanged={() => {
            setCurrent(undefined);
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
}

function RecordBody({
  record,
  onOpen,
  onChanged,
}: {
  record: FamilySearchRecordDto;
  onOpen: (hit: FamilySearchHitDto) => void;
  onChanged: () => void;
}) {
  const { hasPermission } = useAuth();
  const isReport = record.kind === 'missing-report';
  const report = useApi((signal) => missingReport(record.id, signal), [record.id], isReport);
  const [candidates, setCandidates] = useState<FamilyCandidatesResponseDto>();
  const [candidateError, setCandidateError] = useState<string>();
  const [loadingCandidates, setLoadingCandidates] = useState(false);
  const [closing, setClosing] = useState<'found' | 'withdrawn'>();

  const loadCandidates = async () => {
    setLoadingCandidates(true);
    setCandidateError(undefined);
    try {
      setCandidates(await familyCandidates(record.id));
    } catch (err) {
      setCandidateError(errorText(err));
    } finally {
      setLoadingCandidates(false);
    }
  };

  const r = report.data;
  return (
    <Flex vertical gap={16}>
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label="类别">
          <Tag color={recordKindColors[record.kind]}>{recordKindLabels[record.kind]}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="编号">{record.reference ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="姓名">{record.name ?? '（无名）'}</Descriptions.Item>
        <Descriptions.Item label="性别">{record.sex ? sexLabels[record.sex] : '—'}</Descriptions.Item>
        <Descriptions.Item label="出生年份 / 估计年龄">{ageText(record)}</Descriptions.Item>
        <Descriptions.Item label={isReport ? '走失日期' : '发现日期'}>
          {formatDate(record.eventDate)}
        </Descriptions.Item>
        <Descriptions.Item label={isReport ? '走失地' : '发现地'} span={2}>
          {record.placeName ?? record.placeCode ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label="体貌特征" span={2}>
          {record.features ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label="受理单位">{record.divisionName ?? record.divisionCode}</Descriptions.Item>
        <Descriptions.Item label="照片">{record.photoRef ? '有（见业务档案）' : '无'}</Descriptions.Item>
      </Descriptions>

      {isReport && (
        <>
          {report.error !== undefined && <Alert type="error" showIcon title={errorText(report.error)} />}
          {report.loading && !r && <Spin />}
          {r && (
            <Descriptions column={2} size="small" bordered title="报告人与办理情况">
              <Descriptions.Item label="报告人">{r.contactName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="联系电话">{r.contactPhone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="状态">
                <Tag color={r.status === 'open' ? 'processing' : 'default'}>
                  {reportStatusLabels[r.status]}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label="登记时间">{formatDateTime(r.createdAt)}</Descriptions.Item>
              {r.status !== 'open' && (
                <Descriptions.Item label="办结事由" span={2}>
                  {r.statusReason}（{r.closedBy}，{formatDateTime(r.closedAt)}）
                </Descriptions.Item>
              )}
            </Descriptions>
          )}
          <Typography.Text type="secondary">查看本登记的联系电话已记入审计日志。</Typography.Text>
          {/* The family's photo of the missing person: face ranking compares it with the rescued (docs/faces.md). */}
          <AttachmentsPanel
            ownerType="missing_person_report"
            ownerId={record.id}
            title="走失人员照片与材料"
            readOnly={r?.status !== undefined && r.status !== 'open'}
          />
          {r?.status === 'open' && hasPermission('matching:review') && (
            <Flex gap={8}>
              <Button type="primary" onClick={() => setClosing('found')}>
                找到
              </Button>
              <Button danger onClick={() => setClosing('withdrawn')}>
                撤销
              </Button>
            </Flex>
          )}
        </>
      )}

      <Flex gap={8} align="center">
        <Button onClick={() => void loadCandidates()} loading={loadingCandidates}>
          查找比对候选
        </Button>
        <Typography.Text type="secondary">按本记录的信息检索另外两类记录</Typography.Text>
      </Flex>
      {candidateError && <Alert type="error" showIcon title={candidateError} />}
      {candidates && (
        <>
          {candidates.warnings.map((w) => (
            <Alert
              key={`${w.code}:${w.part}`}
              type="warning"
              showIcon
              title={`「${w.part}」：${w.message}`}
            />
          ))}
          <FamilyHitsTable hits={candidates.items} onOpen={onOpen} />
        </>
      )}
      {closing && (
        <CloseReportDialog
          reportId={record.id}
          status={closing}
          onCancel={() => setClosing(undefined)}
          onDone={() => {
            setClosing(undefined);
            onChanged();
          }}
        />
      )}
    </Flex>
  );
}

function CloseReportDialog({
  reportId,
  status,
  onCancel,
  onDone,
}: {
  reportId: string;
  status: 'found' | 'withdrawn';
  onCancel: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();
  const submit = async () => {
    const v = await form.validateFields();
    setSubmitting(true);
    setFormError(undefined);
    try {
      await closeMissingReport(reportId, { status, reason: v.reason });
      void message.success(status === 'found' ? '已标记为找到，该登记不再出现在寻亲检索中' : '已撤销该登记');
      onDone();
    } catch (err) {
      setFormError(applyServerError(form, err));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal
      open
      title={status === 'found' ? '标记为已找到' : '撤销寻亲登记'}
      okText="确定"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onCancel}
    >
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form form={form} layout="vertical" name="close-report">
        <Form.Item
          name="reason"
          label={status === 'found' ? '找到经过' : '撤销原因'}
          rules={[{ required: true, min: 2, message: '请填写事由（至少 2 个字）' }]}
        >
          <Input.TextArea rows={3} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
