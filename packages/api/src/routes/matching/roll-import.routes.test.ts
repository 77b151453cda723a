/** Roll file upload through the import pipeline (POST /api/matching/rolls/import) and its downloads. */
import { describeEachDatabase } from '@social-affairs/core/testing';
import type { RollImportReport } from '@social-affairs/kernel/contracts';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { serverManifests, testApp } from '../../test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describeEachDatabase(
  'roll file import routes',
  (t) => {
    async function setup() {
      const env = await testApp(t.db);
      const reviewer = await env.signIn('county_reviewer', '430100');
      const upload = (
        body: string | Buffer,
        query = 'source=%E7%81%AB%E5%8C%96%E5%90%8D%E5%8D%95&fileName=a.csv',
        type = 'text/csv',
        cookie = reviewer.cookie,
      ) =>
        env.app.inject({
          method: 'POST',
          url: `/api/matching/rolls/import?${query}`,
          headers: { cookie, 'content-type': type },
          payload: body,
        });
      return { ...env, reviewer, upload };
    }

    const csv = [
      '姓名,性别,出生日期,区划代码,原编号',
      '"张伟, 长沙",男,1950-01-01,430102,A1',
      '李娜,女,1951-13-01,430103,A2', // no such date
      '王五,男,,430202,A3', // 株洲: outside 长沙市
      '赵六,female,,430103,A4',
    ].join('\r\n');

    it('imports a CSV file, refuses the bad rows with Chinese reasons, and a re-import changes nothing', async () => {
      const { app, reviewer, upload } = await setup();
      const res = await upload(Buffer.from(`\uFEFF${csv}`));
      expect(res.statusCode).toBe(201);
      const report = res.json<RollImportReport>();
      expect(report).toMatchObject({
        source: '火化名单',
        fileName: 'a.csv',
        format: 'csv',
        repeated: false,
        rowsRead: 4,
        rowsApplied: 2,
        rowsRefused: 2,
      });
      expect(report.issues.map((i) => [i.rowNo, i.header, i.reason])).toEqual([
        [3, '出生日期', '出生日期“1951-13-01”不是有效日期（如 1950-03-07 或 1950年3月7日）'],
        [4, '区划代码', '区划不在您的管辖范围内'],
      ]);
      const rolls = async (): Promise<unknown> =>
        (
          await app.inject({
            method: 'GET',
            url: '/api/matching/rolls',
            headers: { cookie: reviewer.cookie },
          })
        ).json();
      expect(await rolls()).toEqual([expect.objectContaining({ source: '火化名单', records: 2 })]);

      // The same bytes again: the earlier report, nothing written.
      const again = await upload(
        Buffer.from(`\uFEFF${csv}`),
        'source=%E7%81%AB%E5%8C%96%E5%90%8D%E5%8D%95&fileName=b.csv',
      );
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ repeated: true, runId: report.runId, rowsApplied: 2 });
      // A corrected file: the rows already there are unchanged, the fixed one is added.
      const fixed = await upload(Buffer.from(csv.replace('1951-13-01', '1951-12-01')));
      expect(fixed.json()).toMatchObject({
        repeated: false,
        rowsApplied: 1,
        rowsUnchanged: 2,
        rowsRefused: 1,
      });
      expect(await rolls()).toEqual([expect.objectContaining({ source: '火化名单', records: 3 })]);

      // The per-row report as Excel.
      const xlsx = await app.inject({
        method: 'GET',
        url: `/api/matching/rolls/imports/${report.runId}/report.xlsx`,
        headers: { cookie: reviewer.cookie },
      });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toBe(XLSX);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0];
      expect(sheet?.getRow(6).values).toEqual([
        undefined,
        3,
        '出生日期',
        '错误',
        'DATE_INVALID',
        '出生日期“1951-13-01”不是有效日期（如 1950-03-07 或 1950年3月7日）',
      ]);
    });

    it('takes the .xlsx template back, and refuses JSON, multipart, an empty body and a file over the limit', async () => {
      const { app, reviewer, upload } = await setup();
      const template = await app.inject({
        method: 'GET',
        url: '/api/matching/rolls/import-template.xlsx',
        headers: { cookie: reviewer.cookie },
      });
      expect(template.statusCode).toBe(200);
      expect(template.headers['content-type']).toBe(XLSX);
      const res = await upload(
        template.rawPayload,
        'source=%E6%A8%A1%E6%9D%BF&fileName=t.xlsx',
        'application/octet-stream',
      );
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ format: 'xlsx', rowsRead: 1, rowsApplied: 1, rowsRefused: 0 });

      const json = await upload('{"records":[]}', 'source=x', 'application/json');
      expect([json.statusCode, json.json().error.code]).toEqual([422, 'IMPORT_UPLOAD_FORMAT']);
      const multipart = await upload('--x\r\n\r\n--x--', 'source=x', 'multipart/form-data; boundary=x');
      expect([multipart.statusCode, multipart.json().error.code]).toEqual([422, 'IMPORT_UPLOAD_FORMAT']);
      const empty = await upload('', 'source=x');
      expect([empty.statusCode, empty.json().error.code]).toEqual([422, 'IMPORT_EMPTY']);
      const noSource = await upload(csv, 'fileName=a.csv');
      expect(noSource.statusCode).toBe(400);
      const unknown = await upload('甲,乙\n1,2\n', 'source=x');
      expect(unknown.json().error).toMatchObject({
        code: 'IMPORT_COLUMNS_MISSING',
        message: expect.stringContaining('区划代码'),
      });
      const big = await app.inject({
        method: 'POST',
        url: '/api/matching/rolls/import?source=x',
        headers: {
          cookie: reviewer.cookie,
          'content-type': 'text/csv',
          'content-length': String(60 * 1024 * 1024),
        },
        payload: csv,
      });
      expect([big.statusCode, big.json().error.code]).toEqual([422, 'IMPORT_FILE_TOO_LARGE']);
    });

    it('hides a report from another county and refuses roles without matching:review', async () => {
      const { app, signIn, upload } = await setup();
      const report = (await upload(csv)).json();
      const outsider = await signIn('county_reviewer', '430181');
      const hidden = await app.inject({
        method: 'GET',
        url: `/api/matching/rolls/imports/${report.runId}/report.xlsx`,
        headers: { cookie: outsider.cookie },
      });
      expect(hidden.statusCode).toBe(404);
      const clerk = await signIn('registrar', '430100');
      expect((await upload(csv, 'source=x', 'text/csv', clerk.cookie)).statusCode).toBe(403);
    });
  },
  { lines: serverManifests },
);
