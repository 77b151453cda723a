export {
  createPerson,
  createPersonInTransaction,
  countyOf,
  divisionLabel,
  exportPeople,
  findIndexedPerson,
  findIndexedPersonByResidentId,
  findPersonByResidentIdFor,
  getPerson,
  presentPerson,
  recordDeath,
  recordDeathInTransaction,
  revealResidentId,
  searchPeople,
} from './people.service';
export type { DeathInput, NewPerson, PeopleQuery, PersonDetail, PersonSummary } from './people.service';
export { AGE_BANDS, peopleByDivision, peopleTrend } from './people.stats';
export type { DivisionStatsRow, PeopleByDivision, PeopleTrend } from './people.stats';
export { decideMerge, getMerge, listMerges, mergeConflict, proposeMerge, unmerge } from './merge.service';
export type { MergeDecision, MergeProposal, MergeQuery, MergeView } from './merge.service';
export { logRepoints, markRepointsReverted, pendingRepoints } from './merge.repository';
export {
  decideDeathRevocation,
  getDeathRevocation,
  listDeathRevocations,
  requestDeathRevocation,
} from './death-revocation.service';
export type { DeathRevocationView } from './death-revocation.service';
export type { DeathRevocationStatus } from './death-revocation.table';
export type { PersonMergeRepointRow, PersonMergeRow, PersonMergeStatus } from './merge.table';
