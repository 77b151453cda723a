/**
 * /memorials 网上祭奠 (public, no login, phone layout): the approved memorial pages with a search by name;
 * one page (biography, approved messages, flowers); leave a message (shown after review); create a page
 * for a relative (public after review by the cemetery's staff).
 */
import type { PublicMemorialView } from '@social-affairs/kernel/contracts/funeral';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Pagination,
  Select,
  Spin,
  Tabs,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../../../app/api-client';
import { applyServerError } from '../../../app/form-errors';
import { useApi } from '../../../app/use-api';
import { publicQingmingApi } from './qingming.api';

const life = (b: string | null, d: string | null) => `${b ?? '?'} — ${d ?? '?'}`;

function MemorialView({ code, onBack }: { code: string; onBack: () => void }) {
  const page = useApi((signal) => publicQingmingApi.memorial(code, signal), [code]);
  const [flowers, setFlowers] = useState<number>();
  const [form] = Form.useForm<{ authorName: string; body: string }>();
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState(false);
  const m: PublicMemorialView | undefined = page.data;
  const send = async (v: { authorName: string; body: string }) => {
    setError(undefined);
    try {
      await publicQingmingApi.message(code, v);
      setSent(true);
      form.resetFields();
    } catch (err) {
      setError(applyServerError(form, err));
    }
  };
  if (page.error)
    return (
      <Alert
        type="error"
        showIcon
        message={errorText(page.error)}
        action={<Button onClick={onBack}>返回</Button>}
      />
    );
  if (!m) return <Spin />;
  return (
    <>
      <Button type="link" onClick={onBack} style={{ padding: 0 }}>
        ‹ 返回纪念馆列表
      </Button>
      <Card style={{ textAlign: 'center', marginTop: 8 }}>
        <Typography.Title level={2} style={{ fontSize: 22 }}>
          {m.deceasedName} 纪念馆
        </Typography.Title>
        <Typography.Text type="secondary">
          {life(m.birthDate, m.deathDate)} · 安息于{m.cemeteryName}
        </Typography.Text>
        <Typography.Paragraph style={{ textAlign: 'left', marginTop: 16, whiteSpace: 'pre-wrap' }}>
          {m.biography}
        </Typography.Paragraph>
        <Button
          type="primary"
          onClick={() =>
            void publicQingmingApi.flower(code).then(
              (r) => setFlowers(r.flowers),
              () => undefined,
            )
          }
        >
          献花（{flowers ?? m.flowers}）
        </Button>
      </Card>
      <Card size="small" title="留言" style={{ marginTop: 16 }}>
        <List
          dataSource={m.messages}
          locale={{ emptyText: '还没有留言' }}
          renderItem={(x) => (
            <List.Item>
              <List.Item.Meta title={x.authorName} description={x.body} />
            </List.Item>
          )}
        />
        {sent && (
          <Alert
            type="success"
            showIcon
            message="留言已提交，审核通过后显示。"
            style={{ marginBottom: 12 }}
          />
        )}
        <Form form={form} layout="vertical" name="memorial-message" onFinish={(v) => void send(v)}>
          <Form.Item name="authorName" label="您的称呼" rules={[{ required: true, message: '请填写称呼' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="body" label="留言" rules={[{ required: true, message: '请填写留言' }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
          <Button htmlType="submit" block>
            提交留言
          </Button>
        </Form>
      </Card>
    </>
  );
}

function ListTab({ onOpen }: { onOpen: (code: string) => void }) {
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const list = useApi((signal) => publicQingmingApi.memorials({ q, page, pageSize: 12 }, signal), [q, page]);
  return (
    <>
      <Input.Search
        allowClear
        placeholder="按逝者姓名搜索"
        onSearch={(v) => {
          setQ(v || undefined);
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
      />
      {list.error && <Alert type="error" showIcon message={errorText(list.error)} />}
      {list.data && list.data.items.length === 0 ? (
        <Empty description="没有找到纪念馆" />
      ) : (
        <List
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          renderItem={(m) => (
            <List.Item
              data-testid="memorial-item"
              onClick={() => onOpen(m.code)}
              style={{ cursor: 'pointer' }}
              extra={<Typography.Text type="secondary">献花 {m.flowers}</Typography.Text>}
            >
              <List.Item.Meta
                title={<a>{m.deceasedName}</a>}
                description={`${life(m.birthDate, m.deathDate)} · ${m.cemeteryName}`}
              />
            </List.Item>
          )}
        />
      )}
      {(list.data?.total ?? 0) > 12 && (
        <Pagination
          simple
          current={page}
          pageSize={12}
          total={list.data?.total ?? 0}
          onChange={setPage}
          style={{ marginTop: 12 }}
        />
      )}
    </>
  );
}

interface CreateForm {
  facilityId: string;
  deceasedName: string;
  birthDate?: Dayjs;
  deathDate?: Dayjs;
  biography: string;
  creatorName: string;
  phone: string;
}

function CreateTab() {
  const cemeteries = useApi((signal) => publicQingmingApi.cemeteries(signal), []);
  const [form] = Form.useForm<CreateForm>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const submit = async (v: CreateForm) => {
    setError(undefined);
    try {
      const r = await publicQingmingApi.createMemorial({
        facilityId: v.facilityId,
        deceasedName: v.deceasedName,
        birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : null,
        deathDate: v.deathDate ? v.deathDate.format('YYYY-MM-DD') : null,
        biography: v.biography,
        creatorName: v.creatorName,
        phone: v.phone,
      });
      setDone(r.code);
    } catch (err) {
      setError(applyServerError(form, err));
    }
  };
  if (done)
    return (
      <Alert
        type="success"
        showIcon
        message="纪念馆已提交"
        description={`编号 ${done}。公墓工作人员审核通过后即可在列表中看到。`}
      />
    );
  return (
    <Form form={form} layout="vertical" name="memorial-create" onFinish={(v) => void submit(v)}>
      <Form.Item name="facilityId" label="安葬的公墓" rules={[{ required: true, message: '请选择公墓' }]}>
        <Select options={(cemeteries.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
      </Form.Item>
      <Form.Item name="deceasedName" label="逝者姓名" rules={[{ required: true, message: '请填写逝者姓名' }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="birthDate" label="出生日期">
        <DatePicker inputReadOnly style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="deathDate" label="逝世日期">
        <DatePicker inputReadOnly style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="biography" label="生平简介" rules={[{ required: true, message: '请填写生平简介' }]}>
        <Input.TextArea rows={4} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item name="creatorName" label="您的姓名" rules={[{ required: true, message: '请填写姓名' }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item
        name="phone"
        label="手机号码（不公开）"
        rules={[{ required: true, message: '请填写手机号码' }]}
      >
        <Input maxLength={20} inputMode="tel" />
      </Form.Item>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" block>
        提交审核
      </Button>
    </Form>
  );
}

export function PublicMemorialsPage() {
  const [params, setParams] = useSearchParams();
  const code = params.get('code');
  const open = (c: string | null) => setParams(c ? { code: c } : {});
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        网上祭奠
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        寄托哀思，文明祭扫。也可以<Link to="/qingming">预约清明祭扫</Link>。
      </Typography.Paragraph>
      {code ? (
        <MemorialView code={code} onBack={() => open(null)} />
      ) : (
        <Tabs
          items={[
            { key: 'list', label: '纪念馆', children: <ListTab onOpen={open} /> },
            { key: 'create', label: '创建纪念馆', children: <CreateTab /> },
          ]}
        />
      )}
    </>
  );
}
