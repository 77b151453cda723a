/**
 * Demo activity of the rescue line (F3): what a station's staff did with the cases the intake demo seed
 * admitted, so the workbench, 站外托养, 离站与安置 and statistics pages of a demo look like a working
 * station. Everything goes through the concerns' services, each call on its own past moment
 * (`ctx` with a clock that reads that moment), in time order:
 * - the services log (food and lodging on the day of entry, clothing, medical care, contact help);
 * - the prescribed actions (R-RES-10) of the cases not identified: most on time (deadlines from
 *   `periods.ts`), a few overdue — one recent case with only step 1 logged, one stranded case without
 *   its DNA request, one long-term case whose search update is more than a month old;
 * - most identified adults and some of the others departed: return home with a travel voucher, collected
 *   by family (synthetic valid collector id, id-copy attachment), self-departure with the signed
 *   declaration; two identified adults stay past the 10-day limit (warnings) and one has an extension
 *   request pending with the county reviewer (R-RES-05);
 * - a few placements with partner institutions and hospitals and their monthly supervision visits with a
 *   photo, one visit overdue (R-RES-13);
 * - one minor in school (R-RES-15), fund items of the three allowed categories (R-RES-17);
 * - one long-term case with all seven actions and a DNA result whose settlement file is pending approval
 *   (R-RES-12).
 * Attachments are tiny generated PDFs and PNGs. Synthetic data only. Idempotent: the services log written
 * under this seed's actor name marks it as done.
 */
import { deflateSync } from 'node:zlib';
import { addDays, composeResidentId, diffDays, todayPlainDate, type PlainDate } from '@social-affairs/kernel';
import { createRng, type Rng } from '@social-affairs/linkage';
import { systemActor, userActor, type Actor, type Role } from '../access/index';
import { storeAttachment } from '../attachments/index';
import type { CoreContext } from '../context';
import { demoInstant } from '../seed/index';
import { logRescueAction } from './actions.service';
import { belongingsOfCase } from './departure.repository';
import { recordDeparture } from './departure.service';
import { recordFundItem } from './funds.service';
import { arrangeEducation } from './minors.service';
import {
  dnaRequestDue,
  longTermFrom,
  policeCollectionDue,
  searchUpdateFrom,
  stayLimitExceededFrom,
} from './periods';
import { placeCase } from './placements.service';
import {
  activeAccountsOf,
  anyServiceRecordedBy,
  openCasesCreatedBy,
  qualifiedAgreements,
  type DemoAgreementRow,
  type DemoCaseRow,
} from './rescue.demo-activity.repository';
import { rescueConfig, type RescueConfig } from './rescue.config';
import { applySettlement } from './settlement.service';
import { recordService, requestStayExtension } from './stay.service';
import { recordVisit } from './visits.service';

/** The actor name of this seed's work (and its idempotency marker in the services log). */
export const DEMO_ACTIVITY_ACTOR = 'rescue-demo-activity';
/** The intake demo seed's actor name (rescue.demo-seed.ts): the cases this seed works on. */
const INTAKE_SEED_ACTOR = 'rescue-demo-seed';

const HOUR = 3_600_000;

interface Task {
  at: number;
  order: number;
  run: (ctx: CoreContext) => Promise<unknown>;
}

/** `ctx` with a clock that reads `at` (advancing a second per call). */
function contextAt(ctx: CoreContext, at: number): CoreContext {
  let t = at;
  return { ...ctx, clock: { now: () => new Date((t += 1_000)) } };
}

const local = (day: PlainDate, hour: number, minute = 0): number => demoInstant(day, hour, minute).getTime();

// ----- tiny generated attachments -----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 24×24 one-colour PNG (a stand-in for a visit photo), distinct per `n`. */
export function tinyPng(n: number): Buffer {
  const size = 24;
  const rgb = [80 + ((n * 37) % 150), 120 + ((n * 53) % 120), 90 + ((n * 71) % 140)];
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    for (let x = 0; x < size; x++) raw.set(rgb, row + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', Buffer.from(`Comment\0synthetic demo photo ${n}`, 'latin1')),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with one line of ASCII text (a stand-in for a scanned form). */
export function tinyPdf(text: string): Buffer {
  const line = text.replace(/[^\x20-\x7e]/g, '').replace(/[()\\]/g, '');
  const stream = `BT /F1 12 Tf 50 780 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

let attachmentCount = 0;

async function attach(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
  kind: string,
  fileName: string,
  photo = false,
): Promise<string> {
  const n = ++attachmentCount;
  const stored = await storeAttachment(ctx, actor, {
    ownerType: 'rescue_case',
    ownerId: caseId,
    kind,
    fileName,
    content: photo ? tinyPng(n) : tinyPdf(`Synthetic demo scan: ${kind} of case ${caseId} (${n})`),
  });
  return stored.attachment.id;
}

// ----- the plan -----

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const HOME_COUNTIES = ['430124', '430181', '430521', '430723', '431102', '360732', '421127', '522425'];
const DESTINATIONS = [
  ['湖南省邵阳市隆回县', '长沙南—邵阳北 G6071', 'direct'],
  ['湖南省怀化市沅陵县', '长沙—怀化 K9065，怀化转乘汽车至沅陵', 'transfer'],
  ['江西省赣州市于都县', '长沙南—赣州西 G1575', 'direct'],
  ['湖北省黄冈市罗田县', '长沙南—武汉 G82，武汉转乘汽车至罗田', 'transfer'],
  ['贵州省毕节市大方县', '长沙南—贵阳北 G1321，贵阳北转乘至大方', 'transfer'],
  ['湖南省常德市桃源县', '长沙—常德 K1453', 'direct'],
] as const;

/** The case's age group and kind in the demo mix (see rescue.demo-seed.ts). */
function groupOf(c: DemoCaseRow): 'identified' | 'to_verify' | 'minor' | 'stranded' | 'recent' {
  if (c.estimatedAge !== null && c.estimatedAge < 18) return 'minor';
  if (c.identityStatus === 'identified') return 'identified';
  if (c.mentalSigns === 1) return 'stranded';
  if (c.identityStatus === 'to_verify') return 'to_verify';
  return 'recent';
}

interface Planner {
  ctx: CoreContext;
  cfg: RescueConfig;
  rng: Rng;
  today: PlainDate;
  /** The latest moment a task may run (a minute before the real clock). */
  latest: number;
  system: Actor;
  /** Rescue staff accounts (a station's own account, else a county's, submits its approvals). */
  staff: Actor[];
  /** The county of the demo's county reviewer: its station gets the pending approvals. */
  reviewerCounty: string | null;
  tasks: Task[];
}

function add(p: Planner, at: number, run: Task['run']): boolean {
  if (at > p.latest) return false;
  p.tasks.push({ at, order: p.tasks.length, run });
  return true;
}

/** The actor for work that ends in an approval (the station's own account where it has one). */
function submitter(p: Planner, c: DemoCaseRow): Actor {
  return (
    p.staff.find((a) => a.institutionId === c.stationId) ??
    p.staff.find((a) => !a.institutionId && a.divisionCode === c.divisionCode) ??
    p.system
  );
}

/** Whether approvals of this case's station land with the demo's county reviewer (or its own account). */
function preferredForApproval(p: Planner, c: DemoCaseRow): boolean {
  return p.reviewerCounty ? c.divisionCode === p.reviewerCounty : submitter(p, c) !== p.system;
}

function planServices(p: Planner, c: DemoCaseRow, until: PlainDate): void {
  const entry = c.entryDate as PlainDate;
  const enteredAt = Date.parse(c.enteredAt);
  const service = (
    day: PlainDate,
    at: number,
    kind: Parameters<typeof recordService>[3]['kind'],
    text: string,
  ) =>
    add(p, at, (ctx) =>
      recordService(ctx, p.system, c.id, {
        kind,
        serviceDate: day,
        description: text,
        providedBy: p.rng.pick(['王建军', '刘雪梅', '陈丽娟', '李志强']),
      }),
    );
  service(entry, enteredAt + HOUR, 'food', '提供热食一份，饮用水');
  service(entry, enteredAt + HOUR + 600_000, 'lodging', '安排床位，发放被褥和洗漱用品');
  if (until > entry) {
    service(addDays(entry, 1), local(addDays(entry, 1), 9, 30), 'clothing', '发放换季衣物一套、鞋一双');
  }
  if (c.mentalSigns === 1) {
    // Monthly health check while in the station.
    for (let d = addDays(entry, 3), i = 0; d <= until && i < 6; d = addDays(d, 30), i++) {
      service(
        d,
        local(d, 15),
        'medical',
        i === 0 ? '入站体检：血压、血常规，未见传染病' : '每月例行健康检查，按时服药',
      );
    }
  } else if (c.identityStatus !== 'unidentified' && until > addDays(entry, 1)) {
    service(
      addDays(entry, 1),
      local(addDays(entry, 1), 11),
      'contact_help',
      '协助拨打家属电话，联系户籍地村（居）委会',
    );
  }
}

type StepPlan = { step: string; at: number; extra?: Record<string, unknown> };

/**
 * The prescribed actions of a case not identified (R-RES-10), timed against the deadlines of
 * `periods.ts`: the 24-hour steps a few hours after entry, the DNA request within the working days, the
 * police collection within the month, the result later, search updates once a month once stranded.
 * `skip` leaves some out to show overdue items.
 */
function planActions(
  p: Planner,
  c: DemoCaseRow,
  stopAt: number,
  skip: { after24h?: boolean; dna?: boolean; lastSearchUpdate?: boolean; dnaResult?: boolean } = {},
): void {
  const entry = c.entryDate as PlainDate;
  const enteredAt = Date.parse(c.enteredAt);
  const stop = Math.min(stopAt, p.latest);
  const steps: StepPlan[] = [{ step: 'registration', at: enteredAt + 1.5 * HOUR }];
  if (!skip.after24h) {
    steps.push(
      { step: 'national_site', at: enteredAt + 3 * HOUR },
      { step: 'face_comparison', at: enteredAt + 4 * HOUR },
      { step: 'toutiao_notice', at: enteredAt + 6 * HOUR },
      { step: 'media', at: enteredAt + 8 * HOUR },
      { step: 'wechat', at: enteredAt + 9 * HOUR },
    );
    const screening = addDays(entry, 2);
    steps.push({ step: 'manual_screening', at: local(screening, 10) });
    if (!skip.dna) {
      const due = dnaRequestDue(entry, p.cfg).dueOn;
      const requestDay = addDays(entry, 2) < due ? addDays(entry, 2) : due;
      steps.push({ step: 'dna_request', at: local(requestDay, 14) });
      const collectBy = policeCollectionDue(requestDay, p.cfg).dueOn;
      const collected = addDays(requestDay, 12) < collectBy ? addDays(requestDay, 12) : collectBy;
      steps.push({ step: 'dna_collected', at: local(collected, 10) });
      if (!skip.dnaResult) {
        steps.push({
          step: 'dna_result',
          at: local(addDays(collected, 35), 16),
          extra: { dnaOutcome: 'not_matched' },
        });
      }
    }
    // Search updates: due once stranded more than a month, then a month after each update.
    const updates: PlainDate[] = [];
    for (let d = searchUpdateFrom(entry, p.cfg); local(d, 11) <= stop; d = searchUpdateFrom(d, p.cfg)) {
      updates.push(d);
    }
    if (skip.lastSearchUpdate) updates.pop();
    for (const d of updates) steps.push({ step: 'search_update', at: local(d, 11) });
  }
  for (const s of steps) {
    if (s.at > stop) continue;
    add(p, s.at, (ctx) =>
      logRescueAction(ctx, p.system, c.id, {
        step: s.step as Parameters<typeof logRescueAction>[3]['step'],
        evidenceText: evidenceOf(s.step),
        evidenceUrl: s.step === 'toutiao_notice' ? 'https://www.toutiao.com/c/user/xunqin/' : null,
        ...(s.extra ?? {}),
      }),
    );
  }
}

function evidenceOf(step: string): string {
  switch (step) {
    case 'registration':
      return '已录入全国救助管理信息系统';
    case 'national_site':
      return '已上传全国救助寻亲网';
    case 'face_comparison':
      return '人像比对未比中';
    case 'toutiao_notice':
      return '寻亲公告已在今日头条发布';
    case 'media':
      return '已在市电视台、晚报发布寻亲信息';
    case 'wechat':
      return '站微信公众号已发布';
    case 'manual_screening':
      return '工作人员多次谈话甄别，获得口音、地名等线索';
    case 'dna_request':
      return '已函请辖区派出所采集DNA';
    case 'dna_collected':
      return '派出所已采血入库';
    case 'dna_result':
      return 'DNA比对未比中';
    default:
      return '已更新寻亲信息';
  }
}

function collectorBody(p: Planner, c: DemoCaseRow, n: number, idCopy: string) {
  const year = 1958 + p.rng.intBetween(0, 30);
  const birth =
    `${year}-${String(p.rng.intBetween(1, 12)).padStart(2, '0')}-${String(p.rng.intBetween(1, 28)).padStart(2, '0')}` as PlainDate;
  const minor = groupOf(c) === 'minor';
  return {
    name: `${p.rng.pick(SURNAMES)}${p.rng.pick(['国庆', '桂英', '建华', '秀兰', '志勇', '春梅'])}`,
    relation: minor ? p.rng.pick(['父亲', '母亲']) : p.rng.pick(['儿子', '女儿', '妻子', '兄弟']),
    // Synthetic id with a valid check digit, away from the intake seed's sequences (600–699).
    residentId: composeResidentId(p.rng.pick(HOME_COUNTIES), birth, 600 + (n % 100)),
    phone: `139${String(p.rng.intBetween(0, 99_999_999)).padStart(8, '0')}`,
    idCopyAttachmentId: idCopy,
  };
}

/** The moment of a departure on `day`: mid-afternoon, at least six hours after entry. */
function departureAt(c: DemoCaseRow, day: PlainDate): number {
  return Math.max(local(day, 15, 30), Date.parse(c.enteredAt) + 6 * HOUR);
}

/** A departure on `day` (after the day's services), its attachments uploaded first. */
function planDeparture(
  p: Planner,
  c: DemoCaseRow,
  day: PlainDate,
  kind: 'return_home' | 'collected_by_family' | 'self_departure',
  n: number,
): void {
  const at = departureAt(c, day);
  if (kind === 'return_home') {
    const [destination, route, routeKind] = DESTINATIONS[n % DESTINATIONS.length]!;
    add(p, at - 1_800_000, (ctx) =>
      recordService(ctx, p.system, c.id, {
        kind: 'travel_voucher',
        serviceDate: day,
        description: `购买返乡车票：${route}`,
        providedBy: '王建军',
      }),
    );
    add(p, at, async (ctx) => {
      const belongings = await heldBelongings(ctx, c.id);
      return recordDeparture(ctx, p.system, c.id, {
        kind,
        departedOn: day,
        destination,
        travelVoucher: {
          routeKind,
          transferStation:
            routeKind === 'transfer' ? route.split('，')[0]!.split('—')[1]!.split(' ')[0] : null,
          voucherNo: `DEMO${String(n).padStart(6, '0')}`,
          route,
        },
        escort: null,
        consentBy: null,
        belongings,
        belongingsSigned: belongings.length > 0,
        note: null,
      });
    });
    return;
  }
  add(p, at, async (ctx) => {
    const belongings = await heldBelongings(ctx, c.id);
    if (kind === 'collected_by_family') {
      const idCopy = await attach(ctx, p.system, c.id, 'collector_id_copy', '领人者身份证复印件.pdf');
      return recordDeparture(ctx, p.system, c.id, {
        kind,
        departedOn: day,
        destination: '随亲属返家',
        collector: collectorBody(p, c, n, idCopy),
        belongings,
        belongingsSigned: belongings.length > 0,
      });
    }
    const declaration = await attach(ctx, p.system, c.id, 'signed_declaration', '自行离站声明书（签字）.pdf');
    return recordDeparture(ctx, p.system, c.id, {
      kind,
      departedOn: day,
      destination: '本人表示已找到工作，自行离站',
      declarationAttachmentId: declaration,
      belongings,
      belongingsSigned: belongings.length > 0,
    });
  });
}

async function heldBelongings(ctx: CoreContext, caseId: string) {
  const held = (await belongingsOfCase(ctx.db.kysely, caseId)).filter((b) => b.returnedAt === null);
  return held.map((b) => ({ itemId: b.id, returned: true, reason: null }));
}

/** A placement from `start` with a visit about every four weeks; `overdue` stops the visits early. */
function planPlacement(
  p: Planner,
  c: DemoCaseRow,
  a: DemoAgreementRow,
  start: PlainDate,
  overdue: boolean,
): void {
  add(p, local(start, 10), (ctx) =>
    placeCase(ctx, p.system, c.id, {
      partnerId: a.partnerId,
      startedOn: start,
      reason:
        a.kind === 'hospital'
          ? '精神症状加重，经医生诊断需住院治疗，送合作医院'
          : '站内床位紧张且需长期专业照料，转合作托养机构托养',
    }),
  );
  const interval = p.cfg.supervisionVisitIntervalDays;
  const lastAllowed = overdue ? addDays(p.today, -(interval + 10)) : addDays(p.today, -2);
  let n = 0;
  for (let d = addDays(start, interval - 4); d <= lastAllowed; d = addDays(d, interval - 3 - (n % 3))) {
    const day = d;
    const problem = overdue && n === 0;
    n++;
    add(p, local(day, 14), async (ctx) => {
      const photo = await attach(ctx, p.system, c.id, 'visit_evidence', `探访照片-${day}.png`, true);
      return recordVisit(ctx, p.system, c.id, {
        visitDate: day,
        visitor: p.rng.pick(['刘雪梅、王建军', '陈丽娟、李志强']),
        findings: problem
          ? '受助人员衣物未及时更换，已要求机构整改'
          : '受助人员精神状态稳定，饮食起居正常，床铺整洁',
        problem,
        evidenceIds: [photo],
      });
    });
  }
}

function planSettlement(p: Planner, c: DemoCaseRow, day: PlainDate): void {
  add(p, local(day, 15), async (ctx) => {
    const actor = submitter(p, c);
    const dna = await attach(ctx, actor, c.id, 'dna_record', 'DNA比对结果通知.pdf');
    const face = await attach(ctx, actor, c.id, 'face_record', '人像比对记录.pdf');
    const form = await attach(ctx, actor, c.id, 'other', '落户安置申请表.pdf');
    return applySettlement(ctx, actor, c.id, {
      collectiveHukouInstitution: '长沙市社会福利院',
      materials: ['application_form', 'case_file', 'dna_record', 'face_record', 'search_notice', 'photo'],
      note: '长期滞留，经DNA比对、人像比对和多渠道寻亲仍无法查明身份，申请落户安置',
      attachmentIds: [form, dna, face],
    });
  });
}

/**
 * Plans the demo activity over the intake seed's cases. Cases are taken in entry order; the choices come
 * from a fixed random seed so the demo is the same on every machine.
 */
function plan(p: Planner, cases: DemoCaseRow[], agreements: DemoAgreementRow[]): void {
  const daysAgo = (c: DemoCaseRow) => diffDays(p.today, c.entryDate as PlainDate);
  const groups = {
    identified: cases.filter((c) => groupOf(c) === 'identified'),
    to_verify: cases.filter((c) => groupOf(c) === 'to_verify'),
    minor: cases.filter((c) => groupOf(c) === 'minor'),
    stranded: cases.filter((c) => groupOf(c) === 'stranded'),
    recent: cases.filter((c) => groupOf(c) === 'recent'),
  };
  let n = 0;

  // Identified adults: most who came 2–9 days ago have left; of those past the 10-day limit two have left
  // late and the rest stay (stay-limit warnings); one still here has an extension pending (R-RES-05).
  const pastLimit = groups.identified.filter(
    (c) => p.today >= stayLimitExceededFrom(c.entryDate as PlainDate, p.cfg),
  );
  const withinLimit = groups.identified.filter((c) => !pastLimit.includes(c));
  const extensionCase =
    withinLimit.find((c) => daysAgo(c) >= 5 && preferredForApproval(p, c)) ??
    withinLimit.find((c) => daysAgo(c) >= 5);
  for (const c of withinLimit) {
    const ago = daysAgo(c);
    const entry = c.entryDate as PlainDate;
    if (c === extensionCase) {
      planServices(p, c, p.today);
      const day = addDays(p.today, -1);
      add(p, local(day, 16), (ctx) =>
        requestStayExtension(ctx, submitter(p, c), c.id, {
          reason: '受助人员患急性肠胃炎正在治疗，医嘱需继续观察，病愈后协助返乡',
          requestedUntil: addDays(stayLimitExceededFrom(entry, p.cfg), 10),
        }),
      );
      continue;
    }
    if (ago < 2 || p.rng.chance(0.12)) {
      planServices(p, c, p.today);
      continue;
    }
    const day = addDays(entry, p.rng.intBetween(1, Math.min(ago, 4)));
    planServices(p, c, day);
    const r = p.rng.next();
    planDeparture(
      p,
      c,
      day,
      r < 0.6 ? 'return_home' : r < 0.85 ? 'collected_by_family' : 'self_departure',
      n++,
    );
  }
  pastLimit.forEach((c, i) => {
    const entry = c.entryDate as PlainDate;
    if (i % 2 === 1) {
      const day = addDays(stayLimitExceededFrom(entry, p.cfg), p.rng.intBetween(0, 2));
      planServices(p, c, day);
      planDeparture(p, c, day, 'return_home', n++);
    } else {
      planServices(p, c, p.today);
    }
  });

  // Identity to verify: actions on time; half collected by family once their identity was confirmed.
  groups.to_verify.forEach((c, i) => {
    const ago = daysAgo(c);
    const leaves = i % 2 === 0 && ago >= 2;
    const day = leaves ? addDays(c.entryDate as PlainDate, Math.min(ago, 3)) : p.today;
    planServices(p, c, day);
    planActions(p, c, leaves ? departureAt(c, day) - 60_000 : p.latest);
    if (leaves) planDeparture(p, c, day, 'collected_by_family', n++);
  });

  // Minors: collected by their parents (R-RES-07), except the one staying longest, who goes to school.
  const school = [...groups.minor].sort((a, b) => daysAgo(b) - daysAgo(a))[0];
  for (const c of groups.minor) {
    const ago = daysAgo(c);
    const leaves = c !== school && ago >= 2 && p.rng.chance(0.7);
    const day = leaves ? addDays(c.entryDate as PlainDate, Math.min(ago, 2)) : p.today;
    planServices(p, c, day);
    planActions(p, c, leaves ? departureAt(c, day) - 60_000 : p.latest);
    if (leaves) planDeparture(p, c, day, 'collected_by_family', n++);
    if (c === school) {
      const from = addDays(c.entryDate as PlainDate, Math.min(ago, 2));
      add(p, local(from, 9), (ctx) =>
        arrangeEducation(ctx, p.system, c.id, {
          kind: 'school',
          institution: '长沙市芙蓉区大同小学（随班就读）',
          fromDate: from,
        }),
      );
    }
  }

  // Recently found people who cannot say who they are: on time, except one with only step 1 (overdue).
  groups.recent.forEach((c, i) => {
    planServices(p, c, p.today);
    planActions(p, c, p.latest, { after24h: i === 0 && daysAgo(c) >= 2 });
  });

  // Stranded and long-term (signs of mental or intellectual disability): actions, placements, settlement.
  const stranded = groups.stranded;
  const longTerm = stranded.filter((c) => p.today >= longTermFrom(c.entryDate as PlainDate, p.cfg));
  const settlementCase =
    longTerm.find((c) => preferredForApproval(p, c) && daysAgo(c) >= 100) ??
    longTerm.find((c) => daysAgo(c) >= 100);
  const placed = new Map<string, { agreement: DemoAgreementRow; start: PlainDate; overdue: boolean }>();
  let overdueVisitGiven = false;
  for (const c of [...stranded].sort((a, b) => daysAgo(b) - daysAgo(a))) {
    if (c === settlementCase || placed.size >= 4) continue;
    const options = agreements.filter((a) => a.stationId === c.stationId);
    if (options.length === 0) continue;
    const a = options[placed.size % options.length]!;
    let start = addDays(c.entryDate as PlainDate, 14);
    if (start < a.validFrom) start = a.validFrom as PlainDate;
    if (start > addDays(p.today, -20) || start > a.validUntil) continue;
    const overdue = !overdueVisitGiven && a.kind === 'foster' && start <= addDays(p.today, -60);
    if (overdue) overdueVisitGiven = true;
    placed.set(c.id, { agreement: a, start, overdue });
  }
  let dnaSkipped = false;
  let updateSkipped = false;
  for (const c of stranded) {
    const placement = placed.get(c.id);
    planServices(p, c, placement ? addDays(placement.start, -1) : p.today);
    const skip: { dna: boolean; lastSearchUpdate: boolean; dnaResult: boolean } = {
      dna: !dnaSkipped && !placement && c !== settlementCase && daysAgo(c) < 60 && daysAgo(c) >= 14,
      lastSearchUpdate:
        !updateSkipped && !placement && c !== settlementCase && longTerm.includes(c) && daysAgo(c) >= 120,
      dnaResult: daysAgo(c) < 60 && c !== settlementCase,
    };
    dnaSkipped ||= skip.dna;
    updateSkipped ||= skip.lastSearchUpdate;
    planActions(p, c, p.latest, skip);
    if (placement) planPlacement(p, c, placement.agreement, placement.start, placement.overdue);
  }
  if (settlementCase) planSettlement(p, settlementCase, addDays(p.today, -3));

  // Funds (R-RES-17): monthly living costs of each station, medical care, one purchased service.
  const stations = [...new Set(cases.map((c) => c.stationId))];
  for (const stationId of stations) {
    for (let m = 3; m >= 1; m--) {
      const day = addDays(p.today, -30 * m + 5);
      add(p, local(day, 16), (ctx) =>
        recordFundItem(ctx, p.system, {
          stationId,
          category: 'living',
          amountFen: p.rng.intBetween(180, 420) * 10_000,
          spentOn: day,
          description: '受助人员伙食、被服和日用品（月度）',
        }),
      );
    }
  }
  for (const [caseId, pl] of placed) {
    if (pl.agreement.kind !== 'hospital') continue;
    const day = addDays(pl.start, 20);
    add(p, local(day, 16), (ctx) =>
      recordFundItem(ctx, p.system, {
        caseId,
        category: 'medical',
        amountFen: p.rng.intBetween(2_000, 8_000) * 100,
        spentOn: day,
        description: `${pl.agreement.partnerName}住院医疗费用（首期）`,
      }),
    );
  }
  if (stations[0]) {
    const day = addDays(p.today, -12);
    add(p, local(day, 16), (ctx) =>
      recordFundItem(ctx, p.system, {
        stationId: stations[0]!,
        category: 'purchased_service',
        justification: 'specialist',
        amountFen: 1_200_000,
        spentOn: day,
        description: '购买社会工作服务：心理疏导和精神障碍人员康复训练（季度）',
      }),
    );
  }
}

/** Seeds the demo activity over the intake seed's cases (once; see the file comment). */
export async function seedRescueActivity(ctx: CoreContext): Promise<void> {
  const db = ctx.db.kysely;
  if (await anyServiceRecordedBy(db, DEMO_ACTIVITY_ACTOR)) return;
  const cases = await openCasesCreatedBy(db, INTAKE_SEED_ACTOR);
  if (cases.length === 0) return;
  const accounts = await activeAccountsOf(db, ['rescue_staff', 'county_reviewer']);
  const isCounty = (code: string) => code.length === 6 && !code.endsWith('00');
  const now = ctx.clock.now().getTime();
  const p: Planner = {
    ctx,
    cfg: rescueConfig(ctx),
    rng: createRng(20260701),
    today: todayPlainDate(ctx.config.timeZone, ctx.clock.now()),
    latest: now - 60_000,
    system: systemActor(DEMO_ACTIVITY_ACTOR),
    staff: accounts
      .filter((a) => a.role === 'rescue_staff' && (a.institutionId || isCounty(a.divisionCode)))
      .map((a) => userActor(ctx.access, { ...a, role: a.role as Role })),
    reviewerCounty:
      accounts.find((a) => a.role === 'county_reviewer' && isCounty(a.divisionCode))?.divisionCode ?? null,
    tasks: [],
  };
  plan(p, cases, await qualifiedAgreements(db));
  p.tasks.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const t of p.tasks) await t.run(contextAt(ctx, t.at));
}
