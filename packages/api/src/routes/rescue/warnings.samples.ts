/** Out-of-scope access samples for the warnings routes (records of 芙蓉区 430102; see rescue.samples.ts). */
import type { CoreContext } from '@social-affairs/core';
import type { RouteSamples } from '../../server-line';
import type { RescueSampleBase } from './rescue.samples';

export async function warningsSamples(_core: CoreContext, base: RescueSampleBase): Promise<RouteSamples> {
  return {
    // Recording a call names the station (and a case of it): another county's or station's staff get 404.
    'POST /api/rescue/hotline': {
      params: {},
      body: {
        stationId: base.station.id,
        calledAt: '2026-01-05T01:00:00.000Z',
        callerNumber: '13800001111',
        durationSeconds: 60,
        category: 'lead',
        summary: '样例来电：群众反映有人露宿',
        caseId: base.caseId,
        recordingRef: 'REC/sample.wav',
      },
    },
  };
}
