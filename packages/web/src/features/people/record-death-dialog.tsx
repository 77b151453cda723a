import { Alert, App, AutoComplete, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { PersonDetail } from '../../api/types';
import { recordDeathBody } from '@social-affairs/kernel/contracts';
import { applyServerError } from '../../app/form-errors';
import { beijingToday } from '../../app/format';
import { zodRule } from '../../app/zod-rule';
import { recordDeath } from './people.api';

interface Props {
  person: PersonDetail;
  open: boolean;
  onClose: () => void;
  onRecorded: (person: PersonDetail) => void;
}

interface DeathForm {
  deathDate: Dayjs;
  source: string;
  reason?: string;
}

const sourceOptions = [
  '殡仪馆火化记录',
  '医疗机构死亡医学证明',
  '公安户籍注销',
  '村（居）委会证明',
  '家属申报',
].map((value) => ({ value }));

/** 登记死亡: irreversible, so the clerk confirms once more before it is sent. */
export function RecordDeathDialog({ person, open, onClose, onRecorded }: Props) {
  const { modal } = App.useApp();
  const [form] = Form.useForm<DeathForm>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();

  const send = async (values: DeathForm) => {
    setSubmitting(true);
    setFormError(undefined);
    try {
      const updated = await recordDeath(person.id, {
        deathDate: values.deathDate.format('YYYY-MM-DD'),
        source: values.source.trim(),
        reason: values.reason?.trim() || undefined,
      });
      form.resetFields();
      onRecorded(updated);
    } catch (error) {
      setFormError(applyServerError(form, error));
    } finally {
      setSubmitting(false);
    }
  };

  const submit = async () => {
    const values = await form.validateFields();
    modal.confirm({
      title: `确认登记 ${person.name} 死亡？`,
      content: `死亡日期 ${values.deathDate.format('YYYY-MM-DD')}。登记后此人将标记为已故，相关补贴停发、救助结案等将自动处理，且不能撤销。`,
      okText: '确认登记',
      okButtonProps: { danger: true },
      cancelText: '再检查一下',
      onOk: () => send(values),
    });
  };

  const birth = person.birthDate ? dayjs(person.birthDate) : undefined;
  return (
    <Modal
      title={`登记死亡：${person.name}`}
      open={open}
      okText="登记"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={submitting}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={formError} />}
      <Form form={form} name="record-death" layout="vertical">
        <Form.Item
          name="deathDate"
          label="死亡日期"
          rules={[
            { required: true, message: '请选择死亡日期' },
            {
              validator: async (_, value: Dayjs | undefined) => {
                if (!value) return;
                if (value.isAfter(dayjs(beijingToday()), 'day')) throw new Error('死亡日期不能晚于今天');
                if (birth && value.isBefore(birth, 'day')) throw new Error('死亡日期不能早于出生日期');
              },
            },
          ]}
        >
          <DatePicker
            format="YYYY-MM-DD"
            style={{ width: '100%' }}
            disabledDate={(d) =>
              d.isAfter(dayjs(beijingToday()), 'day') || (birth ? d.isBefore(birth, 'day') : false)
            }
          />
        </Form.Item>
        <Form.Item
          name="source"
          label="信息来源"
          rules={[
            { required: true, whitespace: true, message: '请填写信息来源' },
            zodRule(recordDeathBody.shape.source),
          ]}
        >
          <AutoComplete
            options={sourceOptions}
            maxLength={50}
            placeholder="选择或填写，例如：殡仪馆火化记录"
          />
        </Form.Item>
        <Form.Item name="reason" label="登记事由" rules={[{ max: 200, message: '登记事由不超过 200 字' }]}>
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder="例如：根据浏阳市殡仪馆火化证明登记"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
