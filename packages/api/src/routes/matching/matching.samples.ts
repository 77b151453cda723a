/** Out-of-scope samples for the matching routes (tests only): a job and a pair in 芙蓉区 (430102). */
import { systemActor, type CoreContext } from '@social-affairs/core';
import {
  createJob,
  createMissingReport,
  importRoll,
  importRollFile,
  listPairs,
  proposeFamilyCandidate,
  publishFamilySearchRecord,
  runJob,
} from '@social-affairs/core/matching';
import { newId } from '@social-affairs/kernel';
import { familyFaceSamples } from './family-face.samples';

export async function matchingSamples(
  core: CoreContext,
  personId: string,
): Promise<
  Record<string, { params: Record<string, string>; body?: unknown; query?: Record<string, string> }>
> {
  const platform = systemActor('test', '430000');
  const person = await core.db.kysely
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  await importRoll(core, platform, {
    source: '火化名单',
    records: [{ name: person.name, residentId: person.residentId, divisionCode: person.divisionCode }],
  });
  const job = await createJob(core, platform, {
    name: '样例',
    ruleSet: 'reverification',
    left: { kind: 'people', division: person.divisionCode },
    right: { kind: 'records', source: '火化名单', division: person.divisionCode },
  });
  await runJob(core, job.id);
  // A roll file imported by a clerk of 芙蓉区: its report is readable there only.
  const run = await importRollFile(core, systemActor('test', '430102'), {
    source: '样例名单',
    file: Buffer.from(`姓名,区划代码\n${person.name},430102\n`),
    fileName: 'sample.csv',
  });
  const pair = (await listPairs(core, platform, { jobId: job.id, page: 1, pageSize: 1 })).items[0];
  if (!pair) throw new Error('sample job found no pair');
  const rollRecord = await core.db.kysely
    .selectFrom('matchRecords')
    .select('id')
    .where('source', '=', '火化名单')
    .executeTakeFirstOrThrow();
  // A missing-person report handled in 芙蓉区, with the family's contact.
  const report = await createMissingReport(core, platform, {
    name: '张小军',
    sex: 'male',
    birthYear: 1988,
    lostDivisionCode: '430102',
    contactName: '张建国',
    contactPhone: '13812345678',
  });
  // A family-search candidate pairing that report with an unidentified body, both in 芙蓉区.
  const bodyId = newId();
  const candidate = await core.db.kysely.transaction().execute(async (trx) => {
    await publishFamilySearchRecord(core, trx, {
      ownerId: bodyId,
      ownerLine: 'funeral',
      kind: 'unidentified-deceased',
      sex: 'male',
      estimatedAge: { estimate: 36, asOf: '2025-01-10' },
      eventDate: '2025-01-10',
      placeCode: '430102',
      divisionCode: '430102',
    });
    return proposeFamilyCandidate(core, trx, {
      leftEntryId: report.id,
      rightEntryId: bodyId,
      channel: 'other',
      score: 1,
      explanation: { note: '样例' },
    });
  });
  return {
    ...(await familyFaceSamples(core, personId)),
    'GET /api/matching/family-candidates/:id': { params: { id: candidate.id } },
    'POST /api/matching/family-candidates/:id/claim': { params: { id: candidate.id } },
    'POST /api/matching/family-candidates/:id/release': { params: { id: candidate.id } },
    'POST /api/matching/family-candidates/:id/decide': {
      params: { id: candidate.id },
      body: { decision: 'confirm', reason: '家属辨认一致' },
    },
    'POST /api/matching/family-candidates/refresh': { params: {}, body: { entryId: report.id } },
    'GET /api/matching/family-candidates': { params: {}, query: { entryId: report.id } },
    'GET /api/matching/missing-reports/:id': { params: { id: report.id } },
    'POST /api/matching/missing-reports/:id/status': {
      params: { id: report.id },
      body: { status: 'found', reason: '家属已认领' },
    },
    'GET /api/matching/family-search/candidates': { params: {}, query: { recordId: report.id } },
    'GET /api/matching/jobs/:id': { params: { id: job.id } },
    'POST /api/matching/jobs/:id/cancel': { params: { id: job.id }, body: { reason: '建错任务' } },
    'GET /api/matching/pairs/:id': { params: { id: pair.id } },
    'GET /api/matching/rolls/imports/:id/report.xlsx': { params: { id: run.runId } },
    'POST /api/matching/pairs/:id/claim': { params: { id: pair.id } },
    'POST /api/matching/pairs/:id/release': { params: { id: pair.id } },
    'POST /api/matching/pairs/:id/assign': { params: { id: pair.id }, body: { username: 'nobody' } },
    'POST /api/matching/pairs/next': { params: {}, body: { jobId: job.id } },
    'POST /api/matching/pairs/score': {
      params: {},
      body: {
        left: { kind: 'people', id: person.id },
        right: { kind: 'records', id: rollRecord.id },
        jobId: job.id,
      },
    },
    'POST /api/matching/pairs/:id/follow-up': {
      params: { id: pair.id },
      body: { note: '已通知业务条线核实' },
    },
    'POST /api/matching/pairs/:id/decision': {
      params: { id: pair.id },
      body: { decision: 'confirm', reason: '身份证号一致' },
    },
  };
}
