/**
 * Printed documents of the marriage line, rendered with pdfkit and the Noto Serif CJK face (subset
 * embedded, so rare name characters such as 䶮 𠮷 print; stack.md P10/P11). One page per holder for
 * certificates; the refusal notice carries only the reasons. Every date is printed in the Chinese
 * official form (2026年12月5日, kernel `formatChineseDate`); callers pass `YYYY-MM-DD`.
 */
import { formatChineseDate, formatChineseDateOr } from '@social-affairs/kernel';
import PDFDocument from 'pdfkit';

/** Debian fonts-noto-cjk; the face is chosen by its PostScript name inside the .ttc. */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
export const CJK_FONT_FACE = 'NotoSerifCJKsc-Regular';

/** The printed label of the seal position (盖章处) on every document. */
export const SEAL_LABEL = '（盖章）';

export interface CertificateParty {
  name: string;
  sex: 'male' | 'female';
  nationality: string;
  birthDate: string | null;
  /** The full document number: a certificate is one of the few documents that needs it. */
  documentNo: string | null;
}

export interface CertificateDocument {
  kind: 'marriage' | 'divorce' | 'reissued_marriage' | 'reissued_divorce';
  certificateNo: string;
  /** `YYYY-MM-DD`. */
  registeredOn: string;
  registryName: string;
  /** The registrar (婚姻登记员) who registered the act, printed beside the signature line; '' if unknown. */
  registrarName: string;
  husband: CertificateParty;
  wife: CertificateParty;
  remarks?: string;
}

const TITLES: Record<CertificateDocument['kind'], [string, string]> = {
  marriage: ['结婚证', '结婚证字号'],
  reissued_marriage: ['结婚证（补发）', '结婚证字号'],
  divorce: ['离婚证', '离婚证字号'],
  reissued_divorce: ['离婚证（补发）', '离婚证字号'],
};

const RED = '#8b0000';
const GREY = '#555555';
const GUIDE = '#c98a8a';

function registerCjk(doc: PDFKit.PDFDocument): void {
  doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_FACE);
  doc.font('cjk');
}

function newCertificate(title: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A5',
    layout: 'landscape',
    margin: 36,
    info: { Title: title, Producer: '社会事务综合服务平台' },
  });
  registerCjk(doc);
  return doc;
}

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function row(doc: PDFKit.PDFDocument, label: string, value: string, x: number, y: number, width = 220): void {
  doc.fontSize(9).fillColor(GREY).text(label, x, y, { width: 70, lineBreak: false });
  doc
    .fontSize(11)
    .fillColor('#000000')
    .text(value, x + 72, y - 1, { width, lineBreak: false, ellipsis: true });
}

/** The seal position: a dashed guide circle (where the registry's seal is stamped). */
function sealGuide(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number): void {
  doc.save().circle(cx, cy, r).dash(3, { space: 3 }).lineWidth(0.6).strokeColor(GUIDE).stroke().restore();
  doc.undash();
}

const SEX = { male: '男', female: '女' } as const;

function partyBlock(
  doc: PDFKit.PDFDocument,
  heading: string,
  p: CertificateParty,
  x: number,
  y: number,
): void {
  doc.fontSize(11).fillColor(RED).text(heading, x, y, { lineBreak: false });
  row(doc, '姓名', p.name, x, y + 22);
  row(doc, '性别', SEX[p.sex], x, y + 42);
  row(doc, '国籍', p.nationality, x, y + 62);
  row(doc, '出生日期', formatChineseDateOr(p.birthDate), x, y + 82);
  row(doc, '身份证件号', p.documentNo ?? '', x, y + 102);
}

/**
 * A certificate (结婚证/离婚证): one page for each holder (持证人), as each party keeps one. Below the
 * parties: the registry with its seal position (登记机关（盖章）) and the registrar with a signature line
 * (婚姻登记员 / 签名). Nothing else is printed on it.
 */
export function certificatePdf(c: CertificateDocument): Promise<Buffer> {
  const [title, noLabel] = TITLES[c.kind];
  const doc = newCertificate(title);
  const holders = [c.husband, c.wife];
  holders.forEach((holder, i) => {
    if (i > 0) doc.addPage();
    const width = doc.page.width;
    doc
      .rect(24, 24, width - 48, doc.page.height - 48)
      .lineWidth(1.5)
      .strokeColor(RED)
      .stroke();
    doc
      .fontSize(22)
      .fillColor(RED)
      .text(title, 0, 40, { align: 'center', width, characterSpacing: 8, lineBreak: false });
    row(doc, '持证人', holder.name, 60, 88);
    row(doc, '登记日期', formatChineseDate(c.registeredOn), 60, 108);
    row(doc, noLabel, c.certificateNo, 60, 128);
    row(doc, '备注', c.remarks ?? '', 60, 148, 440);
    partyBlock(doc, '男方', c.husband, 60, 178);
    partyBlock(doc, '女方', c.wife, 320, 178);
    doc
      .moveTo(48, 304)
      .lineTo(width - 48, 304)
      .lineWidth(0.5)
      .strokeColor(GUIDE)
      .stroke();
    // 登记机关 and its seal position (left), 婚姻登记员 and the signature line (right).
    doc.fontSize(9).fillColor(GREY).text(`登记机关${SEAL_LABEL}`, 60, 318, { lineBreak: false });
    doc
      .fontSize(11)
      .fillColor('#000000')
      .text(c.registryName, 60, 336, { width: 230, lineBreak: false, ellipsis: true });
    // The seal is stamped over the registry's name.
    sealGuide(doc, 60 + Math.min(doc.widthOfString(c.registryName), 230) / 2, 342, 32);
    doc.fontSize(9).fillColor(GREY).text('婚姻登记员', 320, 318, { lineBreak: false });
    doc.fontSize(11).fillColor('#000000').text(c.registrarName, 320, 336, { lineBreak: false });
    doc.fontSize(9).fillColor(GREY).text('签名', 320, 360, { lineBreak: false });
    doc
      .moveTo(348, 372)
      .lineTo(width - 60, 372)
      .lineWidth(0.5)
      .strokeColor(GREY)
      .stroke();
  });
  return toBuffer(doc);
}

export interface NoticeDocument {
  title: string;
  /** The document number from the registry's series (e.g. 湘浏民婚告字〔2026〕第000001号). */
  reference: string;
  /** Addressees as printed: 男方/女方 names. */
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
  registryName: string;
  /** `YYYY-MM-DD`: the date under the seal. */
  date: string;
  /** Print a receipt line (当事人签收) for the addressees under the seal block. */
  acknowledgement?: boolean;
}

/**
 * A notice or certificate of record (告知书, 回执单, 确认单, 婚姻登记记录证明): title, number, text,
 * list, then the seal block — the registry's name with its seal position and the date in Chinese form.
 */
export function noticePdf(n: NoticeDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: n.title, Subject: n.reference, Producer: '社会事务综合服务平台' },
  });
  registerCjk(doc);
  const left = doc.page.margins.left;
  const contentWidth = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(20).text(n.title, { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.5).fontSize(10).fillColor(GREY).text(`编号：${n.reference}`, { align: 'right' });
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
  // The seal block: registry name, seal position and date, right-aligned in a 230 pt column.
  const blockHeight = n.acknowledgement ? 150 : 100;
  if (doc.y + 40 + blockHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const blockWidth = 230;
  const blockX = left + contentWidth - blockWidth;
  const top = doc.y + 40;
  doc
    .fontSize(12)
    .fillColor('#000000')
    .text(`${n.registryName}${SEAL_LABEL}`, blockX, top, { width: blockWidth, align: 'center' });
  doc.text(formatChineseDate(n.date), blockX, top + 24, { width: blockWidth, align: 'center' });
  sealGuide(doc, blockX + blockWidth / 2, top + 18, 42);
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
      .strokeColor(GREY)
      .stroke();
  }
  return toBuffer(doc);
}
