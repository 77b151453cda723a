/** Scans kept with a marriage record, through the platform's attachment store (marriage line's owner type). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listAttachments, readAttachmentContent, storeAttachment } from '../attachments/index';
import { aUser, describeEachDatabase } from '../testing/index';
import { marriageLine } from './line';
import { aCouple, aMarriageDesk } from './marriage.fixtures';
import { contextOn, rejects } from './marriage.test-support';
import { registerMarriage } from './registration.service';

// The smallest valid PNG: signature, IHDR, IDAT, IEND.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

describeEachDatabase(
  'attachments of a marriage record',
  (t) => {
    it('keeps a declaration scan with the marriage, readable in scope and hidden outside it', async () => {
      const base = contextOn(t.db, '2026-11-02');
      const ctx = {
        ...base,
        config: { ...base.config, attachmentsDir: mkdtempSync(join(tmpdir(), 'sap-mar-att-')) },
      };
      const desk = await aMarriageDesk(ctx);
      const m = await registerMarriage(ctx, desk.registrar, aCouple(desk.registry.id));
      const stored = await storeAttachment(ctx, desk.registrar, {
        ownerType: 'marriage',
        ownerId: m.id,
        kind: 'declaration',
        fileName: '声明书.png',
        content: PNG,
      });
      expect(stored.attachment).toMatchObject({
        ownerType: 'marriage',
        ownerId: m.id,
        mediaType: 'image/png',
      });
      const listed = await listAttachments(ctx, desk.registrar, { ownerType: 'marriage', ownerId: m.id });
      expect(listed.map((a) => a.id)).toEqual([stored.attachment.id]);
      const content = await readAttachmentContent(ctx, desk.registrar, stored.attachment.id, '核对声明书');
      expect(Buffer.compare(Buffer.from(content.bytes), PNG)).toBe(0);

      const outsider = (await aUser(ctx, { role: 'registrar', divisionCode: '430102' })).actor;
      await rejects(listAttachments(ctx, outsider, { ownerType: 'marriage', ownerId: m.id }), 'NOT_FOUND');
      await rejects(readAttachmentContent(ctx, outsider, stored.attachment.id, '查看'), 'NOT_FOUND');
      const clerk = (await aUser(ctx, { role: 'subsidy_clerk', divisionCode: '430181' })).actor;
      await rejects(
        storeAttachment(ctx, clerk, { ownerType: 'marriage', ownerId: m.id, kind: 'photo', content: PNG }),
        'PERMISSION_DENIED',
      );
    });
  },
  { lines: [marriageLine] },
);
