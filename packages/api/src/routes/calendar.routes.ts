import { listHolidayYears, loadHolidayYear } from '@social-affairs/core';
import {
  errorResponses,
  holidayArrangementBody,
  holidayCalendarList,
  holidayLoadResult,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../access';

/** The official holiday arrangements (ADR 0014): years the calendar knows, and loading next year's. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['系统管理'];
  app.get(
    '/api/admin/holiday-calendars',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary: '节假日安排：已加载的年份（内置与管理员加载），以及下一年是否已加载',
        response: { 200: holidayCalendarList, ...errorResponses },
      },
    },
    async (req) => listHolidayYears(app.core, actorOf(req)),
  );
  app.post(
    '/api/admin/holiday-calendars',
    {
      config: { access: 'users:manage', personalData: false },
      schema: {
        tags,
        summary:
          '加载一年的节假日安排（国务院办公厅通知）：校验后保存并立即生效，随后重新计算暂定期限；仅省级系统管理员',
        body: holidayArrangementBody,
        response: { 200: holidayLoadResult, ...errorResponses },
      },
    },
    async (req) => loadHolidayYear(app.core, actorOf(req), req.body),
  );
};
