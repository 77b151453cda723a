/** Appointments: the public booking (availability, book, cancel, look up, reschedule) and the registry day list. */
import {
  appointmentAvailability,
  bookAppointment,
  cancelAppointment,
  findAppointment,
  rescheduleAppointment,
  listAppointments,
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
        summary: '登记机关某日的预约（默认今天；手机号脱敏）',
        querystring: appointmentsQuery,
        response: { 200: z.array(appointmentView), ...errors },
      },
    },
    async (req) => listAppointments(app.core, actorOf(req), req.query.registryId, req.query.date),
  );
};
