import { formatInstantIn, todayPlainDate } from '@social-affairs/kernel/plain-date';
import dayjs from 'dayjs';
import type { PersonStatus, Sex } from '../api/types';

const countFormat = new Intl.NumberFormat('zh-CN');

/** Counts with thousands separators: 12,345. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : countFormat.format(value);
}

/** The platform's wall clock: dates and times are shown in Beijing time whatever the browser's zone. */
export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

/**
 * A calendar date as `YYYY-MM-DD`; `—` when unknown. A plain date is shown as it is; an instant is
 * shown as its date in Beijing (a clerk in another zone sees the same day as the office).
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (Number.isNaN(new Date(value).getTime()))
    return dayjs(value).isValid() ? dayjs(value).format('YYYY-MM-DD') : value;
  return formatInstantIn(value, PLATFORM_TIME_ZONE).slice(0, 10);
}

/** An instant in Beijing time (Asia/Shanghai) as `YYYY-MM-DD HH:mm:ss`, whatever the browser's zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  if (Number.isNaN(new Date(value).getTime())) return value;
  return formatInstantIn(value, PLATFORM_TIME_ZONE);
}

/** Today in Beijing (the offices' day) as `YYYY-MM-DD`, whatever the browser's time zone. */
export function beijingToday(now: Date = new Date()): string {
  return todayPlainDate(PLATFORM_TIME_ZONE, now);
}

/**
 * A match probability as a percentage that never rounds up to certainty: 0.99996 shows as `>99.99%`
 * (a review-band pair can have a very high probability and still need a person's decision).
 */
export function formatProbability(p: number): string {
  if (p >= 1) return '100%';
  if (p > 0.9999) return '>99.99%';
  return `${(p * 100).toFixed(p > 0.999 ? 2 : 1)}%`;
}

export const sexLabels: Record<Sex, string> = { male: '男', female: '女' };
export const personStatusLabels: Record<PersonStatus, string> = { alive: '在世', deceased: '已故' };

export function percent(part: number, whole: number): string {
  if (!whole) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}
