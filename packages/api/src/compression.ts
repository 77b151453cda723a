import fastifyCompress from '@fastify/compress';
import type { FastifyStaticOptions } from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { constants as zlib } from 'node:zlib';

/**
 * Responses at or below this many bytes are sent as they are: the hot small lookups (a person by id,
 * the session, health) skip compression entirely — on loopback or a LAN, deflating 300 bytes costs more
 * CPU than the bytes it saves (`npm run bench:api`, docs/operations.md "Compression and caching").
 */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/** `Cache-Control` of the build's content-hashed files (`/assets/<name>-<hash>.js`). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Compresses dynamic responses (JSON lists, exports' JSON, the OpenAPI document) above the threshold
 * with brotli (quality 4: a fraction of a millisecond for a 50 KB list, most of brotli-11's ratio) or
 * gzip, whichever the client prefers. Static files are not compressed here: the build writes `.br` and
 * `.gz` beside each asset (scripts/build.mjs) and @fastify/static sends those as they are
 * (`preCompressed`); a response that already carries `Content-Encoding` is left alone.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
    // Requests are small JSON; never inflate request bodies.
    globalDecompression: false,
  });
}

/**
 * How the built web UI is served: pre-compressed variants when the client accepts them, hashed assets
 * cached for a year (their name changes with their content), everything else — `index.html`, which
 * names the current hashes — revalidated on every load (`no-cache`), so a release is seen at once.
 */
export function webStaticOptions(root: string): FastifyStaticOptions {
  return {
    root,
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? IMMUTABLE : 'no-cache');
    },
  };
}
