/**
 * The 寻亲公告 (family-search notice, R-RES-09) as a printable A4 PDF: the number from the station's
 * document sequence, the photo (or a placeholder box 照片), the prescribed fields — name if any, sex,
 * age or estimated age, height, health, intellect, mental state, features, clothing, date and place
 * found — and the station's contact, closing with 如有知情者请与我站联系. Dates in the Chinese form.
 */
import { formatChineseDate } from '@social-affairs/kernel';
import { newOfficialA4, toBuffer } from '../reports/index';

export interface SearchNoticeDocument {
  number: string;
  /** `YYYY-MM-DD`: the notice date under the station's name. */
  issuedOn: string;
  stationName: string;
  stationAddress: string;
  hotline: string;
  /** PNG or JPEG bytes of the photo, or null (a placeholder box is printed). */
  photo: Buffer | null;
  name: string | null;
  sex: 'male' | 'female';
  /** e.g. `约45岁` or `38岁`; null when unknown. */
  age: string | null;
  heightCm: number | null;
  health: string | null;
  intellect: string | null;
  mentalState: string | null;
  features: string | null;
  clothing: string | null;
  foundOn: string | null;
  foundPlace: string | null;
}

const SEX = { male: '男', female: '女' } as const;

export function searchNoticePdf(n: SearchNoticeDocument): Promise<Buffer> {
  const doc = newOfficialA4('寻亲公告', n.number);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc
    .fontSize(24)
    .fillColor('#000000')
    .text('寻亲公告', left, 56, { align: 'center', width, characterSpacing: 6 });
  doc.fontSize(10).fillColor('#555555').text(`编号：${n.number}`, left, 96, { align: 'right', width });

  // Photo (right) and the prescribed fields (left).
  const photoW = 130;
  const photoH = 170;
  const photoX = left + width - photoW;
  const top = 124;
  let photoPrinted = false;
  if (n.photo) {
    try {
      doc.image(n.photo, photoX, top, { fit: [photoW, photoH], align: 'center', valign: 'center' });
      photoPrinted = true;
    } catch {
      photoPrinted = false;
    }
  }
  doc.rect(photoX, top, photoW, photoH).lineWidth(0.8).strokeColor('#333333').stroke();
  if (!photoPrinted) {
    doc
      .fontSize(14)
      .fillColor('#888888')
      .text('照片', photoX, top + photoH / 2 - 8, { width: photoW, align: 'center', lineBreak: false });
  }
  const v = (s: string | null | undefined) => (s && s.trim() ? s.trim() : '不详');
  const fields: [string, string][] = [
    ['姓名', v(n.name)],
    ['性别', SEX[n.sex]],
    ['年龄', v(n.age)],
    ['身高', n.heightCm ? `约${n.heightCm}厘米` : '不详'],
    ['健康状况', v(n.health)],
    ['智力状况', v(n.intellect)],
    ['精神状况', v(n.mentalState)],
    ['体貌特征', v(n.features)],
    ['衣着', v(n.clothing)],
    ['发现日期', n.foundOn ? formatChineseDate(n.foundOn) : '不详'],
    ['发现地点', v(n.foundPlace)],
  ];
  const fieldWidth = width - photoW - 16;
  let y = top;
  for (const [label, value] of fields) {
    doc.fontSize(11).fillColor('#555555').text(`${label}：`, left, y, { width: 70, lineBreak: false });
    doc
      .fontSize(12)
      .fillColor('#000000')
      .text(value, left + 72, y - 1, { width: fieldWidth - 72 });
    y = Math.max(doc.y, y + 18) + 4;
  }
  y = Math.max(y, top + photoH) + 16;
  const found = n.foundOn ? `${formatChineseDate(n.foundOn)}` : '近日';
  const where = n.foundPlace ? `在${n.foundPlace}` : '';
  const who = n.name ? `一名自称“${n.name}”的${SEX[n.sex]}性` : `一名${SEX[n.sex]}性`;
  doc
    .fontSize(12)
    .fillColor('#000000')
    .text(
      `${found}，${where}发现${who}流浪乞讨人员，现由${n.stationName}救助。因其身份信息不明，现发布寻亲公告。`,
      left,
      y,
      { width, indent: 24, lineGap: 4 },
    );
  doc.moveDown(0.8).text('如有知情者请与我站联系。', { width, indent: 24 });
  doc.moveDown(0.8).fontSize(11);
  doc.text(`联系地址：${n.stationAddress}`, { width });
  doc.text(`联系电话（24小时）：${n.hotline}`, { width });
  doc.moveDown(2).fontSize(12).text(n.stationName, { width, align: 'right' });
  doc.text(formatChineseDate(n.issuedOn), { width, align: 'right' });
  return toBuffer(doc);
}
