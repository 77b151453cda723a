/**
 * HTTP routes of the marriage registration line (婚姻登记), one file per concern. Registered in the
 * order of the former single file, so the route catalogue and the OpenAPI document read as before.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appointmentsRoutes } from './appointments.routes';
import { awaitingMatchesRoutes } from './awaiting-matches.routes';
import { divorcesRoutes } from './divorces.routes';
import { importsRoutes } from './imports.routes';
import { maritalStatusRoutes } from './marital-status.routes';
import { recordsRoutes } from './records.routes';
import { registrationsRoutes } from './registrations.routes';
import { registriesRoutes } from './registries.routes';
import { statisticsRoutes } from './statistics.routes';

export const marriageRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(registriesRoutes);
  await app.register(registrationsRoutes);
  await app.register(recordsRoutes);
  await app.register(maritalStatusRoutes);
  await app.register(divorcesRoutes);
  await app.register(importsRoutes);
  await app.register(awaitingMatchesRoutes);
  await app.register(statisticsRoutes);
  await app.register(appointmentsRoutes);
};
