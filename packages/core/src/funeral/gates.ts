/**
 * The hard gates of the chain of custody (issue 17 item 2): what must be on file before a body is
 * cremated (R-FUN-02), and the cremation-zone check of a burial (R-FUN-01). The gate lists what is
 * missing in Chinese, so the page can show it as a checklist before the 火化 button and the refusal
 * (409 `FUNERAL_CREMATION_BLOCKED`) can name it.
 */
import { DomainError, formatChineseDate } from '@social-affairs/kernel';
import type { CoreContext } from '../context';
import type { Executor } from '../db/index';
import type { FuneralCaseRow } from './cases.repository';
import { documentsOfCase } from './cases.repository';
import { activeAttachmentKinds } from './custody.repository';
import { funeralConfig } from './funeral.config';
import { cremationZoneOf } from './rules';

export interface GateItem {
  key: string;
  label: string;
}

/**
 * The unmet items of the cremation gate of case `c` on `today` (empty: cremation may go ahead):
 * - R-FUN-02: a valid 居民死亡医学证明 and 遗体火化确认书, and both ids checked (the deceased's id check is
 *   replaced by the police confirmation for an unidentified body; a body without agent has no agent check);
 * - an unnatural (by configuration also an undetermined) death: forensic clearance recorded;
 * - an unidentified or unclaimed body: police confirmation, a photo and a DNA or fingerprint record in
 *   the attachment store, and the claim notice over (`notice_ends_on` before today).
 * Which date decides: the documents and facts on file today (the gate is read at the moment of cremation).
 */
export async function cremationGate(
  ctx: CoreContext,
  db: Executor,
  c: FuneralCaseRow,
  today: string,
): Promise<GateItem[]> {
  const cfg = funeralConfig(ctx);
  const docs = await documentsOfCase(db, c.id, { validOnly: true });
  const has = (kind: string) => docs.some((d) => d.kind === kind);
  const unmet: GateItem[] = [];
  if (!has('death_certificate')) {
    unmet.push({ key: 'death_certificate', label: '缺少有效的《居民死亡医学证明》（死亡证明）' });
  }
  if (!has('cremation_confirmation')) {
    unmet.push({ key: 'cremation_confirmation', label: '缺少经办人签字的《遗体火化确认书》' });
  }
  const unidentified = c.identityStatus === 'unidentified';
  const withoutFamily = unidentified || c.unclaimed === 1;
  if (unidentified) {
    if (!c.policeConfirmedAt && !has('police_confirmation')) {
      unmet.push({
        key: 'police_confirmation',
        label: '身份不明遗体：缺少公安机关确认（代替逝者身份证件核验）',
      });
    }
  } else if (!has('deceased_id_check')) {
    unmet.push({ key: 'deceased_id_check', label: '未核验逝者身份证件' });
  }
  if (c.agentName && !has('agent_id_check')) {
    unmet.push({ key: 'agent_id_check', label: '未核验经办人身份证件' });
  }
  if (cfg.forensicClearanceManners.includes(c.deathManner) && !c.forensicClearedAt) {
    unmet.push({
      key: 'forensic_clearance',
      label:
        c.deathManner === 'unnatural' ? '非正常死亡：法医鉴定尚未完毕' : '死亡原因待查：法医鉴定尚未完毕',
    });
  }
  if (withoutFamily) {
    const label = unidentified ? '身份不明遗体' : '无人认领遗体';
    if (unidentified === false && !c.policeConfirmedAt) {
      unmet.push({ key: 'police_confirmation', label: `${label}：缺少公安机关确认` });
    }
    const kinds = await activeAttachmentKinds(db, c.id);
    if (!kinds.has('photo')) unmet.push({ key: 'photo', label: `${label}：缺少遗体照片` });
    if (!kinds.has('dna_record') && !kinds.has('fingerprint_record')) {
      unmet.push({ key: 'dna_or_fingerprint', label: `${label}：缺少DNA采样或指纹采集记录` });
    }
    if (!c.noticeEndsOn) {
      unmet.push({ key: 'notice', label: `${label}：尚未发布认领公告` });
    } else if (c.noticeEndsOn >= today) {
      unmet.push({
        key: 'notice',
        label: `${label}：认领公告期未满（至${formatChineseDate(c.noticeEndsOn)}）`,
      });
    }
  }
  return unmet;
}

/**
 * R-FUN-01: a body that dies in a cremation zone is cremated — burial is refused (422
 * `FUNERAL_BURIAL_IN_CREMATION_ZONE`). The zone of the place of death on the date of death decides
 * (a death before an area's designation keeps the earlier zone); without a death date, `today`.
 */
export function ensureBurialAllowed(
  ctx: CoreContext,
  c: { deathDivisionCode: string; deathDate: string | null },
  today: string,
): void {
  const { zone, area } = cremationZoneOf(funeralConfig(ctx), c.deathDivisionCode, c.deathDate ?? today);
  if (zone === 'cremation') {
    throw new DomainError(
      'invalid',
      'FUNERAL_BURIAL_IN_CREMATION_ZONE',
      `死亡地属于火葬区${area ? `（${area.basis}）` : '（全省默认为火葬区）'}，遗体应当火化，不得土葬：请改为火化`,
      { field: 'disposition', deathDivisionCode: c.deathDivisionCode, on: c.deathDate ?? today },
    );
  }
}
