/**
 * Surname and given-name character frequencies for synthetic data. Surnames are in rank order of the
 * 2020 national household-registration statistics; the top 20 carry their published shares (percent),
 * ranks 21–100 follow a geometric decay calibrated so the top 100 cover 85.9 % of people, and the tail
 * shares the remaining 14.1 %. Given-name characters are ranked lists of common characters per sex.
 */

const TOP_20_PERCENT: readonly [string, number][] = [
  ['王', 7.12],
  ['李', 7.0],
  ['张', 6.74],
  ['刘', 5.38],
  ['陈', 4.53],
  ['杨', 3.08],
  ['黄', 1.98],
  ['赵', 1.95],
  ['吴', 1.77],
  ['周', 1.69],
  ['徐', 1.31],
  ['孙', 1.3],
  ['马', 1.19],
  ['胡', 1.16],
  ['朱', 1.15],
  ['郭', 1.12],
  ['何', 1.1],
  ['罗', 0.94],
  ['高', 0.93],
  ['林', 0.92],
];

const RANKS_21_TO_100 = (
  '郑 梁 谢 唐 宋 许 邓 冯 韩 曹 曾 彭 肖 蔡 潘 田 董 袁 于 余 叶 蒋 杜 苏 魏 程 吕 丁 沈 任 姚 卢 钟 姜 崔 谭 ' +
  '廖 范 汪 陆 金 石 戴 贾 韦 夏 邱 方 侯 邹 熊 孟 秦 白 毛 江 闫 薛 尹 付 段 雷 黎 史 龙 钱 贺 陶 顾 龚 郝 邵 万 ' +
  '严 洪 赖 武 傅 莫'
).split(' ');

/** Ranks 101 onward; includes polyphonic and compound surnames that stress normalisation. */
const TAIL = (
  '孔 汤 向 常 温 康 施 文 牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 耿 关 兰 焦 俞 左 柳 甘 ' +
  '祝 包 宁 尚 符 舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 ' +
  '祁 蒲 房 滕 屈 饶 解 牟 艾 尤 阳 时 穆 农 司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费 卜 冷 ' +
  '晏 席 卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 和 仇 栾 隋 商 刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 ' +
  '巩 明 佘 池 查 麻 苑 迟 邝 官 封 谈 匡 鞠 惠 荆 乐 冀 郁 胥 南 班 储 原 栗 燕 楚 鄢 劳 谌 奚 皮 粟 冼 蔺 楼 ' +
  '盘 满 闻 位 厉 伊 仝 区 郜 海 阚 花 权 强 帅 屠 豆 朴 盖 练 廉 禹 井 祖 漆 巴 丰 支 卿 国 狄 平 计 索 宣 晋 ' +
  '相 初 门 云 容 敬 来 扈 晁 芮 都 普 阙 浦 戈 伏 鹿 薄 邸 雍 辜 羊 母 裘 亓 修 邰 赫 杭 况 那 宿 鲜 印 逯 隆 ' +
  '茹 诸 战 慕 危 玉 银 亢 嵇 公 湛 宾 戎 勾 茅 利 呼 居 揭 干 但 尉 冶 斯 元 束 檀 衣 信 展 阴 昝 智 幸 奉 植 ' +
  '衡 富 尧 闭 由 覃 欧阳 司马 上官 诸葛 皇甫 尉迟 万俟 东方 令狐 夏侯 慕容 司徒 欧 阎 萧'
).split(' ');

function geometric(count: number, first: number, total: number): number[] {
  // Solve for the ratio whose series starting at `first` sums to `total`, by bisection.
  let lo = 0.5;
  let hi = 0.99999;
  for (let iter = 0; iter < 60; iter++) {
    const r = (lo + hi) / 2;
    const sum = (first * (1 - r ** count)) / (1 - r);
    if (sum > total) hi = r;
    else lo = r;
  }
  const r = (lo + hi) / 2;
  return Array.from({ length: count }, (_, i) => first * r ** i);
}

function buildSurnameTable(): { surnames: string[]; percents: number[] } {
  const surnames = TOP_20_PERCENT.map(([s]) => s);
  const percents = TOP_20_PERCENT.map(([, p]) => p);
  const top20 = percents.reduce((a, b) => a + b, 0);
  surnames.push(...RANKS_21_TO_100);
  percents.push(...geometric(RANKS_21_TO_100.length, 0.9, 85.9 - top20));
  surnames.push(...TAIL);
  percents.push(...geometric(TAIL.length, 0.19, 14.1));
  return { surnames, percents };
}

export const SURNAME_TABLE = buildSurnameTable();

/** Common male given-name characters, most frequent first. */
export const MALE_GIVEN_CHARS = (
  '伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宇 浩 凯 健 俊 帆 帅 旭 宁 龙 林 欢 阳 建 亮 成 ' +
  '晨 峰 志 国 东 海 文 兵 锋 彬 新 博 立 家 子 一 小 永 金 德 春 生 天 晓 振 清 云 洪 江 毅 哲 昊 然 泽 睿 ' +
  '航 轩 奇 庆 良 光 荣 祥 忠 福 坤 翔 铭 嘉 乐 长 胜 学 兴 雄 树 林 仁 义 中 宏 豪 贵 喜 红 全 安 山 发 ' +
  '玮 炜 昌 正 威 士 宝 瑞 智 诚 之 友 才 富 民 远 武 松 柏 茂 栋 耀 泉'
).split(' ');

/** Common female given-name characters, most frequent first. */
export const FEMALE_GIVEN_CHARS = (
  '芳 娜 敏 静 丽 艳 娟 霞 秀 英 玲 燕 红 梅 琳 婷 雪 慧 莉 萍 倩 颖 洁 琴 晶 兰 丹 佳 欣 怡 璐 月 ' +
  '华 凤 玉 桂 萍 云 莲 珍 翠 春 美 霞 婧 琪 瑶 涵 雨 思 梦 晓 小 彤 悦 可 诗 宁 璇 嘉 妍 雯 蕾 露 薇 ' +
  '菲 菊 蓉 娇 媛 姗 冰 爽 青 淑 惠 素 建 金 秋 亚 平 爱 文 海 荣 琼 芬 香 莹 巧 鑫 一 子 欢 乐 琦 蓓 ' +
  '洋 迪 楠 瑜 珊 岚 婕 妮 倩 颖 馨 蕊 嫣 妍 昕 璐'
).split(' ');

/** Share of given names that are a single character. */
export const SINGLE_CHAR_GIVEN_SHARE = 0.3;
