import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/bot/args.ts';
import { parseTaskCodes } from '../../src/domain/task-codes.ts';
import cancel from '../../commands/tasks/cancel.ts';
import close from '../../commands/tasks/close.ts';

const codes = (text: string) => parseTaskCodes(tokenize(text));

describe('parseTaskCodes: the tasks a command names, then its reason', () => {
  it.each([
    ['T16', [16], []],
    ['t16 重复导入', [16], ['重复导入']],
    ['16 重复导入', [16], ['重复导入']],
    ['#16', [16], []],
    ['Ｔ１６ 重复', [16], ['重复']],
    ['T16 T17 重复导入', [16, 17], ['重复导入']],
    ['T16,T17 重复导入', [16, 17], ['重复导入']],
    ['T16，T17 重复导入', [16, 17], ['重复导入']],
    ['T16、T17；T18 重复导入', [16, 17, 18], ['重复导入']],
    ['T16, T17, T18 重复导入', [16, 17, 18], ['重复导入']],
    ['T16, 17 重复导入', [16, 17], ['重复导入']],
    ['T16-T18 重复导入', [16, 17, 18], ['重复导入']],
    ['T16-18', [16, 17, 18], []],
    ['T16~T18', [16, 17, 18], []],
    ['T16～T18', [16, 17, 18], []],
    ['T16—T18', [16, 17, 18], []],
    ['T16至T18 重复', [16, 17, 18], ['重复']],
    ['T16 - T18 重复', [16, 17, 18], ['重复']],
    ['T16 至 T18 重复', [16, 17, 18], ['重复']],
    ['T16-T16', [16], []],
    ['T16-T18 T20,T21 T17 重复', [16, 17, 18, 20, 21], ['重复']],
    ['T20 T16 重复', [20, 16], ['重复']],
    ['T16 T16', [16], []],
    ['T16-T115', Array.from({ length: 100 }, (_, i) => 16 + i), []],
    // After the first code a bare number is the reason's, as it always was: "/close T12 3 个村已验收".
    ['T12 3 个村已验收', [12], ['3', '个村已验收']],
    ['T12 2-3个村未完成', [12], ['2-3个村未完成']],
    ['T16 重复导入 T17', [16], ['重复导入', 'T17']],
  ])('%s → %j, rest %j', (text, ids, rest) => {
    expect(codes(text)).toEqual({ ok: true, ids, rest });
  });

  it.each([
    ['重复导入', { key: 'args-task-code', vars: { token: '重复导入' } }],
    ['T0', { key: 'args-task-code', vars: { token: 'T0' } }],
    ['T16,x 重复', { key: 'args-task-code', vars: { token: 'x' } }],
    ['T16 T17,T 重复', { key: 'args-task-code', vars: { token: 'T' } }],
    ['T16，重复导入', { key: 'args-task-code', vars: { token: '重复导入' } }],
    ['T30-T16 重复', { key: 'args-task-range-reversed', vars: { from: 'T30', to: 'T16' } }],
    ['T16 T30-T20', { key: 'args-task-range-reversed', vars: { from: 'T30', to: 'T20' } }],
    ['T1-T200 重复', { key: 'args-task-codes-too-many', vars: { max: 100 } }],
    ['T1-T2000000000', { key: 'args-task-codes-too-many', vars: { max: 100 } }],
    ['T1-T60 T100-T160', { key: 'args-task-codes-too-many', vars: { max: 100 } }],
  ])('%s → %j, nothing named', (text, error) => {
    expect(codes(text)).toEqual({ ok: false, ...error });
  });
});

describe('the arguments of /cancel and /close', () => {
  const args = (def: typeof cancel, text: string) => {
    const parsed = def.args.safeParse(tokenize(text));
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: parsed.error.issues.map((i) => ({ message: i.message, ...(i.code === 'custom' && i.params ? { params: i.params } : {}) })) };
  };

  it('/cancel T16 T17 重复导入 cancels both, with the reason 重复导入 (not "T17 重复导入")', () => {
    expect(args(cancel, 'T16 T17 重复导入')).toEqual({ ok: true, value: { taskIds: [16, 17], text: '重复导入' } });
  });
  it('one code still reads as before', () => {
    expect(args(cancel, 'T12 重复立项')).toEqual({ ok: true, value: { taskIds: [12], text: '重复立项' } });
    expect(args(close, 'T12')).toEqual({ ok: true, value: { taskIds: [12], text: null } });
  });
  it('/cancel needs its reason, for several tasks too; /close does not', () => {
    expect(args(cancel, 'T16-T18')).toEqual({ ok: false, issues: [{ message: 'args-cancel-reason' }] });
    expect(args(close, 'T16-T18')).toEqual({ ok: true, value: { taskIds: [16, 17, 18], text: null } });
  });
  it('a bad list is refused with what was wrong', () => {
    expect(args(cancel, 'T18-T16 重复')).toEqual({ ok: false, issues: [{ message: 'args-task-range-reversed', params: { from: 'T18', to: 'T16' } }] });
    expect(args(cancel, 'T1-T500 重复')).toEqual({ ok: false, issues: [{ message: 'args-task-codes-too-many', params: { max: 100 } }] });
    expect(args(cancel, '')).toEqual({ ok: false, issues: [{ message: 'args-task-code' }] });
  });
});
