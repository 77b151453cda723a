/** To-dos of the cemeteries concern: plots whose term is expiring (renewal notices to send). */
import { addMonths, todayPlainDate } from '@social-affairs/kernel';
import { scopeFilterFor } from '../access/index';
import type { TodoSource } from '../line';
import { listPlotRows } from './cemeteries.repository';
import { funeralConfig } from './funeral.config';

export const cemeteriesTodos: TodoSource[] = [
  {
    name: 'funeral.plots-expiring',
    permission: 'funeral:write',
    async load(ctx, actor) {
      const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
      const until = addMonths(today, funeralConfig(ctx).plotExpiringMonths);
      const { rows, total } = await listPlotRows(
        ctx.db.kysely,
        { scope: scopeFilterFor(actor), termState: 'expiring', today, expiringUntil: until },
        { offset: 0, limit: 1, sort: 'termUntil', desc: false },
      );
      return total === 0
        ? []
        : [
            {
              line: 'funeral',
              kind: 'funeral.plots-expiring',
              title: `公墓墓位：${total} 个使用期即将届满，请通知续期`,
              count: total,
              ...(rows[0]?.termUntil ? { dueOn: rows[0].termUntil } : {}),
              link: '/funeral/cemeteries?termState=expiring',
            },
          ];
    },
  },
];
