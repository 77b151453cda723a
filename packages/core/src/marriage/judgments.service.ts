import { DomainError, comparePlainDate, parsePlainDate, type PlainDate, newId } from '@social-affairs/kernel';
import { authorize, ensureVisible, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { isUniqueViolation } from '../db/index';
import { closeDivorce, openDivorceOfMarriage } from './divorce.repository';
import { divorcePhase } from './divorce.service';
import { CIVIL_CODE_IN_FORCE } from './marriage.config';
import { endMarriage, findMarriageById, insertJudgment } from './marriage.repository';
import type { JudgmentGround, JudgmentRow } from './marriage.table';
import { marriageToday } from './registry.service';

export interface CourtJudgmentInput {
  outcome: 'void' | 'annulled';
  ground: JudgmentGround;
  court: string;
  caseNumber: string;
  judgmentDate: string;
  /** The date the judgment took legal effect (生效日期). */
  effectiveDate: string;
}

/** CC 1051 (void: bigamy, prohibited kinship, under age) and CC 1052/1053 (annulled); JS-1 Art.17: no others. */
const GROUNDS: Record<CourtJudgmentInput['outcome'], readonly JudgmentGround[]> = {
  void: ['bigamy', 'prohibited_kinship', 'under_age'],
  annulled: ['coercion', 'concealed_illness'],
};

export interface JudgmentView {
  id: string;
  marriageId: string;
  outcome: 'void' | 'annulled';
  ground: JudgmentGround;
  court: string;
  caseNumber: string;
  judgmentDate: string;
  effectiveDate: string;
  /** The divorce application this judgment terminated (it was in its cooling-off windows), if any. */
  terminatedDivorceId: string | null;
}

/**
 * Files a court judgment declaring a marriage void or annulling it (R-MAR-16): the marriage record
 * becomes VOID or ANNULLED with a link to the judgment. This is the only way to reach those statuses —
 * the registry cannot decide them itself.
 *
 * A divorce application of that marriage still in its cooling-off or joint-request window is terminated
 * in the same transaction (`terminated_by_judgment`, closed today, audited with the judgment): there is
 * no marriage left to dissolve. An application already past window 2 is deemed withdrawn by law and is
 * left to the deemed-withdrawn job, which dates it correctly.
 */
export async function recordCourtJudgment(
  ctx: CoreContext,
  actor: Actor,
  marriageId: string,
  input: CourtJudgmentInput,
): Promise<JudgmentView> {
  authorize(actor, 'marriage:write');
  const m = await findMarriageById(ctx.db.kysely, marriageId);
  if (!m) throw new DomainError('not_found', 'NOT_FOUND', '婚姻登记记录不存在或不在您的管辖范围内');
  ensureVisible(actor, m.divisionCode, '婚姻登记记录');
  if (!GROUNDS[input.outcome].includes(input.ground)) {
    throw new DomainError(
      'invalid',
      'JUDGMENT_GROUND_INVALID',
      '判决理由与判决结果不符（无效：重婚、禁婚亲属、未到婚龄；撤销：胁迫、隐瞒重大疾病）',
      {
        field: 'ground',
      },
    );
  }
  const judgmentDate = parsePlainDate(input.judgmentDate);
  const effectiveDate = parsePlainDate(input.effectiveDate);
  if (
    comparePlainDate(effectiveDate, judgmentDate) < 0 ||
    comparePlainDate(effectiveDate, marriageToday(ctx)) > 0
  ) {
    throw new DomainError('invalid', 'JUDGMENT_DATE_INVALID', '生效日期不能早于判决日期，也不能晚于今天', {
      field: 'effectiveDate',
    });
  }
  if (m.status === 'void' || m.status === 'annulled') {
    throw new DomainError('conflict', 'MARRIAGE_ALREADY_INVALIDATED', '该婚姻已被宣告无效或撤销');
  }
  const row: JudgmentRow = {
    id: newId(),
    marriageId: m.id,
    outcome: input.outcome,
    ground: input.ground,
    court: input.court.trim(),
    caseNumber: input.caseNumber.trim(),
    judgmentDate,
    effectiveDate,
    divisionCode: m.divisionCode,
    recordedBy: actor.username,
    recordedAt: ctx.clock.now().toISOString(),
  };
  const today = marriageToday(ctx);
  let terminatedDivorceId: string | null = null;
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      terminatedDivorceId = null;
      // The application before the marriage: the divorce-certificate transaction locks them in this order.
      const open = await openDivorceOfMarriage(trx, m.id);
      if (open && divorcePhase(open, today).phase !== 'closed') {
        if (
          await closeDivorce(trx, open.id, {
            status: 'terminated_by_judgment',
            closedOn: today,
            at: row.recordedAt,
          })
        ) {
          terminatedDivorceId = open.id;
          await audit(ctx, trx, actor, {
            action: 'marriage.divorce.terminated-by-judgment',
            targetType: 'divorce_application',
            targetId: open.id,
            divisionCode: open.divisionCode,
            details: {
              marriageId: m.id,
              judgmentId: row.id,
              outcome: row.outcome,
              court: row.court,
              caseNumber: row.caseNumber,
              effectiveDate: row.effectiveDate,
            },
          });
        }
      }
      await insertJudgment(trx, row);
      const changed = await endMarriage(trx, m.id, input.outcome, effectiveDate, row.id, row.recordedAt, [
        'subsisting',
        'divorced',
        'ended_by_death',
      ]);
      if (!changed)
        throw new DomainError('conflict', 'MARRIAGE_ALREADY_INVALIDATED', '该婚姻已被宣告无效或撤销');
      await audit(ctx, trx, actor, {
        action: `marriage.judgment.${input.outcome}`,
        targetType: 'marriage',
        targetId: m.id,
        divisionCode: m.divisionCode,
        details: {
          judgmentId: row.id,
          court: row.court,
          caseNumber: row.caseNumber,
          ground: row.ground,
          previousStatus: m.status,
          terminatedDivorceId,
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError('conflict', 'JUDGMENT_CASE_NUMBER_EXISTS', '该案号的判决已登记', {
        field: 'caseNumber',
      });
    }
    throw err;
  }
  return {
    id: row.id,
    marriageId: row.marriageId,
    outcome: row.outcome,
    ground: row.ground,
    court: row.court,
    caseNumber: row.caseNumber,
    judgmentDate: row.judgmentDate,
    effectiveDate: row.effectiveDate,
    terminatedDivorceId,
  };
}

/**
 * A request to the registry to annul a marriage for coercion (or concealed illness). Since 2021-01-01
 * only a court can annul (CC 1052/1053; MCA-116 §1): the application is not accepted and the applicant
 * is pointed to the people's court, with the one-year limit that cannot be extended (JS-1 Art.19).
 */
export function applyForRegistryAnnulment(
  ctx: CoreContext,
  actor: Actor,
  ground: 'coercion' | 'concealed_illness',
): never {
  authorize(actor, 'marriage:write');
  const on: PlainDate = marriageToday(ctx);
  if (comparePlainDate(on, CIVIL_CODE_IN_FORCE) < 0) {
    // The platform never runs before 2021; old registry annulments exist only as back-filled history.
    throw new DomainError(
      'invalid',
      'ANNULMENT_HISTORY_ONLY',
      '2021年1月1日前的撤销婚姻记录只能作为历史档案补录',
    );
  }
  const message =
    ground === 'coercion'
      ? '自2021年1月1日起婚姻登记机关不再受理撤销受胁迫婚姻的申请。受胁迫一方可自胁迫行为终止之日起一年内（被非法限制人身自由的，自恢复人身自由之日起一年内）向人民法院请求撤销婚姻（民法典第1052条）；该期间不适用中止、中断和延长。'
      : '因一方婚前隐瞒重大疾病请求撤销婚姻的，由另一方自知道或者应当知道撤销事由之日起一年内向人民法院提出（民法典第1053条），婚姻登记机关不受理。';
  throw new DomainError('invalid', 'ANNULMENT_BY_COURT_ONLY', message, { ground, refer: 'people_court' });
}
