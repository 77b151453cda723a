/**
 * Barcode labels of the chain of custody (issue 17 item 2): the body label (遗体标识) and, after
 * cremation, the urn label (骨灰盒标识) — 60×40 mm, a Code 128 barcode of the code the scanners read back
 * (bwip-js → PNG into pdfkit), the case number, the name or 无名, the facility and the dates in Chinese
 * form. Printing is audited (the label names the deceased).
 */
import { formatChineseDate, todayPlainDate } from '@social-affairs/kernel';
import { toBuffer as barcodePng } from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import { authorize, type Actor } from '../access/index';
import type { CoreContext } from '../context';
import { PDF_PRODUCER, registerCjk, toBuffer } from '../reports/index';
import { visibleFuneralCase } from './cases.access';
import { custodyEventsOf } from './cases.repository';
import { facilityNamesByIds } from './custody.repository';
import { custodyToday } from './custody.service';

const MM = 72 / 25.4;
const WIDTH = 60 * MM;
const HEIGHT = 40 * MM;

export interface LabelContent {
  title: string;
  code: string;
  caseNo: string;
  name: string;
  facility: string;
  /** `死亡日期：…` / `火化日期：…` lines. */
  dates: string[];
}

async function drawLabel(doc: PDFKit.PDFDocument, l: LabelContent): Promise<void> {
  const m = 2.5 * MM;
  const inner = WIDTH - 2 * m;
  doc
    .fontSize(8)
    .fillColor('#000000')
    .text(l.title, m, m, { width: inner, align: 'center', lineBreak: false });
  doc
    .fontSize(7)
    .text(`${l.name}  ${l.caseNo}`, m, m + 10, { width: inner, align: 'center', lineBreak: false });
  const png = await barcodePng({
    bcid: 'code128',
    text: l.code,
    scale: 3,
    height: 9,
    includetext: false,
    paddingwidth: 0,
    paddingheight: 0,
  });
  doc.image(png, m, m + 21, { fit: [inner, 15 * MM], align: 'center' });
  const below = m + 21 + 15 * MM + 1;
  doc
    .fontSize(9)
    .text(l.code, m, below, { width: inner, align: 'center', characterSpacing: 1, lineBreak: false });
  doc
    .fontSize(6)
    .fillColor('#333333')
    .text(`${l.facility}  ${l.dates.join('  ')}`, m, below + 12, {
      width: inner,
      align: 'center',
      lineBreak: false,
    });
}

/** A PDF of one or more 60×40 mm labels, one per page. */
export async function labelsPdf(labels: LabelContent[]): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [WIDTH, HEIGHT],
    margin: 0,
    autoFirstPage: false,
    info: { Title: labels[0]?.title ?? '标识', Producer: PDF_PRODUCER },
  });
  registerCjk(doc);
  for (const l of labels) {
    doc.addPage({ size: [WIDTH, HEIGHT], margin: 0 });
    await drawLabel(doc, l);
  }
  return toBuffer(doc);
}

/** The labels of a case: the body label, and the urn label once the body is cremated. */
export async function funeralCaseLabelPdf(
  ctx: CoreContext,
  actor: Actor,
  caseId: string,
): Promise<{ fileName: string; pdf: Buffer }> {
  authorize(actor, 'funeral:read');
  const db = ctx.db.kysely;
  const c = await visibleFuneralCase(db, actor, caseId);
  const facility = (await facilityNamesByIds(db, [c.facilityId])).get(c.facilityId) ?? '';
  const localDay = (at: string) => todayPlainDate(ctx.config.timeZone, new Date(at));
  const name = c.nameGiven?.trim() || '无名';
  const death = c.deathDate ? `死亡：${formatChineseDate(c.deathDate)}` : '死亡日期不详';
  const labels: LabelContent[] = [
    {
      title: '遗体标识',
      code: c.bodyCode,
      caseNo: c.caseNo,
      name,
      facility,
      dates: [death, `登记：${formatChineseDate(localDay(c.createdAt))}`],
    },
  ];
  if (c.urnCode) {
    const cremated = (await custodyEventsOf(db, c.id)).find((e) => e.step === 'cremated');
    labels.push({
      title: '骨灰盒标识',
      code: c.urnCode,
      caseNo: c.caseNo,
      name,
      facility,
      dates: [death, `火化：${formatChineseDate(cremated ? localDay(cremated.at) : custodyToday(ctx))}`],
    });
  }
  await ctx.readAudit.record(actor, {
    action: 'funeral.label.print',
    targetType: 'funeral_case',
    targetId: c.id,
    subjectPersonId: c.personId,
    divisionCode: c.divisionCode,
    details: { caseNo: c.caseNo, labels: labels.length },
  });
  return { fileName: `${c.caseNo}-标识.pdf`, pdf: await labelsPdf(labels) };
}
