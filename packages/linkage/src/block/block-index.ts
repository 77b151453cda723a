/**
 * Open-addressing hash index from a rule's composite key to the left-side rows holding it (a chain in
 * ascending row order), with per-block left/right counts for sizing and splitting.
 */

function hashKey(key: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Filter bit of a key hash: other bits than the slot's low ones, so the two stay independent. */
function filterBit(h: number, mask: number): number {
  return (Math.imul(h, 0x27d4eb2d) >>> 7) & mask;
}

/** Allocates the index's arrays: plain by default, on SharedArrayBuffers to share between threads. */
export type ArrayAllocator = <T extends Int32Array | Float64Array | Uint8Array>(
  Ctor: { new (n: number): T; new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  n: number,
) => T;

export const sharedArrays: ArrayAllocator = (Ctor, n) =>
  new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT));

const plainArrays: ArrayAllocator = (Ctor, n) => new Ctor(n);

/** The data of a BlockIndex, as posted between threads (typed arrays on SharedArrayBuffers). */
export type BlockIndexData = Pick<
  BlockIndex,
  'mask' | 'slotKey' | 'head' | 'leftCount' | 'next' | 'split' | 'maxLeftCount' | 'rightSlot' | 'splitBlocks'
> & { filter: Int32Array; filterMask: number };

export class BlockIndex {
  readonly mask: number;
  readonly slotKey: Float64Array;
  /** First left row of the block in the slot, -1 for an empty slot. */
  readonly head: Int32Array;
  readonly leftCount: Int32Array;
  /** Next left row in the same block, -1 at the end. */
  readonly next: Int32Array;
  /** 1 when the block is split by the rule's split parts. */
  readonly split: Uint8Array;
  /** Largest number of left rows in one block. */
  maxLeftCount = 0;
  /**
   * One bit per hash bucket of a left key (8+ bits per left row, a few MB that stay in cache): most
   * right rows have no block, and the filter answers them without touching the large slot arrays.
   */
  readonly filter: Int32Array;
  readonly filterMask: number;
  /** Blocks split by countRight. */
  splitBlocks = 0;

  /** An index built elsewhere (another thread), from its posted data. */
  static fromData(data: BlockIndexData): BlockIndex {
    return Object.assign(Object.create(BlockIndex.prototype) as BlockIndex, data);
  }

  /** The data to post to another thread (shared, not copied, when built with sharedArrays). */
  data(): BlockIndexData {
    return {
      mask: this.mask,
      slotKey: this.slotKey,
      head: this.head,
      leftCount: this.leftCount,
      next: this.next,
      split: this.split,
      maxLeftCount: this.maxLeftCount,
      rightSlot: this.rightSlot,
      splitBlocks: this.splitBlocks,
      filter: this.filter,
      filterMask: this.filterMask,
    };
  }

  constructor(leftKeys: Float64Array, alloc: ArrayAllocator = plainArrays) {
    let capacity = 16;
    while (capacity < leftKeys.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slotKey = alloc(Float64Array, capacity);
    this.head = alloc(Int32Array, capacity).fill(-1);
    this.leftCount = alloc(Int32Array, capacity);
    this.split = alloc(Uint8Array, capacity);
    this.next = alloc(Int32Array, leftKeys.length).fill(-1);
    let filterBits = 1 << 10;
    while (filterBits < leftKeys.length * 8) filterBits *= 2;
    this.filter = alloc(Int32Array, filterBits >>> 5);
    this.filterMask = filterBits - 1;
    // Insert in descending row order so chains come out ascending.
    for (let row = leftKeys.length - 1; row >= 0; row--) {
      const key = leftKeys[row] ?? NaN;
      if (key !== key) continue;
      const h = hashKey(key);
      const bit = filterBit(h, this.filterMask);
      this.filter[bit >>> 5]! |= 1 << (bit & 31);
      let slot = h & this.mask;
      while (this.head[slot] !== -1 && this.slotKey[slot] !== key) slot = (slot + 1) & this.mask;
      if (this.head[slot] === -1) this.slotKey[slot] = key;
      this.next[row] = this.head[slot] ?? -1;
      this.head[slot] = row;
      const count = (this.leftCount[slot] ?? 0) + 1;
      this.leftCount[slot] = count;
      if (count > this.maxLeftCount) this.maxLeftCount = count;
    }
  }

  /**
   * True when some block could exceed maxBlockPairs given rightRows right rows; when false the
   * right-side count pass (and every split) can be skipped.
   */
  mayExceed(rightRows: number, maxBlockPairs: number): boolean {
    return this.maxLeftCount * rightRows > maxBlockPairs;
  }

  /** Slot of a key, or -1 when no left row has it (or the key is missing). */
  find(key: number): number {
    if (key !== key) return -1;
    const h = hashKey(key);
    const bit = filterBit(h, this.filterMask);
    if ((this.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return -1;
    let slot = h & this.mask;
    for (;;) {
      const h = this.head[slot] ?? -1;
      if (h === -1) return -1;
      if (this.slotKey[slot] === key) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Block slot of every right row (-1: no block), kept by countRight when asked. */
  rightSlot: Int32Array | undefined;

  /** Counts right rows per block and marks blocks whose pair count exceeds maxBlockPairs. */
  countRight(
    rightKeys: Float64Array,
    maxBlockPairs: number,
    keepSlots = false,
    alloc: ArrayAllocator = plainArrays,
  ): { pairs: number; splitBlocks: number } {
    const slots = keepSlots ? alloc(Int32Array, rightKeys.length) : undefined;
    const rightCount = new Int32Array(this.mask + 1);
    for (let r = 0; r < rightKeys.length; r++) {
      const slot = this.find(rightKeys[r] ?? NaN);
      if (slots) slots[r] = slot;
      if (slot >= 0) rightCount[slot]! += 1;
    }
    this.rightSlot = slots;
    let pairs = 0;
    let splitBlocks = 0;
    for (let slot = 0; slot <= this.mask; slot++) {
      if (this.head[slot] === -1) continue;
      const n = (this.leftCount[slot] ?? 0) * (rightCount[slot] ?? 0);
      pairs += n;
      if (n > maxBlockPairs) {
        this.split[slot] = 1;
        splitBlocks++;
      }
    }
    this.splitBlocks = splitBlocks;
    return { pairs, splitBlocks };
  }
}
