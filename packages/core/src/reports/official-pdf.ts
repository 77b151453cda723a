/**
 * The platform's printed official documents (公文式文书), for every line: the Noto Serif CJK face (subset
 * embedded, so rare name characters such as 䶮 𠮷 print; stack.md P10/P11), a new A4 document with the
 * platform's margins, the seal position (盖章处) with its dashed guide, the seal block (issuer's name, seal
 * position, date in the Chinese official form via kernel `formatChineseDate`) and the generic numbered
 * notice (`noticePdf`: 告知书, 通知书, 回执单, 确认单, 证明). A line keeps only its own layouts (the marriage
 * certificates, the rescue line's 寻亲公告 and 自行离站声明书) and builds them from these parts. Callers pass
 * dates as `YYYY-MM-DD`.
 */
import { formatChineseDate } from '@social-affairs/kernel';
import PDFDocument from 'pdfkit';

/** Debian fonts-noto-cjk; the face is chosen by its PostScript name inside the .ttc. */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
export const CJK_FONT_FACE = 'NotoSerifCJKsc-Regular';

/** The printed label of the seal position (盖章处) on every document. */
export const SEAL_LABEL = '（盖章）';

/** The document information's producer of every printed document. */
export const PDF_PRODUCER = '社会事务综合服务平台';

/** Colour of labels and secondary text. */
export const PDF_GREY = '#555555';

/** Colour of the dashed seal guide (and of a layout's light rules). */
export const SEAL_GUIDE_COLOUR = '#c98a8a';

/** Registers the CJK face under the name `cjk` and selects it. */
export function registerCjk(doc: PDFKit.PDFDocument): void {
  doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_FACE);
  doc.font('cjk');
}

/** A new A4 portrait document (margin 56 pt) titled and numbered in its information, the CJK face selected. */
export function newOfficialA4(title: string, reference: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: title, Subject: reference, Producer: PDF_PRODUCER },
  });
  registerCjk(doc);
  return doc;
}

/** Ends the document and collects its bytes. */
export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** The seal position: a dashed guide circle (where the issuer's seal is stamped). */
export function sealGuide(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number): void {
  doc
    .save()
    .circle(cx, cy, r)
    .dash(3, { space: 3 })
    .lineWidth(0.6)
    .strokeColor(SEAL_GUIDE_COLOUR)
    .stroke()
    .restore();
  doc.undash();
}

export interface SealBlock {
  /** Left edge of the block's column. */
  x: number;
  /** Top of the issuer's line. */
  y: number;
  /** Width of the column the two lines are centred in. */
  width: number;
  /** The issuing body (登记机关, 救助管理站 …), printed followed by the seal label. */
  issuerName: string;
  /** `YYYY-MM-DD`: printed under the name in the Chinese form. */
  date: string;
  /** Draw the dashed seal guide over the block (default true). */
  guide?: boolean;
}

/**
 * The seal block that closes an official document: `<issuer>（盖章）` and the date in the Chinese form, both
 * centred in a column, in black 12 pt, with the dashed seal guide over them.
 */
export function sealBlock(doc: PDFKit.PDFDocument, b: SealBlock): void {
  doc
    .fontSize(12)
    .fillColor('#000000')
    .text(`${b.issuerName}${SEAL_LABEL}`, b.x, b.y, { width: b.width, align: 'center' });
  doc.text(formatChineseDate(b.date), b.x, b.y + 24, { width: b.width, align: 'center' });
  if (b.guide ?? true) sealGuide(doc, b.x + b.width / 2, b.y + 18, 42);
}

export interface NoticeDocument {
  title: string;
  /** The document number from the issuer's series (e.g. 湘浏民婚告字〔2026〕第000001号). */
  reference: string;
  /** Addressees as printed (e.g. 男方/女方 names, or the person a station refused). */
  to: string;
  paragraphs: string[];
  items?: string[];
  /** Paragraphs after the list (e.g. the remedies of a refusal). */
  closing?: string[];
  /**
   * A visible warning printed in a red frame before the seal, e.g. that the dates are provisional
   * because the holiday schedule of their year has not been published.
   */
  warning?: { heading: string; text: string };
  /** The issuing body printed in the seal block (a marriage registry, a rescue station …). */
  issuerName: string;
  /** `YYYY-MM-DD`: the date under the seal. */
  date: string;
  /** Print a receipt line (当事人签收) for the addressees under the seal block. */
  acknowledgement?: boolean;
}

/**
 * A notice or certificate of record (告知书, 通知书, 回执单, 确认单, 证明): title, number, text, numbered list,
 * closing paragraphs, an optional warning box, then the seal block — the issuer's name with its seal
 * position and the date in Chinese form — and optionally the addressees' receipt line.
 */
export function noticePdf(n: NoticeDocument): Promise<Buffer> {
  const doc = newOfficialA4(n.title, n.reference);
  const left = doc.page.margins.left;
  const contentWidth = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(20).text(n.title, { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.5).fontSize(10).fillColor(PDF_GREY).text(`编号：${n.reference}`, { align: 'right' });
  doc.moveDown(1).fontSize(12).fillColor('#000000').text(`${n.to}：`);
  for (const p of n.paragraphs) doc.moveDown(0.6).text(p, { indent: 24, lineGap: 4 });
  if (n.items?.length) {
    doc.moveDown(0.4);
    n.items.forEach((item, i) => doc.moveDown(0.3).text(`${i + 1}. ${item}`, { indent: 24, lineGap: 4 }));
  }
  for (const p of n.closing ?? []) doc.moveDown(0.6).text(p, { indent: 24, lineGap: 4 });
  if (n.warning) {
    doc.moveDown(1);
    const top = doc.y;
    doc
      .fontSize(11)
      .fillColor('#b00000')
      .text(n.warning.heading, left + 10, top + 8, { width: contentWidth - 20 });
    doc
      .moveDown(0.2)
      .fontSize(10.5)
      .text(n.warning.text, { width: contentWidth - 20, lineGap: 3 });
    const bottom = doc.y + 8;
    doc
      .rect(left, top, contentWidth, bottom - top)
      .lineWidth(1)
      .strokeColor('#b00000')
      .stroke();
    doc.x = left;
    doc.y = bottom;
    doc.fillColor('#000000');
  }
  // The seal block: issuer name, seal position and date, right-aligned in a 230 pt column.
  const blockHeight = n.acknowledgement ? 150 : 100;
  if (doc.y + 40 + blockHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const blockWidth = 230;
  const blockX = left + contentWidth - blockWidth;
  const top = doc.y + 40;
  sealBlock(doc, { x: blockX, y: top, width: blockWidth, issuerName: n.issuerName, date: n.date });
  if (n.acknowledgement) {
    const y = top + 90;
    doc
      .fontSize(11)
      .fillColor('#000000')
      .text('当事人签收：', left, y, { lineBreak: false })
      .text('签收日期：        年      月      日', left + 250, y, { lineBreak: false });
    doc
      .moveTo(left + 70, y + 14)
      .lineTo(left + 220, y + 14)
      .lineWidth(0.5)
      .strokeColor(PDF_GREY)
      .stroke();
  }
  return toBuffer(doc);
}
