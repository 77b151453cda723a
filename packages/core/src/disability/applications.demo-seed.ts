/**
 * Demo applications of 浏阳市 (430181): about twenty at various stages — received and forwarded at the
 * hukou township, waiting at another township's window, overdue (forward and decision), materials missing,
 * one online, one received from another province through the national system, one non-Hunan applicant
 * pushed to the national system, one withdrawn — using the certificate holders the certificates concern
 * seeded (queried, never assumed). Idempotent: nothing is added when the county has applications.
 */
import {
  addDays,
  composeDisabilityCertificateNumber,
  composeResidentId,
  plainDateOf,
} from '@social-affairs/kernel';
import { systemActor } from '../access/index';
import type { CoreContext } from '../context';
import { applicationCountOfCounty, certificatesOfCounty } from './applications.repository';
import {
  applyOnline,
  forwardApplication,
  recordExchange,
  takeApplication,
  todayOf,
  withdrawApplication,
} from './applications.service';
import { DEMO_DISABILITY_COUNTY, DEMO_DISABILITY_TOWNSHIPS } from './core.demo-seed';

export async function seedApplicationsDemo(ctx: CoreContext): Promise<void> {
  const county = DEMO_DISABILITY_COUNTY;
  if ((await applicationCountOfCounty(ctx.db.kysely, county)) > 0) return;
  const holders = await certificatesOfCounty(ctx.db.kysely, county, 40);
  if (holders.length === 0) return;
  const [t1, t2] = DEMO_DISABILITY_TOWNSHIPS;
  const window1 = systemActor('演示淮川街道窗口', t1);
  const window2 = systemActor('演示社港镇窗口', t2);
  const today = todayOf(ctx);
  const daysAgo = (n: number) => addDays(today, -n);
  let i = 0;
  const next = () => holders[i++];
  const phone = (n: number) => `1390731${String(1000 + n).padStart(4, '0')}`;
  const take = async (opts: {
    window: typeof window1;
    hukou: string;
    ago: number;
    complete?: boolean;
    subsidies?: ('living' | 'care')[];
  }) => {
    const h = next();
    if (!h?.residentId) return null;
    try {
      return await takeApplication(ctx, opts.window, {
        residentId: h.residentId,
        name: h.name,
        certificateNumber: h.number,
        subsidies: opts.subsidies ?? (h.grade <= 2 ? ['care'] : ['living']),
        applicantRelation: i % 4 === 0 ? 'guardian' : 'self',
        applicantName: i % 4 === 0 ? '演示监护人' : null,
        phone: phone(i),
        // The holder's own hukou township when the people index has it (the window is then the choice).
        hukouDivisionCode: h.hukouDivisionCode.length === 9 ? h.hukouDivisionCode : opts.hukou,
        submittedOn: daysAgo(opts.ago),
        materialsComplete: opts.complete ?? true,
      });
    } catch {
      return null; // a holder already receiving or applying: skip it
    }
  };
  // At the hukou township: receiving is forwarding; the decision clock runs.
  for (const ago of [0, 1, 2, 3]) await take({ window: window1, hukou: t1, ago });
  for (const ago of [1, 4]) await take({ window: window2, hukou: t2, ago });
  // Decisions overdue (forwarded three weeks ago).
  for (const ago of [20, 25]) await take({ window: window1, hukou: t1, ago });
  // At another township's window, waiting to be forwarded (one overdue).
  await take({ window: window2, hukou: t1, ago: 0 });
  await take({ window: window2, hukou: t1, ago: 9 });
  const forwarded = await take({ window: window1, hukou: t2, ago: 4 });
  if (forwarded) await forwardApplication(ctx, window1, forwarded.id, { on: daysAgo(2) });
  // Materials missing at the window.
  await take({ window: window1, hukou: t1, ago: 1, complete: false });
  await take({ window: window2, hukou: t2, ago: 0, complete: false });
  // Withdrawn.
  const w = await take({ window: window1, hukou: t1, ago: 6 });
  if (w) await withdrawApplication(ctx, window1, w.id, { reason: '申请人已在外地落户，本人申请撤回' });
  // Online (waiting for the township's identity and materials check).
  const o = next();
  if (o?.residentId) {
    await applyOnline(ctx, {
      residentId: o.residentId,
      name: o.name,
      certificateNumber: o.number,
      phone: '13907319999',
      hukouDivisionCode: o.hukouDivisionCode.length === 9 ? o.hukouDivisionCode : t1,
      subsidies: o.grade <= 2 ? ['care'] : ['living'],
      applicantRelation: 'self',
    }).catch(() => undefined);
  }
  // Received from another province's window through the national system (跨省通办).
  const c = next();
  if (c?.residentId) {
    await takeApplication(ctx, window1, {
      residentId: c.residentId,
      name: c.name,
      certificateNumber: c.number,
      subsidies: ['care'],
      applicantRelation: 'family',
      applicantName: '演示亲属',
      phone: '13907318888',
      hukouDivisionCode: c.hukouDivisionCode.length === 9 ? c.hukouDivisionCode : t1,
      submittedOn: daysAgo(5),
      crossProvince: {
        receivedOn: daysAgo(2),
        reference: 'KSTB-440106-000317',
        windowName: '广州市天河区石牌街道便民服务中心',
      },
    }).catch(() => undefined);
  }
  // A non-Hunan applicant at a Hunan window: pushed to the national system.
  const outsider = composeResidentId('440106', plainDateOf(1968, 4, 12), 215);
  const pushed = await takeApplication(ctx, window1, {
    residentId: outsider,
    name: '演示外省申请人',
    certificateNumber: composeDisabilityCertificateNumber(outsider, 4, 1),
    subsidies: ['care'],
    applicantRelation: 'self',
    phone: '13907317777',
    hukouDivisionCode: '440106001',
    submittedOn: daysAgo(3),
  }).catch(() => null);
  if (pushed) {
    await forwardApplication(ctx, window1, pushed.id, { on: daysAgo(2), reference: 'KSTB-430181-000042' });
    await recordExchange(ctx, window1, pushed.id, {
      kind: 'answered',
      on: daysAgo(1),
      reference: 'KSTB-430181-000042',
      note: '广州市天河区已接收，审核中',
    });
  }
  // A few more received today.
  for (let k = 0; k < 3; k++)
    await take({ window: k % 2 ? window2 : window1, hukou: k % 2 ? t2 : t1, ago: 0 });
}
