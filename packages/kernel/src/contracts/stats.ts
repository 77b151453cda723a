import { z } from 'zod';
import { divisionCodeSchema } from './common';

export const peopleByDivisionQuery = z.object({ division: divisionCodeSchema.optional() });

export const peopleByDivision = z.object({
  division: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  bands: z.array(z.string()),
  rows: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      counts: z.array(z.number().int()),
      total: z.number().int(),
      deceased: z.number().int(),
    }),
  ),
});
export type PeopleByDivisionDto = z.infer<typeof peopleByDivision>;
