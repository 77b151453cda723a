/**
 * The public 寻亲公告 list (全国救助寻亲, no login; issue 16 item 3, R-RES-09, ADR 0026). What a family
 * sees of an open case whose identity is not confirmed and for which a notice was issued: the notice
 * number (the only public key — no case id), sex, age (estimated, never the birth date), the date found
 * and the county (the receiving station's county — the exact place is not published), height, features
 * and clothing as the notice prints them, the station's name and public hotline, and the notice photo.
 * The name only when the person gave one (the notice prints it as 自称). Computed on every read: a case
 * identified or closed disappears at once, and the photo route serves only the photo a live notice
 * cites. Reading the photo is an audited attachment read by the public portal.
 */
import { DomainError, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import { readAttachmentContent } from '../attachments/index';
import type { CoreContext } from '../context';
import { PUBLIC_PORTAL_ACTOR, countyPlaceName } from '../matching/index';
import { latestCaseAttachment } from './actions.repository';
import { ageOnDay } from './periods';
import { casesWithPhoto, liveNotices, type LiveNoticeRow } from './public-notices.repository';

export type PublicAgeBand = '0-17' | '18-39' | '40-59' | '60-';

export interface PublicNoticeQuery {
  sex?: 'male' | 'female' | undefined;
  ageBand?: PublicAgeBand | undefined;
  /** 6-digit code: the county (or city, or province) where found, matched by prefix. */
  county?: string | undefined;
  foundFrom?: string | undefined;
  foundTo?: string | undefined;
  page: number;
  pageSize: number;
}

export interface PublicNotice {
  number: string;
  issuedOn: string;
  nameStated: string | null;
  sex: 'male' | 'female';
  ageText: string | null;
  foundOn: string;
  foundCountyName: string;
  heightCm: number | null;
  features: string | null;
  clothing: string | null;
  stationName: string;
  stationPhone: string;
  hasPhoto: boolean;
}

function inBand(age: number | null, band: PublicAgeBand): boolean {
  if (age === null) return false;
  switch (band) {
    case '0-17':
      return age < 18;
    case '18-39':
      return age >= 18 && age <= 39;
    case '40-59':
      return age >= 40 && age <= 59;
    case '60-':
      return age >= 60;
  }
}

function ageOf(r: LiveNoticeRow, today: PlainDate): number | null {
  return ageOnDay(
    { birthDate: r.birthDate, estimatedAge: r.estimatedAge, entryDate: r.entryDate as PlainDate },
    today,
  );
}

/**
 * Live notices under the filters, newest first. The filters on age and the date found run over the live
 * notices in memory (open, unidentified cases with a notice: a bounded set), the rest in SQL.
 */
export async function listPublicNotices(
  ctx: CoreContext,
  q: PublicNoticeQuery,
): Promise<{ items: PublicNotice[]; total: number; page: number; pageSize: number }> {
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const placePrefix = q.county ? q.county.replace(/(00)+$/, '') : undefined;
  const rows = (
    await liveNotices(ctx.db.kysely, { sex: q.sex, placePrefix: placePrefix || undefined })
  ).filter((r) => {
    const found = r.foundOn ?? r.entryDate;
    if (q.foundFrom && found < q.foundFrom) return false;
    if (q.foundTo && found > q.foundTo) return false;
    return !q.ageBand || inBand(ageOf(r, today), q.ageBand);
  });
  const pageRows = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const photos = await casesWithPhoto(
    ctx.db.kysely,
    pageRows.map((r) => r.caseId),
  );
  return {
    items: pageRows.map((r) => {
      const age = ageOf(r, today);
      return {
        number: r.number,
        issuedOn: todayPlainDate(ctx.config.timeZone, new Date(r.issuedAt)),
        nameStated: r.nameGiven,
        sex: r.sex,
        ageText: age === null ? null : r.birthDate ? `${age}岁` : `约${age}岁`,
        foundOn: r.foundOn ?? r.entryDate,
        foundCountyName: countyPlaceName(r.divisionCode) ?? '（不详）',
        heightCm: r.heightCm,
        features: r.features,
        clothing: r.clothing,
        stationName: r.stationName,
        stationPhone: r.stationPhone,
        hasPhoto: photos.has(r.caseId),
      };
    }),
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The photo of a live notice (by its number), and nothing else: a notice replaced by a newer one, a case
 * identified or closed, or a notice without a photo answers 404. An audited attachment read.
 */
export async function publicNoticePhoto(
  ctx: CoreContext,
  number: string,
): Promise<{ bytes: Buffer; mediaType: string }> {
  const missing = () =>
    new DomainError('not_found', 'PUBLIC_NOTICE_PHOTO_NOT_FOUND', '该寻亲公告不存在、已撤下或没有照片');
  const [notice] = await liveNotices(ctx.db.kysely, { number: number.trim() });
  if (!notice) throw missing();
  const photo = await latestCaseAttachment(ctx.db.kysely, notice.caseId, 'photo');
  if (!photo) throw missing();
  const content = await readAttachmentContent(
    ctx,
    PUBLIC_PORTAL_ACTOR,
    photo.id,
    `公开寻亲公告 ${notice.number}`,
  );
  return { bytes: content.bytes, mediaType: content.attachment.mediaType };
}
