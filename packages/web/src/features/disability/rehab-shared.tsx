/** Pieces shared by the 精神康复 and 辅具与福康 pages: a server-paged ledger card and a form dialog. */
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Modal,
  Table,
  type FormInstance,
  type TableColumnsType,
} from 'antd';
import { useState, type ReactNode } from 'react';
import type { QueryParams } from '../../app/api-client';
import { applyServerError } from '../../app/form-errors';
import { ExportButton } from '../../app/list-page';
import { useApi } from '../../app/use-api';
import { rehabApi } from './rehab.api';

/**
 * A ledger: filters (controlled by the caller), server paging and sorting (`sort` = field or -field),
 * and 导出 Excel of the same filter.
 */
export function LedgerCard<T extends { id: string }>({
  title,
  path,
  filters,
  filterBar,
  columns,
  sortable = [],
  extra,
  reloadKey = 0,
  empty,
}: {
  title: ReactNode;
  path: string;
  filters: QueryParams;
  filterBar?: ReactNode;
  columns: TableColumnsType<T>;
  sortable?: string[];
  extra?: ReactNode;
  reloadKey?: number;
  empty: string;
}) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [sort, setSort] = useState<string>();
  const key = JSON.stringify(filters);
  const data = useApi(
    (signal) => rehabApi.page<T>(path, { ...filters, page, pageSize, sort }, signal),
    [path, key, page, pageSize, sort, reloadKey],
  );
  const cols = columns.map((c) =>
    c.key && sortable.includes(String(c.key)) ? { ...c, sorter: true } : c,
  ) as TableColumnsType<T>;
  return (
    <Card
      size="small"
      title={title}
      extra={
        <Flex gap={8}>
          {extra}
          <ExportButton href={rehabApi.exportHref(path, { ...filters, sort })} disabled={!data.data?.total} />
        </Flex>
      }
    >
      {filterBar && (
        <Flex gap={8} wrap style={{ marginBottom: 8 }} align="center">
          {filterBar}
        </Flex>
      )}
      {data.error ? <Alert type="error" showIcon title="加载失败，请稍后重试" /> : null}
      <Table<T>
        size="small"
        rowKey="id"
        loading={data.loading}
        dataSource={data.data?.items ?? []}
        columns={cols}
        locale={{ emptyText: empty }}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize,
          total: data.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 条`,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          setSort(
            s?.order && s.columnKey ? `${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}` : undefined,
          );
        }}
      />
    </Card>
  );
}

/** A form in a dialog: keeps what was typed on a refused submit and shows the error beside the field. */
export function FormDialog<V extends object>({
  title,
  open,
  onClose,
  submit,
  children,
  initialValues,
  okText = '保存',
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  submit: (values: V) => Promise<void>;
  children: (form: FormInstance<V>) => ReactNode;
  initialValues?: Partial<V>;
  okText?: string;
}) {
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      okText={okText}
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      onOk={() => {
        void form.validateFields().then(async (values) => {
          setBusy(true);
          setError(undefined);
          try {
            await submit(values);
          } catch (e) {
            setError(
              applyServerError(form, e, { 'pilot.fundRef': 'pilotFundRef', 'pilot.amountFen': 'pilotYuan' }),
            );
          } finally {
            setBusy(false);
          }
        });
      }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<V> form={form} layout="vertical" initialValues={initialValues} preserve={false}>
        {children(form)}
      </Form>
    </Modal>
  );
}

export const MoneyNote = ({ children }: { children: ReactNode }) => (
  <span style={{ color: 'var(--ant-color-text-secondary)', fontSize: 12 }}>{children}</span>
);

export function OpenButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button size="small" type="link" onClick={onClick}>
      {children}
    </Button>
  );
}
