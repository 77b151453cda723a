/**
 * The day board (今日工作, /disability): what is due today for the signed-in user, in one request —
 * applications to forward / decide / notify with countdowns (R-DIS-06 deadlines on the kernel calendar,
 * stored by D2; overdue ones first), review steps waiting in the approval inbox (the disability
 * definitions), open outreach reminders, comparison findings to review (D6, when available) and this
 * month's roster of the county with the next action.
 */
import { todayPlainDate } from '@social-affairs/kernel';
import type { BoardDueApplicationDto, DisabilityBoardDto } from '@social-affairs/kernel/contracts/disability';
import { authorize, countyCodeOf, scopePrefix, type Actor } from '../access/index';
import { approvalInbox } from '../approvals/index';
import type { CoreContext } from '../context';
import {
  APPLICATION_STATUS_LABELS,
  ROSTER_STATUS_LABELS,
  type ApplicationStatus,
  type RosterStatus,
} from './disability.table';
import { countDueApplications, dueApplications, rosterOfMonth, type DueKind } from './board.repository';
import { openReminderSummary } from './outreach.repository';
import { verificationTodos } from './verification.service';

const BOARD_ITEMS = 8;

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The roster's next action for the county clerk / reviewer (D4, D5 pages). */
const NEXT_ACTION: Record<RosterStatus | 'none', string> = {
  none: '冻结本月发放名册并核对变化',
  frozen: '县级民政部门签批名册',
  signed: '生成银行代发文件',
  file_issued: '导入银行回盘文件，处理失败记录',
  closed: '本月发放已结清',
};

export async function disabilityBoard(ctx: CoreContext, actor: Actor): Promise<DisabilityBoardDto> {
  authorize(actor, 'disability:read');
  const db = ctx.db.kysely;
  const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
  const prefix = scopePrefix(actor.divisionCode);
  const group = async (kind: DueKind) => {
    const [rows, counts] = await Promise.all([
      dueApplications(db, kind, prefix, BOARD_ITEMS),
      countDueApplications(db, kind, prefix, today),
    ]);
    const items: BoardDueApplicationDto[] = rows.map((r) => {
      const daysLeft = daysBetween(today, r.dueOn);
      return {
        id: r.id,
        applicationNo: r.applicationNo,
        name: r.name,
        status: r.status,
        statusLabel: APPLICATION_STATUS_LABELS[r.status as ApplicationStatus] ?? r.status,
        dueOn: r.dueOn,
        daysLeft,
        overdue: daysLeft < 0,
        provisional: Number(r.dueProvisional) === 1,
      };
    });
    return { count: counts.n, overdue: counts.overdue, items };
  };
  const county = countyCodeOf(actor.divisionCode);
  const atCounty = /^\d{6}$/.test(county) && !county.endsWith('00');
  const month = today.slice(0, 7);
  const [toForward, toDecide, toNotify, inbox, reminders, roster, findings] = await Promise.all([
    group('toForward'),
    group('toDecide'),
    group('toNotify'),
    approvalInbox(ctx, actor, { pageSize: 1 }),
    openReminderSummary(db, prefix),
    atCounty ? rosterOfMonth(db, county, month) : Promise.resolve(undefined),
    // D6's comparison findings waiting for this user (township answer / county decision), read through its to-dos.
    verificationTodos(ctx, actor),
  ]);
  const kinds = inbox.kinds.filter((k) => k.definitionKey.startsWith('disability'));
  await ctx.readAudit.record(actor, {
    action: 'disability.board.read',
    targetType: 'disability_application',
    divisionCode: actor.divisionCode,
    details: { due: toForward.items.length + toDecide.items.length + toNotify.items.length },
  });
  const status = roster?.status ?? null;
  return {
    today,
    applications: { toForward, toDecide, toNotify },
    approvals: {
      count: kinds.reduce((n, k) => n + k.count, 0),
      kinds: kinds.map((k) => ({ title: k.title, count: k.count })),
    },
    reminders: { open: reminders.n, newOnes: reminders.newOnes, oldestFoundOn: reminders.oldest },
    findings: {
      count: findings.reduce((n, f) => n + f.count, 0),
      link: findings[0]?.link ?? '/disability/verification',
    },
    roster: atCounty
      ? {
          countyCode: county,
          month,
          status,
          statusLabel: status ? ROSTER_STATUS_LABELS[status] : '未冻结',
          nextAction: NEXT_ACTION[status ?? 'none'],
          link: `/disability/rosters?month=${month}`,
        }
      : null,
  };
}
