/**
 * The 火化证明 (cremation certificate) as printed for the family, rendered with pdfkit and the Noto Serif CJK
 * face like every printed document of the platform: the number from the facility's series, the deceased
 * (name, sex, resident id in full for an identified decedent — the family uses the certificate to cancel
 * the hukou, so the police station must read the id; an unidentified body is printed 无名 with its case
 * number), dates of death and cremation in the Chinese form, the legal basis by the date of death, a
 * re-issued certificate marked 补发/换发 with the number it replaces, and the facility's seal block.
 */
import { formatChineseDate } from '@social-affairs/kernel';
import { PDF_GREY as GREY, newOfficialA4, sealBlock, toBuffer } from '../reports/index';

export interface CertificateDocument {
  number: string;
  facilityName: string;
  caseNo: string;
  identified: boolean;
  /** The name as printed (无名 for an unidentified body). */
  deceasedName: string;
  sex: string;
  /** e.g. 86岁, 约60岁 */
  age: string;
  /** Full resident id of an identified decedent, or null. */
  residentId: string | null;
  deathDate: string | null;
  deathPlace: string;
  crematedOn: string;
  issuedOn: string;
  /** The legal basis line (by the date of death). */
  basis: string;
  /** A re-issue: its kind (补发/换发) and the number replaced. */
  reissue: { label: string; replacedNumber: string } | null;
}

export function certificatePdf(d: CertificateDocument): Promise<Buffer> {
  const doc = newOfficialA4('火化证明', d.number);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(22).text('火化证明', { align: 'center', characterSpacing: 6 });
  if (d.reissue) {
    doc.moveDown(0.2).fontSize(12).fillColor('#b00000').text(`（${d.reissue.label}）`, { align: 'center' });
    doc.fillColor('#000000');
  }
  doc.moveDown(0.6).fontSize(10).fillColor(GREY).text(`编号：${d.number}`, { align: 'right' });
  doc.text(`遗体档案号：${d.caseNo}`, { align: 'right' });
  doc.fillColor('#000000').fontSize(12).moveDown(1);

  const rows: [string, string][] = [
    ['逝者姓名', d.deceasedName],
    ['性别', d.sex],
    ['年龄', d.age],
    ['公民身份号码', d.residentId ?? (d.identified ? '（未登记）' : '身份不明')],
    ['死亡日期', d.deathDate ? formatChineseDate(d.deathDate) : '不详'],
    ['死亡地点', d.deathPlace],
    ['火化日期', formatChineseDate(d.crematedOn)],
    ['火化单位', d.facilityName],
  ];
  const labelWidth = 110;
  let y = doc.y;
  for (const [label, value] of rows) {
    doc.fontSize(12).fillColor(GREY).text(label, left, y, { width: labelWidth });
    doc.fillColor('#000000').text(value, left + labelWidth, y, { width: width - labelWidth });
    y = Math.max(doc.y, y + 18) + 8;
    doc
      .moveTo(left, y - 4)
      .lineTo(left + width, y - 4)
      .lineWidth(0.3)
      .strokeColor('#cccccc')
      .stroke();
  }
  doc.x = left;
  doc.y = y + 10;
  const who = d.identified ? `${d.deceasedName}同志` : `无名遗体（遗体档案号${d.caseNo}）`;
  doc.text(`兹证明${who}的遗体已于${formatChineseDate(d.crematedOn)}在我单位火化。`, left, doc.y, {
    indent: 24,
    lineGap: 4,
    width,
  });
  doc.moveDown(0.4).text('本证明可用于办理户籍注销等相关手续。', { indent: 24, lineGap: 4, width });
  if (d.reissue) {
    doc
      .moveDown(0.4)
      .text(`本证明系${d.reissue.label}，原证明（编号${d.reissue.replacedNumber}）同时作废。`, {
        indent: 24,
        lineGap: 4,
        width,
      });
  }
  doc.moveDown(0.8).fontSize(10).fillColor(GREY).text(d.basis, { width });
  doc.fillColor('#000000');
  const blockWidth = 230;
  sealBlock(doc, {
    x: left + width - blockWidth,
    y: Math.max(doc.y + 40, 560),
    width: blockWidth,
    issuerName: d.facilityName,
    date: d.issuedOn,
  });
  return toBuffer(doc);
}
