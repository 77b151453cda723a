/** Shared helpers of the linkage benchmarks: arguments, cached generated files, CSV, timing. */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SynthRecord } from '@social-affairs/linkage';
import { streamReverification } from '@social-affairs/linkage';

export const OUT_DIR = fileURLToPath(new URL('../.out/linkage/', import.meta.url));

export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function csvCell(value: string | null): string {
  return value === null ? '' : value;
}

async function writeLines(
  path: string,
  header: string,
  rows: (write: (line: string) => Promise<void>) => Promise<void>,
) {
  const stream = createWriteStream(path);
  let buffer = header + '\n';
  const write = async (line: string) => {
    buffer += line + '\n';
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  };
  await rows(write);
  stream.end(buffer);
  await once(stream, 'finish');
}

const RAW_HEADER = 'name,sex,birth_date,resident_id,division_code';

function rawLine(r: SynthRecord): string {
  return [r.name, r.sex, csvCell(r.birthDate), csvCell(r.residentId), r.divisionCode].join(',');
}

/** Generates (once) the raw re-verification files for a size; returns their paths. */
export async function reverificationFiles(size: 'small' | 'full', seed = 20240601) {
  const dir = `${OUT_DIR}${size}-${seed}-v2/`;
  const paths = { left: `${dir}left.csv`, right: `${dir}right.csv`, truth: `${dir}truth.bin`, dir };
  if (existsSync(paths.truth)) return paths;
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const rightRows: string[] = [];
  const leftRows: string[] = [];
  const truth: number[] = [];
  streamReverification(
    { size, seed },
    (row) => rightRows.push(rawLine(row)),
    (row, _i, t) => {
      leftRows.push(rawLine(row));
      truth.push(t);
    },
  );
  await writeLines(paths.right, RAW_HEADER, async (w) => {
    for (const line of rightRows) await w(line);
  });
  await writeLines(paths.left, RAW_HEADER, async (w) => {
    for (const line of leftRows) await w(line);
  });
  writeFileSync(paths.truth, Buffer.from(Int32Array.from(truth).buffer));
  console.log(`generated ${size} data in ${((performance.now() - started) / 1000).toFixed(1)} s → ${dir}`);
  return paths;
}

export interface RawRecord {
  name: string;
  sex: string;
  birthDate: string | null;
  residentId: string | null;
  divisionCode: string;
}

/** Streams a raw CSV file row by row. */
export async function readRaw(path: string, onRow: (row: RawRecord) => void): Promise<void> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    const [name = '', sex = '', birthDate = '', residentId = '', divisionCode = ''] = line.split(',');
    onRow({ name, sex, birthDate: birthDate || null, residentId: residentId || null, divisionCode });
  }
}

export function readTruth(path: string): Int32Array {
  const buf = readFileSync(path);
  return new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4).slice();
}

export { writeLines };
