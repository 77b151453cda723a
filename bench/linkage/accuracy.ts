/**
 * `npm run bench:linkage -- --accuracy [--seed n] [--hard-scale n]`: the model's accuracy per variation kind on the
 * harder labelled set (synth/hard-reverification: namesakes with two valid ids, lunar dates written
 * as Gregorian incl. the year end, traditional/variant characters, shape-similar OCR errors, 15-digit
 * ids, id typos, re-coded counties), and the band targets on the re-verification-shaped set. Each set
 * trains its own model (as a job does), with the default rules and thresholds, and links with `link()`
 * (one-to-one test included, ADR 0035); the hard set's band composition (kind × truth) is printed last.
 */
import type { LinkAccuracy, PeopleTable, SynthRecord } from '@social-affairs/linkage';
import {
  bandComposition,
  encodePeople,
  evaluateByKind,
  evaluateLinks,
  formatComposition,
  generateHardReverification,
  generateReverification,
  HARD_KINDS,
  link,
  NameDictionary,
  trainModel,
} from '@social-affairs/linkage';
import { argValue } from './common.ts';

const seed = Number(argValue('seed', '770031'));
// --hard-scale n: the hard set at n × 12 000 recipients × 40 000 registry records (default 1).
const scale = Number(argValue('hard-scale', '1'));
const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)} %`);
const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET');

function run(left: SynthRecord[], right: SynthRecord[], truth: Int32Array) {
  const dict = new NameDictionary();
  const l = encodePeople(left, dict);
  const r = encodePeople(right, dict);
  const names = dict.freeze();
  const { model } = trainModel(l, r, names, { randomPairs: 2_000_000, seed: 11 });
  const result = link(l, r, names, { model });
  return { left: l, right: r, result, accuracy: evaluateLinks(result, truth, l, r) };
}

function bands(title: string, a: LinkAccuracy, left: PeopleTable) {
  console.log(`\n== ${title} ==`);
  console.log(
    `fast-track      ${a.fastTrack.pairs} pairs, precision ${pct(a.fastTrack.truePairs, a.fastTrack.pairs)}   target ≥ 99.9 %: ${mark(a.fastTrack.precision >= 0.999)}`,
  );
  console.log(
    `fast-track recall, id-exact links ${pct(a.idExact.fastTrackRecall * a.idExact.matches, a.idExact.matches)} (${a.idExact.matches})   target ≥ 99.5 %: ${mark(a.idExact.fastTrackRecall >= 0.995)}`,
  );
  console.log(
    `recall (fast+review), links without an id-exact pair ${pct(a.withoutUsableId.recall * a.withoutUsableId.matches, a.withoutUsableId.matches)} (${a.withoutUsableId.matches})   target ≥ 95 %: ${mark(a.withoutUsableId.recall >= 0.95)}`,
  );
  console.log(
    `review          ${a.review.pairs} pairs = ${pct(a.review.pairs, left.size)} of recipients, precision ${pct(a.review.truePairs, a.review.pairs)}   target ≤ 1.5 %: ${mark(a.review.pairs <= 0.015 * left.size)}`,
  );
  console.log(
    `recall          all ${pct(a.recall * a.trueMatches, a.trueMatches)}, valid id on ≥ 1 side ${pct(a.withValidId.recall * a.withValidId.matches, a.withValidId.matches)}`,
  );
}

const shaped = generateReverification({ size: 'small', seed: seed + 1 });
const s = run(shaped.left, shaped.right, shaped.truth);
bands(`re-verification-shaped (small, seed ${seed + 1})`, s.accuracy, s.left);

const hard = generateHardReverification({
  seed,
  size: { left: Math.round(12_000 * scale), right: Math.round(40_000 * scale) },
});
const h = run(hard.left, hard.right, hard.truth);
bands(`hard set (${hard.left.length} × ${hard.right.length}, seed ${seed})`, h.accuracy, h.left);
const byKind = evaluateByKind(h.result, hard.truth, hard.kind, HARD_KINDS, hard.namesakes, h.left, h.right);
console.log('\nper kind        matches   recall (fast+review)   fast-tracked');
for (const k of byKind.kinds) {
  console.log(
    `  ${k.kind.padEnd(18)} ${String(k.matches).padStart(6)}   ${pct(k.found, k.matches).padStart(10)}   ${pct(k.fastTracked, k.matches).padStart(10)}`,
  );
}
const n = byKind.namesakes;
console.log(
  `namesakes (same name + birth date, two valid ids, no near miss): ${n.pairs} pairs, fast-tracked ${n.fastTracked} (target 0: ${mark(n.fastTracked === 0)}), in review ${n.review} = ${pct(n.review, n.pairs)} (target ≤ 2 %: ${mark(n.review <= 0.02 * n.pairs)})`,
);
const w = byKind.namesakesWithoutTwoIds;
console.log(
  `namesakes where one record has no usable id (cannot be told apart by id): ${w.pairs} pairs, fast-tracked ${w.fastTracked}, in review ${w.review}`,
);
console.log('\nwhat fills the bands (hard set; false fast-track pairs and every review pair):');
console.log(
  formatComposition(
    bandComposition(h.result, hard.truth, hard.kind, HARD_KINDS, hard.namesakes).filter(
      (r) => r.band === 'review' || !r.truePair,
    ),
    h.left.size,
  ),
);
