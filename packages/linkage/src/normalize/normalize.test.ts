import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  lunarToSolarDays,
  parseChineseDate,
  solarDaysToLunar,
} from './calendar';
import { createSyllableMerger, HEAVY_MERGERS, LIGHT_MERGERS, dialectProfile } from './dialect';
import { analyzePersonName, segmentPinyin } from './name-pinyin';
import { normalizeNameText } from './name-text';
import {
  analyzeResidentId,
  residentIdCheckChar,
  upgradeResidentId15,
  withinOneEdit,
  fragmentDigits,
  residentIdFragments,
} from './resident-id';
import { shapeSimilar } from './shape';

describe('name text normalisation', () => {
  it('turns full-width, traditional and separated names into simplified hanzi', () => {
    expect(normalizeNameText('張偉')).toBe('张伟');
    expect(normalizeNameText(' 歐陽 娜娜 ')).toBe('欧阳娜娜');
    expect(normalizeNameText('阿不都·热合曼')).toBe('阿不都热合曼');
  });

  it('maps variant surnames to one representative but never converts simplified to traditional', () => {
    expect(normalizeNameText('蕭敬騰')).toBe(normalizeNameText('肖敬腾'));
    expect(normalizeNameText('阎明')).toBe(normalizeNameText('闫明'));
    expect(normalizeNameText('于丹')).toBe('于丹');
  });
});

describe('pinyin keys', () => {
  it('reads polyphonic surnames as surnames', () => {
    expect(analyzePersonName('单雄信').pyKeys[0]).toBe('shan xiong xin');
    expect(analyzePersonName('曾乐').pyKeys[0]).toBe('zeng le');
    expect(analyzePersonName('解缙').pyKeys[0]).toBe('xie jin');
    expect(analyzePersonName('仇英').pyKeys[0]).toBe('qiu ying');
  });

  it('keeps both regional readings of 覃 and every reading of 乐 in a given name', () => {
    const keys = analyzePersonName('覃乐').pyKeys;
    expect(keys).toContain('qin le');
    expect(keys).toContain('tan yue');
  });

  it('gives homophones the same pinyin key', () => {
    expect(analyzePersonName('章伟').pyKeys[0]).toBe(analyzePersonName('张玮').pyKeys[0]);
  });

  it('merges Hunan n/l and f/h only at the heavy level', () => {
    const a = analyzePersonName('刘芳');
    const b = analyzePersonName('牛黄');
    expect(a.lightKeys[0]).not.toBe(b.lightKeys[0]);
    expect(a.heavyKeys[0]).toBe(b.heavyKeys[0]);
  });

  it('merges retroflex and front/back nasals at the light level', () => {
    expect(analyzePersonName('张成').lightKeys[0]).toBe(analyzePersonName('藏岑').lightKeys[0]);
  });

  it('recognises compound surnames and typed pinyin', () => {
    const a = analyzePersonName('欧阳娜娜');
    expect(a.surname).toBe('欧阳');
    const typed = analyzePersonName('Ouyang Nana');
    expect(typed.fromPinyin).toBe(true);
    expect(typed.pyKeys[0]).toBe('ou yang na na');
    expect(segmentPinyin('zhangwei')).toEqual(['zhang', 'wei']);
  });

  it('ignores given-name order in the reorder key', () => {
    expect(analyzePersonName('陈天华').reorderKeys[0]).toBe(analyzePersonName('陈华天').reorderKeys[0]);
  });

  it('applies dialect profiles as data', () => {
    const hunan = createSyllableMerger(dialectProfile('hunan')!.mergers);
    expect(hunan('hong')).toBe(hunan('feng'));
    expect(hunan('fei')).toBe(hunan('hui'));
    expect(hunan('nan')).toBe(hunan('lan'));
    expect(createSyllableMerger(LIGHT_MERGERS)('zhang')).toBe('zang');
    expect(createSyllableMerger(HEAVY_MERGERS)('niang')).toBe('lian');
  });

  it('knows shape-similar characters', () => {
    expect(shapeSimilar('己', '已')).toBe(true);
    expect(shapeSimilar('未', '末')).toBe(true);
    expect(shapeSimilar('张', '李')).toBe(false);
  });
});

describe('resident ids', () => {
  const valid = '11010519491231002X';

  it('validates the ISO 7064 MOD 11-2 check digit', () => {
    expect(residentIdCheckChar(valid.slice(0, 17))).toBe('X');
    expect(analyzeResidentId(valid).status).toBe('valid');
    expect(analyzeResidentId('110105194912310021').status).toBe('invalid');
    expect(analyzeResidentId('11010519491231002x').status).toBe('valid');
    expect(analyzeResidentId('12345').status).toBe('malformed');
    expect(analyzeResidentId('').status).toBe('missing');
  });

  it('upgrades 15-digit ids by inserting the century and a check digit', () => {
    expect(upgradeResidentId15('110105491231002')).toBe(valid);
    const info = analyzeResidentId('110105491231002');
    expect(info.status).toBe('upgraded');
    expect(info.sex).toBe('female');
  });

  it('sees a single substitution and an adjacent transposition as one edit', () => {
    const a = new Uint8Array(18);
    const b = new Uint8Array(18);
    const fa = residentIdFragments(valid)!;
    fragmentDigits(fa.a, fa.b, fa.c, a);
    const swapped = residentIdFragments('11010591491231002X')!;
    fragmentDigits(swapped.a, swapped.b, swapped.c, b);
    expect(withinOneEdit(a, b)).toBe(true);
    const typo = residentIdFragments('11010519491231092X')!;
    fragmentDigits(typo.a, typo.b, typo.c, b);
    expect(withinOneEdit(a, b)).toBe(true);
    const far = residentIdFragments('11010519491231992X')!;
    fragmentDigits(far.a, far.b, far.c, b);
    expect(withinOneEdit(a, b)).toBe(false);
  });
});

describe('dates', () => {
  it('parses the common Chinese forms to the same day', () => {
    const forms = ['1990年3月7日', '1990.3.7', '19900307', '1990-03-07', '1990/3/7', '一九九〇年三月七日'];
    for (const form of forms) expect(parseChineseDate(form)).toMatchObject({ year: 1990, month: 3, day: 7 });
    expect(parseChineseDate('1990年3月')).toMatchObject({ year: 1990, month: 3, day: 0 });
    expect(parseChineseDate('农历1990年2月11日')).toMatchObject({ lunar: true, month: 2, day: 11 });
    expect(parseChineseDate('1990-02-30')).toBeUndefined();
  });

  it('converts lunar birthdays to solar and back', () => {
    expect(civilFromDays(lunarToSolarDays(1990, 2, 11))).toEqual({ year: 1990, month: 3, day: 7 });
    expect(solarDaysToLunar(daysFromCivil(1990, 3, 7))).toMatchObject({
      year: 1990,
      month: 2,
      day: 11,
      leap: false,
    });
    // 2023 has a leap second month.
    const leapDay = lunarToSolarDays(2023, 2, 1, true);
    expect(solarDaysToLunar(leapDay)).toMatchObject({ year: 2023, month: 2, day: 1, leap: true });
  });
});
