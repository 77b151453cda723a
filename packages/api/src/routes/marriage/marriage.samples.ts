import {
  aCouple,
  aDivorceApplication,
  aMarriageDesk,
  aMarriageSampleSet,
  aResidentId,
} from '@social-affairs/core/marriage/testing';
import { appointmentAvailability, bookAppointment, listAppointments } from '@social-affairs/core/marriage';
import type { CoreContext } from '@social-affairs/core';
import type { RouteSamples } from '../../server-line';

/**
 * Out-of-scope samples for the marriage routes (all records in 芙蓉区 430102). A write whose body names a
 * marriage also names a registry of the outsider's own county (浏阳市 430181), so that the 404 can only
 * come from the marriage's scope check, not from the registry's.
 */
export async function marriageSamples(core: CoreContext): Promise<RouteSamples> {
  const m = await aMarriageSampleSet(core);
  const registryId = m.desk.registry.id;
  const outsiderRegistryId = (await aMarriageDesk(core, { county: '430181' })).registry.id;
  // A booking at the 芙蓉区 registry, for the desk's appointment routes.
  const bookable = (await appointmentAvailability(core, registryId)).days[0]?.date ?? '';
  await bookAppointment(core, {
    registryId,
    date: bookable,
    halfDay: 'am',
    service: 'marriage',
    applicantName: '预约人',
    partnerName: '对方',
    applicantResidentId: aResidentId('430102', '1990-01-01', 'male'),
    partnerResidentId: aResidentId('430102', '1992-02-02', 'female'),
    phone: '13800009999',
  });
  const appointmentId =
    (await listAppointments(core, m.desk.registrar, registryId, bookable)).find(
      (a) => a.applicantName === '预约人',
    )?.id ?? '';
  const onAppointment = { params: { id: appointmentId } };
  return {
    'POST /api/marriage/appointments/:id/check-in': onAppointment,
    'POST /api/marriage/appointments/:id/no-show': onAppointment,
    'POST /api/marriage/appointments/:id/cancel': { ...onAppointment, body: { reason: '当事人来电取消' } },
    'POST /api/marriage/appointments/:id/complete': {
      ...onAppointment,
      body: { registryId: outsiderRegistryId, outcomeKind: 'other', note: '咨询' },
    },
    'POST /api/marriage/refusals': {
      params: {},
      body: {
        ...aCouple(registryId, { county: '430102' }),
        appointmentId,
        ground: 'OTHER',
        note: '证件照片与本人不符',
      },
    },
    'POST /api/marriage/divorces': {
      params: {},
      body: aDivorceApplication(m.marriage.id, outsiderRegistryId),
    },
    'POST /api/marriage/reissues': {
      params: {},
      body: {
        marriageId: m.marriage.id,
        registryId: outsiderRegistryId,
        certificate: 'marriage',
        applicant: 'both',
        archiveConfirmed: true,
      },
    },
    'POST /api/marriage/registrations': {
      params: {},
      body: { ...aCouple(registryId, { county: '430102' }), appointmentId },
    },
    'POST /api/marriage/qualifications': {
      params: {},
      body: {
        userId: m.desk.registrarId,
        registryId,
        certificateNo: 'HNHY-SAMPLE-1',
        validFrom: '2020-01-01',
        validUntil: '2030-12-31',
      },
    },
    'POST /api/marriage/qualifications/:id/revoke': {
      params: { id: m.qualificationId },
      body: { reason: '调离岗位' },
    },
    'GET /api/marriage/marriages/:id': { params: { id: m.marriage.id } },
    'GET /api/marriage/marriages/:id/certificate.pdf': { params: { id: m.marriage.id } },
    'POST /api/marriage/marriages/:id/judgments': {
      params: { id: m.marriage.id },
      body: {
        outcome: 'void',
        ground: 'bigamy',
        court: '芙蓉区人民法院',
        caseNumber: '（2026）湘0102民初1号',
        judgmentDate: '2026-11-01',
        effectiveDate: '2026-11-20',
      },
    },
    'GET /api/marriage/reissues/:id/document.pdf': { params: { id: m.issue.id } },
    'GET /api/marriage/refusals/:id': { params: { id: m.refusalId } },
    'GET /api/marriage/refusals/:id/notice.pdf': { params: { id: m.refusalId } },
    'GET /api/marriage/divorces/:id': { params: { id: m.divorce.id } },
    'POST /api/marriage/divorces/:id/withdraw': {
      params: { id: m.divorce.id },
      body: { registryId, party: 'wife', presentInPerson: true, receiptOrExplanation: true },
    },
    'POST /api/marriage/divorces/:id/certificate': {
      params: { id: m.divorce.id },
      body: {
        registryId,
        husbandPresent: true,
        wifePresent: true,
        bothStillWishToDivorce: true,
        agreementConfirmed: true,
      },
    },
    'GET /api/marriage/divorces/:id/:document': { params: { id: m.divorce.id, document: 'receipt.pdf' } },
    'GET /api/marriage/imports/:id': { params: { id: m.importId } },
    'POST /api/marriage/imports/:id/rows/:rowNo/resolve': {
      params: { id: m.importId, rowNo: '2' },
      body: { husbandPersonId: m.marriage.husband.personId, wifePersonId: m.marriage.wife.personId },
    },
  };
}
