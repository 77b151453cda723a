import { aPersonInput, describeEachDatabase } from '@social-affairs/core/testing';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { COMPRESS_THRESHOLD_BYTES, IMMUTABLE } from './compression';
import { serverManifests, testApp } from './test-app';

/** A built web UI in miniature: index.html and one hashed asset with its pre-compressed siblings. */
function webRoot(): { root: string; script: string } {
  const root = mkdtempSync(join(tmpdir(), 'sap-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html lang="zh-CN"><div id="root"></div></html>');
  const script = `console.log(${JSON.stringify('社会事务'.repeat(800))});`;
  const file = join(root, 'assets', 'index-AbC123xy.js');
  writeFileSync(file, script);
  writeFileSync(`${file}.br`, brotliCompressSync(script));
  writeFileSync(`${file}.gz`, gzipSync(script));
  return { root, script };
}

describeEachDatabase(
  'compression and caching',
  (t) => {
    it('sends hashed assets pre-compressed and cached for a year, index.html revalidated every time', async () => {
      const { root, script } = webRoot();
      const { app } = await testApp(t.db, { webRoot: root });
      const url = '/assets/index-AbC123xy.js';

      const br = await app.inject({
        method: 'GET',
        url,
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['cache-control']).toBe(IMMUTABLE);
      expect(br.headers['content-type']).toMatch(/javascript/);
      expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

      const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

      const plain = await app.inject({ method: 'GET', url });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(script);
      expect(plain.headers['cache-control']).toBe(IMMUTABLE);

      for (const page of ['/index.html', '/', '/people']) {
        const res = await app.inject({ method: 'GET', url: page, headers: { 'accept-encoding': 'br' } });
        expect(res.statusCode, page).toBe(200);
        expect(res.headers['content-type'], page).toMatch(/text\/html/);
        expect(res.headers['cache-control'], page).toBe('no-cache');
      }
    });

    it('compresses a large JSON answer (br, else gzip) and leaves a small lookup as it is', async () => {
      const { app, signIn } = await testApp(t.db);
      const u = await signIn('registrar', '430000');
      const cookie = { cookie: u.cookie };
      const people = Array.from({ length: 25 }, (_, i) =>
        aPersonInput({ county: '430102', name: `欧阳娜${'一二三四五六七八九十'[i % 10]}` }),
      );
      for (const p of people) {
        const res = await app.inject({ method: 'POST', url: '/api/people', headers: cookie, payload: p });
        expect(res.statusCode).toBe(201);
      }

      const list = (encoding: string) =>
        app.inject({
          method: 'GET',
          url: '/api/people?pageSize=50',
          headers: { ...cookie, 'accept-encoding': encoding },
        });
      const plain = await list('identity');
      expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);
      const br = await list('gzip, deflate, br');
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['cache-control']).toBe('no-store');
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
      const gz = await list('gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());

      // The hot path: one person by resident id, a few hundred bytes — sent as it is.
      const lookup = await app.inject({
        method: 'POST',
        url: '/api/people/lookup',
        headers: { ...cookie, 'accept-encoding': 'gzip, deflate, br' },
        payload: { residentId: people[0]!.residentId },
      });
      expect(lookup.statusCode).toBe(200);
      expect(lookup.rawPayload.length).toBeLessThanOrEqual(COMPRESS_THRESHOLD_BYTES);
      expect(lookup.headers['content-encoding']).toBeUndefined();
      expect(lookup.json()).toMatchObject({ name: people[0]!.name });
    });
  },
  { lines: serverManifests },
);
