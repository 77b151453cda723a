/**
 * The rescue line's manifest (救助管理, ADR 0010): the shared core (migration 0018, the case attachment
 * owner) plus one part per concern, merged in a fixed order — stations first, because every other
 * concern's demo data needs a station.
 */
import {
  defineLine,
  type ApprovalOwnerSource,
  type LineJob,
  type LineSubscriber,
  type PersonPanelSource,
  type TodoSource,
} from '../line';
import type { AttachmentOwnerType } from '../attachments/index';
import type { AuditTargetSource } from '../audit/index';
import * as m0018 from './migrations/0018-rescue';
import { actionsPart } from './actions.part';
import { rescueApprovalOwners } from './approval-owners';
import { rescueCaseAttachmentOwner } from './attachments';
import { departurePart } from './departure.part';
import { familyFeedPart } from './family-feed.part';
import { familyPart } from './family.part';
import { governancePart } from './governance.part';
import { intakePart } from './intake.part';
import type { RescuePart } from './line-part';
import { defaultRescueConfig, rescueConfigSchema } from './rescue.config';
import { stationsPart } from './stations.part';
import { stayPart } from './stay.part';
import { warningsPart } from './warnings.part';

const corePart: RescuePart = {
  migrations: { '0018-rescue': m0018 },
  attachmentOwners: [rescueCaseAttachmentOwner],
  approvalOwners: rescueApprovalOwners,
  auditTargets: {
    rescue_case: { label: '救助案件' },
    rescue_station: { label: '救助管理站' },
  },
};

/** Concerns in merge order (migrations are sorted by their global number anyway). */
export const RESCUE_PARTS: readonly RescuePart[] = [
  corePart,
  stationsPart,
  intakePart,
  stayPart,
  actionsPart,
  departurePart,
  warningsPart,
  familyPart,
  governancePart,
  // Last: its demo seed publishes what the other parts' demo data left unidentified (ADR 0023), then
  // issues the demo's 寻亲公告 and families' reports (family-search.demo-seed.ts).
  familyFeedPart,
];

const all = <T>(pick: (p: RescuePart) => readonly T[] | undefined): T[] =>
  RESCUE_PARTS.flatMap((p) => pick(p) ?? []);
const merged = <T>(pick: (p: RescuePart) => Readonly<Record<string, T>> | undefined): Record<string, T> =>
  Object.assign({}, ...RESCUE_PARTS.map((p) => pick(p) ?? {})) as Record<string, T>;

export const rescueLine = defineLine({
  name: 'rescue',
  label: '救助管理',
  migrations: merged((p) => p.migrations),
  permissions: ['rescue:read', 'rescue:write', 'rescue:approve', 'rescue:manage'],
  grants: {
    rescue_staff: ['rescue:read', 'rescue:write'],
    county_reviewer: ['rescue:read', 'rescue:approve'],
    supervisor: ['rescue:read', 'rescue:manage'],
    admin: ['rescue:read', 'rescue:manage'],
  },
  config: { schema: rescueConfigSchema, defaults: defaultRescueConfig },
  subscribers: all<LineSubscriber>((p) => p.subscribers),
  jobs: all<LineJob>((p) => p.jobs),
  seedDemo: async (ctx) => {
    for (const part of RESCUE_PARTS) await part.seedDemo?.(ctx);
  },
  personPanels: all<PersonPanelSource>((p) => p.personPanels),
  todos: all<TodoSource>((p) => p.todos),
  attachmentOwners: all<AttachmentOwnerType>((p) => p.attachmentOwners),
  auditActions: merged<string>((p) => p.auditActions),
  auditTargets: merged<AuditTargetSource>((p) => p.auditTargets),
  approvalOwners: merged<ApprovalOwnerSource>((p) => p.approvalOwners),
});
