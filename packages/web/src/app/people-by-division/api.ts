import type { PeopleByDivisionReport } from '../../api/types';
import { api, apiUrl } from '../api-client';
import { useApi } from '../use-api';

export function usePeopleByDivision(divisionCode: string, enabled = true) {
  return useApi(
    (signal) =>
      api.get<PeopleByDivisionReport>('/api/stats/people-by-division', { division: divisionCode }, signal),
    [divisionCode],
    enabled,
  );
}

export function peopleByDivisionExportUrl(divisionCode: string): string {
  return apiUrl('/api/stats/people-by-division/export', { division: divisionCode });
}

export interface PeopleTotals {
  total: number;
  deceased: number;
  alive: number;
  /** Living people per age band, same order as `report.bands`. */
  byBand: number[];
}

export function totalsOf(report: PeopleByDivisionReport): PeopleTotals {
  const byBand = report.bands.map((_, i) => report.rows.reduce((sum, row) => sum + (row.counts[i] ?? 0), 0));
  const total = report.rows.reduce((sum, row) => sum + row.total, 0);
  const deceased = report.rows.reduce((sum, row) => sum + row.deceased, 0);
  const alive = report.rows.reduce((sum, row) => sum + row.alive, 0);
  return { total, deceased, alive, byBand };
}
