/**
 * Rescue funds (R-RES-17): spending items of a station, on one case or on the station's recipients in
 * general, only in three categories — recipients' living costs, medical care and purchased services.
 * Construction or any other category is refused. A purchased service must be specialist work staff
 * cannot do, or fill a real staffing or vehicle gap: the justification is required. Amounts in fen.
 */
import { DomainError, newId, parsePlainDate, type PlainDate } from '@social-affairs/kernel';
import { authorize, type Actor } from '../access/index';
import { audit } from '../audit/index';
import type { CoreContext } from '../context';
import { lockedVisibleCase, visibleCase, visibleStation } from './cases.access';
import { recorderNamed, recordersNamed } from './recorder-names';
import { auditStayRead, stayToday } from './stay-limit';
import {
  fundItemsOfCase,
  fundItemsOfStation,
  insertFundItem,
  type RescueFundItemRow,
} from './stay.repository';
import {
  RESCUE_FUND_CATEGORIES,
  RESCUE_PURCHASE_JUSTIFICATIONS,
  type RescueFundCategory,
  type RescuePurchaseJustification,
} from './stay.table';

export const FUND_CATEGORY_LABELS: Record<RescueFundCategory, string> = {
  living: '受助人员生活费',
  medical: '医疗救治',
  purchased_service: '购买服务',
};
export const PURCHASE_JUSTIFICATION_LABELS: Record<RescuePurchaseJustification, string> = {
  specialist: '专业性强、工作人员无法承担',
  staffing_gap: '弥补人手不足',
  vehicle_gap: '弥补车辆不足',
};

export interface FundItemInput {
  /** A case of the station, or none for spending on the station's recipients in general. */
  caseId?: string | null;
  /** For station-level items (no case). */
  stationId?: string | null;
  category: string;
  amountFen: number;
  spentOn: string;
  description: string;
  justification?: string | null;
}

export interface FundItemView {
  id: string;
  stationId: string;
  caseId: string | null;
  category: RescueFundCategory;
  categoryLabel: string;
  amountFen: number;
  spentOn: string;
  description: string;
  justification: RescuePurchaseJustification | null;
  justificationLabel: string | null;
  createdBy: string;
  createdAt: string;
}

const present = (r: RescueFundItemRow): FundItemView => ({
  id: r.id,
  stationId: r.stationId,
  caseId: r.caseId,
  category: r.category,
  categoryLabel: FUND_CATEGORY_LABELS[r.category],
  amountFen: r.amountFen,
  spentOn: r.spentOn,
  description: r.description,
  justification: r.justification,
  justificationLabel: r.justification ? PURCHASE_JUSTIFICATION_LABELS[r.justification] : null,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
});

/** R-RES-17: records one spending item; construction or any category outside the three → 422. */
export async function recordFundItem(
  ctx: CoreContext,
  actor: Actor,
  input: FundItemInput,
): Promise<FundItemView> {
  authorize(actor, 'rescue:write');
  if (!(RESCUE_FUND_CATEGORIES as readonly string[]).includes(input.category)) {
    throw new DomainError(
      'invalid',
      'RESCUE_FUND_CATEGORY_NOT_ALLOWED',
      '救助资金只能用于受助人员生活、医疗救治和购买服务，不得用于基本建设等其他支出',
      { field: 'category', category: input.category },
    );
  }
  const category = input.category as RescueFundCategory;
  let justification: RescuePurchaseJustification | null = null;
  if (category === 'purchased_service') {
    if (
      !input.justification ||
      !(RESCUE_PURCHASE_JUSTIFICATIONS as readonly string[]).includes(input.justification)
    ) {
      throw new DomainError(
        'invalid',
        'RESCUE_PURCHASE_JUSTIFICATION_REQUIRED',
        '购买服务须说明理由：专业性强、工作人员无法承担，或弥补人手、车辆不足',
        { field: 'justification' },
      );
    }
    justification = input.justification as RescuePurchaseJustification;
  } else if (input.justification) {
    throw new DomainError(
      'invalid',
      'RESCUE_JUSTIFICATION_ONLY_FOR_PURCHASE',
      '只有购买服务需要填写购买理由',
      {
        field: 'justification',
      },
    );
  }
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new DomainError('invalid', 'AMOUNT_INVALID', '金额须大于0（以分计）', { field: 'amountFen' });
  }
  let spentOn: PlainDate;
  try {
    spentOn = parsePlainDate(input.spentOn);
  } catch {
    throw new DomainError('invalid', 'DATE_INVALID', '支出日期格式不正确', { field: 'spentOn' });
  }
  if (spentOn > stayToday(ctx)) {
    throw new DomainError('invalid', 'RESCUE_FUND_DATE_IN_FUTURE', '支出日期不能晚于今天', {
      field: 'spentOn',
    });
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    let stationId: string;
    let divisionCode: string;
    let subjectPersonId: string | null = null;
    let caseId: string | null = null;
    if (input.caseId) {
      const c = await lockedVisibleCase(trx, actor, input.caseId);
      if (input.stationId && input.stationId !== c.stationId) {
        throw new DomainError('invalid', 'RESCUE_FUND_STATION_MISMATCH', '所选救助管理站与案件所属站不一致', {
          field: 'stationId',
        });
      }
      stationId = c.stationId;
      divisionCode = c.divisionCode;
      subjectPersonId = c.personId;
      caseId = c.id;
    } else if (input.stationId) {
      const s = await visibleStation(trx, actor, input.stationId);
      stationId = s.id;
      divisionCode = s.divisionCode;
    } else {
      throw new DomainError('invalid', 'RESCUE_FUND_OWNER_REQUIRED', '请选择支出所属的救助案件或救助管理站', {
        field: 'caseId',
      });
    }
    const row: RescueFundItemRow = {
      id: newId(),
      stationId,
      caseId,
      divisionCode,
      category,
      amountFen: input.amountFen,
      spentOn,
      description: input.description.trim(),
      justification,
      createdBy: actor.username,
      createdAt: ctx.clock.now().toISOString(),
    };
    await insertFundItem(trx, row);
    await audit(ctx, trx, actor, {
      action: 'rescue.fund.record',
      targetType: caseId ? 'rescue_case' : 'rescue_station',
      targetId: caseId ?? stationId,
      divisionCode,
      subjectPersonId,
      details: { fundItemId: row.id, category, amountFen: row.amountFen, spentOn },
    });
    return recorderNamed(trx, present(row), 'createdBy');
  });
}

export async function fundItemsOf(ctx: CoreContext, actor: Actor, caseId: string): Promise<FundItemView[]> {
  authorize(actor, 'rescue:read');
  const c = await visibleCase(ctx.db.kysely, actor, caseId);
  await auditStayRead(ctx, actor, c, 'funds');
  return recordersNamed(
    ctx.db.kysely,
    (await fundItemsOfCase(ctx.db.kysely, c.id)).map(present),
    'createdBy',
  );
}

export async function stationFundItems(
  ctx: CoreContext,
  actor: Actor,
  stationId: string,
  from: string,
  to: string,
): Promise<FundItemView[]> {
  authorize(actor, 'rescue:read');
  const s = await visibleStation(ctx.db.kysely, actor, stationId);
  const items = (await fundItemsOfStation(ctx.db.kysely, s.id, from, to)).map(present);
  return recordersNamed(ctx.db.kysely, items, 'createdBy');
}
