/** Out-of-scope samples (tests only) for the social-assistance roll routes: a roll import of 芙蓉区 (430102). */
import { createPerson, importAssistanceRoll, systemActor, type CoreContext } from '@social-affairs/core';
import { aPersonInput } from '@social-affairs/core/testing';
import type { RouteSamples } from '../server-line';

export async function assistanceSamples(core: CoreContext, personId: string): Promise<RouteSamples> {
  const clerk = systemActor('test-clerk', '430102');
  const input = aPersonInput({ county: '430102', name: '救助名单样本' });
  await createPerson(core, clerk, input);
  const run = await importAssistanceRoll(core, clerk, {
    file: Buffer.from(
      `公民身份号码,姓名,救助类别,区县代码,起始日期\n${input.residentId},救助名单样本,低保,430102,2024-01-01\n`,
    ),
    fileName: '样本名单.csv',
  });
  return {
    'GET /api/assistance/imports/:id/report.xlsx': { params: { id: run.runId } },
    'GET /api/people/:id/assistance': { params: { id: personId } },
  };
}
