/**
 * The rehabilitation and devices concern (D8; R-DIS-09, R-DIS-10): community mental-health rehabilitation
 * institutions, service records, patients at home and coverage; assistive devices (catalogue, rental
 * points, rentals) and 福康工程 cases.
 */
import { todayPlainDate } from '@social-affairs/kernel';
import { scopeFilterFor } from '../access/index';
import type { TodoSource } from '../line';
import { countFukang, countOverdueRentals } from './devices.repository';
import type { DisabilityPart } from './line-part';
import * as m0050 from './migrations/0050-disability-rehab';
import { seedRehabDemo } from './rehab.demo-seed';

const rehabTodos: TodoSource[] = [
  {
    name: 'disability.devices.overdue-returns',
    permission: 'disability:write',
    async load(ctx, actor) {
      const today = todayPlainDate(ctx.config.timeZone, ctx.clock.now());
      const r = await countOverdueRentals(ctx.db.kysely, scopeFilterFor(actor), today);
      return r.count === 0
        ? []
        : [
            {
              line: 'disability',
              kind: 'disability.devices.overdue-returns',
              title: `辅助器具：${r.count} 件租期已到未归还，请联系归还或续租`,
              count: r.count,
              ...(r.first ? { dueOn: r.first } : {}),
              link: '/disability/devices?tab=rentals&status=overdue',
            },
          ];
    },
  },
  {
    name: 'disability.fukang.waiting',
    permission: 'disability:approve',
    async load(ctx, actor) {
      const r = await countFukang(ctx.db.kysely, scopeFilterFor(actor), 'applied');
      return r.count === 0
        ? []
        : [
            {
              line: 'disability',
              kind: 'disability.fukang.waiting',
              title: `福康工程：${r.count} 个项目待审批`,
              count: r.count,
              link: '/disability/devices?tab=fukang&status=applied',
            },
          ];
    },
  },
  {
    name: 'disability.fukang.to-deliver',
    permission: 'disability:write',
    async load(ctx, actor) {
      const r = await countFukang(ctx.db.kysely, scopeFilterFor(actor), 'approved');
      return r.count === 0
        ? []
        : [
            {
              line: 'disability',
              kind: 'disability.fukang.to-deliver',
              title: `福康工程：${r.count} 个已批准项目待配发或手术`,
              count: r.count,
              link: '/disability/devices?tab=fukang&status=approved',
            },
          ];
    },
  },
];

export const rehabPart: DisabilityPart = {
  migrations: { '0050-disability-rehab': m0050 },
  todos: rehabTodos,
  auditActions: {
    'disability.rehab.institution.create': '登记精神障碍社区康复机构',
    'disability.rehab.institution.update': '修改康复机构信息',
    'disability.rehab.enrolment.create': '登记康复服务对象',
    'disability.rehab.enrolment.discharge': '康复服务结案',
    'disability.rehab.enrolment.read': '查看康复服务记录',
    'disability.rehab.enrolments.list': '查看康复服务台账',
    'disability.rehab.enrolments.export': '导出康复服务台账',
    'disability.rehab.session.create': '登记康复服务',
    'disability.rehab.home-patients.set': '登记居家精神障碍患者数',
    'disability.devices.item.save': '维护辅助器具目录',
    'disability.devices.point.create': '登记辅具租赁点',
    'disability.devices.stock.set': '调整租赁点库存',
    'disability.devices.rental.create': '登记辅助器具租赁',
    'disability.devices.rental.return': '登记辅助器具归还',
    'disability.devices.rentals.list': '查看辅具租赁台账',
    'disability.devices.rentals.export': '导出辅具租赁台账',
    'disability.fukang.create': '受理福康工程申请',
    'disability.fukang.decide': '审批福康工程项目',
    'disability.fukang.deliver': '登记福康工程配发或手术',
    'disability.fukang.close': '福康工程项目结案',
    'disability.fukang.list': '查看福康工程台账',
    'disability.fukang.export': '导出福康工程台账',
  },
  auditTargets: {
    disability_rehab_institution: { label: '精神障碍社区康复机构' },
    disability_rehab_enrolment: { label: '康复服务记录' },
    disability_home_patients: { label: '居家精神障碍患者数' },
    disability_device_item: { label: '辅助器具目录项' },
    disability_rental_point: { label: '辅具租赁点' },
    disability_rental: { label: '辅具租赁记录' },
    disability_fukang_case: { label: '福康工程项目' },
  },
  seedDemo: seedRehabDemo,
};
