/**
 * The in-memory face index of one process: every done descriptor in one contiguous Float32Array (128
 * floats a row, n × 128), following `face_embeddings` by `updated_at` like the family-search index follows
 * its feed (ADR 0019): each search first reads the rows changed since the last watermark (ties re-read; the
 * update is idempotent). A row no longer done (re-queued, removed attachment) is tombstoned.
 *
 * Top-k is one tight scan (bench/rescue/face.bench.ts: 100 k rows, target ≤ 30 ms):
 *   - every row carries a **scope key** (an interned id of ownerType + division + institution) in an
 *     Int32Array; the caller's scope / owner-type predicate is asked once per distinct key before the scan
 *     (a few hundred keys, not 100 k rows) and the scan only reads a byte of a mask per row;
 *   - squared distances, no square root until the end, no allocation per row, the loop unrolled by 8;
 *   - a bounded top-k: insertion into a sorted array of k (a row enters only when nearer than the k-th);
 *   - row predicates (the query's own record, …) are applied to the over-fetched top candidates, widening
 *     until k remain — as the family-search index does.
 */
export const FACE_DIMENSIONS = 128;

export interface FaceIndexRow {
  attachmentId: string;
  ownerType: string;
  ownerId: string;
  divisionCode: string;
  institutionId: string | null;
}

/** What the scope predicate sees: the fields a scope key is made of. */
export interface FaceScopeKey {
  ownerType: string;
  divisionCode: string;
  institutionId: string | null;
}

export interface FaceIndexHit {
  row: FaceIndexRow;
  distance: number;
}

export interface FaceTopKFilter {
  /** Asked once per distinct (ownerType, division, institution) before the scan. */
  scope?: (key: FaceScopeKey) => boolean;
  /** Asked for the nearest candidates only (cheap to over-fetch). */
  row?: (row: FaceIndexRow) => boolean;
}

export function encodeDescriptor(d: Float32Array): string {
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('base64');
}

export function decodeDescriptor(text: string): Float32Array {
  const buf = Buffer.from(text, 'base64');
  if (buf.length !== FACE_DIMENSIONS * 4) throw new Error(`face descriptor of ${buf.length} bytes`);
  const out = new Float32Array(FACE_DIMENSIONS);
  for (let i = 0; i < FACE_DIMENSIONS; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

export function euclidean(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < FACE_DIMENSIONS; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** Scope key 0 marks a free (tombstoned) slot: never accepted. */
const FREE = 0;

export class FaceIndex {
  private matrix = new Float32Array(FACE_DIMENSIONS * 1024);
  /** Scope key of each slot (FREE for a tombstone). */
  private keyOf = new Int32Array(1024);
  private rows: (FaceIndexRow | null)[] = [];
  private readonly slotOf = new Map<string, number>();
  private free: number[] = [];
  private readonly keyIds = new Map<string, number>();
  private readonly keys: (FaceScopeKey | null)[] = [null];
  /** `updated_at` of the newest row read. */
  watermark = '';

  get size(): number {
    return this.slotOf.size;
  }

  private scopeKey(row: FaceIndexRow): number {
    const text = `${row.ownerType}\u0000${row.divisionCode}\u0000${row.institutionId ?? ''}`;
    let id = this.keyIds.get(text);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push({
        ownerType: row.ownerType,
        divisionCode: row.divisionCode,
        institutionId: row.institutionId,
      });
      this.keyIds.set(text, id);
    }
    return id;
  }

  /** Adds or replaces a row's descriptor. */
  put(row: FaceIndexRow, descriptor: Float32Array): void {
    let slot = this.slotOf.get(row.attachmentId);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.rows.length;
      if (slot === this.rows.length) this.rows.push(null);
      this.slotOf.set(row.attachmentId, slot);
      if ((slot + 1) * FACE_DIMENSIONS > this.matrix.length) {
        const grown = new Float32Array(Math.max(this.matrix.length * 2, (slot + 1) * FACE_DIMENSIONS));
        grown.set(this.matrix);
        this.matrix = grown;
        const keys = new Int32Array(grown.length / FACE_DIMENSIONS);
        keys.set(this.keyOf);
        this.keyOf = keys;
      }
    }
    this.rows[slot] = row;
    this.keyOf[slot] = this.scopeKey(row);
    this.matrix.set(descriptor.subarray(0, FACE_DIMENSIONS), slot * FACE_DIMENSIONS);
  }

  delete(attachmentId: string): void {
    const slot = this.slotOf.get(attachmentId);
    if (slot === undefined) return;
    this.slotOf.delete(attachmentId);
    this.rows[slot] = null;
    this.keyOf[slot] = FREE;
    this.free.push(slot);
  }

  /** Accepted scope keys as a byte mask (index = key id). */
  private mask(scope: FaceTopKFilter['scope']): Uint8Array {
    const mask = new Uint8Array(this.keys.length);
    for (let id = 1; id < this.keys.length; id++) mask[id] = !scope || scope(this.keys[id]!) ? 1 : 0;
    return mask;
  }

  /**
   * The k rows nearest `query` that the filter lets through, nearest first. `filter.scope` is decided per
   * scope key before the scan; `filter.row` on the nearest candidates, fetching more until k pass or every
   * accepted row was seen.
   */
  topK(query: Float32Array, k: number, filter: FaceTopKFilter = {}): FaceIndexHit[] {
    if (k <= 0) return [];
    const mask = this.mask(filter.scope);
    let fetch = filter.row ? k + 8 : k;
    for (;;) {
      const { dist, slots, count } = this.scan(query, fetch, mask);
      const hits: FaceIndexHit[] = [];
      for (let i = 0; i < count && hits.length < k; i++) {
        const row = this.rows[slots[i]!]!;
        if (!filter.row || filter.row(row)) hits.push({ row, distance: Math.sqrt(dist[i]!) });
      }
      // Fewer than asked: every accepted row was seen, nothing more to fetch.
      if (hits.length === k || count < fetch) return hits;
      fetch *= 4;
    }
  }

  /** The `k` nearest accepted slots by squared distance, nearest first. */
  private scan(query: Float32Array, k: number, mask: Uint8Array) {
    const dist = new Float64Array(k);
    const slots = new Int32Array(k);
    let count = 0;
    let worst = Infinity;
    const m = this.matrix;
    const keyOf = this.keyOf;
    const n = this.rows.length;
    for (let s = 0; s < n; s++) {
      if (mask[keyOf[s]!] === 0) continue;
      let base = s * FACE_DIMENSIONS;
      let sum = 0;
      for (let i = 0; i < FACE_DIMENSIONS; i += 8, base += 8) {
        const e0 = m[base]! - query[i]!;
        const e1 = m[base + 1]! - query[i + 1]!;
        const e2 = m[base + 2]! - query[i + 2]!;
        const e3 = m[base + 3]! - query[i + 3]!;
        const e4 = m[base + 4]! - query[i + 4]!;
        const e5 = m[base + 5]! - query[i + 5]!;
        const e6 = m[base + 6]! - query[i + 6]!;
        const e7 = m[base + 7]! - query[i + 7]!;
        sum += e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5 + e6 * e6 + e7 * e7;
        // Partial distance already past the k-th: the rest cannot bring it back.
        if (sum >= worst) break;
      }
      if (sum >= worst) continue;
      // Insert into the sorted k-array (nearest first).
      let j = count < k ? count++ : k - 1;
      while (j > 0 && dist[j - 1]! > sum) {
        dist[j] = dist[j - 1]!;
        slots[j] = slots[j - 1]!;
        j--;
      }
      dist[j] = sum;
      slots[j] = s;
      if (count === k) worst = dist[k - 1]!;
    }
    return { dist, slots, count };
  }
}
