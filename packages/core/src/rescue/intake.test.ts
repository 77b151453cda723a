import { composeResidentId, isDomainError, type PlainDate } from '@social-affairs/kernel';
import {
  rescueBelongingBody,
  rescueIntakeBody,
  rescueRefusalBody,
} from '@social-affairs/kernel/contracts/rescue';
import { expect, it } from 'vitest';
import { systemActor } from '../access/index';
import { createPerson, getMerge } from '../people/index';
import { describeEachDatabase } from '../testing/each-database';
import { ManualClock, aUser, pdfText, testContext } from '../testing/index';
import type { CoreContext } from '../context';
import { actionsBoard } from './actions.service';
import { exportResidents, getRescueCase, listResidents, rescuePersonPanel } from './cases.service';
import {
  addBelonging,
  admitPerson,
  identifyCase,
  intakeOptions,
  printRefusalNotice,
  refusalGrounds,
  refuseApplicant,
} from './intake.service';
import { rescueLine } from './line';
import { defaultRescueConfig } from './rescue.config';
import { aRescueCase, aRescueStation, type RescueStationFixture } from './rescue.fixtures';

const qualifies = {
  canPayFoodLodging: false,
  hasRelativesToTurnTo: false,
  receivesSubsistence: false,
  situation: 'vagrant_begging',
  information: 'given',
} as const;

/** A complete intake form of an adult man (the wizard's submission), parsed like the route does. */
function form(station: RescueStationFixture, over: Record<string, unknown> = {}) {
  return rescueIntakeBody.parse({
    stationId: station.id,
    eligibility: qualifies,
    nameGiven: '张三',
    sex: 'male',
    estimatedAge: 45,
    referralSource: 'self',
    securityCheck: 'passed',
    dormitoryId: station.maleDormitoryId,
    caseworkerName: '王明',
    caseworkerSex: 'male',
    heightCm: 170,
    clothing: '灰色夹克',
    ...over,
  });
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  return isDomainError(e) ? e.code : e instanceof Error ? e.message : undefined;
}

async function count(ctx: CoreContext, table: 'rescueCases' | 'rescueRefusals' | 'people'): Promise<number> {
  const r = await ctx.db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describeEachDatabase(
  'rescue intake (求助登记, R-RES-01/03/04/06/08/15)',
  (t) => {
    it('R-RES-01 TC: an applicant on 低保 is refused with a written, numbered notice; admission is refused and changes nothing', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-03-02T02:00:00.000Z'));
      const st = await aRescueStation(ctx, { county: '430102' });
      const answers = { ...qualifies, receivesSubsistence: true };
      const before = await count(ctx, 'rescueCases');
      expect(await code(admitPerson(ctx, st.staff, form(st, { eligibility: answers })))).toBe(
        'RESCUE_NOT_ELIGIBLE',
      );
      expect(await count(ctx, 'rescueCases')).toBe(before);
      const r = await refuseApplicant(
        ctx,
        st.staff,
        rescueRefusalBody.parse({ stationId: st.id, nameGiven: '赵六', sex: 'male', eligibility: answers }),
      );
      expect(r.groundCode).toBe('receives_subsistence');
      expect(r.noticeNo).toBe('湘芙民救不字〔2026〕第000001号');
      const doc = await printRefusalNotice(ctx, st.staff, r.id);
      const text = pdfText(doc.pdf).flat;
      expect(text).toContain('不予救助通知书');
      expect(text).toContain('湘芙民救不字〔2026〕第000001号');
      expect(text).toContain('2026年3月2日');
      expect(text).toContain('最低生活保障或农村五保供养');
      expect(text).toContain('申请行政复议');
      expect(text).toContain('芙蓉区人民政府');
      expect(text).toContain('提起行政诉讼');
      // A reprint keeps the number; the next refusal takes the next one.
      const again = await printRefusalNotice(ctx, st.staff, r.id);
      expect(pdfText(again.pdf).flat).toContain('第000001号');
      const r2 = await refuseApplicant(
        ctx,
        st.staff,
        rescueRefusalBody.parse({ stationId: st.id, eligibility: { ...qualifies, canPayFoodLodging: true } }),
      );
      expect(r2.noticeNo).toBe('湘芙民救不字〔2026〕第000002号');
    });

    it('R-RES-01 TC: a robbed traveller with no money may be granted (broad reading); the narrow reading refuses', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-03-02T02:00:00.000Z'));
      const st = await aRescueStation(ctx);
      const robbed = { ...qualifies, situation: 'stranded_traveller' as const };
      const admitted = await admitPerson(ctx, st.staff, form(st, { eligibility: robbed }));
      expect(admitted.caseNo).toMatch(/^湘芙民救字〔2026〕第\d{6}号$/);
      expect(refusalGrounds(robbed, { eligibilityReading: 'narrow' })).toEqual(['not_vagrant']);
      const narrow = testContext(t.db, new ManualClock('2026-03-02T02:00:00.000Z'), {
        lines: { rescue: { ...defaultRescueConfig, eligibilityReading: 'narrow' } },
      });
      expect(
        await code(admitPerson(narrow, st.staff, form(st, { eligibility: robbed, nameGiven: '钱七' }))),
      ).toBe('RESCUE_NOT_ELIGIBLE');
      // Qualifying answers cannot be refused without a stated other ground.
      expect(
        await code(
          refuseApplicant(ctx, st.staff, rescueRefusalBody.parse({ stationId: st.id, eligibility: robbed })),
        ),
      ).toBe('RESCUE_REFUSAL_NO_GROUND');
    });

    it('R-RES-03 TC: an adult who refuses to give a name is refused, with reasons', async () => {
      const ctx = testContext(t.db);
      const st = await aRescueStation(ctx);
      const refused = { ...qualifies, information: 'refused' as const };
      expect(
        await code(admitPerson(ctx, st.staff, form(st, { eligibility: refused, nameGiven: null }))),
      ).toBe('RESCUE_NOT_ELIGIBLE');
      const r = await refuseApplicant(
        ctx,
        st.staff,
        rescueRefusalBody.parse({
          stationId: st.id,
          sex: 'male',
          eligibility: refused,
          note: '拒绝说明姓名和来历',
        }),
      );
      expect(r.grounds.map((g) => g.code)).toEqual(['refuses_information']);
      const text = pdfText((await printRefusalNotice(ctx, st.staff, r.id)).pdf).flat;
      expect(text).toContain('拒不如实提供本人姓名');
      expect(text).toContain('求助人');
    });

    it('R-RES-03 TC: a toddler with no information is admitted, unidentified, flagged minor; an index record 无名氏 is created', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-03-02T02:00:00.000Z'));
      const st = await aRescueStation(ctx);
      const none = {
        canPayFoodLodging: null,
        hasRelativesToTurnTo: null,
        receivesSubsistence: null,
        situation: null,
        information: 'cannot_give' as const,
      };
      // Refusing someone who cannot give information is not possible (aid first).
      expect(
        await code(
          refuseApplicant(ctx, st.staff, rescueRefusalBody.parse({ stationId: st.id, eligibility: none })),
        ),
      ).toBe('RESCUE_AID_FIRST');
      const a = await admitPerson(
        ctx,
        st.staff,
        form(st, {
          eligibility: none,
          nameGiven: null,
          sex: 'female',
          estimatedAge: 2,
          civilCapacity: 'none',
          referralSource: 'police',
          policeUnit: '长沙市公安局芙蓉分局五里牌派出所',
          policeOfficer: '刘警官',
          handoverAt: '2026-03-02T09:30:00+08:00',
          dormitoryId: st.femaleDormitoryId,
          caseworkerName: '李芳',
          caseworkerSex: 'female',
        }),
      );
      expect(a.identityStatus).toBe('unidentified');
      const view = await getRescueCase(ctx, st.staff, a.id);
      expect(view.personName).toBe(`无名氏${a.caseNo}`);
      expect(view.stay.minor).toBe(true);
      expect(view.stay.stayLimitApplies).toBe(false);
      expect(view.intake?.minorAtEntry).toBe(true);
      expect(view.intake?.handoverScanMissing).toBe(true);
      expect(view.birthDate).toBeNull();
      const fact = await ctx.db.kysely
        .selectFrom('personFacts')
        .select(['value', 'source'])
        .where('personId', '=', a.personId)
        .where('field', '=', 'identity_status')
        .executeTakeFirst();
      expect(fact).toEqual({ value: '身份不明', source: '救助管理' });
    });

    it('R-RES-04 TC: a female recipient to a male dormitory is rejected; a male caseworker for her is refused', async () => {
      const ctx = testContext(t.db);
      const st = await aRescueStation(ctx);
      const woman = { sex: 'female', nameGiven: '周梅', caseworkerName: '李芳', caseworkerSex: 'female' };
      const before = await count(ctx, 'rescueCases');
      expect(
        await code(admitPerson(ctx, st.staff, form(st, { ...woman, dormitoryId: st.maleDormitoryId }))),
      ).toBe('RESCUE_DORMITORY_SEX_MISMATCH');
      expect(
        await code(
          admitPerson(
            ctx,
            st.staff,
            form(st, { ...woman, dormitoryId: st.femaleDormitoryId, caseworkerSex: 'male' }),
          ),
        ),
      ).toBe('RESCUE_FEMALE_CASEWORKER_REQUIRED');
      expect(await count(ctx, 'rescueCases')).toBe(before);
      const ok = await admitPerson(ctx, st.staff, form(st, { ...woman, dormitoryId: st.femaleDormitoryId }));
      expect((await getRescueCase(ctx, st.staff, ok.id)).dormitoryName).toBe('女宿舍一');
      // Another station's dormitory is not offered.
      const other = await aRescueStation(ctx);
      expect(
        await code(
          admitPerson(ctx, st.staff, form(st, { nameGiven: '吴刚', dormitoryId: other.maleDormitoryId })),
        ),
      ).toBe('RESCUE_DORMITORY_UNKNOWN');
    });

    it('R-RES-04: the stations concern’s dormitory rule — a full or closed dormitory is refused, nothing written', async () => {
      const ctx = testContext(t.db);
      const st = await aRescueStation(ctx);
      const woman = { sex: 'female', nameGiven: '周梅', caseworkerName: '李芳', caseworkerSex: 'female' };
      await ctx.db.kysely
        .updateTable('rescueDormitories')
        .set({ beds: 1 })
        .where('id', '=', st.femaleDormitoryId)
        .execute();
      await aRescueCase(ctx, st, { sex: 'female', estimatedAge: 40 }); // takes the only bed
      const [cases, people] = [await count(ctx, 'rescueCases'), await count(ctx, 'people')];
      expect(
        await code(admitPerson(ctx, st.staff, form(st, { ...woman, dormitoryId: st.femaleDormitoryId }))),
      ).toBe('RESCUE_DORMITORY_FULL');
      expect([await count(ctx, 'rescueCases'), await count(ctx, 'people')]).toEqual([cases, people]);
      await ctx.db.kysely
        .updateTable('rescueDormitories')
        .set({ beds: 5, status: 'closed' })
        .where('id', '=', st.femaleDormitoryId)
        .execute();
      expect(
        await code(admitPerson(ctx, st.staff, form(st, { ...woman, dormitoryId: st.femaleDormitoryId }))),
      ).toBe('RESCUE_DORMITORY_CLOSED');
      expect([await count(ctx, 'rescueCases'), await count(ctx, 'people')]).toEqual([cases, people]);
      // Without a dormitory the admission goes through (a bed is assigned later).
      const ok = await admitPerson(ctx, st.staff, form(st, { ...woman, dormitoryId: undefined }));
      expect((await getRescueCase(ctx, st.staff, ok.id)).dormitoryId).toBeNull();
    });

    it('R-RES-08 TC: no action retains an ID card — an identity document is registered only in voluntary safekeeping', async () => {
      const ctx = testContext(t.db);
      const st = await aRescueStation(ctx);
      const idCard = { item: '居民身份证', quantity: 1, identityDocument: true };
      expect(await code(admitPerson(ctx, st.staff, form(st, { belongings: [idCard] })))).toBe(
        'RESCUE_ID_DOCUMENT_NOT_RETAINED',
      );
      const a = await admitPerson(
        ctx,
        st.staff,
        form(st, {
          belongings: [
            { item: '手机', quantity: 1, description: '黑色，屏幕破损' },
            { ...idCard, safekeepingConsent: true, consentNote: '本人要求代为保管，王明见证' },
          ],
        }),
      );
      expect(
        await code(
          addBelonging(
            ctx,
            st.staff,
            a.id,
            rescueBelongingBody.parse({ ...idCard, safekeepingConsent: false }),
          ),
        ),
      ).toBe('RESCUE_ID_DOCUMENT_NOT_RETAINED');
      await addBelonging(
        ctx,
        st.staff,
        a.id,
        rescueBelongingBody.parse({ item: '现金', description: '12元' }),
      );
      const view = await getRescueCase(ctx, st.staff, a.id);
      expect(view.belongings.map((b) => [b.item, b.identityDocument, b.safekeepingConsent])).toEqual([
        ['手机', false, false],
        ['居民身份证', true, true],
        ['现金', false, false],
      ]);
      // The engine refuses a retained document too.
      await expect(
        ctx.db.kysely
          .insertInto('rescueBelongings')
          .values({
            id: 'x-retained',
            caseId: a.id,
            position: 9,
            item: '身份证',
            quantity: 1,
            description: null,
            identityDocument: 1,
            safekeepingConsent: 0,
            consentNote: null,
            recordedAt: '2026-01-01T00:00:00.000Z',
            recordedBy: 'x',
            returnedAt: null,
            returnedNote: null,
          })
          .execute(),
      ).rejects.toThrow();
    });

    it('R-RES-15 and R-RES-06: medical and police referral and the police handover are required', async () => {
      const ctx = testContext(t.db);
      const st = await aRescueStation(ctx);
      const injured = { ...form(st).conditions, visibleInjury: true };
      expect(await code(admitPerson(ctx, st.staff, form(st, { conditions: injured })))).toBe(
        'RESCUE_MEDICAL_REFERRAL_REQUIRED',
      );
      const drunk = { ...form(st).conditions, drunkThreatening: true };
      expect(await code(admitPerson(ctx, st.staff, form(st, { conditions: drunk })))).toBe(
        'RESCUE_POLICE_REFERRAL_REQUIRED',
      );
      expect(await code(admitPerson(ctx, st.staff, form(st, { referralSource: 'police' })))).toBe(
        'RESCUE_HANDOVER_INCOMPLETE',
      );
      const a = await admitPerson(
        ctx,
        st.staff,
        form(st, {
          conditions: { ...injured, suspectedMentalDisorder: true },
          medicalReferralTo: '长沙市第一医院',
        }),
      );
      const v = await getRescueCase(ctx, st.staff, a.id);
      expect(v.mentalSigns).toBe(true);
      expect(v.stay.stayLimitApplies).toBe(false);
      expect(v.intake?.medicalReferralTo).toBe('长沙市第一医院');
    });

    it('identity: a resident id links the existing person, never a duplicate; a second open case is 409', async () => {
      const ctx = testContext(t.db, new ManualClock('2026-03-02T02:00:00.000Z'));
      const st = await aRescueStation(ctx);
      const residentId = composeResidentId('430102', '1980-05-06' as PlainDate, 11);
      const person = await createPerson(ctx, systemActor('test', '430102'), {
        residentId,
        name: '孙八',
        hukouDivisionCode: '430102',
        source: '户籍',
      });
      const people = await count(ctx, 'people');
      const a = await admitPerson(
        ctx,
        st.staff,
        form(st, { residentId, nameGiven: '孙八', estimatedAge: null }),
      );
      expect(a).toMatchObject({
        personId: person.id,
        linkedExistingPerson: true,
        identityStatus: 'identified',
      });
      expect(await count(ctx, 'people')).toBe(people);
      const other = await aRescueStation(ctx);
      expect(
        await code(
          admitPerson(ctx, other.staff, form(other, { residentId, nameGiven: '孙八', estimatedAge: null })),
        ),
      ).toBe('RESCUE_CASE_ALREADY_OPEN');
      // A resident id is validated by the kernel.
      expect(
        await code(
          admitPerson(ctx, st.staff, form(st, { residentId: '430102198005061234', nameGiven: '孙八' })),
        ),
      ).toMatch(/^RESIDENT_ID_/);
      // The read shows the number masked and the audit row names the person, never the full number.
      const v = await getRescueCase(ctx, st.staff, a.id);
      expect(v.residentIdMasked).not.toContain(residentId.slice(6, 14));
      await ctx.readAudit.drain();
      const row = await ctx.db.kysely
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'rescue.case.read')
        .where('targetId', '=', a.id)
        .executeTakeFirstOrThrow();
      expect(row.subjectPersonId).toBe(person.id);
      expect(JSON.stringify(row)).not.toContain(residentId);
    });

    it('identification of an unidentified case proposes a person merge (nothing merged silently)', async () => {
      const ctx = testContext(t.db);
      const st = await aRescueStation(ctx);
      const a = await admitPerson(
        ctx,
        st.staff,
        form(st, {
          nameGiven: null,
          eligibility: { ...qualifies, information: 'cannot_give' },
          civilCapacity: 'limited',
        }),
      );
      const x = await createPerson(ctx, systemActor('test', '430102'), {
        residentId: composeResidentId('430102', '1981-02-03' as PlainDate, 13),
        name: '郑九',
        hukouDivisionCode: '430102',
        source: '户籍',
      });
      const r = await identifyCase(ctx, st.staff, a.id, { personId: x.id, reason: '指纹比对一致' });
      expect(r.status).toBe('proposed');
      const reviewer = (await aUser(ctx, { role: 'county_reviewer', divisionCode: '430102' })).actor;
      const merge = await getMerge(ctx, reviewer, r.mergeId);
      expect([merge.survivor.id, merge.merged.id]).toEqual([x.id, a.personId]);
      expect((await getRescueCase(ctx, st.staff, a.id)).intake?.identificationMergeId).toBe(r.mergeId);
    });

    it('scope: a sibling station and another county get 404 on reads and on writes naming a case or station', async () => {
      const ctx = testContext(t.db);
      const st = await aRescueStation(ctx, { county: '430102' });
      const sibling = await aRescueStation(ctx, { county: '430102' });
      const outsider = (await aUser(ctx, { role: 'rescue_staff', divisionCode: '430181' })).actor;
      const a = await admitPerson(ctx, st.staff, form(st));
      for (const actor of [sibling.staff, outsider]) {
        expect(await code(getRescueCase(ctx, actor, a.id))).toBe('NOT_FOUND');
        expect(await code(addBelonging(ctx, actor, a.id, rescueBelongingBody.parse({ item: '包' })))).toBe(
          'NOT_FOUND',
        );
        expect(await code(admitPerson(ctx, actor, form(st, { nameGiven: '外人' })))).toBe('NOT_FOUND');
        expect(await code(identifyCase(ctx, actor, a.id, { personId: a.personId, reason: '测试' }))).toBe(
          'NOT_FOUND',
        );
      }
      const r = await refuseApplicant(
        ctx,
        st.staff,
        rescueRefusalBody.parse({ stationId: st.id, eligibility: { ...qualifies, canPayFoodLodging: true } }),
      );
      expect(await code(printRefusalNotice(ctx, sibling.staff, r.id))).toBe('NOT_FOUND');
      // County staff see both stations; station staff only their own.
      expect((await getRescueCase(ctx, st.countyStaff, a.id)).id).toBe(a.id);
      const opts = await intakeOptions(ctx, st.staff);
      expect(opts.stations.map((s) => s.id)).toEqual([st.id]);
      expect(opts.stations[0]!.dormitories.find((d) => d.id === st.maleDormitoryId)?.occupied).toBe(1);
    });

    it('R-RES-05 residents list: an approved extension is honoured (not 超期 before its end); the board counts alike', async () => {
      const clock = new ManualClock('2026-03-02T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      // Entered 2026-02-15: over the 10-day limit from 2026-02-26 without an extension.
      const extended = await aRescueCase(ctx, st, {
        estimatedAge: 30,
        enteredAt: '2026-02-15T02:00:00.000Z',
        name: '延期人',
      });
      const pending = await aRescueCase(ctx, st, {
        estimatedAge: 31,
        enteredAt: '2026-02-15T02:00:00.000Z',
        name: '待批人',
      });
      const extension = (caseId: string, status: 'approved' | 'pending', until: string) => ({
        id: `ext-${caseId}-${status}`,
        caseId,
        stationId: st.id,
        divisionCode: st.divisionCode,
        reason: '等待家属接领',
        requestedUntil: until,
        status,
        approvalId: null,
        decidedAt: status === 'approved' ? '2026-02-25T02:00:00.000Z' : null,
        decisionReason: null,
        createdBy: 'test',
        createdAt: '2026-02-24T02:00:00.000Z',
        updatedAt: '2026-02-25T02:00:00.000Z',
      });
      await ctx.db.kysely
        .insertInto('rescueStayExtensions')
        .values([
          extension(extended.id, 'approved', '2026-03-10'),
          extension(pending.id, 'pending', '2026-03-10'),
        ])
        .execute();
      const rows = async () =>
        new Map(
          (await listResidents(ctx, st.staff, { page: 1, pageSize: 20 })).items.map((r) => [r.name, r]),
        );
      let byName = await rows();
      expect(byName.get('延期人')).toMatchObject({
        overStayLimit: false,
        stayLimitExceededFrom: '2026-03-11',
      });
      // A pending request does not count.
      expect(byName.get('待批人')).toMatchObject({
        overStayLimit: true,
        stayLimitExceededFrom: '2026-02-26',
      });
      expect(
        (await listResidents(ctx, st.staff, { page: 1, pageSize: 20, overStay: 'over_limit' })).items.map(
          (r) => r.name,
        ),
      ).toEqual(['待批人']);
      expect((await getRescueCase(ctx, st.staff, extended.id)).stay).toMatchObject({ overStayLimit: false });
      expect((await actionsBoard(ctx, st.staff)).counts.overLimit).toBe(1);
      // The day after the extended end: over the limit in effect.
      clock.set('2026-03-11T02:00:00.000Z');
      byName = await rows();
      expect(byName.get('延期人')).toMatchObject({ overStayLimit: true });
      expect((await getRescueCase(ctx, st.staff, extended.id)).stay).toMatchObject({ overStayLimit: true });
      expect((await actionsBoard(ctx, st.staff)).counts.overLimit).toBe(2);
    });

    it('residents list: today’s open cases with days in care and computed stay status, filters, sort, paging, export', async () => {
      const clock = new ManualClock('2026-03-02T02:00:00.000Z');
      const ctx = testContext(t.db, clock);
      const st = await aRescueStation(ctx);
      const old = await aRescueCase(ctx, st, {
        estimatedAge: 40,
        enteredAt: '2025-11-20T02:00:00.000Z',
        name: '老滞留',
      });
      const adult = await aRescueCase(ctx, st, {
        estimatedAge: 30,
        enteredAt: '2026-02-15T02:00:00.000Z',
        name: '超期人',
      });
      const child = await aRescueCase(ctx, st, { sex: 'female', estimatedAge: 9, name: '小孩' });
      await aRescueCase(ctx, st, { estimatedAge: 50, status: 'departed', name: '已离站' });
      const other = await aRescueStation(ctx);
      await aRescueCase(ctx, other, { estimatedAge: 33, name: '别站人' });
      const page = await listResidents(ctx, st.staff, { page: 1, pageSize: 20 });
      expect(page.items.map((r) => r.name)).toEqual(['老滞留', '超期人', '小孩']);
      const byId = new Map(page.items.map((r) => [r.id, r]));
      expect(byId.get(old.id)).toMatchObject({
        stayStatus: 'long_term',
        overStayLimit: true,
        daysInCare: 102,
      });
      expect(byId.get(adult.id)).toMatchObject({
        stayStatus: 'stranded',
        overStayLimit: true,
        daysInCare: 15,
        stayLimitExceededFrom: '2026-02-26',
      });
      expect(byId.get(child.id)).toMatchObject({
        stayStatus: 'within_limit',
        overStayLimit: false,
        minor: true,
      });
      const f = (q: Record<string, unknown>) => listResidents(ctx, st.staff, { page: 1, pageSize: 20, ...q });
      expect((await f({ minor: true })).items.map((r) => r.name)).toEqual(['小孩']);
      expect((await f({ overStay: 'long_term' })).items.map((r) => r.name)).toEqual(['老滞留']);
      expect((await f({ overStay: 'any' })).total).toBe(2);
      expect((await f({ sex: 'female' })).total).toBe(1);
      expect((await f({ q: '超期' })).items.map((r) => r.name)).toEqual(['超期人']);
      expect((await f({ q: adult.caseNo })).total).toBe(1);
      expect((await f({ q: '%' })).total).toBe(0);
      expect((await f({ sort: '-daysInCare' })).items[0]!.name).toBe('老滞留');
      expect((await f({ sort: 'daysInCare' })).items[0]!.name).toBe('小孩');
      const p2 = await listResidents(ctx, st.staff, { page: 2, pageSize: 2 });
      expect([p2.total, p2.items.length]).toEqual([3, 1]);
      // County staff see every station of the county.
      expect(
        (await listResidents(ctx, st.countyStaff, { page: 1, pageSize: 50 })).items.map((r) => r.name),
      ).toContain('别站人');
      const rows = [];
      for await (const r of await exportResidents(ctx, st.staff, {})) rows.push(r.name);
      expect(rows).toEqual(['老滞留', '超期人', '小孩']);
      // The person page panel.
      const panel = await rescuePersonPanel(ctx, st.staff, child.personId);
      expect(panel?.title).toBe('救助记录');
      expect(panel?.facts[0]?.value).toContain(child.caseNo);
    });
  },
  { lines: [rescueLine] },
);
