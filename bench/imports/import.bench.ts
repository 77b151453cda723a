/**
 * Import pipeline benchmark (docs/imports.md): a synthetic CSV of N rows (default 1.5 M; valid-checksum
 * synthetic resident ids) imported through `runImport` into a simple table, on a fresh SQLite file
 * (`--db sqlite`, the default) or a fresh PostgreSQL database on the server of DATABASE_URL
 * (`--db postgres`, dropped after; bench/db/engine.ts). Prints the engine and its settings, rows/s,
 * elapsed seconds and the peak RSS. Target (issue 10): 1.5 M rows in ≤ 120 s with ≤ 1 GB RSS.
 *
 * The target writes through `applyBatch` (one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING`
 * per 500 rows, rows already there answer 'unchanged'); `--row-by-row` measures `applyRow` alone.
 *
 *     npm run bench:import -- [--db sqlite|postgres] [--rows 1500000] [--batch N] [--row-by-row]
 */
import {
  coreContext,
  createDb,
  migrateToLatest,
  runImport,
  systemActor,
  ImportCellError,
  type Db,
  type ImportSpec,
} from '@social-affairs/core';
import {
  composeResidentId,
  addDays,
  getDivision,
  isPlainDate,
  parseResidentId,
  type PlainDate,
} from '@social-affairs/kernel';
import { CompiledQuery, sql } from 'kysely';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchDatabase, describeEngine, engineArg } from '../db/engine.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROWS = arg('rows', 1_500_000);
const BATCH = process.argv.includes('--batch') ? arg('batch', 500) : undefined;
const ROW_BY_ROW = process.argv.includes('--row-by-row');
const COUNTIES = ['430102', '430103', '430104', '430105', '430111', '430112', '430121', '430181', '430182'];
const SURNAMES = '王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀英华';

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('\uFEFF身份证号,姓名,性别,出生日期,区划代码,金额\r\n');
  const days = 25_000;
  for (let i = 0; i < rows; i++) {
    const birth = addDays('1935-01-01' as PlainDate, i % days);
    const seq = Math.floor(i / days) % 1000;
    const county = COUNTIES[i % COUNTIES.length] as string;
    const id = composeResidentId(county, birth, seq);
    const sex = Number(id[16]) % 2 === 1 ? '男' : '女';
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i >> 3) % GIVEN.length]}${i % 7 === 0 ? GIVEN[(i >> 5) % GIVEN.length] : ''}`;
    const line = `${id},${i % 97 === 0 ? `"${name}, 代"` : name},${sex},${birth},${county},${(i % 100000) / 100}\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Row {
  residentId: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  divisionCode: string;
  amountFen: number;
}

const SPEC: ImportSpec<Row> = {
  title: '基准名单',
  columns: [
    {
      key: 'residentId',
      header: '身份证号',
      aliases: ['Resident id'],
      required: true,
      parse: (v) => parseResidentId(v).id,
    },
    { key: 'name', header: '姓名', aliases: ['Name'], required: true },
    {
      key: 'sex',
      header: '性别',
      required: true,
      parse: (v) => {
        if (v === '男') return 'male';
        if (v === '女') return 'female';
        throw new ImportCellError('SEX_INVALID', '性别应为“男”或“女”');
      },
    },
    {
      key: 'birthDate',
      header: '出生日期',
      parse: (v) => {
        if (!isPlainDate(v)) throw new ImportCellError('DATE_INVALID', `出生日期“${v}”不是有效日期`);
        return v;
      },
    },
    {
      key: 'divisionCode',
      header: '区划代码',
      required: true,
      parse: (v) => {
        if (!getDivision(v)) throw new ImportCellError('DIVISION_UNKNOWN', `行政区划代码 ${v} 不存在`);
        return v;
      },
    },
    {
      key: 'amountFen',
      header: '金额',
      empty: 0,
      parse: (v) => {
        const n = Math.round(Number(v) * 100);
        if (!Number.isFinite(n)) throw new ImportCellError('AMOUNT_INVALID', `金额“${v}”不是有效金额`);
        return n;
      },
    },
  ],
};

async function runOn(label: string, db: Db, csv: string): Promise<void> {
  await migrateToLatest(db);
  await sql`create table bench_import_people (resident_id text primary key, name text not null, sex text not null,
    birth_date text, division_code text not null, amount_fen integer not null)`.execute(db.kysely);
  const ctx = coreContext(db);
  const insert =
    'insert into bench_import_people (resident_id, name, sex, birth_date, division_code, amount_fen) values ' +
    (db.dialect === 'postgres' ? '($1, $2, $3, $4, $5, $6)' : '(?, ?, ?, ?, ?, ?)') +
    ' on conflict (resident_id) do nothing';
  const columns = ['residentId', 'name', 'sex', 'birthDate', 'divisionCode', 'amountFen'] as const;
  const multi = new Map<number, string>();
  /** `insert … values (…), (…) on conflict do nothing returning resident_id` for n rows (cached). */
  const insertMany = (n: number) => {
    let text = multi.get(n);
    if (!text) {
      let p = 0;
      const tuples = Array.from(
        { length: n },
        () => `(${columns.map(() => (db.dialect === 'postgres' ? `$${++p}` : '?')).join(', ')})`,
      );
      text =
        'insert into bench_import_people (resident_id, name, sex, birth_date, division_code, amount_fen) values ' +
        tuples.join(', ') +
        ' on conflict (resident_id) do nothing returning resident_id';
      multi.set(n, text);
    }
    return text;
  };
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let lastPrint = 0;
  const report = await runImport<Row>(ctx, systemActor('bench', '430000'), {
    spec: SPEC,
    source: { path: csv },
    fileName: 'bench.csv',
    importKind: 'bench.people',
    ...(BATCH ? { batchSize: BATCH } : {}),
    ...(ROW_BY_ROW
      ? {}
      : {
          applyBatch: async (trx, rows) => {
            const inserted = new Set<string>();
            for (let i = 0; i < rows.length; i += 500) {
              const part = rows.slice(i, i + 500);
              const values: unknown[] = [];
              for (const { row } of part) for (const c of columns) values.push(row[c]);
              const res = await trx.executeQuery<{ residentId: string }>(
                CompiledQuery.raw(insertMany(part.length), values),
              );
              for (const r of res.rows) inserted.add(r.residentId);
            }
            // A resident id twice in the batch: the first is applied, the second unchanged (as row by row).
            return rows.map(({ row }) => {
              const applied = inserted.delete(row.residentId);
              return { status: applied ? 'applied' : 'unchanged' };
            });
          },
        }),
    applyRow: async (trx, r) => {
      const res = await trx.executeQuery(
        CompiledQuery.raw(insert, [r.residentId, r.name, r.sex, r.birthDate, r.divisionCode, r.amountFen]),
      );
      return { status: Number(res.numAffectedRows ?? 1n) === 0 ? 'unchanged' : 'applied' };
    },
    onProgress: (p) => {
      const now = Date.now();
      if (now - lastPrint < 5_000 && !p.done) return;
      lastPrint = now;
      process.stderr.write(
        `  [${label}] read ${p.rowsRead.toLocaleString()} applied ${p.rowsApplied.toLocaleString()}\n`,
      );
    },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${label.padEnd(10)} ${report.rowsRead.toLocaleString()} rows read, ${report.rowsApplied.toLocaleString()} applied, ` +
      `${report.rowsRefused} refused — ${seconds.toFixed(1)} s (CPU of this process ${cpuSeconds.toFixed(1)} s), ${Math.round(report.rowsRead / seconds).toLocaleString()} rows/s, ` +
      `peak RSS ${rssMb.toFixed(0)} MB (process so far); ${ROW_BY_ROW ? 'applyRow' : 'applyBatch'}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  const t1 = Date.now();
  const again = await runImport<Row>(ctx, systemActor('bench', '430000'), {
    spec: SPEC,
    source: { path: csv },
    fileName: 'bench.csv',
    importKind: 'bench.people',
    applyRow: async () => undefined,
  });
  console.log(
    `${''.padEnd(10)} re-import of the same file: repeated=${again.repeated} in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'sa-import-bench-'));
try {
  const csv = join(dir, 'rows.csv');
  const g0 = Date.now();
  await writeCsv(csv, ROWS);
  console.log(
    `generated ${ROWS.toLocaleString()} rows (${(statSync(csv).size / 1e6).toFixed(0)} MB) in ${((Date.now() - g0) / 1000).toFixed(1)} s; ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on this machine`,
  );
  const engine = engineArg();
  const database = await benchDatabase(engine, 'import');
  try {
    await describeEngine(database, { 'pool size': engine === 'postgres' ? 10 : '– (one SQLite connection)' });
    const db = createDb(database.url);
    try {
      await runOn(engine, db, csv);
    } finally {
      await db.close();
    }
  } finally {
    await database.dispose();
  }
  console.log(`target     ${(1_500_000).toLocaleString()} rows in ≤ 120 s with ≤ 1 GB RSS`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
