/** The marriage line's to-do sources for the home page (line manifest). */
import type { Actor } from '../access/index';
import type { CoreContext } from '../context';
import { importErrorsTodo } from '../imports/index';
import type { TodoItem, TodoSource } from '../line';
import { listAppointments } from './appointments.service';
import { listDivorces } from './divorce.service';
import { marriageToday, myRegistries } from './registry.service';

/** Couples booked today at the registries the registrar is qualified for. */
async function appointmentsToday(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const today = marriageToday(ctx);
  let count = 0;
  for (const registry of await myRegistries(ctx, actor)) {
    count += (await listAppointments(ctx, actor, registry.id, today)).filter(
      (a) => a.status === 'booked',
    ).length;
  }
  return [
    {
      line: 'marriage',
      kind: 'marriage.appointments-today',
      title: '今日预约待办理',
      count,
      dueOn: today,
      link: '/marriage',
    },
  ];
}

/** Divorce applications whose 30-day window to ask for the certificate is open now (R-MAR-12). */
async function divorceCertificateWindows(ctx: CoreContext, actor: Actor): Promise<TodoItem[]> {
  const open = (await listDivorces(ctx, actor, { status: 'cooling_off', limit: 500 })).filter(
    (d) => d.phase === 'joint_request',
  );
  const due = open.map((d) => d.jointRequestEndsOn).sort()[0];
  return [
    {
      line: 'marriage',
      kind: 'marriage.divorce-certificate-window',
      title: '离婚冷静期届满、可申请发证的离婚申请',
      count: open.length,
      ...(due ? { dueOn: due } : {}),
      link: '/marriage',
    },
  ];
}

export const marriageTodos: readonly TodoSource[] = [
  { name: 'marriage.appointments-today', permission: 'marriage:write', load: appointmentsToday },
  {
    name: 'marriage.divorce-certificate-window',
    permission: 'marriage:read',
    load: divorceCertificateWindows,
  },
  // Backfill imports through the shared pipeline that failed or refused rows (issue 13 item 4).
  importErrorsTodo({
    line: 'marriage',
    kindPrefix: 'marriage.backfill:',
    permission: 'marriage:write',
    title: '历史婚姻登记数据导入有错误行或失败',
    link: '/marriage/import',
  }),
];
