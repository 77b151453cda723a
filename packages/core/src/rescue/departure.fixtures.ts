/**
 * Test fixtures of the departure concern: an attachment on a case, an item in the intake belongings
 * register and the prescribed actions logged — written directly, so the departure tests do not depend on
 * the intake or actions services.
 */
import { newId } from '@social-affairs/kernel';
import { RESCUE_SEVEN_STEPS } from '@social-affairs/kernel/contracts/rescue';
import type { Actor } from '../access/index';
import { storeAttachment } from '../attachments/index';
import type { CoreContext } from '../context';

let counter = 0;

/** A small distinct PDF (the store accepts by magic number). */
export function aTinyPdf(label = 'scan'): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${label} ${++counter} ${newId()}\n%%EOF\n`);
}

/** A `rescue_case` attachment of `kind` uploaded by `actor`; returns its id. */
export async function aCaseAttachment(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  kind: string,
): Promise<string> {
  const stored = await storeAttachment(ctx, actor, {
    ownerType: 'rescue_case',
    ownerId: caseId,
    kind,
    fileName: `${kind}.pdf`,
    content: aTinyPdf(kind),
  });
  return stored.attachment.id;
}

/** One item of the intake belongings register of a case; returns its id. */
export async function aBelonging(
  ctx: CoreContext,
  caseId: string,
  item: string,
  opts: { quantity?: number; identityDocument?: boolean } = {},
): Promise<string> {
  const id = newId();
  const last = await ctx.db.kysely
    .selectFrom('rescueBelongings')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('caseId', '=', caseId)
    .executeTakeFirst();
  await ctx.db.kysely
    .insertInto('rescueBelongings')
    .values({
      id,
      caseId,
      position: Number(last?.p ?? 0) + 1,
      item,
      quantity: opts.quantity ?? 1,
      description: null,
      identityDocument: opts.identityDocument ? 1 : 0,
      safekeepingConsent: opts.identityDocument ? 1 : 0,
      consentNote: opts.identityDocument ? '本人自愿交站保管' : null,
      recordedAt: ctx.clock.now().toISOString(),
      recordedBy: 'test',
      returnedAt: null,
      returnedNote: null,
    })
    .execute();
  return id;
}

/** Logs prescribed actions of a case directly (default: the seven and a returned DNA result, not matched). */
export async function logActions(
  ctx: CoreContext,
  c: { id: string; stationId: string; divisionCode: string },
  steps: readonly string[] = [...RESCUE_SEVEN_STEPS, 'dna_result'],
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  for (const step of steps) {
    await ctx.db.kysely
      .insertInto('rescueActionLog')
      .values({
        id: newId(),
        caseId: c.id,
        stationId: c.stationId,
        divisionCode: c.divisionCode,
        step,
        kind: 'log',
        performedAt: at,
        loggedAt: at,
        loggedBy: 'test',
        loggedByName: '测试',
        evidenceText: '测试登记',
        evidenceUrl: null,
        attachmentIds: '[]',
        searchNoticeId: null,
        dnaOutcome: step === 'dna_result' ? 'not_matched' : null,
        note: null,
        supersedesId: null,
        correctionReason: null,
      })
      .execute();
  }
}
