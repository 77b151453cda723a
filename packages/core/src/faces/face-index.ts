/**
 * The in-memory face index of one process: every done descriptor in one growing Float32Array (128 floats
 * a row) with the row's owner and scope, following `face_embeddings` by `updated_at` like the
 * family-search index follows its feed (ADR 0019): each search first reads the rows changed since the
 * last watermark (ties re-read; the update is idempotent). A row no longer done (re-queued, removed
 * attachment) is tombstoned. Top-k is a full scan with a bounded max-heap: 100 k rows × 128 floats is
 * ~13 M multiply-adds, well under the 30 ms budget on one core (bench/rescue/face.bench.ts).
 */
export const FACE_DIMENSIONS = 128;

export interface FaceIndexRow {
  attachmentId: string;
  ownerType: string;
  ownerId: string;
  divisionCode: string;
  institutionId: string | null;
}

export interface FaceIndexHit {
  row: FaceIndexRow;
  distance: number;
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

export class FaceIndex {
  private matrix = new Float32Array(FACE_DIMENSIONS * 1024);
  private rows: (FaceIndexRow | null)[] = [];
  private readonly slotOf = new Map<string, number>();
  private free: number[] = [];
  /** `updated_at` of the newest row read. */
  watermark = '';

  get size(): number {
    return this.slotOf.size;
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
      }
    }
    this.rows[slot] = row;
    this.matrix.set(descriptor, slot * FACE_DIMENSIONS);
  }

  delete(attachmentId: string): void {
    const slot = this.slotOf.get(attachmentId);
    if (slot === undefined) return;
    this.slotOf.delete(attachmentId);
    this.rows[slot] = null;
    this.free.push(slot);
  }

  /**
   * The k rows nearest `query` that `accept` lets through, nearest first. Squared distances in the scan
   * (no square root per row), a max-heap of size k.
   */
  topK(query: Float32Array, k: number, accept: (row: FaceIndexRow) => boolean): FaceIndexHit[] {
    const heapD: number[] = [];
    const heapS: number[] = [];
    const m = this.matrix;
    const q = query;
    const n = this.rows.length;
    let worst = Infinity;
    for (let s = 0; s < n; s++) {
      const row = this.rows[s];
      if (!row) continue;
      const base = s * FACE_DIMENSIONS;
      let sum = 0;
      for (let i = 0; i < FACE_DIMENSIONS; i += 4) {
        const d0 = m[base + i]! - q[i]!;
        const d1 = m[base + i + 1]! - q[i + 1]!;
        const d2 = m[base + i + 2]! - q[i + 2]!;
        const d3 = m[base + i + 3]! - q[i + 3]!;
        sum += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
        if (sum >= worst) break;
      }
      if (sum >= worst || !accept(row)) continue;
      // push into the max-heap (root = farthest kept)
      if (heapD.length < k) {
        heapD.push(sum);
        heapS.push(s);
        let c = heapD.length - 1;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (heapD[p]! >= heapD[c]!) break;
          [heapD[p], heapD[c]] = [heapD[c]!, heapD[p]!];
          [heapS[p], heapS[c]] = [heapS[c]!, heapS[p]!];
          c = p;
        }
      } else {
        heapD[0] = sum;
        heapS[0] = s;
        let p = 0;
        for (;;) {
          const l = 2 * p + 1;
          const r = l + 1;
          let big = p;
          if (l < k && heapD[l]! > heapD[big]!) big = l;
          if (r < k && heapD[r]! > heapD[big]!) big = r;
          if (big === p) break;
          [heapD[p], heapD[big]] = [heapD[big]!, heapD[p]!];
          [heapS[p], heapS[big]] = [heapS[big]!, heapS[p]!];
          p = big;
        }
      }
      if (heapD.length === k) worst = heapD[0]!;
    }
    return heapS
      .map((s, i) => ({ row: this.rows[s]!, distance: Math.sqrt(heapD[i]!) }))
      .sort((a, b) => a.distance - b.distance);
  }
}
