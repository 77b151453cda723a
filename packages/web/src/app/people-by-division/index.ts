/** 人员分布 by division and age band: the home page's overview and the 统计报表 report share it. */
export { PeopleByDivisionChart, PeopleByDivisionTable, peopleByDivisionTitle } from './report';
export { peopleByDivisionExportUrl, totalsOf, usePeopleByDivision, type PeopleTotals } from './api';
