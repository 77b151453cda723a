/**
 * The checks other concerns of the rescue line make before they put a person somewhere: a dormitory of
 * the right sex with a free bed (R-RES-04, used by intake), and a partner institution that may take a new
 * placement under an active agreement (R-RES-13, used by the stay concern). The caller has already checked
 * the actor's scope on the case and the station (cases.access.ts); these run inside its transaction.
 */
import { DomainError } from '@social-affairs/kernel';
import type { Executor } from '../db/index';
import { findActiveAgreement, findPartner, type RescueAgreementRow } from './partners.repository';
import type { RescueSex } from './rescue.table';
import { countDormitoryOccupants, findDormitory, type RescueDormitoryRow } from './stations.repository';

const SEX_LABEL: Record<RescueSex, string> = { male: '男', female: '女' };

/**
 * The dormitory a person of `sex` may be assigned to at `stationId`:
 * - unknown, or of another station → 422 `RESCUE_DORMITORY_UNKNOWN`;
 * - of the other sex → 422 `RESCUE_DORMITORY_SEX_MISMATCH` (R-RES-04: rooms are separated by sex; TC: a
 *   female recipient to a male dormitory is rejected);
 * - closed → 409 `RESCUE_DORMITORY_CLOSED`; every bed taken → 409 `RESCUE_DORMITORY_FULL` (people with
 *   status in_station assigned to it; `exceptCaseId` is not counted, for moving a case already there).
 */
export async function assertDormitoryFor(
  db: Executor,
  stationId: string,
  dormitoryId: string,
  sex: RescueSex,
  opts: { exceptCaseId?: string } = {},
): Promise<RescueDormitoryRow> {
  const dorm = await findDormitory(db, dormitoryId);
  if (!dorm || dorm.stationId !== stationId) {
    throw new DomainError('invalid', 'RESCUE_DORMITORY_UNKNOWN', '所选宿舍不属于本救助管理站，请重新选择', {
      field: 'dormitoryId',
    });
  }
  if (dorm.sex !== sex) {
    // R-RES-04 (RESC Art.8): 男女分室；女性受助人员不得安排到男宿舍，反之亦然。
    throw new DomainError(
      'invalid',
      'RESCUE_DORMITORY_SEX_MISMATCH',
      `宿舍男女分设：${dorm.name}为${SEX_LABEL[dorm.sex]}宿舍，不能安排${SEX_LABEL[sex]}性受助人员，请选择${SEX_LABEL[sex]}宿舍`,
      { field: 'dormitoryId', dormitorySex: dorm.sex, sex },
    );
  }
  if (dorm.status !== 'active') {
    throw new DomainError('conflict', 'RESCUE_DORMITORY_CLOSED', `${dorm.name}已停用，请选择其他宿舍`, {
      field: 'dormitoryId',
    });
  }
  const taken = await countDormitoryOccupants(db, dorm.id, opts.exceptCaseId);
  if (taken >= dorm.beds) {
    throw new DomainError(
      'conflict',
      'RESCUE_DORMITORY_FULL',
      `${dorm.name}床位已满（${taken}/${dorm.beds}），请选择其他宿舍或先调整床位`,
      { field: 'dormitoryId', beds: dorm.beds, occupied: taken },
    );
  }
  return dorm;
}

export interface PlacementCheck {
  stationId: string;
  partnerId: string;
  /** The placement's start date (YYYY-MM-DD): the agreement must be active on it. */
  on: string;
  /**
   * People currently placed under the agreement (the stay concern counts its own placements): when given,
   * a placement beyond the agreement's places is refused (409 `RESCUE_AGREEMENT_FULL`).
   */
  placedCount?: number;
}

/**
 * The active agreement under which the station may place a person with the partner on `on` (R-RES-13):
 * - partner unknown → 404; closed → 409 `RESCUE_PARTNER_CLOSED`;
 * - flagged `unqualified` → 409 `RESCUE_PARTNER_UNQUALIFIED` (TC: an agreement with an institution
 *   flagged unqualified → new placements blocked); `under_rectification` is allowed (shown as flagged);
 * - no agreement of that station with that partner active on `on` → 409 `RESCUE_AGREEMENT_MISSING`;
 * - `placedCount` ≥ the agreement's places → 409 `RESCUE_AGREEMENT_FULL`.
 */
export async function ensurePartnerAcceptsPlacement(
  db: Executor,
  check: PlacementCheck,
): Promise<RescueAgreementRow> {
  const partner = await findPartner(db, check.partnerId);
  if (!partner) {
    throw new DomainError('not_found', 'NOT_FOUND', '托养机构或合作医院不存在或不在您的管辖范围内', {
      field: 'partnerId',
    });
  }
  if (partner.status !== 'active') {
    throw new DomainError('conflict', 'RESCUE_PARTNER_CLOSED', `${partner.name}已停止合作，不能新增托养`, {
      field: 'partnerId',
    });
  }
  if (partner.qualification === 'unqualified') {
    // R-RES-13: 与不合格机构的托养合同应当终止，不得新增托养。
    throw new DomainError(
      'conflict',
      'RESCUE_PARTNER_UNQUALIFIED',
      `${partner.name}经检查不合格，不能新增托养；请选择其他机构，整改复查合格后方可恢复`,
      { field: 'partnerId', qualificationNote: partner.qualificationNote },
    );
  }
  const agreement = await findActiveAgreement(db, check.stationId, check.partnerId, check.on);
  if (!agreement) {
    throw new DomainError(
      'conflict',
      'RESCUE_AGREEMENT_MISSING',
      `本站与${partner.name}在 ${check.on} 没有有效的托养协议，请先签订协议或选择其他机构`,
      { field: 'partnerId', on: check.on },
    );
  }
  if (check.placedCount !== undefined && check.placedCount >= agreement.places) {
    throw new DomainError(
      'conflict',
      'RESCUE_AGREEMENT_FULL',
      `托养协议 ${agreement.agreementNo} 的名额已满（${check.placedCount}/${agreement.places}），请选择其他机构或续签协议`,
      { field: 'partnerId', places: agreement.places, placed: check.placedCount },
    );
  }
  return agreement;
}
