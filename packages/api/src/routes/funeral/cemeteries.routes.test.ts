import { funeralLine } from '@social-affairs/core/funeral';
import { aFuneralFacility } from '@social-affairs/core/funeral/testing';
import { describeEachDatabase } from '@social-affairs/core/testing';
import { childrenOf } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { testApp } from '../../test-app';

describeEachDatabase(
  'funeral cemeteries and remediation routes',
  (t) => {
    it('plots: block, sale, map, ledger and Excel; 422 oversize, 404 out of scope; remediation: record, 422 closure without evidence, counts and Excel', async () => {
      const { app, core, signIn } = await testApp(t.db);
      const cem = await aFuneralFacility(core, { kind: 'cemetery_public_benefit', county: '430102' });
      const staff = await signIn('funeral_staff', '430102');
      const outsider = await signIn('funeral_staff', '430181');
      const send = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
        app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
      const block = {
        facilityId: cem.id,
        section: 'A',
        rowFrom: 1,
        rowTo: 2,
        numberFrom: 1,
        numberTo: 5,
        kind: 'ash_grave',
        areaM2: 0.9,
      };
      const oversize = await send('POST', '/api/funeral/plots/blocks', staff.cookie, {
        ...block,
        areaM2: 1.5,
      });
      expect([oversize.statusCode, oversize.json().error.code]).toEqual([422, 'FUNERAL_PLOT_OVERSIZE']);
      const created = await send('POST', '/api/funeral/plots/blocks', staff.cookie, block);
      expect([created.statusCode, created.json()]).toEqual([201, { created: 10 }]);
      const list = await send(
        'GET',
        `/api/funeral/plots?facilityId=${cem.id}&pageSize=5&sort=-label`,
        staff.cookie,
      );
      expect([list.json().total, list.json().items[0].label]).toEqual([10, 'A区2排5号']);
      const id = list.json().items[0].id as string;
      const sold = await send('POST', `/api/funeral/plots/${id}/sale`, staff.cookie, {
        holderName: '李秀英',
        holderPhone: '13912345678',
        termFrom: '2026-11-01',
        termYears: 20,
      });
      expect(sold.json()).toMatchObject({
        status: 'reserved',
        termUntil: '2046-10-31',
        holderPhoneMasked: '139****5678',
      });
      const map = await send('GET', `/api/funeral/cemeteries/${cem.id}/map`, staff.cookie);
      expect(
        map.json<{ plots: { status: string }[] }>().plots.filter((p) => p.status === 'reserved'),
      ).toHaveLength(1);
      const cems = await send('GET', '/api/funeral/cemeteries', staff.cookie);
      expect(cems.json()).toMatchObject([{ id: cem.id, plots: 10, reserved: 1 }]);
      const xlsx = await send('GET', `/api/funeral/plots/export?facilityId=${cem.id}`, staff.cookie);
      expect([xlsx.statusCode, xlsx.headers['content-type']]).toEqual([
        200,
        expect.stringContaining('spreadsheetml'),
      ]);
      expect((await send('GET', `/api/funeral/plots/${id}`, outsider.cookie)).statusCode).toBe(404);
      expect((await send('GET', '/api/funeral/plots', outsider.cookie)).json().total).toBe(0);

      const town = childrenOf('430102')[0]!.code;
      const finding = await send('POST', '/api/funeral/remediation', staff.cookie, {
        category: 'scattered_grave_forbidden',
        divisionCode: town,
        location: '高速公路沿线',
        locationFlags: ['highway'],
        description: '新坟 2 座',
        foundOn: '2026-10-01',
        deadline: '2026-11-01',
      });
      expect(finding.statusCode).toBe(201);
      expect(finding.json()).toMatchObject({ status: 'open', overdue: true });
      const closure = await send(
        'POST',
        `/api/funeral/remediation/${finding.json().id}/closure`,
        staff.cookie,
        {
          closedOn: '2026-11-20',
          closureNote: '已迁移',
          evidenceAttachmentIds: [],
        },
      );
      expect([closure.statusCode, closure.json().error.code]).toEqual([
        422,
        'FUNERAL_REMEDIATION_EVIDENCE_REQUIRED',
      ]);
      const counts = await send('GET', '/api/funeral/remediation/counts', staff.cookie);
      expect(counts.json().rows).toMatchObject([{ divisionCode: town, found: 1, overdue: 1, closed: 0 }]);
      const cx = await send('GET', '/api/funeral/remediation/counts/export', staff.cookie);
      expect(cx.statusCode).toBe(200);
      const lx = await send('GET', '/api/funeral/remediation/export?state=overdue', staff.cookie);
      expect(lx.statusCode).toBe(200);
      expect(
        (await send('GET', `/api/funeral/remediation/${finding.json().id}`, outsider.cookie)).statusCode,
      ).toBe(404);
    });
  },
  { lines: [funeralLine] },
);
