import { DomainError, maskResidentId, tryParseResidentId, type PlainDate } from '@social-affairs/kernel';
import { authorize, inScope, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import type { PersonPanel } from '../line';
import { findPersonByResidentIdFor } from '../people/index';
import { marriagesOfPerson, personDivisionCode, personNamesOf } from './marriage.repository';
import type { MarriageRow } from './marriage.table';
import { indexActor } from './parties';
import { marriageToday } from './registry.service';

/** GB/T 2261.2-2003 婚姻状况代码. */
export const MARITAL_STATUS_LABELS = {
  '10': '未婚',
  '20': '已婚',
  '21': '初婚',
  '22': '再婚',
  '23': '复婚',
  '30': '丧偶',
  '40': '离婚',
  '90': '未说明的婚姻状况',
} as const;
export type MaritalStatusCode = keyof typeof MARITAL_STATUS_LABELS;

/**
 * The marital status of `personId` derived from the marriages on record — never stored. Void and
 * annulled marriages never existed in law (CC 1054) and are ignored. A subsisting marriage is 21 初婚
 * if it is the first, 23 复婚 if an earlier marriage was with the same spouse, else 22 再婚. Otherwise the
 * latest ended marriage decides: 40 离婚, or 30 丧偶 for the survivor. No record at all is 10 未婚 —
 * "on the records this platform holds" (back-filled history included).
 */
export function deriveMaritalStatus(personId: string, history: MarriageRow[]): MaritalStatusCode {
  const valid = history.filter((m) => m.status !== 'void' && m.status !== 'annulled');
  const spouseOf = (m: MarriageRow) => (m.husbandId === personId ? m.wifeId : m.husbandId);
  const current = valid.find((m) => m.status === 'subsisting');
  if (current) {
    const earlier = valid.filter((m) => m !== current && m.registeredOn <= current.registeredOn);
    if (earlier.length === 0) return '21';
    return earlier.some((m) => spouseOf(m) === spouseOf(current)) ? '23' : '22';
  }
  if (valid.length === 0) return '10';
  const last = [...valid].sort((a, b) => ((a.endedOn ?? '') < (b.endedOn ?? '') ? -1 : 1)).at(-1);
  if (!last) return '90';
  if (last.status === 'divorced') return '40';
  if (last.status === 'ended_by_death') return last.endReference === personId ? '20' : '30';
  return '90';
}

export interface MaritalStatusView {
  personId: string;
  name: string;
  residentIdMasked: string | null;
  code: MaritalStatusCode;
  label: string;
  asOf: string;
  history: {
    marriageId: string;
    registeredOn: string;
    effectiveFrom: string;
    registryName: string;
    status: MarriageRow['status'];
    endedOn: string | null;
    spouseName: string;
  }[];
}

/**
 * 婚姻状况查询 (R-MAR-17): a sensitive read — a stated reason is required and the read is audited. Only
 * people whose index entry or any marriage record lies in the reader's scope are visible; anyone else
 * is "not found". Every refused attempt is audited too (`marriage.status-denied`): out of scope, not on
 * record, and — before anything is looked up — a query without a reason or with an invalid id (issue 11;
 * the audit row keeps the masked id only).
 */
export async function getMaritalStatus(
  ctx: CoreContext,
  actor: Actor,
  input: { residentId: string; reason?: string | null },
): Promise<MaritalStatusView> {
  authorize(actor, 'marriage:read');
  const reason = (input.reason ?? '').trim();
  const today: PlainDate = marriageToday(ctx);
  const parsed = tryParseResidentId(input.residentId, { today });
  const refuse = async (err: DomainError): Promise<never> => {
    await ctx.readAudit.record(actor, {
      action: 'marriage.status-denied',
      targetType: 'person',
      targetId: null,
      divisionCode: actor.divisionCode,
      reason: reason || null,
      details: {
        refused: err.code,
        residentIdMasked: parsed.ok ? maskResidentId(parsed.value.id) : null,
      },
    });
    throw err;
  };
  if (reason.length < 2) {
    await refuse(
      new DomainError('invalid', 'REASON_REQUIRED', '请填写查询婚姻状况的事由', { field: 'reason' }),
    );
  }
  if (!parsed.ok) {
    return refuse(new DomainError('invalid', parsed.code, parsed.message, { field: 'residentId' }));
  }
  const { id } = parsed.value;
  const person = await findPersonByResidentIdFor(ctx, indexActor(actor), id, reason).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return undefined;
    throw err;
  });
  const history = person ? await marriagesOfPerson(ctx.db.kysely, person.id) : [];
  const personDivision = person ? await personDivisionCode(ctx.db.kysely, person.id) : undefined;
  const visible =
    person &&
    ((personDivision && inScope(actor, personDivision)) ||
      history.some((m) => inScope(actor, m.divisionCode)));
  if (!person || !visible) {
    await ctx.readAudit.record(actor, {
      action: 'marriage.status-denied',
      targetType: 'person',
      targetId: person?.id ?? null,
      divisionCode: actor.divisionCode,
      reason,
    });
    throw new DomainError('not_found', 'NOT_FOUND', '人员不存在或不在您的管辖范围内');
  }
  await ctx.readAudit.record(actor, {
    action: 'marriage.status-read',
    targetType: 'person',
    targetId: person.id,
    divisionCode: personDivision ?? null,
    reason,
  });
  const spouseIds = history.map((m) => (m.husbandId === person.id ? m.wifeId : m.husbandId));
  const spouses = spouseIds.length ? await personNamesOf(ctx.db.kysely, spouseIds) : [];
  const code = deriveMaritalStatus(person.id, history);
  return {
    personId: person.id,
    name: person.name,
    residentIdMasked: person.residentIdMasked,
    code,
    label: MARITAL_STATUS_LABELS[code],
    asOf: today,
    history: history.map((m, i) => ({
      marriageId: m.id,
      registeredOn: m.registeredOn,
      effectiveFrom: m.effectiveFrom,
      registryName: m.registryName,
      status: m.status,
      endedOn: m.endedOn,
      spouseName: spouses.find((s) => s.id === spouseIds[i])?.name ?? '',
    })),
  };
}

/**
 * The person page's marriage panel (line manifest): marital status today and the registrations the actor
 * may see. The read is audited as a marital-status read from the person page.
 */
export async function marriagePanel(
  ctx: CoreContext,
  actor: Actor,
  personId: string,
): Promise<PersonPanel | null> {
  authorize(actor, 'marriage:read');
  const history = await marriagesOfPerson(ctx.db.kysely, personId);
  await ctx.readAudit.record(actor, {
    action: 'marriage.status-read',
    targetType: 'person',
    targetId: personId,
    // The person's division, so the read shows in the audit log of the person's scope.
    divisionCode: (await personDivisionCode(ctx.db.kysely, personId)) ?? null,
    reason: '人员详情页',
    details: { via: 'person-panel' },
  });
  const code = deriveMaritalStatus(personId, history);
  const shown = history.filter((m) => inScope(actor, m.divisionCode));
  return {
    title: '婚姻状况',
    facts: [
      { label: '婚姻状况', value: MARITAL_STATUS_LABELS[code] },
      ...shown.map((m) => ({
        label: `登记 ${m.registeredOn}`,
        value: `${m.registryName}（${MARRIAGE_STATUS_WORDS[m.status] ?? m.status}${m.endedOn ? `，${m.endedOn} 终止` : ''}）`,
      })),
      ...(history.length > shown.length
        ? [{ label: '其他登记', value: `另有 ${history.length - shown.length} 条辖区外登记` }]
        : []),
    ],
    link: '/marriage/records',
  };
}

const MARRIAGE_STATUS_WORDS: Record<string, string> = {
  subsisting: '存续',
  divorced: '已离婚',
  ended_by_death: '因死亡终止',
  void: '无效',
  annulled: '已撤销',
};
