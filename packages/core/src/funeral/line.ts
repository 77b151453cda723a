/**
 * The funeral line's manifest (殡葬管理, ADR 0010): the shared core (migration 0031, the case attachment
 * owner) plus one part per concern, merged in a fixed order — facilities first, because every other
 * concern's demo data needs a facility.
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
import * as m0031 from './migrations/0031-funeral';
import { funeralCaseAttachmentOwner } from './attachments';
import { billingPart } from './billing.part';
import { cemeteriesPart } from './cemeteries.part';
import { certificatesPart } from './certificates.part';
import { custodyPart } from './custody.part';
import { deathsPart } from './deaths.part';
import { facilitiesPart } from './facilities.part';
import { defaultFuneralConfig, funeralConfigSchema } from './funeral.config';
import type { FuneralPart } from './line-part';
import { qingmingPart } from './qingming.part';
import { statisticsPart } from './statistics.part';

const casePage = (caseId: string) => `/funeral/cases/${encodeURIComponent(caseId)}`;

const corePart: FuneralPart = {
  migrations: { '0031-funeral': m0031 },
  attachmentOwners: [funeralCaseAttachmentOwner],
  auditTargets: {
    funeral_case: { label: '遗体档案' },
    funeral_facility: { label: '殡葬设施' },
  },
  approvalOwners: {
    funeral_case: {
      label: '遗体档案',
      links: (_ctx, ids) => Promise.resolve(new Map(ids.map((id) => [id, casePage(id)]))),
    },
  },
};

/** Concerns in merge order (migrations are sorted by their global number anyway). */
export const FUNERAL_PARTS: readonly FuneralPart[] = [
  corePart,
  facilitiesPart,
  custodyPart,
  certificatesPart,
  deathsPart,
  billingPart,
  cemeteriesPart,
  qingmingPart,
  statisticsPart,
];

const all = <T>(pick: (p: FuneralPart) => readonly T[] | undefined): T[] =>
  FUNERAL_PARTS.flatMap((p) => pick(p) ?? []);
const merged = <T>(pick: (p: FuneralPart) => Readonly<Record<string, T>> | undefined): Record<string, T> =>
  Object.assign({}, ...FUNERAL_PARTS.map((p) => pick(p) ?? {})) as Record<string, T>;

export const funeralLine = defineLine({
  name: 'funeral',
  label: '殡葬管理',
  migrations: merged((p) => p.migrations),
  permissions: ['funeral:read', 'funeral:write', 'funeral:approve', 'funeral:manage'],
  grants: {
    funeral_staff: ['funeral:read', 'funeral:write'],
    county_reviewer: ['funeral:read', 'funeral:approve'],
    supervisor: ['funeral:read', 'funeral:manage'],
    admin: ['funeral:read', 'funeral:manage'],
  },
  config: { schema: funeralConfigSchema, defaults: defaultFuneralConfig },
  subscribers: all<LineSubscriber>((p) => p.subscribers),
  jobs: all<LineJob>((p) => p.jobs),
  seedDemo: async (ctx) => {
    for (const part of FUNERAL_PARTS) await part.seedDemo?.(ctx);
  },
  personPanels: all<PersonPanelSource>((p) => p.personPanels),
  todos: all<TodoSource>((p) => p.todos),
  attachmentOwners: all<AttachmentOwnerType>((p) => p.attachmentOwners),
  auditActions: merged<string>((p) => p.auditActions),
  auditTargets: merged<AuditTargetSource>((p) => p.auditTargets),
  approvalOwners: merged<ApprovalOwnerSource>((p) => p.approvalOwners),
});
