/**
 * The 寻亲公告 of a case (R-RES-09): issued with a number from the station's document sequence (one
 * number per notice issued; a reprint of a notice keeps its number), printed as PDF from the case's
 * description and latest photo. Printing is an audited read of the person's data; issuing is an
 * audited write. A notice can be cited as evidence of steps 5/6 (actions.service.ts).
 */
import { DomainError, newId, plainDateParts, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import { authorize, type Actor } from '../access/index';
import { readAttachmentContent } from '../attachments/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { documentNumberFor, officePrefix } from '../numbering/index';
import {
  insertSearchNotice,
  latestCaseAttachment,
  searchNoticesOfCase,
  type RescueSearchNoticeRow,
} from './actions.repository';
import { lockedVisibleCase, visibleCase } from './cases.access';
import { findRescueStation, type RescueCaseRow } from './cases.repository';
import { ageOnDay } from './periods';
import { searchNoticePdf } from './search-notice-pdf';

const NOTICE_KIND = 'rescue-search-notice';

/** Issues a new 寻亲公告 (a new number) for an open or closed case in scope. rescue:write. */
export async function issueSearchNotice(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
): Promise<{ id: string; number: string; issuedAt: string }> {
  authorize(actor, 'rescue:write');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, caseId);
    const station = await findRescueStation(trx, c.stationId);
    if (!station) throw new DomainError('not_found', 'NOT_FOUND', '救助管理站不存在');
    const now = ctx.clock.now();
    const id = newId();
    const issued = await documentNumberFor(ctx, trx, actor, {
      office: {
        key: `rescue-station:${station.id}`,
        divisionCode: station.divisionCode,
        prefix: officePrefix(station.divisionCode, '民救寻字'),
        institutionId: station.id,
      },
      kind: NOTICE_KIND,
      year: plainDateParts(todayPlainDate(ctx.config.timeZone, now)).year,
      ownerType: 'rescue_search_notice',
      ownerId: id,
    });
    const row = {
      id,
      caseId: c.id,
      stationId: c.stationId,
      divisionCode: c.divisionCode,
      number: issued.number,
      issuedAt: now.toISOString(),
      issuedBy: actor.username,
    };
    await insertSearchNotice(trx, row);
    await audit(ctx, trx, actor, {
      action: 'rescue.search-notice.issue',
      targetType: 'rescue_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { noticeId: id, number: issued.number },
    });
    return { id, number: row.number, issuedAt: row.issuedAt };
  });
}

function ageText(c: RescueCaseRow, day: PlainDate): string | null {
  const age = ageOnDay(
    { birthDate: c.birthDate, estimatedAge: c.estimatedAge, entryDate: c.entryDate as PlainDate },
    day,
  );
  if (age === null) return null;
  return c.birthDate ? `${age}岁` : `约${age}岁`;
}

/**
 * The PDF of the case's latest 寻亲公告 (or of `noticeId`). A read only: when the case has none yet,
 * 404 `RESCUE_SEARCH_NOTICE_NOT_ISSUED` (issuing is `issueSearchNotice`, a write). Audited read (the
 * person's description and photo).
 */
export async function searchNoticePdfOf(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  opts: { noticeId?: string } = {},
): Promise<{ pdf: Buffer; number: string; noticeId: string }> {
  authorize(actor, 'rescue:read');
  const db = ctx.db.kysely;
  await visibleCase(db, actor, caseId);
  const notices = await searchNoticesOfCase(db, caseId);
  const notice: Pick<RescueSearchNoticeRow, 'id' | 'number' | 'issuedAt'> | undefined = opts.noticeId
    ? notices.find((n) => n.id === opts.noticeId)
    : notices.at(-1);
  if (opts.noticeId && !notice) {
    throw new DomainError('not_found', 'NOT_FOUND', '寻亲公告不存在');
  }
  if (!notice) {
    throw new DomainError('not_found', 'RESCUE_SEARCH_NOTICE_NOT_ISSUED', '尚未生成寻亲公告，请先生成');
  }
  const c = await visibleCase(db, actor, caseId);
  const station = await findRescueStation(db, c.stationId);
  if (!station) throw new DomainError('not_found', 'NOT_FOUND', '救助管理站不存在');
  const issuedOn = todayPlainDate(ctx.config.timeZone, new Date(notice.issuedAt));
  const photoRow = await latestCaseAttachment(db, c.id, 'photo');
  let photo: Buffer | null = null;
  if (photoRow) {
    try {
      photo = (await readAttachmentContent(ctx, actor, photoRow.id, '打印寻亲公告')).bytes;
    } catch {
      // A missing or altered file is recorded by the attachment store; the notice prints the box.
      photo = null;
    }
  }
  await ctx.readAudit.record(actor, {
    action: 'rescue.search-notice.print',
    targetType: 'rescue_case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    subjectPersonId: c.personId,
    details: { noticeId: notice.id, number: notice.number, photo: photo !== null },
  });
  const pdf = await searchNoticePdf({
    number: notice.number,
    issuedOn,
    stationName: station.name,
    stationAddress: station.address,
    hotline: station.hotline,
    photo,
    name: c.nameGiven,
    sex: c.sex,
    age: ageText(c, issuedOn),
    heightCm: c.heightCm,
    health: c.health,
    intellect: c.intellect,
    mentalState: c.mentalState,
    features: c.features,
    clothing: c.clothing,
    foundOn: c.foundOn,
    foundPlace: c.foundPlace,
  });
  return { pdf, number: notice.number, noticeId: notice.id };
}
