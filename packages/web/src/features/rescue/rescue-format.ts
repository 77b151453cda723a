/**
 * The name a clerk reads for a case's person. An unidentified person is filed in the people index as
 * `无名氏<案件编号>` (unique there); beside the case number that repeats it, so only `无名氏` is shown.
 */
export function caseDisplayName(name: string | null | undefined, caseNo: string): string {
  if (!name?.trim()) return '无名氏';
  return name.length > caseNo.length && name.endsWith(caseNo) ? name.slice(0, -caseNo.length) : name;
}

/** An amount in fen as the platform shows money (docs ui.md): `¥1,234.50`. */
export function money(fen: number): string {
  const abs = Math.abs(Math.round(fen));
  const grouped = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}¥${grouped}.${String(abs % 100).padStart(2, '0')}`;
}
