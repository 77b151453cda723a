/**
 * The tabular import pipeline every business line uses for back-fills and rolls (docs/imports.md).
 *
 * `runImport` streams a CSV or .xlsx file row by row: each row's cells are checked against the line's
 * column spec, then applied by the line's `applyRow` inside a transaction. Rows are applied in batches
 * (one transaction per `batchSize` rows); when a row of a batch is refused the batch is rolled back and
 * replayed row by row, each in its own transaction, so a refused row leaves nothing and the others
 * stay. Every refused row and every note lands in the run's report (row number as the user sees it in
 * the file — the header is row 1 —, column, reason in Chinese).
 *
 * Idempotence, two levels:
 * - the file: its SHA-256 is recorded per `importKind` in `import_runs`; importing a byte-identical
 *   file again changes nothing and answers the earlier run's report (`repeated: true`);
 * - the rows: a line's `applyRow` must be idempotent by a natural key the line chooses (e.g. a roll's
 *   source + external reference, a marriage's certificate number) — insert-if-absent, or answer
 *   `{ status: 'unchanged' }` — so a run interrupted half-way can simply be run again, and a file
 *   that differs only by a few rows re-applies nothing already there.
 */
import { DomainError, newId } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { inScope, type Actor } from '../access/actor';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/dialect';
import type { Database } from '../db/schema';
import {
  deleteRun,
  findRun,
  findRunById,
  finishRun,
  insertIssues,
  insertRun,
  issuesPage,
  reclaimRun,
} from './imports.repository';
import { issueMessage } from './cells';
import type { ImportRunIssueRow, ImportRunRow } from './imports.table';
import {
  isBlankRow,
  readRowChunks,
  reopenable,
  type ImportFormat,
  type ImportSource,
  type RawRow,
} from './readers';
import {
  compileRowParser,
  ImportRowRefused,
  mapHeader,
  type HeaderMap,
  type ImportIssue,
  type ImportSpec,
  type IssueSink,
} from './spec';

/** What `applyRow` did with a row; `void` means applied. */
export interface ApplyOutcome<R = unknown> {
  /** 'unchanged': the row's natural key was already there with the same content (re-import). */
  status?: 'applied' | 'unchanged';
  /** Remarks kept in the report (the row is not refused). */
  notes?: readonly { code: string; reason: string; column?: string }[];
  /** Anything the line wants back in `onRowDone` (e.g. the id of the record written). */
  result?: R;
}

export interface ImportProgress {
  rowsRead: number;
  rowsApplied: number;
  rowsUnchanged: number;
  rowsRefused: number;
  done: boolean;
}

/** One row's outcome, for lines that keep their own per-row records. */
export interface ImportRowDone<R = unknown> {
  rowNo: number;
  status: 'applied' | 'unchanged' | 'refused';
  /** Errors (refused rows) and notes of the row, in the order found. */
  issues: ImportIssue[];
  result?: R;
}

export interface RunImportOptions<Row, Prepared = Row, R = unknown> {
  spec: ImportSpec<Row>;
  source: ImportSource;
  fileName: string;
  /**
   * What the file feeds, e.g. `marriage.backfill:430181`. A byte-identical file imported again under
   * the same kind answers the earlier report; put into the kind whatever would change the result
   * (target division, roll name).
   */
  importKind: string;
  /** Division whose users may read the run's report (null: anyone allowed by the line's route). */
  divisionCode?: string | null;
  /**
   * Optional step before the transaction (lookups, matching): returns what `applyRow` receives, or
   * undefined after adding an error to `sink` to refuse the row. It must not write.
   */
  prepareRow?: (row: Row, rowNo: number, sink: IssueSink) => Promise<Prepared | undefined>;
  /**
   * Writes one row inside `trx`; must be idempotent by the row's natural key. Throw `ImportRowRefused`
   * (or a `DomainError`) to refuse the row: everything it wrote is rolled back. Use only `trx` — on
   * SQLite a query through `ctx.db` here would wait for this very transaction.
   */
  applyRow: (trx: Transaction<Database>, row: Prepared, rowNo: number) => Promise<ApplyOutcome<R> | void>;
  /**
   * Optional fast path: writes a whole batch of validated rows inside `trx` (e.g. one multi-row INSERT
   * through a repository function) and answers one outcome per row, in order (or nothing: all
   * applied). It must give the same result as `applyRow` over the rows one after the other — same
   * natural-key idempotence, including two rows of the batch with the same key. When it refuses
   * (throws `ImportRowRefused`, a `DomainError` or hits a unique violation), the batch is rolled back
   * and replayed through `applyRow`, row by row, so only the bad row is refused.
   */
  applyBatch?: (
    trx: Transaction<Database>,
    rows: readonly { row: Prepared; rowNo: number }[],
  ) => Promise<readonly (ApplyOutcome<R> | void)[] | void>;
  /** Called once per data row, after its transaction, in file order. */
  onRowDone?: (row: ImportRowDone<R>) => void | Promise<void>;
  /** Called once, with the run's id, before the first data row is applied (not for a repeated file). */
  begin?: (runId: string) => Promise<void>;
  onProgress?: (p: ImportProgress) => void;
  /**
   * Rows per transaction. Default: 500 through `applyRow`; with `applyBatch`, 2,000 on SQLite (one
   * connection, no round trips: bigger is cheaper) and 1,000 on PostgreSQL. 1 gives one transaction
   * per row.
   */
  batchSize?: number;
  /** Refuse files with more data rows than this, before anything is written (costs one extra read). */
  maxRows?: number;
}

export interface ImportRunReport {
  runId: string;
  importKind: string;
  fileName: string;
  format: ImportFormat;
  sha256: string;
  /** True when this file had been imported before under the same kind: nothing was done now. */
  repeated: boolean;
  rowsRead: number;
  rowsApplied: number;
  rowsUnchanged: number;
  rowsRefused: number;
  startedAt: string;
  finishedAt: string | null;
  /** The first `REPORT_ISSUE_LIMIT` issues; the full list through `importRunIssues` / the .xlsx export. */
  /** Each with `message`, the whole sentence in Chinese: 第 3 行「出生日期」：… */
  issues: (ImportIssue & { header: string | null; message: string })[];
  issuesTruncated: boolean;
}

export const REPORT_ISSUE_LIMIT = 1_000;
/** A run still 'running' after this long is taken to be abandoned (crash) and may be run again. */
const STALE_RUN_MS = 60 * 60 * 1000;

function headerOf(spec: ImportSpec<unknown> | undefined, key: string | null): string | null {
  if (!key) return null;
  return spec?.columns.find((c) => c.key === key)?.header ?? key;
}

function toIssue(
  r: ImportRunIssueRow,
  spec?: ImportSpec<unknown>,
): ImportIssue & { header: string | null; message: string } {
  const header = headerOf(spec, r.columnKey);
  return {
    rowNo: r.rowNo,
    column: r.columnKey,
    header,
    severity: r.severity,
    code: r.code,
    reason: r.reason,
    message: issueMessage({ rowNo: r.rowNo, header, reason: r.reason }),
  };
}

async function reportOf(
  ctx: CoreContext,
  run: ImportRunRow,
  repeated: boolean,
  spec?: ImportSpec<unknown>,
): Promise<ImportRunReport> {
  const issues = await issuesPage(ctx.db.kysely, run.id, REPORT_ISSUE_LIMIT + 1);
  return {
    runId: run.id,
    importKind: run.importKind,
    fileName: run.fileName,
    format: run.format,
    sha256: run.sha256,
    repeated,
    rowsRead: run.rowsRead,
    rowsApplied: run.rowsApplied,
    rowsUnchanged: run.rowsUnchanged,
    rowsRefused: run.rowsRefused,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    issues: issues.slice(0, REPORT_ISSUE_LIMIT).map((r) => toIssue(r, spec)),
    issuesTruncated: issues.length > REPORT_ISSUE_LIMIT,
  };
}

/** The header row (first non-blank row), and the data rows after it as chunks. */
async function withHeader(
  chunks: AsyncGenerator<RawRow[]>,
  spec: ImportSpec<unknown>,
): Promise<{ map: HeaderMap; rest: AsyncGenerator<RawRow[]> }> {
  for (;;) {
    const next = await chunks.next();
    if (next.done) throw new DomainError('invalid', 'IMPORT_EMPTY', '文件是空的（没有表头和数据行）');
    const rows = next.value;
    const at = rows.findIndex((r) => !isBlankRow(r.cells));
    if (at < 0) continue;
    const header = (rows[at] as RawRow).cells;
    if (header.some((c) => c.includes('\uFFFD'))) {
      await chunks.return(undefined);
      throw new DomainError(
        'invalid',
        'IMPORT_ENCODING',
        '文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或直接上传 .xlsx 文件',
      );
    }
    let map: HeaderMap;
    try {
      map = mapHeader(spec, header);
    } catch (err) {
      await chunks.return(undefined);
      throw err;
    }
    const first = rows.slice(at + 1);
    async function* rest(): AsyncGenerator<RawRow[]> {
      if (first.length > 0) yield first;
      yield* chunks;
    }
    return { map, rest: rest() };
  }
}

/** Collects one row's issues (created per row; the issue list only when there is one). */
class RowSink implements IssueSink {
  issues: ImportIssue[] | undefined;
  failed = false;
  constructor(readonly rowNo: number) {}
  error(code: string, reason: string, column?: string): void {
    this.failed = true;
    (this.issues ??= []).push({ rowNo: this.rowNo, column: column ?? null, severity: 'error', code, reason });
  }
  note(code: string, reason: string, column?: string): void {
    (this.issues ??= []).push({ rowNo: this.rowNo, column: column ?? null, severity: 'note', code, reason });
  }
}

const NO_ISSUES: readonly ImportIssue[] = Object.freeze([]);

function refusalIssues(err: unknown): { code: string; reason: string; column?: string }[] | undefined {
  if (err instanceof ImportRowRefused) return [...err.issues];
  if (err instanceof DomainError) {
    const field = err.details?.field;
    return [{ code: err.code, reason: err.message, ...(typeof field === 'string' ? { column: field } : {}) }];
  }
  if (isUniqueViolation(err)) return [{ code: 'IMPORT_DUPLICATE', reason: '与已有记录重复' }];
  return undefined;
}

/**
 * Imports a file through a line's spec and `applyRow` (see the module comment). Throws a
 * `DomainError` for a file that cannot be read as a whole (empty, wrong encoding, missing or unknown
 * columns, too many rows, malformed CSV) — then nothing was applied, except, for a CSV malformed past
 * its start, the rows before the fault (each row stays all-or-nothing and idempotent). The caller
 * checks the permission to import; the report is readable in `divisionCode`'s scope.
 */
export async function runImport<Row, Prepared = Row, R = unknown>(
  ctx: CoreContext,
  actor: Actor,
  options: RunImportOptions<Row, Prepared, R>,
): Promise<ImportRunReport> {
  const spec = options.spec as ImportSpec<unknown>;
  const batchSize = Math.max(
    1,
    options.batchSize ?? (options.applyBatch ? (ctx.db.dialect === 'sqlite' ? 2_000 : 1_000) : 500),
  );
  const src = await reopenable(options.source);
  try {
    const earlier = await findRun(ctx.db.kysely, options.importKind, src.sha256);
    if (earlier?.status === 'completed') return await reportOf(ctx, earlier, true, spec);
    const now = () => ctx.clock.now().toISOString();
    const stale =
      earlier?.status === 'running' &&
      ctx.clock.now().getTime() - Date.parse(earlier.startedAt) > STALE_RUN_MS;
    if (earlier?.status === 'running' && !stale)
      throw new DomainError('conflict', 'IMPORT_RUNNING', '同一文件正在导入，请等待其完成');

    // Header (and, when limited, the row count) before anything is written.
    const { map, rest } = await withHeader(readRowChunks(src), spec);
    if (options.maxRows !== undefined) {
      let n = 0;
      for await (const chunk of rest) for (const r of chunk) if (!isBlankRow(r.cells)) n++;
      if (n === 0) throw new DomainError('invalid', 'IMPORT_EMPTY', '文件中没有数据行', { field: 'content' });
      if (n > options.maxRows)
        throw new DomainError(
          'invalid',
          'IMPORT_TOO_LARGE',
          `单次最多导入 ${options.maxRows} 行，请分批导入`,
          { field: 'content', rows: n },
        );
    }
    const rows = options.maxRows !== undefined ? (await withHeader(readRowChunks(src), spec)).rest : rest;
    const parseRow = compileRowParser(options.spec, map);

    const startedAt = now();
    const claim = {
      fileName: options.fileName,
      format: src.format,
      divisionCode: options.divisionCode ?? null,
      createdBy: actor.username,
      startedAt,
    };
    let runId: string;
    if (earlier) {
      if (!(await reclaimRun(ctx.db.kysely, earlier.id, earlier, claim)))
        throw new DomainError('conflict', 'IMPORT_RUNNING', '同一文件正在导入，请等待其完成');
      runId = earlier.id;
    } else {
      runId = newId();
      try {
        await insertRun(ctx.db.kysely, {
          id: runId,
          importKind: options.importKind,
          sha256: src.sha256,
          status: 'running',
          rowsRead: 0,
          rowsApplied: 0,
          rowsUnchanged: 0,
          rowsRefused: 0,
          error: null,
          finishedAt: null,
          ...claim,
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw new DomainError('conflict', 'IMPORT_RUNNING', '同一文件正在导入，请等待其完成');
        throw err;
      }
    }

    const counts = { rowsRead: 0, rowsApplied: 0, rowsUnchanged: 0, rowsRefused: 0 };
    let seq = 0;
    let pending: ImportRunIssueRow[] = [];
    let begun = false;
    const progress = (done: boolean) => options.onProgress?.({ ...counts, done });
    const issueRow = (i: ImportIssue): ImportRunIssueRow => ({
      id: newId(),
      runId,
      seq: seq++,
      rowNo: i.rowNo,
      columnKey: i.column,
      severity: i.severity,
      code: i.code,
      reason: i.reason,
    });
    const onRowDone = options.onRowDone;
    /** Counts a row's outcome and queues its issues; returns `onRowDone`'s promise, if any. */
    const finish = (
      rowNo: number,
      status: ImportRowDone['status'],
      issues: readonly ImportIssue[],
      result?: R,
    ): void | Promise<void> => {
      if (status === 'applied') counts.rowsApplied++;
      else if (status === 'unchanged') counts.rowsUnchanged++;
      else counts.rowsRefused++;
      for (const i of issues) pending.push(issueRow(i));
      if (onRowDone)
        return onRowDone({ rowNo, status, issues: [...issues], ...(result !== undefined ? { result } : {}) });
    };
    type Ready = { rowNo: number; row: Prepared; issues: readonly ImportIssue[] };
    const withOutcome = (b: Ready, o: ApplyOutcome<R> | void): readonly ImportIssue[] =>
      o?.notes?.length
        ? [
            ...b.issues,
            ...o.notes.map((n): ImportIssue => ({
              rowNo: b.rowNo,
              column: n.column ?? null,
              severity: 'note',
              code: n.code,
              reason: n.reason,
            })),
          ]
        : b.issues;
    const refused = (
      rowNo: number,
      list: { code: string; reason: string; column?: string }[],
    ): ImportIssue[] =>
      list.map((n) => ({
        rowNo,
        column: n.column ?? null,
        severity: 'error',
        code: n.code,
        reason: n.reason,
      }));

    const applyOne = async (b: Ready) => {
      try {
        const o = await ctx.db.kysely.transaction().execute((trx) => options.applyRow(trx, b.row, b.rowNo));
        await finish(b.rowNo, o?.status ?? 'applied', withOutcome(b, o), o?.result);
      } catch (err) {
        const list = refusalIssues(err);
        if (!list) throw err;
        await finish(b.rowNo, 'refused', [...b.issues, ...refused(b.rowNo, list)]);
      }
    };
    const applyBatch = options.applyBatch;
    const flush = async (batch: Ready[]) => {
      if (batch.length === 1 && !applyBatch) await applyOne(batch[0] as Ready);
      else if (batch.length > 0) {
        let outcomes: readonly (ApplyOutcome<R> | void)[] | void | undefined;
        let ok = false;
        try {
          outcomes = await ctx.db.kysely.transaction().execute(async (trx) => {
            if (applyBatch) {
              const out = await applyBatch(trx, batch);
              if (out && out.length !== batch.length)
                throw new Error(`applyBatch answered ${out.length} outcomes for ${batch.length} rows`);
              return out;
            }
            const out: (ApplyOutcome<R> | void)[] = [];
            for (const b of batch) out.push(await options.applyRow(trx, b.row, b.rowNo));
            return out;
          });
          ok = true;
        } catch (err) {
          if (!refusalIssues(err)) throw err;
        }
        if (ok) {
          for (let i = 0; i < batch.length; i++) {
            const b = batch[i] as Ready;
            const o = outcomes ? outcomes[i] : undefined;
            const done = finish(b.rowNo, o?.status ?? 'applied', withOutcome(b, o), o?.result);
            if (done) await done;
          }
        } else for (const b of batch) await applyOne(b); // a row refused: replay the batch row by row
      }
      if (pending.length > 0) {
        const out = pending;
        pending = [];
        await insertIssues(ctx.db.kysely, out);
      }
      progress(false);
    };

    try {
      let batch: Ready[] = [];
      for await (const chunk of rows) {
        for (const raw of chunk) {
          if (isBlankRow(raw.cells)) continue;
          counts.rowsRead++;
          if (!begun) {
            begun = true;
            await options.begin?.(runId);
          }
          const sink = new RowSink(raw.rowNo);
          const parsed = parseRow(raw.cells, sink);
          let ready: Prepared | undefined;
          if (parsed !== undefined && !sink.failed) {
            if (options.prepareRow) {
              // Lookups outside any transaction: apply what is batched first (SQLite has one connection).
              if (batch.length > 0) {
                await flush(batch);
                batch = [];
              }
              ready = await options.prepareRow(parsed, raw.rowNo, sink);
            } else ready = parsed as unknown as Prepared;
          }
          if (ready === undefined || sink.failed) {
            if (batch.length > 0 && onRowDone) {
              await flush(batch); // keep onRowDone in file order
              batch = [];
            }
            const done = finish(raw.rowNo, 'refused', sink.issues ?? NO_ISSUES);
            if (done) await done;
            continue;
          }
          batch.push({ rowNo: raw.rowNo, row: ready, issues: sink.issues ?? NO_ISSUES });
          if (batch.length >= batchSize) {
            await flush(batch);
            batch = [];
          }
        }
      }
      await flush(batch);
      if (counts.rowsRead === 0) {
        await deleteRun(ctx.db.kysely, runId);
        throw new DomainError('invalid', 'IMPORT_EMPTY', '文件中没有数据行', { field: 'content' });
      }
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'IMPORT_EMPTY')) {
        if (pending.length > 0) await insertIssues(ctx.db.kysely, pending).catch(() => undefined);
        await finishRun(ctx.db.kysely, runId, {
          ...counts,
          status: 'failed',
          error: err instanceof DomainError ? err.message : '导入中断（系统错误）',
          finishedAt: now(),
        }).catch(() => undefined);
      }
      throw err;
    }
    await finishRun(ctx.db.kysely, runId, { ...counts, status: 'completed', error: null, finishedAt: now() });
    progress(true);
    const run = await findRunById(ctx.db.kysely, runId);
    if (!run) throw new Error('import run vanished');
    return await reportOf(ctx, run, false, spec);
  } finally {
    await src.dispose();
  }
}

function visibleRun(actor: Actor, run: ImportRunRow | undefined): ImportRunRow {
  if (!run || (run.divisionCode !== null && !inScope(actor, run.divisionCode)))
    throw new DomainError('not_found', 'NOT_FOUND', '导入记录不存在或不在您的管辖范围内');
  return run;
}

/**
 * A run's report (first issues); 404 outside the caller's scope. The line's route checks permission. The
 * report quotes refused rows (names, dates, reasons), so reading it is an audited read (`import.report-read`,
 * or `import.report-export` for the .xlsx of `importReportXlsx`).
 */
export async function importRunReport(
  ctx: CoreContext,
  actor: Actor,
  runId: string,
  spec?: ImportSpec<unknown>,
  action: 'import.report-read' | 'import.report-export' = 'import.report-read',
): Promise<ImportRunReport> {
  const run = visibleRun(actor, await findRunById(ctx.db.kysely, runId));
  await ctx.readAudit.record(actor, {
    action,
    targetType: 'import_run',
    targetId: run.id,
    divisionCode: run.divisionCode,
    details: { importKind: run.importKind },
  });
  return reportOf(ctx, run, false, spec);
}

/** The kind of a run the actor may see (unaudited: no row is read), e.g. for a line's route to check it is its own. */
export async function importRunKind(ctx: CoreContext, actor: Actor, runId: string): Promise<string> {
  return visibleRun(actor, await findRunById(ctx.db.kysely, runId)).importKind;
}

/** Every issue of a run in report order, read a page at a time. */
export async function* importRunIssues(
  ctx: CoreContext,
  actor: Actor,
  runId: string,
  spec?: ImportSpec<unknown>,
): AsyncGenerator<ImportIssue & { header: string | null }> {
  visibleRun(actor, await findRunById(ctx.db.kysely, runId));
  let after = -1;
  for (;;) {
    const page = await issuesPage(ctx.db.kysely, runId, 1_000, after);
    for (const r of page) yield toIssue(r, spec);
    const last = page[page.length - 1];
    if (!last || page.length < 1_000) return;
    after = last.seq;
  }
}
