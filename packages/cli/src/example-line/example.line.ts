/**
 * A tiny business line for the tests (not served by the platform): one table, one route pair, one job,
 * one subscriber, plugged in only through its manifest and its server-list entry. The tests add it to
 * the server list and check that the access test, the migrations and the job commands pick it up with
 * no other edit (ADR 0010).
 */
import { DomainError, newId } from '@social-affairs/kernel';
import {
  appendAudit,
  authorize,
  defineLine,
  ensureVisible,
  subscriber,
  systemActor,
  type Actor,
  type CoreContext,
} from '@social-affairs/core';
import { actorOf, type ServerLine } from '@social-affairs/api';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';

type ExampleTables = {
  exampleNotes: { id: string; divisionCode: string; body: string; createdAt: string };
};

/** The example's own typed view of the database (a real line augments `Database` in its `.table.ts`). */
function notes(db: object): Kysely<ExampleTables> {
  return db as Kysely<ExampleTables>;
}

async function addNote(ctx: CoreContext, actor: Actor, input: { divisionCode: string; body: string }) {
  authorize(actor, 'example:write');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = { id: newId(), ...input, createdAt: ctx.clock.now().toISOString() };
    await notes(trx).insertInto('exampleNotes').values(row).execute();
    await appendAudit(trx, ctx, actor, {
      action: 'example.note.create',
      targetType: 'example_note',
      targetId: row.id,
      divisionCode: row.divisionCode,
      details: {},
    });
    return row;
  });
}

async function getNote(ctx: CoreContext, actor: Actor, id: string) {
  authorize(actor, 'example:read');
  const row = await notes(ctx.db.kysely)
    .selectFrom('exampleNotes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '记录不存在');
  ensureVisible(actor, row.divisionCode, '记录');
  return row;
}

export const exampleLine = defineLine({
  name: 'example',
  label: '示例业务线',
  migrations: {
    '9001-example-notes': {
      up: async (db) => {
        await db.schema
          .createTable('example_notes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('division_code', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      },
      down: async (db) => {
        await db.schema.dropTable('example_notes').execute();
      },
    },
  },
  permissions: ['example:read', 'example:write'],
  grants: { registrar: ['example:read', 'example:write'], supervisor: ['example:read'] },
  config: {
    schema: z.object({ noteLimit: z.number().int().positive() }).strict(),
    defaults: { noteLimit: 100 },
  },
  subscribers: [
    subscriber({
      name: 'example.note-on-death',
      event: 'person.deceased',
      handle: async (ctx, trx, event) => {
        await notes(trx)
          .insertInto('exampleNotes')
          .values({
            id: newId(),
            divisionCode: event.payload.divisionCode,
            body: `deceased ${event.payload.personId}`,
            createdAt: ctx.clock.now().toISOString(),
          })
          .execute();
      },
    }),
  ],
  jobs: [
    {
      name: 'example.count-notes',
      description: '统计示例记录',
      intervalMinutes: () => 60,
      runAtStart: false,
      run: async (ctx) => {
        const r = await sql<{ n: number | string }>`select count(*) as n from example_notes`.execute(
          ctx.db.kysely,
        );
        return { notes: Number(r.rows[0]?.n ?? 0) };
      },
    },
  ],
});

const exampleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/example/notes',
    {
      config: { access: 'example:write', personalData: false },
      schema: {
        body: z
          .object({ divisionCode: z.string().regex(/^\d{6}$/), body: z.string().min(1).max(200) })
          .strict(),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await addNote(app.core, actor, req.body);
      return reply.status(201).send({ id: row.id });
    },
  );
  app.get(
    '/api/example/notes/:id',
    {
      config: { access: 'example:read', personalData: false },
      schema: {
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ id: z.string(), divisionCode: z.string(), body: z.string() }) },
      },
    },
    async (req) => {
      const row = await getNote(app.core, actorOf(req), req.params.id);
      return { id: row.id, divisionCode: row.divisionCode, body: row.body };
    },
  );
};

export const exampleServerLine: ServerLine = {
  manifest: exampleLine,
  routes: exampleRoutes,
  accessSamples: async (core) => {
    const note = await addNote(core, systemActor('test', '430000'), { divisionCode: '430102', body: '样例' });
    return { 'GET /api/example/notes/:id': { params: { id: note.id } } };
  },
};
