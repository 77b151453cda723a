/**
 * What a business line (婚姻登记, 数据比对, later 救助管理, 殡葬, 残疾人补贴) gives the platform: one object,
 * its manifest. The platform never imports a line; the server's list of lines (packages/api/src/lines.ts)
 * hands the manifests to `openCore`, the HTTP app, the command line, the demo seed and the tests,
 * which loop over them (ADR 0010).
 */
import type { Transaction, Migration } from 'kysely';
import type { z } from 'zod';
import type { Actor } from './access/actor';
import type { AttachmentOwnerType } from './attachments/owners';
import type { Permission, Role } from './access/roles';
import type { CoreContext } from './context';
import type { Database } from './db/schema';
import type { EventType, StoredEvent } from './events/outbox';
import type { AuditTargetSource } from './audit/audit-catalogue';

/** A durable event subscriber: `name` is recorded with every delivery, so it must never change. */
export interface LineSubscriber<T extends EventType = EventType> {
  name: string;
  event: T;
  handle(ctx: CoreContext, trx: Transaction<Database>, event: StoredEvent<T>): Promise<void>;
}

/** Declares a subscriber with its event type checked against its handler. */
export function subscriber<T extends EventType>(s: LineSubscriber<T>): LineSubscriber {
  return s;
}

/**
 * A scheduled job. It runs every `intervalMinutes(ctx)` while the server is up, once at start-up when
 * `runAtStart`, and on demand from `social-affairs jobs run <name>`. It must be idempotent: a second
 * run with nothing new to do changes nothing. The result is a small JSON-able summary (printed by the CLI).
 * At start-up, `true` runs it before the server listens (a catch-up the first requests rely on, e.g.
 * divorce deadlines that passed while the server was down); `'background'` runs it as the server starts
 * listening, without holding that up (a catch-up that can be long after a bulk change, e.g. the
 * family-search candidates after a migration filled the feed).
 */
export interface LineJob {
  /** `<line>.<job>`, e.g. `marriage.divorce-deadlines`. */
  name: string;
  /** One line in Chinese for `jobs list`. */
  description: string;
  intervalMinutes(ctx: CoreContext): number;
  runAtStart: boolean | 'background';
  run(ctx: CoreContext): Promise<Record<string, unknown>>;
}

/** Something a line keeps running in the background while the server is up (e.g. the comparison-job runner). */
export interface LineWorker {
  name: string;
  start(ctx: CoreContext, logger: LineLogger): { stop(): Promise<void> };
}

export interface LineLogger {
  error(obj: unknown, msg?: string): void;
}

/** A line's configuration slice: its zod schema and documented defaults (`lines.<name>` in the config file). */
export interface LineConfigSlice<C> {
  schema: z.ZodType<C>;
  defaults: C;
}

/** One panel of the person page: what this line knows about the person (each read audited by the line). */
export interface PersonPanelSource {
  /** Panel title in Chinese. */
  title: string;
  /** Permission needed to see the panel at all. */
  permission: Permission;
  load(ctx: CoreContext, actor: Actor, personId: string): Promise<PersonPanel | null>;
}

export interface PersonPanel {
  title: string;
  /** Label/value rows in Chinese, already masked where personal. */
  facts: { label: string; value: string }[];
  /** Page of the web UI that shows more (e.g. `/marriage/records?personId=…`). */
  link?: string;
}

/**
 * A kind of record a line submits for approval (its `ownerType`): the approvals inbox shows its name and
 * links each task to the page of its record (docs/approvals.md, 待我审批).
 */
export interface ApprovalOwnerSource {
  /** Chinese name, e.g. 延长救助期限申请. */
  label: string;
  /** Web UI page of each record by id (e.g. the rescue case of an extension); ids it does not know are left out. */
  links?(ctx: CoreContext, ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/** Something the signed-in user has to do (the home page's to-do list). */
export interface TodoItem {
  line: string;
  /** Stable kind, e.g. `marriage.divorce-certificate-window`. */
  kind: string;
  title: string;
  count: number;
  /** ISO date the earliest item is due, when it has one. */
  dueOn?: string;
  link: string;
}

export interface TodoSource {
  name: string;
  permission: Permission;
  load(ctx: CoreContext, actor: Actor): Promise<TodoItem[]>;
}

export interface LineManifest<C = unknown> {
  /** Code name: `marriage`, `matching`; also the configuration key and the job-name prefix. */
  name: string;
  /** Chinese name shown to users. */
  label: string;
  /**
   * Migrations this line owns, keyed by their global name (`NNNN-<what>`). Numbers are global across the
   * platform and every line: the next migration takes the next free number (ADR 0010).
   */
  migrations: Readonly<Record<string, Migration>>;
  /** Permissions this line introduces (`<line>:<action>`). */
  permissions: readonly Permission[];
  /** Which roles hold which of this line's permissions. */
  grants: Partial<Record<Role, readonly Permission[]>>;
  config?: LineConfigSlice<C>;
  subscribers?: readonly LineSubscriber[];
  jobs?: readonly LineJob[];
  workers?: readonly LineWorker[];
  /** Seeds this line's synthetic demo data (after the platform's people and accounts); idempotent. */
  seedDemo?(ctx: CoreContext): Promise<void>;
  personPanels?: readonly PersonPanelSource[];
  todos?: readonly TodoSource[];
  /** Kinds of this line's records submitted for approval (`ownerType` → name and page link). */
  approvalOwners?: Readonly<Record<string, ApprovalOwnerSource>>;
  /** Kinds of this line's records that carry attachments (photos, scans), with the permissions guarding them. */
  attachmentOwners?: readonly AttachmentOwnerType[];
  /** Chinese names of the audit actions this line writes (`marriage.register` → 办理结婚登记); the audit page shows them. */
  auditActions?: Readonly<Record<string, string>>;
  /** Chinese names of this line's audit target types, optionally with a labeller for the audit page (record numbers). */
  auditTargets?: Readonly<Record<string, AuditTargetSource>>;
}

/** A manifest whose configuration type has been erased, as lists of lines hold them. */
export type AnyLine = LineManifest<unknown>;

/** Declares a line; keeps its configuration type for `lineConfig`. */
export function defineLine<C>(line: LineManifest<C>): LineManifest<C> {
  return line;
}

/** The configuration slice of `line` in `ctx` (its defaults when the context was built without it). */
export function lineConfig<C>(ctx: CoreContext, line: { name: string; config?: LineConfigSlice<C> }): C {
  const value = ctx.config.lines[line.name];
  if (value !== undefined) return value as C;
  if (!line.config) throw new Error(`line ${line.name} has no configuration`);
  return line.config.defaults;
}
