/**
 * Disk cache of encoded tables (design §5.1: re-runs skip normalisation). A cache file is a JSON
 * header line describing every typed array (path, type, length) followed by the raw bytes, in order.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

type Typed = Int32Array | Float64Array | Uint8Array | Int16Array | Float32Array;
const CTORS = { Int32Array, Float64Array, Uint8Array, Int16Array, Float32Array } as const;
type CtorName = keyof typeof CTORS;

interface Entry {
  path: string;
  type: CtorName;
  length: number;
}

function collect(
  value: unknown,
  path: string,
  entries: Entry[],
  arrays: Typed[],
  scalars: Record<string, unknown>,
) {
  if (ArrayBuffer.isView(value)) {
    const typed = value as Typed;
    entries.push({ path, type: typed.constructor.name as CtorName, length: typed.length });
    arrays.push(typed);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      collect(v, path ? `${path}.${k}` : k, entries, arrays, scalars);
  } else {
    scalars[path] = value;
  }
}

/** Writes an object tree of typed arrays and scalars (e.g. { left, right, names }) to one file. */
export function writeColumnarCache(file: string, value: object): void {
  const entries: Entry[] = [];
  const arrays: Typed[] = [];
  const scalars: Record<string, unknown> = {};
  collect(value, '', entries, arrays, scalars);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, JSON.stringify({ entries, scalars }) + '\n');
    for (const a of arrays) {
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      for (let off = 0; off < bytes.length; off += 1 << 28)
        writeSync(fd, bytes.subarray(off, off + (1 << 28)));
    }
  } finally {
    closeSync(fd);
  }
}

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i]!;
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

/** Reads a cache written by writeColumnarCache; `shared` puts arrays on SharedArrayBuffers. */
export function readColumnarCache<T>(file: string, shared = false): T {
  const fd = openSync(file, 'r');
  try {
    // Header: read until the first newline.
    let header = '';
    const chunk = Buffer.alloc(1 << 16);
    let position = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      const text = chunk.subarray(0, n).toString('utf8');
      const nl = text.indexOf('\n');
      if (nl >= 0) {
        header += text.slice(0, nl);
        position += Buffer.byteLength(text.slice(0, nl)) + 1;
        break;
      }
      header += text;
      position += n;
      if (n === 0) throw new Error(`${file}: no header`);
    }
    const { entries, scalars } = JSON.parse(header) as { entries: Entry[]; scalars: Record<string, unknown> };
    const root: Record<string, unknown> = {};
    for (const [path, v] of Object.entries(scalars)) setPath(root, path, v);
    for (const entry of entries) {
      const Ctor = CTORS[entry.type];
      const bytes = entry.length * Ctor.BYTES_PER_ELEMENT;
      const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
      const view = new Uint8Array(buffer);
      for (let off = 0; off < bytes;) {
        const n = readSync(fd, view, off, Math.min(1 << 28, bytes - off), position);
        if (n === 0) throw new Error(`${file}: truncated`);
        off += n;
        position += n;
      }
      setPath(root, entry.path, new (Ctor as new (b: ArrayBufferLike) => Typed)(buffer));
    }
    return root as T;
  } finally {
    closeSync(fd);
  }
}
