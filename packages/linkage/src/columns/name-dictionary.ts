/**
 * Dictionary encoding of person names: every distinct cleaned name gets an Int32 id, and its keys are
 * computed once (pinyin is the expensive step) and stored column-wise. `NameTable` is the frozen,
 * typed-array form that comparators and workers read.
 */
import { analyzePersonName } from '../normalize/name-pinyin';
import { cleanNameText } from '../normalize/name-text';
import { allocInt32, allocUint8, GrowableInt32, KeyDictionary } from './growable';

/** Multi-valued key column in CSR form: values of name i are values[offsets[i] .. offsets[i+1]). */
export interface MultiKeyColumn {
  offsets: Int32Array;
  values: Int32Array;
}

/** Frozen columns of a name dictionary. Ids index every array. */
export interface NameTable {
  size: number;
  /** Id of the t2s + variant normalised text. */
  normalized: Int32Array;
  /** Id of the shape-class text. */
  shape: Int32Array;
  surnameHeavy: Int32Array;
  givenMultiset: Int32Array;
  surnameShape: Int32Array;
  /** Usual-reading key first, then alternatives. */
  py: MultiKeyColumn;
  reorder: MultiKeyColumn;
  light: MultiKeyColumn;
  heavy: MultiKeyColumn;
  /** Usual pinyin (ASCII) for Jaro–Winkler: bytes and offsets. */
  jwOffsets: Int32Array;
  jwBytes: Uint8Array;
}

class GrowableMultiKey {
  readonly offsets = new GrowableInt32();
  readonly values = new GrowableInt32();
  constructor() {
    this.offsets.push(0);
  }
  push(ids: number[]): void {
    for (const id of ids) this.values.push(id);
    this.offsets.push(this.values.length);
  }
  freeze(shared: boolean): MultiKeyColumn {
    return { offsets: this.offsets.toArray(shared), values: this.values.toArray(shared) };
  }
}

/** The name dictionary shared by both sides of a link run (ids must agree across sides). */
export class NameDictionary {
  private readonly byClean = new Map<string, number>();
  private readonly cleanNames: string[] = [];
  readonly normalizedKeys = new KeyDictionary();
  readonly shapeKeys = new KeyDictionary();
  readonly surnameKeys = new KeyDictionary();
  readonly givenKeys = new KeyDictionary();
  readonly pyKeys = new KeyDictionary();
  readonly lightKeys = new KeyDictionary();
  readonly heavyKeys = new KeyDictionary();
  private readonly normalized = new GrowableInt32();
  private readonly shape = new GrowableInt32();
  private readonly surnameHeavy = new GrowableInt32();
  private readonly givenMultiset = new GrowableInt32();
  private readonly surnameShape = new GrowableInt32();
  private readonly py = new GrowableMultiKey();
  private readonly reorder = new GrowableMultiKey();
  private readonly light = new GrowableMultiKey();
  private readonly heavy = new GrowableMultiKey();
  private readonly jwOffsets = new GrowableInt32();
  private jwBytes = new Uint8Array(1 << 16);
  private jwLength = 0;

  constructor() {
    this.jwOffsets.push(0);
  }

  get size(): number {
    return this.cleanNames.length;
  }

  /** The cleaned text of a name id. */
  text(id: number): string | undefined {
    return this.cleanNames[id];
  }

  /** Id of a raw name (interning it), or -1 for an empty name. */
  intern(raw: string | null | undefined): number {
    const clean = cleanNameText(raw);
    if (clean === '') return -1;
    const known = this.byClean.get(clean);
    if (known !== undefined) return known;
    const a = analyzePersonName(clean);
    const id = this.cleanNames.length;
    this.byClean.set(clean, id);
    this.cleanNames.push(clean);
    this.normalized.push(this.normalizedKeys.intern(a.normalized));
    this.shape.push(this.shapeKeys.intern(a.shapeKey));
    this.surnameHeavy.push(this.surnameKeys.intern(a.surnameHeavy));
    this.givenMultiset.push(this.givenKeys.intern(a.givenMultiset));
    this.surnameShape.push(this.surnameKeys.intern('#' + a.surnameShape));
    this.py.push(a.pyKeys.map((k) => this.pyKeys.intern(k)));
    this.reorder.push(a.reorderKeys.map((k) => this.pyKeys.intern(k)));
    this.light.push(a.lightKeys.map((k) => this.lightKeys.intern(k)));
    this.heavy.push(a.heavyKeys.map((k) => this.heavyKeys.intern(k)));
    const text = a.jwText;
    if (this.jwLength + text.length > this.jwBytes.length) {
      const next = new Uint8Array(Math.max(this.jwBytes.length * 2, this.jwLength + text.length));
      next.set(this.jwBytes);
      this.jwBytes = next;
    }
    for (let i = 0; i < text.length; i++) this.jwBytes[this.jwLength++] = text.charCodeAt(i) & 0x7f;
    this.jwOffsets.push(this.jwLength);
    return id;
  }

  /** Frozen typed-array view; `shared` puts every column on a SharedArrayBuffer. */
  freeze(shared = false): NameTable {
    const jwBytes = allocUint8(this.jwLength, shared);
    jwBytes.set(this.jwBytes.subarray(0, this.jwLength));
    return {
      size: this.size,
      normalized: this.normalized.toArray(shared),
      shape: this.shape.toArray(shared),
      surnameHeavy: this.surnameHeavy.toArray(shared),
      givenMultiset: this.givenMultiset.toArray(shared),
      surnameShape: this.surnameShape.toArray(shared),
      py: this.py.freeze(shared),
      reorder: this.reorder.freeze(shared),
      light: this.light.freeze(shared),
      heavy: this.heavy.freeze(shared),
      jwOffsets: this.jwOffsets.toArray(shared),
      jwBytes,
    };
  }
}

/** An empty table with room for nothing; useful as a placeholder. */
export function emptyNameTable(): NameTable {
  const z = allocInt32(0, false);
  const one = new Int32Array([0]);
  const multi = { offsets: one, values: z };
  return {
    size: 0,
    normalized: z,
    shape: z,
    surnameHeavy: z,
    givenMultiset: z,
    surnameShape: z,
    py: multi,
    reorder: multi,
    light: multi,
    heavy: multi,
    jwOffsets: one,
    jwBytes: new Uint8Array(0),
  };
}
