/**
 * The funeral data exchange (殡葬数据交换, issue 17 item 10; ADR 0031): the line's business data —
 * decedents, agents, facilities, services (custody events), documents, prices, reservations and reform
 * areas — under the actor's scope, filtered by division and period, as an Excel workbook (one sheet per
 * entity) or JSON lines, described field by field in `exchange.dictionary.ts` (docs/funeral-exchange.md).
 *
 * Personal data: resident ids, agents' phone numbers and id-bearing document numbers are masked unless
 * the exporter holds `people:reveal`; every export is an audited read (`funeral.exchange.export`) with
 * the row count of each entity, recorded before the first row leaves.
 */
import {
  DomainError,
  addDays,
  diffDays,
  getDivision,
  isPlainDate,
  maskPhone,
  maskResidentId,
  todayPlainDate,
  zonedDayStart,
  type PlainDate,
} from '@social-affairs/kernel';
import {
  FUNERAL_EXCHANGE_ENTITIES,
  type FuneralExchangeDictionaryDto,
  type FuneralExchangeEntity,
  type FuneralExchangePreviewDto,
  type FuneralExchangeQueryDto,
} from '@social-affairs/kernel/contracts/funeral';
import { authorize, scopeFilterFor, type Actor } from '../access/index';
import { maskResidentIdsInText } from '../audit/index';
import type { CoreContext } from '../context';
import {
  EXCHANGE_ENTITIES,
  EXCHANGE_FORMAT_VERSION,
  EXCHANGE_STANDARD,
  EXCHANGE_UNMASK_PERMISSION,
  exchangeEntity,
  type ExchangeEntityDef,
  type ExchangeValue,
} from './exchange.dictionary';
import {
  exchangeBillLines,
  exchangeBookings,
  exchangeCases,
  exchangeCustodyEvents,
  exchangeDocuments,
  exchangeFacilities,
  type ExchangeSlice,
} from './exchange.repository';
import { funeralConfig } from './funeral.config';
import { facilityApproval } from './rules';

/** The longest period one export covers (a province-year is ~500 k decedents). */
export const EXCHANGE_MAX_DAYS = 366;

export type ExchangeRecord = Record<string, ExchangeValue>;

export interface FuneralExchangeSheet {
  entity: FuneralExchangeEntity;
  def: ExchangeEntityDef;
  /** False when the entity's source table is not part of this installation yet (no fields, no rows). */
  available: boolean;
  rows: ExchangeRecord[];
}

export interface FuneralExchangeResult {
  division: { code: string; name: string };
  from: string;
  to: string;
  masked: boolean;
  exportedAt: string;
  sheets: FuneralExchangeSheet[];
}

const SEX_CODE: Record<string, string> = { male: '1', female: '2', unknown: '0' };

/** The field dictionary (the page shows it; docs/funeral-exchange.md prints the same list). */
export function funeralExchangeDictionary(): FuneralExchangeDictionaryDto {
  return {
    standard: EXCHANGE_STANDARD,
    version: EXCHANGE_FORMAT_VERSION,
    entities: EXCHANGE_ENTITIES.map((e) => ({
      entity: e.entity,
      label: e.label,
      standardHeading: e.standardHeading,
      available: e.fields.length > 0,
    })),
    fields: EXCHANGE_ENTITIES.flatMap((e) =>
      e.fields.map((x) => ({
        entity: e.entity,
        field: x.field,
        label: x.label,
        type: x.type,
        meaning: x.meaning,
        source: x.source,
        standardHeading: e.standardHeading,
        inferred: true,
        personal: Boolean(x.personal),
      })),
    ),
    unmaskedWith: EXCHANGE_UNMASK_PERMISSION,
  };
}

async function collect(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<FuneralExchangeQueryDto, 'from' | 'to'> & { from?: string | undefined; to?: string | undefined },
): Promise<FuneralExchangeResult> {
  authorize(actor, 'funeral:read');
  const code = q.division ?? actor.divisionCode;
  const scope = scopeFilterFor(actor, q.division);
  const d = getDivision(code);
  if (!d) throw new DomainError('invalid', 'DIVISION_UNKNOWN', '行政区划代码不存在', { field: 'division' });
  const tz = ctx.config.timeZone;
  const today = todayPlainDate(tz, ctx.clock.now());
  const from = q.from ?? (`${today.slice(0, 7)}-01` as PlainDate);
  const to = q.to ?? today;
  if (!isPlainDate(from) || !isPlainDate(to) || from > to) {
    throw new DomainError('invalid', 'PERIOD_INVALID', '导出期间不正确：起始日期不能晚于截止日期', {
      field: 'from',
    });
  }
  if (diffDays(to, from) >= EXCHANGE_MAX_DAYS) {
    throw new DomainError(
      'invalid',
      'PERIOD_TOO_LONG',
      '导出期间过长：一次最多导出一年（366 天），请分段导出',
      {
        field: 'from',
      },
    );
  }
  const masked = !actor.permissions.has(EXCHANGE_UNMASK_PERMISSION);
  const slice: ExchangeSlice = {
    divisionPrefix: scope.divisionPrefix,
    facilityId: scope.institutionId,
    fromInstant: zonedDayStart(from, tz),
    toInstantExclusive: zonedDayStart(addDays(to, 1), tz),
  };
  const db = ctx.db.kysely;
  const id = (v: string | null) => (v && masked ? maskResidentId(v) : v);
  const phone = (v: string | null) => (v && masked ? maskPhone(v) : v);
  const docNo = (v: string | null) => (v && masked ? maskResidentIdsInText(v) : v);

  const cases = await exchangeCases(db, slice);
  const deceased: ExchangeRecord[] = cases.map((c) => ({
    caseNo: c.caseNo,
    name: c.nameGiven ?? c.personName,
    sex: SEX_CODE[c.sex] ?? '0',
    residentId: id(c.residentId),
    identityStatus: c.identityStatus,
    birthDate: c.birthDate,
    estimatedAge: c.estimatedAge,
    hukouDivisionCode: c.hukouDivisionCode,
    deathDate: c.deathDate,
    deathPlace: c.deathPlace,
    deathDivisionCode: c.deathDivisionCode,
    deathManner: c.deathManner,
    unclaimed: c.unclaimed,
    payer: c.payer,
    disposition: c.disposition,
    step: c.step,
    facilityId: c.facilityId,
    facilityName: c.facilityName,
    divisionCode: c.divisionCode,
    bodyCode: c.bodyCode,
    urnCode: c.urnCode,
    openedAt: c.createdAt,
    closedAt: c.closedAt,
  }));
  const agent: ExchangeRecord[] = cases
    .filter((c) => c.agentName)
    .map((c) => ({
      caseNo: c.caseNo,
      agentName: c.agentName,
      agentPhone: phone(c.agentPhone),
      agentRelation: c.agentRelation,
    }));
  const facility: ExchangeRecord[] = (await exchangeFacilities(db, slice)).map((x) => ({
    facilityId: x.id,
    name: x.name,
    kind: x.kind,
    divisionCode: x.divisionCode,
    villageCode: x.villageCode,
    ownership: x.ownership,
    governmentInvested: x.governmentInvested,
    address: x.address,
    phone: x.phone,
    capacity: x.capacity,
    approvedByLevel: x.approvedByLevel,
    approvalDocNo: x.approvalDocNo,
    approvedOn: x.approvedOn,
    approvalValid: facilityApproval(x).valid ? 1 : 0,
    status: x.status,
  }));
  const service: ExchangeRecord[] = (await exchangeCustodyEvents(db, slice)).map((e) => ({ ...e }));
  const document: ExchangeRecord[] = (await exchangeDocuments(db, slice)).map((x) => ({
    ...x,
    number: docNo(x.number),
  }));
  const price: ExchangeRecord[] = (await exchangeBillLines(db, slice)).map((x) => ({ ...x }));
  const reservation: ExchangeRecord[] = (
    await exchangeBookings(db, {
      divisionPrefix: slice.divisionPrefix,
      facilityId: slice.facilityId,
      from,
      to,
    })
  ).map((x) => ({ ...x }));
  // Reform areas: the configured zones covering the division or inside it, after the default zone.
  const cfg = funeralConfig(ctx);
  const prefix = scope.divisionPrefix;
  const province = `${d.code.slice(0, 2)}0000`;
  const reformArea: ExchangeRecord[] = [
    {
      divisionCode: province,
      divisionName: `${getDivision(province)?.name ?? '全省'}（未单列地区的默认区域）`,
      zone: cfg.defaultZone,
      approvedBy: null,
      basis: '配置 lines.funeral.defaultZone',
      from: null,
    },
    ...cfg.zoneAreas
      .filter((a) => a.divisionCode.startsWith(prefix) || prefix.startsWith(a.divisionCode))
      .map((a) => ({
        divisionCode: a.divisionCode,
        divisionName: getDivision(a.divisionCode)?.name ?? a.divisionCode,
        zone: a.zone,
        approvedBy: a.approvedBy,
        basis: a.basis,
        from: a.from,
      })),
  ];

  const rowsOf: Partial<Record<FuneralExchangeEntity, ExchangeRecord[]>> = {
    deceased,
    agent,
    facility,
    service,
    document,
    price,
    reservation,
    reform_area: reformArea,
  };
  return {
    division: { code: d.code, name: d.name },
    from,
    to,
    masked,
    exportedAt: ctx.clock.now().toISOString(),
    sheets: FUNERAL_EXCHANGE_ENTITIES.map((entity) => {
      const def = exchangeEntity(entity);
      const rows = rowsOf[entity];
      return { entity, def, available: def.fields.length > 0 && rows !== undefined, rows: rows ?? [] };
    }),
  };
}

/** Row counts of what an export would hold (no personal data leaves; not audited). */
export async function previewFuneralExchange(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<FuneralExchangeQueryDto, 'from' | 'to'> & { from?: string | undefined; to?: string | undefined },
): Promise<FuneralExchangePreviewDto> {
  const r = await collect(ctx, actor, q);
  return {
    division: r.division,
    from: r.from,
    to: r.to,
    masked: r.masked,
    counts: r.sheets.map((s) => ({
      entity: s.entity,
      label: s.def.label,
      rows: s.rows.length,
      available: s.available,
    })),
  };
}

/**
 * The export's content, after its audited read is recorded (action `funeral.exchange.export`, the filter,
 * the format, whether it was masked and the rows of each entity).
 */
export async function exportFuneralExchange(
  ctx: CoreContext,
  actor: Actor,
  q: Omit<FuneralExchangeQueryDto, 'from' | 'to'> & { from?: string | undefined; to?: string | undefined },
): Promise<FuneralExchangeResult> {
  const r = await collect(ctx, actor, q);
  const rows = Object.fromEntries(r.sheets.map((s) => [s.entity, s.rows.length]));
  await ctx.readAudit.record(actor, {
    action: 'funeral.exchange.export',
    targetType: 'funeral_exchange',
    targetId: null,
    divisionCode: r.division.code,
    subjectPersonId: null,
    details: {
      from: r.from,
      to: r.to,
      format: q.format ?? 'xlsx',
      masked: r.masked,
      rows,
      total: r.sheets.reduce((n, s) => n + s.rows.length, 0),
    },
  });
  return r;
}

/** The export as JSON lines: a header line, then one line per record `{"entity": …, "record": {…}}`. */
export function* exchangeJsonLines(r: FuneralExchangeResult): Generator<string> {
  yield `${JSON.stringify({
    type: 'header',
    standard: EXCHANGE_STANDARD,
    format: 'social-affairs-funeral-exchange',
    version: EXCHANGE_FORMAT_VERSION,
    division: r.division,
    from: r.from,
    to: r.to,
    masked: r.masked,
    exportedAt: r.exportedAt,
    counts: Object.fromEntries(r.sheets.map((s) => [s.entity, s.available ? s.rows.length : null])),
  })}\n`;
  for (const s of r.sheets) {
    for (const row of s.rows) yield `${JSON.stringify({ entity: s.entity, record: row })}\n`;
  }
}
