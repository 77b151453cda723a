import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/each-database';
import { findMarriagesByParties, PRESENTED_BY_PARTIES } from './couple.service';
import { applyForDivorce } from './divorce.service';
import { aCouple, aDivorceApplication, aMarriageDesk } from './marriage.fixtures';
import { contextOn, rejects } from './marriage.test-support';
import { registerMarriage } from './registration.service';
import { reissueCertificate } from './reissue.service';
import { marriageLine } from './line';

describeEachDatabase(
  'writes naming a marriage (scope, or the parties presenting their ids)',
  (t) => {
    /** A marriage registered in 芙蓉区 (430102), and a qualified registrar of 浏阳市 (430181). */
    async function strangerMarriage() {
      const ctx = contextOn(t.db, '2026-06-01');
      const home = await aMarriageDesk(ctx, { county: '430102' });
      const couple = aCouple(home.registry.id, { county: '430102' });
      const marriage = await registerMarriage(ctx, home.registrar, couple);
      const liuyang = await aMarriageDesk(ctx, { county: '430181' });
      const parties = {
        husbandResidentId: couple.husband.residentId ?? '',
        wifeResidentId: couple.wife.residentId ?? '',
      };
      return { ctx, home, liuyang, marriage, parties };
    }

    it('answers 404 to a divorce or a re-issue naming a marriage out of the registrar’s scope', async () => {
      const { ctx, liuyang, marriage } = await strangerMarriage();
      await rejects(
        applyForDivorce(ctx, liuyang.registrar, aDivorceApplication(marriage.id, liuyang.registry.id)),
        'NOT_FOUND',
      );
      await rejects(
        reissueCertificate(ctx, liuyang.registrar, {
          marriageId: marriage.id,
          registryId: liuyang.registry.id,
          certificate: 'marriage',
          applicant: 'both',
          archiveConfirmed: true,
        }),
        'NOT_FOUND',
      );
      const written = await t.db.kysely
        .selectFrom('auditLog')
        .select('action')
        .where('action', 'in', ['marriage.divorce.accept', 'marriage.issue.marriage_certificate'])
        .execute();
      expect(written).toEqual([]);
    });

    it('serves the couple anywhere from the ids they present, audited with that reason', async () => {
      const { ctx, liuyang, marriage, parties } = await strangerMarriage();
      const found = await findMarriagesByParties(ctx, liuyang.registrar, parties);
      expect(found.map((m) => m.id)).toEqual([marriage.id]);
      expect(found[0]?.husband.residentIdMasked).not.toBe(parties.husbandResidentId);

      const issue = await reissueCertificate(ctx, liuyang.registrar, {
        parties,
        registryId: liuyang.registry.id,
        certificate: 'marriage',
        applicant: 'both',
        archiveConfirmed: true,
      });
      expect(issue).toMatchObject({ marriageId: marriage.id, kind: 'marriage_certificate' });

      const { marriageId: _ignored, ...byIds } = aDivorceApplication(marriage.id, liuyang.registry.id);
      // The order of the two ids does not matter.
      const divorce = await applyForDivorce(ctx, liuyang.registrar, {
        ...byIds,
        parties: { husbandResidentId: parties.wifeResidentId, wifeResidentId: parties.husbandResidentId },
      });
      expect(divorce).toMatchObject({
        marriageId: marriage.id,
        divisionCode: '430181',
        status: 'cooling_off',
      });

      const rows = await t.db.kysely
        .selectFrom('auditLog')
        .select(['action', 'reason', 'divisionCode', 'details'])
        .where('actorUsername', '=', liuyang.registrar.username)
        .where('action', 'in', [
          'marriage.read',
          'marriage.issue.marriage_certificate',
          'marriage.divorce.accept',
        ])
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => [r.action, r.reason])).toEqual([
        ['marriage.read', PRESENTED_BY_PARTIES],
        ['marriage.issue.marriage_certificate', PRESENTED_BY_PARTIES],
        ['marriage.divorce.accept', PRESENTED_BY_PARTIES],
      ]);
      for (const r of rows) {
        expect(r.details).not.toContain(parties.husbandResidentId);
        expect(r.details).not.toContain(parties.wifeResidentId);
      }
    });

    it('finds nothing for ids that are not a couple on record', async () => {
      const { ctx, liuyang, parties } = await strangerMarriage();
      const other = aCouple(liuyang.registry.id);
      await rejects(
        findMarriagesByParties(ctx, liuyang.registrar, {
          husbandResidentId: parties.husbandResidentId,
          wifeResidentId: other.wife.residentId ?? '',
        }),
        'NOT_FOUND',
      );
      await rejects(
        findMarriagesByParties(ctx, liuyang.registrar, {
          husbandResidentId: parties.husbandResidentId,
          wifeResidentId: parties.husbandResidentId,
        }),
        'PARTIES_SAME_PERSON',
      );
    });
  },
  { lines: [marriageLine] },
);
