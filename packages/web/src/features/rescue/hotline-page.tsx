import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Tag,
  Typography,
  message,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  RESCUE_HOTLINE_CATEGORY_LABELS,
  RESCUE_RECORDING_STATUS_LABELS,
} from '@social-affairs/kernel/contracts/rescue';
import { useAuth } from '../../app/auth-context';
import { useDivision } from '../../app/division-context';
import { formatDate, formatDateTime } from '../../app/format';
import { applyServerError } from '../../app/form-errors';
import { ListPage, choiceFilter, dateRangeFilter, textFilter, useListPage } from '../../app/list-page';
import { RescueNav } from './rescue-nav';
import { useStationOptions, warningsApi, warningsUrls, type RescueHotlineCallDto } from './warnings.api';

const filters = {
  q: textFilter({ label: '关键字', placeholder: '摘要或号码尾号', width: 200 }),
  stationId: textFilter({ label: '救助站', width: 220 }),
  category: choiceFilter(RESCUE_HOTLINE_CATEGORY_LABELS, { label: '类别', width: 120 }),
  recordingStatus: choiceFilter(RESCUE_RECORDING_STATUS_LABELS, { label: '录音', width: 130 }),
  period: dateRangeFilter({ label: '来电日期' }),
};

const STATUS_COLORS = { kept: 'green', purged: 'default', none: 'default' } as const;

const duration = (s: number) => (s >= 60 ? `${Math.floor(s / 60)} 分 ${s % 60} 秒` : `${s} 秒`);

interface CallForm {
  stationId: string;
  calledAt: Dayjs;
  callerNumber?: string;
  durationSeconds: number;
  category: RescueHotlineCallDto['category'];
  summary: string;
  recordingRef?: string;
}

/** 登记来电: the form keeps what was typed when the server refuses it, the error next to the field. */
function RecordCallDialog({ onDone, onClose }: { onDone: () => void; onClose: () => void }) {
  const [form] = Form.useForm<CallForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const stations = useStationOptions();
  // A station account has one station: picked for it once the list has loaded.
  useEffect(() => {
    if (stations.length === 1 && !form.getFieldValue('stationId'))
      form.setFieldValue('stationId', stations[0]!.id);
  }, [form, stations]);
  const onOk = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await warningsApi.recordCall({
        stationId: v.stationId,
        calledAt: v.calledAt.toISOString(),
        callerNumber: v.callerNumber?.trim() || null,
        durationSeconds: v.durationSeconds,
        category: v.category,
        summary: v.summary,
        recordingRef: v.recordingRef?.trim() || null,
      });
      void message.success('已登记来电');
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
      title="登记热线来电"
      okText="保存"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void onOk().catch(() => undefined)}
      destroyOnHidden
      width={560}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="rescue-hotline-call"
        initialValues={{
          calledAt: dayjs(),
          durationSeconds: 60,
          category: 'help_request',
        }}
      >
        <Form.Item name="stationId" label="救助站" rules={[{ required: true, message: '请选择救助站' }]}>
          <Select options={stations.map((s) => ({ value: s.id, label: s.name }))} placeholder="选择救助站" />
        </Form.Item>
        <Form.Item name="calledAt" label="来电时间" rules={[{ required: true, message: '请填写来电时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="callerNumber" label="来电号码" extra="列表中只显示脱敏号码；录音到期清除时一并清除">
          <Input inputMode="tel" maxLength={20} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="durationSeconds"
          label="通话时长（秒）"
          rules={[{ required: true, message: '请填写通话时长' }]}
        >
          <InputNumber min={0} max={86400} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="category" label="类别" rules={[{ required: true }]}>
          <Select
            options={Object.entries(RESCUE_HOTLINE_CATEGORY_LABELS).map(([value, label]) => ({
              value,
              label,
            }))}
          />
        </Form.Item>
        <Form.Item name="summary" label="通话摘要" rules={[{ required: true, message: '请填写通话摘要' }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item
          name="recordingRef"
          label="录音文件编号"
          extra="录音保存在电话录音系统，此处登记其文件编号；至少保存 3 个月（满 3 个月且满 90 天后方可清除）"
        >
          <Input maxLength={300} placeholder="如 REC/2026/06/01/0001.wav" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 热线录音: the calls to the stations' 24-hour hotlines, recordings kept at least 3 months (R-RES-14). */
export function RescueHotlinePage() {
  const { hasPermission } = useAuth();
  const { current } = useDivision();
  const [recording, setRecording] = useState(false);
  const list = useListPage({
    filters,
    sortKeys: ['calledAt', 'durationSeconds', 'stationName'],
    pageSizes: [20, 50, 100],
    load: (query, signal) => warningsApi.hotline(query, signal),
  });
  const stations = useStationOptions(current.code);
  // Narrow columns that wrap (the summary clipped to two lines, whole text on hover): the ledger fits a
  // 1280-wide screen without scrolling sideways.
  const columns: TableColumnsType<RescueHotlineCallDto> = [
    {
      title: '来电时间',
      key: 'calledAt',
      sorter: true,
      render: (_, c) => (
        <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.calledAt).slice(0, 16)}</span>
      ),
    },
    {
      title: '救助站',
      key: 'stationName',
      sorter: true,
      render: (_, c) => <div style={{ maxWidth: 112 }}>{c.stationName}</div>,
    },
    {
      title: '来电号码',
      render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{c.callerNumberMasked ?? '—'}</span>,
    },
    {
      title: '时长',
      key: 'durationSeconds',
      sorter: true,
      render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{duration(c.durationSeconds)}</span>,
    },
    {
      title: '类别',
      render: (_, c) => (
        <span style={{ whiteSpace: 'nowrap' }}>{RESCUE_HOTLINE_CATEGORY_LABELS[c.category]}</span>
      ),
    },
    {
      title: '摘要',
      render: (_, c) => (
        <Typography.Paragraph
          ellipsis={{ rows: 2, tooltip: c.summary }}
          style={{ width: 200, marginBottom: 0 }}
        >
          {c.summary}
        </Typography.Paragraph>
      ),
    },
    {
      title: '关联案件',
      render: (_, c) =>
        c.caseId ? (
          <div style={{ maxWidth: 104 }}>
            <Link to={`/rescue/cases/${c.caseId}`}>{c.caseNo}</Link>
          </div>
        ) : (
          '—'
        ),
    },
    {
      title: '录音',
      render: (_, c) => (
        <div style={{ maxWidth: 140 }}>
          <Tag color={STATUS_COLORS[c.recordingStatus]}>
            {RESCUE_RECORDING_STATUS_LABELS[c.recordingStatus]}
          </Tag>
          {c.recordingStatus === 'kept' && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {formatDate(c.deletableFrom)} 起可清除
            </Typography.Text>
          )}
          {c.recordingRef && (
            <Typography.Text
              code
              copyable
              ellipsis={{ tooltip: c.recordingRef }}
              style={{ fontSize: 12, maxWidth: 140 }}
            >
              {c.recordingRef}
            </Typography.Text>
          )}
        </div>
      ),
    },
  ];
  return (
    <ListPage
      list={list}
      title="热线录音"
      unit="条"
      exportHref={warningsUrls.hotlineExport(list.exportQuery)}
      actions={
        hasPermission('rescue:write') && (
          <Button type="primary" onClick={() => setRecording(true)}>
            登记来电
          </Button>
        )
      }
      nav={<RescueNav />}
      filterName="rescue-hotline-filters"
      breadcrumb
      notice={
        <Typography.Text type="secondary">
          求助热线 24 小时值守；通话录音至少保存 3 个月（满 3 个月且满 90
          天，以较晚者为准），到期后由系统每日自动清除录音文件引用和来电号码，通话记录保留。
        </Typography.Text>
      }
      controls={{
        stationId: (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部救助站"
            style={{ width: 220 }}
            options={stations.map((s) => ({ value: s.id, label: s.name }))}
          />
        ),
      }}
      errorTitle="热线来电记录加载失败"
      rowKey="id"
      columns={columns}
      empty={list.filtered ? '没有符合条件的来电记录。' : '还没有登记热线来电。'}
    >
      {recording && (
        <RecordCallDialog
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
