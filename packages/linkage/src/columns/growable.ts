/** Append-only Int32 column that doubles its capacity. */
export class GrowableInt32 {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index] ?? 0;
  }

  /** A trimmed copy, optionally backed by a SharedArrayBuffer. */
  toArray(shared = false): Int32Array {
    const out = shared ? new Int32Array(new SharedArrayBuffer(this.length * 4)) : new Int32Array(this.length);
    out.set(this.data.subarray(0, this.length));
    return out;
  }
}

/** Dictionary encoding of strings to dense Int32 ids, in first-seen order. */
export class KeyDictionary {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];

  intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(key);
    }
    return id;
  }

  lookup(key: string): number | undefined {
    return this.ids.get(key);
  }

  value(id: number): string | undefined {
    return this.values[id];
  }

  get size(): number {
    return this.values.length;
  }
}

/** Allocates a typed array on a SharedArrayBuffer (for worker threads) or an ordinary buffer. */
export function allocInt32(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length);
}
export function allocFloat64(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
}
export function allocUint8(length: number, shared: boolean): Uint8Array {
  return shared ? new Uint8Array(new SharedArrayBuffer(length)) : new Uint8Array(length);
}
export function allocInt16(length: number, shared: boolean): Int16Array {
  return shared ? new Int16Array(new SharedArrayBuffer(length * 2)) : new Int16Array(length);
}
