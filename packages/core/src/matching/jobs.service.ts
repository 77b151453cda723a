/**
 * 数据比对 comparison jobs: two source rolls (the people index filtered by division/status, or an
 * imported roll of external records) compared with a named rule set of the linkage engine. A job runs
 * in chunks of right-side rows; after each chunk the new candidate pairs and the engine cursor are
 * stored in one transaction, so a job found 'running' after a restart resumes from its cursor and the
 * unique key (job, left, right) keeps a replayed chunk from duplicating pairs.
 */
import { DomainError, getDivision, parsePlainDate, newId } from '@social-affairs/kernel';
import {
  chooseModel,
  encodeRolls,
  explainLinkedPair,
  LinkRun,
  BAND_NAMES,
  oneToOneChanges,
  RULE_SETS as ENGINE_RULE_SETS,
  type BlockingRule,
  type LinkCursor,
  type LinkageModel,
  type LinkProgress,
  type PersonInput,
} from '@social-affairs/linkage';
import { authorize, ensureDivisionInScope, ensureVisible, scopePrefix, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { countyOf } from '../people/index';
import {
  countPairs,
  findJob,
  insertJob,
  insertMatchRecords,
  insertPairs,
  listJobs as listJobRows,
  pairStatusCounts,
  peopleOfRoll,
  recordsOfRoll,
  rollSummaries,
  settleJobPairs,
  updateJob,
} from './matching.repository';
import type {
  MatchJobRow,
  MatchPairRow,
  MatchRecordRow,
  MatchPairStatus,
  RecordKind,
  RuleSetName,
} from './matching.table';

/** The engine's named rule sets (the product's defaults live in linkage's compareRolls). */
export const RULE_SETS: Readonly<Record<RuleSetName, readonly BlockingRule[]>> = ENGINE_RULE_SETS;

/** A source roll of a job. Division defaults to the creator's scope. */
export type RollSpec =
  | { kind: 'people'; division?: string; status?: 'alive' | 'deceased' }
  | { kind: 'records'; source: string; division?: string };

type StoredRoll =
  | { kind: 'people'; division: string; status?: 'alive' | 'deceased' }
  | { kind: 'records'; source: string; division: string };

export interface RollRecordInput {
  externalRef?: string | null;
  name?: string | null;
  sex?: 'male' | 'female' | null;
  birthDate?: string | null;
  residentId?: string | null;
  eventDate?: string | null;
  divisionCode: string;
}

export interface ImportRollInput {
  source: string;
  records: RollRecordInput[];
}

/** Imports a roll of external records (e.g. 火化名单, 死亡通知, 低保名册) for comparison jobs. */
export async function importRoll(
  ctx: CoreContext,
  actor: Actor,
  input: ImportRollInput,
): Promise<{ source: string; imported: number }> {
  authorize(actor, 'matching:review');
  const source = input.source.trim();
  if (!source)
    throw new DomainError('invalid', 'ROLL_SOURCE_REQUIRED', '请填写名单来源', { field: 'source' });
  const now = ctx.clock.now().toISOString();
  const rows: MatchRecordRow[] = input.records.map((r, i) => {
    if (!getDivision(r.divisionCode)) {
      throw new DomainError('invalid', 'DIVISION_UNKNOWN', `第 ${i + 1} 条记录的行政区划代码不存在`, {
        field: 'records',
        index: i,
      });
    }
    ensureDivisionInScope(actor, r.divisionCode);
    return {
      id: newId(),
      source,
      externalRef: r.externalRef ?? null,
      name: r.name?.trim() || null,
      sex: r.sex ?? null,
      birthDate: r.birthDate ? parsePlainDate(r.birthDate) : null,
      residentId: r.residentId?.trim().toUpperCase() || null,
      eventDate: r.eventDate ? parsePlainDate(r.eventDate) : null,
      divisionCode: countyOf(r.divisionCode),
      importedAt: now,
      importedBy: actor.username,
    };
  });
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertMatchRecords(trx, rows);
    await audit(ctx, trx, actor, {
      action: 'matching.import-roll',
      targetType: 'match_roll',
      targetId: source,
      divisionCode: actor.divisionCode,
      details: { records: rows.length },
    });
  });
  return { source, imported: rows.length };
}

export async function listRolls(ctx: CoreContext, actor: Actor, division?: string) {
  authorize(actor, 'matching:read');
  const d = division ?? actor.divisionCode;
  ensureDivisionInScope(actor, d);
  return rollSummaries(ctx.db.kysely, scopePrefix(d));
}

export interface NewJob {
  name: string;
  ruleSet: RuleSetName;
  left: RollSpec;
  right: RollSpec;
}

export interface JobView {
  id: string;
  name: string;
  ruleSet: RuleSetName;
  left: StoredRoll;
  right: StoredRoll;
  divisionCode: string;
  status: MatchJobRow['status'];
  leftCount: number;
  rightCount: number;
  processed: number;
  total: number;
  pairsFound: number;
  error: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface JobDetail extends JobView {
  bands: { fastTrack: number; review: number };
  review: Record<MatchPairStatus, number>;
}

function presentJob(row: MatchJobRow): JobView {
  return {
    id: row.id,
    name: row.name,
    ruleSet: row.ruleSet,
    left: JSON.parse(row.leftRoll) as StoredRoll,
    right: JSON.parse(row.rightRoll) as StoredRoll,
    divisionCode: row.divisionCode,
    status: row.status,
    leftCount: row.leftCount,
    rightCount: row.rightCount,
    processed: row.processed,
    total: row.total,
    pairsFound: row.pairsFound,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    updatedAt: row.updatedAt,
  };
}

function storedRoll(actor: Actor, spec: RollSpec, field: string): StoredRoll {
  const division = spec.division ?? actor.divisionCode;
  if (!getDivision(division) && division !== '000000') {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field });
  }
  ensureDivisionInScope(actor, division);
  if (spec.kind === 'records') {
    if (!spec.source.trim())
      throw new DomainError('invalid', 'ROLL_SOURCE_REQUIRED', '请选择比对名单', { field });
    return { kind: 'records', source: spec.source.trim(), division };
  }
  return spec.status ? { kind: 'people', division, status: spec.status } : { kind: 'people', division };
}

/** Queues a comparison job; the job runner picks it up (or the CLI runs it in the foreground). */
export async function createJob(ctx: CoreContext, actor: Actor, input: NewJob): Promise<JobView> {
  authorize(actor, 'matching:review');
  if (!RULE_SETS[input.ruleSet])
    throw new DomainError('invalid', 'RULE_SET_UNKNOWN', '比对规则不存在', { field: 'ruleSet' });
  const name = input.name.trim();
  if (!name) throw new DomainError('invalid', 'JOB_NAME_REQUIRED', '请填写任务名称', { field: 'name' });
  const left = storedRoll(actor, input.left, 'left');
  const right = storedRoll(actor, input.right, 'right');
  // The job belongs to the narrower of the two rolls' divisions (both are inside the actor's scope).
  const divisionCode =
    scopePrefix(left.division).length >= scopePrefix(right.division).length ? left.division : right.division;
  const now = ctx.clock.now().toISOString();
  const row: MatchJobRow = {
    id: newId(),
    name,
    ruleSet: input.ruleSet,
    leftRoll: JSON.stringify(left),
    rightRoll: JSON.stringify(right),
    divisionCode,
    status: 'queued',
    leftCount: 0,
    rightCount: 0,
    total: 0,
    processed: 0,
    pairsFound: 0,
    cursor: null,
    model: null,
    error: null,
    createdBy: actor.username,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    updatedAt: now,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertJob(trx, row);
    await audit(ctx, trx, actor, {
      action: 'matching.job-create',
      targetType: 'match_job',
      targetId: row.id,
      divisionCode,
      details: { name, ruleSet: input.ruleSet, left, right },
    });
  });
  return presentJob(row);
}

async function visibleJob(ctx: CoreContext, actor: Actor, id: string): Promise<MatchJobRow> {
  const row = await findJob(ctx.db.kysely, id);
  if (!row) throw new DomainError('not_found', 'NOT_FOUND', '比对任务不存在或不在您的管辖范围内');
  ensureVisible(actor, row.divisionCode, '比对任务');
  return row;
}

export async function getJob(ctx: CoreContext, actor: Actor, id: string): Promise<JobDetail> {
  authorize(actor, 'matching:read');
  const row = await visibleJob(ctx, actor, id);
  const [bands, review] = await Promise.all([
    countPairs(ctx.db.kysely, id),
    pairStatusCounts(ctx.db.kysely, id),
  ]);
  return { ...presentJob(row), bands: { fastTrack: bands.fastTrack, review: bands.review }, review };
}

export async function listJobs(
  ctx: CoreContext,
  actor: Actor,
  q: { division?: string; page: number; pageSize: number },
) {
  authorize(actor, 'matching:read');
  const division = q.division ?? actor.divisionCode;
  ensureDivisionInScope(actor, division);
  const { rows, total } = await listJobRows(ctx.db.kysely, scopePrefix(division), {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: rows.map(presentJob), total, page: q.page, pageSize: q.pageSize };
}

/** Cancels a queued or running job; a running one stops after its current chunk. */
export async function cancelJob(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<JobView> {
  authorize(actor, 'matching:review');
  const row = await visibleJob(ctx, actor, id);
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (
      !(await updateJob(trx, id, { status: 'cancelled', finishedAt: now, updatedAt: now }, [
        'queued',
        'running',
      ]))
    ) {
      throw new DomainError('conflict', 'JOB_NOT_CANCELLABLE', '任务已结束，无法取消');
    }
    await audit(ctx, trx, actor, {
      action: 'matching.job-cancel',
      targetType: 'match_job',
      targetId: id,
      divisionCode: row.divisionCode,
      reason,
    });
  });
  return presentJob((await findJob(ctx.db.kysely, id)) ?? row);
}

// ── running ──────────────────────────────────────────────────────────────────────────────────────

interface LoadedRoll {
  kind: RecordKind;
  source: string;
  ids: string[];
  divisions: string[];
  inputs: PersonInput[];
}

async function loadRoll(ctx: CoreContext, roll: StoredRoll): Promise<LoadedRoll> {
  const prefix = scopePrefix(roll.division);
  if (roll.kind === 'people') {
    const rows = await peopleOfRoll(ctx.db.kysely, prefix, roll.status);
    return {
      kind: 'people',
      source:
        roll.status === 'deceased'
          ? '人口基础库（已故）'
          : roll.status === 'alive'
            ? '人口基础库（在世）'
            : '人口基础库',
      ids: rows.map((r) => r.id),
      divisions: rows.map((r) => r.divisionCode),
      inputs: rows.map((r) => ({
        name: r.name,
        sex: r.sex,
        birthDate: r.birthDate,
        residentId: r.residentId,
        divisionCode: r.hukouDivisionCode.slice(0, 6),
      })),
    };
  }
  const rows = await recordsOfRoll(ctx.db.kysely, roll.source, prefix);
  return {
    kind: 'records',
    source: roll.source,
    ids: rows.map((r) => r.id),
    divisions: rows.map((r) => r.divisionCode),
    inputs: rows.map((r) => ({
      name: r.name,
      sex: r.sex,
      birthDate: r.birthDate,
      residentId: r.residentId,
      divisionCode: r.divisionCode.slice(0, 6),
    })),
  };
}

export interface JobProgress {
  jobId: string;
  processed: number;
  total: number;
  pairsFound: number;
  rule: string;
}

export interface RunJobOptions {
  /** Right-side rows per chunk (default 65 536). */
  chunkSize?: number;
  /** Random pairs for the u estimate when training (default: min(1 M, 20 × left × right)). */
  randomPairs?: number;
  onProgress?: (p: JobProgress) => void;
  /** Asked (and awaited) between chunks; true leaves the job 'running' so the next start resumes it. */
  shouldStop?: () => boolean | Promise<boolean>;
  /** Resume a job already marked 'running' (start-up after a restart). */
  resume?: boolean;
}

export type RunOutcome = 'completed' | 'stopped' | 'cancelled' | 'failed' | 'not-runnable';

/**
 * Runs (or resumes) a job to the end, chunk by chunk, yielding to the event loop between chunks.
 * Each chunk's new pairs, the cursor after it and the progress are written in one transaction.
 */
export async function runJob(ctx: CoreContext, jobId: string, opts: RunJobOptions = {}): Promise<RunOutcome> {
  const db = ctx.db.kysely;
  const now = () => ctx.clock.now().toISOString();
  const claimed = await updateJob(
    db,
    jobId,
    { status: 'running', updatedAt: now() },
    opts.resume ? ['queued', 'running'] : ['queued'],
  );
  if (!claimed) return 'not-runnable';
  let job = (await findJob(db, jobId))!;
  try {
    const [left, right] = await Promise.all([
      loadRoll(ctx, JSON.parse(job.leftRoll) as StoredRoll),
      loadRoll(ctx, JSON.parse(job.rightRoll) as StoredRoll),
    ]);
    const rules = RULE_SETS[job.ruleSet];
    const rolls = encodeRolls(left.inputs, right.inputs);
    const total = rules.length * right.ids.length;
    if (left.ids.length === 0 || right.ids.length === 0) {
      // Nothing to compare: complete at once (no model to train on empty rolls).
      await updateJob(
        db,
        jobId,
        {
          leftCount: left.ids.length,
          rightCount: right.ids.length,
          total,
          processed: total,
          startedAt: job.startedAt ?? now(),
          finishedAt: now(),
          updatedAt: now(),
          status: 'completed',
        },
        ['running'],
      );
      return 'completed';
    }
    // A resumed job keeps the model it started with; a new one takes the product's choice
    // (reference model for small rolls, trained on the rolls otherwise).
    const model: LinkageModel = job.model
      ? (JSON.parse(job.model) as LinkageModel)
      : chooseModel(rolls, { rules, randomPairs: opts.randomPairs, seed: 1 }).model;
    await updateJob(db, jobId, {
      leftCount: left.ids.length,
      rightCount: right.ids.length,
      total,
      model: JSON.stringify(model),
      startedAt: job.startedAt ?? now(),
      updatedAt: now(),
    });
    let progress: LinkProgress | undefined;
    const cursor = job.cursor ? (JSON.parse(job.cursor) as LinkCursor) : undefined;
    const run = new LinkRun(rolls.left, rolls.right, rolls.names, {
      model,
      rules,
      chunkSize: opts.chunkSize ?? 65_536,
      ...(cursor ? { resumeFrom: cursor } : {}),
      onProgress: (p) => {
        progress = p;
      },
    });
    let stored = 0;
    while (!run.done) {
      job = (await findJob(db, jobId))!;
      if (job.status === 'cancelled') return 'cancelled';
      if (await opts.shouldStop?.()) return 'stopped';
      run.step();
      const result = run.result();
      const createdAt = now();
      const rows: MatchPairRow[] = [];
      for (let i = stored; i < result.pairs.length; i++) {
        // Weight and explanation balanced so the shown field weights add up to the shown weight.
        const e = explainLinkedPair(result, i, model);
        rows.push({
          id: newId(),
          jobId,
          leftKind: left.kind,
          leftId: left.ids[e.left]!,
          rightKind: right.kind,
          rightId: right.ids[e.right]!,
          divisionCode: left.divisions[e.left]!,
          rightSource: right.source,
          score: e.weight,
          probability: e.probability,
          band: e.band as MatchPairRow['band'],
          rule: e.rule,
          explanation: JSON.stringify(e.fields),
          status: 'open',
          claimedBy: null,
          claimedAt: null,
          decidedBy: null,
          decidedAt: null,
          decisionReason: null,
          createdAt,
          version: 1,
        });
      }
      stored = result.pairs.length;
      const processed = run.done
        ? total
        : progress
          ? progress.ruleIndex * right.ids.length + progress.rightDone
          : 0;
      // The cursor moves only while the job is still running: a job cancelled during this chunk
      // stores none of the chunk's pairs and stops here.
      const pairsFound = await db.transaction().execute(async (trx) => {
        const stillRunning = await updateJob(
          trx,
          jobId,
          { cursor: JSON.stringify(run.position), processed, updatedAt: now() },
          ['running'],
        );
        if (!stillRunning) return null;
        await insertPairs(trx, rows);
        const found = (await countPairs(trx, jobId)).total;
        await updateJob(trx, jobId, { pairsFound: found });
        return found;
      });
      if (pairsFound === null) return 'cancelled';
      opts.onProgress?.({ jobId, processed, total, pairsFound, rule: progress?.rule ?? '' });
      await new Promise<void>((r) => setImmediate(r));
    }
    // The one-to-one test (ADR 0035) needs every pair of the job, so it runs once, here, over the stored
    // pairs: a run that started from the beginning has them all in memory; a resumed one relinks the rolls
    // in memory (nothing stored) to have them. Applied in the transaction that completes the job.
    let whole = run.result().pairs;
    if (cursor) {
      const again = new LinkRun(rolls.left, rolls.right, rolls.names, {
        model,
        rules,
        chunkSize: opts.chunkSize ?? 65_536,
      });
      while (again.step());
      whole = again.result().pairs;
    }
    const changes = oneToOneChanges(whole, left.ids.length, right.ids.length).map((c) => ({
      leftId: left.ids[c.left]!,
      rightId: right.ids[c.right]!,
      band: c.band === null ? null : (BAND_NAMES[c.band] as MatchPairRow['band']),
    }));
    const done = await db.transaction().execute(async (trx) => {
      const completed = await updateJob(
        trx,
        jobId,
        { status: 'completed', processed: total, finishedAt: now(), updatedAt: now() },
        ['running'],
      );
      if (!completed) return false;
      if (changes.length > 0) {
        await settleJobPairs(trx, jobId, changes);
        await updateJob(trx, jobId, { pairsFound: (await countPairs(trx, jobId)).total });
      }
      return true;
    });
    return done ? 'completed' : 'cancelled';
  } catch (err) {
    await updateJob(db, jobId, {
      status: 'failed',
      error: err instanceof Error ? err.message : String(err),
      finishedAt: now(),
      updatedAt: now(),
    });
    return 'failed';
  }
}
