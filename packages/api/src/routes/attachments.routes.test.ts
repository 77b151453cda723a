import { contentPath, createPerson, systemActor } from '@social-affairs/core';
import { aPersonInput, describeEachDatabase } from '@social-affairs/core/testing';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { testApp } from '../test-app';
import { aPngFile, useTestAttachmentsDir } from './attachments.samples';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describeEachDatabase('attachment routes', (t) => {
  async function setUp(opts: { captureLogs?: boolean } = {}) {
    const env = await testApp(t.db, opts);
    const dir = mkdtempSync(join(tmpdir(), 'sap-attachment-routes-'));
    dirs.push(dir);
    useTestAttachmentsDir(env.core, dir);
    const person = await createPerson(
      env.core,
      systemActor('test', '430000'),
      aPersonInput({ county: '430102' }),
    );
    const clerk = await env.signIn('registrar', '430102');
    const upload = (
      payload: Buffer | string,
      query: Record<string, string> = {},
      headers: Record<string, string> = {},
      cookie = clerk.cookie,
    ) =>
      env.app.inject({
        method: 'POST',
        url: `/api/attachments?${new URLSearchParams({ ownerType: 'person', ownerId: person.id, kind: 'photo', ...query }).toString()}`,
        headers: { cookie, 'content-type': 'application/octet-stream', ...headers },
        payload,
      });
    return { ...env, dir, person, clerk, upload };
  }

  it('uploads a raw file body and serves it back with safe download headers', async () => {
    const { app, person, clerk, upload, core } = await setUp();
    const res = await upload(aPngFile(), { fileName: '救助对象 正面照(1).png' });
    expect(res.statusCode).toBe(201);
    const view = res.json();
    expect(view).toMatchObject({
      ownerType: 'person',
      ownerId: person.id,
      kind: 'photo',
      kindLabel: '照片',
      fileName: '救助对象 正面照(1).png',
      mediaType: 'image/png',
      sizeBytes: 80,
      divisionCode: '430102',
      status: 'active',
    });
    const again = await upload(aPngFile(), { fileName: '重复.png' }, { 'content-type': 'image/png' });
    expect([again.statusCode, again.json().id]).toEqual([200, view.id]);

    const content = await app.inject({
      method: 'GET',
      url: `/api/attachments/${view.id}/content?reason=${encodeURIComponent('核对身份')}`,
      headers: { cookie: clerk.cookie },
    });
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(aPngFile())).toBe(true);
    expect(content.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': '80',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="attachment.png"; filename*=UTF-8''${encodeURIComponent('救助对象 正面照')}%281%29.png`,
    });
    const meta = await app.inject({
      method: 'GET',
      url: `/api/attachments/${view.id}`,
      headers: { cookie: clerk.cookie },
    });
    expect(meta.json()).toEqual(view);
    const list = await app.inject({
      method: 'GET',
      url: `/api/attachments?ownerType=person&ownerId=${person.id}`,
      headers: { cookie: clerk.cookie },
    });
    expect(list.json<{ id: string }[]>().map((a) => a.id)).toEqual([view.id]);
    const types = await app.inject({
      method: 'GET',
      url: '/api/attachments/owner-types',
      headers: { cookie: clerk.cookie },
    });
    expect(types.json()).toMatchObject({
      acceptedMediaTypes: expect.arrayContaining(['image/png', 'application/pdf', 'image/tiff']),
      ownerTypes: [{ type: 'person', label: '人员', maxBytes: 10 * 1024 * 1024 }],
    });
    const removed = await app.inject({
      method: 'POST',
      url: `/api/attachments/${view.id}/remove`,
      headers: { cookie: clerk.cookie },
      payload: { reason: '上传错误' },
    });
    expect(removed.json()).toMatchObject({ status: 'removed', removeReason: '上传错误' });
    const gone = await app.inject({
      method: 'GET',
      url: `/api/attachments/${view.id}/content`,
      headers: { cookie: clerk.cookie },
    });
    expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'ATTACHMENT_REMOVED']);
    const actions = await core.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'reason'])
      .where('targetType', '=', 'attachment')
      .orderBy('seq')
      .execute();
    expect(actions).toEqual([
      { action: 'attachment.upload', reason: null },
      { action: 'attachment.read', reason: '核对身份' },
      { action: 'attachment.metadata-read', reason: null }, // GET /api/attachments/:id (issue 11 item 7)
      { action: 'attachment.remove', reason: '上传错误' },
    ]);
  });

  it('types the file by its content, whatever its name or declared type', async () => {
    const { app, clerk, upload } = await setUp();
    const png = await upload(
      aPngFile(3),
      { fileName: '死亡证明.pdf', kind: 'certificate' },
      { 'content-type': 'application/pdf' },
    );
    expect(png.statusCode).toBe(201);
    expect(png.json().mediaType).toBe('image/png');
    const served = await app.inject({
      method: 'GET',
      url: `/api/attachments/${png.json().id}/content`,
      headers: { cookie: clerk.cookie },
    });
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('死亡证明.png')}`,
    );
    for (const [body, name, type] of [
      ['<!DOCTYPE html><html><body><script>alert(1)</script></body></html>', 'photo.jpg', 'image/jpeg'],
      ['MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'scan.jpg', 'image/jpeg'],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'form.png', 'image/svg+xml'],
    ] as const) {
      const res = await upload(Buffer.from(body, 'latin1'), { fileName: name }, { 'content-type': type });
      expect([name, res.statusCode, res.json().error.code]).toEqual([
        name,
        422,
        'ATTACHMENT_TYPE_NOT_ALLOWED',
      ]);
      expect(res.json().error.message).toContain('文件类型不允许');
    }
  });

  it('refuses bad input with 400 or 422 and a stable code, never 500', async () => {
    const { app, clerk, upload } = await setUp();
    const big = Buffer.concat([aPngFile(), Buffer.alloc(10 * 1024 * 1024)]);
    const cases: [
      string,
      Promise<{ statusCode: number; json(): { error: { code: string; message: string } } }>,
      number,
      string,
    ][] = [
      ['too large', upload(big), 422, 'ATTACHMENT_TOO_LARGE'],
      ['empty', upload(Buffer.alloc(0)), 422, 'ATTACHMENT_EMPTY'],
      [
        'no body',
        app.inject({
          method: 'POST',
          url: '/api/attachments?ownerType=person&ownerId=x1&kind=photo',
          headers: { cookie: clerk.cookie },
        }),
        404,
        'NOT_FOUND',
      ],
      [
        'json body',
        upload('{"a":1}', {}, { 'content-type': 'application/json' }),
        422,
        'ATTACHMENT_UPLOAD_FORMAT',
      ],
      [
        'bad json body',
        upload('{"a":', {}, { 'content-type': 'application/json' }),
        400,
        'BODY_MALFORMED_JSON',
      ],
      [
        'multipart',
        upload(
          '--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--b--',
          {},
          { 'content-type': 'multipart/form-data; boundary=b' },
        ),
        422,
        'ATTACHMENT_UPLOAD_FORMAT',
      ],
      ['unknown kind', upload(aPngFile(), { kind: 'selfie' }), 422, 'ATTACHMENT_KIND_UNKNOWN'],
      [
        'unknown owner type',
        upload(aPngFile(), { ownerType: 'spaceship' }),
        422,
        'ATTACHMENT_OWNER_TYPE_UNKNOWN',
      ],
      ['no such owner', upload(aPngFile(), { ownerId: 'no-such-person' }), 404, 'NOT_FOUND'],
      ['missing owner id', upload(aPngFile(), { ownerId: '' }), 400, 'VALIDATION_FAILED'],
      [
        'no such attachment',
        app.inject({
          method: 'GET',
          url: '/api/attachments/nope/content',
          headers: { cookie: clerk.cookie },
        }),
        404,
        'NOT_FOUND',
      ],
      [
        'remove without reason',
        app.inject({
          method: 'POST',
          url: '/api/attachments/nope/remove',
          headers: { cookie: clerk.cookie },
          payload: {},
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'list without owner',
        app.inject({
          method: 'GET',
          url: '/api/attachments?ownerType=person',
          headers: { cookie: clerk.cookie },
        }),
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [name, pending, status, code] of cases) {
      const res = await pending;
      expect([name, res.statusCode, res.json().error.code]).toEqual([name, status, code]);
      expect(typeof res.json().error.message).toBe('string');
    }
  });

  it('answers 404 outside the caller’s division and 403 without the permission', async () => {
    const { app, signIn, upload } = await setUp();
    const view = (await upload(aPngFile())).json();
    const outsider = await signIn('registrar', '430181');
    for (const url of [
      `/api/attachments/${view.id}`,
      `/api/attachments/${view.id}/content`,
      `/api/attachments?ownerType=person&ownerId=${view.ownerId}`,
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: outsider.cookie } });
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 404, 'NOT_FOUND']);
    }
    const up = await upload(aPngFile(9), {}, {}, outsider.cookie);
    expect(up.statusCode).toBe(404);
    const supervisor = await signIn('supervisor', '430102');
    expect((await upload(aPngFile(9), {}, {}, supervisor.cookie)).statusCode).toBe(403);
    const auditor = await signIn('auditor', '430000');
    const res = await app.inject({
      method: 'GET',
      url: `/api/attachments/${view.id}/content`,
      headers: { cookie: auditor.cookie },
    });
    expect(res.statusCode).toBe(403);
  });

  it('reports a missing or corrupted file (409, logged) instead of serving it', async () => {
    const { app, clerk, upload, dir, logs } = await setUp({ captureLogs: true });
    const lost = (await upload(aPngFile(4))).json<{ id: string; contentHash: string }>();
    const altered = (await upload(aPngFile(5))).json<{ id: string; contentHash: string }>();
    unlinkSync(contentPath(dir, lost.contentHash));
    writeFileSync(contentPath(dir, altered.contentHash), aPngFile(6));
    for (const [view, code] of [
      [lost, 'ATTACHMENT_MISSING'],
      [altered, 'ATTACHMENT_CORRUPTED'],
    ] as const) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/attachments/${view.id}/content`,
        headers: { cookie: clerk.cookie },
      });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json().error).toMatchObject({ code, details: { attachmentId: view.id } });
      expect(logs.join('')).toContain(view.id);
    }
    expect(logs.join('')).toContain('attachment file missing or corrupted');
  });
});
