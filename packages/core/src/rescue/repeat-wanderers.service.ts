/**
 * Repeat wanderers (多次流浪, issue 16 item 4): the same person rescued in several cities. The governance
 * job scans each new case once (the scan table is its watermark) against the earlier cases at OTHER
 * stations: the same people-index person is certain (basis `same_person`); for a case with a name given,
 * the engine's family-search index (packages/linkage, `FamilySearchIndex`: name with homophones and
 * dialect, sex, age as of the entry day, features) ranks the earlier cases and those from
 * `repeatWandererMinScore` with a real name match and no sex conflict are flagged (basis `engine`).
 * Nothing is decided automatically: a caseworker of the later case's station confirms or rejects each
 * flag with a reason. A confirmation sends an alert (源头治理预警) to the hukou county — from the resident
 * id, the identified person's hukou, a returnee record of the person, or, failing those, the county the
 * caseworker names from the person's stated home — visible to that county's rescue staff as a to-do until
 * they acknowledge it with what they did.
 */
import { DomainError, getDivision, newId, type PlainDate } from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import type {
  GovernanceAlertDto,
  GovernanceAlertQueryDto,
  RepeatDecisionBodyDto,
  RepeatFlagDto,
  RepeatFlagQueryDto,
} from '@social-affairs/kernel/contracts/rescue';
import { FamilySearchIndex } from '@social-affairs/linkage';
import { authorize, inScope, scopeFilterFor, systemActor, type Actor } from '../access/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import { visibleCase } from './cases.access';
import {
  acknowledgeAlertRow,
  casesEnteredBefore,
  decideFlag,
  findAlert,
  findFlag,
  insertAlert,
  insertFlag,
  listAlertRows,
  listFlagRows,
  markScanned,
  peopleOf,
  returneeHomeOf,
  unscannedCases,
  type AlertRow,
  type FlagRow,
  type FlagSort,
  type ScanCaseRow,
} from './governance.repository';
import { ageOnDay } from './periods';
import { rescueConfig } from './rescue.config';
import { hukouCountyOf } from './returnees.service';

const NAME_LEVEL_LABELS: Record<string, string> = {
  'hanzi-exact': '姓名完全相同',
  homophone: '姓名同音',
  'light-fuzzy': '姓名近音',
  'dialect-profile': '姓名方言近音',
  'heavy-fuzzy': '姓名模糊近音',
  shape: '姓名形近',
  'any-dialect': '姓名方言近音（其他方言）',
  nickname: '小名相符',
  given: '名字相同',
  'given-part': '名字部分相同',
};
/** Name levels strong enough to flag on (a surname or one character alone never is). */
const STRONG_NAME_LEVELS = new Set(Object.keys(NAME_LEVEL_LABELS));

const REGION_LABELS: Record<string, string> = {
  county: '同一县（市、区）',
  prefecture: '同一市州',
  province: '同一省份',
};

/** The engine's record of a case (kind unidentified-living: a person found and taken in). */
function engineRecord(c: ScanCaseRow) {
  return {
    id: c.id,
    kind: 'unidentified-living' as const,
    name: c.nameGiven,
    sex: c.sex,
    ...(c.birthDate
      ? { birthYear: Number(c.birthDate.slice(0, 4)), birthYearUncertainty: 0 }
      : c.estimatedAge !== null
        ? { estimatedAge: { estimate: c.estimatedAge, range: 5, asOf: c.entryDate } }
        : {}),
    eventDate: c.entryDate,
    divisionCode: c.divisionCode.slice(0, 6),
    features: c.features,
  };
}

function explain(hit: ReturnType<FamilySearchIndex['search']>['hits'][number]): string[] {
  const e = hit.explanation;
  const lines = [`比对引擎评分 ${hit.score.toFixed(1)}`, NAME_LEVEL_LABELS[e.name] ?? `姓名：${e.name}`];
  if (e.sex === 'equal') lines.push('性别相同');
  if (e.ageDifference !== null)
    lines.push(
      e.ageDifference === 0 ? '推算出生年份相同' : `推算出生年份相差 ${Math.abs(e.ageDifference)} 年`,
    );
  if (REGION_LABELS[e.region]) lines.push(`救助地：${REGION_LABELS[e.region]}`);
  if (e.sharedFeatures.length > 0) lines.push(`共同特征：${e.sharedFeatures.join('、')}`);
  return lines;
}

/**
 * Scans every case not scanned yet (the job `rescue.source-governance`); idempotent. The pool of earlier
 * cases is read once per run and indexed in memory (thousands of cases: milliseconds).
 */
export async function scanRepeatWanderers(ctx: CoreContext): Promise<{ scanned: number; flagged: number }> {
  const cfg = rescueConfig(ctx);
  let scanned = 0;
  let flagged = 0;
  for (;;) {
    const batch = await unscannedCases(ctx.db.kysely, 500);
    if (batch.length === 0) break;
    const last = batch[batch.length - 1]!;
    const pool = await casesEnteredBefore(ctx.db.kysely, last.enteredAt);
    const byId = new Map(pool.map((c) => [c.id, c]));
    const byPerson = new Map<string, ScanCaseRow[]>();
    for (const c of pool) byPerson.set(c.personId, [...(byPerson.get(c.personId) ?? []), c]);
    const index = new FamilySearchIndex();
    index.add(pool.filter((c) => c.nameGiven?.trim()).map(engineRecord));
    const now = ctx.clock.now().toISOString();
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const c of batch) {
        const earlierAt = (e: ScanCaseRow) =>
          e.id !== c.id && e.stationId !== c.stationId && e.enteredAt < c.enteredAt;
        const found = new Map<string, { basis: 'same_person' | 'engine'; score: number; lines: string[] }>();
        for (const e of byPerson.get(c.personId) ?? []) {
          if (earlierAt(e))
            found.set(e.id, { basis: 'same_person', score: 100, lines: ['同一人员档案（人员索引）'] });
        }
        if (c.nameGiven?.trim()) {
          const r = index.search(
            {
              name: c.nameGiven,
              sex: c.sex,
              ...(c.birthDate
                ? { birthYear: Number(c.birthDate.slice(0, 4)), birthYearUncertainty: 1 }
                : c.estimatedAge !== null
                  ? { age: { estimate: c.estimatedAge, range: 5 } }
                  : {}),
              asOf: c.entryDate,
              features: c.features,
              kinds: ['unidentified-living'],
            },
            20,
          );
          for (const hit of r.hits) {
            const e = byId.get(hit.id);
            if (!e || !earlierAt(e) || found.has(e.id)) continue;
            if (!STRONG_NAME_LEVELS.has(hit.explanation.name) || hit.explanation.sex === 'different')
              continue;
            if (hit.score < cfg.repeatWandererMinScore) continue;
            found.set(e.id, {
              basis: 'engine',
              score: Math.round(hit.score * 100) / 100,
              lines: explain(hit),
            });
          }
        }
        for (const [earlierCaseId, f] of found) {
          const id = newId();
          const inserted = await insertFlag(trx, {
            id,
            caseId: c.id,
            earlierCaseId,
            stationId: c.stationId,
            divisionCode: c.divisionCode,
            basis: f.basis,
            score: f.score,
            explanation: JSON.stringify(f.lines),
            status: 'open',
            decisionReason: null,
            decidedBy: null,
            decidedAt: null,
            createdAt: now,
          });
          if (!inserted) continue;
          flagged += 1;
          await audit(ctx, trx, systemActor('rescue.source-governance', c.divisionCode), {
            action: 'rescue.repeat.flag',
            targetType: 'rescue_repeat_flag',
            targetId: id,
            divisionCode: c.divisionCode,
            details: { caseId: c.id, earlierCaseId, basis: f.basis, score: f.score },
          });
        }
        await markScanned(trx, c.id, now, found.size);
        scanned += 1;
      }
    });
    if (batch.length < 500) break;
  }
  return { scanned, flagged };
}

// ── flags ────────────────────────────────────────────────────────────────────────────────────────

type Side = 'c' | 'e';
function side(r: FlagRow, s: Side): RepeatFlagDto['current'] {
  const g = <K extends string>(k: K) => (r as unknown as Record<string, unknown>)[`${s}${k}`];
  const entryDate = g('EntryDate') as string;
  const birthDate = g('BirthDate') as string | null;
  const estimatedAge = g('EstimatedAge') as number | null;
  const age = ageOnDay(
    { birthDate, estimatedAge, entryDate: entryDate as PlainDate },
    entryDate as PlainDate,
  );
  return {
    caseId: s === 'c' ? r.caseId : r.earlierCaseId,
    caseNo: g('CaseNo') as string,
    stationName: g('StationName') as string,
    divisionCode: g('DivisionCode') as string,
    entryDate,
    name: ((g('NameGiven') as string | null)?.trim() || (g('PersonName') as string)) ?? '无名氏',
    sex: g('Sex') as 'male' | 'female',
    age: age === null ? '不详' : birthDate ? `${age}岁` : `约${age}岁`,
    identityStatus: g('IdentityStatus') as string,
  };
}

function presentFlag(r: FlagRow): RepeatFlagDto {
  return {
    id: r.id,
    current: side(r, 'c'),
    earlier: side(r, 'e'),
    basis: r.basis,
    score: Number(r.score),
    explanation: JSON.parse(r.explanation) as string[],
    status: r.status,
    decisionReason: r.decisionReason,
    decidedAt: r.decidedAt,
    alertDivisionCode: r.alertDivisionCode ?? null,
    createdAt: r.createdAt,
  };
}

const flagSort = (sort: RepeatFlagQueryDto['sort']): { sort: FlagSort; desc: boolean } => {
  const s = parseSort(sort);
  return s ? { sort: s.field, desc: s.desc } : { sort: 'createdAt', desc: true };
};

/** Flags visible through either case's station; names shown (the caseworker compares the two people). */
export async function listRepeatFlags(
  ctx: CoreContext,
  actor: Actor,
  q: RepeatFlagQueryDto & { page: number; pageSize: number },
): Promise<{ items: RepeatFlagDto[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'rescue:read');
  const { rows, total } = await listFlagRows(
    ctx.db.kysely,
    { scope: scopeFilterFor(actor, q.division), status: q.status, basis: q.basis },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize, ...flagSort(q.sort) },
  );
  return { items: rows.map(presentFlag), total, page: q.page, pageSize: q.pageSize };
}

export async function exportRepeatFlags(
  ctx: CoreContext,
  actor: Actor,
  q: RepeatFlagQueryDto,
): Promise<AsyncIterable<RepeatFlagDto>> {
  authorize(actor, 'rescue:read');
  const { rows, total } = await listFlagRows(
    ctx.db.kysely,
    { scope: scopeFilterFor(actor, q.division), status: q.status, basis: q.basis },
    { offset: 0, limit: 100_000, ...flagSort(q.sort) },
  );
  await ctx.readAudit.record(actor, {
    action: 'rescue.repeat.export',
    targetType: 'rescue_repeat_flag',
    divisionCode: q.division ?? actor.divisionCode,
    details: { filter: maskAuditFilter(q), rows: total },
  });
  return (async function* () {
    for (const r of rows) yield presentFlag(r);
  })();
}

/**
 * Confirms or rejects a flag (a caseworker of the later case's station or county). A confirmation creates
 * the alert to the hukou county in the same transaction; a flag already decided answers 409.
 */
export async function decideRepeatFlag(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: RepeatDecisionBodyDto,
): Promise<RepeatFlagDto> {
  authorize(actor, 'rescue:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const f = await findFlag(trx, id);
    if (!f) throw new DomainError('not_found', 'NOT_FOUND', '多次流浪标记不存在或不在您的管辖范围内');
    // The later case decides: its station or county (ADR 0015, a write checks scope like a read).
    await visibleCase(trx, actor, f.caseId);
    if (f.status !== 'open') {
      throw new DomainError('conflict', 'REPEAT_FLAG_DECIDED', '该标记已核实处理，不能重复处理', {
        status: f.status,
      });
    }
    let alert: {
      code: string;
      basis: 'resident_id' | 'people_index' | 'returnee_home' | 'caseworker';
    } | null = null;
    if (body.decision === 'confirmed') {
      const people = await peopleOf(trx, [f.cPersonId, f.ePersonId]);
      for (const [personId, identity] of [
        [f.cPersonId, f.cIdentityStatus],
        [f.ePersonId, f.eIdentityStatus],
      ] as const) {
        const p = people.find((x) => x.id === personId);
        const h = p ? hukouCountyOf(p, identity === 'identified') : null;
        if (h) {
          alert = h;
          break;
        }
      }
      if (!alert) {
        const home = await returneeHomeOf(trx, [f.cPersonId, f.ePersonId]);
        if (home) alert = { code: home, basis: 'returnee_home' };
      }
      if (!alert && body.hukouDivisionCode) {
        if (!getDivision(body.hukouDivisionCode)) {
          throw new DomainError(
            'invalid',
            'DIVISION_UNKNOWN',
            '行政区划代码不存在：请选择户籍地所在县（市、区）',
            {
              field: 'hukouDivisionCode',
            },
          );
        }
        alert = { code: body.hukouDivisionCode, basis: 'caseworker' };
      }
      if (!alert) {
        throw new DomainError(
          'invalid',
          'REPEAT_HUKOU_REQUIRED',
          '无法从身份证号码或返乡台账确定户籍地：请根据本人自述住址选择户籍地所在县（市、区），以便向其发出源头治理预警',
          { field: 'hukouDivisionCode' },
        );
      }
    }
    const now = ctx.clock.now().toISOString();
    if (
      !(await decideFlag(trx, id, {
        status: body.decision,
        decisionReason: body.reason,
        decidedBy: actor.username,
        decidedAt: now,
      }))
    ) {
      throw new DomainError('conflict', 'REPEAT_FLAG_DECIDED', '该标记已核实处理，不能重复处理', {});
    }
    await audit(ctx, trx, actor, {
      action: body.decision === 'confirmed' ? 'rescue.repeat.confirm' : 'rescue.repeat.reject',
      targetType: 'rescue_repeat_flag',
      targetId: id,
      divisionCode: f.divisionCode,
      subjectPersonId: f.cPersonId,
      details: { caseId: f.caseId, earlierCaseId: f.earlierCaseId, reason: body.reason },
    });
    if (alert) {
      const cur = side(f, 'c');
      const ear = side(f, 'e');
      const alertId = newId();
      await insertAlert(trx, {
        id: alertId,
        flagId: id,
        caseId: f.caseId,
        personId: f.cPersonId,
        hukouDivisionCode: alert.code,
        hukouBasis: alert.basis,
        summary: `${cur.name}（${cur.sex === 'male' ? '男' : '女'}，${cur.age}）${ear.entryDate} 在${ear.stationName}、${cur.entryDate} 在${cur.stationName}先后受助，经核实为同一人，属多次流浪乞讨人员；请户籍地做好源头治理（帮扶、监护与回访）。`,
        status: 'open',
        actionTaken: null,
        acknowledgedBy: null,
        acknowledgedAt: null,
        createdBy: actor.username,
        createdAt: now,
      });
      await audit(ctx, trx, actor, {
        action: 'rescue.governance-alert.send',
        targetType: 'rescue_governance_alert',
        targetId: alertId,
        divisionCode: alert.code,
        subjectPersonId: f.cPersonId,
        details: { flagId: id, hukouDivisionCode: alert.code, basis: alert.basis },
      });
    }
  });
  return presentFlag((await findFlag(ctx.db.kysely, id))!);
}

// ── alerts to the hukou county ──────────────────────────────────────────────────────────────────

function presentAlert(r: AlertRow): GovernanceAlertDto {
  return {
    id: r.id,
    flagId: r.flagId,
    hukouDivisionCode: r.hukouDivisionCode,
    hukouDivisionName: getDivision(r.hukouDivisionCode)?.name ?? r.hukouDivisionCode,
    hukouBasis: r.hukouBasis,
    personName: r.nameGiven?.trim() || r.personName,
    summary: r.summary,
    status: r.status,
    actionTaken: r.actionTaken,
    acknowledgedAt: r.acknowledgedAt,
    createdAt: r.createdAt,
  };
}

/** Alerts addressed to a county in scope, or sent about a case of a station in scope. */
export async function listGovernanceAlerts(
  ctx: CoreContext,
  actor: Actor,
  q: GovernanceAlertQueryDto & { page: number; pageSize: number },
): Promise<{ items: GovernanceAlertDto[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'rescue:read');
  const { rows, total } = await listAlertRows(
    ctx.db.kysely,
    { scope: scopeFilterFor(actor, q.division), status: q.status },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize, desc: parseSort(q.sort)?.desc ?? true },
  );
  return { items: rows.map(presentAlert), total, page: q.page, pageSize: q.pageSize };
}

/** The hukou county's rescue staff acknowledge an alert with what they did. */
export async function acknowledgeGovernanceAlert(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  body: { actionTaken: string },
): Promise<GovernanceAlertDto> {
  authorize(actor, 'rescue:write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const a = await findAlert(trx, id);
    const sender = a && inScope(actor, { divisionCode: a.caseDivisionCode, institutionId: a.stationId });
    if (!a || (!inScope(actor, a.hukouDivisionCode) && !sender)) {
      throw new DomainError('not_found', 'NOT_FOUND', '源头治理预警不存在或不在您的管辖范围内');
    }
    if (!inScope(actor, a.hukouDivisionCode)) {
      throw new DomainError('forbidden', 'ALERT_HUKOU_COUNTY_ONLY', '源头治理预警由户籍地民政部门处理', {});
    }
    const ok = await acknowledgeAlertRow(trx, id, {
      actionTaken: body.actionTaken,
      acknowledgedBy: actor.username,
      acknowledgedAt: ctx.clock.now().toISOString(),
    });
    if (!ok) throw new DomainError('conflict', 'ALERT_ACKNOWLEDGED', '该预警已处理', {});
    await audit(ctx, trx, actor, {
      action: 'rescue.governance-alert.acknowledge',
      targetType: 'rescue_governance_alert',
      targetId: id,
      divisionCode: a.hukouDivisionCode,
      subjectPersonId: a.personId,
      details: { flagId: a.flagId },
    });
  });
  return presentAlert((await findAlert(ctx.db.kysely, id))!);
}
