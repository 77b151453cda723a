/**
 * Test and bench photos for face ranking (`@social-affairs/core/faces/testing`), cut at run time from the
 * sample photos that @vladmandic/face-api ships in `demo/` (nothing is downloaded or committed). Each
 * sample is a group photo; the boxes below are the faces its SSD MobileNet v1 finds in them (face-api
 * 1.7.15). One woman appears in two different samples (`sample1` face b and `sample2` face a: another
 * photo, pose and light): each is the other's nearest face among all the samples' faces, both on the
 * whole photos and on these crops, which is the pair the tests rank. Undefined when the
 * optional packages are not installed: callers skip with a message.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface SampleFace {
  /** `sample1-c`: the sample file and the face's letter. */
  label: string;
  /** A JPEG of the face with a margin around it. */
  jpeg: Buffer;
}

/** Face boxes [x, y, size] in the samples (largest-score order as detected). */
const BOXES: Record<string, [number, number, number][]> = {
  sample1: [
    [414, 355, 178],
    [838, 421, 187],
    [1476, 200, 203],
  ],
  sample2: [
    [1447, 153, 193],
    [901, 218, 151],
    [361, 127, 153],
  ],
  sample3: [
    [585, 329, 199],
    [1514, 292, 170],
  ],
  sample4: [
    [664, 52, 187],
    [257, 184, 162],
    [988, 180, 169],
    [1277, 144, 145],
  ],
  sample5: [
    [787, 109, 156],
    [1112, 198, 159],
    [1406, 390, 166],
    [597, 415, 167],
  ],
  sample6: [
    [681, 321, 159],
    [1181, 305, 188],
    [1487, 263, 212],
    [250, 467, 210],
  ],
};

/** The pair of one person in two different samples. */
export const SAME_PERSON_PAIR = { query: 'sample1-b', match: 'sample2-a' } as const;

/** Faces of other people that the detector finds in their crops (the distractors of the tests). */
export const OTHER_FACES = [
  'sample1-a',
  'sample1-c',
  'sample4-a',
  'sample4-b',
  'sample5-b',
  'sample6-a',
] as const;

/** Whether the optional face packages are installed (tests skip without them). */
export function facePackagesInstalled(): boolean {
  const require = createRequire(import.meta.url);
  try {
    for (const name of [
      '@vladmandic/face-api',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      'jpeg-js',
      'pngjs',
    ])
      require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

interface JpegJs {
  decode(data: Buffer, opts: { useTArray: true }): { width: number; height: number; data: Uint8Array };
  encode(img: { width: number; height: number; data: Uint8Array }, quality: number): { data: Buffer };
}

/**
 * Every face of the samples as its own JPEG (a margin of the box's size around it), or undefined when
 * the packages are not installed. `only` restricts to those labels.
 */
export function sampleFaces(only?: readonly string[]): SampleFace[] | undefined {
  if (!facePackagesInstalled()) return undefined;
  const require = createRequire(import.meta.url);
  const jpeg = require('jpeg-js') as JpegJs;
  const demo = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
  const out: SampleFace[] = [];
  for (const [file, boxes] of Object.entries(BOXES)) {
    const wantedHere = boxes.map((_, i) => `${file}-${String.fromCharCode(97 + i)}`);
    if (only && !wantedHere.some((l) => only.includes(l))) continue;
    const img = jpeg.decode(readFileSync(join(demo, `${file}.jpg`)), { useTArray: true });
    boxes.forEach(([x, y, size], i) => {
      const label = wantedHere[i]!;
      if (only && !only.includes(label)) return;
      const margin = Math.round(size * 1.0);
      const x0 = Math.max(0, x - margin);
      const y0 = Math.max(0, y - margin);
      const x1 = Math.min(img.width, x + size + margin);
      const y1 = Math.min(img.height, y + size + margin);
      const w = x1 - x0;
      const h = y1 - y0;
      const data = new Uint8Array(w * h * 4);
      for (let row = 0; row < h; row++) {
        const from = ((y0 + row) * img.width + x0) * 4;
        data.set(img.data.subarray(from, from + w * 4), row * w * 4);
      }
      out.push({ label, jpeg: jpeg.encode({ width: w, height: h, data }, 90).data });
    });
  }
  return out;
}

/** A grey PNG without a face (160 × 160), written with node:zlib only (no optional package needed). */
export function blankPng(size = 160): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const raw = Buffer.alloc((size * 3 + 1) * size, 128);
  for (let y = 0; y < size; y++) raw[y * (size * 3 + 1)] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
