/**
 * The marriage line's attachment owner type: scans kept with a marriage record (the signed declarations of
 * R-MAR-05, the couple's photo, a court judgment's copy filed under R-MAR-16). Guarded by the line's own
 * permissions; the division is the marriage record's.
 */
import type { AttachmentOwnerType } from '../attachments/index';
import { findMarriageById } from './marriage.repository';

export const marriageAttachmentOwner: AttachmentOwnerType = {
  type: 'marriage',
  label: '婚姻登记记录',
  readPermission: 'marriage:read',
  writePermission: 'marriage:write',
  kinds: {
    declaration: '申请结婚登记声明书',
    photo: '双方合影照片',
    court_judgment: '判决书副本',
    other: '其他材料',
  },
  async resolve(ctx, ownerId) {
    const m = await findMarriageById(ctx.db.kysely, ownerId);
    return m ? { divisionCode: m.divisionCode } : null;
  },
};
