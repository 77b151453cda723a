import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/each-database';
import { testContext } from '../../testing/factories';
import { marriageLine } from '../line';
import type { Db } from '../../db/create-db';
import { bookAppointment } from '../appointments.service';
import { aMarriageDesk, aResidentId } from '../marriage.fixtures';
import * as m0016 from './0016-appointment-outcomes';

async function appointmentIndexes(db: Db): Promise<string[]> {
  const q =
    db.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = 'marriage_appointments' and sql is not null`
      : sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'marriage_appointments' and schemaname = current_schema()
            and indexname <> 'marriage_appointments_pkey'`;
  return (await q.execute(db.kysely)).rows.map((r) => r.name).sort();
}

async function statusCheck(db: Db): Promise<string> {
  const q =
    db.dialect === 'sqlite'
      ? sql<{ def: string }>`select sql as def from sqlite_master where name = 'marriage_appointments'`
      : sql<{ def: string }>`select pg_get_constraintdef(c.oid) as def from pg_constraint c
          join pg_namespace n on n.oid = c.connamespace
          where c.conname = 'marriage_appointments_status_check' and n.nspname = current_schema()`;
  return (await q.execute(db.kysely)).rows[0]?.def ?? '';
}

describeEachDatabase(
  'migration 0016 (appointment outcomes)',
  (t) => {
    it('widens the status CHECK, keeps the bookings and every index, also after down and up again', async () => {
      const ctx = testContext(t.db);
      const desk = await aMarriageDesk(ctx);
      await bookAppointment(ctx, {
        registryId: desk.registry.id,
        date: '2026-11-30',
        halfDay: 'am',
        service: 'marriage',
        applicantName: '王建国',
        partnerName: '李秀英',
        applicantResidentId: aResidentId('430181', '1995-04-12', 'male'),
        partnerResidentId: aResidentId('430181', '1997-08-30', 'female'),
        phone: '13800001234',
      });
      const indexes = await appointmentIndexes(t.db);
      expect(indexes).toEqual(
        expect.arrayContaining([
          'marriage_appointments_slot_uq',
          'marriage_appointments_couple_uq',
          'marriage_appointments_applicant_key_idx',
          'marriage_appointments_partner_key_idx',
        ]),
      );
      expect(await statusCheck(t.db)).toContain('no_show');

      await m0016.down(t.db.kysely as never);
      expect(await statusCheck(t.db)).not.toContain('no_show');
      expect(await statusCheck(t.db)).toContain('attended');
      await m0016.up(t.db.kysely as never);
      expect(await statusCheck(t.db)).toContain('no_show');
      expect(await appointmentIndexes(t.db)).toEqual(indexes);
      const rows = await t.db.kysely
        .selectFrom('marriageAppointments')
        .select(['status', 'coupleKey'])
        .execute();
      expect(rows).toEqual([{ status: 'booked', coupleKey: expect.any(String) }]);
      // The widened CHECK still refuses an unknown status on both engines.
      await expect(
        t.db.kysely
          .updateTable('marriageAppointments')
          .set({ status: 'lost' as never })
          .execute(),
      ).rejects.toThrow();
    });
  },
  { lines: [marriageLine] },
);
