/** Labels shared by the family-search pages (matching) and the family-candidate list (matching, rescue). */
import type { FamilyRecordKind } from '@social-affairs/kernel/contracts';

export const recordKindLabels: Record<FamilyRecordKind, string> = {
  'missing-report': '寻亲登记（走失人员）',
  'unidentified-living': '身份不明受助人员（救助）',
  'unidentified-deceased': '身份不明遗体（殡葬）',
};
export const recordKindShort: Record<FamilyRecordKind, string> = {
  'missing-report': '寻亲登记',
  'unidentified-living': '受助人员',
  'unidentified-deceased': '无名遗体',
};
export const recordKindColors: Record<FamilyRecordKind, string> = {
  'missing-report': 'blue',
  'unidentified-living': 'gold',
  'unidentified-deceased': 'purple',
};
export const familyNameLevelLabels: Record<string, string> = {
  'hanzi-exact': '汉字一致',
  homophone: '同音',
  'light-fuzzy': '平翘舌/前后鼻音',
  'dialect-profile': '该地口音相近',
  'heavy-fuzzy': '方言音近',
  shape: '形近字',
  'any-dialect': '某地口音相近',
  nickname: '小名相符',
  given: '名字相符',
  'given-part': '名字部分相符',
  partial: '姓名部分相符',
  surname: '仅姓氏相同',
  ordinal: '排行小名',
  none: '无姓名可比',
};
export const regionLevelLabels: Record<string, string> = {
  county: '同县',
  prefecture: '同市',
  province: '同省',
  none: '地区不同',
  unknown: '地区未知',
};
