/** Appointments: the public booking (availability, book, cancel, look up, reschedule) and the registry day list. */
import {
  appointmentAvailability,
  bookAppointment,
  cancelAppointment,
  findAppointment,
  rescheduleAppointment,
  listAppointments,
  appointmentWeek,
  checkInAppointment,
  markNoShow,
  cancelAppointmentAtDesk,
  completeAppointment,
} from '@social-affairs/core/marriage';
import {
  appointmentReceipt,
  appointmentsQuery,
  appointmentView,
  availabilityView,
  bookAppointmentBody,
  cancelAppointmentBody,
  findAppointmentBody,
  rescheduleAppointmentBody,
  appointmentDetail,
  appointmentWeekQuery,
  appointmentWeekView,
  cancelAtDeskBody,
  checkInView,
  completeAppointmentBody,
} from '@social-affairs/kernel/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access';
import { tags, errors } from './shared';

export const appointmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/marriage/availability',
    {
      config: { access: 'public', personalData: false },
      schema: {
        tags,
        summary: '预约余量（今后 30 天的工作日，上午/下午）',
        querystring: z.object({ registryId: z.string().min(1).max(64) }),
        response: { 200: availabilityView, ...errors },
      },
    },
    async (req) => appointmentAvailability(app.core, req.query.registryId),
  );
  app.post(
    '/api/marriage/appointments',
    {
      config: { access: 'public', rateLimit: app.publicWriteLimit, personalData: false },
      schema: {
        tags,
        summary: '网上预约婚姻登记（半天时段，额满即止）',
        body: bookAppointmentBody,
        response: { 201: appointmentReceipt, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await bookAppointment(app.core, req.body)),
  );
  app.post(
    '/api/marriage/appointments/cancel',
    {
      config: { access: 'public', rateLimit: app.publicWriteLimit, personalData: false },
      schema: {
        tags,
        summary: '取消预约（预约号 + 手机号码）',
        body: cancelAppointmentBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await cancelAppointment(app.core, req.body.reference, req.body.phone);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/marriage/appointments/lookup',
    {
      config: { access: 'public', rateLimit: app.publicWriteLimit, personalData: 'record' },
      schema: {
        tags,
        summary: '查询预约（预约号 + 手机号码）',
        body: findAppointmentBody,
        response: { 200: appointmentDetail, ...errors },
      },
    },
    async (req) => findAppointment(app.core, req.body.reference, req.body.phone),
  );
  app.post(
    '/api/marriage/appointments/reschedule',
    {
      config: { access: 'public', rateLimit: app.publicWriteLimit, personalData: false },
      schema: {
        tags,
        summary: '预约改期（预约号 + 手机号码；同一登记机关的其他半天时段，预约号不变）',
        body: rescheduleAppointmentBody,
        response: { 200: appointmentDetail, ...errors },
      },
    },
    async (req) => rescheduleAppointment(app.core, req.body),
  );
  app.get(
    '/api/marriage/appointments',
    {
      config: { access: 'marriage:read', personalData: 'list' },
      schema: {
        tags,
        summary: '登记机关某日起若干工作日的预约（默认今天一天；手机号脱敏；过了当天仍未签到的显示为未到）',
        querystring: appointmentsQuery,
        response: { 200: z.array(appointmentView), ...errors },
      },
    },
    async (req) =>
      listAppointments(app.core, actorOf(req), req.query.registryId, req.query.date, req.query.days),
  );
  app.get(
    '/api/marriage/appointments/week',
    {
      config: { access: 'marriage:read', personalData: false },
      schema: {
        tags,
        summary: '预约日历：某周（周一至周日）每天上午/下午的预约数（按状态计数，不含个人信息）',
        querystring: appointmentWeekQuery,
        response: { 200: appointmentWeekView, ...errors },
      },
    },
    async (req) => appointmentWeek(app.core, actorOf(req), req.query.registryId, req.query.date),
  );
  const idParams = z.object({ id: z.string().min(1).max(64) });
  app.post(
    '/api/marriage/appointments/:id/check-in',
    {
      config: { access: 'marriage:write', personalData: 'record' },
      schema: {
        tags,
        summary: '预约签到：标记已到，返回预填登记表所需的当事人信息（姓名、脱敏证件号）',
        params: idParams,
        response: { 200: checkInView, ...errors },
      },
    },
    async (req) => checkInAppointment(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/marriage/appointments/:id/no-show',
    {
      config: { access: 'marriage:write', personalData: false },
      schema: {
        tags,
        summary: '标记预约未到（预约当天起）',
        params: idParams,
        response: { 200: appointmentView, ...errors },
      },
    },
    async (req) => markNoShow(app.core, actorOf(req), req.params.id),
  );
  app.post(
    '/api/marriage/appointments/:id/cancel',
    {
      config: { access: 'marriage:write', personalData: false },
      schema: {
        tags,
        summary: '登记机关取消预约（须填写原因）',
        params: idParams,
        body: cancelAtDeskBody,
        response: { 200: appointmentView, ...errors },
      },
    },
    async (req) => cancelAppointmentAtDesk(app.core, actorOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/marriage/appointments/:id/complete',
    {
      config: { access: 'marriage:write', personalData: false },
      schema: {
        tags,
        summary: '预约办结（受理离婚登记申请等；结婚登记和不予登记随该操作自动办结）',
        params: idParams,
        body: completeAppointmentBody,
        response: { 200: appointmentView, ...errors },
      },
    },
    async (req) => completeAppointment(app.core, actorOf(req), req.params.id, req.body),
  );
};
