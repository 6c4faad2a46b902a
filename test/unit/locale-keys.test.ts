import { ROBOT_KINDS } from '../../src/domain/robots.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_LEVELS } from '../../src/domain/alerts.ts';
import { LOCALES } from '../../src/domain/locales.ts';
import { FOUND_BY, PROBLEM_KINDS, PROBLEM_STATUSES } from '../../src/domain/problems.ts';
import { CHAT_KINDS, PLACES, ROLES } from '../../src/domain/roles.ts';
import { JOB_NAMES } from '../../src/domain/schedule.ts';
import { TASK_STATUSES } from '../../src/domain/tasks.ts';
import { LOCALES_DIR } from '../../src/i18n/index.ts';
import { ORG_UNIT_KINDS } from '../../src/org/schema.ts';

/**
 * Locale keys built at run time (`problem-kind-${kind}` and the like) cannot be checked by reading the code for
 * literal keys. Each shape the code builds is listed here with every value it can take; a shape in the code
 * that is not listed fails the test, so a new one is listed (and its keys written) before it ships.
 */

const ROOT = new URL('../../', import.meta.url);
const sourceFiles = (dir: string): string[] =>
  readdirSync(new URL(dir, ROOT), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.includes('generated'))
    .map((f) => readFileSync(new URL(`${dir}/${f}`, ROOT), 'utf8'));
const source = [...sourceFiles('src'), ...sourceFiles('commands')];

/** What a task's and a problem's trail can say happened (their audit rows' actions). */
const TASK_AUDIT = ['create', 'report', 'part-done', 'done', 'extend-request', 'extend-approved', 'extend-denied', 'close', 'reject', 'reopen', 'cancel', 'edit', 'escalate', 'escalation-reset', 'report-withdrawn', 'report-corrected', 'import-update'];
const PROBLEM_AUDIT = ['create', 'fix', 'verify', 'reject', 'escalate', 'escalation-reset'];

const VERDICTS = ['close', 'reject', 'reopen', 'cancel'];
/** The verdicts that take several tasks at once, and why a task is left out of one (nextStatus's refusals for them). */
const BATCH_VERDICTS = ['close', 'reopen', 'cancel'];
const VERDICT_SKIPS = ['task-is-closed', 'task-is-cancelled', 'task-not-done', 'task-not-reopenable'];

/** Each run-time key shape (the template as written in the code) and every key it can produce. */
const SHAPES: Record<string, string[]> = {
  'alert-level-${…}': ALERT_LEVELS.map((l) => `alert-level-${l}`),
  'args-${…}-reason': ['reject', 'cancel'].map((v) => `args-${v}-reason`),
  'audit-${…}': TASK_AUDIT.map((a) => `audit-task-${a}`),
  'bind-done-${…}': CHAT_KINDS.map((k) => `bind-done-${k}`),
  'cmd-${…}-description': [],
  'cmd-${…}-usage': [],
  'digest-chart-${…}': ['townships', 'departments'].map((n) => `digest-chart-${n}`),
  'edit-field-${…}': ['title', 'due', 'description', 'measure', 'committee', 'quota'].map((f) => `edit-field-${f}`),
  'extension-status-${…}': ['pending', 'approved', 'denied'].map((s) => `extension-status-${s}`),
  'guided-step-${…}': ['committee', 'lead', 'with', 'due'].map((s) => `guided-step-${s}`),
  'ledger-light-${…}': ['red', 'yellow', 'green', 'done', 'cancelled'].map((l) => `ledger-light-${l}`),
  'place-${…}': PLACES.map((p) => `place-${p}`),
  'problem-audit-${…}': PROBLEM_AUDIT.map((a) => `problem-audit-${a}`),
  'problem-cannot-${…}-${…}': [
    ['fix', 'fixed'], ['fix', 'closed'], ['verify', 'open'], ['verify', 'closed'], ['reject', 'open'], ['reject', 'closed'],
  ].map(([action, status]) => `problem-cannot-${action}-${status}`),
  'problem-found-${…}': FOUND_BY.map((f) => `problem-found-${f}`),
  'problem-guided-step-${…}': ['kind', 'found', 'unit', 'due', 'where'].map((s) => `problem-guided-step-${s}`),
  'problem-kind-${…}': PROBLEM_KINDS.map((k) => `problem-kind-${k}`),
  'problem-status-${…}': PROBLEM_STATUSES.map((s) => `problem-status-${s}`),
  'preview-job-${…}': JOB_NAMES.map((j) => `preview-job-${j}`),
  'role-${…}': ROLES.map((r) => `role-${r}`),
  'robot-kind-${…}': ROBOT_KINDS.map((k) => `robot-kind-${k}`),
  'schedule-job-${…}': JOB_NAMES.map((j) => `schedule-job-${j}`),
  'task-role-${…}': ['lead', 'cooperating'].map((r) => `task-role-${r}`),
  'task-status-${…}': TASK_STATUSES.map((s) => `task-status-${s}`),
  'unit-kind-${…}': ORG_UNIT_KINDS.map((k) => `unit-kind-${k}`),
  '${…}-done': VERDICTS.map((v) => `${v}-done`),
  '${…}-unit-notice': VERDICTS.map((v) => `${v}-unit-notice`),
  '${…}-units-notice': BATCH_VERDICTS.map((v) => `${v}-units-notice`),
  'verdict-past-${…}': BATCH_VERDICTS.map((v) => `verdict-past-${v}`),
  'verdict-verb-${…}': BATCH_VERDICTS.map((v) => `verdict-verb-${v}`),
  'verdict-skip-${…}': VERDICT_SKIPS.map((s) => `verdict-skip-${s}`),
};

/** The key templates the code passes to a translate function (t, tr, deps.t …) or to fail(). */
function keyTemplatesInCode(): string[] {
  const found = new Set<string>();
  for (const text of source) {
    for (const m of text.matchAll(/\b(?:t|tr|fail)\(\s*(?:ctx,\s*)?`([^`]*\$\{[^`]*)`/g)) found.add(m[1]!.replace(/\$\{(?:[^{}]|\{[^}]*\})*\}/g, '${…}'));
  }
  return [...found].sort();
}

const keysOf = (locale: string) =>
  new Set([...readFileSync(`${LOCALES_DIR}${locale}.ftl`, 'utf8').matchAll(/^([a-zA-Z][\w-]*)\s*=/gm)].map((m) => m[1]!));

describe('locale keys built at run time', () => {
  it('every key shape the code builds is listed here', () => {
    const shapes = keyTemplatesInCode();
    expect(shapes.length).toBeGreaterThan(20);
    expect(shapes.filter((shape) => !(shape in SHAPES))).toEqual([]);
  });

  it('lists every task audit action the services write', () => {
    const written = new Set(source.flatMap((text) => [...text.matchAll(/'task\.([a-z-]+)'/g)].map((m) => m[1]!)));
    // task.import is the import's own row (entity 'import'), not a line of any task's trail.
    expect([...written].filter((a) => a !== 'import' && !TASK_AUDIT.includes(a))).toEqual([]);
  });

  it.each(LOCALES.map((l) => [l]))('%s has every key each shape can produce', (locale) => {
    const keys = keysOf(locale);
    const missing = Object.values(SHAPES)
      .flat()
      .filter((key) => !keys.has(key));
    expect(missing).toEqual([]);
  });
});
