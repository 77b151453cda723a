/**
 * HTTP routes of the disability welfare line (残疾人福利), one file per concern, all under
 * `/api/disability/…` (the citizen's online application and status look-up under `/api/public/disability/…`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applicationsRoutes } from './applications.routes';
import { certificatesRoutes } from './certificates.routes';
import { outreachRoutes } from './outreach.routes';
import { paymentsRoutes } from './payments.routes';
import { rehabRoutes } from './rehab.routes';
import { reviewRoutes } from './review.routes';
import { rosterRoutes } from './roster.routes';
import { verificationRoutes } from './verification.routes';

export const disabilityRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(certificatesRoutes);
  await app.register(applicationsRoutes);
  await app.register(reviewRoutes);
  await app.register(rosterRoutes);
  await app.register(paymentsRoutes);
  await app.register(verificationRoutes);
  await app.register(outreachRoutes);
  await app.register(rehabRoutes);
};
