/** A ledger's (台账) two routes: the filtered page and its Excel export under the same filter. */
import {
  exportHead,
  ledgerXlsxStream,
  type Actor,
  type CoreContext,
  type ExportHeadWords,
} from '@social-affairs/core';
import { errorResponses, pageOf, pageQuery } from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { actorOf, type RouteAccess, type RoutePersonalData } from './access';
import { sendXlsx } from './xlsx-reply';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];
type LedgerColumns<T> = Parameters<typeof ledgerXlsxStream<T>>[1];

export interface LedgerRoutesOptions<F extends z.ZodObject, V extends z.ZodType, T> {
  /** The list URL; the export answers at `${path}/export`. */
  path: string;
  access: RouteAccess;
  personalData: RoutePersonalData;
  tags: string[];
  listSummary: string;
  exportSummary: string;
  /** The filter both routes take (the list adds `page` and `pageSize`). */
  filter: F;
  /** One row of the list's page. */
  view: V;
  list: (
    core: CoreContext,
    actor: Actor,
    query: z.output<F> & z.output<typeof pageQuery>,
  ) => Promise<z.output<ReturnType<typeof pageOf<V>>>>;
  /** Every row the filter selects (permission, scope and audit checked before the first row). */
  exportRows: (core: CoreContext, actor: Actor, query: z.output<F>) => Promise<AsyncIterable<T>>;
  sheet: string;
  columns: LedgerColumns<T>;
  fileName: string;
  /** Chinese names of this ledger's own filter parameters for the export's head (区划, 状态… are known). */
  filterLabels?: Record<string, string>;
  /** Per filter parameter, Chinese words for its values in the export's head (`band: { review: '人工核查' }`). */
  filterValues?: ExportHeadWords['values'];
  /** Chinese names of the sortable columns: the head reads `排序：姓名（拼音）降序`. */
  sortLabels?: Record<string, string>;
  /**
   * Short labels of the records the filter's id parameters name (a job's name, an import's file name);
   * an id without one is left out of the head.
   */
  idLabels?: (
    core: CoreContext,
    actor: Actor,
    query: z.output<F>,
  ) => Promise<Record<string, string | undefined>>;
}

/**
 * Registers `GET path` (a page of the ledger) and `GET path/export` (every row under the same filter as
 * an .xlsx download, headed by title, export time and exporter and closed by a totals row), with the same
 * access rule and personal-data declaration. A ledger that sorts declares `sort: sortParam([...])` in its
 * filter: the allow-list is validated by the schema, and list and export follow it.
 */
export function ledgerRoutes<F extends z.ZodObject, V extends z.ZodType, T>(
  app: ZodApp,
  opts: LedgerRoutesOptions<F, V, T>,
): void {
  app.get(
    opts.path,
    {
      config: { access: opts.access, personalData: opts.personalData },
      schema: {
        tags: opts.tags,
        summary: opts.listSummary,
        querystring: opts.filter.extend(pageQuery.shape),
        response: { 200: pageOf(opts.view), ...errorResponses },
      },
    },
    // The schema has parsed the query into the filter plus the page; TypeScript cannot follow that through F.
    async (req) => opts.list(app.core, actorOf(req), req.query as z.output<F> & z.output<typeof pageQuery>),
  );
  app.get(
    `${opts.path}/export`,
    {
      config: { access: opts.access, personalData: opts.personalData },
      schema: { tags: opts.tags, summary: opts.exportSummary, querystring: opts.filter },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const rows = await opts.exportRows(app.core, actor, req.query as z.output<F>);
      // Title, export time and exporter above the table, a totals row below it (issue 13 item 7).
      const query = req.query as z.output<F>;
      const head = await exportHead(app.core, actor, opts.sheet, query, {
        ...(opts.filterLabels ? { labels: opts.filterLabels } : {}),
        ...(opts.filterValues ? { values: opts.filterValues } : {}),
        ...(opts.sortLabels ? { sortLabels: opts.sortLabels } : {}),
        ...(opts.idLabels ? { ids: await opts.idLabels(app.core, actor, query) } : {}),
      });
      return sendXlsx(reply, opts.fileName, ledgerXlsxStream<T>(opts.sheet, opts.columns, rows, head));
    },
  );
}
