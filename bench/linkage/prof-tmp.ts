import {
  generateReverification,
  NameDictionary,
  encodePeople,
  trainModel,
  link,
  computeRuleKeySet,
  REVERIFICATION_RULES,
  evaluateLinks,
} from '@social-affairs/linkage';
let t = performance.now();
const d = generateReverification({ size: { left: 300_000, right: 1_000_000 }, seed: 4 });
console.log('gen', ((performance.now() - t) / 1000).toFixed(1));
t = performance.now();
const dict = new NameDictionary();
const L = encodePeople(d.left, dict);
const R = encodePeople(d.right, dict);
const names = dict.freeze();
console.log('encode', ((performance.now() - t) / 1000).toFixed(1), dict.size);
t = performance.now();
const tr = trainModel(L, R, names, { randomPairs: 1_000_000 });
const model = tr.model;
console.log('train', ((performance.now() - t) / 1000).toFixed(1), model.lambda, tr.candidateMatchShare);
t = performance.now();
for (const f of model.fields)
  console.log(
    f.field,
    f.levels.map((l, i) => `${l}:${(f.m[i] ?? 0).toFixed(4)}/${(f.u[i] ?? 0).toExponential(2)}`).join(' '),
  );
const keys = computeRuleKeySet(REVERIFICATION_RULES, L, R, names);
console.log('keys', ((performance.now() - t) / 1000).toFixed(1));
t = performance.now();
const res = link(L, R, names, { model, ruleKeys: keys });
console.log(
  'link',
  ((performance.now() - t) / 1000).toFixed(1),
  res.stats.map((s) => s.rule + ':' + s.candidates + '/' + s.review).join(' '),
);
const acc = evaluateLinks(res, d.truth, L, R);
console.log(JSON.stringify(acc, null, 1));
