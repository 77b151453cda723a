/**
 * To-dos of the certificates concern: cremated bodies still without a cremation certificate, and 遗体外运
 * requests approved by the county of death that have not left yet.
 */
import { scopeFilterFor } from '../access/index';
import type { TodoSource } from '../line';
import { casesAwaitingCertificate, transportsAwaitingDeparture } from './certificates.repository';

export const certificatesTodos: TodoSource[] = [
  {
    name: 'funeral.certificates-to-issue',
    permission: 'funeral:write',
    async load(ctx, actor) {
      const { ids, total } = await casesAwaitingCertificate(ctx.db.kysely, scopeFilterFor(actor), 1);
      return total === 0
        ? []
        : [
            {
              line: 'funeral',
              kind: 'funeral.certificates-to-issue',
              title: `火化证明：${total} 具遗体已火化，尚未出具火化证明`,
              count: total,
              link:
                total === 1 && ids[0]
                  ? `/funeral/cases/${encodeURIComponent(ids[0])}?tab=certificates`
                  : '/funeral/cases',
            },
          ];
    },
  },
  {
    name: 'funeral.transports-to-depart',
    permission: 'funeral:write',
    async load(ctx, actor) {
      const total = await transportsAwaitingDeparture(ctx.db.kysely, scopeFilterFor(actor));
      return total === 0
        ? []
        : [
            {
              line: 'funeral',
              kind: 'funeral.transports-to-depart',
              title: `遗体外运：${total} 件已获死亡地民政部门批准，待卫生处理后起运`,
              count: total,
              link: '/funeral/transports?status=approved',
            },
          ];
    },
  },
];
