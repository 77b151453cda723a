/**
 * The 自行离站声明书 (R-RES-02: an adult may leave at any time; the station records it in writing), rendered
 * with pdfkit and the Noto Serif CJK face like every printed document of the platform. Numbered from the
 * station's series, dated in the Chinese official form; the person signs (or puts a fingerprint) and the
 * signed scan is kept as a `signed_declaration` attachment of the case.
 */
import { formatChineseDate } from '@social-affairs/kernel';
import { PDF_GREY as GREY, newOfficialA4, sealBlock, toBuffer } from '../reports/index';

export interface DeclarationDocument {
  /** e.g. 湘芙民救离字〔2026〕第000001号 */
  reference: string;
  stationName: string;
  caseNo: string;
  personName: string;
  sex: string;
  /** e.g. 45岁（估计） */
  age: string;
  entryDate: string;
  /** Printing date (YYYY-MM-DD). */
  date: string;
  /** The belongings register as printed (description lines). */
  belongings: string[];
  /** A minor: the station's consent line is printed (R-RES-02). */
  consentLine: boolean;
}

function signLine(doc: PDFKit.PDFDocument, label: string, x: number, y: number, width = 160): void {
  doc.fontSize(12).fillColor('#000000').text(label, x, y, { lineBreak: false });
  const lx = x + doc.widthOfString(label) + 4;
  doc
    .moveTo(lx, y + 15)
    .lineTo(lx + width, y + 15)
    .lineWidth(0.5)
    .strokeColor(GREY)
    .stroke();
}

export function declarationPdf(d: DeclarationDocument): Promise<Buffer> {
  const doc = newOfficialA4('自行离站声明书', d.reference);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(20).text('自行离站声明书', { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.5).fontSize(10).fillColor(GREY).text(`编号：${d.reference}`, { align: 'right' });
  doc.text(`案件编号：${d.caseNo}`, { align: 'right' });
  doc.fillColor('#000000').fontSize(12).moveDown(1);
  doc.text(
    `本人${d.personName}，性别${d.sex}，年龄${d.age}，于${formatChineseDate(d.entryDate)}进入${d.stationName}接受救助。`,
    { indent: 24, lineGap: 4 },
  );
  doc
    .moveDown(0.5)
    .text(
      '现本人自愿离开救助管理站，不再接受本次救助。离站系本人真实意愿，救助管理站未限制本人离站，' +
        '也未向本人收取任何费用。离站后的人身和财产安全由本人负责。',
      { indent: 24, lineGap: 4 },
    );
  doc
    .moveDown(0.5)
    .text('本人如今后仍有困难，可随时向当地救助管理机构或公安、城管等部门求助。', { indent: 24, lineGap: 4 });
  doc.moveDown(0.8).text('入站时登记的随身物品和证件：', { lineGap: 4 });
  if (d.belongings.length === 0) doc.moveDown(0.3).text('（无登记物品）', { indent: 24 });
  d.belongings.forEach((b, i) => doc.moveDown(0.2).text(`${i + 1}. ${b}`, { indent: 24, lineGap: 2 }));
  doc
    .moveDown(0.4)
    .text('以上物品和证件本人已全部领回（未领回的已在离站登记中注明原因）。', { indent: 24, lineGap: 4 });
  if (d.consentLine) {
    doc
      .moveDown(0.6)
      .text('本人为未成年人，离站已经救助管理站同意，并由站方确认安全去向。', { indent: 24, lineGap: 4 });
  }
  if (doc.y + 200 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  let y = doc.y + 36;
  signLine(doc, '声明人（签字或按手印）：', left, y);
  signLine(doc, '日期：', left + 320, y, 100);
  y += 40;
  if (d.consentLine) {
    signLine(doc, '站方同意人：', left, y);
    y += 40;
  }
  signLine(doc, '经办人：', left, y);
  y += 60;
  const blockWidth = 230;
  const blockX = left + width - blockWidth;
  // The declaration has always been printed without the dashed seal guide; kept so.
  sealBlock(doc, { x: blockX, y, width: blockWidth, issuerName: d.stationName, date: d.date, guide: false });
  return toBuffer(doc);
}
