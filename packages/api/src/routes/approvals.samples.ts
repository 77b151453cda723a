/**
 * Out-of-scope samples for the approval routes (tests only): an approval of a record of 芙蓉区 (430102),
 * for the route-catalogue access test. Its routes are `authenticated`: the test signs in any role.
 */
import {
  createPerson,
  defineApproval,
  storeAttachment,
  submitApproval,
  systemActor,
  type CoreContext,
} from '@social-affairs/core';
import { aPngFile, useTestAttachmentsDir } from './attachments.samples';

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
  // The decision's body names records too (issue 11): an attachment on a person of 芙蓉区.
  const person = await createPerson(core, systemActor('test', '430000'), {
    name: '审批样例',
    sex: 'female',
    hukouDivisionCode: '430102',
    source: '人工录入',
  });
  useTestAttachmentsDir(core);
  const { attachment } = await storeAttachment(core, systemActor('test', '430000'), {
    ownerType: 'person',
    ownerId: person.id,
    kind: 'photo',
    fileName: '审批附件.png',
    content: aPngFile(7),
  });
  return {
    'GET /api/approvals/:id': { params: { id: a.id } },
    'POST /api/approvals/:id/decision': {
      params: { id: a.id },
      body: {
        decision: 'approve',
        stepId: a.currentStep?.id ?? '',
        attachmentIds: [attachment.id],
      },
    },
  };
}
