/**
 * Owner types: which kinds of record attachments hang on, and whose permissions guard them. The
 * platform registers `person` (the people index); each line registers its own (`rescue_case`,
 * `funeral_case`, `disability_application` …), either in its manifest as `attachmentOwners` or with
 * `registerAttachmentOwnerType(ctx, …)` when its context is built. The attachment service never trusts a
 * division sent by a client: it asks the owner type for the owner record's division and checks the
 * actor's scope and the owner type's permission on every upload, list, read and removal.
 */
import type { Permission } from '../access/roles';
import type { CoreContext } from '../context';
import { personDivision } from './attachments.repository';

export interface AttachmentOwner {
  /** County-level (or finer) division of the owner record: the scope attachments inherit. */
  divisionCode: string;
  /** The person the record is about, when there is one (kept on the row for the person page). */
  subjectPersonId?: string | null;
  /**
   * The institution the owner record belongs to (a rescue station, a funeral home), for institution-scoped
   * staff (ADR 0009); null or absent for records without one.
   */
  institutionId?: string | null;
}

export interface AttachmentOwnerType {
  /** Stored in `attachments.owner_type`; snake_case, never renamed once rows exist. */
  type: string;
  /** Chinese name of the owner record (用于提示：「救助案件不存在或不在您的管辖范围内」). */
  label: string;
  /** Needed to list, see and download the owner's attachments (the line's read permission). */
  readPermission: Permission;
  /** Needed to upload and remove them (the line's write permission). */
  writePermission: Permission;
  /** Accepted purposes: code → Chinese label (`photo` → 照片). */
  kinds: Readonly<Record<string, string>>;
  /** Size limit for this owner type's files (default DEFAULT_ATTACHMENT_MAX_BYTES, 10 MB). */
  maxBytes?: number;
  /**
   * The owner record's division (and subject person), or null when there is no such record. Runs
   * without the actor's rights (a repository lookup); the service checks scope and permission.
   */
  resolve(ctx: CoreContext, ownerId: string): Promise<AttachmentOwner | null>;
  /**
   * Optional: a short Chinese name for each of these owner records (「救助案件 <案件编号> <姓名>」), for lists
   * that name a record beside one of its attachments (face-search hits). Runs without the actor's rights,
   * for records the caller already may see; an id missing from the map is shown by its id.
   */
  recordLabels?(ctx: CoreContext, ownerIds: readonly string[]): Promise<Map<string, string>>;
}

/** The platform's own owner type: a people-index record (photos, fingerprints, scanned papers of a person). */
export const personAttachmentOwner: AttachmentOwnerType = {
  type: 'person',
  label: '人员',
  readPermission: 'people:read',
  writePermission: 'people:write',
  kinds: {
    photo: '照片',
    fingerprint: '指纹采集',
    identity_document: '身份证件扫描件',
    certificate: '证明文书',
    signed_form: '签字表格',
    other: '其他材料',
  },
  async resolve(ctx, ownerId) {
    const row = await personDivision(ctx.db.kysely, ownerId);
    return row ? { divisionCode: row.divisionCode, subjectPersonId: ownerId } : null;
  },
};

const registered = new WeakMap<CoreContext, Map<string, AttachmentOwnerType>>();

const OWNER_TYPE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

/** Registers a line's owner type for this context; registering the same definition again is a no-op. */
export function registerAttachmentOwnerType(ctx: CoreContext, def: AttachmentOwnerType): void {
  if (!OWNER_TYPE_PATTERN.test(def.type))
    throw new Error(`attachment owner type ${def.type}: not snake_case`);
  const existing = findOwnerType(ctx, def.type);
  if (existing === def) return;
  if (existing) throw new Error(`attachment owner type ${def.type} is already registered`);
  let map = registered.get(ctx);
  if (!map) registered.set(ctx, (map = new Map<string, AttachmentOwnerType>()));
  map.set(def.type, def);
}

/** Owner types the lines declare in their manifests (`attachmentOwners`). */
function fromLines(ctx: CoreContext): readonly AttachmentOwnerType[] {
  return ctx.lines.flatMap((l) => l.attachmentOwners ?? []);
}

function findOwnerType(ctx: CoreContext, type: string): AttachmentOwnerType | undefined {
  if (type === personAttachmentOwner.type) return personAttachmentOwner;
  return fromLines(ctx).find((d) => d.type === type) ?? registered.get(ctx)?.get(type);
}

/** Every owner type known to this context: the platform's, the lines' and those registered. */
export function attachmentOwnerTypes(ctx: CoreContext): AttachmentOwnerType[] {
  return [personAttachmentOwner, ...fromLines(ctx), ...(registered.get(ctx)?.values() ?? [])];
}

export function attachmentOwnerType(ctx: CoreContext, type: string): AttachmentOwnerType | undefined {
  return findOwnerType(ctx, type);
}
