import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchByName, normalizeName, personName } from '../../src/domain/names.ts';
import { parseOrgFile } from '../../src/org/parse.ts';
import { createI18n } from '../../src/i18n/index.ts';

// Names as people type them, against the default organisation file: what each resolves to, and what the
// bot offers when nothing matches ("did you mean").

const parsed = parseOrgFile(readFileSync(new URL('../../prisma/org.yaml', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('prisma/org.yaml does not parse');
const units = parsed.org.units;
const committees = parsed.org.committees;
const unit = (query: string) => matchByName(units, query, (u) => [u.name, u.shortName, ...u.aliases]);
const committee = (query: string) => matchByName(committees, query, (c) => [c.name, c.shortName, c.code]);
const resolved = (m: ReturnType<typeof unit>) => (m.kind === 'one' ? m.item.name : m.kind === 'many' ? `many:${m.items.map((u) => u.name).join('|')}` : `none:${m.closest.map((u) => u.name).join('|')}`);

describe('unit names as typed', () => {
  it.each([
    // full names, short names, aliases
    ['交通运输局', '交通运输局'],
    ['交通局', '交通运输局'],
    ['交通', '交通运输局'],
    ['住建局', '住建局'],
    ['住房和城乡建设局', '住建局'],
    ['住建', '住建局'],
    ['综合执法局', '综合执法局'],
    ['城管局', '综合执法局'],
    ['城市管理局', '综合执法局'],
    ['综合行政执法局', '综合执法局'],
    ['发改局', '发改局'],
    ['发改委', '发改局'],
    ['发展和改革局', '发改局'],
    ['工业和信息化局', '工信局'],
    ['市场监督管理局', '市场监管局'],
    ['环保局', '生态环境局'],
    ['生态环境分局', '生态环境局'],
    ['自然资源和规划局', '自然资源局'],
    ['农业局', '农业农村局'],
    ['农委', '农业农村局'],
    ['水务局', '水利局'],
    ['卫健局', '卫健委'],
    ['卫生健康委', '卫健委'],
    ['开发区', '经济开发区'],
    ['经开区', '经济开发区'],
    ['信访办', '信访局'],
    // the suffixes of a full title and a leading 县 are not needed
    ['王庄镇人民政府', '王庄镇'],
    ['城关镇人民政府', '城关镇'],
    ['大屯镇人民政府', '大屯镇'],
    ['河东乡人民政府', '河东乡'],
    ['东城街道办事处', '东城街道'],
    ['西城街道办事处', '西城街道'],
    ['县交通运输局', '交通运输局'],
    ['县住建局', '住建局'],
    ['县公安局', '公安局'],
    // width, case and spaces
    ['王庄镇 ', '王庄镇'],
    [' 王 庄 镇', '王庄镇'],
    ['城关镇', '城关镇'],
    ['石桥镇', '石桥镇'],
    ['孟家庄乡', '孟家庄乡'],
    ['孟家庄', '孟家庄乡'],
    ['马厂', '马厂镇'],
    ['生态委办', '县生态委办公室'],
    ['县生态委办公室', '县生态委办公室'],
    ['主要领导', '县委县政府主要负责人'],
    // typos and other names: the closest offered, nothing resolved
    ['住建委', 'none:住建局'],
    ['城关真', 'none:城关镇'],
    ['大豚镇', 'none:大屯镇'],
    ['王庄真', 'none:王庄镇'],
    ['柳林真', 'none:柳林镇'],
    ['高庄真', 'none:高庄镇'],
    ['石桥乡', 'none:石桥镇'],
    ['白沙乡', 'none:白沙镇'],
    ['河东镇', 'none:河东乡'],
    ['水力局', 'none:水利局'],
    ['林业厅', 'none:林业局'],
    ['公按局', 'none:公安局'],
    ['商务委', 'none:商务局'],
    ['环境局', 'none:生态环境局'],
    ['气象局', 'none:'],
    ['教育局', 'none:'],
    ['xyz', 'none:'],
    // several at once: the caller asks which
    ['城关镇第一管区第', 'many:城关镇第一管区第1网格|城关镇第一管区第2网格'],
  ])('%j → %s', (query, expected) => {
    expect(resolved(unit(query))).toBe(expected);
  });

  it('has no empty match and strips a suffix only when a name remains', () => {
    expect(unit('').kind).toBe('none');
    expect(unit('   ').kind).toBe('none');
    expect(normalizeName('人民政府')).toBe('人民政府');
    expect(normalizeName('县')).toBe('县');
    expect(normalizeName('ＡＢＣ 镇')).toBe('abc镇');
  });

  it.each([
    ['大气', '大气污染防治专业委员会'],
    ['air', '大气污染防治专业委员会'],
    ['AIR', '大气污染防治专业委员会'],
    ['扬尘', '扬尘污染防治专业委员会'],
    ['扬层', 'none:扬尘污染防治专业委员会'],
  ])('committee %j → %s', (query, expected) => {
    expect(resolved(committee(query) as never)).toBe(expected);
  });
});

describe('"did you mean" in both locales', () => {
  const i18n = createI18n('zh-CN', () => undefined);
  it.each([
    ['zh-CN', '找不到单位「城关真」。您要找的是不是：城关镇？'],
    ['en', 'No unit called “城关真”. Did you mean: 城关镇?'],
  ])('%s', (locale, text) => {
    expect(i18n.t(locale, 'unit-unknown-closest', { name: '城关真', closest: '城关镇' })).toBe(text);
  });
});

describe('a person’s name from Telegram', () => {
  it.each([
    ['王', '主任', '王主任'],
    ['李', '主任', '李主任'],
    [' 赵 ', ' 书记 ', '赵书记'],
    ['Alice', 'Wang', 'Alice Wang'],
    ['王', 'Lei', '王 Lei'],
    ['城关张', undefined, '城关张'],
    ['', '主任', '主任'],
  ])('%j + %j → %j', (first, last, name) => {
    expect(personName(first, last)).toBe(name);
  });
});
