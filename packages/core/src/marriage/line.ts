/** The marriage line's manifest: what it plugs into the platform (ADR 0010). */
import { defineLine, subscriber } from '../line';
import * as m0002 from './migrations/0002-marriage';
import * as m0004 from './migrations/0004-divorce-judgment-status';
import * as m0012 from './migrations/0012-booking-couple-key';
import * as m0016 from './migrations/0016-appointment-outcomes';
import { defaultMarriageConfig, marriageConfig, marriageConfigSchema } from './marriage.config';
import { marriageAttachmentOwner } from './attachments';
import { MARRIAGE_AUDIT_ACTIONS, MARRIAGE_AUDIT_TARGETS } from './audit-catalogue';
import { marriagePanel } from './marital-status.service';
import { seedMarriageDemo } from './marriage.demo-seed';
import { marriageTodos } from './todos';
import {
  PERSON_MERGED_SUBSCRIBER,
  PERSON_UNMERGED_SUBSCRIBER,
  onPersonMerged,
  onPersonUnmerged,
} from './person-merge.subscriber';
import { SPOUSE_DECEASED_SUBSCRIBER, onPersonDeceased, runDivorceDeadlines } from './subscribers';
import { BOOKING_PARTY_DECEASED_SUBSCRIBER, onBookingPartyDeceased } from './appointments.subscriber';
import { SPOUSE_DEATH_REVOKED_SUBSCRIBER, onPersonDeathRevoked } from './death-revoked.subscriber';

export const marriageLine = defineLine({
  name: 'marriage',
  label: '婚姻登记',
  migrations: {
    '0002-marriage': m0002,
    '0004-divorce-judgment-status': m0004,
    '0012-booking-couple-key': m0012,
    '0016-appointment-outcomes': m0016,
  },
  permissions: ['marriage:read', 'marriage:write'],
  grants: {
    registrar: ['marriage:read', 'marriage:write'],
    supervisor: ['marriage:read'],
  },
  config: { schema: marriageConfigSchema, defaults: defaultMarriageConfig },
  subscribers: [
    subscriber({ name: SPOUSE_DECEASED_SUBSCRIBER, event: 'person.deceased', handle: onPersonDeceased }),
    // An open booking of a party who died is cancelled with the reason (issue 13, item 1).
    subscriber({
      name: BOOKING_PARTY_DECEASED_SUBSCRIBER,
      event: 'person.deceased',
      handle: onBookingPartyDeceased,
    }),
    // Records naming a merged person follow the survivor, and come back on unmerge (person merge).
    subscriber({ name: PERSON_MERGED_SUBSCRIBER, event: 'person.merged', handle: onPersonMerged }),
    subscriber({ name: PERSON_UNMERGED_SUBSCRIBER, event: 'person.unmerged', handle: onPersonUnmerged }),
    // A death revoked after review (被死亡): the marriages it ended subsist again, or a review (ADR 0028).
    subscriber({
      name: SPOUSE_DEATH_REVOKED_SUBSCRIBER,
      event: 'person.death-revoked',
      handle: onPersonDeathRevoked,
    }),
  ],
  jobs: [
    {
      name: 'marriage.divorce-deadlines',
      description: '离婚冷静期：节假日安排公布后确定暂定期限，逾期未申请发证的视为撤回',
      intervalMinutes: (ctx) => marriageConfig(ctx).divorceExpiryIntervalMinutes,
      runAtStart: true,
      run: runDivorceDeadlines,
    },
  ],
  seedDemo: async (ctx) => {
    await seedMarriageDemo(ctx);
  },
  personPanels: [{ title: '婚姻状况', permission: 'marriage:read', load: marriagePanel }],
  todos: marriageTodos,
  attachmentOwners: [marriageAttachmentOwner],
  auditActions: MARRIAGE_AUDIT_ACTIONS,
  auditTargets: MARRIAGE_AUDIT_TARGETS,
});
