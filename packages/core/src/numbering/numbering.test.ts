import { DomainError } from '@social-affairs/kernel';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { describeEachDatabase, testContext, aUser } from '../testing/index';
import {
  allocateDocumentNumber,
  documentNumberFor,
  formatDocumentNumber,
  issueDocumentNumber,
  lastDocumentSerial,
  officePrefix,
  type IssuingOffice,
} from './index';

const liuyang: IssuingOffice = {
  key: 'marriage-registry:liuyang',
  divisionCode: '430181',
  prefix: '湘浏民婚字',
};
const furong: IssuingOffice = {
  key: 'marriage-registry:furong',
  divisionCode: '430102',
  prefix: '湘芙民婚字',
};
const clerk = systemActor('test', '430000');

describe('document number format', () => {
  it('prints prefix, year in 六角括号 and a zero-padded serial', () => {
    expect(formatDocumentNumber({ prefix: '湘浏民婚字', year: 2026, serial: 123 })).toBe(
      '湘浏民婚字〔2026〕第000123号',
    );
    expect(formatDocumentNumber({ prefix: 'X', year: 2026, serial: 1234567 }, 4)).toBe(
      'X〔2026〕第1234567号',
    );
  });
  it('derives a conventional prefix from the division', () => {
    expect(officePrefix('430181', '民婚字')).toBe('湘浏民婚字');
    expect(officePrefix('430102', '民婚告字')).toBe('湘芙民婚告字');
  });
});

describeEachDatabase('document numbering', (t) => {
  it('allocates sequential numbers inside the caller’s transaction and gives a rolled-back one back', async () => {
    const ctx = testContext(t.db);
    const take = () =>
      t.db.kysely
        .transaction()
        .execute((trx) =>
          allocateDocumentNumber(trx, clerk, { office: liuyang, kind: 'notice', year: 2026 }),
        );
    expect((await take()).number).toBe('湘浏民婚字〔2026〕第000001号');
    expect((await take()).serial).toBe(2);
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await allocateDocumentNumber(trx, clerk, { office: liuyang, kind: 'notice', year: 2026 });
        throw new Error('document not saved');
      }),
    ).rejects.toThrow('document not saved');
    expect((await take()).serial).toBe(3); // no gap
    expect(await lastDocumentSerial(ctx, liuyang, 'notice', 2026)).toBe(3);
  });

  it('never hands out one number twice under 50 parallel allocations', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.db.kysely
          .transaction()
          .execute((trx) =>
            allocateDocumentNumber(trx, clerk, { office: liuyang, kind: 'receipt', year: 2026 }),
          ),
      ),
    );
    const serials = numbers.map((n) => n.serial).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('gives one document one number, even when its first issue runs 50 times at once', async () => {
    const ctx = testContext(t.db);
    const issued = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        issueDocumentNumber(ctx, clerk, {
          office: liuyang,
          kind: 'certificate',
          year: 2026,
          ownerType: 'test_document',
          ownerId: `doc-${i % 10}`,
        }),
      ),
    );
    const byOwner = new Map<string, Set<string>>();
    for (const n of issued) byOwner.set(n.ownerId, (byOwner.get(n.ownerId) ?? new Set()).add(n.number));
    expect([...byOwner.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set(issued.map((n) => n.number)).size).toBe(10);
    expect(await lastDocumentSerial(ctx, liuyang, 'certificate', 2026)).toBe(10); // no gaps
    expect(issued.filter((n) => n.newlyIssued)).toHaveLength(10);
    // A reprint shows the same number.
    const again = await issueDocumentNumber(ctx, clerk, {
      office: liuyang,
      kind: 'certificate',
      year: 2026,
      ownerType: 'test_document',
      ownerId: 'doc-3',
    });
    expect(again.number).toBe(byOwner.get('doc-3')?.values().next().value);
    expect(again.newlyIssued).toBe(false);
  });

  it('starts again at 1 each year and keeps offices and kinds independent', async () => {
    const take = (office: IssuingOffice, kind: string, year: number) =>
      t.db.kysely.transaction().execute((trx) => allocateDocumentNumber(trx, clerk, { office, kind, year }));
    await take(liuyang, 'notice', 2026);
    await take(liuyang, 'notice', 2026);
    expect((await take(liuyang, 'notice', 2027)).number).toBe('湘浏民婚字〔2027〕第000001号');
    expect((await take(furong, 'notice', 2026)).number).toBe('湘芙民婚字〔2026〕第000001号');
    expect((await take(liuyang, 'receipt', 2026)).serial).toBe(1);
    expect((await take(liuyang, 'notice', 2026)).serial).toBe(3);
    // Same key in another division is another office.
    expect((await take({ ...liuyang, divisionCode: '430182' }, 'notice', 2026)).serial).toBe(1);
  });

  it('takes a custom format and audits an issued number', async () => {
    const ctx = testContext(t.db);
    const n = await t.db.kysely.transaction().execute((trx) =>
      documentNumberFor(ctx, trx, clerk, {
        office: furong,
        kind: 'notice',
        year: 2026,
        ownerType: 'test_document',
        ownerId: 'a',
        format: (p) => `${p.prefix}${p.year}-${String(p.serial).padStart(4, '0')}`,
      }),
    );
    expect(n.number).toBe('湘芙民婚字2026-0001');
    const rows = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'targetId', 'details'])
      .where('action', '=', 'document-number.issue')
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]?.details ?? '{}')).toMatchObject({
      number: '湘芙民婚字2026-0001',
      kind: 'notice',
    });
  });

  it('refuses an office outside the actor’s scope and malformed input', async () => {
    const ctx = testContext(t.db);
    const outsider = (await aUser(ctx, { role: 'registrar', divisionCode: '430102' })).actor;
    await expect(
      t.db.kysely
        .transaction()
        .execute((trx) =>
          allocateDocumentNumber(trx, outsider, { office: liuyang, kind: 'notice', year: 2026 }),
        ),
    ).rejects.toMatchObject({ code: 'DIVISION_OUT_OF_SCOPE' });
    const homeClerk = { ...clerk, institutionId: 'home-1' };
    const home: IssuingOffice = {
      key: 'funeral-home:1',
      divisionCode: '430181',
      prefix: '湘浏民殡字',
      institutionId: 'home-1',
    };
    const take = (actor: typeof clerk, office: IssuingOffice) =>
      t.db.kysely
        .transaction()
        .execute((trx) => allocateDocumentNumber(trx, actor, { office, kind: 'certificate', year: 2026 }));
    expect((await take(homeClerk, home)).number).toBe('湘浏民殡字〔2026〕第000001号');
    await expect(take(homeClerk, { ...home, institutionId: 'home-2' })).rejects.toMatchObject({
      code: 'DIVISION_OUT_OF_SCOPE',
    });
    await expect(take(homeClerk, liuyang)).rejects.toMatchObject({ code: 'DIVISION_OUT_OF_SCOPE' });
    const bad = t.db.kysely
      .transaction()
      .execute((trx) => allocateDocumentNumber(trx, clerk, { office: liuyang, kind: 'Notice!', year: 2026 }));
    await expect(bad).rejects.toBeInstanceOf(DomainError);
    await expect(bad).rejects.toMatchObject({ code: 'DOCUMENT_KIND_INVALID' });
  });
});
