/**
 * The certificates of the marriage line (结婚证/离婚证 and their re-issues), rendered with pdfkit and the
 * platform's CJK face (reports/official-pdf.ts: font, seal guide, `toBuffer`); one page per holder. The
 * line's notices (告知书, 回执单, 确认单, 婚姻登记记录证明) are the platform's `noticePdf`. Every date is printed
 * in the Chinese official form (2026年12月5日, kernel `formatChineseDate`); callers pass `YYYY-MM-DD`.
 */
import { formatChineseDate, formatChineseDateOr } from '@social-affairs/kernel';
import PDFDocument from 'pdfkit';
import {
  PDF_GREY,
  PDF_PRODUCER,
  SEAL_GUIDE_COLOUR,
  SEAL_LABEL,
  registerCjk,
  sealGuide,
  toBuffer,
} from '../reports/index';

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
const GREY = PDF_GREY;
const GUIDE = SEAL_GUIDE_COLOUR;

function newCertificate(title: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A5',
    layout: 'landscape',
    margin: 36,
    info: { Title: title, Producer: PDF_PRODUCER },
  });
  registerCjk(doc);
  return doc;
}

function row(doc: PDFKit.PDFDocument, label: string, value: string, x: number, y: number, width = 220): void {
  doc.fontSize(9).fillColor(GREY).text(label, x, y, { width: 70, lineBreak: false });
  doc
    .fontSize(11)
    .fillColor('#000000')
    .text(value, x + 72, y - 1, { width, lineBreak: false, ellipsis: true });
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
