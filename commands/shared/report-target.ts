import { z } from 'zod';
import { clip } from '../../src/render/format.ts';
import type { ReportValue } from '../../src/domain/reports.ts';
import type { ReportTarget } from '../../src/services/report-corrections.ts';
import { parseTaskCode, TASK_LIMITS } from '../../src/domain/tasks.ts';

/** A report by its number as /task shows it: R57 (r57, Ｒ57 too). */
const REPORT_CODE = /^R(\d{1,9})$/iu;

/**
 * The report a correction is about: `R57` (the office, any report) or a task code (the unit's last report on
 * it, the unit being the group's or the liaison's own). Null with an issue when neither; unit null leaves the
 * caller to answer that the unit is unknown.
 */
export function reportTargetOf(token: string | undefined, zctx: z.RefinementCtx): { reportId: number } | { taskId: number } | null {
  const byNumber = REPORT_CODE.exec((token ?? '').normalize('NFKC'));
  if (byNumber) return { reportId: Number(byNumber[1]) };
  const taskId = token === undefined ? null : parseTaskCode(token);
  if (taskId === null) {
    zctx.addIssue({ code: 'custom', message: 'args-report-target', params: { token: clip(token ?? '') } });
    return null;
  }
  return { taskId };
}

export const resolveTarget = (parsed: { reportId: number } | { taskId: number }, unitId: number | null): ReportTarget | null =>
  'reportId' in parsed ? { kind: 'id', reportId: parsed.reportId } : unitId === null ? null : { kind: 'last', taskId: parsed.taskId, unitId };

/** A report value as the renderers take it. */
export const plainValue = (v: ReportValue) => (v.kind === 'amount' ? { amount: v.amount, percent: null } : { amount: null, percent: v.percent });

/** 5, +5, 2.5, 5村 (the measure may follow), 60%, 60％. */
const VALUE = /^\+?(\d{1,10}(?:\.\d{1,4})?)\s*(%|％)?(\p{L}{0,8})$/u;

/** An amount or a percent as typed (5, +5, 5村, 60%), or null with the issue that says what is wrong. */
export function reportValueOf(token: string | undefined, zctx: z.RefinementCtx): ReportValue | null {
  const raw = (token ?? '').normalize('NFKC');
  if (raw.startsWith('-')) {
    zctx.addIssue({ code: 'custom', message: 'args-report-negative' });
    return null;
  }
  const match = VALUE.exec(raw);
  const number = match ? Number(match[1]) : NaN;
  if (!match || !Number.isFinite(number) || number <= 0 || number > TASK_LIMITS.amount || (match[2] && match[3])) {
    zctx.addIssue({ code: 'custom', message: 'args-report-value' });
    return null;
  }
  if (match[2] && number > 100) {
    zctx.addIssue({ code: 'custom', message: 'args-report-percent' });
    return null;
  }
  return match[2] ? { kind: 'percent', percent: number } : { kind: 'amount', amount: number };
}

