import { Alert, Input, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import type { Page, PersonSummary, Sex } from '../api/types';
import { api, errorText } from './api-client';
import { formatDate, personStatusLabels } from './format';
import { useApi } from './use-api';

export interface PersonPickerProps {
  /** The division whose people index is searched. */
  scope: string;
  /** Only people of this sex are listed. */
  sex?: Sex;
  /** The first search (e.g. the name on the record being matched). */
  initialQuery: string;
  /** Names the search box for screen readers and tests: 查找男方. */
  label: string;
  /** People proposed before any search (the system's candidates), listed first. */
  suggested?: PersonSummary[];
  selectedId: string | undefined;
  onSelect: (person: PersonSummary) => void;
  /** What the name cell shows (default: the name). */
  renderName?: (person: PersonSummary) => ReactNode;
  /** Shown after the birth date (e.g. whether it agrees with the record). */
  birthDateNote?: (person: PersonSummary) => ReactNode;
  /** The empty state for a search that found nobody. */
  emptyText: (query: string) => ReactNode;
}

/**
 * Picks one person of the people index: search by name, pinyin or resident id within a division,
 * suggestions first, one row selected. Lines that link their records to a person (marriage back-fill,
 * rescue, funeral) share it.
 */
export function PersonPicker({
  scope,
  sex,
  initialQuery,
  label,
  suggested = [],
  selectedId,
  onSelect,
  renderName = (p) => p.name,
  birthDateNote,
  emptyText,
}: PersonPickerProps) {
  const [q, setQ] = useState(initialQuery);
  const people = useApi(
    (signal) => api.get<Page<PersonSummary>>('/api/people', { division: scope, q, sex, pageSize: 8 }, signal),
    [scope, q, sex],
    q.trim().length > 0,
  );
  const suggestedIds = new Set(suggested.map((p) => p.id));
  const found = (people.data?.items ?? []).filter((p) => !suggestedIds.has(p.id));
  const columns: TableColumnsType<PersonSummary> = [
    { title: '姓名', render: (_, p) => renderName(p) },
    {
      title: '公民身份号码',
      render: (_, p) =>
        p.residentIdMasked ? (
          <span className="resident-id">{p.residentIdMasked}</span>
        ) : (
          <Typography.Text type="secondary">无</Typography.Text>
        ),
    },
    {
      title: '出生日期',
      render: (_, p) => (
        <Space size={4} wrap>
          {formatDate(p.birthDate)}
          {birthDateNote?.(p)}
        </Space>
      ),
    },
    { title: '户籍地', dataIndex: 'hukouDivisionName' },
    { title: '状态', render: (_, p) => personStatusLabels[p.status] },
  ];
  return (
    <>
      <Input.Search
        aria-label={label}
        defaultValue={initialQuery}
        placeholder="姓名、拼音或身份证号"
        enterButton="查找"
        onSearch={(v) => setQ(v.trim())}
        style={{ marginBottom: 8 }}
      />
      {people.error !== undefined && (
        <Alert type="error" showIcon title={errorText(people.error)} style={{ marginBottom: 8 }} />
      )}
      <Table<PersonSummary>
        rowKey="id"
        size="small"
        loading={people.loading}
        columns={columns}
        dataSource={[...suggested, ...found]}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: selectedId ? [selectedId] : [],
          onChange: (_keys, rows) => {
            if (rows[0]) onSelect(rows[0]);
          },
        }}
        onRow={(p) => ({ onClick: () => onSelect(p) })}
        locale={{ emptyText: emptyText(q) }}
      />
    </>
  );
}
