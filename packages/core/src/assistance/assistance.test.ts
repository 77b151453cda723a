import { isDomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import { describeEachDatabase } from '../testing/each-database';
import { composeResidentId, parsePlainDate } from '@social-affairs/kernel';
import { createPerson } from '../people/index';
import { ManualClock, aPersonInput, aUser, testContext } from '../testing/index';
import {
  assistanceOfPerson,
  assistanceStatusOn,
  importAssistanceRoll,
  listAssistanceImports,
  listAssistanceMemberships,
} from './assistance.service';

const code = (e: unknown): string | undefined => (isDomainError(e) ? e.code : String(e));
const csv = (...rows: string[]) =>
  Buffer.from(['公民身份号码,姓名,救助类别,区县代码,起始日期,终止日期', ...rows].join('\r\n'));

describeEachDatabase('social-assistance rolls (platform)', (t) => {
  it('imports a roll: links by resident id, refuses unknown ids, bad cells and rows out of scope; re-import is idempotent; a later roll closes a membership and keeps history', async () => {
    const ctx = testContext(t.db, new ManualClock('2026-05-10T02:00:00.000Z'));
    const clerk = (await aUser(ctx, { role: 'registrar', divisionCode: '430102' })).actor;
    const system = systemActor('test', '430000');
    const inA = aPersonInput({ county: '430102', name: '李桂英', birth: [1940, 1, 2] });
    const inB = aPersonInput({ county: '430102', name: '周德明', birth: [1938, 6, 1] });
    const inO = aPersonInput({ county: '430202', name: '株洲人', birth: [1950, 1, 1] });
    const a = await createPerson(ctx, system, inA);
    const b = await createPerson(ctx, system, inB);
    await createPerson(ctx, system, inO);
    const ra = inA.residentId!;
    const rb = inB.residentId!;
    const unknown = composeResidentId('430102', parsePlainDate('1940-01-02'), 777);
    const file1 = csv(
      `${ra},李桂英,低保,430102,2024-01-01,`,
      `${rb},周得明,特困供养,430102,2025-03-01,`, // name differs: note
      `${unknown},无此人,低保,430102,2024-01-01,`, // unknown (valid format, no record)
      `${ra},李桂英,救济粮,430102,2024-01-01,`, // unknown program
      `${inO.residentId!},株洲人,低保,430202,2024-01-01,`, // out of scope
      `${ra},李桂英,优抚,430102,2024-05-01,2024-01-01`, // end before start
    );
    const r1 = await importAssistanceRoll(ctx, clerk, { file: file1, fileName: '芙蓉区名单2026-04.csv' });
    expect(r1).toMatchObject({ rowsRead: 6, rowsApplied: 2, rowsRefused: 4, repeated: false });
    const byRow = new Map(r1.issues.map((i) => [`${i.rowNo}:${i.severity}`, i.code]));
    expect(byRow.get('3:note')).toBe('ASSISTANCE_NAME_DIFFERS');
    expect(byRow.get('4:error')).toBe('ASSISTANCE_PERSON_UNKNOWN');
    expect(byRow.get('5:error')).toBe('ASSISTANCE_PROGRAM_UNKNOWN');
    expect(byRow.get('6:error')).toBe('DIVISION_OUT_OF_SCOPE');
    expect(byRow.get('7:error')).toBe('ASSISTANCE_PERIOD_INVALID');
    expect(JSON.stringify(r1.issues)).not.toContain(ra); // reasons never quote a resident id
    expect((await assistanceStatusOn(ctx.db.kysely, a.id, '2026-05-01')).map((s) => s.program)).toEqual([
      'dibao',
    ]);
    expect(await assistanceStatusOn(ctx.db.kysely, a.id, '2023-12-31')).toEqual([]);
    const both = await assistanceStatusOn(ctx.db.kysely, b.id, '2026-05-01');
    expect(both[0]).toMatchObject({ program: 'tekun', label: '特困人员' });
    expect(both[0]!.source).toContain('芙蓉区名单2026-04.csv');
    // No person was created for the unknown id.
    expect(
      await ctx.db.kysely.selectFrom('people').select('id').where('name', '=', '无此人').execute(),
    ).toEqual([]);

    // The same bytes again: the earlier report, nothing done.
    expect((await importAssistanceRoll(ctx, clerk, { file: file1, fileName: 'again.csv' })).repeated).toBe(
      true,
    );
    // A later roll: a stays (unchanged), b leaves on 2026-04-30 (closed, history kept), a second open 低保 overlaps.
    const r2 = await importAssistanceRoll(ctx, clerk, {
      file: csv(
        `${ra},李桂英,低保,430102,2024-01-01,`,
        `${rb},周德明,特困,430102,2025-03-01,2026-04-30`,
        `${ra},李桂英,低保,430102,2025-06-01,`,
      ),
      fileName: '芙蓉区名单2026-05.csv',
    });
    expect(r2).toMatchObject({ rowsUnchanged: 1, rowsApplied: 1, rowsRefused: 1 });
    expect(r2.issues.find((i) => i.severity === 'error')?.code).toBe('ASSISTANCE_PERIOD_OVERLAP');
    expect(await assistanceStatusOn(ctx.db.kysely, b.id, '2026-05-01')).toEqual([]);
    expect((await assistanceStatusOn(ctx.db.kysely, b.id, '2026-04-30')).map((s) => s.program)).toEqual([
      'tekun',
    ]);
    // Re-enrolled after leaving: a new membership, the old one stays as history.
    await importAssistanceRoll(ctx, clerk, {
      file: csv(`${rb},周德明,特困,430102,2026-05-05,`),
      fileName: '芙蓉区名单2026-05补.csv',
    });
    const history = await assistanceOfPerson(ctx, clerk, b.id, '2026-05-10');
    expect(history.map((h) => [h.fromDate, h.toDate, h.inForce])).toEqual([
      ['2026-05-05', null, true],
      ['2025-03-01', '2026-04-30', false],
    ]);
    expect(history[0]!.residentIdMasked).not.toBe(rb);

    const ledger = await listAssistanceMemberships(
      ctx,
      clerk,
      { program: 'tekun', inForceOn: '2026-05-10' },
      '2026-05-10',
    );
    expect(ledger.items.map((i) => i.personName)).toEqual(['周德明']);
    expect((await listAssistanceImports(ctx, clerk)).map((r) => r.fileName)).toHaveLength(3);
    // Another county's clerk sees none of it.
    const other = (await aUser(ctx, { role: 'registrar', divisionCode: '430202' })).actor;
    expect((await listAssistanceMemberships(ctx, other, {}, '2026-05-10')).total).toBe(0);
    expect(code(await assistanceOfPerson(ctx, other, b.id, '2026-05-10').catch((x: unknown) => x))).toBe(
      'NOT_FOUND',
    );
    // Audit: the writes and reads are named.
    const actions = (await ctx.db.kysely.selectFrom('auditLog').select('action').execute()).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['assistance.membership.add', 'assistance.membership.end']),
    );
  });

  it('permissions: reading needs people:read, importing people:write and a county (not an institution) account', async () => {
    const ctx = testContext(t.db, new ManualClock('2026-05-10T02:00:00.000Z'));
    const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
    const e = await importAssistanceRoll(ctx, reviewer, { file: csv(), fileName: 'x.csv' }).catch(
      (x: unknown) => x,
    );
    expect(code(e)).toBe('PERMISSION_DENIED');
    const institutionClerk = {
      ...(await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' })).actor,
      institutionId: 'x',
    };
    const e2 = await importAssistanceRoll(ctx, institutionClerk, { file: csv(), fileName: 'x.csv' }).catch(
      (x: unknown) => x,
    );
    expect(code(e2)).toBe('ASSISTANCE_IMPORT_INSTITUTION');
  });
});
