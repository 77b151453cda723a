/** Issue 13 item 8: roll errors name the record (or row) and the column in Chinese, never a field path. */
import { describeEachDatabase } from '@social-affairs/core/testing';
import type { RollImportReport } from '@social-affairs/kernel/contracts';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../../test-app';

describeEachDatabase(
  'roll errors by record and column',
  (t) => {
    it('answers a bad JSON roll body with 第 N 条记录「列」, and a file with 第 N 行「列」', async () => {
      const { app, signIn } = await testApp(t.db);
      const reviewer = await signIn('county_reviewer', '430100');
      const post = (payload: Record<string, unknown>) =>
        app.inject({
          method: 'POST',
          url: '/api/matching/rolls',
          headers: { cookie: reviewer.cookie },
          payload,
        });
      const record = { name: '张伟', divisionCode: '430102' };
      const badDate = await post({
        source: '火化名单',
        records: [record, record, { ...record, birthDate: '1950-13-01' }],
      });
      expect(badDate.statusCode).toBe(400);
      const error = badDate.json().error;
      expect(error.message).toMatch(/^第 3 条记录「出生日期」：/);
      expect(error.details.field).toBe('records.2.birthDate');
      const badDivision = await post({ source: '火化名单', records: [{ ...record, divisionCode: '43x' }] });
      expect(badDivision.json().error.message).toMatch(/^第 1 条记录「区划代码」：/);
      const extra = await post({ source: '火化名单', records: [{ ...record, colour: 'red' }] });
      expect(extra.json().error.message).toMatch(/^第 1 条记录：/);
      const noSource = await post({ source: ' ', records: [record] });
      expect(noSource.json().error.message).toBe('「名单来源」：请填写名单来源');
      for (const res of [badDate, badDivision, extra, noSource])
        expect(res.json().error.message).not.toMatch(/records|birthDate|divisionCode|source/);
      // A good body still imports.
      expect((await post({ source: '火化名单', records: [record] })).statusCode).toBe(201);

      const upload = await app.inject({
        method: 'POST',
        url: `/api/matching/rolls/import?source=${encodeURIComponent('死亡通知')}&fileName=a.csv`,
        headers: { cookie: reviewer.cookie, 'content-type': 'text/csv' },
        payload:
          '姓名,性别,出生日期,公民身份号码,区划代码\n李娜,女,1962年13月2日,,430102\n王五,男,1962/3/2,,430102\n',
      });
      expect(upload.statusCode).toBe(201);
      const report = upload.json<RollImportReport>();
      expect(report).toMatchObject({ rowsApplied: 1, rowsRefused: 1 });
      expect(report.issues.map((i) => i.message)).toEqual([
        '第 2 行「出生日期」：出生日期“1962年13月2日”不是有效日期（如 1950-03-07 或 1950年3月7日）',
      ]);
    });
  },
  { lines: serverManifests },
);
