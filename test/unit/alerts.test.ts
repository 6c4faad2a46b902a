import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import { tokenize } from '../../src/bot/args.ts';
import { DEFAULT_RULES } from '../../src/domain/rules.ts';
import { ALERT_TEXT_MAX, dueResends, parseLevel, parseScope, type TargetState } from '../../src/domain/alerts.ts';

const RULES = DEFAULT_RULES.alerts;
const alert = COMMANDS.find((c) => c.name === 'alert')!;
const parse = (text: string) => alert.args.safeParse(tokenize(text));

describe('alert level words', () => {
  it.each([
    ['blue', 'blue'], ['BLUE', 'blue'], ['蓝色', 'blue'], ['蓝', 'blue'], ['蓝色预警', 'blue'], ['Ⅳ级', 'blue'],
    ['yellow', 'yellow'], ['黄色', 'yellow'], ['三级', 'yellow'],
    ['orange', 'orange'], ['橙色', 'orange'], ['Orange', 'orange'], ['ＯＲＡＮＧＥ', 'orange'],
    ['red', 'red'], ['红色', 'red'], ['红色预警', 'red'], ['一级', 'red'],
  ])('%s is %s', (word, level) => expect(parseLevel(word)).toBe(level));

  it.each(['', 'green', '绿色', '紫色', 'reds', '红色预警！', '5', 'status'])('%j is no level', (word) => expect(parseLevel(word)).toBeNull());
});

describe('alert scopes', () => {
  it('reads the fixed scopes and the committee form', () => {
    expect(parseScope('townships')).toEqual({ kind: 'townships' });
    expect(parseScope('乡镇')).toEqual({ kind: 'townships' });
    expect(parseScope('departments')).toEqual({ kind: 'departments' });
    expect(parseScope('部门')).toEqual({ kind: 'departments' });
    expect(parseScope('全部')).toEqual({ kind: 'all' });
    expect(parseScope('专委:大气')).toEqual({ kind: 'committee', name: '大气' });
    expect(parseScope('专委会：水')).toEqual({ kind: 'committee', name: '水' });
    expect(parseScope('committee:air')).toEqual({ kind: 'committee', name: 'air' });
    expect(parseScope('预计明日')).toBeNull();
  });
});

describe('/alert arguments', () => {
  it('parses a send, status and close', () => {
    expect(parse('orange townships 预计明日 重污染')).toMatchObject({ success: true, data: { kind: 'send', level: 'orange', scope: { kind: 'townships' }, text: '预计明日 重污染' } });
    expect(parse('红色 全县立即启动一级响应')).toMatchObject({ success: true, data: { kind: 'send', level: 'red', scope: { kind: 'all' }, text: '全县立即启动一级响应' } });
    expect(parse('status')).toMatchObject({ success: true, data: { kind: 'status' } });
    expect(parse('状态')).toMatchObject({ success: true, data: { kind: 'status' } });
    expect(parse('close')).toMatchObject({ success: true, data: { kind: 'close' } });
    expect(parse('解除')).toMatchObject({ success: true, data: { kind: 'close' } });
  });

  it.each([
    ['', 'args-alert-empty'],
    ['purple 文本', 'args-alert-level'],
    ['red', 'args-alert-text'],
    ['red townships', 'args-alert-text'],
    ['red 专委: 文本', 'args-alert-committee-empty'],
    ['status now', 'args-alert-extra'],
    ['close 1', 'args-alert-extra'],
    [`red ${'字'.repeat(ALERT_TEXT_MAX + 1)}`, 'args-alert-too-long'],
  ])('%j is refused with %s', (text, key) => {
    const result = parse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(key);
  });
});

describe('dueResends', () => {
  const t0 = new Date('2026-12-01T06:00:00Z');
  const min = (n: number) => new Date(t0.getTime() + n * 60_000);
  const target = (over: Partial<TargetState> = {}): TargetState => ({ id: 1, sends: 1, lastSentAt: t0, ackedAt: null, escalatedAt: null, ...over });

  it('waits the interval, then re-sends with the next copy number', () => {
    expect(dueResends([target()], min(14), RULES)).toEqual([]);
    expect(dueResends([target()], min(15), RULES)).toEqual([{ targetId: 1, action: 'resend', send: 2 }]);
    expect(dueResends([target({ sends: 2, lastSentAt: min(15) })], min(29), RULES)).toEqual([]);
    expect(dueResends([target({ sends: 2, lastSentAt: min(15) })], min(30), RULES)).toEqual([{ targetId: 1, action: 'resend', send: 3 }]);
  });

  it('counts from the minute of the last send, as the minute tick sees it', () => {
    const sentLate = target({ lastSentAt: new Date(t0.getTime() + 40_000) });
    expect(dueResends([sentLate], new Date(min(15).getTime() - 1), RULES)).toEqual([]);
    expect(dueResends([sentLate], min(15), RULES)).toEqual([{ targetId: 1, action: 'resend', send: 2 }]);
  });

  it('escalates after the last copy, once', () => {
    expect(dueResends([target({ sends: 3, lastSentAt: min(30) })], min(44), RULES)).toEqual([]);
    expect(dueResends([target({ sends: 3, lastSentAt: min(30) })], min(45), RULES)).toEqual([{ targetId: 1, action: 'escalate', send: 3 }]);
    expect(dueResends([target({ sends: 3, lastSentAt: min(30), escalatedAt: min(45) })], min(500), RULES)).toEqual([]);
  });

  it('never touches an acknowledged target', () => {
    expect(dueResends([target({ ackedAt: min(1) })], min(100), RULES)).toEqual([]);
  });

  it('follows the rules given', () => {
    const rules = { resendMinutes: 5, maxSends: 1 };
    expect(dueResends([target()], min(5), rules)).toEqual([{ targetId: 1, action: 'escalate', send: 1 }]);
    expect(RULES).toEqual({ resendMinutes: 15, maxSends: 3 });
  });

  it('decides each target on its own', () => {
    const due = dueResends([target({ id: 1 }), target({ id: 2, ackedAt: min(2) }), target({ id: 3, sends: 3 }), target({ id: 4, lastSentAt: min(10) })], min(15), RULES);
    expect(due).toEqual([
      { targetId: 1, action: 'resend', send: 2 },
      { targetId: 3, action: 'escalate', send: 3 },
    ]);
  });
});
