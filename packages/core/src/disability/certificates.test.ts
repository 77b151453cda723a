import {
  composeDisabilityCertificateNumber,
  composeResidentId,
  isDomainError,
  parsePlainDate,
} from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import { createPerson } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aPersonInput, testContext } from '../testing/index';
import {
  changeCertificateStatus,
  expireCertificates,
  getCertificate,
  importCertificates,
  listCertificates,
  recordCertificate,
} from './certificates.service';
import { demoCertificateHolders, seedCertificatesDemo } from './certificates.demo-seed';
import { certificatesTodos } from './certificates.todos';
import { aDisabilityCounty, aDisabledPerson } from './disability.fixtures';
import { disabilityLine } from './line';
import {
  createStandard,
  disabilityPolicy,
  listStandards,
  lookupStandard,
  withdrawStandard,
} from './standards.service';

const code = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (isDomainError(e) ? e.code : String(e)),
  );
const HEAD = '残疾人证号,公民身份号码,姓名,残疾类别,残疾等级,发证日期,有效期至,状态,状态日期,区县代码';
const csv = (...rows: string[]) => Buffer.from([HEAD, ...rows].join('\r\n'));
const page = { page: 1, pageSize: 50 };

describeEachDatabase(
  'disability certificates register and standards (D1)',
  (t) => {
    const setup = () => testContext(t.db, new ManualClock('2026-05-10T02:00:00.000Z'));

    it('imports the federation file: R-DIS-04 refusals with their codes, holder match, unknown holder, scope; idempotent; status change with history; older state refused', async () => {
      const ctx = setup();
      const fr = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const ly = await aDisabilityCounty(ctx);
      const system = systemActor('test', '430000');
      // The rulebook's TC holder: 430102199003071234 (valid check digit).
      const a = await createPerson(ctx, system, {
        ...aPersonInput({ county: '430102' }),
        residentId: '430102199003071234',
        name: '周建国',
      });
      const bIn = aPersonInput({ county: '430102', birth: [1975, 6, 1], name: '李秀兰' });
      const b = await createPerson(ctx, system, bIn);
      const rb = bIn.residentId!;
      const unknown = composeResidentId('430102', parsePlainDate('1960-01-02'), 777);
      const lyP = await aDisabledPerson(ctx, { certificate: null });
      const file1 = csv(
        '43010219900307123442,430102199003071234,周建国,肢体,二级,2021-05-10,2031-05-09,有效,,430102', // TC valid
        '43010219900307123482,430102199003071234,周建国,肢体,二级,2021-05-10,2031-05-09,有效,,430102', // category 8
        '43010219900307123445,430102199003071234,周建国,肢体,二级,2021-05-10,2031-05-09,有效,,430102', // grade 5
        '43010219900307123542,430102199003071235,周建国,肢体,二级,2021-05-10,2031-05-09,有效,,430102', // id check digit
        `${composeDisabilityCertificateNumber(rb, 4, 1)},430102199003071234,李秀兰,肢体,一级,2021-05-10,2031-05-09,有效,,430102`, // holder mismatch
        `${composeDisabilityCertificateNumber(rb, 4, 1)},${rb},李秀兰,视力,一级,2021-05-10,2031-05-09,有效,,430102`, // category column ≠ number
        `${composeDisabilityCertificateNumber(rb, 2, 3)},${rb},李秀兰,听力,三级,2005-01-01,2009-12-31,有效,,430102`, // first generation
        `${composeDisabilityCertificateNumber(unknown, 1, 1)},${unknown},无此人,1,1,2021-05-10,2031-05-09,有效,,430102`, // not in the index
        `${composeDisabilityCertificateNumber(lyP.residentId, 4, 2)},${lyP.residentId},${lyP.name},4,2,2021-05-10,2031-05-09,有效,,430181`, // other county
        `${composeDisabilityCertificateNumber(rb, 5, 3)},${rb},李秀兰,智力残疾,3级,2022-01-05,,有效,,430102`, // intellectual grade 3, no end
      );
      // Township windows and the civil-affairs reviewer do not import.
      expect(await code(importCertificates(ctx, fr.townshipClerk, { file: file1, fileName: 'x.csv' }))).toBe(
        'DISABILITY_CERT_IMPORT_LEVEL',
      );
      expect(await code(importCertificates(ctx, fr.civilAffairs, { file: file1, fileName: 'x.csv' }))).toBe(
        'PERMISSION_DENIED',
      );
      const r1 = await importCertificates(ctx, fr.federation, {
        file: file1,
        fileName: '芙蓉区残疾人证2026-04.csv',
      });
      expect(r1).toMatchObject({ rowsRead: 10, rowsApplied: 2, rowsRefused: 8, repeated: false });
      const errors = new Map(r1.issues.filter((i) => i.severity === 'error').map((i) => [i.rowNo, i.code]));
      expect(Object.fromEntries(errors)).toEqual({
        3: 'DISABILITY_CERT_CATEGORY',
        4: 'DISABILITY_CERT_GRADE',
        5: 'DISABILITY_CERT_ID_INVALID',
        6: 'DISABILITY_CERT_HOLDER_MISMATCH',
        7: 'DISABILITY_CERT_CATEGORY_MISMATCH',
        8: 'DISABILITY_CERT_FIRST_GENERATION',
        9: 'DISABILITY_CERT_PERSON_UNKNOWN',
        10: 'DIVISION_OUT_OF_SCOPE',
      });
      const text = JSON.stringify(r1.issues);
      for (const id of ['430102199003071234', rb, unknown]) expect(text).not.toContain(id);
      expect(
        await ctx.db.kysely.selectFrom('people').select('id').where('name', '=', '无此人').execute(),
      ).toEqual([]);
      // The same bytes again: the earlier report, nothing done.
      expect(
        (await importCertificates(ctx, fr.federation, { file: file1, fileName: 'again.csv' })).repeated,
      ).toBe(true);

      // The ledger: shared by the county's townships, searchable by name and number, category names.
      const all = await listCertificates(ctx, fr.townshipClerk, page);
      expect(all.total).toBe(2);
      const tc = all.items.find((c) => c.personId === a.id)!;
      expect(tc).toMatchObject({
        category: 4,
        categoryLabel: '肢体残疾',
        grade: 2,
        gradeLabel: '二级',
        status: 'valid',
      });
      expect(tc.numberMasked).toBe('430102**********3442');
      expect((await listCertificates(ctx, fr.federation, { ...page, q: '李秀兰' })).items[0]).toMatchObject({
        personId: b.id,
        category: 5,
        grade: 3,
        validUntil: null,
      });
      expect((await listCertificates(ctx, fr.federation, { ...page, q: '43010219900307123442' })).total).toBe(
        1,
      );
      expect((await listCertificates(ctx, fr.federation, { ...page, category: 5 })).total).toBe(1);
      expect((await listCertificates(ctx, ly.countyClerk, page)).total).toBe(0);
      expect(await code(getCertificate(ctx, ly.federation, tc.id))).toBe('NOT_FOUND');

      // A later file: A frozen on 2026-04-01 (status change, history kept), B unchanged.
      const r2 = await importCertificates(ctx, fr.federation, {
        file: csv(
          '43010219900307123442,430102199003071234,周建国,4,2,2021-05-10,2031-05-09,冻结,2026-04-01,430102',
          `${composeDisabilityCertificateNumber(rb, 5, 3)},${rb},李秀兰,5,3,2022-01-05,,有效,,430102`,
        ),
        fileName: '芙蓉区残疾人证2026-05.csv',
      });
      expect(r2).toMatchObject({ rowsApplied: 1, rowsUnchanged: 1, rowsRefused: 0 });
      const detail = await getCertificate(ctx, fr.federation, tc.id);
      expect(detail.certificate).toMatchObject({ status: 'frozen', statusOn: '2026-04-01' });
      expect(detail.events.map((e) => [e.kind, e.toStatus, e.source])).toEqual([
        ['recorded', 'valid', 'import'],
        ['status', 'frozen', 'import'],
      ]);
      expect((await listCertificates(ctx, fr.federation, { ...page, status: 'frozen' })).total).toBe(1);
      const audits = await ctx.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('targetId', '=', tc.id)
        .execute();
      expect(audits.map((x) => x.action)).toEqual(
        expect.arrayContaining(['disability.certificate.record', 'disability.certificate.status']),
      );
      expect(JSON.stringify(audits)).not.toContain('430102199003071234');
      // An older state (valid as of 2026-03-01) must not undo the newer freeze.
      const r3 = await importCertificates(ctx, fr.federation, {
        file: csv(
          '43010219900307123442,430102199003071234,周建国,4,2,2021-05-10,2031-05-09,有效,2026-03-01,430102',
        ),
        fileName: 'old.csv',
      });
      expect(r3.issues.find((i) => i.severity === 'error')?.code).toBe('DISABILITY_CERT_STATUS_OLDER');
      expect((await getCertificate(ctx, fr.federation, tc.id)).certificate.status).toBe('frozen');
      // Unfrozen by a later file that gives no day: the import's day is taken, with a note.
      const r4 = await importCertificates(ctx, fr.federation, {
        file: csv('43010219900307123442,430102199003071234,周建国,4,2,2021-05-10,2031-05-09,有效,,430102'),
        fileName: 'unfrozen.csv',
      });
      expect(r4.rowsApplied).toBe(1);
      expect(r4.issues.map((i) => i.code)).toEqual(['DISABILITY_CERT_STATUS_DATE_ASSUMED']);
      expect((await getCertificate(ctx, fr.federation, tc.id)).certificate).toMatchObject({
        status: 'valid',
        statusOn: '2026-05-10',
      });
    });

    it('manual entry and status changes by the county federation; computed expiry and the daily expiry job', async () => {
      const ctx = setup();
      const c = await aDisabilityCounty(ctx);
      const other = await aDisabilityCounty(ctx, {
        county: '430102',
        township: '430102001',
        otherTownship: '430102002',
      });
      const p = await aDisabledPerson(ctx, { certificate: null });
      const q = await aDisabledPerson(ctx, { certificate: null });
      const number = composeDisabilityCertificateNumber(p.residentId, 6, 3);
      const input = {
        certificateNumber: number,
        residentId: p.residentId,
        issuedOn: '2024-02-01',
        validUntil: '2034-01-31',
      };
      expect(await code(recordCertificate(ctx, c.countyClerk, input))).toBe('PERMISSION_DENIED');
      expect(await code(recordCertificate(ctx, c.federation, { ...input, residentId: q.residentId }))).toBe(
        'DISABILITY_CERT_HOLDER_MISMATCH',
      );
      expect(
        await code(
          recordCertificate(ctx, c.federation, {
            ...input,
            issuedOn: '2004-02-01',
            validUntil: '2009-06-30',
          }),
        ),
      ).toBe('DISABILITY_CERT_FIRST_GENERATION');
      expect(await code(recordCertificate(ctx, c.federation, { ...input, divisionCode: '430102' }))).toBe(
        'DIVISION_OUT_OF_SCOPE',
      );
      const rec = await recordCertificate(ctx, c.federation, input);
      expect(rec).toMatchObject({
        status: 'valid',
        category: 6,
        categoryLabel: '精神残疾',
        grade: 3,
        source: 'manual',
      });
      expect(await code(recordCertificate(ctx, c.federation, input))).toBe('DISABILITY_CERT_EXISTS');

      const change = (status: 'frozen' | 'cancelled' | 'valid', on: string, extra = {}) =>
        changeCertificateStatus(ctx, c.federation, rec.id, { status, on, reason: '年审未通过', ...extra });
      expect(await code(change('valid', '2026-05-01'))).toBe('DISABILITY_CERT_TRANSITION');
      expect(await code(change('frozen', '2026-06-01'))).toBe('DISABILITY_CERT_STATUS_DATE_FUTURE');
      expect(
        await code(
          changeCertificateStatus(ctx, other.federation, rec.id, {
            status: 'frozen',
            on: '2026-05-01',
            reason: '测试',
          }),
        ),
      ).toBe('NOT_FOUND');
      expect(
        await code(
          changeCertificateStatus(ctx, c.townshipClerk, rec.id, {
            status: 'frozen',
            on: '2026-05-01',
            reason: '测试',
          }),
        ),
      ).toBe('PERMISSION_DENIED');
      expect((await change('frozen', '2026-05-02')).status).toBe('frozen');
      expect(await code(change('frozen', '2026-05-03'))).toBe('DISABILITY_CERT_TRANSITION');
      expect((await change('valid', '2026-05-05')).status).toBe('valid');
      expect((await change('cancelled', '2026-05-06')).status).toBe('cancelled');
      expect((await getCertificate(ctx, c.federation, rec.id)).events.map((e) => e.toStatus)).toEqual([
        'valid',
        'frozen',
        'valid',
        'cancelled',
      ]);

      // Renewal reminder: valid certificates ending within 30 days (federation to-do).
      await aDisabledPerson(ctx, { validUntil: '2026-05-20' });
      const [expiring] = await certificatesTodos[0]!.load(ctx, c.federation);
      expect(expiring).toMatchObject({ count: 1, dueOn: '2026-05-20' });
      // Past its validity: shown expired at once; the job records it from the next day; a renewal restores it.
      const old = await aDisabledPerson(ctx, { validUntil: '2026-04-30' });
      const seen = (await listCertificates(ctx, c.countyClerk, { ...page, status: 'expired' })).items;
      expect(seen.map((x) => x.personId)).toEqual([old.personId]);
      expect(seen[0]).toMatchObject({ status: 'expired', recordedStatus: 'valid', statusOn: '2026-05-01' });
      expect(await expireCertificates(ctx)).toEqual({ expired: 1 });
      expect(await expireCertificates(ctx)).toEqual({ expired: 0 });
      const after = await getCertificate(ctx, c.countyClerk, old.certificateId!);
      expect(after.certificate).toMatchObject({ recordedStatus: 'expired', statusOn: '2026-05-01' });
      expect(after.events.at(-1)).toMatchObject({ kind: 'status', source: 'job' });
      expect(
        await code(
          changeCertificateStatus(ctx, c.federation, old.certificateId!, {
            status: 'valid',
            on: '2026-05-08',
            reason: '换领新证',
          }),
        ),
      ).toBe('DISABILITY_CERT_RENEWAL_VALIDITY');
      expect(
        (
          await changeCertificateStatus(ctx, c.federation, old.certificateId!, {
            status: 'valid',
            on: '2026-05-08',
            reason: '换领新证',
            validUntil: '2036-05-07',
          })
        ).status,
      ).toBe('valid');
    });

    it('standards: provincial floor enforced, who sets which division, duplicates, tier pick through the lookup, withdraw and replace with history, policy', async () => {
      const ctx = setup();
      const c = await aDisabilityCounty(ctx);
      const base = { year: 2026, subsidy: 'care' as const, basis: '浏阳市民政局文件（测试）' };
      // R-DIS-08 TC: a 2021 Hunan rate of 60 yuan is refused (floor 70).
      expect(
        await code(
          createStandard(ctx, c.citySupervisor, {
            ...base,
            divisionCode: '4301',
            year: 2021,
            amountFen: 6_000,
          }),
        ),
      ).toBe('DISABILITY_STANDARD_BELOW_FLOOR');
      expect(
        await code(createStandard(ctx, c.civilAffairs, { ...base, divisionCode: '4301', amountFen: 11_000 })),
      ).toBe('DISABILITY_STANDARD_NOT_OWN_DIVISION');
      expect(
        await code(
          createStandard(ctx, c.townshipClerk, { ...base, divisionCode: '430181', amountFen: 11_000 }),
        ),
      ).toBe('PERMISSION_DENIED');
      expect(
        await code(
          createStandard(ctx, c.citySupervisor, { ...base, divisionCode: '4302', amountFen: 11_000 }),
        ),
      ).toBe('DIVISION_OUT_OF_SCOPE');
      const city = await createStandard(ctx, c.citySupervisor, {
        ...base,
        divisionCode: '4301',
        amountFen: 11_000,
      });
      expect(city).toMatchObject({
        divisionName: '长沙市',
        tierLabel: '不分档（全部对象）',
        floorFen: 7_000,
      });
      const county = await createStandard(ctx, c.civilAffairs, {
        ...base,
        divisionCode: '430181',
        amountFen: 11_500,
      });
      const grade1 = await createStandard(ctx, c.civilAffairs, {
        ...base,
        divisionCode: '430181',
        grade: 1,
        amountFen: 13_000,
      });
      await createStandard(ctx, c.civilAffairs, {
        ...base,
        subsidy: 'living',
        divisionCode: '430181',
        amountFen: 12_000,
      });
      expect(
        await code(
          createStandard(ctx, c.civilAffairs, { ...base, divisionCode: '430181', amountFen: 12_500 }),
        ),
      ).toBe('DISABILITY_STANDARD_EXISTS');

      // What does this person get in May 2026: the tier that fits, from the hukou county's standards.
      const severe = await aDisabledPerson(ctx, { grade: 1, dibaoFrom: '2025-01-01' });
      const g2 = await aDisabledPerson(ctx, { grade: 2 });
      const s1 = await lookupStandard(ctx, c.townshipClerk, { personId: severe.personId, month: '2026-05' });
      expect(s1.programs).toEqual(['低保对象']);
      expect(s1.subsidies.map((s) => [s.subsidy, s.eligible, s.amountFen])).toEqual([
        ['living', true, 12_000],
        ['care', true, 13_000],
      ]);
      const s2 = await lookupStandard(ctx, c.townshipClerk, {
        certificateNumber: g2.certificateNumber!,
        month: '2026-05',
      });
      expect(s2.subsidies.map((s) => [s.subsidy, s.eligible, s.amountFen])).toEqual([
        ['living', false, 12_000],
        ['care', true, 11_500],
      ]);
      expect(s2.certificate?.numberMasked).not.toContain(g2.residentId);

      // Withdraw the grade-1 tier: the county's general standard applies again; withdrawn twice is a conflict.
      expect(await code(withdrawStandard(ctx, c.civilAffairs, city.id, { reason: '越权撤销' }))).toBe(
        'DISABILITY_STANDARD_NOT_OWN_DIVISION',
      );
      expect((await withdrawStandard(ctx, c.civilAffairs, grade1.id, { reason: '档次取消' })).status).toBe(
        'withdrawn',
      );
      expect(await code(withdrawStandard(ctx, c.civilAffairs, grade1.id, { reason: '档次取消' }))).toBe(
        'DISABILITY_STANDARD_WITHDRAWN',
      );
      const s3 = await lookupStandard(ctx, c.townshipClerk, { personId: severe.personId, month: '2026-05' });
      expect(s3.subsidies.find((s) => s.subsidy === 'care')?.amountFen).toBe(11_500);
      // A revision: a new row replacing the old one (never edited in place).
      const revised = await createStandard(ctx, c.civilAffairs, {
        ...base,
        divisionCode: '430181',
        amountFen: 12_000,
        replacesId: county.id,
      });
      const history = await listStandards(ctx, c.townshipClerk, { subsidy: 'care', includeWithdrawn: true });
      expect(history.items.map((s) => [s.divisionCode, s.amountFen, s.status])).toEqual(
        expect.arrayContaining([
          ['4301', 11_000, 'active'],
          ['430181', 11_500, 'withdrawn'],
          ['430181', 13_000, 'withdrawn'],
          ['430181', 12_000, 'active'],
        ]),
      );
      expect(history.items.find((s) => s.id === county.id)?.replacedBy).toBe(revised.id);
      expect((await listStandards(ctx, c.townshipClerk, { subsidy: 'care' })).items).toHaveLength(2);
      const policy = disabilityPolicy(ctx, c.townshipClerk);
      expect(policy.floors.map((f) => [f.year, f.livingFen])).toEqual([
        [2020, 6_500],
        [2021, 7_000],
      ]);
      expect(policy.overlap.find((o) => o.key === 'tekunKeepsCare')?.value).toContain('均不享受');
    });

    it('demo seed: certificates for the demo people of the county, 低保 for some, standards; idempotent; holders listed for other seeds', async () => {
      const ctx = setup();
      for (let i = 0; i < 6; i++) await aDisabledPerson(ctx, { certificate: null });
      await seedCertificatesDemo(ctx);
      await seedCertificatesDemo(ctx);
      const holders = await demoCertificateHolders(ctx);
      expect(holders).toHaveLength(6);
      expect(holders.filter((h) => h.dibao).length).toBeGreaterThan(0);
      expect(holders.every((h) => h.certificateNumber.startsWith(h.residentId!))).toBe(true);
      const standards = await ctx.db.kysely
        .selectFrom('disabilityStandards')
        .select(['divisionCode', 'year', 'subsidy', 'amountFen'])
        .execute();
      expect(standards).toHaveLength(6);
      expect(standards).toContainEqual({
        divisionCode: '430181',
        year: 2026,
        subsidy: 'living',
        amountFen: 12_000,
      });
    });
  },
  { lines: [disabilityLine] },
);
