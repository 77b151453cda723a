import { systemActor } from '@social-affairs/core';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { expect, it } from 'vitest';
import { testApp } from '../test-app';
import { approvalSamples, sampleApprovalDefinition } from './approvals.samples';
import { submitApproval } from '@social-affairs/core';

describeEachDatabase('approval routes', (t) => {
  async function setUp() {
    const env = await testApp(t.db);
    const a = await submitApproval(env.core, systemActor('test', '430000'), {
      definition: sampleApprovalDefinition,
      ownerType: 'sample_record',
      ownerId: 'r-1',
      divisionCode: '430102',
      title: '李四 样例审核',
    });
    return { ...env, a };
  }

  it('lists the signed-in reviewer’s to-do, shows the instance and takes a decision', async () => {
    const { app, signIn, a } = await setUp();
    const reviewer = await signIn('county_reviewer', '430102');
    const todo = await app.inject({
      method: 'GET',
      url: '/api/approvals/tasks',
      headers: { cookie: reviewer.cookie },
    });
    expect(todo.statusCode).toBe(200);
    expect(todo.json()).toMatchObject({ total: 1, items: [{ instanceId: a.id, stepTitle: '县级审核' }] });

    const view = await app.inject({
      method: 'GET',
      url: `/api/approvals/${a.id}`,
      headers: { cookie: reviewer.cookie },
    });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ id: a.id, status: 'pending', currentStep: { key: 'county-review' } });

    const noReason = await app.inject({
      method: 'POST',
      url: `/api/approvals/${a.id}/decision`,
      headers: { cookie: reviewer.cookie },
      payload: { decision: 'reject' },
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json()).toMatchObject({ error: { code: 'APPROVAL_REASON_REQUIRED' } });

    const ok = await app.inject({
      method: 'POST',
      url: `/api/approvals/${a.id}/decision`,
      headers: { cookie: reviewer.cookie },
      payload: { decision: 'approve', reason: '材料齐全' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved' });

    const byOwner = await app.inject({
      method: 'GET',
      url: '/api/approvals/by-owner?ownerType=sample_record&ownerId=r-1',
      headers: { cookie: reviewer.cookie },
    });
    expect(byOwner.json()).toHaveLength(1);
  });

  it('answers 403 for a role the step does not accept, 404 out of scope, 401 anonymous', async () => {
    const { app, core, signIn, a } = await setUp();
    const registrar = await signIn('registrar', '430102');
    const wrongRole = await app.inject({
      method: 'POST',
      url: `/api/approvals/${a.id}/decision`,
      headers: { cookie: registrar.cookie },
      payload: { decision: 'approve' },
    });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json()).toMatchObject({ error: { code: 'APPROVAL_ROLE_REQUIRED' } });
    const city = await signIn('county_reviewer', '430100');
    const wrongLevel = await app.inject({
      method: 'POST',
      url: `/api/approvals/${a.id}/decision`,
      headers: { cookie: city.cookie },
      payload: { decision: 'approve' },
    });
    expect(wrongLevel.json()).toMatchObject({ error: { code: 'APPROVAL_WRONG_LEVEL' } });

    // The samples the route-catalogue access test uses: every addressed route answers 404 out of scope.
    const outsider = await signIn('county_reviewer', '430181');
    for (const [key, sample] of Object.entries(await approvalSamples(core))) {
      const [method, path] = key.split(' ') as ['GET' | 'POST', string];
      const url = path.replace(/:(\w+)/g, (_m, p: string) => sample.params[p] ?? '');
      const res = await app.inject({
        method,
        url,
        headers: { cookie: outsider.cookie },
        payload: sample.body as object,
      });
      expect([key, res.statusCode]).toEqual([key, 404]);
    }
    expect((await app.inject({ method: 'GET', url: '/api/approvals/tasks' })).statusCode).toBe(401);
  });
});
