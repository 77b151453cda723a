/**
 * Printed documents of the marriage line, rendered with pdfkit and the Noto Serif CJK face (subset
 * embedded, so rare name characters such as 䶮 𠮷 print; stack.md P10/P11). One page per holder for
 * certificates; the refusal notice carries only the reasons.
 */
import PDFDocument from 'pdfkit';

/** Debian fonts-noto-cjk; the face is chosen by its PostScript name inside the .ttc. */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
export const CJK_FONT_FACE = 'NotoSerifCJKsc-Regular';

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
  registeredOn: string;
  registryName: string;
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

function newDocument(title: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A5',
    layout: 'landscape',
    margin: 36,
    info: { Title: title, Producer: '社会事务综合服务平台' },
  });
  doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_FACE);
  doc.font('cjk');
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
  doc.fontSize(9).fillColor('#555555').text(label, x, y, { width: 70 });
  doc
    .fontSize(11)
    .fillColor('#000000')
    .text(value, x + 72, y - 1, { width });
}

const SEX = { male: '男', female: '女' } as const;

function partyBlock(
  doc: PDFKit.PDFDocument,
  heading: string,
  p: CertificateParty,
  x: number,
  y: number,
): void {
  doc.fontSize(11).fillColor('#8b0000').text(heading, x, y);
  row(doc, '姓名', p.name, x, y + 22);
  row(doc, '性别', SEX[p.sex], x, y + 42);
  row(doc, '国籍', p.nationality, x, y + 62);
  row(doc, '出生日期', p.birthDate ?? '', x, y + 82);
  row(doc, '身份证件号', p.documentNo ?? '', x, y + 102);
}

/** A certificate (结婚证/离婚证): one page for each holder (持证人), as each party keeps one. */
export function certificatePdf(c: CertificateDocument): Promise<Buffer> {
  const [title, noLabel] = TITLES[c.kind];
  const doc = newDocument(title);
  const holders = [c.husband, c.wife];
  holders.forEach((holder, i) => {
    if (i > 0) doc.addPage();
    doc
      .rect(24, 24, doc.page.width - 48, doc.page.height - 48)
      .lineWidth(1.5)
      .strokeColor('#8b0000')
      .stroke();
    doc
      .fontSize(22)
      .fillColor('#8b0000')
      .text(title, 0, 40, { align: 'center', width: doc.page.width, characterSpacing: 8 });
    row(doc, '持证人', holder.name, 60, 90);
    row(doc, '登记日期', c.registeredOn, 60, 110);
    row(doc, noLabel, c.certificateNo, 60, 130);
    row(doc, '备注', c.remarks ?? '', 60, 150, 420);
    partyBlock(doc, '男方', c.husband, 60, 185);
    partyBlock(doc, '女方', c.wife, 320, 185);
    doc
      .fontSize(10)
      .fillColor('#000000')
      .text(`登记机关：${c.registryName}`, 60, doc.page.height - 70);
    doc
      .fontSize(8)
      .fillColor('#777777')
      .text('婚姻登记不收取任何费用', 60, doc.page.height - 52);
  });
  return toBuffer(doc);
}

export interface NoticeDocument {
  title: string;
  /** Addressees as printed: 男方/女方 names. */
  to: string;
  paragraphs: string[];
  items?: string[];
  registryName: string;
  date: string;
  reference: string;
}

/** A notice or certificate of record (告知书, 回执单, 确认单, 婚姻登记记录证明): title, text, list, seal line. */
export function noticePdf(n: NoticeDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: n.title, Producer: '社会事务综合服务平台' },
  });
  doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_FACE);
  doc.font('cjk');
  doc.fontSize(20).text(n.title, { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.5).fontSize(9).fillColor('#555555').text(`编号：${n.reference}`, { align: 'right' });
  doc.moveDown(1).fontSize(12).fillColor('#000000').text(`${n.to}：`);
  for (const p of n.paragraphs) doc.moveDown(0.6).text(p, { indent: 24, lineGap: 4 });
  if (n.items?.length) {
    doc.moveDown(0.4);
    n.items.forEach((item, i) => doc.moveDown(0.3).text(`${i + 1}. ${item}`, { indent: 24, lineGap: 4 }));
  }
  doc.moveDown(3).text(n.registryName, { align: 'right' });
  doc.moveDown(0.3).text(n.date, { align: 'right' });
  return toBuffer(doc);
}
