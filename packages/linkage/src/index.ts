export type { Rng } from './synth/rng';
export { createRng, WeightedTable } from './synth/rng';
export type { Sex } from './synth/person-name';
export { samplePersonName, sampleSurname, sampleGivenName } from './synth/person-name';
