/**
 * Attachments of records that belong to an institution (ADR 0009, issue 15): the row carries the owner's
 * institution, and every check and filter uses division and institution together. A test-only owner type
 * stands in for a line's (platform code imports no line); the rescue line's own `rescue_case` is covered
 * over HTTP in packages/api (attachments.institution.routes.test.ts).
 */
import { DomainError } from '@social-affairs/kernel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { systemActor, userActor, type Actor } from '../access/actor';
import { createInstitution } from '../access/institutions.service';
import { createUser } from '../access/users.service';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { TEST_PASSWORD, aPerson, aUser, testContext } from '../testing/factories';
import {
  citedAttachments,
  getAttachment,
  listAttachments,
  readAttachmentContent,
  removeAttachment,
  storeAttachment,
  verifyAttachments,
} from './attachments.service';
import { registerAttachmentOwnerType } from './owners';

const png = (seed = 1) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 17 + seed) % 256)),
  ]);

async function code(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return (err as DomainError).code;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let accounts = 0;

describeEachDatabase('attachments scoped by institution', (t) => {
  async function setUp() {
    const dir = mkdtempSync(join(tmpdir(), 'sap-attachments-inst-'));
    dirs.push(dir);
    const base = testContext(t.db);
    const ctx: CoreContext = { ...base, config: { ...base.config, attachmentsDir: dir } };
    const admin = systemActor('test', '000000');
    const home = async (county: string, name: string) =>
      (await createInstitution(ctx, admin, { kind: 'funeral_home', name, divisionCode: county })).id;
    const homeA = await home('430102', '芙蓉区殡仪馆甲');
    const homeB = await home('430102', '芙蓉区殡仪馆乙');
    const homeC = await home('430103', '天心区殡仪馆');
    const staffOf = async (county: string, institutionId: string): Promise<Actor> => {
      const u = await createUser(ctx, admin, {
        username: `home${++accounts}`,
        displayName: `殡仪馆工作人员${accounts}`,
        role: 'funeral_staff',
        divisionCode: county,
        institutionId,
        password: TEST_PASSWORD,
      });
      return userActor(ctx.access, { ...u, role: u.role });
    };
    // Records of the test owner type: one per home, kept in memory (the owner type's own lookup).
    const cases = new Map([
      ['case-a', { divisionCode: '430102', institutionId: homeA, subjectPersonId: null }],
      ['case-b', { divisionCode: '430102', institutionId: homeB, subjectPersonId: null }],
      ['case-c', { divisionCode: '430103', institutionId: homeC, subjectPersonId: null }],
      ['case-county', { divisionCode: '430102', institutionId: null, subjectPersonId: null }],
    ]);
    registerAttachmentOwnerType(ctx, {
      type: 'funeral_case',
      label: '殡葬业务',
      readPermission: 'people:read',
      writePermission: 'people:record-death',
      kinds: { death_certificate: '死亡证明', photo: '照片' },
      resolve: async (_ctx, id) => cases.get(id) ?? null,
    });
    return {
      ctx,
      staffA: await staffOf('430102', homeA),
      staffB: await staffOf('430102', homeB),
      staffC: await staffOf('430103', homeC),
      county: (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430102' })).actor,
      homeA,
      homeB,
    };
  }

  const put = (ctx: CoreContext, actor: Actor, ownerId: string, seed = 1) =>
    storeAttachment(ctx, actor, {
      ownerType: 'funeral_case',
      ownerId,
      kind: 'photo',
      fileName: `${ownerId}.png`,
      content: png(seed),
    });

  it('a home-bound account uploads, lists, reads and removes its own home’s attachments', async () => {
    const { ctx, staffA, homeA } = await setUp();
    const { attachment, created } = await put(ctx, staffA, 'case-a');
    expect(created).toBe(true);
    expect(attachment).toMatchObject({ divisionCode: '430102', institutionId: homeA, status: 'active' });
    const list = await listAttachments(ctx, staffA, { ownerType: 'funeral_case', ownerId: 'case-a' });
    expect(list.map((a) => a.id)).toEqual([attachment.id]);
    expect((await getAttachment(ctx, staffA, attachment.id)).institutionId).toBe(homeA);
    expect((await readAttachmentContent(ctx, staffA, attachment.id)).bytes.equals(png(1))).toBe(true);
    expect(
      (
        await citedAttachments(ctx, staffA, [attachment.id], { ownerType: 'funeral_case', ownerId: 'case-a' })
      )[0]?.id,
    ).toBe(attachment.id);
    const removed = await removeAttachment(ctx, staffA, attachment.id, '拍摄模糊');
    expect(removed.status).toBe('removed');
    const all = await listAttachments(ctx, staffA, {
      ownerType: 'funeral_case',
      ownerId: 'case-a',
      includeRemoved: true,
    });
    expect(all.map((a) => [a.id, a.status])).toEqual([[attachment.id, 'removed']]);
  });

  it('a sibling home’s account and another county’s get not found; a county account sees both homes', async () => {
    const { ctx, staffA, staffB, staffC, county, homeA, homeB } = await setUp();
    const a = (await put(ctx, staffA, 'case-a')).attachment;
    const b = (await put(ctx, staffB, 'case-b', 2)).attachment;
    for (const outsider of [staffB, staffC]) {
      expect(await code(put(ctx, outsider, 'case-a', 3))).toBe('NOT_FOUND');
      expect(
        await code(listAttachments(ctx, outsider, { ownerType: 'funeral_case', ownerId: 'case-a' })),
      ).toBe('NOT_FOUND');
      expect(await code(getAttachment(ctx, outsider, a.id))).toBe('NOT_FOUND');
      expect(await code(readAttachmentContent(ctx, outsider, a.id))).toBe('NOT_FOUND');
      expect(await code(removeAttachment(ctx, outsider, a.id, '越权删除'))).toBe('NOT_FOUND');
      expect(await code(citedAttachments(ctx, outsider, [a.id]))).toBe('ATTACHMENT_NOT_USABLE');
    }
    // A home-bound account does not see county-level records (no institution) either (ADR 0009 §4).
    expect(await code(put(ctx, staffA, 'case-county'))).toBe('NOT_FOUND');
    // The county's account (no institution) sees and may cite both homes' files, and uploads to either.
    expect(
      (await listAttachments(ctx, county, { ownerType: 'funeral_case', ownerId: 'case-a' })).map((x) => x.id),
    ).toEqual([a.id]);
    expect((await getAttachment(ctx, county, b.id)).institutionId).toBe(homeB);
    expect((await citedAttachments(ctx, county, [a.id, b.id])).map((x) => x.institutionId)).toEqual([
      homeA,
      homeB,
    ]);
    const byCounty = (await put(ctx, county, 'case-b', 4)).attachment;
    expect(byCounty.institutionId).toBe(homeB);
    // …which the home's own account then sees, and the sibling does not.
    expect(
      (await listAttachments(ctx, staffB, { ownerType: 'funeral_case', ownerId: 'case-b' })).map((x) => x.id),
    ).toEqual([b.id, byCounty.id]);
    expect(await code(getAttachment(ctx, staffA, byCounty.id))).toBe('NOT_FOUND');
    // Another county's account sees nothing of 芙蓉区.
    expect(await code(getAttachment(ctx, staffC, b.id))).toBe('NOT_FOUND');
    const check = await verifyAttachments(ctx);
    expect(check.ok).toBe(true);
  });

  it('leaves attachments of records without an institution exactly as before', async () => {
    const { ctx, staffA } = await setUp();
    const clerk = (await aUser(ctx, { role: 'registrar', divisionCode: '430102' })).actor;
    const person = await aPerson(ctx, clerk, { county: '430102' });
    const { attachment } = await storeAttachment(ctx, clerk, {
      ownerType: 'person',
      ownerId: person.id,
      kind: 'photo',
      content: png(7),
    });
    expect(attachment.institutionId).toBeNull();
    expect((await getAttachment(ctx, clerk, attachment.id)).divisionCode).toBe('430102');
    const other = (await aUser(ctx, { role: 'registrar', divisionCode: '430103' })).actor;
    expect(await code(getAttachment(ctx, other, attachment.id))).toBe('NOT_FOUND');
    // A home-bound account never saw a person's attachments (bare division = no institution) and still does not.
    expect(await code(getAttachment(ctx, staffA, attachment.id))).toBe('NOT_FOUND');
  });
});
