import { DomainError } from '@social-affairs/kernel';
import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { describeEachDatabase } from '../testing/each-database';
import { aPerson, aUser, testContext } from '../testing/factories';
import {
  citedAttachments,
  getAttachment,
  listAttachments,
  readAttachmentContent,
  removeAttachment,
  storeAttachment,
  verifyAttachments,
} from './attachments.service';
import { contentPath } from './content-store';
import { detectMediaType } from './media-type';
import { registerAttachmentOwnerType, type AttachmentOwnerType } from './owners';

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const bytes = (head: number[] | string, fill = 64, seed = 1): Buffer =>
  Buffer.concat([
    typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head),
    Buffer.from(Array.from({ length: fill }, (_, i) => (i * 31 + seed) % 256)),
  ]);
const samplePng = (seed = 1) => bytes(PNG_SIG, 64, seed);

async function rejects(p: Promise<unknown>, code: string): Promise<DomainError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  return err as DomainError;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A test context whose attachment store is a fresh temporary folder. */
function contextWithStore(t: { db: CoreContext['db'] }): CoreContext & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sap-attachments-'));
  dirs.push(dir);
  const ctx = testContext(t.db);
  return { ...ctx, config: { ...ctx.config, attachmentsDir: dir }, dir };
}

/** Every stored content file (not the temporary folder). */
function storedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.includes('.tmp'))
    .map((e) => e.name);
}

async function setUp(t: { db: CoreContext['db'] }) {
  const ctx = contextWithStore(t);
  const clerk = (await aUser(ctx, { role: 'registrar', divisionCode: '430102' })).actor;
  const person = await aPerson(ctx, clerk, { county: '430102' });
  return { ctx, clerk, person };
}

it('recognises the accepted types by their first bytes only', () => {
  expect(detectMediaType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  expect(detectMediaType(samplePng())).toBe('image/png');
  expect(detectMediaType(bytes('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
  expect(detectMediaType(bytes('II*\x00'))).toBe('image/tiff');
  expect(detectMediaType(bytes('MM\x00*'))).toBe('image/tiff');
  expect(detectMediaType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  expect(detectMediaType(bytes('<!DOCTYPE html><script>'))).toBeNull();
  expect(detectMediaType(bytes('MZ\x90\x00'))).toBeNull();
  expect(detectMediaType(bytes('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeNull();
  expect(detectMediaType(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
  expect(detectMediaType(Buffer.from([0xff, 0xd8]))).toBeNull();
});

describeEachDatabase('attachment store', (t) => {
  it('stores content under its SM3 hash once, however many records it is attached to', async () => {
    const { ctx, clerk, person } = await setUp(t);
    const other = await aPerson(ctx, clerk, { county: '430102' });
    const a = await storeAttachment(ctx, clerk, {
      ownerType: 'person',
      ownerId: person.id,
      kind: 'photo',
      fileName: 'C:\\照片\\正面照.png',
      content: samplePng(),
    });
    expect(a.created).toBe(true);
    expect(a.attachment).toMatchObject({
      ownerType: 'person',
      ownerId: person.id,
      subjectPersonId: person.id,
      kind: 'photo',
      kindLabel: '照片',
      fileName: '正面照.png',
      mediaType: 'image/png',
      sizeBytes: samplePng().length,
      divisionCode: '430102',
      uploadedBy: clerk.username,
      status: 'active',
    });
    expect(a.attachment.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const file = contentPath(ctx.dir, a.attachment.contentHash);
    expect(file).toBe(join(ctx.dir, a.attachment.contentHash.slice(0, 2), a.attachment.contentHash));
    // The same bytes on another record: a second row, still one file.
    const b = await storeAttachment(ctx, clerk, {
      ownerType: 'person',
      ownerId: other.id,
      kind: 'photo',
      content: Readable.from([samplePng().subarray(0, 5), samplePng().subarray(5)]),
    });
    expect(b.created).toBe(true);
    expect(b.attachment.contentHash).toBe(a.attachment.contentHash);
    expect(b.attachment.fileName).toBe('照片.png');
    expect(storedFiles(ctx.dir)).toEqual([a.attachment.contentHash]);
    // The same bytes again on the same record for the same purpose: the row already there.
    const again = await storeAttachment(ctx, clerk, {
      ownerType: 'person',
      ownerId: person.id,
      kind: 'photo',
      content: samplePng(),
    });
    expect(again).toEqual({ attachment: a.attachment, created: false });
    const list = await listAttachments(ctx, clerk, { ownerType: 'person', ownerId: person.id });
    expect(list.map((x) => x.id)).toEqual([a.attachment.id]);
    // Two identical uploads at once for one record: one row, both answered with it.
    const third = await aPerson(ctx, clerk, { county: '430102' });
    const race = await Promise.all(
      [1, 2].map(() =>
        storeAttachment(ctx, clerk, {
          ownerType: 'person',
          ownerId: third.id,
          kind: 'photo',
          content: samplePng(9),
        }),
      ),
    );
    expect(race.map((r) => r.created).sort()).toEqual([false, true]);
    expect(race[0]?.attachment.id).toBe(race[1]?.attachment.id);
    expect((await citedAttachments(ctx, clerk, [b.attachment.id, a.attachment.id])).map((x) => x.id)).toEqual(
      [b.attachment.id, a.attachment.id],
    );
    await rejects(
      citedAttachments(ctx, clerk, [b.attachment.id], { ownerType: 'person', ownerId: person.id }),
      'ATTACHMENT_NOT_USABLE',
    );
    const outsider = (await aUser(ctx, { role: 'registrar', divisionCode: '430181' })).actor;
    await rejects(citedAttachments(ctx, outsider, [a.attachment.id]), 'ATTACHMENT_NOT_USABLE');
    await rejects(citedAttachments(ctx, clerk, ['nope']), 'ATTACHMENT_NOT_USABLE');
    const content = await readAttachmentContent(ctx, clerk, a.attachment.id, '核对照片');
    expect(content.bytes.equals(samplePng())).toBe(true);
    expect(content.downloadName).toBe('正面照.png');
  });

  it('decides the type from the content: a PNG named .pdf is a PNG, an HTML page or program named .jpg is refused', async () => {
    const { ctx, clerk, person } = await setUp(t);
    const put = (content: Buffer, fileName: string, kind = 'certificate') =>
      storeAttachment(ctx, clerk, { ownerType: 'person', ownerId: person.id, kind, fileName, content });
    const png = await put(samplePng(7), '死亡证明.pdf');
    expect(png.attachment.mediaType).toBe('image/png');
    expect(png.attachment.fileName).toBe('死亡证明.pdf');
    expect((await readAttachmentContent(ctx, clerk, png.attachment.id)).downloadName).toBe('死亡证明.png');
    for (const [content, name] of [
      [bytes('<!DOCTYPE html><html><script>alert(1)</script>'), 'photo.jpg'],
      [bytes('MZ\x90\x00\x03\x00\x00\x00'), '扫描件.jpg'],
      [bytes('PK\x03\x04'), 'form.pdf'],
      [Buffer.from('%PD'), 'short.pdf'],
    ] as const) {
      const err = await rejects(put(content, name), 'ATTACHMENT_TYPE_NOT_ALLOWED');
      expect(err.kind).toBe('invalid');
      expect(err.message).toContain('文件类型不允许');
    }
    await rejects(put(Buffer.alloc(0), 'empty.png'), 'ATTACHMENT_EMPTY');
    for (const [content, type] of [
      [bytes([0xff, 0xd8, 0xff, 0xe1]), 'image/jpeg'],
      [bytes('RIFF\x10\x00\x00\x00WEBPVP8 '), 'image/webp'],
      [bytes('II*\x00'), 'image/tiff'],
      [bytes('%PDF-1.4\n'), 'application/pdf'],
    ] as const) {
      expect((await put(content, 'x.bin', 'signed_form')).attachment.mediaType).toBe(type);
    }
    // Nothing of a refused file is kept.
    expect(storedFiles(ctx.dir)).toHaveLength(5);
    expect(readdirSync(join(ctx.dir, '.tmp'))).toEqual([]);
    const rows = await ctx.db.kysely.selectFrom('attachments').select('id').execute();
    expect(rows).toHaveLength(5);
  });

  it('refuses a file over the size limit (10 MB by default, an owner type may set its own)', async () => {
    const { ctx, clerk, person } = await setUp(t);
    const oneMb = Buffer.alloc(1024 * 1024, 7);
    const big = Readable.from(
      (function* () {
        yield samplePng();
        for (let i = 0; i < 10; i++) yield oneMb;
      })(),
    );
    const err = await rejects(
      storeAttachment(ctx, clerk, { ownerType: 'person', ownerId: person.id, kind: 'photo', content: big }),
      'ATTACHMENT_TOO_LARGE',
    );
    expect(err.message).toContain('10 MB');
    const small: AttachmentOwnerType = {
      type: 'small_case',
      label: '测试案件',
      readPermission: 'people:read',
      writePermission: 'people:write',
      kinds: { scan: '扫描件' },
      maxBytes: 100,
      resolve: async () => ({ divisionCode: '430102' }),
    };
    registerAttachmentOwnerType(ctx, small);
    registerAttachmentOwnerType(ctx, small);
    const put = (n: number) =>
      storeAttachment(ctx, clerk, {
        ownerType: 'small_case',
        ownerId: 'c1',
        kind: 'scan',
        content: bytes(PNG_SIG, n - PNG_SIG.length),
      });
    expect((await put(100)).attachment.sizeBytes).toBe(100);
    await rejects(put(101), 'ATTACHMENT_TOO_LARGE');
    expect(storedFiles(ctx.dir)).toHaveLength(1);
    expect(readdirSync(join(ctx.dir, '.tmp'))).toEqual([]);
  });

  it('answers not found outside the caller’s division, and checks the owner type’s permission', async () => {
    const { ctx, clerk, person } = await setUp(t);
    const { attachment } = await storeAttachment(ctx, clerk, {
      ownerType: 'person',
      ownerId: person.id,
      kind: 'photo',
      content: samplePng(),
    });
    const outsider = (await aUser(ctx, { role: 'registrar', divisionCode: '430181' })).actor;
    await rejects(getAttachment(ctx, outsider, attachment.id), 'NOT_FOUND');
    await rejects(readAttachmentContent(ctx, outsider, attachment.id), 'NOT_FOUND');
    await rejects(removeAttachment(ctx, outsider, attachment.id, '误传'), 'NOT_FOUND');
    await rejects(listAttachments(ctx, outsider, { ownerType: 'person', ownerId: person.id }), 'NOT_FOUND');
    await rejects(
      storeAttachment(ctx, outsider, {
        ownerType: 'person',
        ownerId: person.id,
        kind: 'photo',
        content: samplePng(2),
      }),
      'NOT_FOUND',
    );
    await rejects(getAttachment(ctx, clerk, 'no-such-id'), 'NOT_FOUND');
    // A supervisor of the county may read but not upload or remove.
    const supervisor = (await aUser(ctx, { role: 'supervisor', divisionCode: '430100' })).actor;
    expect((await getAttachment(ctx, supervisor, attachment.id)).id).toBe(attachment.id);
    await rejects(removeAttachment(ctx, supervisor, attachment.id, '误传'), 'PERMISSION_DENIED');
    await rejects(
      storeAttachment(ctx, supervisor, {
        ownerType: 'person',
        ownerId: person.id,
        kind: 'photo',
        content: samplePng(3),
      }),
      'PERMISSION_DENIED',
    );
    const auditor = (await aUser(ctx, { role: 'auditor', divisionCode: '430000' })).actor;
    await rejects(readAttachmentContent(ctx, auditor, attachment.id), 'PERMISSION_DENIED');
    await rejects(
      storeAttachment(ctx, clerk, {
        ownerType: 'rocket',
        ownerId: person.id,
        kind: 'photo',
        content: samplePng(),
      }),
      'ATTACHMENT_OWNER_TYPE_UNKNOWN',
    );
    await rejects(
      storeAttachment(ctx, clerk, {
        ownerType: 'person',
        ownerId: person.id,
        kind: 'selfie',
        content: samplePng(),
      }),
      'ATTACHMENT_KIND_UNKNOWN',
    );
    await rejects(
      storeAttachment(ctx, clerk, {
        ownerType: 'person',
        ownerId: 'nobody',
        kind: 'photo',
        content: samplePng(),
      }),
      'NOT_FOUND',
    );
  });

  it('reports a missing or altered file instead of serving it, and the integrity walk finds both', async () => {
    const { ctx, clerk, person } = await setUp(t);
    const store = (seed: number) =>
      storeAttachment(ctx, clerk, {
        ownerType: 'person',
        ownerId: person.id,
        kind: 'photo',
        content: samplePng(seed),
      });
    const kept = (await store(1)).attachment;
    const lost = (await store(2)).attachment;
    const altered = (await store(3)).attachment;
    expect(await verifyAttachments(ctx)).toMatchObject({ ok: true, checked: 3, files: 3, problems: [] });
    unlinkSync(contentPath(ctx.dir, lost.contentHash));
    const tampered = samplePng(3);
    tampered[20] = (tampered[20] ?? 0) ^ 0xff;
    writeFileSync(contentPath(ctx.dir, altered.contentHash), tampered);

    const missing = await rejects(readAttachmentContent(ctx, clerk, lost.id), 'ATTACHMENT_MISSING');
    expect(missing.kind).toBe('conflict');
    expect(missing.message).toContain('附件文件缺失');
    const corrupted = await rejects(readAttachmentContent(ctx, clerk, altered.id), 'ATTACHMENT_CORRUPTED');
    expect(corrupted.message).toContain('损坏');
    expect((await readAttachmentContent(ctx, clerk, kept.id)).bytes.equals(samplePng(1))).toBe(true);

    const report = await verifyAttachments(ctx);
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(3);
    expect(report.problems.map((p) => [p.id, p.problem]).sort()).toEqual(
      [
        [lost.id, 'missing'],
        [altered.id, 'corrupted'],
      ].sort(),
    );
    expect(report.message).toBe('附件 3 条中 1 条文件缺失、1 条文件损坏');
    const failures = await ctx.db.kysely
      .selectFrom('auditLog')
      .select(['targetId', 'details'])
      .where('action', '=', 'attachment.integrity-failure')
      .execute();
    expect(
      failures.map((f) => [f.targetId, (JSON.parse(f.details) as { problem: string }).problem]).sort(),
    ).toEqual(
      [
        [lost.id, 'missing'],
        [altered.id, 'corrupted'],
      ].sort(),
    );
    // Uploading the same bytes again (on another record) puts the intact file back.
    const other = await aPerson(ctx, clerk, { county: '430102' });
    await storeAttachment(ctx, clerk, {
      ownerType: 'person',
      ownerId: other.id,
      kind: 'photo',
      content: samplePng(3),
    });
    expect((await readAttachmentContent(ctx, clerk, altered.id)).bytes.equals(samplePng(3))).toBe(true);
    expect((await verifyAttachments(ctx)).problems.map((p) => p.id)).toEqual([lost.id]);
  });

  it('audits uploads, content reads and removals; removal is soft and needs a reason', async () => {
    const { ctx, clerk, person } = await setUp(t);
    const { attachment } = await storeAttachment(ctx, clerk, {
      ownerType: 'person',
      ownerId: person.id,
      kind: 'identity_document',
      fileName: `${'4'.repeat(3)}身份证.jpg`,
      content: bytes([0xff, 0xd8, 0xff, 0xe0]),
    });
    await readAttachmentContent(ctx, clerk, attachment.id, '核对身份');
    await rejects(removeAttachment(ctx, clerk, attachment.id, ' '), 'REASON_REQUIRED');
    const removed = await removeAttachment(ctx, clerk, attachment.id, '上传错误');
    expect(removed).toMatchObject({ status: 'removed', removedBy: clerk.username, removeReason: '上传错误' });
    await rejects(removeAttachment(ctx, clerk, attachment.id, '上传错误'), 'ATTACHMENT_ALREADY_REMOVED');
    await rejects(readAttachmentContent(ctx, clerk, attachment.id), 'ATTACHMENT_REMOVED');
    expect(await listAttachments(ctx, clerk, { ownerType: 'person', ownerId: person.id })).toEqual([]);
    expect(
      (
        await listAttachments(ctx, clerk, { ownerType: 'person', ownerId: person.id, includeRemoved: true })
      ).map((a) => a.status),
    ).toEqual(['removed']);
    await rejects(citedAttachments(ctx, clerk, [attachment.id]), 'ATTACHMENT_NOT_USABLE');
    // The file stays (other rows may share it; restores need it).
    expect(storedFiles(ctx.dir)).toEqual([attachment.contentHash]);
    const rows = await ctx.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'actorUsername', 'targetId', 'reason', 'divisionCode', 'details'])
      .where('targetType', '=', 'attachment')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => [r.action, r.actorUsername, r.targetId, r.reason, r.divisionCode])).toEqual([
      ['attachment.upload', clerk.username, attachment.id, null, '430102'],
      ['attachment.read', clerk.username, attachment.id, '核对身份', '430102'],
      ['attachment.remove', clerk.username, attachment.id, '上传错误', '430102'],
    ]);
    expect(rows.map((r) => r.details).join('')).not.toContain('身份证.jpg');
    expect((await verifyAuditChain(ctx)).ok).toBe(true);
  });

  it('lets a line register an owner type with its own permissions and division lookup', async () => {
    const ctx = contextWithStore(t);
    const cases = new Map([['case-1', { divisionCode: '430181', subjectPersonId: null }]]);
    registerAttachmentOwnerType(ctx, {
      type: 'funeral_case',
      label: '殡葬业务',
      readPermission: 'people:record-death',
      writePermission: 'people:record-death',
      kinds: { death_certificate: '死亡证明' },
      resolve: async (_ctx, id) => cases.get(id) ?? null,
    });
    const funeral = (await aUser(ctx, { role: 'funeral_staff', divisionCode: '430181' })).actor;
    const registrar = (await aUser(ctx, { role: 'registrar', divisionCode: '430181' })).actor;
    const put = (actor: typeof funeral, ownerId = 'case-1') =>
      storeAttachment(ctx, actor, {
        ownerType: 'funeral_case',
        ownerId,
        kind: 'death_certificate',
        fileName: '死亡医学证明.pdf',
        content: bytes('%PDF-1.7\n'),
      });
    const { attachment } = await put(funeral);
    expect(attachment).toMatchObject({
      divisionCode: '430181',
      kindLabel: '死亡证明',
      subjectPersonId: null,
    });
    await rejects(put(registrar), 'PERMISSION_DENIED');
    await rejects(put(funeral, 'case-2'), 'NOT_FOUND');
    await rejects(getAttachment(ctx, registrar, attachment.id), 'PERMISSION_DENIED');
    expect((await readAttachmentContent(ctx, funeral, attachment.id)).attachment.mediaType).toBe(
      'application/pdf',
    );
    expect(() => registerAttachmentOwnerType(ctx, { ...personLike(), type: 'funeral_case' })).toThrow(
      /already registered/,
    );
  });
});

function personLike(): AttachmentOwnerType {
  return {
    type: 'x',
    label: '测试',
    readPermission: 'people:read',
    writePermission: 'people:write',
    kinds: { a: '甲' },
    resolve: async () => null,
  };
}
