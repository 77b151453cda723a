/**
 * The attachment store: photos, scans and signed forms hanging on a record of any line. Bytes are kept
 * content-addressed on disk (content-store.ts), metadata in `attachments` with the owner record and its
 * division. Permissions are those of the owner type (owners.ts): a line registers its owner types with
 * its read and write permissions, and every call here checks the owner type's permission and the actor's
 * division scope (out of scope: not found). Uploads and removals write their audit row in the same
 * transaction as the metadata; every content read is audited; a missing or altered file is reported and
 * recorded, never served.
 */
import { DomainError, newId } from '@social-affairs/kernel';
import { authorize, ensureVisible, inScope, type Actor, type ScopedRecord } from '../access/actor';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/dialect';
import {
  attachmentsOfOwner,
  findActiveDuplicate,
  findAttachmentById,
  insertAttachment,
  iterateAttachments,
  markAttachmentRemoved,
} from './attachments.repository';
import type { AttachmentMediaType, AttachmentRow } from './attachments.table';
import {
  DEFAULT_ATTACHMENT_MAX_BYTES,
  attachmentsRoot,
  checkContent,
  readContent,
  writeContent,
  type AttachmentSource,
  type ContentProblem,
} from './content-store';
import { EXTENSION_OF } from './media-type';
import { attachmentOwnerType, type AttachmentOwnerType } from './owners';

export interface AttachmentView {
  id: string;
  ownerType: string;
  ownerId: string;
  subjectPersonId: string | null;
  kind: string;
  kindLabel: string;
  fileName: string;
  mediaType: AttachmentMediaType;
  sizeBytes: number;
  contentHash: string;
  divisionCode: string;
  /** The owner record's institution when it has one (a rescue station), else null. */
  institutionId: string | null;
  uploadedBy: string;
  uploadedAt: string;
  status: 'active' | 'removed';
  removedBy: string | null;
  removedAt: string | null;
  removeReason: string | null;
}

export interface StoreAttachmentInput {
  /** A registered owner type (`person`, or a line's). */
  ownerType: string;
  ownerId: string;
  /** One of the owner type's kinds. */
  kind: string;
  /** The uploader's file name (kept for display; the type is decided by the content). */
  fileName?: string | null;
  content: AttachmentSource;
}

export interface StoredAttachment {
  attachment: AttachmentView;
  /** False when the owner record already had these bytes for this purpose (a retried upload). */
  created: boolean;
}

export interface AttachmentContent {
  attachment: AttachmentView;
  /** Checked against the stored hash and size. */
  bytes: Buffer;
  /** The file name to offer, its extension that of the detected type. */
  downloadName: string;
}

function root(ctx: CoreContext): string {
  return attachmentsRoot(ctx.config.attachmentsDir);
}

function ownerTypeFor(ctx: CoreContext, type: string): AttachmentOwnerType {
  const def = attachmentOwnerType(ctx, type);
  if (!def) {
    throw new DomainError('invalid', 'ATTACHMENT_OWNER_TYPE_UNKNOWN', `不支持为「${type}」类记录上传附件`, {
      field: 'ownerType',
    });
  }
  return def;
}

function present(row: AttachmentRow, def: AttachmentOwnerType | undefined): AttachmentView {
  return {
    id: row.id,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    subjectPersonId: row.subjectPersonId,
    kind: row.kind,
    kindLabel: def?.kinds[row.kind] ?? row.kind,
    fileName: row.fileName,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    contentHash: row.contentHash,
    divisionCode: row.divisionCode,
    institutionId: row.institutionId ?? null,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt,
    status: row.status,
    removedBy: row.removedBy,
    removedAt: row.removedAt,
    removeReason: row.removeReason,
  };
}

/** The uploader's file name without folders or control characters, at most 200 characters. */
export function cleanFileName(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...base.normalize('NFC')]
    .filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  return cleaned.length > 200 ? cleaned.slice(cleaned.length - 200) : cleaned;
}

/** The name offered on download: the stored name with the extension of the detected type. */
export function downloadNameOf(view: Pick<AttachmentView, 'fileName' | 'mediaType' | 'kindLabel'>): string {
  const ext = EXTENSION_OF[view.mediaType];
  const stem = view.fileName.replace(/\.[A-Za-z0-9]{1,8}$/, '') || view.kindLabel || '附件';
  const sameExt = view.mediaType === 'image/jpeg' ? /\.jpe?g$/i : new RegExp(`\\.${ext}f?$`, 'i');
  return sameExt.test(view.fileName) ? view.fileName : `${stem}.${ext}`;
}

/** The scope of an attachment row (ADR 0009): its division and, when it has one, its institution. */
function scopeOf(row: Pick<AttachmentRow, 'divisionCode' | 'institutionId'>): ScopedRecord {
  return { divisionCode: row.divisionCode, institutionId: row.institutionId ?? null };
}

const notFound = (what: string) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在或不在您的管辖范围内`);

/** The owner record, when it exists and the actor may see it (else not found). */
async function visibleOwner(ctx: CoreContext, actor: Actor, def: AttachmentOwnerType, ownerId: string) {
  const owner = await def.resolve(ctx, ownerId);
  if (!owner) throw notFound(def.label);
  ensureVisible(
    actor,
    { divisionCode: owner.divisionCode, institutionId: owner.institutionId ?? null },
    def.label,
  );
  return owner;
}

/**
 * Loads an attachment the actor may see and its owner type; the scope is checked before the permission,
 * so a caller outside the division learns nothing (404) whatever its role.
 */
async function visibleAttachment(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  need: 'read' | 'write',
): Promise<{ row: AttachmentRow; def: AttachmentOwnerType }> {
  const row = await findAttachmentById(ctx.db.kysely, id);
  if (!row) throw notFound('附件');
  ensureVisible(actor, scopeOf(row), '附件');
  const def = attachmentOwnerType(ctx, row.ownerType);
  // An owner type no longer registered (its line was removed): nobody can tell which permission applies.
  if (!def) throw notFound('附件');
  authorize(actor, need === 'read' ? def.readPermission : def.writePermission);
  return { row, def };
}

/**
 * Stores a file for an owner record. Checks, before reading any byte: the owner type's write permission,
 * the purpose, the owner record's existence and the actor's scope over it. Then streams the content
 * into the store (type by magic bytes, size limit) and writes the row and its audit row in one
 * transaction. The same bytes uploaded again for the same record and purpose return the existing row.
 */
export async function storeAttachment(
  ctx: CoreContext,
  actor: Actor,
  input: StoreAttachmentInput,
): Promise<StoredAttachment> {
  const def = ownerTypeFor(ctx, input.ownerType);
  authorize(actor, def.writePermission);
  const kindLabel = def.kinds[input.kind];
  if (kindLabel === undefined) {
    throw new DomainError(
      'invalid',
      'ATTACHMENT_KIND_UNKNOWN',
      `附件用途不正确：${def.label}可上传 ${Object.values(def.kinds).join('、')}`,
      {
        field: 'kind',
        accepted: Object.keys(def.kinds),
      },
    );
  }
  const owner = await visibleOwner(ctx, actor, def, input.ownerId);
  const stored = await writeContent(root(ctx), input.content, def.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES);
  const row: AttachmentRow = {
    id: newId(),
    contentHash: stored.contentHash,
    sizeBytes: stored.sizeBytes,
    mediaType: stored.mediaType,
    fileName: cleanFileName(input.fileName) || `${kindLabel}.${EXTENSION_OF[stored.mediaType]}`,
    divisionCode: owner.divisionCode,
    institutionId: owner.institutionId ?? null,
    ownerType: def.type,
    ownerId: input.ownerId,
    subjectPersonId: owner.subjectPersonId ?? null,
    kind: input.kind,
    uploadedBy: actor.username,
    uploadedAt: ctx.clock.now().toISOString(),
    status: 'active',
    removedBy: null,
    removedAt: null,
    removeReason: null,
  };
  const key = {
    ownerType: def.type,
    ownerId: input.ownerId,
    kind: input.kind,
    contentHash: stored.contentHash,
  };
  try {
    const result = await ctx.db.kysely.transaction().execute(async (trx) => {
      const existing = await findActiveDuplicate(trx, key);
      if (existing) return { row: existing, created: false };
      await insertAttachment(trx, row);
      await audit(ctx, trx, actor, {
        action: 'attachment.upload',
        targetType: 'attachment',
        targetId: row.id,
        divisionCode: row.divisionCode,
        subjectPersonId: row.subjectPersonId,
        details: {
          ownerType: row.ownerType,
          ownerId: row.ownerId,
          kind: row.kind,
          mediaType: row.mediaType,
          sizeBytes: row.sizeBytes,
          contentHash: row.contentHash,
        },
      });
      return { row, created: true };
    });
    return { attachment: present(result.row, def), created: result.created };
  } catch (err) {
    // A concurrent upload of the same bytes for the same record won the race: answer with its row.
    if (!isUniqueViolation(err)) throw err;
    const existing = await findActiveDuplicate(ctx.db.kysely, key);
    if (!existing) throw err;
    return { attachment: present(existing, def), created: false };
  }
}

/** An owner record's attachments (the owner type's read permission; out of scope: not found). */
export async function listAttachments(
  ctx: CoreContext,
  actor: Actor,
  q: { ownerType: string; ownerId: string; includeRemoved?: boolean },
): Promise<AttachmentView[]> {
  const def = ownerTypeFor(ctx, q.ownerType);
  authorize(actor, def.readPermission);
  await visibleOwner(ctx, actor, def, q.ownerId);
  const rows = await attachmentsOfOwner(ctx.db.kysely, def.type, q.ownerId, q.includeRemoved ?? false);
  // Rows keep the scope they were uploaded under: each is checked on its own.
  return rows.filter((r) => inScope(actor, scopeOf(r))).map((r) => present(r, def));
}

/** One attachment's metadata. */
export async function getAttachment(ctx: CoreContext, actor: Actor, id: string): Promise<AttachmentView> {
  const { row, def } = await visibleAttachment(ctx, actor, id, 'read');
  // Its metadata tells what is held about whom (a death certificate, a fingerprint): audited as a read.
  await ctx.readAudit.record(actor, {
    action: 'attachment.metadata-read',
    targetType: 'attachment',
    targetId: row.id,
    divisionCode: row.divisionCode,
    subjectPersonId: row.subjectPersonId,
    details: { ownerType: row.ownerType, ownerId: row.ownerId, kind: row.kind },
  });
  return present(row, def);
}

/**
 * Checks attachment ids that a record cites (an approval decision's signed form, say): each must exist,
 * be active, lie in the actor's scope, be readable by the actor and, when `owner` is given, hang on that
 * record. Answers their metadata in the given order; an id that fails is a 422 naming it.
 */
export async function citedAttachments(
  ctx: CoreContext,
  actor: Actor,
  ids: readonly string[],
  owner?: { ownerType: string; ownerId: string },
): Promise<AttachmentView[]> {
  const views: AttachmentView[] = [];
  for (const id of ids) {
    const row = await findAttachmentById(ctx.db.kysely, id);
    const def = row ? attachmentOwnerType(ctx, row.ownerType) : undefined;
    const usable =
      row &&
      def &&
      row.status === 'active' &&
      inScope(actor, scopeOf(row)) &&
      actor.permissions.has(def.readPermission) &&
      (!owner || (row.ownerType === owner.ownerType && row.ownerId === owner.ownerId));
    if (!usable) {
      throw new DomainError('invalid', 'ATTACHMENT_NOT_USABLE', '所附附件不存在、已删除或不属于本记录', {
        field: 'attachmentIds',
        attachmentId: id,
      });
    }
    views.push(present(row, def));
  }
  return views;
}

const PROBLEM: Record<ContentProblem, { code: string; message: string }> = {
  missing: {
    code: 'ATTACHMENT_MISSING',
    message: '附件文件缺失，无法提供下载；已记录，请联系系统管理员从备份恢复',
  },
  corrupted: {
    code: 'ATTACHMENT_CORRUPTED',
    message: '附件文件已损坏（内容与登记的校验值不符），无法提供下载；已记录，请联系系统管理员从备份恢复',
  },
};

/** Whether an error is the store's report of a missing or corrupted file (the HTTP layer logs these). */
export function isAttachmentIntegrityError(err: unknown): err is DomainError {
  return (
    err instanceof DomainError && (err.code === 'ATTACHMENT_MISSING' || err.code === 'ATTACHMENT_CORRUPTED')
  );
}

/**
 * The bytes of an attachment, after checking them against the stored hash. The read is audited (with the
 * stated reason); a missing or altered file is recorded in the audit log and refused (409), never served.
 */
export async function readAttachmentContent(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason?: string,
): Promise<AttachmentContent> {
  const { row, def } = await visibleAttachment(ctx, actor, id, 'read');
  if (row.status !== 'active') {
    throw new DomainError('not_found', 'ATTACHMENT_REMOVED', '附件已删除，不能再下载');
  }
  const read = await readContent(root(ctx), row.contentHash, row.sizeBytes);
  const target = {
    targetType: 'attachment',
    targetId: row.id,
    divisionCode: row.divisionCode,
    subjectPersonId: row.subjectPersonId,
  };
  if ('problem' in read) {
    await ctx.readAudit.record(actor, {
      action: 'attachment.integrity-failure',
      ...target,
      details: {
        problem: read.problem,
        contentHash: row.contentHash,
        ownerType: row.ownerType,
        ownerId: row.ownerId,
      },
    });
    const p = PROBLEM[read.problem];
    throw new DomainError('conflict', p.code, p.message, { attachmentId: row.id });
  }
  await ctx.readAudit.record(actor, {
    action: 'attachment.read',
    ...target,
    reason: reason?.trim() || null,
    details: { ownerType: row.ownerType, ownerId: row.ownerId, kind: row.kind },
  });
  const attachment = present(row, def);
  return { attachment, bytes: read.bytes, downloadName: downloadNameOf(attachment) };
}

/**
 * Removes an attachment from its record (soft: the row stays, marked removed, and the file stays in the
 * store, which other rows may share). Needs the owner type's write permission and a reason; audited.
 */
export async function removeAttachment(
  ctx: CoreContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<AttachmentView> {
  const { row, def } = await visibleAttachment(ctx, actor, id, 'write');
  const why = reason.trim();
  if (why.length < 2) {
    throw new DomainError('invalid', 'REASON_REQUIRED', '请填写删除附件的原因', { field: 'reason' });
  }
  const change = { removedBy: actor.username, removedAt: ctx.clock.now().toISOString(), removeReason: why };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await markAttachmentRemoved(trx, row.id, change))) {
      throw new DomainError('conflict', 'ATTACHMENT_ALREADY_REMOVED', '附件已删除');
    }
    await audit(ctx, trx, actor, {
      action: 'attachment.remove',
      targetType: 'attachment',
      targetId: row.id,
      divisionCode: row.divisionCode,
      subjectPersonId: row.subjectPersonId,
      reason: why,
      details: {
        ownerType: row.ownerType,
        ownerId: row.ownerId,
        kind: row.kind,
        contentHash: row.contentHash,
      },
    });
  });
  return present({ ...row, ...change, status: 'removed' }, def);
}

export interface AttachmentProblem {
  id: string;
  problem: ContentProblem;
  contentHash: string;
  ownerType: string;
  ownerId: string;
  divisionCode: string;
  institutionId: string | null;
  status: 'active' | 'removed';
}

export interface AttachmentVerification {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  /** Distinct files read (identical content is stored once). */
  files: number;
  problems: AttachmentProblem[];
  /** A sentence for a person (Chinese). */
  message: string;
}

/**
 * Walks every metadata row (removed ones too: their files are kept) and checks that its file is there
 * with the bytes the row's hash names. For backups and restores: run after restoring the database and
 * the attachments folder. Each distinct file is read once.
 */
export async function verifyAttachments(ctx: CoreContext): Promise<AttachmentVerification> {
  const dir = root(ctx);
  const seen = new Map<string, 'ok' | ContentProblem>();
  const problems: AttachmentProblem[] = [];
  let checked = 0;
  for await (const row of iterateAttachments(ctx.db.kysely)) {
    checked++;
    let state = seen.get(row.contentHash);
    if (!state) {
      state = await checkContent(dir, row.contentHash, row.sizeBytes);
      seen.set(row.contentHash, state);
    }
    if (state !== 'ok') {
      problems.push({
        id: row.id,
        problem: state,
        contentHash: row.contentHash,
        ownerType: row.ownerType,
        ownerId: row.ownerId,
        divisionCode: row.divisionCode,
        institutionId: row.institutionId ?? null,
        status: row.status,
      });
    }
  }
  const missing = problems.filter((p) => p.problem === 'missing').length;
  const corrupted = problems.length - missing;
  return {
    ok: problems.length === 0,
    checked,
    files: seen.size,
    problems,
    message:
      problems.length === 0
        ? `附件 ${checked} 条（文件 ${seen.size} 个）校验通过`
        : `附件 ${checked} 条中 ${missing} 条文件缺失、${corrupted} 条文件损坏`,
  };
}
