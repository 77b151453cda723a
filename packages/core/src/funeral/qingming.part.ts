/** The qingming concern of the funeral line: what it adds to the manifest (line-part.ts). */
import type { AttachmentOwnerType } from '../attachments/index';
import type { TodoItem } from '../line';
import type { FuneralPart } from './line-part';
import * as m0039 from './migrations/0039-funeral-qingming';
import { pendingModeration } from './memorials.service';
import { findProxyOrder } from './qingming.repository';
import { seedQingmingDemo } from './qingming.demo-seed';

/** Photos that document a proxy sweeping (代祭扫), scoped like the order: its cemetery. */
export const qingmingProxyOrderAttachmentOwner: AttachmentOwnerType = {
  type: 'qingming_proxy_order',
  label: '代祭扫申请',
  readPermission: 'funeral:read',
  writePermission: 'funeral:write',
  kinds: { photo: '祭扫照片' },
  async resolve(ctx, ownerId) {
    const o = await findProxyOrder(ctx.db.kysely, ownerId);
    return o ? { divisionCode: o.divisionCode, institutionId: o.facilityId, subjectPersonId: null } : null;
  },
};

export const qingmingPart: FuneralPart = {
  migrations: { '0039-funeral-qingming': m0039 },
  attachmentOwners: [qingmingProxyOrderAttachmentOwner],
  todos: [
    {
      name: 'funeral.qingming.moderation',
      permission: 'funeral:write',
      async load(ctx, actor) {
        const n = await pendingModeration(ctx, actor);
        const items: TodoItem[] = [];
        if (n.memorials > 0)
          items.push({
            line: 'funeral',
            kind: 'funeral.memorial.pending',
            title: '网上纪念馆待审核',
            count: n.memorials,
            link: '/funeral/qingming?tab=moderation',
          });
        if (n.messages > 0)
          items.push({
            line: 'funeral',
            kind: 'funeral.memorial-message.pending',
            title: '祭奠留言待审核',
            count: n.messages,
            link: '/funeral/qingming?tab=moderation',
          });
        return items;
      },
    },
  ],
  auditActions: {
    'funeral.qingming.plan.publish': '发布清明祭扫方案',
    'funeral.qingming.slots.create': '批量设置祭扫预约时段',
    'funeral.qingming.slot.quota': '调整祭扫时段限额',
    'funeral.qingming.booking.book': '网上预约清明祭扫',
    'funeral.qingming.booking.phone': '电话预约清明祭扫（代老年人预约）',
    'funeral.qingming.booking.cancel': '取消清明祭扫预约',
    'funeral.qingming.booking.check_in': '祭扫入园核验',
    'funeral.qingming.bookings.read': '查看祭扫预约名单',
    'funeral.qingming.proxy.request': '申请代祭扫',
    'funeral.qingming.proxy.done': '完成代祭扫',
    'funeral.memorial.create': '创建网上纪念馆',
    'funeral.memorial.message': '网上祭奠留言',
    'funeral.memorial.moderate': '审核网上纪念馆',
    'funeral.memorial.message.moderate': '审核祭奠留言',
  },
  auditTargets: {
    qingming_booking: { label: '清明祭扫预约' },
    qingming_proxy_order: { label: '代祭扫申请' },
    funeral_memorial: { label: '网上纪念馆' },
  },
  seedDemo: seedQingmingDemo,
};
