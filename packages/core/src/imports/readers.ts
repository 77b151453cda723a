/**
 * Streaming readers of the import pipeline: CSV (RFC 4180 via csv-parse: quoted fields, embedded
 * commas, quotes and line breaks, CRLF/LF/CR, UTF-8 with or without BOM) and .xlsx (exceljs streaming
 * WorkbookReader, first sheet), told apart by content — an .xlsx file is a zip (`PK\x03\x04`).
 * Rows come one at a time with the row number the user sees (the header is row 1); the file is never
 * held whole in memory.
 */
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@social-affairs/kernel';

export type ImportFormat = 'csv' | 'xlsx';

/** Where the file's bytes come from: a buffer, a readable stream (read once), or a file path. */
export type ImportSource = Buffer | Readable | { path: string };

/** A data or header row: its number in the file and its cells as text. */
export interface RawRow {
  rowNo: number;
  cells: string[];
}

/** A source that can be read more than once (a stream is first copied to a temporary file). */
export interface ReopenableSource {
  sha256: string;
  bytes: number;
  format: ImportFormat;
  open(): Readable;
  dispose(): Promise<void>;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function formatOf(head: Buffer): ImportFormat {
  return head.subarray(0, 4).equals(ZIP_MAGIC) ? 'xlsx' : 'csv';
}

/** Hashes the source (SHA-256) and makes it re-readable; streams are spooled to a temporary file. */
export async function reopenable(source: ImportSource): Promise<ReopenableSource> {
  if (Buffer.isBuffer(source)) {
    return {
      sha256: createHash('sha256').update(source).digest('hex'),
      bytes: source.length,
      format: formatOf(source),
      open: () => Readable.from([source]),
      dispose: async () => undefined,
    };
  }
  let path: string;
  let dir: string | undefined;
  if (source instanceof Readable) {
    dir = await mkdtemp(join(tmpdir(), 'sa-import-'));
    path = join(dir, 'upload');
    await pipeline(source, createWriteStream(path));
  } else path = source.path;
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    const fh = await open(path, 'r');
    const head = Buffer.alloc(4);
    try {
      await fh.read(head, 0, 4, 0);
    } finally {
      await fh.close();
    }
    return {
      sha256: hash.digest('hex'),
      bytes,
      format: formatOf(head),
      open: () => createReadStream(path, { highWaterMark: 1 << 20 }),
      dispose: async () => {
        if (dir) await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (dir) await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Rows handed over together by the chunked readers (fewer promise hops per row). */
const CHUNK_ROWS = 1_000;

/**
 * RFC 4180 CSV rows, a chunk at a time; blank lines are skipped but still counted in the row numbers.
 * The parser keeps empty lines (they come as one empty cell) so the row number is simply the record's
 * position — no per-record `info` object.
 */
export async function* csvRowChunks(input: Readable): AsyncGenerator<RawRow[]> {
  const parser = input.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
    }),
  );
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  parser.on('readable', signal);
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', (err: Error) => {
    failure = err;
    signal();
  });
  input.on('error', (err) => parser.destroy(err));
  let rowNo = 0;
  /** The parser's error so far (read through a call: the listeners above set it between awaits). */
  const failed = (): Error | undefined => failure;
  try {
    for (;;) {
      const early = failed();
      if (early) throw early;
      let chunk: RawRow[] | undefined;
      let record: string[] | null;
      while ((record = parser.read() as string[] | null) !== null) {
        rowNo++;
        if (record.length === 1 && record[0] === '') continue; // an empty line
        (chunk ??= []).push({ rowNo, cells: record });
        if (chunk.length >= CHUNK_ROWS) break;
      }
      if (chunk) {
        yield chunk;
        continue;
      }
      const late = failed();
      if (late) throw late;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_'))
      throw new DomainError(
        'invalid',
        'IMPORT_CSV_MALFORMED',
        `CSV 文件格式有误（约第 ${e.lines ?? '?'} 行）：引号未闭合或引号后有多余字符`,
        { csvCode: e.code, line: e.lines },
      );
    throw err;
  } finally {
    parser.destroy();
    input.destroy();
  }
}

/** RFC 4180 CSV rows one at a time (see `csvRowChunks`). */
export async function* csvRows(input: Readable): AsyncGenerator<RawRow> {
  for await (const chunk of csvRowChunks(input)) yield* chunk;
}

/** A cell as text: dates as YYYY-MM-DD, rich text and hyperlinks by their text, formulas by their result. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return typeof v.text === 'string' ? v.text : cellText(v.text);
    if ('result' in v) return v.result === undefined || v.result === null ? '' : cellText(v.result);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

/** The first sheet of an .xlsx file, streamed; empty rows are skipped (their numbers are kept). */
export async function* xlsxRows(input: Readable): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
        yield { rowNo: row.number, cells };
      }
      break; // first sheet only
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError(
      'invalid',
      'IMPORT_XLSX_MALFORMED',
      'Excel 文件无法读取（文件损坏或不是 .xlsx 格式）',
      {
        cause: (err as Error).message,
      },
    );
  } finally {
    input.destroy();
  }
}

/** Rows of the file in its detected format, a chunk at a time. */
export async function* readRowChunks(
  src: Pick<ReopenableSource, 'format' | 'open'>,
): AsyncGenerator<RawRow[]> {
  if (src.format === 'csv') {
    yield* csvRowChunks(src.open());
    return;
  }
  let chunk: RawRow[] = [];
  for await (const row of xlsxRows(src.open())) {
    chunk.push(row);
    if (chunk.length >= CHUNK_ROWS) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Rows of the file in its detected format. */
export async function* readRows(src: Pick<ReopenableSource, 'format' | 'open'>): AsyncGenerator<RawRow> {
  for await (const chunk of readRowChunks(src)) yield* chunk;
}

/** True when every cell is blank (such rows are skipped, not reported). */
export function isBlankRow(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}
