import { expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit.service';
import { describeEachDatabase } from '../testing/each-database';
import type { ManualClock } from '../testing/factories';
import {
  applyForDivorce,
  expireDivorceApplications,
  getDivorce,
  listDivorces,
  requestDivorceCertificate,
  withdrawDivorce,
} from './divorce.service';
import { recordCourtJudgment, type CourtJudgmentInput } from './judgments.service';
import {
  aCouple,
  aDivorceApplication,
  aMarriageDesk,
  beijingMorning,
  type MarriageDesk,
} from './marriage.fixtures';
import { contextOn, rejects } from './marriage.test-support';
import { printDivorceDocument } from './printing.service';
import { registerMarriage } from './registration.service';
import { marriageLine } from './line';

const judgment = (over: Partial<CourtJudgmentInput> = {}): CourtJudgmentInput => ({
  outcome: 'void',
  ground: 'bigamy',
  court: '浏阳市人民法院',
  caseNumber: '（2025）湘0181民初2001号',
  judgmentDate: '2025-07-01',
  effectiveDate: '2025-07-08',
  ...over,
});

const both = (registryId: string) => ({
  registryId,
  husbandPresent: true,
  wifePresent: true,
  bothStillWishToDivorce: true,
  agreementConfirmed: true,
});

describeEachDatabase(
  'court judgments and open divorce applications',
  (t) => {
    /** A couple married 2025-06-02 who apply for divorce on 2025-06-16 (window 1 to 07-16, window 2 to 08-15). */
    async function pendingDivorce(desk?: MarriageDesk, ctxIn?: ReturnType<typeof contextOn>) {
      const ctx = ctxIn ?? contextOn(t.db, '2025-06-02');
      const clock = ctx.clock as ManualClock;
      clock.set(beijingMorning('2025-06-02'));
      const d = desk ?? (await aMarriageDesk(ctx));
      const marriage = await registerMarriage(ctx, d.registrar, aCouple(d.registry.id));
      clock.set(beijingMorning('2025-06-16'));
      const divorce = await applyForDivorce(
        ctx,
        d.registrar,
        aDivorceApplication(marriage.id, d.registry.id),
      );
      return { ctx, clock, desk: d, marriage, divorce };
    }

    const divorceAudits = (targetId: string) =>
      t.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('targetId', '=', targetId)
        .orderBy('seq')
        .execute();

    it('terminates an application in its cooling-off window when a judgment declares the marriage void, audited with the judgment', async () => {
      const { ctx, clock, desk, marriage, divorce } = await pendingDivorce();
      expect(divorce).toMatchObject({ phase: 'withdrawal', withdrawalEndsOn: '2025-07-16' });
      clock.set(beijingMorning('2025-07-10'));
      const j = await recordCourtJudgment(ctx, desk.registrar, marriage.id, judgment());
      expect(j.terminatedDivorceId).toBe(divorce.id);

      const after = await getDivorce(ctx, desk.registrar, divorce.id);
      expect(after).toMatchObject({
        status: 'terminated_by_judgment',
        phase: 'closed',
        daysLeft: null,
        closedOn: '2025-07-10',
        withdrawnBy: null,
        certificateNo: null,
        judgment: {
          id: j.id,
          outcome: 'void',
          court: '浏阳市人民法院',
          caseNumber: '（2025）湘0181民初2001号',
          effectiveDate: '2025-07-08',
        },
      });
      // The workbench list of open applications no longer has it; the closed list names it.
      expect(await listDivorces(ctx, desk.registrar, { status: 'cooling_off' })).toEqual([]);
      expect(
        (await listDivorces(ctx, desk.registrar, { status: 'terminated_by_judgment' })).map((d) => d.id),
      ).toEqual([divorce.id]);
      expect(await listDivorces(ctx, desk.registrar, { status: 'withdrawn' })).toEqual([]);
      expect((await listDivorces(ctx, desk.registrar, {}))[0]).toMatchObject({
        status: 'terminated_by_judgment',
      });

      // Nothing can happen to it any more.
      await rejects(
        withdrawDivorce(ctx, desk.registrar, divorce.id, {
          registryId: desk.registry.id,
          party: 'wife',
          presentInPerson: true,
          receiptOrExplanation: true,
        }),
        'DIVORCE_NOT_OPEN',
      );
      clock.set(beijingMorning('2025-07-20'));
      await rejects(
        requestDivorceCertificate(ctx, desk.registrar, divorce.id, both(desk.registry.id)),
        'DIVORCE_NOT_OPEN',
      );
      await rejects(
        printDivorceDocument(ctx, desk.registrar, divorce.id, 'withdrawal'),
        'DIVORCE_NOT_WITHDRAWN',
      );
      await rejects(
        applyForDivorce(ctx, desk.registrar, aDivorceApplication(marriage.id, desk.registry.id)),
        'MARRIAGE_NOT_SUBSISTING',
      );

      // (the refused print attempt is audited too, as every print is)
      // (the acts on the application; its detail reads are audited as marriage.divorce.read)
      const audits = (await divorceAudits(divorce.id)).filter(
        (a) => a.action.startsWith('marriage.divorce.') && a.action !== 'marriage.divorce.read',
      );
      expect(audits.map((a) => a.action)).toEqual([
        'marriage.divorce.accept',
        'marriage.divorce.terminated-by-judgment',
      ]);
      expect(JSON.parse(audits[1]?.details ?? '{}')).toMatchObject({
        marriageId: marriage.id,
        judgmentId: j.id,
        caseNumber: '（2025）湘0181民初2001号',
      });
      const onMarriage = await divorceAudits(marriage.id);
      expect(onMarriage.map((a) => a.action)).toContain('marriage.judgment.void');
      expect(JSON.parse(onMarriage.at(-1)?.details ?? '{}')).toMatchObject({
        judgmentId: j.id,
        terminatedDivorceId: divorce.id,
      });
      expect((await verifyAuditChain(ctx)).ok).toBe(true);
    });

    it('terminates an application in the joint-request window when the court annuls the marriage', async () => {
      const { ctx, clock, desk, marriage, divorce } = await pendingDivorce();
      clock.set(beijingMorning('2025-08-01'));
      expect((await getDivorce(ctx, desk.registrar, divorce.id)).phase).toBe('joint_request');
      const j = await recordCourtJudgment(
        ctx,
        desk.registrar,
        marriage.id,
        judgment({ outcome: 'annulled', ground: 'coercion', effectiveDate: '2025-07-31' }),
      );
      expect(j.terminatedDivorceId).toBe(divorce.id);
      expect(await getDivorce(ctx, desk.registrar, divorce.id)).toMatchObject({
        status: 'terminated_by_judgment',
        closedOn: '2025-08-01',
        judgment: { outcome: 'annulled' },
      });
      const m = await t.db.kysely
        .selectFrom('marriages')
        .select(['status', 'endReference'])
        .where('id', '=', marriage.id)
        .executeTakeFirstOrThrow();
      expect(m).toEqual({ status: 'annulled', endReference: j.id });
    });

    it('changes nothing else when the marriage has no open application', async () => {
      const ctx = contextOn(t.db, '2025-06-02');
      const desk = await aMarriageDesk(ctx);
      // Another couple's application stays in its window; this couple's earlier application was withdrawn.
      const other = await pendingDivorce(desk, ctx);
      const { clock } = other;
      clock.set(beijingMorning('2025-06-02'));
      const noApplication = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      const withdrawnOne = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      clock.set(beijingMorning('2025-06-20'));
      const earlier = await applyForDivorce(
        ctx,
        desk.registrar,
        aDivorceApplication(withdrawnOne.id, desk.registry.id),
      );
      await withdrawDivorce(ctx, desk.registrar, earlier.id, {
        registryId: desk.registry.id,
        party: 'husband',
        presentInPerson: true,
        receiptOrExplanation: true,
      });
      const applicationsBefore = await t.db.kysely
        .selectFrom('divorceApplications')
        .selectAll()
        .orderBy('id')
        .execute();
      const divorceAuditCount = async () =>
        (
          await t.db.kysely
            .selectFrom('auditLog')
            .select('seq')
            .where('targetType', '=', 'divorce_application')
            .execute()
        ).length;
      const auditsBefore = await divorceAuditCount();

      clock.set(beijingMorning('2025-07-10'));
      const j1 = await recordCourtJudgment(ctx, desk.registrar, noApplication.id, judgment());
      const j2 = await recordCourtJudgment(
        ctx,
        desk.registrar,
        withdrawnOne.id,
        judgment({ caseNumber: '（2025）湘0181民初2002号', ground: 'prohibited_kinship' }),
      );
      expect([j1.terminatedDivorceId, j2.terminatedDivorceId]).toEqual([null, null]);
      expect(await t.db.kysely.selectFrom('divorceApplications').selectAll().orderBy('id').execute()).toEqual(
        applicationsBefore,
      );
      expect(await divorceAuditCount()).toBe(auditsBefore);
      expect(await getDivorce(ctx, desk.registrar, earlier.id)).toMatchObject({
        status: 'withdrawn',
        withdrawnBy: 'husband',
        judgment: null,
      });
      expect(await getDivorce(ctx, desk.registrar, other.divorce.id)).toMatchObject({
        status: 'cooling_off',
        phase: 'withdrawal',
      });
    });

    it('keeps the application open when the judgment cannot be filed (one transaction)', async () => {
      const { ctx, clock, desk, marriage, divorce } = await pendingDivorce();
      clock.set(beijingMorning('2025-06-02'));
      const first = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      clock.set(beijingMorning('2025-07-10'));
      await recordCourtJudgment(ctx, desk.registrar, first.id, judgment());
      // The same case number again: the judgment insert fails after the application was closed, so
      // the closing rolls back with it.
      await rejects(
        recordCourtJudgment(ctx, desk.registrar, marriage.id, judgment()),
        'JUDGMENT_CASE_NUMBER_EXISTS',
      );
      expect(await getDivorce(ctx, desk.registrar, divorce.id)).toMatchObject({
        status: 'cooling_off',
        phase: 'withdrawal',
      });
      expect(
        (await divorceAudits(divorce.id)).map((a) => a.action).filter((a) => a !== 'marriage.divorce.read'),
      ).toEqual(['marriage.divorce.accept']);
    });

    it('leaves an application already past its joint-request window to the deemed-withdrawn job', async () => {
      const { ctx, clock, desk, marriage, divorce } = await pendingDivorce();
      clock.set(beijingMorning('2025-08-20'));
      const j = await recordCourtJudgment(
        ctx,
        desk.registrar,
        marriage.id,
        judgment({ effectiveDate: '2025-08-19' }),
      );
      expect(j.terminatedDivorceId).toBeNull();
      expect(await expireDivorceApplications(ctx)).toBe(1);
      expect(await getDivorce(ctx, desk.registrar, divorce.id)).toMatchObject({
        status: 'deemed_withdrawn',
        closedOn: '2025-08-16',
        judgment: null,
      });
    });
  },
  { lines: [marriageLine] },
);
