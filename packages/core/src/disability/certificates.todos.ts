/**
 * To-dos of the certificates concern: for the county federation, certificates whose validity ends within
 * 30 days (remind the holder to renew: an expired certificate pays nothing from the next month, and
 * back-pay after a renewal is capped); for importers, certificate imports with refused rows.
 */
import { addDays, parsePlainDate, todayPlainDate } from '@social-affairs/kernel';
import { scopeFilterFor } from '../access/index';
import { importErrorsTodo } from '../imports/index';
import type { TodoSource } from '../line';
import { expiringCertificates } from './certificates.repository';
import { CERTIFICATE_IMPORT_KIND_PREFIX } from './certificates.service';

export const RENEWAL_REMINDER_DAYS = 30;

export const certificatesTodos: readonly TodoSource[] = [
  {
    name: 'disability.certificates-expiring',
    permission: 'disability:federation',
    async load(ctx, actor) {
      const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
      const to = addDays(parsePlainDate(today), RENEWAL_REMINDER_DAYS);
      const { count, first } = await expiringCertificates(ctx.db.kysely, {
        scope: scopeFilterFor(actor, undefined, { shared: true }),
        from: today,
        to,
      });
      return [
        {
          line: 'disability',
          kind: 'disability.certificates-expiring',
          title: `残疾人证 ${RENEWAL_REMINDER_DAYS} 日内到期：提醒持证人换领（过期后次月起停发，补发最多 3 个月）`,
          count,
          ...(first ? { dueOn: first } : {}),
          link: '/disability/certificates?status=valid&sort=validUntil',
        },
      ];
    },
  },
  {
    ...importErrorsTodo({
      line: 'disability',
      kindPrefix: CERTIFICATE_IMPORT_KIND_PREFIX,
      permission: 'disability:read',
      title: '残疾人证导入有未导入的行：下载逐行报告核对后重新导入',
      link: '/disability/certificates',
    }),
    name: 'disability.certificates-import-errors',
  },
];
