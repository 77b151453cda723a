/**
 * Columns of the family-search index: append-only typed arrays that double their capacity, and
 * variable-length lists of int ids per entry (offsets + values), so a million records cost a few
 * flat buffers instead of a million small objects.
 */
type TypedArray = Int32Array | Uint8Array | Float64Array | Uint32Array;

export class Growable<A extends TypedArray> {
  data: A;
  length = 0;

  constructor(
    private readonly make: (length: number) => A,
    capacity = 1024,
  ) {
    this.data = make(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length * 2);
    this.data[this.length++] = value;
  }

  private grow(capacity: number): void {
    const next = this.make(capacity);
    next.set(this.data);
    this.data = next;
  }

  /** Drops values from `length` on (after compaction moved the kept ones to the front). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }
}

export const int32Column = (capacity?: number) => new Growable((n) => new Int32Array(n), capacity);
export const uint8Column = (capacity?: number) => new Growable((n) => new Uint8Array(n), capacity);
export const float64Column = (capacity?: number) => new Growable((n) => new Float64Array(n), capacity);

/** Per-entry lists of int ids, entry i at values[offsets[i] .. offsets[i + 1]). */
export class IdLists {
  readonly offsets = int32Column();
  readonly values = int32Column();

  constructor() {
    this.offsets.push(0);
  }

  get count(): number {
    return this.offsets.length - 1;
  }

  push(ids: ArrayLike<number>): void {
    for (let i = 0; i < ids.length; i++) this.values.push(ids[i]!);
    this.offsets.push(this.values.length);
  }

  /** Whether list i holds any id of `ids`. */
  anyOf(i: number, ids: ReadonlySet<number>): boolean {
    if (ids.size === 0) return false;
    const off = this.offsets.data;
    const val = this.values.data;
    for (let k = off[i]!, end = off[i + 1]!; k < end; k++) if (ids.has(val[k]!)) return true;
    return false;
  }

  /** Whether list i holds any id of a short array. */
  anyOfArray(i: number, ids: ArrayLike<number>): boolean {
    const off = this.offsets.data;
    const val = this.values.data;
    for (let k = off[i]!, end = off[i + 1]!; k < end; k++) {
      const v = val[k]!;
      for (let j = 0; j < ids.length; j++) if (ids[j] === v) return true;
    }
    return false;
  }

  list(i: number): number[] {
    const out: number[] = [];
    const off = this.offsets.data;
    for (let k = off[i]!, end = off[i + 1]!; k < end; k++) out.push(this.values.data[k]!);
    return out;
  }

  /** Keeps the lists whose `keep(i)` is ≥ 0, in order (compaction of removed entries). */
  compact(newIndex: Int32Array): void {
    const off = this.offsets.data;
    const val = this.values.data;
    let write = 0;
    let entries = 0;
    for (let i = 0; i < this.count; i++) {
      const from = off[i]!;
      const to = off[i + 1]!;
      if (newIndex[i]! < 0) continue;
      off[entries] = write;
      for (let k = from; k < to; k++) val[write++] = val[k]!;
      entries++;
    }
    off[entries] = write;
    this.offsets.truncate(entries + 1);
    this.values.truncate(write);
  }
}

/**
 * Fixed-size 64-byte lines, one per entry, seen as doubles (8 per line), int32s and uint32s (16 per
 * line) over one buffer: the fields a scan reads for every row it reaches sit in one line instead of
 * one cache line per column.
 */
export class Lines {
  static readonly F64 = 8;
  static readonly I32 = 16;
  f64: Float64Array;
  i32: Int32Array;
  u32: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.f64 = new Float64Array(0);
    this.i32 = new Int32Array(0);
    this.u32 = new Uint32Array(0);
    this.allocate(Math.max(16, capacity));
  }

  /** Appends a zeroed line; returns its index. */
  push(): number {
    if (this.length * Lines.F64 === this.f64.length) this.allocate(this.length * 2);
    const at = this.length * Lines.F64;
    this.f64.fill(0, at, at + Lines.F64); // a line left by truncate
    return this.length++;
  }

  /** Drops lines from `length` on (after compaction moved the kept ones to the front). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  private allocate(capacity: number): void {
    const buffer = new ArrayBuffer(capacity * Lines.F64 * 8);
    const f64 = new Float64Array(buffer);
    f64.set(this.f64);
    this.f64 = f64;
    this.i32 = new Int32Array(buffer);
    this.u32 = new Uint32Array(buffer);
  }
}
