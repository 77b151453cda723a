/** SQL of the cemeteries concern's demo seed (cemeteries.demo-seed.ts). */
import type { Executor } from '../db/index';

/** Deceased people of the index with no interment yet (the demo's interred and eco burials). */
export function deceasedWithoutGrave(db: Executor, limit: number, newestFirst = false) {
  return db
    .selectFrom('people')
    .select(['id', 'name', 'divisionCode'])
    .where('status', '=', 'deceased')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('funeralPlotInterments as i').select('i.id').whereRef('i.personId', '=', 'people.id'),
        ),
      ),
    )
    .orderBy('id', newestFirst ? 'desc' : 'asc')
    .limit(limit)
    .execute();
}

export async function facilityHasPlots(db: Executor, facilityId: string): Promise<boolean> {
  return Boolean(
    await db.selectFrom('funeralPlots').select('id').where('facilityId', '=', facilityId).executeTakeFirst(),
  );
}

export async function anyEcoBurial(db: Executor): Promise<boolean> {
  return Boolean(await db.selectFrom('funeralEcoBurials').select('id').executeTakeFirst());
}

export async function anyRemediationFinding(db: Executor): Promise<boolean> {
  return Boolean(await db.selectFrom('funeralRemediationFindings').select('id').executeTakeFirst());
}
