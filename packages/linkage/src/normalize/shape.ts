/**
 * Shape-similar characters (形近字) that OCR and hand transcription of paper records confuse. Each
 * group maps to its first character; two names whose characters map to the same representatives
 * agree at the "shape" level. Curated from common 形近字 lists; extendable with Unihan kFourCornerCode.
 */
export const SHAPE_GROUPS: readonly string[] = [
  '己已巳',
  '未末',
  '戊戌戍',
  '刘划',
  '王玉主',
  '日曰',
  '土士',
  '人入八',
  '大太犬',
  '天夭',
  '田由甲申',
  '木本术',
  '千干于',
  '毛手',
  '贝见',
  '问间',
  '晴睛',
  '候侯',
  '拔拨',
  '辨辩辫',
  '刺剌',
  '汩汨',
  '冶治',
  '炙灸',
  '免兔',
  '折拆',
  '析栎',
  '洒酒',
  '茶荼',
  '壶壸',
  '荣莹',
  '微徵',
  '祟崇',
  '休体',
  '侍待',
  '玲铃',
  '清请情晴',
  '峰锋蜂',
  '梅海',
  '芳方',
  '红江',
  '娟涓',
  '倩情',
  '婷停',
  '丽麗',
  '伟玮炜',
  '斌赋',
  '凤风',
  '秀季',
  '英瑛',
  '华毕',
  '明朋',
  '杨扬',
  '张涨',
  '陈陆',
  '胡湖',
  '周同',
  '吴昊',
  '徐余',
  '孙孔',
  '朱米',
  '郭廓',
  '何河',
  '林材',
  '郑邓',
  '梁粱',
  '谢榭',
  '宋宗',
  '许浒',
  '冯马',
  '曹曾',
  '彭澎',
  '潘番',
  '田甲',
  '董童',
  '袁哀',
  '叶吐',
  '杜社',
  '程桯',
  '魏巍',
  '吕吴',
  '丁于',
  '沈沉',
  '任仕',
  '姚桃',
  '卢户',
  '钟钾',
  '姜美',
  '崔雀',
  '谭潭',
  '廖寥',
  '范苑',
  '汪江',
  '金全',
  '石右',
  '戴载',
  '贾贯',
  '韦书',
  '夏厦',
  '邱丘',
  '方万',
  '侯候',
  '邹部',
  '熊態',
  '孟盂',
  '秦泰奏',
  '白自',
  '毛乇',
  '雷雪',
  '黎梨',
  '史吏',
  '龙尤',
  '钱线',
  '贺货',
  '陶淘',
  '顾项',
  '龚袭',
  '郝赫',
  '万方',
  '严产',
  '洪浩',
  '武式',
  '傅博',
  '莫漠',
  '军车',
  '勇男',
  '杰术',
  '刚钢',
  '辉晖',
  '鹏朋',
  '宇字',
  '浩浇',
  '俊浚',
  '帆帜',
  '旭九',
  '宁字',
  '亮高',
  '成戊',
  '晨辰',
  '志忘',
  '国图',
  '海梅',
  '文又',
  '兵丘',
  '鑫森',
  '静净',
  '敏繁',
  '艳绝',
  '霞暇',
  '燕热',
  '琳淋',
  '慧彗',
  '莉利',
  '萍苹',
  '颖颍',
  '洁浩',
  '琴芩',
  '晶昌',
  '佳住',
  '欣忻',
  '怡治',
  '璐路',
  '月用',
];

/**
 * Overlapping groups form one class (洪浩, 浩浇 and 洁浩 are one class; 杰术 joins 木本术): union–find
 * over the groups, each class represented by the first character listed of it. (Mapping each group to
 * its head without closing them put 洁 and 浩, or 杰 and 术, in different classes although a group
 * lists them together.)
 */
const representative = new Map<string, string>();
{
  const parent = new Map<string, string>();
  const find = (c: string): string => {
    let r = c;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const order: string[] = [];
  for (const group of SHAPE_GROUPS) {
    const chars = [...group];
    for (const ch of chars) {
      if (!parent.has(ch)) {
        parent.set(ch, ch);
        order.push(ch);
      }
    }
    for (const ch of chars.slice(1)) {
      const a = find(chars[0]!);
      const b = find(ch);
      if (a !== b)
        parent.set(order.indexOf(b) < order.indexOf(a) ? a : b, order.indexOf(b) < order.indexOf(a) ? b : a);
    }
  }
  for (const ch of order) representative.set(ch, find(ch));
}

/** The shape-class representative of one character (itself when it is in no group). */
export function shapeRepresentative(ch: string): string {
  return representative.get(ch) ?? ch;
}

/** The name with every character replaced by its shape-class representative. */
export function shapeKeyText(name: string): string {
  let out = '';
  for (const ch of name) out += shapeRepresentative(ch);
  return out;
}

/** True when the two characters look alike (same shape class, not identical). */
export function shapeSimilar(a: string, b: string): boolean {
  return a !== b && shapeRepresentative(a) === shapeRepresentative(b);
}
