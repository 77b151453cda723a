import { ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';

/** Where a user's column choices are kept per page (this browser only; nothing personal in it). */
const storagePrefix = 'social-affairs.columns:';

/** A column's stable id: its key, else its dataIndex, else its place. */
export function columnId(column: TableColumnsType<never>[number], index: number): string {
  if (column.key !== undefined) return String(column.key);
  const dataIndex = 'dataIndex' in column ? column.dataIndex : undefined;
  if (Array.isArray(dataIndex)) return dataIndex.join('.');
  if (dataIndex !== undefined) return String(dataIndex);
  return `#${index}`;
}

/** The column's name in the settings list: its title when it is text. */
function columnLabel(column: TableColumnsType<never>[number], index: number): string {
  return typeof column.title === 'string' && column.title ? column.title : `第 ${index + 1} 列`;
}

function readHidden(key: string): string[] {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function writeHidden(key: string, hidden: readonly string[]): void {
  try {
    if (hidden.length) localStorage.setItem(key, JSON.stringify(hidden));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or refused (private mode): the choice lasts for this page only.
  }
}

export interface TableToolbarOptions {
  /** Loads the list again (the list page's `reload`); no 刷新 button without it. */
  onRefresh?: () => void;
  loading?: boolean;
  /** Separates the column choices of two tables on one page; default: the page's path. */
  storageKey?: string;
}

/**
 * The toolbar above a ledger table — 刷新 (load again with the same filters) and 列设置 (show or hide
 * columns, remembered per page in this browser; at least one column stays) — and the columns to show.
 */
export function useTableToolbar<T>(
  columns: TableColumnsType<T>,
  { onRefresh, loading, storageKey }: TableToolbarOptions,
): { columns: TableColumnsType<T>; toolbar: ReactNode } {
  const { pathname } = useLocation();
  const key = `${storagePrefix}${storageKey ?? pathname}`;
  const [hidden, setHidden] = useState<string[]>(() => readHidden(key));
  const entries = useMemo(
    () =>
      (columns as TableColumnsType<never>).map((column, index) => ({
        id: columnId(column, index),
        label: columnLabel(column, index),
      })),
    [columns],
  );
  const hiddenSet = new Set(hidden);
  const shown = columns.filter((column, index) => !hiddenSet.has(entries[index]?.id ?? ''));
  // Choices that hide every column (a column set changed since) are ignored rather than emptying the table.
  const visible = shown.length ? shown : columns;
  const visibleCount = shown.length ? shown.length : columns.length;

  const update = (next: string[]) => {
    setHidden(next);
    writeHidden(key, next);
  };

  const settings = (
    <Flex vertical gap={4} style={{ minWidth: 160 }} data-testid="column-settings">
      {entries.map((entry) => {
        const checked = !hiddenSet.has(entry.id);
        return (
          <Checkbox
            key={entry.id}
            checked={checked}
            disabled={checked && visibleCount <= 1}
            onChange={(e) =>
              update(e.target.checked ? hidden.filter((id) => id !== entry.id) : [...hidden, entry.id])
            }
          >
            {entry.label}
          </Checkbox>
        );
      })}
      <Button
        size="small"
        type="link"
        style={{ alignSelf: 'flex-start', padding: 0 }}
        onClick={() => update([])}
      >
        恢复默认
      </Button>
    </Flex>
  );

  const toolbar = (
    <Flex justify="flex-end" align="center" gap={8} className="table-toolbar" data-testid="table-toolbar">
      {visible.length < columns.length && (
        <Typography.Text type="secondary">已隐藏 {columns.length - visible.length} 列</Typography.Text>
      )}
      <Space size={4}>
        {onRefresh && (
          <Button size="small" icon={<ReloadOutlined />} loading={loading} onClick={onRefresh}>
            刷新
          </Button>
        )}
        <Popover trigger="click" placement="bottomRight" title="显示的列" content={settings}>
          <Button size="small" icon={<SettingOutlined />}>
            列设置
          </Button>
        </Popover>
      </Space>
    </Flex>
  );
  return { columns: visible, toolbar };
}
