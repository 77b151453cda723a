import dayjs, { type Dayjs } from 'dayjs';

/**
 * How one filter of a list page lives in the URL query. A list page declares its filters once,
 * `{ q: textFilter, status: choiceFilter(['alive', 'deceased']), period: dateRangeFilter() }`,
 * and gets from it the filter form's values, the URL it writes, and the typed query it sends.
 */
/** How the filter card shows a filter; a filter without it is set by links only (e.g. `jobId`). */
export interface FilterUi {
  label: string;
  placeholder?: string;
  /** Width of the control in pixels. */
  width?: number;
}

export interface ValueFilter<V extends string> {
  kind: 'value';
  /** The URL text as the filter's value; undefined leaves the filter off. */
  parse: (raw: string) => V | undefined;
  ui?: FilterUi;
  /** A closed set of values, shown as a Select. */
  options?: { value: V; label: string }[];
}

/** A period picked with a RangePicker, kept as two `YYYY-MM-DD` URL keys (`from`, `to`). */
export interface RangeFilter<A extends string, B extends string> {
  kind: 'range';
  from: A;
  to: B;
  ui?: FilterUi;
}

export type FilterField = ValueFilter<string> | RangeFilter<string, string>;
export type FilterFields = Record<string, FilterField>;

export type DateRangeValue = [Dayjs | null, Dayjs | null] | null;

/** Free text (trimmed; empty is no filter), shown as an Input. */
export function textFilter(ui?: FilterUi): ValueFilter<string> {
  return { kind: 'value', parse: (raw) => raw.trim() || undefined, ...(ui ? { ui } : {}) };
}

/**
 * One of a closed set of values, given as its Chinese labels (`{ male: '男', female: '女' }`) and shown
 * as a Select; anything else in the URL is ignored.
 */
export function choiceFilter<V extends string>(labels: Record<V, string>, ui?: FilterUi): ValueFilter<V> {
  const options = (Object.keys(labels) as V[]).map((value) => ({ value, label: labels[value] }));
  return {
    kind: 'value',
    parse: (raw) => options.find((o) => o.value === raw)?.value,
    options,
    ...(ui ? { ui } : {}),
  };
}

/** A period, kept as `from` and `to`, shown as a RangePicker. */
export function dateRangeFilter(ui?: FilterUi): RangeFilter<'from', 'to'> {
  return { kind: 'range', from: 'from', to: 'to', ...(ui ? { ui } : {}) };
}

/** The filter form's values. */
export type FilterValues<F extends FilterFields> = {
  [K in keyof F]?: F[K] extends ValueFilter<infer V> ? V : DateRangeValue;
};

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void
  ? I
  : never;

/** What the filters add to the API query: `{ q?: string; status?: 'alive' | … ; from?: string; to?: string }`. */
export type FilterQuery<F extends FilterFields> = UnionToIntersection<
  {
    [K in keyof F & string]: F[K] extends ValueFilter<infer V>
      ? { [P in K]?: V }
      : F[K] extends RangeFilter<infer A, infer B>
        ? { [P in A | B]?: string }
        : never;
  }[keyof F & string]
>;

const dateText = /^\d{4}-\d{2}-\d{2}$/;

function dateParam(params: URLSearchParams, key: string): string | undefined {
  const raw = params.get(key);
  return raw && dateText.test(raw) ? raw : undefined;
}

/** The API query the URL holds for these filters. */
export function readFilterQuery<F extends FilterFields>(fields: F, params: URLSearchParams): FilterQuery<F> {
  const query: Record<string, string | undefined> = {};
  for (const [name, field] of Object.entries(fields)) {
    if (field.kind === 'value') {
      const raw = params.get(name);
      query[name] = raw === null ? undefined : field.parse(raw);
    } else {
      query[field.from] = dateParam(params, field.from);
      query[field.to] = dateParam(params, field.to);
    }
  }
  return query as FilterQuery<F>;
}

/** The filter form's values for the filters in the URL (every field present, so a reset clears it). */
export function formValuesOf<F extends FilterFields>(fields: F, query: FilterQuery<F>): FilterValues<F> {
  const values: Record<string, unknown> = {};
  const flat = query as Record<string, string | undefined>;
  for (const [name, field] of Object.entries(fields)) {
    if (field.kind === 'value') values[name] = flat[name];
    else {
      const from = flat[field.from];
      const to = flat[field.to];
      values[name] = from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null;
    }
  }
  return values as FilterValues<F>;
}

/** Writes submitted form values into `next` (only the filters that are set). */
export function writeFilters<F extends FilterFields>(
  fields: F,
  values: FilterValues<F>,
  next: URLSearchParams,
): void {
  const given = values as Record<string, unknown>;
  for (const [name, field] of Object.entries(fields)) {
    const value = given[name];
    if (field.kind === 'value') {
      const parsed = typeof value === 'string' ? field.parse(value) : undefined;
      if (parsed) next.set(name, parsed);
    } else {
      const [start, end] = (value as DateRangeValue) ?? [null, null];
      if (start) next.set(field.from, start.format('YYYY-MM-DD'));
      if (end) next.set(field.to, end.format('YYYY-MM-DD'));
    }
  }
}

/** Whether any filter is on (for the empty-state message). */
export function hasFilters(query: object): boolean {
  return Object.values(query).some((v) => v !== undefined && v !== '');
}
