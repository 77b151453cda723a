import { deflateSync } from 'node:zlib';
import { isDomainError, type PlainDate } from '@social-affairs/kernel';
import { expect, it } from 'vitest';
import { storeAttachment } from '../attachments/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, testContext } from '../testing/index';
import { pdfText } from '../testing/pdf-text';
import { findRescueCase } from './cases.repository';
import {
  actionsBoard,
  caseActionStatus,
  dnaAndFaceEvidence,
  ensureAllSevenLogged,
  getCaseActions,
  logRescueAction,
  overdueActions,
} from './actions.service';
import { actionsPart } from './actions.part';
import { rescueLine } from './line';
import { aRescueCase, aRescueStation } from './rescue.fixtures';
import { issueSearchNotice, searchNoticePdfOf } from './search-notice.service';

const SEVEN = [
  'registration',
  'national_site',
  'dna_request',
  'face_comparison',
  'toutiao_notice',
  'media',
  'manual_screening',
] as const;

const code = (e: unknown) => (isDomainError(e) ? e.code : e);

/** A real 2×2 PNG (pdfkit decodes it), built by hand: signature, IHDR, IDAT, IEND. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.from([0, 200, 100, 50, 10, 20, 30, 0, 1, 2, 3, 4, 5, 6]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describeEachDatabase(
  'rescue prescribed actions (R-RES-09, R-RES-10, R-RES-12)',
  (t) => {
    it('R-RES-09 worked example: entry Mon 2025-03-03 — notice 03-04 same time, DNA 03-12, police one month after the request, search update 04-04', async () => {
      const clock = new ManualClock('2025-03-03T03:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, st, { enteredAt: '2025-03-03T02:30:00.000Z' });
      const row = (await findRescueCase(ctx.db.kysely, c.id))!;
      let s = await caseActionStatus(ctx, row);
      const by = (x: typeof s, step: string) => x.steps.find((p) => p.step === step)!;
      expect(by(s, 'registration')).toMatchObject({ dueAt: '2025-03-04T02:30:00.000Z', state: 'pending' });
      expect(by(s, 'national_site').dueAt).toBe('2025-03-04T02:30:00.000Z');
      expect(by(s, 'toutiao_notice').dueAt).toBe('2025-03-04T02:30:00.000Z');
      expect(by(s, 'dna_request')).toMatchObject({
        dueOn: '2025-03-12',
        provisional: false,
        state: 'pending',
      });
      expect(by(s, 'manual_screening').state).toBe('no_deadline');
      expect(by(s, 'dna_collected').state).toBe('not_required');
      expect(by(s, 'search_update')).toMatchObject({ dueOn: '2025-04-04', state: 'pending' });
      expect(by(s, 'wechat').state).toBe('optional');
      expect(s.missingSeven).toHaveLength(7);
      // The DNA request made on the entry day: police collection due one month later, Thu 04-03.
      await logRescueAction(ctx, st.staff, c.id, {
        step: 'dna_request',
        performedAt: '2025-03-03T02:50:00.000Z',
        evidenceText: '芙公函〔2025〕12号',
      });
      clock.set('2025-03-05T02:00:00.000Z');
      s = await caseActionStatus(ctx, row);
      expect(by(s, 'dna_request')).toMatchObject({ state: 'done', late: false, count: 1 });
      expect(by(s, 'dna_collected')).toMatchObject({ dueOn: '2025-04-03', state: 'pending' });
      // The board's counts: a resident; stranded and over the 10-day limit (R-RES-05, no extension)
      // from 03-14, not before.
      clock.set('2025-03-13T02:00:00.000Z');
      expect((await actionsBoard(ctx, st.staff)).counts).toMatchObject({
        residents: 1,
        stranded: 0,
        overLimit: 0,
      });
      clock.set('2025-03-14T02:00:00.000Z');
      expect((await actionsBoard(ctx, st.staff)).counts).toMatchObject({
        residents: 1,
        stranded: 1,
        overLimit: 1,
        longTerm: 0,
      });
    });

    it('police collection moves past a rest day (Qingming 2025) and the search update repeats monthly', async () => {
      const clock = new ManualClock('2025-03-03T03:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, st, { enteredAt: '2025-03-03T02:30:00.000Z' });
      clock.set('2025-03-05T03:00:00.000Z');
      await logRescueAction(ctx, st.staff, c.id, { step: 'dna_request', evidenceText: '函件' });
      const row = (await findRescueCase(ctx.db.kysely, c.id))!;
      const by = async (step: string) =>
        (await caseActionStatus(ctx, row)).steps.find((p) => p.step === step)!;
      expect(await by('dna_collected')).toMatchObject({ dueOn: '2025-04-07', provisional: false });
      clock.set('2025-04-04T03:00:00.000Z');
      expect((await by('search_update')).state).toBe('due_today');
      await logRescueAction(ctx, st.staff, c.id, { step: 'search_update', evidenceText: '已更新寻亲网信息' });
      expect(await by('search_update')).toMatchObject({ state: 'done', dueOn: '2025-05-05' });
      clock.set('2025-05-06T03:00:00.000Z');
      expect((await by('search_update')).state).toBe('overdue');
    });

    it('a case entered across National Day 2026: DNA request due 2026-10-15; a year not loaded is provisional (暂定)', async () => {
      const clock = new ManualClock('2026-09-30T03:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, st, { enteredAt: '2026-09-30T02:00:00.000Z' });
      const s = await caseActionStatus(ctx, (await findRescueCase(ctx.db.kysely, c.id))!);
      expect(s.steps.find((p) => p.step === 'dna_request')).toMatchObject({
        dueOn: '2026-10-15',
        provisional: false,
      });
      clock.set('2099-12-28T03:00:00.000Z');
      const late = await aRescueCase(ctx, st, { enteredAt: '2099-12-28T02:00:00.000Z' });
      const p = await caseActionStatus(ctx, (await findRescueCase(ctx.db.kysely, late.id))!);
      expect(p.steps.find((x) => x.step === 'dna_request')!.provisional).toBe(true);
      const due = p.steps.find((x) => x.step === 'dna_request')!.dueOn!;
      clock.set(`${due}T03:00:00.000Z`);
      const board = await actionsBoard(ctx, st.staff);
      expect(
        board.dueToday.some((i) => i.caseId === late.id && i.step === 'dna_request' && i.provisional),
      ).toBe(true);
    });

    it('overdue detection: the 24-hour steps after the deadline, DNA after day 7; identified cases have none', async () => {
      const clock = new ManualClock('2025-03-03T03:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, st, { enteredAt: '2025-03-03T02:30:00.000Z' });
      await aRescueCase(ctx, st, { birthDate: '1980-01-01', enteredAt: '2025-03-03T02:30:00.000Z' });
      expect(await overdueActions(ctx, st.staff)).toEqual([]);
      clock.set('2025-03-04T02:29:00.000Z');
      expect((await actionsBoard(ctx, st.staff)).dueToday.map((i) => i.step).sort()).toEqual(
        ['face_comparison', 'media', 'national_site', 'registration', 'toutiao_notice'].sort(),
      );
      clock.set('2025-03-04T02:31:00.000Z');
      let over = await overdueActions(ctx, st.staff);
      expect(over.map((i) => i.step).sort()).toEqual(
        ['face_comparison', 'media', 'national_site', 'registration', 'toutiao_notice'].sort(),
      );
      expect(over.every((i) => i.caseId === c.id)).toBe(true);
      await logRescueAction(ctx, st.staff, c.id, { step: 'registration', evidenceText: '系统登记号 A1' });
      over = await overdueActions(ctx, st.staff);
      expect(over).toHaveLength(4);
      const todos = await actionsPart.todos![0]!.load(ctx, st.staff);
      expect(todos.map((x) => [x.kind, x.count])).toEqual([
        ['rescue.actions-overdue', 4],
        ['rescue.actions-due-today', 0],
      ]);
      const s = await getCaseActions(ctx, st.staff, c.id);
      expect(s.steps.find((p) => p.step === 'registration')).toMatchObject({ state: 'done', late: true });
      // A past day is evaluated at its end; the board's DNA deadline turns overdue on 03-13.
      expect(await overdueActions(ctx, st.staff, '2025-03-03' as PlainDate)).toEqual([]);
      clock.set('2025-03-13T01:00:00.000Z');
      expect((await overdueActions(ctx, st.staff)).some((i) => i.step === 'dna_request')).toBe(true);
      // Out of scope: another county's staff sees nothing.
      const other = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor;
      expect(await overdueActions(ctx, other)).toEqual([]);
    });

    it('R-RES-10 closing rule: all seven logged with timestamps, or 409 listing the missing steps', async () => {
      const clock = new ManualClock('2026-03-02T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, st, {});
      const row = () => findRescueCase(ctx.db.kysely, c.id).then((r) => r!);
      const err = await ensureAllSevenLogged(ctx, ctx.db.kysely, await row()).catch((e: unknown) => e);
      expect(code(err)).toBe('RESCUE_PRESCRIBED_ACTIONS_MISSING');
      expect(isDomainError(err) && err.kind).toBe('conflict');
      expect(isDomainError(err) && err.message).toContain('人工甄别');
      clock.set('2026-03-02T03:00:00.000Z');
      const ids: Record<string, string> = {};
      for (const step of SEVEN)
        ids[step] = (await logRescueAction(ctx, st.staff, c.id, { step, evidenceText: `${step} 已办` })).id;
      await ensureAllSevenLogged(ctx, ctx.db.kysely, await row());
      // A withdrawal of one step (logged by mistake) makes it missing again.
      await logRescueAction(ctx, st.staff, c.id, {
        step: 'media',
        supersedesId: ids.media!,
        withdraw: true,
        correctionReason: '误登记',
      });
      const again = await ensureAllSevenLogged(ctx, ctx.db.kysely, await row()).catch((e: unknown) => e);
      expect(isDomainError(again) && again.details).toMatchObject({ missing: ['media'] });
      // An identified person's case needs no search.
      const known = await aRescueCase(ctx, st, { birthDate: '1990-02-02' });
      await ensureAllSevenLogged(ctx, ctx.db.kysely, (await findRescueCase(ctx.db.kysely, known.id))!);
    });

    it('corrections supersede once, with a reason; DNA and face evidence for settlement (R-RES-12)', async () => {
      const clock = new ManualClock('2026-03-02T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, st, {});
      clock.set('2026-03-02T05:00:00.000Z');
      expect(await dnaAndFaceEvidence(ctx.db.kysely, c.id)).toEqual({
        dnaRequested: false,
        dnaResultReturned: false,
        faceCompared: false,
      });
      expect(
        code(
          await logRescueAction(ctx, st.staff, c.id, { step: 'dna_collected', evidenceText: 'x' }).catch(
            (e: unknown) => e,
          ),
        ),
      ).toBe('RESCUE_DNA_STEP_ORDER');
      const first = await logRescueAction(ctx, st.staff, c.id, {
        step: 'face_comparison',
        evidenceText: '比对无结果',
      });
      await logRescueAction(ctx, st.staff, c.id, { step: 'dna_request', evidenceText: '函' });
      await logRescueAction(ctx, st.staff, c.id, { step: 'dna_collected', evidenceText: '已采血' });
      expect(
        code(
          await logRescueAction(ctx, st.staff, c.id, { step: 'dna_result', evidenceText: '结果' }).catch(
            (e: unknown) => e,
          ),
        ),
      ).toBe('RESCUE_DNA_OUTCOME_REQUIRED');
      await logRescueAction(ctx, st.staff, c.id, {
        step: 'dna_result',
        evidenceText: '打拐DNA库未比中',
        dnaOutcome: 'not_matched',
      });
      expect(await dnaAndFaceEvidence(ctx.db.kysely, c.id)).toEqual({
        dnaRequested: true,
        dnaResultReturned: true,
        faceCompared: true,
      });
      // Correction without a reason: refused; with one: supersedes; a second correction of the same entry: 409.
      expect(
        code(
          await logRescueAction(ctx, st.staff, c.id, {
            step: 'face_comparison',
            evidenceText: '更正',
            supersedesId: first.id,
          }).catch((e: unknown) => e),
        ),
      ).toBe('REASON_REQUIRED');
      const fix = await logRescueAction(ctx, st.staff, c.id, {
        step: 'face_comparison',
        evidenceText: '人像比对：相似度低于阈值',
        supersedesId: first.id,
        correctionReason: '补充比对结果',
      });
      expect(fix.kind).toBe('correction');
      expect(
        code(
          await logRescueAction(ctx, st.staff, c.id, {
            step: 'face_comparison',
            evidenceText: '再更正',
            supersedesId: first.id,
            correctionReason: '重复更正',
          }).catch((e: unknown) => e),
        ),
      ).toBe('RESCUE_ACTION_ALREADY_SUPERSEDED');
      const s = await getCaseActions(ctx, st.staff, c.id);
      expect(s.entries.find((e) => e.id === first.id)!.supersededBy).toBe(fix.id);
      expect(s.steps.find((p) => p.step === 'face_comparison')!.count).toBe(1);
    });

    it('evidence, time and scope checks: 404 outside scope, 409 on a closed case, attachments of the right kind', async () => {
      const clock = new ManualClock('2026-03-02T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const sibling = await aRescueStation(ctx);
      const c = await aRescueCase(ctx, st, {});
      clock.set('2026-03-02T04:00:00.000Z');
      const other = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor;
      for (const actor of [sibling.staff, other]) {
        expect(
          code(
            await logRescueAction(ctx, actor, c.id, { step: 'registration', evidenceText: 'x' }).catch(
              (e: unknown) => e,
            ),
          ),
        ).toBe('NOT_FOUND');
        expect(code(await issueSearchNotice(ctx, actor, c.id).catch((e: unknown) => e))).toBe('NOT_FOUND');
        expect(code(await getCaseActions(ctx, actor, c.id).catch((e: unknown) => e))).toBe('NOT_FOUND');
      }
      const fail = (input: Parameters<typeof logRescueAction>[3]) =>
        logRescueAction(ctx, st.staff, c.id, input).catch((e: unknown) => code(e));
      expect(await fail({ step: 'registration' })).toBe('RESCUE_ACTION_EVIDENCE_REQUIRED');
      expect(
        await fail({ step: 'registration', evidenceText: 'x', performedAt: '2026-03-03T00:00:00Z' }),
      ).toBe('RESCUE_ACTION_IN_FUTURE');
      expect(
        await fail({ step: 'registration', evidenceText: 'x', performedAt: '2026-03-01T00:00:00Z' }),
      ).toBe('RESCUE_ACTION_BEFORE_ENTRY');
      expect(await fail({ step: 'national_site', evidenceUrl: 'javascript:alert(1)' })).toBe(
        'RESCUE_ACTION_URL_INVALID',
      );
      const photo = await storeAttachment(ctx, st.staff, {
        ownerType: 'rescue_case',
        ownerId: c.id,
        kind: 'photo',
        content: tinyPng(),
      });
      expect(await fail({ step: 'face_comparison', attachmentIds: [photo.attachment.id] })).toBe(
        'RESCUE_ACTION_EVIDENCE_KIND',
      );
      const rec = await storeAttachment(ctx, st.staff, {
        ownerType: 'rescue_case',
        ownerId: c.id,
        kind: 'face_record',
        content: tinyPng(),
        fileName: '比对截图.png',
      });
      const ok = await logRescueAction(ctx, st.staff, c.id, {
        step: 'face_comparison',
        attachmentIds: [rec.attachment.id],
      });
      expect(ok.attachmentIds).toEqual([rec.attachment.id]);
      // An attachment of another case cannot be cited.
      const c2 = await aRescueCase(ctx, st, {});
      expect(
        code(
          await logRescueAction(ctx, st.staff, c2.id, {
            step: 'face_comparison',
            attachmentIds: [rec.attachment.id],
          }).catch((e: unknown) => e),
        ),
      ).toBe('ATTACHMENT_NOT_USABLE');
      const closed = await aRescueCase(ctx, st, { status: 'departed' });
      expect(
        code(
          await logRescueAction(ctx, st.staff, closed.id, { step: 'registration', evidenceText: 'x' }).catch(
            (e: unknown) => e,
          ),
        ),
      ).toBe('RESCUE_CASE_CLOSED');
      // A refused write changed nothing.
      expect((await getCaseActions(ctx, st.staff, c.id)).entries).toHaveLength(1);
    });

    it('寻亲公告 PDF: numbered from the station sequence, reprint keeps the number, fields, photo and Chinese dates', async () => {
      const clock = new ManualClock('2026-03-02T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx, { county: '430102' });
      const c = await aRescueCase(ctx, st, { estimatedAge: 45 });
      // Printing is a read: before a notice is issued it is refused, nothing written.
      expect(code(await searchNoticePdfOf(ctx, st.staff, c.id).catch((e: unknown) => e))).toBe(
        'RESCUE_SEARCH_NOTICE_NOT_ISSUED',
      );
      const issued = await issueSearchNotice(ctx, st.staff, c.id);
      const first = await searchNoticePdfOf(ctx, st.staff, c.id);
      expect(first.noticeId).toBe(issued.id);
      expect(first.number).toMatch(/^湘.民救寻字〔2026〕第000001号$/);
      const text = pdfText(first.pdf).flat;
      for (const s of [
        '寻亲公告',
        first.number,
        '约45岁',
        '168厘米',
        '左眉有痣',
        '蓝色外套',
        '长沙火车站广场',
        '2026年3月2日',
        '0731-12345',
        '如有知情者请与我站联系',
        '照片',
      ])
        expect(text).toContain(s.replace(/\s/g, ''));
      const reprint = await searchNoticePdfOf(ctx, st.countyStaff, c.id);
      expect(reprint.number).toBe(first.number);
      // A new notice gets the next number; the photo is embedded (no placeholder text).
      await storeAttachment(ctx, st.staff, {
        ownerType: 'rescue_case',
        ownerId: c.id,
        kind: 'photo',
        content: tinyPng(),
      });
      const second = await issueSearchNotice(ctx, st.staff, c.id);
      expect(second.number).toMatch(/第000002号$/);
      const withPhoto = await searchNoticePdfOf(ctx, st.staff, c.id);
      expect(withPhoto.number).toBe(second.number);
      expect(pdfText(withPhoto.pdf).flat).not.toContain('照片');
      // Cited as evidence of step 5.
      const e = await logRescueAction(ctx, st.staff, c.id, {
        step: 'toutiao_notice',
        searchNoticeId: second.id,
      });
      expect(e.searchNoticeNo).toBe(second.number);
      const audits = await ctx.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('targetId', '=', c.id)
        .execute();
      expect(audits.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'rescue.search-notice.issue',
          'rescue.search-notice.print',
          'rescue.action.log',
        ]),
      );
    });
  },
  { lines: [rescueLine] },
);
