import { describe, expect, it } from 'vitest';
import {
  normalizePersonName,
  personNameInitials,
  personNamePinyin,
  personNameSearchKey,
} from './person-name';

describe('normalizePersonName', () => {
  it('applies NFKC so full-width letters become ASCII', () => {
    expect(normalizePersonName('Ａ')).toBe('A');
    expect(normalizePersonName('ＪＯＨＮ　ＳＭＩＴＨ')).toBe('JOHN SMITH');
  });

  it('trims and removes inner whitespace (including the ideographic space) in Chinese names', () => {
    expect(normalizePersonName('  张 三\u3000')).toBe('张三');
    expect(normalizePersonName('欧阳\t修')).toBe('欧阳修');
  });

  it.each([
    '阿依古丽•买买提',
    '阿依古丽・买买提',
    '阿依古丽．买买提',
    '阿依古丽.买买提',
    '阿依古丽 · 买买提',
    '阿依古丽‧买买提',
    '阿依古丽･买买提',
  ])('turns the separator in %j into a middle dot', (input) => {
    expect(normalizePersonName(input)).toBe('阿依古丽·买买提');
  });

  it('keeps full stops in names written in Latin letters and collapses their spaces', () => {
    expect(normalizePersonName('John  F. Kennedy ')).toBe('John F. Kennedy');
  });
});

describe('personNamePinyin', () => {
  it.each([
    ['单雄信', 'shan xiong xin'],
    ['曾国藩', 'zeng guo fan'],
    ['解缙', 'xie jin'],
    ['仇英', 'qiu ying'],
    ['区小平', 'ou xiao ping'],
    ['欧阳修', 'ou yang xiu'],
  ])('reads the surname of %s correctly: %s', (name, expected) => {
    expect(personNamePinyin(name)).toBe(expected);
  });

  it('normalises the input first (full-width spaces, separator variants)', () => {
    expect(personNamePinyin('单　雄 信')).toBe('shan xiong xin');
    expect(personNamePinyin('阿依古丽•买买提')).toBe('a yi gu li mai mai ti');
  });

  it('writes ü as ü in display pinyin', () => {
    expect(personNamePinyin('吕布')).toBe('lü bu');
  });

  it('lower-cases names written in Latin letters', () => {
    expect(personNamePinyin('ＪＯＨＮ Smith')).toBe('john smith');
  });
});

describe('personNameInitials and personNameSearchKey', () => {
  it('gives the initials of each syllable', () => {
    expect(personNameInitials('单雄信')).toBe('sxx');
    expect(personNameInitials('曾国藩')).toBe('zgf');
  });

  it('gives a lowercase search key without spaces and with ü as v', () => {
    expect(personNameSearchKey('单雄信')).toBe('shanxiongxin');
    expect(personNameSearchKey('吕 布')).toBe('lvbu');
    expect(personNameSearchKey('阿依古丽·买买提')).toBe('ayigulimaimaiti');
  });
});
