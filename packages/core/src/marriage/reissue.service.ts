import { DomainError, comparePlainDate, type PlainDate, newId } from '@social-affairs/kernel';
import { authorize, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { MRR_2025_IN_FORCE, marriageConfig } from './marriage.config';
import { PRESENTED_BY_PARTIES, marriageForWrite, type PresentedParties } from './couple.service';
import { hukouCodesOf, insertCertificateIssue, marriagesOfPerson } from './marriage.repository';
import type { CertificateIssueKind, CertificateIssueRow, MarriageRow, RegistryRow } from './marriage.table';
import { competenceReason, takeCertificateNo, type CertificateSeries } from './registration.service';
import { ensureQualified, marriageToday, visibleRegistry } from './registry.service';

export interface ReissueInput {
  /** A marriage in the registrar's scope; otherwise `parties` (当事人持证申请). Exactly one is given. */
  marriageId?: string;
  /** The resident ids both parties present: the marriage is found by them, in any division. */
  parties?: PresentedParties;
  registryId: string;
  /** Which certificate was lost or damaged. */
  certificate: 'marriage' | 'divorce';
  /** Who applies; a proxy with a power of attorney is accepted for re-issue only (R-MAR-02). */
  applicant: 'husband' | 'wife' | 'both' | 'proxy';
  /** The registry found the registration in its archive (查档核实). */
  archiveConfirmed: boolean;
}

export interface CertificateIssueView {
  id: string;
  marriageId: string;
  kind: CertificateIssueKind;
  certificateNo: string;
  issuedOn: string;
  registryName: string;
  /** Set when a record certificate was issued instead of the requested certificate. */
  insteadBecause: string | null;
}

const SERIES: Record<CertificateIssueKind, CertificateSeries> = {
  marriage_certificate: 'BJ',
  divorce_certificate: 'BL',
  record_certificate: 'JL',
};

/** Whether either party married again after this marriage ended. */
async function remarriedSince(ctx: CoreContext, m: MarriageRow): Promise<boolean> {
  if (!m.endedOn) return false;
  for (const personId of [m.husbandId, m.wifeId]) {
    const later = (await marriagesOfPerson(ctx.db.kysely, personId)).filter(
      (x) =>
        x.id !== m.id &&
        x.status !== 'void' &&
        x.status !== 'annulled' &&
        x.registeredOn >= (m.endedOn ?? ''),
    );
    if (later.length > 0) return true;
  }
  return false;
}

/** Before 2025-05-10: the original registry or one at either party's hukou; from then any (R-MAR-14). */
async function reissueCompetence(
  ctx: CoreContext,
  registry: RegistryRow,
  m: MarriageRow,
  on: PlainDate,
): Promise<void> {
  if (
    m.crossBorder === 'mainland' &&
    comparePlainDate(on, MRR_2025_IN_FORCE) < 0 &&
    m.registryId === registry.id
  )
    return;
  const hukou = await hukouCodesOf(ctx.db.kysely, [m.husbandId, m.wifeId]);
  const reason = competenceReason(
    marriageConfig(ctx),
    registry,
    on,
    m.crossBorder,
    hukou.map((h) => h.hukouDivisionCode.slice(0, 6)),
  );
  if (reason) throw new DomainError('invalid', reason.code, reason.message, { field: 'registryId' });
}

/**
 * 补领结婚证/离婚证 (R-MAR-14): after the archive is checked, re-issue the certificate — unless the
 * couple's status has changed since (later divorce, death, remarriage, or a court judgment), in which
 * case a 婚姻登记记录证明 is issued instead. Numbers: BJ/BL/JL series per registry and year.
 */
export async function reissueCertificate(
  ctx: CoreContext,
  actor: Actor,
  input: ReissueInput,
): Promise<CertificateIssueView> {
  authorize(actor, 'marriage:write');
  // A record id is checked against the registrar's scope first, exactly as a read (404 otherwise); the
  // ids both parties present are looked up in any division, once the registrar is known to be
  // qualified — competence below still applies before 2025-05-10 (R-MAR-14).
  const byRecord =
    input.marriageId !== undefined
      ? await marriageForWrite(ctx, actor, { marriageId: input.marriageId })
      : undefined;
  const registry = await visibleRegistry(ctx, actor, input.registryId);
  const on = marriageToday(ctx);
  await ensureQualified(ctx, actor, registry, on);
  const { marriage: m, via } =
    byRecord ??
    (await marriageForWrite(ctx, actor, { parties: input.parties! }, (ms) =>
      input.certificate === 'divorce'
        ? (ms.find((x) => x.status === 'divorced') ?? ms[0])
        : (ms.find((x) => x.status === 'subsisting') ?? ms[0]),
    ));
  if (!input.archiveConfirmed) {
    throw new DomainError('invalid', 'REISSUE_ARCHIVE_NOT_CONFIRMED', '须先查档核实婚姻登记档案，方可补发', {
      field: 'archiveConfirmed',
    });
  }
  await reissueCompetence(ctx, registry, m, on);
  let kind: CertificateIssueKind;
  let insteadBecause: string | null = null;
  if (input.certificate === 'marriage') {
    kind = m.status === 'subsisting' ? 'marriage_certificate' : 'record_certificate';
    if (kind === 'record_certificate')
      insteadBecause =
        '当事人婚姻状况已发生变化（离婚、丧偶或婚姻被宣告无效、撤销），不予补发结婚证，出具婚姻登记记录证明';
  } else {
    if (m.status !== 'divorced') {
      throw new DomainError(
        'conflict',
        'REISSUE_NO_DIVORCE_RECORD',
        '档案中没有该婚姻的离婚登记，不能补发离婚证',
      );
    }
    const changed = await remarriedSince(ctx, m);
    kind = changed ? 'record_certificate' : 'divorce_certificate';
    if (changed) insteadBecause = '当事人离婚后已再婚或复婚，不予补发离婚证，出具婚姻登记记录证明';
  }
  const now = ctx.clock.now().toISOString();
  const row: CertificateIssueRow = {
    id: newId(),
    marriageId: m.id,
    kind,
    registryId: registry.id,
    divisionCode: registry.divisionCode,
    issuedOn: on,
    certificateNo: '',
    crossBorder: m.crossBorder,
    applicant: input.applicant,
    registrarId: actor.userId,
    createdAt: now,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    row.certificateNo = await takeCertificateNo(trx, registry, SERIES[kind], on);
    await insertCertificateIssue(trx, row);
    await audit(ctx, trx, actor, {
      action: `marriage.issue.${kind}`,
      targetType: 'marriage',
      targetId: m.id,
      divisionCode: registry.divisionCode,
      reason: via === 'parties' ? PRESENTED_BY_PARTIES : null,
      details: {
        certificateNo: row.certificateNo,
        requested: input.certificate,
        applicant: input.applicant,
        via,
      },
    });
  });
  return {
    id: row.id,
    marriageId: m.id,
    kind,
    certificateNo: row.certificateNo,
    issuedOn: on,
    registryName: registry.name,
    insteadBecause,
  };
}
