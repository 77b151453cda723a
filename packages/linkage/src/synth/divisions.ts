/**
 * Division codes (区划代码) for synthetic data: Hunan's county-level divisions from the kernel's division
 * list (falling back to the usual suffix scheme if none is registered), and a synthetic set of counties
 * for the other provinces. Good enough for blocking and region levels.
 */
import { listDivisions } from '@social-affairs/kernel';

const HUNAN: Readonly<Record<number, readonly number[]>> = {
  4301: [2, 3, 4, 5, 11, 12, 21, 81, 82],
  4302: [2, 3, 4, 11, 12, 23, 24, 25, 81],
  4303: [2, 4, 21, 81, 82],
  4304: [5, 6, 7, 8, 12, 21, 22, 23, 24, 26, 81, 82],
  4305: [2, 3, 11, 22, 23, 24, 25, 27, 28, 29, 81, 82],
  4306: [2, 3, 11, 21, 24, 26, 27, 81, 82],
  4307: [2, 3, 21, 22, 23, 24, 25, 26, 81],
  4308: [2, 11, 21, 22],
  4309: [2, 3, 21, 22, 23, 81],
  4310: [2, 3, 21, 22, 23, 24, 25, 26, 27, 28, 81],
  4311: [2, 3, 21, 22, 23, 24, 25, 26, 27, 28, 29],
  4312: [2, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 81],
  4313: [2, 21, 22, 81, 82],
  4331: [1, 22, 23, 24, 25, 26, 27, 30],
};

const OTHER_PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62,
  63, 64, 65,
];

function kernelHunanCounties(): number[] {
  try {
    return listDivisions({ level: 'county' })
      .filter((d) => d.code.startsWith('43') && d.administrative)
      .map((d) => Number(d.code))
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

const FROM_KERNEL = kernelHunanCounties();

/** All Hunan county-level codes (6 digits). */
export const HUNAN_COUNTIES: readonly number[] =
  FROM_KERNEL.length > 0
    ? FROM_KERNEL
    : Object.entries(HUNAN).flatMap(([prefecture, suffixes]) =>
        suffixes.map((s) => Number(prefecture) * 100 + s),
      );

/** Synthetic county codes for the rest of the country: 5 prefectures × 5 counties per province. */
export const NATIONAL_COUNTIES: readonly number[] = OTHER_PROVINCES.flatMap((p) =>
  [1, 2, 3, 4, 5].flatMap((pref) => [2, 3, 21, 22, 81].map((c) => p * 10000 + pref * 100 + c)),
);

/** A county in the same prefecture (region re-coding keeps the prefecture). */
export function siblingCounty(code: number, pick: (n: number) => number): number {
  const prefecture = Math.floor(code / 100);
  const pool = [...HUNAN_COUNTIES, ...NATIONAL_COUNTIES].filter(
    (c) => Math.floor(c / 100) === prefecture && c !== code,
  );
  return pool.length === 0 ? code : (pool[pick(pool.length)] ?? code);
}
