export {
  createPerson,
  createPersonInTransaction,
  countyOf,
  divisionLabel,
  exportPeople,
  findPersonByResidentIdFor,
  getPerson,
  presentPerson,
  recordDeath,
  revealResidentId,
  searchPeople,
} from './people.service';
export type { DeathInput, NewPerson, PeopleQuery, PersonDetail, PersonSummary } from './people.service';
export { AGE_BANDS, peopleByDivision } from './people.stats';
export type { DivisionStatsRow, PeopleByDivision } from './people.stats';
