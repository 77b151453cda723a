/**
 * Column specs of the tabular import pipeline: what a line's file contains, how its headers are
 * recognised (Chinese header or any alias; case, surrounding spaces and full-width/half-width forms are
 * ignored) and how each cell is checked, with reasons in Chinese.
 */
import {
  DomainError,
  TEXT_INVALID_CHARACTER,
  badCharacterMessage,
  findBadCharacter,
  isNameOrCodeKey,
} from '@social-affairs/kernel';
import type { z } from 'zod';

/** One problem (severity 'error': the row is refused) or remark ('note': the row goes on) of a row. */
export interface ImportIssue {
  /** Row number as the user sees it in the file: the header is row 1. */
  rowNo: number;
  /** Canonical column key; null when the reason concerns the row as a whole. */
  column: string | null;
  severity: 'error' | 'note';
  code: string;
  /** In Chinese. Never the full value of a resident id. */
  reason: string;
}

/** Collects a row's issues; `column` is a canonical key (or omitted for the whole row). */
export interface IssueSink {
  error(code: string, reason: string, column?: string): void;
  note(code: string, reason: string, column?: string): void;
}

/**
 * A cell checker: receives the trimmed, non-empty cell text and returns the value, or throws
 * `ImportCellError` (or a `DomainError`, whose code and message are used) to refuse it. `sink.note`
 * adds a remark without refusing the row.
 */
export type CellParser<T> = (text: string, sink: Pick<IssueSink, 'note'>) => T;

export interface ImportColumn<K extends string = string> {
  /** Canonical key: the property of the parsed row. */
  key: K;
  /** Chinese header, as written in the template. */
  header: string;
  /** Other accepted headers (English name, older wordings); the key itself is always accepted. */
  aliases?: readonly string[];
  /** The header must be present and every row must fill the cell. */
  required?: boolean;
  /**
   * The header must be present, but the cell may be empty (defaults to `required`). Use it for a
   * template whose every column is expected even where values are optional.
   */
  headerRequired?: boolean;
  /** Zod schema (its first issue's message is the reason) or a function; none: the text as is. */
  parse?: z.ZodType<unknown> | CellParser<unknown>;
  /** Value of an empty cell (default null); the parser is not called for empty cells. */
  empty?: unknown;
  /** Explanation for the template's notes sheet (Chinese). */
  hint?: string;
  /** Example value for the template's example row. */
  example?: string;
  /** Column width in the template (characters). */
  width?: number;
}

export interface ImportSpec<Row = Record<string, unknown>> {
  /** Sheet name of the template (Chinese), e.g. 婚姻登记补录. */
  title: string;
  columns: readonly ImportColumn[];
  /**
   * Checks across cells, after every cell was parsed. `row` holds the parsed values; a cell that was
   * refused is `undefined`. Add errors to refuse the row.
   */
  checkRow?: (row: Partial<Row>, sink: IssueSink) => void;
  /** Extra lines for the template's notes sheet. */
  notes?: readonly string[];
  /** Headers that match no column are refused unless this is true (default false). */
  allowUnknownColumns?: boolean;
}

/** A refused cell. */
export class ImportCellError extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A refused row, thrown by a line's `applyRow` (its transaction is rolled back, nothing stays). */
export class ImportRowRefused extends Error {
  readonly issues: readonly { code: string; reason: string; column?: string }[];
  constructor(issues: { code: string; reason: string; column?: string }[] | string, reason?: string) {
    const list = typeof issues === 'string' ? [{ code: issues, reason: reason ?? issues }] : issues;
    super(list.map((i) => i.reason).join('；'));
    this.issues = list;
  }
}

/** Header text compared: NFKC (full-width → half-width), trimmed, lower case, inner spaces dropped. */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
}

/** Where each column of the spec is in the file's header line (index of the cell, or -1). */
export interface HeaderMap {
  columns: readonly ImportColumn[];
  index: readonly number[];
}

/** Matches a header line against a spec; refuses missing required, unknown and repeated headers. */
export function mapHeader(spec: ImportSpec<unknown>, header: readonly string[]): HeaderMap {
  const lookup = new Map<string, number>();
  spec.columns.forEach((c, i) => {
    for (const name of [c.header, c.key, ...(c.aliases ?? [])]) lookup.set(normalizeHeader(name), i);
  });
  const index = spec.columns.map(() => -1);
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.forEach((raw, cell) => {
    const h = normalizeHeader(raw);
    if (!h) return;
    const col = lookup.get(h);
    if (col === undefined) unknown.push(raw.trim());
    else if (index[col] !== -1) repeated.push(raw.trim());
    else index[col] = cell;
  });
  const missing = spec.columns
    .filter((c, i) => index[i] === -1 && (c.headerRequired ?? c.required ?? false))
    .map((c) => c.header);
  if (missing.length > 0)
    throw new DomainError(
      'invalid',
      'IMPORT_COLUMNS_MISSING',
      `文件缺少列：${missing.join('、')}（请使用下载的模板）`,
      { missing },
    );
  if (repeated.length > 0)
    throw new DomainError('invalid', 'IMPORT_COLUMNS_REPEATED', `文件中以下列重复：${repeated.join('、')}`, {
      repeated,
    });
  if (unknown.length > 0 && !spec.allowUnknownColumns)
    throw new DomainError(
      'invalid',
      'IMPORT_COLUMNS_UNKNOWN',
      `无法识别的列：${unknown.join('、')}（可用的列：${spec.columns.map((c) => c.header).join('、')}）`,
      { unknown },
    );
  return { columns: spec.columns, index };
}

/** Raw cells of a data row keyed by canonical column name (trimmed text; absent columns are ''). */
export function cellsOf(map: HeaderMap, cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < map.columns.length; i++) {
    const at = map.index[i] ?? -1;
    out[(map.columns[i] as ImportColumn).key] = at >= 0 ? (cells[at] ?? '').trim() : '';
  }
  return out;
}

function isZod(p: ImportColumn['parse']): p is z.ZodType<unknown> {
  return typeof p === 'object' && p !== null && 'safeParse' in p;
}

/**
 * Parses one data row (raw cells keyed by column, as `cellsOf` gives them): every cell through its
 * column's parser, then the spec's row check. Returns the parsed row, or undefined when an error was
 * added to `sink`. The one-off form of `compileRowParser`, which does the work.
 */
export function parseRowCells<Row>(
  spec: ImportSpec<Row>,
  cells: Record<string, string>,
  sink: IssueSink,
): Row | undefined {
  const inSpecOrder: HeaderMap = { columns: spec.columns, index: spec.columns.map((_, i) => i) };
  return compileRowParser(spec, inSpecOrder)(
    spec.columns.map((c) => cells[c.key] ?? ''),
    sink,
  );
}

/** A row's cell parser compiled once for a file's header line: `(cells, sink) => row | undefined`. */
export type RowParser<Row> = (cells: readonly string[], sink: IssueSink) => Row | undefined;

/**
 * Compiles the parser of a data row for one header line: every cell (trimmed) through its column's
 * parser, then the spec's row check; `(cells, sink)` returns the parsed row, or undefined when an error
 * was added to `sink`. The column positions, parser kinds and messages are worked out once, so a data
 * row costs one trimmed read per cell and one call per filled cell with a parser — no intermediate
 * object of raw cells.
 */
export function compileRowParser<Row>(spec: ImportSpec<Row>, map: HeaderMap): RowParser<Row> {
  interface Col {
    key: string;
    at: number;
    required: boolean;
    requiredReason: string;
    header: string;
    empty: unknown;
    zod: z.ZodType<unknown> | undefined;
    fn: CellParser<unknown> | undefined;
    /** The `sink` handed to `fn`: notes go to the row being parsed (`current`), under this column. */
    noteSink: Pick<IssueSink, 'note'>;
    /** How the text rule checks the cell (ADR 0013). */
    textKind: 'name' | 'free';
  }
  let current: IssueSink | undefined;
  const cols: Col[] = map.columns.map((c, i) => {
    const p = c.parse;
    return {
      noteSink: { note: (code: string, reason: string) => current?.note(code, reason, c.key) },
      key: c.key,
      at: map.index[i] ?? -1,
      required: c.required ?? false,
      requiredReason: `${c.header}必填`,
      header: c.header,
      empty: c.empty ?? null,
      zod: isZod(p) ? p : undefined,
      fn: p && !isZod(p) ? p : undefined,
      textKind: isNameOrCodeKey(c.key) ? 'name' : 'free',
    };
  });
  const checkRow = spec.checkRow;
  return (cells, sink) => {
    current = sink;
    const row: Record<string, unknown> = {};
    let failed = false;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i] as Col;
      const raw = c.at >= 0 ? cells[c.at] : undefined;
      const text = raw === undefined ? '' : raw.trim();
      if (text === '') {
        if (c.required) {
          sink.error('IMPORT_REQUIRED', c.requiredReason, c.key);
          failed = true;
          row[c.key] = undefined;
        } else row[c.key] = c.empty;
        continue;
      }
      const bad = findBadCharacter(text, c.textKind);
      if (bad) {
        sink.error(TEXT_INVALID_CHARACTER, badCharacterMessage(c.header, bad), c.key);
        failed = true;
        row[c.key] = undefined;
        continue;
      }
      if (c.fn) {
        try {
          row[c.key] = c.fn(text, c.noteSink);
        } catch (err) {
          failed = true;
          row[c.key] = undefined;
          if (err instanceof ImportCellError) sink.error(err.code, err.reason, c.key);
          else if (err instanceof DomainError) sink.error(err.code, err.message, c.key);
          else throw err;
        }
      } else if (c.zod) {
        const r = c.zod.safeParse(text);
        if (r.success) row[c.key] = r.data;
        else {
          failed = true;
          row[c.key] = undefined;
          sink.error(
            'IMPORT_VALUE_INVALID',
            `${c.header}：${r.error.issues[0]?.message ?? '格式不正确'}`,
            c.key,
          );
        }
      } else row[c.key] = text;
    }
    if (checkRow) {
      let rowFailed = false;
      checkRow(row as Partial<Row>, {
        error: (code, reason, column) => {
          rowFailed = true;
          sink.error(code, reason, column);
        },
        note: (code, reason, column) => sink.note(code, reason, column),
      });
      if (rowFailed) return undefined;
    }
    return failed ? undefined : (row as Row);
  };
}
