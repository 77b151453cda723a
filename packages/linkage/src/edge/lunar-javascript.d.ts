declare module 'lunar-javascript' {
  export interface LunarMonthInfo {
    getMonth(): number;
    getDayCount(): number;
    getFirstJulianDay(): number;
  }
  export const LunarYear: {
    fromYear(year: number): { getLeapMonth(): number; getMonths(): LunarMonthInfo[] };
  };
  export const Lunar: {
    fromYmd(
      y: number,
      m: number,
      d: number,
    ): { getSolar(): { getYear(): number; getMonth(): number; getDay(): number } };
  };
  export const Solar: {
    fromYmd(
      y: number,
      m: number,
      d: number,
    ): { getLunar(): { getYear(): number; getMonth(): number; getDay(): number } };
  };
}
