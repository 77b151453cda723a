import dayjs from 'dayjs';
import type { PersonStatus, Sex } from '../api/types';

const countFormat = new Intl.NumberFormat('zh-CN');

/** Counts with thousands separators: 12,345. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : countFormat.format(value);
}

/** The platform's wall clock: dates and times are shown in Beijing time whatever the browser's zone. */
export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: PLATFORM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wallClockParts(instant: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of wallClock.formatToParts(instant)) out[p.type] = p.value;
  return out;
}

/**
 * A calendar date as `YYYY-MM-DD`; `—` when unknown. A plain date is shown as it is; an instant is
 * shown as its date in Beijing (a clerk in another zone sees the same day as the office).
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return dayjs(value).isValid() ? dayjs(value).format('YYYY-MM-DD') : value;
  const p = wallClockParts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant in Beijing time (Asia/Shanghai) as `YYYY-MM-DD HH:mm:ss`, whatever the browser's zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const p = wallClockParts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Today in Beijing (the offices' day) as `YYYY-MM-DD`, whatever the browser's time zone. */
export function beijingToday(now: Date = new Date()): string {
  const p = wallClockParts(now);
  return `${p.year}-${p.month}-${p.day}`;
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
