import { Button, Form, Input, Modal, Space, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorText } from '../../app/api-client';
import {
  appointmentApi,
  appointmentServiceLabels,
  appointmentStatusColors,
  appointmentStatusLabels,
  type AppointmentViewDto,
} from './marriage.api';

/** Today in Asia/Shanghai (the registries' day): the shared helper, re-exported for the booking pages. */
export { beijingToday } from '../../app/format';

/** 已签到 / 未到 …, with the reason of a cancelled booking as its tooltip. */
export function AppointmentStatusTag({ a }: { a: AppointmentViewDto }) {
  return (
    <Tag color={appointmentStatusColors[a.status]} title={a.closeReason ?? undefined}>
      {appointmentStatusLabels[a.status]}
    </Tag>
  );
}

/**
 * The desk's actions on one booking: 签到 (a marriage opens the registration form pre-filled; a divorce
 * or re-issue is checked in and handled from 档案查询, then closed with 办结), 未到, 取消 (with a reason).
 */
export function AppointmentActions({
  a,
  registryId,
  today,
  onChanged,
}: {
  a: AppointmentViewDto;
  registryId: string;
  today: string;
  onChanged: () => void;
}) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      void message.success(done);
      onChanged();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const checkIn = async () => {
    if (a.service === 'marriage') {
      void navigate(`/marriage/register?appointment=${encodeURIComponent(a.id)}`);
      return;
    }
    await run(() => appointmentApi.checkIn(a.id), '已签到');
    void message.info(
      `${appointmentServiceLabels[a.service]}：请在“档案查询 · 当事人持证办理”中录入双方证件号码办理，办理后回到预约点“办结”`,
    );
  };
  const open = a.status === 'booked' || a.status === 'attended';
  const who = `${a.applicantName}${a.partnerName ? `、${a.partnerName}` : ''}`;
  return (
    <Space size={4} wrap>
      {a.status === 'booked' && a.date >= today && (
        <Button
          size="small"
          type="primary"
          loading={busy}
          onClick={() => void checkIn()}
          aria-label={`签到 ${who}`}
        >
          签到
        </Button>
      )}
      {a.status === 'attended' && a.service === 'marriage' && (
        <Button
          size="small"
          type="primary"
          onClick={() => void navigate(`/marriage/register?appointment=${encodeURIComponent(a.id)}`)}
        >
          继续办理
        </Button>
      )}
      {a.status === 'attended' && a.service !== 'marriage' && (
        <Button
          size="small"
          loading={busy}
          onClick={() =>
            void run(
              () =>
                appointmentApi.complete(a.id, {
                  registryId,
                  outcomeKind: a.service === 'divorce' ? 'divorce' : 'other',
                  note: `已办理${appointmentServiceLabels[a.service]}`,
                }),
              '预约已办结',
            )
          }
        >
          办结
        </Button>
      )}
      {a.status === 'booked' && a.date <= today && (
        <Button
          size="small"
          loading={busy}
          onClick={() => void run(() => appointmentApi.noShow(a.id), '已标记为未到')}
          aria-label={`标记未到 ${who}`}
        >
          未到
        </Button>
      )}
      {open && (
        <Button
          size="small"
          danger
          type="text"
          onClick={() => setCancelling(true)}
          aria-label={`取消预约 ${who}`}
        >
          取消
        </Button>
      )}
      {cancelling && (
        <CancelDialog
          a={a}
          onClose={() => setCancelling(false)}
          onDone={() => {
            setCancelling(false);
            onChanged();
          }}
        />
      )}
    </Space>
  );
}

function CancelDialog({
  a,
  onClose,
  onDone,
}: {
  a: AppointmentViewDto;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={`取消预约 ${a.reference}`}
      okText="确认取消"
      okButtonProps={{ danger: true }}
      cancelText="返回"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async ({ reason }) => {
          setBusy(true);
          try {
            await appointmentApi.cancel(a.id, reason);
            void message.success('预约已取消');
            onDone();
          } catch (e) {
            void message.error(errorText(e));
          } finally {
            setBusy(false);
          }
        })
      }
    >
      <Typography.Paragraph type="secondary">
        {a.applicantName}
        {a.partnerName ? `、${a.partnerName}` : ''} · {a.date} {a.halfDay === 'am' ? '上午' : '下午'}{' '}
        {a.slotNo} 号。取消后该时段释放，原因记入审计日志。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="appointment-cancel">
        <Form.Item
          name="reason"
          label="取消原因"
          rules={[
            { required: true, message: '请填写取消原因' },
            { min: 2, message: '请填写取消原因' },
            { max: 200, message: '不超过 200 字' },
          ]}
        >
          <Input placeholder="如：当事人来电取消" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
