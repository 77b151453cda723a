/**
 * HTTP routes of the funeral and burial line (殡葬管理), one file per concern, all under `/api/funeral/…`
 * (public Qingming booking and memorial pages under `/api/public/…`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { billingRoutes } from './billing.routes';
import { cemeteriesRoutes } from './cemeteries.routes';
import { certificatesRoutes } from './certificates.routes';
import { custodyRoutes } from './custody.routes';
import { deathsRoutes } from './deaths.routes';
import { facilitiesRoutes } from './facilities.routes';
import { qingmingRoutes } from './qingming.routes';
import { statisticsRoutes } from './statistics.routes';

export const funeralRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(facilitiesRoutes);
  await app.register(custodyRoutes);
  await app.register(certificatesRoutes);
  await app.register(deathsRoutes);
  await app.register(billingRoutes);
  await app.register(cemeteriesRoutes);
  await app.register(qingmingRoutes);
  await app.register(statisticsRoutes);
};
