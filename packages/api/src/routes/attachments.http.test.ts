import { createPerson, systemActor } from '@social-affairs/core';
import { aPersonInput, describeEachDatabase } from '@social-affairs/core/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { testApp } from '../test-app';
import { aPngFile, useTestAttachmentsDir } from './attachments.samples';

function post(url: string, cookie: string, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { cookie, 'content-type': 'application/octet-stream' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    let i = 0;
    const next = () => {
      while (i < chunks.length) {
        const c = chunks[i++];
        if (c && !req.write(c)) return void req.once('drain', next);
      }
      req.end();
    };
    next();
  });
}

describeEachDatabase('attachment uploads over a socket', (t) => {
  it('streams a chunked upload and answers a refusal before the rest of the body arrives', async () => {
    const { app, core, signIn } = await testApp(t.db);
    const dir = mkdtempSync(join(tmpdir(), 'sap-attachment-http-'));
    try {
      useTestAttachmentsDir(core, dir);
      const person = await createPerson(
        core,
        systemActor('test', '430000'),
        aPersonInput({ county: '430102' }),
      );
      const clerk = await signIn('registrar', '430102');
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const url = `${base}/api/attachments?ownerType=person&ownerId=${person.id}&kind=photo&fileName=a.png`;
      const ok = await post(url, clerk.cookie, [
        aPngFile().subarray(0, 10),
        aPngFile().subarray(10),
        Buffer.alloc(500_000, 1),
      ]);
      expect(ok.status).toBe(201);
      expect(JSON.parse(ok.body)).toMatchObject({ sizeBytes: 500_080, mediaType: 'image/png' });
      const html = await post(url, clerk.cookie, [
        Buffer.from('<html><body>'.padEnd(64 * 1024, ' ')),
        ...Array.from({ length: 30 }, () => Buffer.alloc(64 * 1024, 32)),
      ]);
      expect([html.status, JSON.parse(html.body).error.code]).toEqual([422, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
      const big = await post(url, clerk.cookie, [
        aPngFile(),
        ...Array.from({ length: 11 }, () => Buffer.alloc(1024 * 1024, 2)),
      ]);
      expect([big.status, JSON.parse(big.body).error.code]).toEqual([422, 'ATTACHMENT_TOO_LARGE']);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
