import dayjs from 'dayjs';
import type { PersonStatus, Sex } from '../api/types';

const countFormat = new Intl.NumberFormat('zh-CN');

/** Counts with thousands separators: 12,345. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : countFormat.format(value);
}

/** A calendar date as `YYYY-MM-DD`; `—` when unknown. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : value;
}

/** An instant in the browser's time zone as `YYYY-MM-DD HH:mm:ss`. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : value;
}

export const sexLabels: Record<Sex, string> = { male: '男', female: '女' };
export const personStatusLabels: Record<PersonStatus, string> = { alive: '在世', deceased: '已故' };

export function percent(part: number, whole: number): string {
  if (!whole) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}
