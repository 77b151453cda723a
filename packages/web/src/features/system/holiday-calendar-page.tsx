import { UploadOutlined } from '@ant-design/icons';
import type {
  HolidayCalendarList,
  HolidayLoadResult,
  HolidayYearView,
} from '@social-affairs/kernel/contracts';
import { Alert, App, Button, Card, Input, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiError, api, errorText } from '../../app/api-client';
import { formatDateTime } from '../../app/format';
import { useApi } from '../../app/use-api';

/** A skeleton of next year's arrangement to fill in from the State Council General Office's notice. */
function template(year: number): string {
  return JSON.stringify(
    {
      year,
      notices: [
        { title: `国务院办公厅关于${year}年部分节假日安排的通知`, number: null, date: `${year - 1}-11-01` },
      ],
      holidays: [
        { name: '元旦', rest: [`${year}-01-01`, `${year}-01-01`], work: [] },
        { name: '春节', rest: [`${year}-02-01`, `${year}-02-08`], work: [] },
        { name: '清明节', rest: [`${year}-04-05`, `${year}-04-05`], work: [] },
        { name: '劳动节', rest: [`${year}-05-01`, `${year}-05-05`], work: [] },
        { name: '端午节', rest: [`${year}-06-01`, `${year}-06-01`], work: [] },
        { name: '中秋节', rest: [`${year}-09-01`, `${year}-09-01`], work: [] },
        { name: '国庆节', rest: [`${year}-10-01`, `${year}-10-07`], work: [] },
      ],
    },
    null,
    2,
  );
}

const columns: TableColumnsType<HolidayYearView> = [
  { title: '年份', dataIndex: 'year', width: 80 },
  {
    title: '来源',
    dataIndex: 'origin',
    width: 100,
    render: (o: HolidayYearView['origin']) =>
      o === 'loaded' ? <Tag color="green">管理员加载</Tag> : <Tag>随版本内置</Tag>,
  },
  { title: '依据通知', dataIndex: 'sourceTitle' },
  { title: '通知日期', dataIndex: 'sourceDate', width: 110 },
  { title: '节日', dataIndex: 'holidays', width: 70 },
  { title: '放假天数', dataIndex: 'restDays', width: 90 },
  { title: '调休上班', dataIndex: 'workingDays', width: 90 },
  {
    title: '加载人 / 时间',
    key: 'loaded',
    width: 220,
    render: (_, y) => (y.loadedBy ? `${y.loadedBy} ${y.loadedAt ? formatDateTime(y.loadedAt) : ''}` : '—'),
  },
];

/** 系统管理 › 节假日安排: the years the calendar knows, and loading next year's official arrangement. */
export function HolidayCalendarPage() {
  const { message } = App.useApp();
  const list = useApi(
    (signal) => api.get<HolidayCalendarList>('/api/admin/holiday-calendars', undefined, signal),
    [],
  );
  const [text, setText] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [problems, setProblems] = useState<{ title: string; items: string[] }>();
  const [result, setResult] = useState<HolidayLoadResult>();
  const nextYear = list.data?.nextYear ?? new Date().getFullYear() + 1;
  const value = text ?? template(nextYear);

  async function load() {
    setProblems(undefined);
    setResult(undefined);
    let body: unknown;
    try {
      body = JSON.parse(value);
    } catch (err) {
      setProblems({ title: 'JSON 格式不正确，无法解析', items: [String((err as Error).message)] });
      return;
    }
    setLoading(true);
    try {
      const r = await api.post<HolidayLoadResult>('/api/admin/holiday-calendars', body);
      setResult(r);
      void message.success(r.message);
      list.reload();
    } catch (err) {
      const details = err instanceof ApiError ? err.details : {};
      const items = Array.isArray(details.problems)
        ? details.problems.map(String)
        : Array.isArray(details.issues)
          ? (details.issues as unknown[]).map((i) =>
              typeof i === 'object' && i && 'message' in i ? String(i.message) : String(i),
            )
          : [];
      setProblems({ title: errorText(err), items });
    } finally {
      setLoading(false);
    }
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={1} tabIndex={-1} className="page-title">
        节假日安排
      </Typography.Title>
      {list.data?.warning && (
        <Alert type="warning" showIcon message="下一年节假日安排尚未加载" description={list.data.warning} />
      )}
      {list.data && !list.data.warning && list.data.nextYearLoaded && (
        <Alert type="success" showIcon message={`${list.data.nextYear}年节假日安排已加载`} />
      )}
      {list.error !== undefined && (
        <Alert type="error" showIcon message="加载失败" description={errorText(list.error)} />
      )}
      <Card title="已加载的年份">
        <Table<HolidayYearView>
          rowKey="year"
          size="small"
          loading={list.loading && !list.data}
          columns={columns}
          dataSource={list.data?.years ?? []}
          pagination={false}
        />
      </Card>
      <Card
        title="加载一年的节假日安排"
        extra={
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((t) => setText(t));
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>选择 JSON 文件</Button>
          </Upload>
        }
      >
        <Typography.Paragraph type="secondary">
          按国务院办公厅公布的通知填写：每个节日的放假起止日期（rest）与调休上班日（work，须为周六或周日），并注明通知标题与日期。
          加载后立即生效，跨年的暂定期限随即重新计算；同一年份再次加载将替换原安排。仅省级系统管理员可加载。
        </Typography.Paragraph>
        <Input.TextArea
          aria-label="节假日安排 JSON"
          value={value}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 10, maxRows: 24 }}
          style={{ fontFamily: 'monospace' }}
        />
        {problems && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            message={problems.title}
            description={
              problems.items.length ? (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {problems.items.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        )}
        {result && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 16 }}
            message={result.message}
            description={result.refreshed.map((j) => `${j.job}：${JSON.stringify(j.result)}`).join('；')}
          />
        )}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" loading={loading} onClick={() => void load()}>
            校验并加载
          </Button>
          <Button onClick={() => setText(template(nextYear))}>恢复为 {nextYear} 年模板</Button>
        </Space>
      </Card>
    </Space>
  );
}
