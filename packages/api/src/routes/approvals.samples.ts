/**
 * Out-of-scope samples for the approval routes (tests only): an approval of a record of 芙蓉区 (430102),
 * for the route-catalogue access test. Its routes are `authenticated`: the test signs in any role.
 */
import { defineApproval, submitApproval, systemActor, type CoreContext } from '@social-affairs/core';

export const sampleApprovalDefinition = defineApproval({
  key: 'sample.review',
  title: '样例审核',
  submitPermission: 'people:write',
  steps: [
    {
      key: 'county-review',
      title: '县级审核',
      level: 'county',
      roles: ['county_reviewer'],
      deadline: { days: 5, unit: 'working' },
    },
  ],
});

export async function approvalSamples(
  core: CoreContext,
): Promise<Record<string, { params: Record<string, string>; body?: unknown }>> {
  const a = await submitApproval(core, systemActor('test', '430000'), {
    definition: sampleApprovalDefinition,
    ownerType: 'sample_record',
    ownerId: `sample-${Date.now()}`,
    divisionCode: '430102',
  });
  return {
    'GET /api/approvals/:id': { params: { id: a.id } },
    'POST /api/approvals/:id/decision': { params: { id: a.id }, body: { decision: 'approve' } },
  };
}
