/**
 * Rescue hotline call records (热线录音, R-RES-14): the metadata of calls to a station's 24-hour hotline
 * — station, time, caller number (shown masked), duration, category, summary, an optional linked case
 * and the reference of the recording, which stays in the station's telephone recording system — and
 * the retention job `rescue.hotline-retention`, which marks a recording purged only from
 * `recordingDeletableFrom(recordedOn)` (the later of 3 calendar months and 90 days, so a recording of
 * 2025-06-01 is kept on 2025-09-01 and may go on 2025-09-02) and never touches a younger one.
 */
import {
  DomainError,
  addDays,
  maskPhone,
  newId,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import { parseSort } from '@social-affairs/kernel/contracts';
import type {
  RescueHotlineCallBodyDto,
  RescueHotlineCallDto,
  RescueHotlineQueryDto,
} from '@social-affairs/kernel/contracts/rescue';
import { authorize, scopeFilterFor, systemActor, type Actor } from '../access/index';
import { audit, maskAuditFilter } from '../audit/index';
import type { CoreContext } from '../context';
import type { LineJob } from '../line';
import { visibleCase, visibleStation } from './cases.access';
import {
  findHotlineCall,
  insertHotlineCall,
  keptRecordingsUpTo,
  listHotlineRows,
  markRecordingsPurged,
  type HotlineListRow,
  type HotlineSort,
} from './hotline.repository';
import { recordingDeletableFrom } from './periods';
import { rescueConfig } from './rescue.config';

function present(ctx: CoreContext, r: HotlineListRow): RescueHotlineCallDto {
  return {
    id: r.id,
    stationId: r.stationId,
    stationName: r.stationName,
    divisionCode: r.divisionCode,
    calledAt: r.calledAt,
    recordedOn: r.recordedOn,
    callerNumberMasked: r.callerNumber ? maskPhone(r.callerNumber) : null,
    durationSeconds: r.durationSeconds,
    category: r.category,
    summary: r.summary,
    caseId: r.caseId,
    caseNo: r.caseNo,
    recordingRef: r.recordingRef,
    recordingStatus: r.recordingStatus,
    deletableFrom: recordingDeletableFrom(r.recordedOn as PlainDate, rescueConfig(ctx)),
    purgedAt: r.purgedAt,
  };
}

/** Records a hotline call of a station in scope; a linked case must be of the same station. */
export async function recordHotlineCall(
  ctx: CoreContext,
  actor: Actor,
  body: RescueHotlineCallBodyDto,
): Promise<RescueHotlineCallDto> {
  authorize(actor, 'rescue:write');
  const calledAt = new Date(body.calledAt);
  const now = ctx.clock.now();
  if (calledAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new DomainError(
      'invalid',
      'RESCUE_HOTLINE_CALL_IN_FUTURE',
      '来电时间不能晚于现在：请核对来电时间',
      {
        field: 'calledAt',
      },
    );
  }
  const id = newId();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const station = await visibleStation(trx, actor, body.stationId);
    if (body.caseId) {
      const c = await visibleCase(trx, actor, body.caseId);
      if (c.stationId !== station.id) {
        throw new DomainError(
          'invalid',
          'RESCUE_HOTLINE_CASE_OTHER_STATION',
          '关联的救助案件不属于该救助站：请选择本站的案件，或不关联案件',
          { field: 'caseId' },
        );
      }
    }
    await insertHotlineCall(trx, {
      id,
      stationId: station.id,
      divisionCode: station.divisionCode,
      calledAt: calledAt.toISOString(),
      recordedOn: todayPlainDate(ctx.config.timeZone, calledAt),
      callerNumber: body.callerNumber?.trim() || null,
      durationSeconds: body.durationSeconds,
      category: body.category,
      summary: body.summary,
      caseId: body.caseId ?? null,
      recordingRef: body.recordingRef ?? null,
      recordingStatus: body.recordingRef ? 'kept' : 'none',
      purgedAt: null,
      createdBy: actor.username,
      createdAt: now.toISOString(),
    });
    // Never the caller's number in the audit log.
    await audit(ctx, trx, actor, {
      action: 'rescue.hotline.record',
      targetType: 'rescue_hotline',
      targetId: id,
      divisionCode: station.divisionCode,
      details: {
        stationId: station.id,
        caseId: body.caseId ?? null,
        category: body.category,
        durationSeconds: body.durationSeconds,
        recorded: Boolean(body.recordingRef),
      },
    });
  });
  const row = await findHotlineCall(ctx.db.kysely, id);
  return present(ctx, row!);
}

async function hotlineFilter(ctx: CoreContext, actor: Actor, q: RescueHotlineQueryDto) {
  authorize(actor, 'rescue:read');
  const scope = scopeFilterFor(actor, q.division);
  if (q.stationId) await visibleStation(ctx.db.kysely, actor, q.stationId);
  if (q.from && q.to && q.from > q.to) {
    throw new DomainError('invalid', 'PERIOD_INVALID', '来电日期起不能晚于来电日期止', { field: 'from' });
  }
  return {
    scope,
    stationId: q.stationId,
    category: q.category,
    recordingStatus: q.recordingStatus,
    from: q.from,
    to: q.to,
    q: q.q,
  };
}

const sortOf = (sort: RescueHotlineQueryDto['sort']): { sort: HotlineSort; desc: boolean } => {
  const s = parseSort(sort);
  return s ? { sort: s.field, desc: s.desc } : { sort: 'calledAt', desc: true };
};

/**
 * A number typed in full (a phone number, or a resident id someone typed into the search) identifies a
 * person: such a search is audited, the term masked.
 */
const identifiesCaller = (q: string | undefined): boolean =>
  Boolean(q && /^[0-9]{7,}[0-9Xx]?$/.test(q.trim()));

/** A page of hotline calls in scope, newest first by default; caller numbers masked. */
export async function listHotlineCalls(
  ctx: CoreContext,
  actor: Actor,
  q: RescueHotlineQueryDto & { page: number; pageSize: number },
): Promise<{ items: RescueHotlineCallDto[]; total: number; page: number; pageSize: number }> {
  const f = await hotlineFilter(ctx, actor, q);
  const { rows, total } = await listHotlineRows(ctx.db.kysely, f, {
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    ...sortOf(q.sort),
  });
  if (identifiesCaller(q.q)) {
    await ctx.readAudit.record(actor, {
      action: 'rescue.hotline.search',
      targetType: 'rescue_hotline',
      divisionCode: q.division ?? actor.divisionCode,
      details: { query: maskPhone(q.q!.trim()), rows: total },
    });
  }
  return { items: rows.map((r) => present(ctx, r)), total, page: q.page, pageSize: q.pageSize };
}

/** Every call the filter selects, for the Excel export (audited, the filter masked). */
export async function exportHotlineCalls(
  ctx: CoreContext,
  actor: Actor,
  q: RescueHotlineQueryDto,
): Promise<AsyncIterable<RescueHotlineCallDto>> {
  const f = await hotlineFilter(ctx, actor, q);
  const { rows, total } = await listHotlineRows(ctx.db.kysely, f, {
    offset: 0,
    limit: 100_000,
    ...sortOf(q.sort),
  });
  await ctx.readAudit.record(actor, {
    action: 'rescue.hotline.export',
    targetType: 'rescue_hotline',
    divisionCode: q.division ?? actor.divisionCode,
    details: {
      filter: maskAuditFilter({ ...q, ...(q.q ? { q: /^[0-9]+$/.test(q.q) ? maskPhone(q.q) : q.q } : {}) }),
      rows: total,
    },
  });
  return (async function* () {
    for (const r of rows) yield present(ctx, r);
  })();
}

/**
 * R-RES-14 retention: marks purged every kept recording whose `recordingDeletableFrom(recordedOn)` is on
 * or before `today`, one audit row per station with the count (never a caller's number). A recording
 * younger than 90 days is never a candidate (the SQL bound) and the period check is exact (the later of
 * 3 calendar months and 90 days). Idempotent: a second run finds nothing to do and writes nothing.
 */
export async function runHotlineRetention(ctx: CoreContext): Promise<{ purged: number; stations: number }> {
  const cfg = rescueConfig(ctx);
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  // A recording deletable on `today` was made at least recordingRetentionDays + 1 days ago.
  const bound = addDays(today, -(cfg.recordingRetentionDays + 1));
  const due = (await keptRecordingsUpTo(ctx.db.kysely, bound)).filter(
    (r) => recordingDeletableFrom(r.recordedOn as PlainDate, cfg) <= today,
  );
  if (due.length === 0) return { purged: 0, stations: 0 };
  const byStation = new Map<string, typeof due>();
  for (const r of due) byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
  const actor = systemActor('rescue.hotline-retention');
  const at = ctx.clock.now().toISOString();
  let purged = 0;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    for (const [stationId, rows] of byStation) {
      const n = await markRecordingsPurged(
        trx,
        rows.map((r) => r.id),
        at,
      );
      if (n === 0) continue;
      purged += n;
      await audit(ctx, trx, actor, {
        action: 'rescue.hotline.purge',
        targetType: 'rescue_station',
        targetId: stationId,
        divisionCode: rows[0]!.divisionCode,
        details: {
          purged: n,
          recordedFrom: rows[0]!.recordedOn,
          recordedTo: rows[rows.length - 1]!.recordedOn,
          today,
        },
      });
    }
  });
  return { purged, stations: byStation.size };
}

export const hotlineRetentionJob: LineJob = {
  name: 'rescue.hotline-retention',
  description:
    '救助热线录音保存期限（R-RES-14）：满 3 个月且满 90 天（以较晚者为准）后清除录音文件引用和来电号码',
  intervalMinutes: (ctx) => rescueConfig(ctx).warningIntervalMinutes,
  runAtStart: true,
  run: (ctx) => runHotlineRetention(ctx).then((r) => ({ ...r })),
};
