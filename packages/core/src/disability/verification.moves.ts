/**
 * The hukou move-out list (公安户籍迁出名单) of a county, imported through the platform pipeline
 * (docs/imports.md): resident id (optional), name, birth date, the day moved out and the destination.
 * A row is linked to the people index by resident id; a row without one (or with an unknown one) is
 * matched by name + birth date within the county, scored with the linkage engine's Jaro–Winkler on
 * normalised names, and kept as a fuzzy match (score shown to the reviewer) when the score reaches
 * `verification.fuzzyMinScore`. The comparison run turns linked rows into `moved_out` findings.
 */
import { DomainError, getDivision, maskResidentId, newId } from '@social-affairs/kernel';
import { jaroWinkler, normalizeNameText } from '@social-affairs/linkage';
import { authorize, scopeFilterFor, scopeDivisionName, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import {
  ImportCellError,
  dateCell,
  importReportXlsx,
  importRunKind,
  importTemplateXlsx,
  residentIdCell,
  runImport,
  type ImportRunReport,
  type ImportSource,
  type ImportSpec,
} from '../imports/index';
import { findIndexedPerson, findIndexedPersonByResidentId } from '../people/index';
import { disabilityConfig } from './disability.config';
import { authorizeAny } from './verification.service';
import {
  findMoveByKey,
  insertMove,
  listMoveRows,
  peopleBornOn,
  type HukouMoveRow,
} from './verification.repository';

export const HUKOU_MOVE_IMPORT_KIND_PREFIX = 'disability.hukou-moves:';

export interface HukouMoveImportRow {
  residentId: string | null;
  name: string;
  birthDate: string | null;
  movedOutOn: string;
  destination: string;
  destinationCode: string | null;
}

export const HUKOU_MOVE_SPEC: ImportSpec<HukouMoveImportRow> = {
  title: '公安户籍迁出名单',
  columns: [
    {
      key: 'residentId',
      header: '公民身份号码',
      aliases: ['身份证号', '身份证号码', '居民身份证号码'],
      headerRequired: false,
      width: 22,
      hint: '18 位；没有的留空，按姓名+出生日期近似匹配（标记为模糊匹配）',
      parse: residentIdCell('公民身份号码'),
      example: '430181195003070012',
    },
    { key: 'name', header: '姓名', required: true, width: 10, example: '张伟' },
    {
      key: 'birthDate',
      header: '出生日期',
      aliases: ['出生年月日'],
      headerRequired: false,
      hint: '无公民身份号码时必填',
      parse: dateCell('出生日期'),
    },
    {
      key: 'movedOutOn',
      header: '迁出日期',
      aliases: ['迁移日期', '注销日期'],
      required: true,
      parse: dateCell('迁出日期'),
      example: '2025-06-15',
    },
    {
      key: 'destination',
      header: '迁往地',
      aliases: ['迁往地址', '去向'],
      required: true,
      width: 24,
      example: '广东省深圳市南山区',
    },
    {
      key: 'destinationCode',
      header: '迁往地区划代码',
      aliases: ['迁往区划代码'],
      headerRequired: false,
      hint: '6 位或 9 位行政区划代码（可留空）',
      parse: (v) => {
        if (!/^\d{6}(\d{3})?$/.test(v))
          throw new ImportCellError('DIVISION_UNKNOWN', `迁往地区划代码“${v}”应为 6 位或 9 位数字`);
        return v;
      },
    },
  ],
  checkRow: (row, sink) => {
    if (!row.residentId && !row.birthDate)
      sink.error(
        'DISABILITY_MOVE_IDENTITY',
        '无公民身份号码时须填写出生日期，以便按姓名+出生日期比对',
        'birthDate',
      );
  },
};

function birthOfResidentId(id: string): string | null {
  if (id.length !== 18) return null;
  const d = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null;
}

/** Name + birth-date score 0–100 (Jaro–Winkler on normalised names; birth dates must be equal). */
export function nameScore(a: string, b: string): number {
  return Math.round(jaroWinkler(normalizeNameText(a), normalizeNameText(b)) * 100);
}

function countyOf(actor: Actor): string {
  const d = getDivision(actor.divisionCode);
  if (actor.divisionCode.length !== 6 || !d || d.level !== 'county') {
    throw new DomainError(
      'forbidden',
      'DISABILITY_MOVES_COUNTY_ONLY',
      '户籍迁出名单由县级部门导入：请使用县级账号',
    );
  }
  return actor.divisionCode;
}

/** Imports a move-out list file (CSV or .xlsx) for the actor's county; the same file again is `repeated`. */
export async function importHukouMoves(
  ctx: CoreContext,
  actor: Actor,
  input: { file: ImportSource; fileName: string },
): Promise<ImportRunReport> {
  authorizeAny(actor, ['disability:write', 'disability:approve']);
  const county = countyOf(actor);
  const cfg = disabilityConfig(ctx);
  let runId: string | null = null;
  const now = ctx.clock.now().toISOString();
  return runImport<HukouMoveImportRow>(ctx, actor, {
    spec: HUKOU_MOVE_SPEC,
    source: input.file,
    fileName: input.fileName,
    importKind: `${HUKOU_MOVE_IMPORT_KIND_PREFIX}${county}`,
    divisionCode: county,
    batchSize: 200,
    begin: (id) => {
      runId = id;
      return Promise.resolve();
    },
    applyRow: async (trx, r) => {
      const birthDate = r.birthDate ?? (r.residentId ? birthOfResidentId(r.residentId) : null);
      const naturalKey = r.residentId
        ? `id:${r.residentId}|${r.movedOutOn}`
        : `nb:${r.name.trim()}|${birthDate}|${r.movedOutOn}`;
      if (await findMoveByKey(trx, county, naturalKey)) return { status: 'unchanged' };
      let personId: string | null = null;
      let matchedBy: 'resident_id' | 'fuzzy' | 'none' = 'none';
      let score: number | null = null;
      if (r.residentId) {
        let p = await findIndexedPersonByResidentId(trx, r.residentId);
        for (let i = 0; p?.mergedInto && i < 5; i++) p = await findIndexedPerson(trx, p.mergedInto);
        if (p) {
          personId = p.id;
          matchedBy = 'resident_id';
        }
      }
      if (!personId && birthDate) {
        let best: { id: string; score: number } | null = null;
        for (const c of await peopleBornOn(trx, county, birthDate)) {
          const s = nameScore(r.name, c.name);
          if (!best || s > best.score) best = { id: c.id, score: s };
        }
        if (best && best.score >= cfg.verification.fuzzyMinScore) {
          personId = best.id;
          matchedBy = 'fuzzy';
          score = best.score;
        }
      }
      await insertMove(trx, {
        id: newId(),
        residentId: r.residentId,
        name: r.name.trim(),
        birthDate,
        movedOutOn: r.movedOutOn,
        destination: r.destination.trim(),
        destinationCode: r.destinationCode,
        countyCode: county,
        personId,
        matchedBy,
        matchScore: score,
        naturalKey,
        importRunId: runId,
        createdAt: now,
      });
      await audit(ctx, trx, actor, {
        action: 'disability.hukou-move.import',
        targetType: 'disability_hukou_move',
        divisionCode: county,
        subjectPersonId: personId,
        details: { run: runId, matchedBy, score, movedOutOn: r.movedOutOn },
      });
      const notes =
        matchedBy === 'fuzzy'
          ? [
              {
                code: 'DISABILITY_MOVE_FUZZY',
                reason: `按姓名+出生日期近似匹配到人员（相似度 ${score}），比对结果将标记为模糊匹配，请复核`,
                column: 'name',
              },
            ]
          : matchedBy === 'none'
            ? [
                {
                  code: 'DISABILITY_MOVE_UNMATCHED',
                  reason: '人员信息库中未找到该人员，已保存但不参与比对',
                  column: 'name',
                },
              ]
            : [];
      return { notes };
    },
  });
}

export function hukouMoveTemplateXlsx(): Promise<Buffer> {
  return importTemplateXlsx(HUKOU_MOVE_SPEC);
}

export async function hukouMoveReportXlsx(ctx: CoreContext, actor: Actor, runId: string): Promise<Buffer> {
  authorize(actor, 'disability:read');
  if (!(await importRunKind(ctx, actor, runId)).startsWith(HUKOU_MOVE_IMPORT_KIND_PREFIX))
    throw new DomainError('not_found', 'NOT_FOUND', '导入记录不存在或不在您的管辖范围内');
  return importReportXlsx(ctx, actor, runId, HUKOU_MOVE_SPEC);
}

export interface HukouMoveView {
  id: string;
  name: string;
  residentIdMasked: string | null;
  birthDate: string | null;
  movedOutOn: string;
  destination: string;
  destinationCode: string | null;
  countyCode: string;
  countyName: string;
  personId: string | null;
  matchedBy: 'resident_id' | 'fuzzy' | 'none';
  matchedByLabel: string;
  matchScore: number | null;
  importRunId: string | null;
}

const MATCHED_BY_LABELS = {
  resident_id: '公民身份号码',
  fuzzy: '姓名+出生日期（模糊）',
  none: '未匹配',
} as const;

function presentMove(r: HukouMoveRow): HukouMoveView {
  return {
    id: r.id,
    name: r.name,
    residentIdMasked: r.residentId ? maskResidentId(r.residentId) : null,
    birthDate: r.birthDate,
    movedOutOn: r.movedOutOn,
    destination: r.destination,
    destinationCode: r.destinationCode,
    countyCode: r.countyCode,
    countyName: scopeDivisionName(r.countyCode),
    personId: r.personId,
    matchedBy: r.matchedBy,
    matchedByLabel: MATCHED_BY_LABELS[r.matchedBy],
    matchScore: r.matchScore,
    importRunId: r.importRunId,
  };
}

/** The imported move-out rows in scope (a township sees its county's list), audited. */
export async function listHukouMoves(
  ctx: CoreContext,
  actor: Actor,
  q: {
    q?: string | undefined;
    matchedBy?: 'resident_id' | 'fuzzy' | 'none' | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: HukouMoveView[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'disability:read');
  const scope = scopeFilterFor({ ...actor, divisionCode: actor.divisionCode.slice(0, 6) });
  const { rows, total } = await listMoveRows(ctx.db.kysely, scope, {
    q: q.q?.trim() || undefined,
    matchedBy: q.matchedBy,
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  await ctx.readAudit.record(actor, {
    action: 'disability.hukou-move.list',
    targetType: 'disability_hukou_move',
    divisionCode: actor.divisionCode,
    details: { page: q.page, rows: total },
  });
  return { items: rows.map(presentMove), total, page: q.page, pageSize: q.pageSize };
}
