/**
 * Out-of-scope samples (tests only) for the person-merge and institution routes: a merge proposal of two
 * people of 芙蓉区 (430102), and an institution in 文艺路街道 (430102001) for the sub-county checks.
 */
import {
  createInstitution,
  createPerson,
  proposeMerge,
  systemActor,
  type CoreContext,
} from '@social-affairs/core';

export async function personMergeSamples(
  core: CoreContext,
  survivorId: string,
): Promise<Record<string, { params: Record<string, string>; body?: unknown }>> {
  const clerk = systemActor('test-clerk', '430000');
  const survivor = await core.db.kysely
    .selectFrom('people')
    .select('sex')
    .where('id', '=', survivorId)
    .executeTakeFirstOrThrow();
  const rescued = await createPerson(core, clerk, {
    name: '无名氏',
    sex: survivor.sex,
    hukouDivisionCode: '430102',
    source: '救助站',
  });
  const merge = await proposeMerge(core, clerk, { survivorId, mergedId: rescued.id, reason: '家属辨认' });
  const institution = await institutionSample(core);
  const another = await createPerson(core, clerk, {
    name: '无名氏乙',
    sex: survivor.sex,
    hukouDivisionCode: '430102',
    source: '救助站',
  });
  return {
    // Writes naming records of 芙蓉区 in their body (issue 11): a merge proposal of two of its people, an
    // account of the outsider's own county bound to an institution of 芙蓉区.
    'POST /api/person-merges': {
      params: {},
      body: { survivorId, mergedId: another.id, reason: '家属辨认' },
    },
    'POST /api/users': {
      params: {},
      body: {
        username: 'outsider.home',
        displayName: '跨辖区机构账号',
        role: 'admin',
        divisionCode: '430181',
        institutionId: institution.id,
        password: 'Passw0rd-test',
      },
    },
    'GET /api/person-merges/:id': { params: { id: merge.id } },
    'POST /api/person-merges/:id/decision': {
      params: { id: merge.id },
      body: { decision: 'approve', reason: '核实无误' },
    },
    'POST /api/person-merges/:id/unmerge': { params: { id: merge.id }, body: { reason: '误合并' } },
    'GET /api/institutions/:id': { params: { id: institution.id } },
  };
}

/** A funeral home in 文艺路街道 (430102001), the sibling-township/-institution record of the access tests. */
export async function institutionSample(core: CoreContext) {
  const existing = await core.db.kysely
    .selectFrom('institutions')
    .selectAll()
    .where('name', '=', '文艺路殡仪服务站')
    .executeTakeFirst();
  if (existing) return existing;
  return createInstitution(core, systemActor('test-admin', '430000'), {
    kind: 'funeral_home',
    name: '文艺路殡仪服务站',
    divisionCode: '430102001',
  });
}
