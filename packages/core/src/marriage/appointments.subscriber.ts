import type { Transaction } from 'kysely';
import { systemActor } from '../access/index';
import { appendAudit } from '../audit/index';
import type { CoreContext } from '../context';
import type { Database } from '../db/index';
import type { StoredEvent } from '../events/index';
import { findIndexedPerson } from '../people/index';
import { openAppointmentsOfParty, transitionAppointment } from './appointments.repository';
import { partyKeyOf } from './appointments.service';
import { marriageToday } from './registry.service';

export const BOOKING_PARTY_DECEASED_SUBSCRIBER = 'marriage.booking-party-deceased';

/** The reason kept on a booking cancelled because a party died (shown to the registrar). */
export const PARTY_DECEASED_REASON = '一方当事人已在人口基础库登记死亡，预约自动取消';

/**
 * person.deceased → the person's open bookings (booked or checked in, today or later) are cancelled with
 * the reason, found by the party's keyed HMAC (bookings keep no resident id in clear). Bookings made
 * before migration 0016 have no party key and are not found (they lapse as no-shows). Idempotent: a
 * replayed event finds nothing open.
 */
export async function onBookingPartyDeceased(
  ctx: CoreContext,
  trx: Transaction<Database>,
  event: StoredEvent<'person.deceased'>,
): Promise<void> {
  const person = await findIndexedPerson(trx, event.payload.personId);
  if (!person?.residentId) return;
  const actor = systemActor(BOOKING_PARTY_DECEASED_SUBSCRIBER, '000000');
  const at = ctx.clock.now().toISOString();
  const open = await openAppointmentsOfParty(trx, partyKeyOf(ctx, person.residentId), marriageToday(ctx));
  for (const a of open) {
    const cancelled = await transitionAppointment(trx, a.id, ['booked', 'attended'], {
      status: 'cancelled',
      closedAt: at,
      closeReason: PARTY_DECEASED_REASON,
    });
    if (!cancelled) continue;
    await appendAudit(trx, ctx, actor, {
      action: 'marriage.appointment.cancel-deceased',
      targetType: 'marriage_appointment',
      targetId: a.id,
      divisionCode: a.divisionCode,
      details: { deceasedPersonId: person.id, eventId: event.id, date: a.date, halfDay: a.halfDay },
    });
  }
}
