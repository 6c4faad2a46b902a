import { describe, expect, it } from 'vitest';
import {
  defaultDueDate,
  looksLikeProblemCode,
  parseFoundBy,
  parseKind,
  parseProblemCode,
  parseProblemForm,
  parseProblemStatus,
  PROBLEM_KINDS,
} from '../../src/domain/problems.ts';
import { DEFAULT_RULES } from '../../src/domain/rules.ts';

const PROBLEM_DEADLINE_DAYS = DEFAULT_RULES.problemDeadlineDays;

describe('problem words', () => {
  it('reads kinds in Chinese and English, any case, full-width too', () => {
    expect(parseKind('着火点')).toBe('fire');
    expect(parseKind('秸秆焚烧')).toBe('fire');
    expect(parseKind('FIRE')).toBe('fire');
    expect(parseKind('扬尘')).toBe('dust');
    expect(parseKind('Ｄｕｓｔ')).toBe('dust');
    expect(parseKind('信访')).toBe('complaint');
    expect(parseKind('complaint')).toBe('complaint');
    expect(parseKind('督察反馈')).toBe('inspection');
    expect(parseKind('inspection')).toBe('inspection');
    expect(parseKind('其他')).toBe('other');
    expect(parseKind('other')).toBe('other');
    for (const bad of ['', '火灾', 'fires', '污水', 'P7', '<b>']) expect(parseKind(bad), bad).toBeNull();
  });

  it('reads who found it and list statuses', () => {
    expect(parseFoundBy('市级')).toBe('city');
    expect(parseFoundBy('city')).toBe('city');
    expect(parseFoundBy('县级')).toBe('county');
    expect(parseFoundBy('省级')).toBe('province');
    expect(parseFoundBy('中央')).toBe('central');
    expect(parseFoundBy('Central')).toBe('central');
    expect(parseFoundBy('村级')).toBeNull();
    expect(parseProblemStatus('待整改')).toBe('open');
    expect(parseProblemStatus('fixed')).toBe('fixed');
    expect(parseProblemStatus('已销号')).toBe('closed');
    expect(parseProblemStatus('全部')).toBe('all');
    expect(parseProblemStatus('城关镇')).toBeNull();
  });

  it('gives each kind its default deadline: fire 1 day, dust 3, complaint 15, inspection 30, other 7', () => {
    expect(PROBLEM_DEADLINE_DAYS).toEqual({ fire: 1, dust: 3, complaint: 15, inspection: 30, other: 7 });
    for (const kind of PROBLEM_KINDS) expect(PROBLEM_DEADLINE_DAYS[kind]).toBeGreaterThan(0);
    expect(defaultDueDate('fire', '2026-11-30', PROBLEM_DEADLINE_DAYS)).toBe('2026-12-01');
    expect(defaultDueDate('dust', '2026-12-30', PROBLEM_DEADLINE_DAYS)).toBe('2027-01-02');
    expect(defaultDueDate('complaint', '2026-11-20', PROBLEM_DEADLINE_DAYS)).toBe('2026-12-05');
    expect(defaultDueDate('inspection', '2026-11-20', PROBLEM_DEADLINE_DAYS)).toBe('2026-12-20');
    expect(defaultDueDate('other', '2026-11-20', PROBLEM_DEADLINE_DAYS)).toBe('2026-11-27');
    expect(defaultDueDate('fire', '2026-11-30', { ...PROBLEM_DEADLINE_DAYS, fire: 2 })).toBe('2026-12-02');
  });

  it('reads problem numbers; only P tells /reject a problem from a task', () => {
    expect(parseProblemCode('P7')).toBe(7);
    expect(parseProblemCode('p12')).toBe(12);
    expect(parseProblemCode('#3')).toBe(3);
    expect(parseProblemCode('4')).toBe(4);
    for (const bad of ['P0', 'T7', 'P', 'P-1', 'P1.5', 'P99999999999', 'x'.repeat(40)]) expect(parseProblemCode(bad), bad).toBeNull();
    expect(looksLikeProblemCode('P7')).toBe(true);
    expect(looksLikeProblemCode('p7')).toBe(true);
    expect(looksLikeProblemCode('T7')).toBe(false);
    expect(looksLikeProblemCode('7')).toBe(false);
    expect(looksLikeProblemCode(undefined)).toBe(false);
  });
});

describe('the one-line /problem form', () => {
  it('reads every field, in either language', () => {
    expect(parseProblemForm('着火点 | unit: 城关镇 | where: 王庄村东 | found: city | due: 2026-12-03 | note: 玉米秸秆')).toEqual({
      errors: [],
      form: { kind: 'fire', description: '玉米秸秆', unit: '城关镇', where: '王庄村东', foundBy: 'city', due: '2026-12-03' },
    });
    expect(parseProblemForm('信访 群众反映夜间施工扬尘 ｜ 单位：住建局 ｜ 地点：北关工地 ｜ 发现：县级').form).toEqual({
      kind: 'complaint',
      description: '群众反映夜间施工扬尘',
      unit: '住建局',
      where: '北关工地',
      foundBy: 'county',
      due: null,
    });
    expect(parseProblemForm('ｄｕｓｔ').form).toMatchObject({ kind: 'dust' });
    expect(parseProblemForm('dust').form).toMatchObject({ kind: 'dust', unit: null, where: null, foundBy: null, due: null, description: null });
  });

  it('stored text is what people wrote: full-width punctuation is kept, only keywords are folded', () => {
    expect(parseProblemForm('扬尘 ｜ 单位：住建局 ｜ 地点：北关工地（东门） ｜ 说明：未苫盖，已责令整改：限期3日').form).toMatchObject({
      kind: 'dust',
      where: '北关工地（东门）',
      description: '未苫盖，已责令整改：限期3日',
    });
  });

  it('reports every mistake at once, with its locale key', () => {
    const keys = (text: string) => parseProblemForm(text).errors.map((e) => e.key);
    expect(keys('')).toEqual(['args-problem-kind-missing']);
    expect(keys('火灾 | unit: 城关镇')).toEqual(['args-problem-kind']);
    expect(keys('着火点 | color: red | found: 村级')).toEqual(['args-problem-field', 'args-problem-found']);
    expect(keys('着火点 | unit: a | 单位: b')).toEqual(['args-problem-repeated']);
    expect(keys('着火点 | where:')).toEqual(['args-problem-empty-field']);
    expect(keys(`着火点 | where: ${'x'.repeat(201)}`)).toEqual(['args-text-too-long']);
    expect(keys(`着火点 | note: ${'x'.repeat(2001)}`)).toEqual(['args-text-too-long']);
    expect(keys(`着火点 | note: ${'督'.repeat(2000)}`)).toEqual([]);
    expect(parseProblemForm('火灾').form).toBeNull();
  });
});
