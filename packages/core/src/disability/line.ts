/**
 * The disability line's manifest (残疾人福利, ADR 0010): the shared core (migration 0042, the application
 * attachment owner, demo accounts) plus one part per concern, merged in a fixed order — certificates and
 * standards first, because every other concern's demo data needs certificates and rates.
 *
 * Permissions: `disability:read`; `disability:write` (township and county clerks: intake, forwarding,
 * township check, rosters' preparation); `disability:federation` (county disability federation: certificate
 * and grade review); `disability:approve` (county civil affairs: means, hukou, survival, decision, roster
 * sign-off); `disability:manage` (city/province supervision, standards, campaigns).
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
import * as m0042 from './migrations/0042-disability';
import { disabilityApplicationAttachmentOwner } from './attachments';
import { applicationsPart } from './applications.part';
import { certificatesPart } from './certificates.part';
import { seedDisabilityAccounts } from './core.demo-seed';
import { defaultDisabilityConfig, disabilityConfigSchema } from './disability.config';
import type { DisabilityPart } from './line-part';
import { outreachPart } from './outreach.part';
import { paymentsPart } from './payments.part';
import { rehabPart } from './rehab.part';
import { reviewPart } from './review.part';
import { rosterPart } from './roster.part';
import { verificationPart } from './verification.part';

const applicationPage = (id: string) => `/disability/applications/${encodeURIComponent(id)}`;

const corePart: DisabilityPart = {
  migrations: { '0042-disability': m0042 },
  attachmentOwners: [disabilityApplicationAttachmentOwner],
  auditTargets: {
    disability_application: { label: '两项补贴申请' },
    disability_certificate: { label: '残疾人证' },
    disability_entitlement: { label: '补贴对象' },
    disability_roster: { label: '发放名册' },
  },
  approvalOwners: {
    disability_application: {
      label: '两项补贴申请',
      links: (_ctx, ids) => Promise.resolve(new Map(ids.map((id) => [id, applicationPage(id)]))),
    },
  },
  seedDemo: seedDisabilityAccounts,
};

/** Concerns in merge order (migrations are sorted by their global number anyway). */
export const DISABILITY_PARTS: readonly DisabilityPart[] = [
  corePart,
  certificatesPart,
  applicationsPart,
  reviewPart,
  rosterPart,
  paymentsPart,
  verificationPart,
  outreachPart,
  rehabPart,
];

const all = <T>(pick: (p: DisabilityPart) => readonly T[] | undefined): T[] =>
  DISABILITY_PARTS.flatMap((p) => pick(p) ?? []);
const merged = <T>(pick: (p: DisabilityPart) => Readonly<Record<string, T>> | undefined): Record<string, T> =>
  Object.assign({}, ...DISABILITY_PARTS.map((p) => pick(p) ?? {})) as Record<string, T>;

export const disabilityLine = defineLine({
  name: 'disability',
  label: '残疾人福利',
  migrations: merged((p) => p.migrations),
  permissions: [
    'disability:read',
    'disability:write',
    'disability:federation',
    'disability:approve',
    'disability:manage',
  ],
  grants: {
    subsidy_clerk: ['disability:read', 'disability:write'],
    federation_reviewer: ['disability:read', 'disability:federation'],
    county_reviewer: ['disability:read', 'disability:approve'],
    supervisor: ['disability:read', 'disability:manage'],
    admin: ['disability:read', 'disability:manage'],
  },
  config: { schema: disabilityConfigSchema, defaults: defaultDisabilityConfig },
  subscribers: all<LineSubscriber>((p) => p.subscribers),
  jobs: all<LineJob>((p) => p.jobs),
  seedDemo: async (ctx) => {
    for (const part of DISABILITY_PARTS) await part.seedDemo?.(ctx);
  },
  personPanels: all<PersonPanelSource>((p) => p.personPanels),
  todos: all<TodoSource>((p) => p.todos),
  attachmentOwners: all<AttachmentOwnerType>((p) => p.attachmentOwners),
  auditActions: merged<string>((p) => p.auditActions),
  auditTargets: merged<AuditTargetSource>((p) => p.auditTargets),
  approvalOwners: merged<ApprovalOwnerSource>((p) => p.approvalOwners),
});
