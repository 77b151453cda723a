/**
 * One check for every route (ADR 0013): before a route's own validation, the parsed body, query string
 * and path parameters are walked, and text carrying NUL, a lone UTF-16 surrogate or a control character
 * (any control or format character in names and codes) is refused with 400 `TEXT_INVALID_CHARACTER`,
 * naming the field — so both databases answer alike and the audit chain never hashes text that the
 * database would store differently. The rule itself lives in the kernel (`findBadText`).
 *
 * Headers need no check here: Node's HTTP parser refuses NUL and control characters in header values,
 * and the one header value we look up (the session cookie) is only ever hashed.
 */
import { TEXT_INVALID_CHARACTER, badCharacterMessage, findBadText } from '@social-affairs/kernel';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors';

const PARTS = [
  ['params', 'params'],
  ['query', 'query'],
  ['body', 'body'],
] as const;

export function installTextHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    for (const [part, where] of PARTS) {
      const bad = findBadText(req[part]);
      if (!bad) continue;
      void reply.status(400).send(
        errorBody(TEXT_INVALID_CHARACTER, badCharacterMessage(bad.field, bad), {
          field: bad.field || null,
          in: where,
          codePoint: bad.codePoint,
          character: bad.kind,
        }),
      );
      return;
    }
    done();
  });
}
