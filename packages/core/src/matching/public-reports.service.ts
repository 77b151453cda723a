/**
 * 我要寻亲 — missing-person reports filed by families on the public page (no login; issue 16 item 3,
 * ADR 0026). A submission becomes an ordinary matching-line missing report through `createMissingReport`
 * (filed by the `public-portal` system actor, handled by the county where the person was lost), so it
 * enters the three-way family search like a report registered at the counter. The family gets a
 * receipt number and a query code; only the code's keyed hash (HMAC-SM3 under the server key) is stored.
 * With the family's consent the report appears in the public list, minimised (no contact, the county
 * only) and only while it is open: 已找到 / 已撤回 take it out at once (computed on read).
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import {
  DomainError,
  HUNAN_PROVINCE_CODE,
  childrenOf,
  divisionPath,
  getDivision,
  isPlainDate,
  normalizePersonName,
  plainDateParts,
  todayPlainDate,
  type PlainDate,
} from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { countyOf } from '../people/index';
import { createMissingReport } from './family-search.service';
import {
  findPublicReportByReceipt,
  insertPublicReport,
  listPublishedReports,
} from './public-reports.repository';

/** Who files a public report (and whose name the audit rows carry). */
export const PUBLIC_PORTAL_ACTOR = systemActor('public-portal', '000000');

const CODE_PURPOSE = 'public-report-code';
/** Crockford-like alphabet without 0/O, 1/I/L: read aloud and typed back without confusion. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function randomText(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export interface PublicReportInput {
  name?: string | null | undefined;
  sex?: 'male' | 'female' | null | undefined;
  birthYear?: number | null | undefined;
  lostOn?: string | null | undefined;
  lostCountyCode?: string | null | undefined;
  features?: string | null | undefined;
  contactName?: string | null | undefined;
  contactPhone?: string | null | undefined;
  consentPublish: boolean;
}

export interface PublicReportReceipt {
  receipt: string;
  queryCode: string;
  officeName: string;
  submittedAt: string;
  published: boolean;
}

/** `长沙市芙蓉区` for a county code (the province left out); null for an unknown code. */
export function countyPlaceName(code: string | null): string | null {
  if (!code) return null;
  const county = countyOf(code);
  if (!getDivision(county)) return null;
  return divisionPath(county).split(' / ').slice(1).join('');
}

/** The handling office of a division: the county's civil-affairs bureau (`长沙市芙蓉区民政局`). */
export function officeNameOf(divisionCode: string): string {
  const place = countyPlaceName(divisionCode);
  return place ? `${place}民政局` : '当地民政部门';
}

interface Issue {
  field: string;
  message: string;
}

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}\d{7,8}$/;

function checkInput(ctx: CoreContext, input: PublicReportInput, today: PlainDate) {
  const issues: Issue[] = [];
  const thisYear = plainDateParts(today).year;
  const name = input.name?.trim() ? normalizePersonName(input.name) : null;
  if (!input.sex) issues.push({ field: 'sex', message: '请选择走失者的性别' });
  const birthYear = input.birthYear ?? null;
  if (birthYear !== null && (birthYear < thisYear - 120 || birthYear > thisYear))
    issues.push({ field: 'birthYear', message: `出生年份应在 ${thisYear - 120}–${thisYear} 年之间` });
  let lostOn: PlainDate | null = null;
  if (input.lostOn?.trim()) {
    const v = input.lostOn.trim();
    if (!isPlainDate(v)) issues.push({ field: 'lostOn', message: '走失日期格式应为 YYYY-MM-DD' });
    else if (v > today) issues.push({ field: 'lostOn', message: '走失日期不能晚于今天' });
    else if (birthYear !== null && plainDateParts(v).year < birthYear)
      issues.push({ field: 'lostOn', message: '走失日期早于出生年份，请核对' });
    else lostOn = v;
  }
  const county = input.lostCountyCode?.trim() ?? '';
  const division = /^\d{6}$/.test(county) ? getDivision(county) : undefined;
  if (!division || division.level !== 'county')
    issues.push({ field: 'lostCountyCode', message: '请选择走失地所在的县（市、区）' });
  const features = input.features?.trim() || null;
  if (!name && birthYear === null && !features)
    issues.push({ field: 'name', message: '请至少填写姓名、出生年份或体貌特征之一' });
  const contactName = input.contactName?.trim() ? normalizePersonName(input.contactName) : '';
  if (!contactName) issues.push({ field: 'contactName', message: '请填写联系人姓名' });
  const phone = (input.contactPhone ?? '').replace(/[\s-]/g, '');
  if (!MOBILE.test(phone) && !LANDLINE.test(phone))
    issues.push({ field: 'contactPhone', message: '请填写 11 位手机号码或带区号的固定电话' });
  const first = issues[0];
  if (first)
    throw new DomainError('invalid', 'PUBLIC_REPORT_INVALID', first.message, {
      field: first.field,
      issues,
    });
  void ctx;
  return {
    name,
    sex: input.sex ?? null,
    birthYear,
    lostOn,
    lostDivisionCode: county,
    features,
    contactName,
    contactPhone: phone,
  };
}

/** Files a public missing-person report; answers the receipt and the query code (shown once). */
export async function submitPublicReport(
  ctx: CoreContext,
  input: PublicReportInput,
): Promise<PublicReportReceipt> {
  const now = ctx.clock.now();
  const today = todayPlainDate(ctx.config.timeZone, now);
  const report = checkInput(ctx, input, today);
  const queryCode = randomText(8);
  for (let attempt = 0; ; attempt++) {
    const receipt = `XQ${today.replaceAll('-', '')}${randomText(6)}`;
    try {
      const view = await createMissingReport(
        ctx,
        PUBLIC_PORTAL_ACTOR,
        { ...report, divisionCode: report.lostDivisionCode },
        async (trx, row) => {
          await insertPublicReport(trx, {
            reportId: row.id,
            receipt,
            codeHash: ctx.keys.hmac(CODE_PURPOSE, `${receipt}\0${queryCode}`),
            keyId: ctx.keys.keyId,
            consentPublish: input.consentPublish ? 1 : 0,
            divisionCode: row.divisionCode,
            submittedAt: now.toISOString(),
          });
          await audit(ctx, trx, PUBLIC_PORTAL_ACTOR, {
            action: 'matching.public-report-submit',
            targetType: 'missing_person_report',
            targetId: row.id,
            divisionCode: row.divisionCode,
            details: { receipt, consentPublish: input.consentPublish },
          });
        },
      );
      return {
        receipt,
        queryCode,
        officeName: officeNameOf(view.divisionCode),
        submittedAt: now.toISOString(),
        published: input.consentPublish,
      };
    } catch (err) {
      // A receipt drawn twice (1 in 887 million a day): draw again.
      if (attempt < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

const STATUS_LABELS = { open: '处理中', found: '已找到', withdrawn: '已撤回' } as const;

/**
 * 查询进度: the status of a report by its receipt and query code — only the status and the handling
 * office. A wrong code and an unknown receipt answer the same 404.
 */
export async function publicReportStatus(
  ctx: CoreContext,
  input: { receipt: string; code: string },
): Promise<{
  receipt: string;
  status: 'open' | 'found' | 'withdrawn';
  statusLabel: string;
  officeName: string;
}> {
  const receipt = input.receipt.trim().toUpperCase();
  const code = input.code.trim().toUpperCase();
  const row = await findPublicReportByReceipt(ctx.db.kysely, receipt);
  const expected = row ? Buffer.from(row.codeHash, 'hex') : Buffer.alloc(32);
  const mac = ctx.keys.hmac(CODE_PURPOSE, `${receipt}\0${code}`);
  const given = Buffer.from(mac, 'hex');
  const matches =
    row !== undefined &&
    row.keyId === ctx.keys.keyId &&
    given.length === expected.length &&
    timingSafeEqual(given, expected);
  if (!row || !matches)
    throw new DomainError('not_found', 'PUBLIC_REPORT_NOT_FOUND', '回执号或查询码不正确，请核对后重新输入', {
      field: 'code',
    });
  return {
    receipt: row.receipt,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    officeName: officeNameOf(row.reportDivisionCode),
  };
}

export interface PublishedReportView {
  receipt: string;
  name: string | null;
  sex: 'male' | 'female' | null;
  birthYear: number | null;
  lostOn: string | null;
  lostCountyName: string | null;
  features: string | null;
  officeName: string;
  submittedOn: string;
}

/** The public list: reports whose family consented to publish and that are still open, newest first. */
export async function listPublishedReportsPublic(
  ctx: CoreContext,
  q: { sex?: 'male' | 'female' | undefined; county?: string | undefined; page: number; pageSize: number },
): Promise<{ items: PublishedReportView[]; total: number; page: number; pageSize: number }> {
  const placePrefix = q.county ? q.county.replace(/(00)+$/, '') : undefined;
  const { rows, total } = await listPublishedReports(
    ctx.db.kysely,
    { sex: q.sex, placePrefix: placePrefix || undefined },
    q,
  );
  return {
    items: rows.map((r) => ({
      receipt: r.receipt,
      name: r.name,
      sex: r.sex,
      birthYear: r.birthYear,
      lostOn: r.lostOn,
      lostCountyName: countyPlaceName(r.lostDivisionCode),
      features: r.features,
      officeName: officeNameOf(r.divisionCode),
      submittedOn: todayPlainDate(ctx.config.timeZone, new Date(r.submittedAt)),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The prefectures of the registered provinces with their counties: the public pages' place pickers. */
export function publicPlaces(): { code: string; name: string; counties: { code: string; name: string }[] }[] {
  return childrenOf(HUNAN_PROVINCE_CODE)
    .filter((p) => p.level === 'prefecture')
    .map((p) => ({
      code: p.code,
      name: p.name,
      counties: childrenOf(p.code)
        .filter((c) => c.level === 'county')
        .map((c) => ({ code: c.code, name: c.name })),
    }));
}
