import {
  DomainError,
  addDays,
  formatChineseDate,
  getDivision,
  loadedHolidayYears,
  plainDateParts,
  withChineseDates,
  type PlainDate,
} from '@social-affairs/kernel';
import { authorize, ensureVisible, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import { certificatePdf, type CertificateParty } from './certificate-pdf';
import { findDivorceWithParties } from './divorce.repository';
import { marriageConfig, type RefusalRemedies } from './marriage.config';
import { actorOfAction, userDisplayName } from './printing.repository';
import {
  certificatePartyOf,
  findCertificateIssueById,
  findRefusalById,
  getMarriageById,
} from './marriage.repository';
import { getRegistryName } from './registry.repository';
import { issueDocumentNumber, officePrefix } from '../numbering/index';
import { noticePdf } from '../reports/index';
import type { RefusalReason } from './registration.service';
import { visibleMarriage } from './records.service';

export interface PrintedDocument {
  fileName: string;
  pdf: Buffer;
}

/** Document kinds the registry numbers (one series per registry, kind and year) and their 机关代字 word. */
const NUMBERED = {
  'refusal-notice': { ownerType: 'marriage_refusal', word: '民婚告字' },
  'divorce-receipt': { ownerType: 'divorce_application', word: '民婚受字' },
  'divorce-withdrawal': { ownerType: 'divorce_application', word: '民婚撤字' },
} as const;

/**
 * The number printed on a notice or receipt (e.g. 湘浏民婚告字〔2026〕第000001号): taken from the
 * registry's series of the document's year at its first print, and the same on every reprint.
 */
async function documentNumber(
  ctx: CoreContext,
  actor: Actor,
  kind: keyof typeof NUMBERED,
  doc: { id: string; registryId: string; divisionCode: string; date: string },
): Promise<string> {
  const { ownerType, word } = NUMBERED[kind];
  const issued = await issueDocumentNumber(ctx, actor, {
    office: {
      key: `marriage-registry:${doc.registryId}`,
      divisionCode: doc.divisionCode,
      prefix: officePrefix(doc.divisionCode, word),
    },
    kind,
    year: Number(doc.date.slice(0, 4)),
    ownerType,
    ownerId: doc.id,
  });
  return issued.number;
}

/** The registrar's display name for the certificate ('' if the act has no registrar on record). */
async function registrarName(ctx: CoreContext, userId: string | null): Promise<string> {
  return (await userDisplayName(ctx.db.kysely, userId)) ?? '';
}

/** `2026-12-05` → `2026年12月5日` (GB/T 9704 form, every date printed on a document). */
const cn = (date: string) => formatChineseDate(date);

/**
 * The remedies sentence of a refusal notice (UNVERIFIED: not in the rulebook; 行政复议法 2023 第二十条
 * and 第二十四条, 行政诉讼法 第四十六条 — see docs/marriage.md "Printing"). The reconsideration body is
 * configured, or else the people's government of the registry's division (县级以上地方各级人民政府管辖对
 * 本级人民政府工作部门作出的行政行为不服的复议).
 */
export function remediesText(remedies: RefusalRemedies, registryDivisionCode: string): string {
  const division = getDivision(registryDivisionCode.slice(0, 6));
  const body = remedies.reconsiderationBody ?? (division ? `${division.name}人民政府` : '本级人民政府');
  return (
    `如不服本决定，可以自收到本告知书之日起${remedies.reconsiderationDays}日内向${body}申请行政复议，` +
    `也可以自收到本告知书之日起${remedies.litigationMonths}个月内依法向${remedies.court}提起行政诉讼。`
  );
}

async function partyFor(ctx: CoreContext, personId: string): Promise<CertificateParty> {
  const p = await certificatePartyOf(ctx.db.kysely, personId);
  const nationality = p.nationality
    ? p.documentType === 'hmt_travel_permit'
      ? '中国'
      : p.nationality
    : '中国';
  return {
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    nationality,
    documentNo: p.residentId ?? p.documentNo ?? null,
  };
}

/** 结婚证 of a subsisting marriage (printing shows full id numbers, so it is audited). */
export async function printMarriageCertificate(
  ctx: CoreContext,
  actor: Actor,
  marriageId: string,
): Promise<PrintedDocument> {
  authorize(actor, 'marriage:write');
  const m = await visibleMarriage(ctx, actor, marriageId);
  if (m.status !== 'subsisting' || !m.certificateNo) {
    throw new DomainError(
      'conflict',
      'CERTIFICATE_NOT_PRINTABLE',
      '该婚姻已解除或没有结婚证字号，请通过补领流程出具证明',
    );
  }
  await ctx.readAudit.record(actor, {
    action: 'marriage.print.marriage-certificate',
    targetType: 'marriage',
    targetId: m.id,
    divisionCode: m.divisionCode,
    details: { certificateNo: m.certificateNo },
  });
  const pdf = await certificatePdf({
    kind: 'marriage',
    certificateNo: m.certificateNo,
    registeredOn: m.registeredOn,
    registryName: m.registryName,
    registrarName: await registrarName(ctx, m.registrarId),
    husband: await partyFor(ctx, m.husbandId),
    wife: await partyFor(ctx, m.wifeId),
    remarks: m.kind === 'supplementary' ? `补办结婚登记，婚姻关系自${cn(m.effectiveFrom)}起算` : '',
  });
  return { fileName: `结婚证-${m.certificateNo}.pdf`, pdf };
}

async function visibleDivorce(ctx: CoreContext, actor: Actor, id: string) {
  const d = await findDivorceWithParties(ctx.db.kysely, id);
  if (!d) throw new DomainError('not_found', 'NOT_FOUND', '离婚登记申请不存在或不在您的管辖范围内');
  ensureVisible(actor, d.divisionCode, '离婚登记申请');
  return d;
}

/** 离婚证 of a registered divorce, or the 受理回执单 / 撤回确认单 of an application. */
export async function printDivorceDocument(
  ctx: CoreContext,
  actor: Actor,
  divorceId: string,
  which: 'certificate' | 'receipt' | 'withdrawal',
): Promise<PrintedDocument> {
  authorize(actor, 'marriage:write');
  const d = await visibleDivorce(ctx, actor, divorceId);
  await ctx.readAudit.record(actor, {
    action: `marriage.print.divorce-${which}`,
    targetType: 'divorce_application',
    targetId: d.id,
    divisionCode: d.divisionCode,
  });
  const to = `男方 ${d.husbandName}、女方 ${d.wifeName}`;
  if (which === 'certificate') {
    if (d.status !== 'registered' || !d.certificateNo) {
      throw new DomainError('conflict', 'CERTIFICATE_NOT_PRINTABLE', '离婚登记尚未办理，不能打印离婚证');
    }
    const issuedBy = await actorOfAction(ctx.db.kysely, 'marriage.divorce.register', {
      type: 'divorce_application',
      id: d.id,
    });
    const pdf = await certificatePdf({
      kind: 'divorce',
      certificateNo: d.certificateNo,
      registeredOn: d.closedOn ?? d.receivedOn,
      registryName: d.registryName,
      registrarName: await registrarName(ctx, issuedBy),
      husband: await partyFor(ctx, d.husbandId),
      wife: await partyFor(ctx, d.wifeId),
    });
    return { fileName: `离婚证-${d.certificateNo}.pdf`, pdf };
  }
  if (which === 'withdrawal') {
    // A termination by court judgment is stored like a withdrawal without a party (divorce.repository).
    if (d.status !== 'withdrawn') throw new DomainError('conflict', 'DIVORCE_NOT_WITHDRAWN', '该申请未撤回');
    const closedOn = d.closedOn ?? d.receivedOn;
    const reference = await documentNumber(ctx, actor, 'divorce-withdrawal', { ...d, date: closedOn });
    const pdf = await noticePdf({
      title: '撤回离婚登记申请确认单',
      reference,
      to,
      paragraphs: [
        `你们于${cn(d.receivedOn)}提交的离婚登记申请，已由${d.withdrawnBy === 'husband' ? '男方' : '女方'}于${cn(closedOn)}在离婚冷静期内申请撤回。本机关已确认撤回，离婚登记程序终止。`,
      ],
      issuerName: d.registryName,
      date: closedOn,
    });
    return { fileName: `撤回确认单-${reference}.pdf`, pdf };
  }
  const reference = await documentNumber(ctx, actor, 'divorce-receipt', { ...d, date: d.receivedOn });
  const jointStart = addDays(d.withdrawalEndsOn as PlainDate, 1);
  const unloaded = [d.withdrawalEndsOn, d.jointRequestEndsOn]
    .map((x) => plainDateParts(x as PlainDate).year)
    .filter((year, i, all) => !loadedHolidayYears().includes(year) && all.indexOf(year) === i);
  const pdf = await noticePdf({
    title: '离婚登记申请受理回执单',
    reference,
    to,
    paragraphs: [
      `本机关已于${cn(d.receivedOn)}受理你们的离婚登记申请。`,
      `自收到申请之日起三十日内（至${cn(d.withdrawalEndsOn)}），任何一方不愿意离婚的，可以持本回执单和本人身份证件到本机关撤回离婚登记申请。`,
      `冷静期届满后三十日内（${cn(jointStart)}至${cn(d.jointRequestEndsOn)}），双方应当亲自到本机关共同申请发给离婚证；未申请的，视为撤回离婚登记申请（民法典第一千零七十七条）。`,
    ],
    ...(unloaded.length > 0
      ? {
          warning: {
            heading: '【暂定日期】本回执单所列期限为暂定日期',
            text: `${unloaded.map((y) => `${y}年`).join('、')}国务院节假日安排尚未公布，上述期限暂按周六、周日为休息日推算；安排公布后，期限最后一日如遇法定节假日将依法顺延，本机关将重新核定并告知。`,
          },
        }
      : {}),
    issuerName: d.registryName,
    date: d.receivedOn,
  });
  return { fileName: `受理回执单-${reference}.pdf`, pdf };
}

const NOTICE_TITLES = {
  marriage: '不予办理结婚登记告知书',
  divorce: '不予受理离婚登记申请告知书',
  reissue: '不予补领婚姻登记证告知书',
} as const;

/** A refusal notice: the reasons only (never the conflicting record, R-MAR-17). */
export async function printRefusalNotice(
  ctx: CoreContext,
  actor: Actor,
  refusalId: string,
): Promise<PrintedDocument> {
  authorize(actor, 'marriage:read');
  const r = await findRefusalById(ctx.db.kysely, refusalId);
  if (!r) throw new DomainError('not_found', 'NOT_FOUND', '告知书不存在或不在您的管辖范围内');
  ensureVisible(actor, r.divisionCode, '告知书');
  const registry = await getRegistryName(ctx.db.kysely, r.registryId);
  const reasons = JSON.parse(r.reasons) as RefusalReason[];
  const reference = await documentNumber(ctx, actor, 'refusal-notice', { ...r, date: r.decidedOn });
  const pdf = await noticePdf({
    title: NOTICE_TITLES[r.service],
    reference,
    to: `男方 ${r.husbandName}、女方 ${r.wifeName}`,
    paragraphs: [`你们于${cn(r.decidedOn)}向本机关提出的申请，经审查，因下列原因不予办理：`],
    items: reasons.map((x) => withChineseDates(x.message)),
    closing: [remediesText(marriageConfig(ctx).refusalRemedies, r.divisionCode)],
    issuerName: registry.name,
    date: r.decidedOn,
    acknowledgement: true,
  });
  return { fileName: `${NOTICE_TITLES[r.service]}-${reference}.pdf`, pdf };
}

/** A re-issued certificate (BJ/BL) or a 婚姻登记记录证明 (JL). */
export async function printCertificateIssue(
  ctx: CoreContext,
  actor: Actor,
  issueId: string,
): Promise<PrintedDocument> {
  authorize(actor, 'marriage:write');
  const issue = await findCertificateIssueById(ctx.db.kysely, issueId);
  if (!issue) throw new DomainError('not_found', 'NOT_FOUND', '补发记录不存在或不在您的管辖范围内');
  ensureVisible(actor, issue.divisionCode, '补发记录');
  const m = await getMarriageById(ctx.db.kysely, issue.marriageId);
  const registry = await getRegistryName(ctx.db.kysely, issue.registryId);
  await ctx.readAudit.record(actor, {
    action: `marriage.print.${issue.kind}`,
    targetType: 'marriage',
    targetId: m.id,
    divisionCode: issue.divisionCode,
    details: { certificateNo: issue.certificateNo },
  });
  const husband = await partyFor(ctx, m.husbandId);
  const wife = await partyFor(ctx, m.wifeId);
  if (issue.kind === 'record_certificate') {
    const STATUS = {
      subsisting: '婚姻关系存续',
      divorced: '已离婚',
      ended_by_death: '因一方死亡终止',
      void: '经人民法院确认无效',
      annulled: '经人民法院判决撤销',
    } as const;
    const pdf = await noticePdf({
      title: '婚姻登记记录证明',
      reference: issue.certificateNo,
      to: `男方 ${husband.name}、女方 ${wife.name}`,
      paragraphs: [
        `经查询本机关婚姻登记档案，你们于${cn(m.registeredOn)}在${m.registryName}办理结婚登记，结婚证字号 ${m.certificateNo ?? '（无）'}。`,
        `该婚姻目前状态：${STATUS[m.status]}${m.endedOn ? `（${cn(m.endedOn)}）` : ''}。因婚姻状况已发生变化，不予补发婚姻登记证，特出具本证明。`,
      ],
      issuerName: registry.name,
      date: issue.issuedOn,
    });
    return { fileName: `婚姻登记记录证明-${issue.certificateNo}.pdf`, pdf };
  }
  const pdf = await certificatePdf({
    kind: issue.kind === 'marriage_certificate' ? 'reissued_marriage' : 'reissued_divorce',
    certificateNo: issue.certificateNo,
    registeredOn: issue.kind === 'marriage_certificate' ? m.registeredOn : (m.endedOn ?? issue.issuedOn),
    registryName: registry.name,
    registrarName: await registrarName(ctx, issue.registrarId),
    husband,
    wife,
    remarks: `${cn(issue.issuedOn)}补发`,
  });
  return { fileName: `补发-${issue.certificateNo}.pdf`, pdf };
}
