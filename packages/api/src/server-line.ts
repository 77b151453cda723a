/**
 * A business line as the server runs it: its core manifest (migrations, permissions, configuration,
 * subscribers, jobs, demo seed …) and its HTTP routes. The list of them is `lines.ts`; `buildApp`,
 * `startPlatform`, the test app and the route-catalogue access test loop over it (ADR 0010).
 */
import type { AnyLine, CoreContext, Role } from '@social-affairs/core';
import type { FastifyPluginAsync } from 'fastify';

/**
 * One request per route that names a record (`GET /api/x/:id` → params, body; a write whose body or
 * query names one, e.g. `{ marriageId }` → body or query): used by the access test.
 */
export type RouteSamples = Record<
  string,
  {
    params: Record<string, string>;
    body?: unknown;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    /** The outsider's role, when the route's permission alone does not allow the act (default: the first role holding it). */
    role?: Role;
  }
>;

export interface ServerLine {
  manifest: AnyLine;
  /** The line's routes, all under `/api/<line>/…`. */
  routes: FastifyPluginAsync;
  /**
   * Creates records of this line in county 430102 (芙蓉区) and answers one sample request per route of the
   * line that names a record, so the access test can try each from another county (404 expected).
   * `subject` is a person of 430102 the samples may use.
   */
  accessSamples(core: CoreContext, subject: { personId: string }): Promise<RouteSamples>;
}
