import { marriageLine } from '@social-affairs/core/marriage';
import { describeEachDatabase } from '@social-affairs/core/testing';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectOutOfScopeHidden, recordIdFields, routesNamingRecords } from './access-catalogue.test-support';
import { testApp } from './test-app';

describe('record ids named in a write’s body (route-catalogue access test)', () => {
  it('finds …Id and …Ids string fields through objects, wrappers, unions and arrays', () => {
    const body = z
      .strictObject({
        marriageId: z.string().min(1).max(64).optional(),
        registryId: z.string(),
        parties: z.strictObject({ husbandResidentId: z.string(), wifeResidentId: z.string() }).optional(),
        owner: z.object({ recordId: z.string().nullish() }),
        attachmentIds: z.array(z.string()).max(5).default([]),
        rows: z.array(z.object({ personId: z.string() })),
        choice: z.union([z.object({ caseId: z.string() }), z.object({ note: z.string() })]),
        count: z.number(),
        paid: z.boolean(),
        idle: z.string(),
      })
      .superRefine(() => undefined);
    expect(recordIdFields(body).sort()).toEqual(
      [
        'attachmentIds',
        'choice.caseId',
        'marriageId',
        'owner.recordId',
        'registryId',
        'rows[].personId',
      ].sort(),
    );
  });

  it('does not take resident (identity card) numbers or non-string ids for record ids', () => {
    expect(
      recordIdFields(
        z.object({ residentId: z.string(), applicantResidentId: z.string(), stepId: z.number() }),
      ),
    ).toEqual([]);
    expect(recordIdFields(undefined)).toEqual([]);
  });
});

describeEachDatabase(
  'route-catalogue access test over a line added later',
  (t) => {
    it('fails for a write route whose body names a record and has no out-of-scope sample', async () => {
      const newLine = {
        manifest: marriageLine,
        routes: (async (app) => {
          app.post(
            '/api/newline/cases/close',
            {
              config: { access: 'marriage:write', personalData: false },
              schema: { body: z.strictObject({ caseId: z.string().min(1).max(64), note: z.string() }) },
            },
            async () => ({ ok: true }),
          );
        }) as FastifyPluginAsyncZod,
      };
      const { app, core, signIn } = await testApp(t.db, { lines: [newLine] });
      expect(routesNamingRecords(app, (r) => r.url.startsWith('/api/newline/'))).toMatchObject([
        { method: 'POST', url: '/api/newline/cases/close', bodyIds: ['caseId'] },
      ]);
      const only = (r: { url: string }) => r.url.startsWith('/api/newline/');
      await expect(expectOutOfScopeHidden(app, core, signIn, {}, only)).rejects.toThrow(
        /no out-of-scope sample for POST \/api\/newline\/cases\/close/,
      );
      // A sample that leaves the record id out does not count either.
      await expect(
        expectOutOfScopeHidden(
          app,
          core,
          signIn,
          { 'POST /api/newline/cases/close': { params: {}, body: { note: 'x' } } },
          only,
        ),
      ).rejects.toThrow(/names no record in caseId/);
      // And the route answering 200 to an outsider fails the check.
      await expect(
        expectOutOfScopeHidden(
          app,
          core,
          signIn,
          {
            'POST /api/newline/cases/close': {
              params: {},
              body: { caseId: '0190c0de-0000-7000-8000-000000000001', note: 'x' },
            },
          },
          only,
        ),
      ).rejects.toThrow(/deeply equal/);
    });
  },
  { lines: [marriageLine] },
);
