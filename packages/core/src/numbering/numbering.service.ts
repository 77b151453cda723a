import { DomainError, getDivision, newId } from '@social-affairs/kernel';
import type { Transaction } from 'kysely';
import { inScope, type Actor } from '../access/actor';
import { audit } from '../audit/audit.service';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/dialect';
import type { Database } from '../db/schema';
import {
  findDocumentNumberRow,
  giveBackSerial,
  insertDocumentNumber,
  lastSerialOf,
  takeSerial,
  type CounterKey,
} from './numbering.repository';

/**
 * An issuing office: who signs the document. `key` is the caller's stable name for it (e.g.
 * `marriage-registry:<registry id>`, `funeral-home:<id>`, `county-bureau:430181`); `divisionCode` the
 * division it belongs to (its county, or township); `prefix` the office's 机关代字 printed before the
 * year, e.g. 湘浏民婚告字.
 */
export interface IssuingOffice {
  key: string;
  divisionCode: string;
  prefix: string;
  /** The institution the office is (a rescue station, a funeral home), for institution-scoped staff. */
  institutionId?: string | null;
}

/** The actor must have the office in scope (its division, and its institution for institution staff). */
function ensureOfficeInScope(actor: Actor, office: IssuingOffice): void {
  if (!inScope(actor, { divisionCode: office.divisionCode, institutionId: office.institutionId ?? null })) {
    throw new DomainError('forbidden', 'DIVISION_OUT_OF_SCOPE', '发文机关不在您的管辖范围内', {
      field: 'office',
      divisionCode: office.divisionCode,
    });
  }
}

export interface DocumentNumberParts {
  prefix: string;
  year: number;
  serial: number;
}

/** Turns the parts of a number into the printed text. */
export type DocumentNumberFormat = (parts: DocumentNumberParts) => string;

/**
 * The default format of official documents (党政机关公文格式 GB/T 9704 发文字号: 机关代字 + 〔年份〕 +
 * 序号): `湘浏民婚字〔2026〕第000123号` — the prefix, the four-digit year in 六角括号 〔〕, and the serial
 * zero-padded to `digits` (default 6) between 第 and 号. Pass another function to `issue…` for a
 * different pattern (e.g. `({ prefix, year, serial }) => \`${prefix}${year}-${serial}\``).
 */
export function formatDocumentNumber(parts: DocumentNumberParts, digits = 6): string {
  return `${parts.prefix}〔${parts.year}〕第${String(parts.serial).padStart(digits, '0')}号`;
}

export const defaultDocumentNumberFormat: DocumentNumberFormat = (p) => formatDocumentNumber(p);

/** 省级行政区简称, by the first two digits of the division code. */
// prettier-ignore
const PROVINCE_ABBREVIATIONS: Record<string, string> = {
  '11': '京', '12': '津', '13': '冀', '14': '晋', '15': '蒙', '21': '辽', '22': '吉', '23': '黑',
  '31': '沪', '32': '苏', '33': '浙', '34': '皖', '35': '闽', '36': '赣', '37': '鲁', '41': '豫',
  '42': '鄂', '43': '湘', '44': '粤', '45': '桂', '46': '琼', '50': '渝', '51': '川', '52': '贵',
  '53': '云', '54': '藏', '61': '陕', '62': '甘', '63': '青', '64': '宁', '65': '新', '71': '台',
  '81': '港', '82': '澳',
};

/**
 * A conventional office prefix: the province's 简称, the first character of the county's (or city's)
 * name, then `word` — 430181 浏阳市 + `民婚告字` → `湘浏民婚告字`. A code whose county is not in the
 * loaded division data gets the province abbreviation only.
 */
export function officePrefix(divisionCode: string, word: string): string {
  const province = PROVINCE_ABBREVIATIONS[divisionCode.slice(0, 2)] ?? '';
  const county = divisionCode.length >= 6 ? getDivision(divisionCode.slice(0, 6)) : undefined;
  const local = county && county.level !== 'province' ? ([...county.name][0] ?? '') : '';
  return `${province}${local}${word}`;
}

const KIND = /^[a-z][a-z0-9_.-]{0,39}$/;
const DIVISION = /^\d{6}(\d{3}|\d{6})?$/;

function counterKey(office: IssuingOffice, kind: string, year: number): CounterKey {
  if (!office.key || office.key.length > 120) {
    throw new DomainError('invalid', 'DOCUMENT_OFFICE_INVALID', '发文机关标识不正确', { field: 'office' });
  }
  if (!DIVISION.test(office.divisionCode)) {
    throw new DomainError('invalid', 'DIVISION_UNKNOWN', '发文机关的行政区划代码不正确', { field: 'office' });
  }
  if (!KIND.test(kind)) {
    throw new DomainError('invalid', 'DOCUMENT_KIND_INVALID', '文书种类标识不正确', { field: 'kind', kind });
  }
  if (!Number.isInteger(year) || year < 1949 || year > 9999) {
    throw new DomainError('invalid', 'DOCUMENT_YEAR_INVALID', '文书年份不正确', { field: 'year', year });
  }
  return { officeKey: office.key, divisionCode: office.divisionCode, kind, year };
}

export interface AllocatedNumber {
  year: number;
  serial: number;
  number: string;
}

/**
 * Takes the next number of `office`'s series of `kind` for `year`, inside the caller's transaction (the
 * transaction that creates the document): concurrent allocations never get the same serial, and if the
 * caller's transaction rolls back its serial is given back, so the issued numbers of a year have no
 * gaps. Scope: the actor must be in scope of the office's division. Nothing is stored besides the
 * counter — the caller stores the number on its document (or uses `documentNumberFor`).
 */
export async function allocateDocumentNumber(
  trx: Transaction<Database>,
  actor: Actor,
  input: { office: IssuingOffice; kind: string; year: number; format?: DocumentNumberFormat },
): Promise<AllocatedNumber> {
  const key = counterKey(input.office, input.kind, input.year);
  ensureOfficeInScope(actor, input.office);
  const serial = await takeSerial(trx, key);
  const format = input.format ?? defaultDocumentNumberFormat;
  return {
    year: input.year,
    serial,
    number: format({ prefix: input.office.prefix, year: input.year, serial }),
  };
}

export interface IssuedDocumentNumber extends AllocatedNumber {
  id: string;
  officeKey: string;
  divisionCode: string;
  kind: string;
  ownerType: string;
  ownerId: string;
  issuedAt: string;
  issuedBy: string;
  /** False when the document already had its number (a reprint). */
  newlyIssued: boolean;
}

export interface DocumentNumberRequest {
  office: IssuingOffice;
  kind: string;
  year: number;
  /** The record the document is issued for; one number per owner record and kind, ever. */
  ownerType: string;
  ownerId: string;
  format?: DocumentNumberFormat;
}

/**
 * The number of the document of `kind` issued for an owner record: the stored one if it has one (a
 * reprint shows the same number), otherwise the next number of the office's series, stored and audited
 * inside the caller's transaction. Two transactions issuing the first number of one document at once
 * end with one number: the later one, after waiting for the counter lock, finds the earlier one's row
 * and gives its own serial back.
 */
export async function documentNumberFor(
  ctx: CoreContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: DocumentNumberRequest,
): Promise<IssuedDocumentNumber> {
  const key = counterKey(input.office, input.kind, input.year);
  ensureOfficeInScope(actor, input.office);
  const existing = await findDocumentNumberRow(trx, input.ownerType, input.ownerId, input.kind);
  if (existing) return { ...existing, newlyIssued: false };
  const serial = await takeSerial(trx, key);
  // Holding the counter lock now: a concurrent issue of this same document has committed by now if it
  // came first (PostgreSQL reads committed data per statement; SQLite runs one writer at a time).
  const raced = await findDocumentNumberRow(trx, input.ownerType, input.ownerId, input.kind);
  if (raced) {
    await giveBackSerial(trx, key, serial);
    return { ...raced, newlyIssued: false };
  }
  const format = input.format ?? defaultDocumentNumberFormat;
  const row = {
    id: newId(),
    ...key,
    serial,
    number: format({ prefix: input.office.prefix, year: input.year, serial }),
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    issuedAt: ctx.clock.now().toISOString(),
    issuedBy: actor.username,
  };
  try {
    await insertDocumentNumber(trx, row);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new DomainError('conflict', 'DOCUMENT_NUMBER_CONFLICT', '文书编号正被同时分配，请重试');
  }
  await audit(ctx, trx, actor, {
    action: 'document-number.issue',
    targetType: input.ownerType,
    targetId: input.ownerId,
    divisionCode: input.office.divisionCode,
    details: { kind: input.kind, number: row.number, officeKey: row.officeKey },
  });
  return { ...row, newlyIssued: true };
}

/** `documentNumberFor` in a transaction of its own (e.g. first print of an existing document). */
export async function issueDocumentNumber(
  ctx: CoreContext,
  actor: Actor,
  input: DocumentNumberRequest,
): Promise<IssuedDocumentNumber> {
  const existing = await findDocumentNumberRow(ctx.db.kysely, input.ownerType, input.ownerId, input.kind);
  if (existing) {
    ensureOfficeInScope(actor, input.office);
    return { ...existing, newlyIssued: false };
  }
  return ctx.db.kysely.transaction().execute((trx) => documentNumberFor(ctx, trx, actor, input));
}

/** The stored number of an owner record's document of `kind`, if one was issued. */
export async function findDocumentNumber(
  ctx: CoreContext,
  ownerType: string,
  ownerId: string,
  kind: string,
): Promise<IssuedDocumentNumber | undefined> {
  const row = await findDocumentNumberRow(ctx.db.kysely, ownerType, ownerId, kind);
  return row ? { ...row, newlyIssued: false } : undefined;
}

/** The last serial handed out in a series (0 if none): for statistics and tests. */
export function lastDocumentSerial(
  ctx: CoreContext,
  office: Pick<IssuingOffice, 'key' | 'divisionCode'>,
  kind: string,
  year: number,
): Promise<number> {
  return lastSerialOf(ctx.db.kysely, {
    officeKey: office.key,
    divisionCode: office.divisionCode,
    kind,
    year,
  });
}
