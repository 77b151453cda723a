import { DomainError } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { aUser, testContext } from '../testing/factories';
import {
  createInstitution,
  createInstitutionInTransaction,
  type NewInstitution,
} from './institutions.service';

describeEachDatabase('institutions: createInstitution and createInstitutionInTransaction', (t) => {
  async function setup() {
    const ctx = testContext(t.db);
    const admin = (await aUser(ctx, { role: 'admin', divisionCode: '430102' })).actor;
    const supervisor = (await aUser(ctx, { role: 'supervisor', divisionCode: '430102' })).actor;
    return { ctx, admin, supervisor };
  }
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: DomainError) => e.code,
    );
  const names = async (ctx: ReturnType<typeof testContext>) =>
    (await ctx.db.kysely.selectFrom('institutions').select('name').orderBy('name').execute()).map(
      (r) => r.name,
    );

  it('createInstitution needs users:manage; in a transaction the permission is the caller’s', async () => {
    const { ctx, supervisor } = await setup();
    const input: NewInstitution = {
      kind: 'rescue_station',
      name: '芙蓉区救助管理站',
      divisionCode: '430102',
    };
    // A supervisor holds stats:read but not users:manage; a line names its own permission (the rescue
    // line names rescue:manage, tested in rescue/stations.test.ts) — here one the platform knows.
    expect(await code(createInstitution(ctx, supervisor, input))).toBe('PERMISSION_DENIED');
    const inst = await ctx.db.kysely
      .transaction()
      .execute((trx) =>
        createInstitutionInTransaction(ctx, trx, supervisor, input, { permission: 'stats:read' }),
      );
    expect(inst).toMatchObject({ kind: 'rescue_station', name: '芙蓉区救助管理站', status: 'active' });
    // The permission the calling line names is checked.
    expect(
      await code(
        ctx.db.kysely.transaction().execute((trx) =>
          createInstitutionInTransaction(
            ctx,
            trx,
            supervisor,
            { ...input, name: '另一站' },
            {
              permission: 'users:manage',
            },
          ),
        ),
      ),
    ).toBe('PERMISSION_DENIED');
    const audits = await ctx.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', inst.id)
      .execute();
    expect(audits.map((a) => a.action)).toEqual(['institution.create']);
  });

  it('the same checks in a transaction (kind, name, level, scope, unique → 409), and it rolls back with the caller', async () => {
    const { ctx, admin, supervisor } = await setup();
    await createInstitution(ctx, admin, {
      kind: 'funeral_home',
      name: '芙蓉区殡仪馆',
      divisionCode: '430102001',
    });
    const inTrx = (input: NewInstitution) =>
      code(
        ctx.db.kysely
          .transaction()
          .execute((trx) =>
            createInstitutionInTransaction(ctx, trx, supervisor, input, { permission: 'stats:read' }),
          ),
      );
    expect(await inTrx({ kind: 'bank', name: '某机构', divisionCode: '430102' })).toBe(
      'INSTITUTION_KIND_UNKNOWN',
    );
    expect(await inTrx({ kind: 'other', name: ' 某 ', divisionCode: '430102' })).toBe(
      'INSTITUTION_NAME_REQUIRED',
    );
    expect(await inTrx({ kind: 'other', name: '某机构', divisionCode: '430100' })).toBe(
      'INSTITUTION_DIVISION_LEVEL',
    );
    expect(await inTrx({ kind: 'other', name: '某机构', divisionCode: '430181' })).toBe(
      'DIVISION_OUT_OF_SCOPE',
    );
    expect(await inTrx({ kind: 'other', name: '芙蓉区殡仪馆', divisionCode: '430102001' })).toBe(
      'INSTITUTION_NAME_TAKEN',
    );
    const taken = await ctx.db.kysely
      .transaction()
      .execute((trx) =>
        createInstitutionInTransaction(
          ctx,
          trx,
          supervisor,
          { kind: 'other', name: '芙蓉区殡仪馆', divisionCode: '430102001' },
          { permission: 'stats:read' },
        ),
      )
      .catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(DomainError);
    expect((taken as DomainError).kind).toBe('conflict');
    // A refusal later in the caller's transaction leaves no institution behind.
    expect(
      await code(
        ctx.db.kysely.transaction().execute(async (trx) => {
          await createInstitutionInTransaction(
            ctx,
            trx,
            supervisor,
            { kind: 'rescue_station', name: '回滚站', divisionCode: '430102' },
            { permission: 'stats:read' },
          );
          throw new DomainError('invalid', 'LATER_REFUSAL', '后续步骤拒绝');
        }),
      ),
    ).toBe('LATER_REFUSAL');
    expect(await names(ctx)).toEqual(['芙蓉区殡仪馆']);
  });
});
