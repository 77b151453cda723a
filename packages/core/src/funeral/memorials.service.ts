/**
 * 网上祭奠 / 云祭扫: memorial pages a family creates for a deceased (name, dates, a short biography),
 * public only after moderation by funeral staff of the cemetery named (pending → approved, or rejected
 * with a reason); public messages (留言) likewise wait for approval. Words of the configured banned list
 * refuse a page or message outright (422 `MEMORIAL_BANNED_WORDS`). Flowers (献花) carry no text and are
 * counted at once on an approved page.
 */
import { DomainError, maskPhone, newId, parsePlainDate } from '@social-affairs/kernel';
import type {
  MemorialBody,
  MemorialMessageView,
  MemorialView,
  PublicMemorialView,
} from '@social-affairs/kernel/contracts/funeral';
import { authorize, scopeFilterFor, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { visibleFacility } from './cases.access';
import { findFuneralFacility } from './cases.repository';
import { funeralConfig } from './funeral.config';
import {
  addFlower,
  approvedMemorials,
  approvedMessagesOf,
  decide,
  findMemorial,
  findMemorialByCode,
  findMemorialMessage,
  insertMemorial,
  insertMemorialMessage,
  listMemorialsForModeration,
  listMessagesForModeration,
  pendingModerationCounts,
  type MemorialRow,
} from './memorials.repository';
import { facilityApproval } from './rules';
import { QINGMING_PORTAL, newPublicCode, normalizeQingmingPhone } from './qingming.service';
import type { ModerationStatus } from './qingming.table';

function refuseBannedWords(ctx: CoreContext, texts: Record<string, string | null | undefined>): void {
  const words = funeralConfig(ctx).qingming.bannedWords;
  for (const [field, text] of Object.entries(texts)) {
    const hit = words.find((w) => text?.includes(w));
    if (hit)
      throw new DomainError('invalid', 'MEMORIAL_BANNED_WORDS', '内容含有不允许发布的词语，请修改后再提交', {
        field,
      });
  }
}

function notFound(): DomainError {
  return new DomainError('not_found', 'NOT_FOUND', '纪念馆不存在或尚未通过审核');
}

/** A family creates a memorial page (public, no login): pending until staff approve it. */
export async function createMemorial(ctx: CoreContext, input: MemorialBody) {
  const f = await findFuneralFacility(ctx.db.kysely, input.facilityId);
  if (!f || f.status !== 'active' || !facilityApproval(f).valid)
    throw new DomainError('not_found', 'NOT_FOUND', '所选公墓或殡仪馆不存在', { field: 'facilityId' });
  refuseBannedWords(ctx, {
    deceasedName: input.deceasedName,
    biography: input.biography,
    creatorName: input.creatorName,
  });
  const birth = input.birthDate ? parsePlainDate(input.birthDate) : null;
  const death = input.deathDate ? parsePlainDate(input.deathDate) : null;
  if (birth && death && birth > death)
    throw new DomainError('invalid', 'MEMORIAL_DATES_INVALID', '出生日期不能晚于逝世日期', {
      field: 'deathDate',
    });
  const phone = normalizeQingmingPhone(input.phone);
  const row: MemorialRow = {
    id: newId(),
    code: newPublicCode(),
    facilityId: f.id,
    divisionCode: f.divisionCode,
    deceasedName: input.deceasedName.trim(),
    birthDate: birth,
    deathDate: death,
    biography: input.biography.trim(),
    creatorName: input.creatorName.trim(),
    phoneHash: ctx.keys.hmac('funeral.qingming.phone', phone),
    phoneMasked: maskPhone(phone),
    status: 'pending',
    rejectReason: null,
    moderatedBy: null,
    moderatedAt: null,
    flowers: 0,
    createdAt: ctx.clock.now().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await insertMemorial(trx, row);
        await audit(ctx, trx, QINGMING_PORTAL, {
          action: 'funeral.memorial.create',
          targetType: 'funeral_memorial',
          targetId: row.id,
          divisionCode: row.divisionCode,
        });
      });
      return { code: row.code, status: row.status };
    } catch (err) {
      if (isUniqueViolation(err) && attempt < 3) {
        row.code = newPublicCode();
        continue;
      }
      throw err;
    }
  }
}

/** Approved pages (public list and search). */
export async function listPublicMemorials(
  ctx: CoreContext,
  q: { q?: string | undefined; page: number; pageSize: number },
) {
  const { rows, total } = await approvedMemorials(ctx.db.kysely, q.q, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: rows.map((r) => ({ ...r, flowers: Number(r.flowers) })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function approvedByCode(ctx: CoreContext, code: string): Promise<MemorialRow> {
  const m = await findMemorialByCode(ctx.db.kysely, code.trim().toUpperCase());
  if (!m || m.status !== 'approved') throw notFound();
  return m;
}

/** One approved page with its approved messages (public); a pending or rejected page answers 404. */
export async function publicMemorial(ctx: CoreContext, code: string): Promise<PublicMemorialView> {
  const m = await approvedByCode(ctx, code);
  const f = await findFuneralFacility(ctx.db.kysely, m.facilityId);
  return {
    code: m.code,
    deceasedName: m.deceasedName,
    birthDate: m.birthDate,
    deathDate: m.deathDate,
    cemeteryName: f?.name ?? '',
    flowers: m.flowers,
    biography: m.biography,
    messages: await approvedMessagesOf(ctx.db.kysely, m.id, 200),
  };
}

/** A public message on an approved page: pending until staff approve it. */
export async function leaveMemorialMessage(
  ctx: CoreContext,
  code: string,
  input: { authorName: string; body: string },
) {
  const m = await approvedByCode(ctx, code);
  refuseBannedWords(ctx, { authorName: input.authorName, body: input.body });
  const row = {
    id: newId(),
    memorialId: m.id,
    authorName: input.authorName.trim(),
    body: input.body.trim(),
    status: 'pending' as const,
    rejectReason: null,
    moderatedBy: null,
    moderatedAt: null,
    createdAt: ctx.clock.now().toISOString(),
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertMemorialMessage(trx, row);
    await audit(ctx, trx, QINGMING_PORTAL, {
      action: 'funeral.memorial.message',
      targetType: 'funeral_memorial',
      targetId: m.id,
      divisionCode: m.divisionCode,
    });
  });
  return { status: row.status };
}

/** 献花: one more flower on an approved page (no text, nothing to moderate). */
export async function offerFlower(ctx: CoreContext, code: string) {
  const m = await approvedByCode(ctx, code);
  await addFlower(ctx.db.kysely, m.id);
  return { flowers: (await findMemorial(ctx.db.kysely, m.id))?.flowers ?? m.flowers + 1 };
}

// ----- moderation (staff) ------------------------------------------------------------------------------

export async function memorialsForModeration(
  ctx: CoreContext,
  actor: Actor,
  q: { status: ModerationStatus; page: number; pageSize: number },
) {
  authorize(actor, 'funeral:read');
  const { rows, total } = await listMemorialsForModeration(ctx.db.kysely, scopeFilterFor(actor), q.status, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const items: MemorialView[] = rows.map((r) => ({
    id: r.id,
    code: r.code,
    facilityId: r.facilityId,
    facilityName: r.facilityName,
    deceasedName: r.deceasedName,
    birthDate: r.birthDate,
    deathDate: r.deathDate,
    biography: r.biography,
    creatorName: r.creatorName,
    phoneMasked: r.phoneMasked,
    status: r.status,
    rejectReason: r.rejectReason,
    moderatedBy: r.moderatedBy,
    moderatedAt: r.moderatedAt,
    flowers: r.flowers,
    createdAt: r.createdAt,
  }));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function messagesForModeration(
  ctx: CoreContext,
  actor: Actor,
  q: { status: ModerationStatus; page: number; pageSize: number },
) {
  authorize(actor, 'funeral:read');
  const { rows, total } = await listMessagesForModeration(ctx.db.kysely, scopeFilterFor(actor), q.status, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const items: MemorialMessageView[] = rows.map((r) => ({
    id: r.id,
    memorialId: r.memorialId,
    memorialCode: r.memorialCode,
    deceasedName: r.deceasedName,
    authorName: r.authorName,
    body: r.body,
    status: r.status,
    rejectReason: r.rejectReason,
    createdAt: r.createdAt,
  }));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

interface Decision {
  decision: 'approved' | 'rejected';
  reason?: string | null | undefined;
}

function decisionSet(actor: Actor, ctx: CoreContext, d: Decision) {
  const reason = d.reason?.trim() ?? '';
  if (d.decision === 'rejected' && reason.length < 2)
    throw new DomainError('invalid', 'MODERATION_REASON_REQUIRED', '不通过须填写原因（至少 2 个字）', {
      field: 'reason',
    });
  return {
    status: d.decision,
    rejectReason: d.decision === 'rejected' ? reason : null,
    moderatedBy: actor.username,
    moderatedAt: ctx.clock.now().toISOString(),
  };
}

function alreadyDecided(): DomainError {
  return new DomainError('conflict', 'MODERATION_ALREADY_DECIDED', '该内容已审核过，请刷新列表');
}

/** Approves or rejects (with a reason) a pending memorial page; scope: the page's facility. */
export async function moderateMemorial(ctx: CoreContext, actor: Actor, id: string, d: Decision) {
  authorize(actor, 'funeral:write');
  const m = await findMemorial(ctx.db.kysely, id);
  if (!m) throw new DomainError('not_found', 'NOT_FOUND', '纪念馆不存在或不在您的管辖范围内');
  await visibleFacility(ctx.db.kysely, actor, m.facilityId).catch(() => {
    throw new DomainError('not_found', 'NOT_FOUND', '纪念馆不存在或不在您的管辖范围内');
  });
  const set = decisionSet(actor, ctx, d);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await decide(trx, 'funeralMemorials', m.id, set))) throw alreadyDecided();
    await audit(ctx, trx, actor, {
      action: 'funeral.memorial.moderate',
      targetType: 'funeral_memorial',
      targetId: m.id,
      divisionCode: m.divisionCode,
      details: { decision: d.decision },
    });
  });
  return { status: set.status };
}

/** Approves or rejects a pending message; scope: its page's facility. */
export async function moderateMemorialMessage(ctx: CoreContext, actor: Actor, id: string, d: Decision) {
  authorize(actor, 'funeral:write');
  const x = await findMemorialMessage(ctx.db.kysely, id);
  const m = x ? await findMemorial(ctx.db.kysely, x.memorialId) : undefined;
  if (!x || !m) throw new DomainError('not_found', 'NOT_FOUND', '留言不存在或不在您的管辖范围内');
  await visibleFacility(ctx.db.kysely, actor, m.facilityId).catch(() => {
    throw new DomainError('not_found', 'NOT_FOUND', '留言不存在或不在您的管辖范围内');
  });
  const set = decisionSet(actor, ctx, d);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await decide(trx, 'funeralMemorialMessages', x.id, set))) throw alreadyDecided();
    await audit(ctx, trx, actor, {
      action: 'funeral.memorial.message.moderate',
      targetType: 'funeral_memorial',
      targetId: m.id,
      divisionCode: m.divisionCode,
      details: { decision: d.decision },
    });
  });
  return { status: set.status };
}

/** Pending pages and messages in the actor's scope (the to-do). */
export function pendingModeration(ctx: CoreContext, actor: Actor) {
  return pendingModerationCounts(ctx.db.kysely, scopeFilterFor(actor));
}
