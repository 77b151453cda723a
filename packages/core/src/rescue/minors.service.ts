/**
 * Minors in the station's care (R-RES-16): schooling or vocational training arranged by age and condition
 * (vocational training only from 14, and only when the minor is willing), or none with the reason; and
 * the assessment of family guardianship — when guardians persistently refuse their duty, the station is
 * told it may apply to a court to revoke the guardianship.
 */
import { DomainError, newId, parsePlainDate, type PlainDate } from '@social-affairs/kernel';
import { authorize, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { ensureCaseOpen, lockedVisibleCase, visibleCase } from './cases.access';
import { recorderNamed, recordersNamed } from './recorder-names';
import type { RescueCaseRow } from './cases.repository';
import { ageOnDay } from './periods';
import { auditStayRead, stayToday } from './stay-limit';
import {
  educationOfCase,
  guardianshipOfCase,
  insertEducation,
  insertGuardianship,
  type RescueGuardianshipRow,
  type RescueMinorEducationRow,
} from './stay.repository';
import type { RescueEducationKind, RescueGuardianshipFinding } from './stay.table';

/** Vocational training is open to minors of this age or older who are willing (R-RES-16). */
export const VOCATIONAL_MIN_AGE = 14;
const ADULT_AGE = 18;

export const EDUCATION_KIND_LABELS: Record<RescueEducationKind, string> = {
  school: '入学就读',
  vocational: '职业技能培训',
  none: '暂不安排',
};
export const GUARDIANSHIP_FINDING_LABELS: Record<RescueGuardianshipFinding, string> = {
  able: '监护人能够履行监护职责',
  unable: '监护人无力履行监护职责',
  refuse: '监护人拒不履行监护职责',
};
export const COURT_SUGGESTION =
  '监护人持续拒不履行监护职责：救助管理站可依法向人民法院申请撤销其监护人资格（《未成年人保护法》、R-RES-16）';

function ageToday(ctx: CoreContext, c: RescueCaseRow): number | null {
  return ageOnDay(
    { birthDate: c.birthDate, estimatedAge: c.estimatedAge, entryDate: c.entryDate as PlainDate },
    stayToday(ctx),
  );
}

function ensureMinor(ctx: CoreContext, c: RescueCaseRow): number | null {
  const age = ageToday(ctx, c);
  if (age !== null && age >= ADULT_AGE) {
    throw new DomainError(
      'conflict',
      'RESCUE_NOT_MINOR',
      '该受助人员已满18周岁，不适用未成年人教育和监护评估',
    );
  }
  return age;
}

export interface EducationInput {
  kind: RescueEducationKind;
  institution?: string | null;
  fromDate?: string | null;
  willing?: boolean;
  reason?: string | null;
}

export interface EducationView {
  id: string;
  kind: RescueEducationKind;
  kindLabel: string;
  institution: string | null;
  fromDate: string | null;
  willing: boolean;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

const presentEducation = (r: RescueMinorEducationRow): EducationView => ({
  id: r.id,
  kind: r.kind,
  kindLabel: EDUCATION_KIND_LABELS[r.kind],
  institution: r.institution,
  fromDate: r.fromDate,
  willing: r.willing === 1,
  reason: r.reason,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
});

/** R-RES-16: records the schooling or vocational training arranged for a minor (or none, with why). */
export async function arrangeEducation(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: EducationInput,
): Promise<EducationView> {
  authorize(actor, 'rescue:write');
  const institution = input.institution?.trim() || null;
  const reason = input.reason?.trim() || null;
  let fromDate: PlainDate | null = null;
  if (input.kind === 'none') {
    if (!reason) {
      throw new DomainError(
        'invalid',
        'RESCUE_EDUCATION_REASON_REQUIRED',
        '暂不安排入学或培训的，请写明原因',
        {
          field: 'reason',
        },
      );
    }
  } else {
    if (!institution) {
      throw new DomainError('invalid', 'RESCUE_EDUCATION_INSTITUTION_REQUIRED', '请填写就读学校或培训机构', {
        field: 'institution',
      });
    }
    try {
      fromDate = parsePlainDate(input.fromDate ?? '');
    } catch {
      throw new DomainError('invalid', 'DATE_INVALID', '请填写开始日期', { field: 'fromDate' });
    }
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, caseId);
    ensureCaseOpen(c);
    const age = ensureMinor(ctx, c);
    if (input.kind === 'vocational') {
      if (age === null || age < VOCATIONAL_MIN_AGE) {
        throw new DomainError(
          'invalid',
          'RESCUE_VOCATIONAL_UNDER_14',
          '职业技能培训仅适用于年满14周岁、不宜接受义务教育且本人自愿的未成年人',
          { field: 'kind', age },
        );
      }
      if (!input.willing) {
        throw new DomainError(
          'invalid',
          'RESCUE_VOCATIONAL_NOT_WILLING',
          '职业技能培训须本人自愿，请确认本人意愿',
          {
            field: 'willing',
          },
        );
      }
    }
    const row: RescueMinorEducationRow = {
      id: newId(),
      caseId: c.id,
      stationId: c.stationId,
      divisionCode: c.divisionCode,
      kind: input.kind,
      institution: input.kind === 'none' ? null : institution,
      fromDate,
      willing: input.willing ? 1 : 0,
      reason,
      createdBy: actor.username,
      createdAt: ctx.clock.now().toISOString(),
    };
    await insertEducation(trx, row);
    await audit(ctx, trx, actor, {
      action: 'rescue.minor.education',
      targetType: 'rescue_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { educationId: row.id, kind: row.kind, fromDate },
    });
    return recorderNamed(trx, presentEducation(row), 'createdBy');
  });
}

export interface GuardianshipInput {
  assessedOn: string;
  finding: RescueGuardianshipFinding;
  persistentRefusal?: boolean;
  note?: string | null;
}

export interface GuardianshipView {
  id: string;
  assessedOn: string;
  finding: RescueGuardianshipFinding;
  findingLabel: string;
  persistentRefusal: boolean;
  note: string | null;
  /** Set when guardians persistently refuse their duty. */
  courtSuggestion: string | null;
  createdBy: string;
  createdAt: string;
}

const presentGuardianship = (r: RescueGuardianshipRow): GuardianshipView => ({
  id: r.id,
  assessedOn: r.assessedOn,
  finding: r.finding,
  findingLabel: GUARDIANSHIP_FINDING_LABELS[r.finding],
  persistentRefusal: r.persistentRefusal === 1,
  note: r.note,
  courtSuggestion: r.finding === 'refuse' && r.persistentRefusal === 1 ? COURT_SUGGESTION : null,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
});

/** R-RES-16: records a family guardianship assessment. */
export async function assessGuardianship(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  input: GuardianshipInput,
): Promise<GuardianshipView> {
  authorize(actor, 'rescue:write');
  let assessedOn: PlainDate;
  try {
    assessedOn = parsePlainDate(input.assessedOn);
  } catch {
    throw new DomainError('invalid', 'DATE_INVALID', '评估日期格式不正确', { field: 'assessedOn' });
  }
  if (input.persistentRefusal && input.finding !== 'refuse') {
    throw new DomainError(
      'invalid',
      'RESCUE_GUARDIANSHIP_INCONSISTENT',
      '只有评估结论为“拒不履行”时才能勾选“持续拒不履行”',
      {
        field: 'persistentRefusal',
      },
    );
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await lockedVisibleCase(trx, actor, caseId);
    ensureCaseOpen(c);
    ensureMinor(ctx, c);
    if (assessedOn < c.entryDate || assessedOn > stayToday(ctx)) {
      throw new DomainError('invalid', 'RESCUE_ASSESSMENT_DATE_INVALID', '评估日期须在入站之日至今天之间', {
        field: 'assessedOn',
      });
    }
    const row: RescueGuardianshipRow = {
      id: newId(),
      caseId: c.id,
      stationId: c.stationId,
      divisionCode: c.divisionCode,
      assessedOn,
      finding: input.finding,
      persistentRefusal: input.persistentRefusal ? 1 : 0,
      note: input.note?.trim() || null,
      createdBy: actor.username,
      createdAt: ctx.clock.now().toISOString(),
    };
    await insertGuardianship(trx, row);
    await audit(ctx, trx, actor, {
      action: 'rescue.minor.guardianship',
      targetType: 'rescue_case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      subjectPersonId: c.personId,
      details: { assessmentId: row.id, finding: row.finding, persistentRefusal: row.persistentRefusal === 1 },
    });
    return recorderNamed(trx, presentGuardianship(row), 'createdBy');
  });
}

export interface MinorView {
  /** The person is a minor today (age unknown counts as not known to be an adult). */
  minor: boolean;
  age: number | null;
  vocationalAllowed: boolean;
  education: EducationView[];
  guardianship: GuardianshipView[];
}

export async function minorOf(ctx: CoreContext, actor: Actor, caseId: string): Promise<MinorView> {
  authorize(actor, 'rescue:read');
  const c = await visibleCase(ctx.db.kysely, actor, caseId);
  await auditStayRead(ctx, actor, c, 'minor');
  const age = ageToday(ctx, c);
  return {
    minor: age === null || age < ADULT_AGE,
    age,
    vocationalAllowed: age !== null && age >= VOCATIONAL_MIN_AGE && age < ADULT_AGE,
    education: await recordersNamed(
      ctx.db.kysely,
      (await educationOfCase(ctx.db.kysely, c.id)).map(presentEducation),
      'createdBy',
    ),
    guardianship: await recordersNamed(
      ctx.db.kysely,
      (await guardianshipOfCase(ctx.db.kysely, c.id)).map(presentGuardianship),
      'createdBy',
    ),
  };
}
