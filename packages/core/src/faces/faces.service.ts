/**
 * Face ranking (人脸比对), a platform capability (issue 16 item 2; docs/faces.md, ADR 0025). Photos of the
 * face-bearing (ownerType, kind) pairs get a `face_embeddings` row when they are stored: the follower
 * (`followNewPhotos`, run on an interval by the API and on demand) finds photo attachments without one,
 * writes a pending row and queues the photo on the process's one worker thread; the result (the largest
 * face's 128-d descriptor, or no face, or failed) is written back. A search ranks the other records'
 * photos by Euclidean distance from the in-memory index, filtered by the caller's scope and the owner
 * types' read permissions; the threshold only marks hits and is uncalibrated for real photos. Nothing is
 * identified: a caseworker may propose a hit as a family-search candidate (channel `face`), which the
 * matching line's review queue decides like any other candidate.
 */
import { DomainError } from '@social-affairs/kernel';
import { authorize, ensureVisible, inScope, scopePrefix, type Actor } from '../access/actor';
import type { Permission } from '../access/roles';
import { findAttachmentById } from '../attachments/attachments.repository';
import type { AttachmentRow } from '../attachments/attachments.table';
import { attachmentsRoot, contentPath } from '../attachments/content-store';
import { attachmentOwnerType, type AttachmentOwnerType } from '../attachments/owners';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import type { Database } from '../db/schema';
import type { Transaction } from 'kysely';
import { closeFaceEngine, faceEngine, FACE_COMPONENTS_MISSING, type EmbedResult } from './face-engine';
import {
  FaceIndex,
  decodeDescriptor,
  encodeDescriptor,
  euclidean,
  type FaceIndexHit,
  type FaceTopKFilter,
} from './face-index';
import { faceConfig, isFaceKind } from './faces.config';
import {
  activeAttachmentIds,
  faceRowCounts,
  faceRowsSince,
  findFaceRow,
  insertPendingRows,
  pendingPhotos,
  photosWithoutFaceRow,
  saveFaceResult,
  upsertPending,
} from './faces.repository';
import type { FaceEmbeddingRow, FaceEmbeddingStatus } from './faces.table';

export interface FaceStatusView {
  available: boolean;
  reason: string | null;
  model: string;
  queueLength: number;
  embeddings: number;
  threshold: number;
  faceKinds: { ownerType: string; kind: string }[];
}

export interface FaceEmbeddingView {
  attachmentId: string;
  ownerType: string;
  ownerId: string;
  status: FaceEmbeddingStatus | 'none';
  score: number | null;
  box: { x: number; y: number; width: number; height: number } | null;
  faceCount: number | null;
  model: string | null;
  error: string | null;
  updatedAt: string | null;
}

export interface FaceHitView {
  attachmentId: string;
  ownerType: string;
  ownerId: string;
  ownerTypeLabel: string;
  /**
   * The owner record's name from its owner type's `recordLabels` (case number and name …), else null; for a
   * minimised hit the family-search scope's reduced label (kind, county-level place, year).
   */
  ownerLabel: string | null;
  distance: number;
  similarity: number;
  withinThreshold: boolean;
  /**
   * True for a hit outside the searcher's scope, returned because it is a family-search record of another
   * kind than the query's (ADR 0025 §9): no thumbnail, the label reduced, no name and no number.
   */
  minimised: boolean;
  /** Where a minimised hit lies: `county` another county (外县), `jurisdiction` the searcher's county but
   * outside their institution or township (外辖区); null for hits in scope. */
  outsideScope: 'county' | 'jurisdiction' | null;
}

/** A family-search record as the line keeping the feed describes it to the face search. */
export interface FaceFamilyRecord {
  /** Its family-search kind (missing-report, unidentified-living, unidentified-deceased). */
  kind: string;
  /** The label shown outside the searcher's scope: kind, county-level place and year — no name, no number. */
  minimisedLabel: string;
}

/**
 * What the line keeping family-search candidates hands to the face search and proposal (the matching
 * line's routes; a platform file never imports a line, ADR 0010): the permission that lets a searcher see
 * family-search hits outside their scope, minimised, and a lookup of the active family-search records
 * among owner record ids (entry id = owner record id).
 */
export interface FaceFamilyScope {
  permission: Permission;
  records: (ctx: CoreContext, ownerIds: readonly string[]) => Promise<Map<string, FaceFamilyRecord>>;
}

export interface FaceSearchView {
  query: FaceEmbeddingView;
  threshold: number;
  hits: FaceHitView[];
}

export interface FaceSearchInput {
  attachmentId: string;
  k?: number;
  ownerTypes?: readonly string[];
}

export interface FaceProposeView {
  proposed: boolean;
  candidateId: string | null;
  message: string;
}

/** The model name shown before the worker has loaded (it names itself once loaded). */
const MODEL_NAME = 'face-api ssd_mobilenetv1+landmark68+recognition (128-d)';

interface FaceRuntime {
  index: FaceIndex;
  /** Attachment ids queued on the worker by this process. */
  queued: Set<string>;
  /** Settles when the photos queued so far are written. */
  inFlight: Set<Promise<void>>;
  timer: NodeJS.Timeout | undefined;
  following: Promise<number> | undefined;
}

const runtimes = new WeakMap<CoreContext, FaceRuntime>();

function runtime(ctx: CoreContext): FaceRuntime {
  let rt = runtimes.get(ctx);
  if (!rt) {
    rt = {
      index: new FaceIndex(),
      queued: new Set(),
      inFlight: new Set(),
      timer: undefined,
      following: undefined,
    };
    runtimes.set(ctx, rt);
  }
  return rt;
}

/**
 * Thrown while face ranking is unavailable (the optional packages are missing, or switched off): the API
 * answers 503 `FACE_RANKING_UNAVAILABLE` with the reason; nothing else stops working.
 */
export class FaceRankingUnavailable extends Error {
  override readonly name = 'FaceRankingUnavailable';
  readonly code = 'FACE_RANKING_UNAVAILABLE';
  constructor(readonly reason: string) {
    super(reason);
  }
}

function ensureAvailable(ctx: CoreContext): void {
  const a = faceEngine(ctx).availability();
  if (!a.available) throw new FaceRankingUnavailable(a.reason ?? FACE_COMPONENTS_MISSING);
}

const notFound = (what: string) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);

/** The attachment when the actor may see it (scope first, then the owner type's read permission). */
async function visiblePhoto(
  ctx: CoreContext,
  actor: Actor,
  id: string,
): Promise<{ row: AttachmentRow; def: AttachmentOwnerType }> {
  const row = await findAttachmentById(ctx.db.kysely, id);
  if (!row) throw notFound('附件');
  ensureVisible(actor, { divisionCode: row.divisionCode, institutionId: row.institutionId ?? null }, '附件');
  const def = attachmentOwnerType(ctx, row.ownerType);
  if (!def) throw notFound('附件');
  authorize(actor, def.readPermission);
  return { row, def };
}

function ensureFacePhoto(ctx: CoreContext, row: AttachmentRow): void {
  const config = faceConfig(ctx);
  if (!isFaceKind(config, row.ownerType, row.kind) || !['image/jpeg', 'image/png'].includes(row.mediaType))
    throw new DomainError(
      'invalid',
      'FACE_NOT_A_PHOTO',
      '该附件不是可比对的人脸照片（须为 JPEG 或 PNG 格式的照片）',
      {
        field: 'attachmentId',
      },
    );
  if (row.status !== 'active')
    throw new DomainError('conflict', 'ATTACHMENT_REMOVED', '该照片已删除，不能比对', {
      field: 'attachmentId',
    });
}

function presentRow(row: FaceEmbeddingRow): FaceEmbeddingView {
  return {
    attachmentId: row.attachmentId,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    status: row.status,
    score: row.score,
    box:
      row.boxX === null || row.boxY === null || row.boxWidth === null || row.boxHeight === null
        ? null
        : { x: row.boxX, y: row.boxY, width: row.boxWidth, height: row.boxHeight },
    faceCount: row.faceCount,
    model: row.model,
    error: row.error,
    updatedAt: row.updatedAt,
  };
}

function noRow(a: AttachmentRow): FaceEmbeddingView {
  return {
    attachmentId: a.id,
    ownerType: a.ownerType,
    ownerId: a.ownerId,
    status: 'none',
    score: null,
    box: null,
    faceCount: null,
    model: null,
    error: null,
    updatedAt: null,
  };
}

// ── the pipeline ────────────────────────────────────────────────────────────────────────────────────

/** What the worker answered, as the row's fields. */
function resultFields(result: EmbedResult, model: string | null) {
  const face = result.faces[0];
  return {
    status: (face ? 'done' : 'no_face') as FaceEmbeddingStatus,
    descriptor: face ? encodeDescriptor(face.descriptor) : null,
    boxX: face ? Math.round(face.box.x) : null,
    boxY: face ? Math.round(face.box.y) : null,
    boxWidth: face ? Math.round(face.box.width) : null,
    boxHeight: face ? Math.round(face.box.height) : null,
    score: face ? Math.round(face.score * 1000) / 1000 : null,
    faceCount: result.faces.length,
    model: model ?? MODEL_NAME,
    error: null,
    elapsedMs: Math.round(result.elapsedMs),
  };
}

function queuePhoto(
  ctx: CoreContext,
  p: { attachmentId: string; contentHash: string; mediaType: string },
): void {
  const rt = runtime(ctx);
  if (rt.queued.has(p.attachmentId)) return;
  if (p.mediaType !== 'image/jpeg' && p.mediaType !== 'image/png') return;
  rt.queued.add(p.attachmentId);
  const engine = faceEngine(ctx);
  const path = contentPath(attachmentsRoot(ctx.config.attachmentsDir), p.contentHash);
  const done = engine
    .embed({ path, mediaType: p.mediaType })
    .then(
      (result) => saveFaceResult(ctx.db.kysely, p.attachmentId, resultFields(result, engine.model), now(ctx)),
      async (err: unknown) => {
        // A closed engine leaves the row pending (picked up again); a photo the worker could not read is failed.
        const message = err instanceof Error ? err.message : String(err);
        if (message === 'face engine closed' || !engine.availability().available) return;
        await saveFaceResult(
          ctx.db.kysely,
          p.attachmentId,
          {
            status: 'failed',
            descriptor: null,
            boxX: null,
            boxY: null,
            boxWidth: null,
            boxHeight: null,
            score: null,
            faceCount: null,
            model: engine.model ?? MODEL_NAME,
            error: message.slice(0, 500),
            elapsedMs: null,
          },
          now(ctx),
        );
      },
    )
    .catch(() => undefined) // the database closed under a stopping server: the row stays pending
    .finally(() => {
      rt.queued.delete(p.attachmentId);
      rt.inFlight.delete(done);
    });
  rt.inFlight.add(done);
}

function now(ctx: CoreContext): string {
  return ctx.clock.now().toISOString();
}

/**
 * Finds photos of the face-bearing pairs without a face row, writes their pending rows and queues every
 * pending photo not yet queued by this process. Answers how many were queued. A no-op while face
 * ranking is unavailable.
 */
export async function followNewPhotos(ctx: CoreContext, batch = 500): Promise<number> {
  const rt = runtime(ctx);
  if (rt.following) return rt.following;
  const run = async () => {
    if (!faceEngine(ctx).availability().available) return 0;
    const config = faceConfig(ctx);
    const fresh = await photosWithoutFaceRow(ctx.db.kysely, config.faceKinds, batch);
    await insertPendingRows(ctx.db.kysely, fresh, now(ctx));
    const pending = await pendingPhotos(ctx.db.kysely, batch);
    let queued = 0;
    for (const p of pending) {
      if (p.attachmentStatus !== 'active' || rt.queued.has(p.attachmentId)) continue;
      queuePhoto(ctx, p);
      queued++;
    }
    return queued;
  };
  rt.following = run().finally(() => {
    rt.following = undefined;
  });
  return rt.following;
}

/** Resolves when every photo queued by this process so far has its result written. */
export async function facesIdle(ctx: CoreContext): Promise<void> {
  const rt = runtime(ctx);
  while (rt.following || rt.inFlight.size > 0) {
    if (rt.following) await rt.following;
    await Promise.all([...rt.inFlight]);
  }
}

/**
 * The platform job `faces.follow-new-photos` (jobs.ts): queues the photos without a face row and waits
 * until they are written, so `social-affairs jobs run` finishes its work before the process exits.
 */
export async function runFaceFollowJob(ctx: CoreContext): Promise<Record<string, unknown>> {
  const available = faceEngine(ctx).availability();
  if (!available.available) return { available: false };
  const queued = await followNewPhotos(ctx);
  await facesIdle(ctx);
  return { queued };
}

/** Runs the follower every `followSeconds` (the API while it serves); stopped by `stopFaces`. */
export function startFaceFollower(ctx: CoreContext, onError?: (err: unknown) => void): void {
  const rt = runtime(ctx);
  const seconds = faceConfig(ctx).followSeconds;
  if (rt.timer || seconds <= 0 || !faceEngine(ctx).availability().available) return;
  rt.timer = setInterval(() => {
    followNewPhotos(ctx).catch((err: unknown) => onError?.(err));
  }, seconds * 1000);
  rt.timer.unref();
}

/** Stops the follower and the worker thread; pending rows stay pending for the next start. */
export async function stopFaces(ctx: CoreContext): Promise<void> {
  const rt = runtimes.get(ctx);
  if (rt?.timer) clearInterval(rt.timer);
  if (rt) rt.timer = undefined;
  if (rt?.following) await rt.following.catch(() => undefined);
  await closeFaceEngine(ctx);
  if (rt) await Promise.all([...rt.inFlight]);
  runtimes.delete(ctx);
}

// ── the index ─────────────────────────────────────────────────────────────────────────────────────

/** Reads the rows changed since the index's watermark into it. */
export async function refreshFaceIndex(ctx: CoreContext): Promise<FaceIndex> {
  const rt = runtime(ctx);
  const rows = await faceRowsSince(ctx.db.kysely, rt.index.watermark);
  for (const r of rows) {
    if (r.status === 'done' && r.descriptor && r.attachmentStatus === 'active') {
      rt.index.put(
        {
          attachmentId: r.attachmentId,
          ownerType: r.ownerType,
          ownerId: r.ownerId,
          divisionCode: r.divisionCode,
          institutionId: r.institutionId,
        },
        decodeDescriptor(r.descriptor),
      );
    } else rt.index.delete(r.attachmentId);
    if (r.updatedAt > rt.index.watermark) rt.index.watermark = r.updatedAt;
  }
  return rt.index;
}

// ── the services ──────────────────────────────────────────────────────────────────────────────────

/** Whether face ranking works here, its queue and how many descriptors are stored (no personal data). */
export async function faceStatus(ctx: CoreContext, actor: Actor): Promise<FaceStatusView> {
  authorize(actor, 'people:read');
  const engine = faceEngine(ctx);
  const a = engine.availability();
  const config = faceConfig(ctx);
  const counts = await faceRowCounts(ctx.db.kysely);
  return {
    available: a.available,
    reason: a.reason,
    model: engine.model ?? MODEL_NAME,
    queueLength: Math.max(engine.queueLength, counts.pending ?? 0),
    embeddings: counts.done ?? 0,
    threshold: config.threshold,
    faceKinds: config.faceKinds.map((f) => ({ ...f })),
  };
}

/** A photo's face row (none yet: status `none`). Audited as a read of the record's data. */
export async function faceEmbeddingOf(
  ctx: CoreContext,
  actor: Actor,
  attachmentId: string,
): Promise<FaceEmbeddingView> {
  const { row } = await visiblePhoto(ctx, actor, attachmentId);
  ensureAvailable(ctx);
  const face = await findFaceRow(ctx.db.kysely, row.id);
  await ctx.readAudit.record(actor, {
    action: 'face.status-read',
    targetType: 'attachment',
    targetId: row.id,
    divisionCode: row.divisionCode,
    subjectPersonId: row.subjectPersonId,
    details: { ownerType: row.ownerType, ownerId: row.ownerId },
  });
  if (!face && row.status === 'active' && isFaceKind(faceConfig(ctx), row.ownerType, row.kind)) {
    // Not seen by the follower yet: look now rather than at the next interval.
    void followNewPhotos(ctx).catch(() => undefined);
  }
  return face ? presentRow(face) : noRow(row);
}

/** Puts a photo (back) in the queue (a better crop of the detector's settings, a failed read …). */
export async function requestFaceEmbedding(
  ctx: CoreContext,
  actor: Actor,
  attachmentId: string,
): Promise<FaceEmbeddingView> {
  const { row } = await visiblePhoto(ctx, actor, attachmentId);
  ensureAvailable(ctx);
  ensureFacePhoto(ctx, row);
  const at = now(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await upsertPending(trx, row, at);
    await audit(ctx, trx, actor, {
      action: 'face.embed-request',
      targetType: 'attachment',
      targetId: row.id,
      divisionCode: row.divisionCode,
      subjectPersonId: row.subjectPersonId,
      details: { ownerType: row.ownerType, ownerId: row.ownerId },
    });
  });
  queuePhoto(ctx, { attachmentId: row.id, contentHash: row.contentHash, mediaType: row.mediaType });
  const face = await findFaceRow(ctx.db.kysely, row.id);
  return face ? presentRow(face) : noRow(row);
}

/** 外县 when the hit lies in another county than the searcher's, else 外辖区 (their county, not their unit). */
function outsideWhere(actor: Actor, divisionCode: string): 'county' | 'jurisdiction' {
  const sameCounty =
    divisionCode.startsWith(scopePrefix(actor.divisionCode)) ||
    divisionCode.slice(0, 6) === actor.divisionCode.slice(0, 6);
  return sameCounty ? 'jurisdiction' : 'county';
}

/**
 * The hit photo of a proposal: visible to the actor, or — with the family-search records lookup — a
 * photo outside their scope whose owner is a family-search record of another kind than the query's
 * (what the search returned minimised). Anything else is 404, as before (its existence is not disclosed).
 */
async function proposableHit(
  ctx: CoreContext,
  actor: Actor,
  query: AttachmentRow,
  id: string,
  records: FaceFamilyScope['records'] | undefined,
): Promise<{ row: AttachmentRow; outside: boolean }> {
  try {
    return { row: (await visiblePhoto(ctx, actor, id)).row, outside: false };
  } catch (err) {
    if (!records || !(err instanceof DomainError) || err.kind !== 'not_found') throw err;
    const row = await findAttachmentById(ctx.db.kysely, id);
    const def = row ? attachmentOwnerType(ctx, row.ownerType) : undefined;
    if (!row || !def || !actor.permissions.has(def.readPermission)) throw err;
    const kinds = await records(ctx, [query.ownerId, row.ownerId]);
    const a = kinds.get(query.ownerId)?.kind;
    const b = kinds.get(row.ownerId)?.kind;
    if (!a || !b || a === b) throw err;
    return { row, outside: true };
  }
}

/** Names each hit's record through its owner type's optional `recordLabels` (one call per owner type). */
async function labelHits(
  ctx: CoreContext,
  hits: FaceHitView[],
  ownerTypeOf: (type: string) => AttachmentOwnerType | null,
): Promise<void> {
  const byType = new Map<string, FaceHitView[]>();
  for (const h of hits) byType.set(h.ownerType, [...(byType.get(h.ownerType) ?? []), h]);
  for (const [type, group] of byType) {
    const def = ownerTypeOf(type);
    if (!def?.recordLabels) continue;
    const labels = await def.recordLabels(ctx, [...new Set(group.map((h) => h.ownerId))]);
    for (const h of group) h.ownerLabel = labels.get(h.ownerId) ?? null;
  }
}

/**
 * The k photos of other records nearest the given photo's face, nearest first, among those the actor may
 * see (scope and the owner types' read permissions) and of `ownerTypes` when given. While the photo has
 * no descriptor the answer has no hits and says why in `query.status`.
 */
export async function searchFaces(
  ctx: CoreContext,
  actor: Actor,
  input: FaceSearchInput,
  family?: FaceFamilyScope,
): Promise<FaceSearchView> {
  const config = faceConfig(ctx);
  const k = input.k ?? 20;
  if (!Number.isInteger(k) || k < 1 || k > config.maxK)
    throw new DomainError('invalid', 'FACE_K_INVALID', `返回条数须为 1 至 ${config.maxK} 之间的整数`, {
      field: 'k',
    });
  const { row } = await visiblePhoto(ctx, actor, input.attachmentId);
  ensureAvailable(ctx);
  ensureFacePhoto(ctx, row);
  const face = await findFaceRow(ctx.db.kysely, row.id);
  const query = face ? presentRow(face) : noRow(row);
  let hits: FaceHitView[] = [];
  if (face?.status === 'done' && face.descriptor) {
    const index = await refreshFaceIndex(ctx);
    const wanted = input.ownerTypes?.length ? new Set(input.ownerTypes) : null;
    const readable = new Map<string, AttachmentOwnerType | null>();
    const ownerTypeOf = (type: string) => {
      if (!readable.has(type)) {
        const def = attachmentOwnerType(ctx, type);
        readable.set(type, def && actor.permissions.has(def.readPermission) ? def : null);
      }
      return readable.get(type) ?? null;
    };
    // Family-search hits outside the scope (ADR 0025 §9): only for a searcher holding the line's
    // permission, from a record that is itself in the family search; a hit then needs a record of another
    // kind (a rescue case finds reports and unidentified bodies, a report finds the rescued and the dead).
    const queryKind =
      family && actor.permissions.has(family.permission)
        ? ((await family.records(ctx, [row.ownerId])).get(row.ownerId)?.kind ?? null)
        : null;
    // Scope, owner type and its read permission are decided once per scope key before the scan; the
    // query's own record is left out of the nearest candidates.
    const filter: FaceTopKFilter = {
      scope: (key) =>
        (!wanted || wanted.has(key.ownerType)) &&
        (inScope(actor, key) || queryKind !== null) &&
        ownerTypeOf(key.ownerType) !== null,
      row: (r) => r.attachmentId !== row.id && !(r.ownerType === row.ownerType && r.ownerId === row.ownerId),
    };
    const descriptor = decodeDescriptor(face.descriptor);
    const outside = new Map<string, FaceFamilyRecord>();
    let kept: FaceIndexHit[];
    // A removed photo leaves the index at its next refresh, and out-of-scope rows that are not a
    // family-search record of another kind are dropped here: fetch more until k remain.
    for (let fetch = k + 10; ; fetch *= 4) {
      const found = index.topK(descriptor, fetch, filter);
      const foreign = [...new Set(found.filter((h) => !inScope(actor, h.row)).map((h) => h.row.ownerId))];
      const records =
        queryKind !== null && foreign.length
          ? await family!.records(ctx, foreign)
          : new Map<string, FaceFamilyRecord>();
      const active = await activeAttachmentIds(
        ctx.db.kysely,
        found.map((h) => h.row.attachmentId),
      );
      kept = found.filter((h) => {
        if (!active.has(h.row.attachmentId)) return false;
        if (inScope(actor, h.row)) return true;
        const record = records.get(h.row.ownerId);
        if (!record || record.kind === queryKind) return false;
        outside.set(h.row.attachmentId, record);
        return true;
      });
      if (kept.length >= k || found.length < fetch) break;
    }
    hits = kept.slice(0, k).map((h) => {
      const distance = Math.round(h.distance * 10_000) / 10_000;
      const record = outside.get(h.row.attachmentId);
      return {
        attachmentId: h.row.attachmentId,
        ownerType: h.row.ownerType,
        ownerId: h.row.ownerId,
        ownerTypeLabel: ownerTypeOf(h.row.ownerType)?.label ?? h.row.ownerType,
        ownerLabel: record ? record.minimisedLabel : null,
        distance,
        similarity: Math.round(Math.min(1, Math.max(0, 1 - distance)) * 10_000) / 10_000,
        withinThreshold: distance <= config.threshold,
        minimised: record !== undefined,
        outsideScope: record ? outsideWhere(actor, h.row.divisionCode) : null,
      };
    });
    await labelHits(
      ctx,
      hits.filter((h) => !h.minimised),
      ownerTypeOf,
    );
  }
  await ctx.readAudit.record(actor, {
    action: 'face.search',
    targetType: 'attachment',
    targetId: row.id,
    divisionCode: row.divisionCode,
    subjectPersonId: row.subjectPersonId,
    details: {
      ownerType: row.ownerType,
      ownerId: row.ownerId,
      k,
      hits: hits.length,
      status: query.status,
      // Which photos outside the searcher's scope were shown (minimised): the record of what was disclosed.
      ...(hits.some((h) => h.minimised)
        ? { minimisedHits: hits.filter((h) => h.minimised).map((h) => h.attachmentId) }
        : {}),
    },
  });
  return { query, threshold: config.threshold, hits };
}

/**
 * The matching line's `proposeFamilyCandidate`, handed over by the matching line's route
 * (`POST /api/matching/family-candidates/face`): the platform never imports a line (ADR 0010).
 */
export type FamilyCandidateProposer = (
  ctx: CoreContext,
  trx: Transaction<Database>,
  proposal: {
    leftEntryId: string;
    rightEntryId: string;
    channel: 'face';
    score: number;
    explanation: Record<string, unknown>;
  },
) => Promise<{ id: string; created: boolean }>;

/** What the line that keeps candidates hands to `proposeFaceCandidate`: its permission and its write. */
export interface FaceCandidateHandover {
  /** The line's permission to propose candidates (the matching line: `matching:family-review`). */
  permission: Permission;
  propose: FamilyCandidateProposer;
  /**
   * The family-search records lookup (`FaceFamilyScope.records`): with it, a hit photo outside the
   * proposer's scope may be proposed when its owner is a family-search record of another kind than the
   * query photo's owner (the hits the search returned minimised); without it both photos must be in scope.
   */
  records?: FaceFamilyScope['records'];
}

/**
 * Proposes a hit as a family-search candidate (channel `face`) between the two photos' owner records —
 * their family-search feed entries (entry id = owner record id: the rescue case, the missing report).
 * Both photos must be visible to the actor and embedded; the score is the similarity 1 − distance.
 * A record not in the feed (an identified person, a record of a line that does not publish) is refused
 * with a 409 naming it; nothing is merged or identified.
 */
export async function proposeFaceCandidate(
  ctx: CoreContext,
  actor: Actor,
  input: { attachmentId: string; hitAttachmentId: string },
  handover: FaceCandidateHandover,
): Promise<FaceProposeView> {
  const { permission, propose, records } = handover;
  authorize(actor, permission);
  const a = await visiblePhoto(ctx, actor, input.attachmentId);
  const b = await proposableHit(ctx, actor, a.row, input.hitAttachmentId, records);
  ensureAvailable(ctx);
  ensureFacePhoto(ctx, a.row);
  ensureFacePhoto(ctx, b.row);
  if (a.row.ownerType === b.row.ownerType && a.row.ownerId === b.row.ownerId)
    throw new DomainError('invalid', 'FACE_SAME_RECORD', '两张照片属于同一条记录，不能提交为寻亲候选', {
      field: 'hitAttachmentId',
    });
  const [fa, fb] = await Promise.all([
    findFaceRow(ctx.db.kysely, a.row.id),
    findFaceRow(ctx.db.kysely, b.row.id),
  ]);
  if (fa?.status !== 'done' || !fa.descriptor || fb?.status !== 'done' || !fb.descriptor)
    throw new DomainError('conflict', 'FACE_NOT_EMBEDDED', '照片尚未提取出人脸特征，请稍后再试', {
      field: fa?.status === 'done' ? 'hitAttachmentId' : 'attachmentId',
    });
  const distance =
    Math.round(euclidean(decodeDescriptor(fa.descriptor), decodeDescriptor(fb.descriptor)) * 10_000) / 10_000;
  const similarity = Math.round(Math.min(1, Math.max(0, 1 - distance)) * 10_000) / 10_000;
  const threshold = faceConfig(ctx).threshold;
  const outcome = await ctx.db.kysely.transaction().execute(async (trx) => {
    const proposal = await propose(ctx, trx, {
      leftEntryId: a.row.ownerId,
      rightEntryId: b.row.ownerId,
      channel: 'face',
      score: similarity,
      explanation: {
        attachmentId: a.row.id,
        hitAttachmentId: b.row.id,
        distance,
        threshold,
        thresholdCalibrated: false,
        model: fa.model,
        proposedBy: actor.username,
      },
    }).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === 'NOT_FOUND')
        throw new DomainError(
          'conflict',
          'FACE_RECORD_NOT_IN_FAMILY_SEARCH',
          '其中一条记录不在寻亲信息中（如已确认身份的受助人员），不能提交为寻亲候选',
          { field: 'hitAttachmentId' },
        );
      throw err;
    });
    await audit(ctx, trx, actor, {
      action: 'face.propose',
      targetType: 'attachment',
      targetId: a.row.id,
      divisionCode: a.row.divisionCode,
      subjectPersonId: a.row.subjectPersonId,
      details: {
        ownerType: a.row.ownerType,
        ownerId: a.row.ownerId,
        hitAttachmentId: b.row.id,
        hitOwnerType: b.row.ownerType,
        hitOwnerId: b.row.ownerId,
        distance,
        candidateId: proposal.id,
        ...(b.outside ? { hitOutsideScope: true } : {}),
      },
    });
    return proposal;
  });
  return {
    proposed: true,
    candidateId: outcome.id,
    message: outcome.created ? '已提交为寻亲候选，待审核' : '该候选已存在，已更新人脸比对依据',
  };
}
