import ExcelJS from 'exceljs';
import type pg from 'pg';
import type { Update } from 'grammy/types';
import { poolOf } from '../../src/db/pg-pool.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { Database } from '../../src/db/client.ts';
import type { UserError } from '../../src/domain/result.ts';
import type { NewTaskInput } from '../../src/domain/tasks.ts';
import type { Services } from '../../src/container.ts';
import type { ActionContext } from '../../src/domain/actor.ts';
import type { EvidenceInput, ReportValue } from '../../src/domain/reports.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { escapeVars, type TranslationVars } from '../../src/render/html.ts';
import { renderTaskDetail } from '../../src/render/task-detail.ts';
import { taskLine } from '../../src/render/tasks.ts';

const all = await backends('task services on PostgreSQL (test/services/tasks.test.ts)');
const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();

const i18n = createI18n('zh-CN', () => 'zh-CN');
const translate = (key: string, vars?: TranslationVars) => i18n.t('zh-CN', key, vars && escapeVars(vars));

/** An instant on the county's wall clock (Asia/Shanghai, UTC+8, no DST). */
const local = (date: string, time = '10:00:00') => new Date(`${date}T${time}+08:00`);
const TODAY = '2026-11-20';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: UserError };

function valueOf<T>(result: Outcome<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const refusal = (key: string, vars?: Record<string, string | number>) => ({ ok: false, error: vars ? { key, vars } : { key } });

interface Unit {
  id: number;
  name: string;
}

describe.each(all)('task services on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let services: Services;
  let clock = local(TODAY);
  let office: Actor;
  let cg: Unit; // 城关镇
  let wz: Unit; // 王庄镇
  let eco: Unit; // 生态环境局
  let dt: Unit; // 大屯镇: only the unit-filter test uses it
  let dc: Unit; // 东城街道, 西城街道, 经济开发区: only the missing() test uses them
  let xc: Unit;
  let kfq: Unit;
  let water: number;
  let air: number;

  const as = (actor: Actor): ActionContext => ({ actor, chatId: -1004n });
  const liaison = (unit: Unit, telegramId = 3000n + BigInt(unit.id)): Actor => ({
    telegramId,
    memberId: null,
    displayName: `${unit.name}联络员`,
    username: null,
    role: 'liaison',
    unitId: unit.id,
    unitName: unit.name,
    locale: null,
  });
  const member: Actor = { telegramId: 4001n, memberId: null, displayName: '群众', username: null, role: 'member', unitId: null, unitName: null, locale: null };

  const input = (over: Partial<NewTaskInput> = {}): NewTaskInput => ({
    title: '整治城区黑臭水体',
    committeeId: water,
    description: null,
    dueDate: '2026-11-30',
    measure: '处',
    assignments: [
      { unitId: cg.id, role: 'lead', quota: 10 },
      { unitId: wz.id, role: 'cooperating', quota: 5 },
    ],
    ...over,
  });
  const create = async (over: Partial<NewTaskInput> = {}) => valueOf(await services.tasks.create(as(office), input(over)));
  /** A task without quotas, reported in percent: lead 城关镇, 王庄镇 and 生态环境局 cooperating. */
  const percentTask = (over: Partial<NewTaskInput> = {}) =>
    create({
      measure: null,
      assignments: [
        { unitId: cg.id, role: 'lead', quota: null },
        { unitId: wz.id, role: 'cooperating', quota: null },
        { unitId: eco.id, role: 'cooperating', quota: null },
      ],
      ...over,
    });
  const report = (actor: Actor, taskId: number, unit: Unit, value: ReportValue, evidence: EvidenceInput[] = [], note: string | null = null) =>
    services.tasks.report(as(actor), { taskId, unitId: unit.id, value, note, evidence });
  const amount = (n: number): ReportValue => ({ kind: 'amount', amount: n });
  const percent = (n: number): ReportValue => ({ kind: 'percent', percent: n });
  const done = (actor: Actor, taskId: number, unit: Unit, overrideReason: string | null = null, note: string | null = null) =>
    services.tasks.markDone(as(actor), { taskId, unitId: unit.id, note, overrideReason });

  const auditOf = async (taskId: number) =>
    (await database.prisma.auditLog.findMany({ where: { entity: 'task', entityId: String(taskId) }, orderBy: { id: 'asc' } })).map((a) => ({
      action: a.action,
      at: a.at,
      actor: a.actorTelegramId,
      chat: a.chatId,
      before: a.before === null ? null : (JSON.parse(a.before) as unknown),
      after: a.after === null ? null : (JSON.parse(a.after) as unknown),
    }));
  const taskRow = (id: number) =>
    database.prisma.task.findUniqueOrThrow({ where: { id }, include: { assignments: { orderBy: { id: 'asc' } } } });
  const snapshot = async () => {
    const p = database.prisma;
    return {
      tasks: await p.task.findMany({ orderBy: { id: 'asc' } }),
      assignments: await p.taskAssignment.findMany({ orderBy: { id: 'asc' } }),
      reports: await p.progressReport.findMany({ orderBy: { id: 'asc' } }),
      evidence: await p.evidence.findMany({ orderBy: { id: 'asc' } }),
      extensions: await p.extension.findMany({ orderBy: { id: 'asc' } }),
      // A refusal is audited (access.denied); nothing else may be written.
      audit: await p.auditLog.count({ where: { action: { not: 'access.denied' } } }),
    };
  };
  /** Runs a refused action and checks that it left every task table as it was. */
  const writesNothing = async <T>(action: () => Promise<T>): Promise<T> => {
    const before = await snapshot();
    const result = await action();
    expect(await snapshot()).toEqual(before);
    return result;
  };
  const summary = async (id: number) => (await services.tasks.queries.summaries({ taskIds: [id], includeFinished: true }))[0]!;

  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open());
    services = testServices(database.prisma, config, () => clock);
    office = await services.members.actorFor({ id: 900, first_name: '办公室' });
    const unit = async (name: string): Promise<Unit> => {
      const found = valueOf(await services.org.resolveUnit(name));
      expect(found.name).toBe(name);
      return { id: found.id, name: found.name };
    };
    cg = await unit('城关镇');
    wz = await unit('王庄镇');
    eco = await unit('生态环境局');
    dt = await unit('大屯镇');
    dc = await unit('东城街道');
    xc = await unit('西城街道');
    kfq = await unit('经济开发区');
    water = valueOf(await services.org.resolveCommittee('水')).id;
    air = valueOf(await services.org.resolveCommittee('大气')).id;
  });
  afterAll(async () => {
    await close?.();
  });
  beforeEach(() => {
    clock = local(TODAY);
  });

  // ───────────────────────────── create ─────────────────────────────

  describe('create', () => {
    it.skipIf(!!backend.skipped)('writes the task, its assignments and a task.create audit row', async () => {
      const task = await create({ description: '沿河排查', dueDate: TODAY });
      expect(office.role).toBe('admin');
      expect(task).toMatchObject({
        title: '整治城区黑臭水体',
        description: '沿河排查',
        committeeId: water,
        status: 'open',
        dueDate: TODAY,
        measure: '处',
        createdById: 900n,
        createdAt: clock,
      });
      const row = await taskRow(task.id);
      expect(row.assignments.map((a) => [a.unitId, a.role, a.quota, a.doneAt])).toEqual([
        [cg.id, 'lead', 10, null],
        [wz.id, 'cooperating', 5, null],
      ]);
      expect(await auditOf(task.id)).toEqual([
        {
          action: 'task.create',
          at: clock,
          actor: 900n,
          chat: -1004n,
          before: null,
          after: {
            title: '整治城区黑臭水体',
            dueDate: TODAY,
            units: [
              { unit: '城关镇', role: 'lead', quota: 10 },
              { unit: '王庄镇', role: 'cooperating', quota: 5 },
            ],
          },
        },
      ]);
    });

    it.skipIf(!!backend.skipped)('refuses what check() refuses, writing nothing', async () => {
      const cases: [Partial<NewTaskInput>, ReturnType<typeof refusal>][] = [
        [{ assignments: [] }, refusal('task-needs-one-lead')],
        [{ assignments: [{ unitId: cg.id, role: 'cooperating', quota: null }] }, refusal('task-needs-one-lead')],
        [
          {
            assignments: [
              { unitId: cg.id, role: 'lead', quota: null },
              { unitId: wz.id, role: 'lead', quota: null },
            ],
          },
          refusal('task-needs-one-lead'),
        ],
        [
          {
            assignments: [
              { unitId: cg.id, role: 'lead', quota: null },
              { unitId: cg.id, role: 'cooperating', quota: null },
            ],
          },
          refusal('task-unit-twice'),
        ],
        [{ dueDate: '2026-11-19' }, refusal('task-due-in-past', { date: '2026-11-19' })],
        [{ assignments: [{ unitId: cg.id, role: 'lead', quota: 0 }] }, refusal('task-bad-quota')],
        [{ assignments: [{ unitId: cg.id, role: 'lead', quota: -3 }] }, refusal('task-bad-quota')],
        [{ assignments: [{ unitId: cg.id, role: 'lead', quota: Number.NaN }] }, refusal('task-bad-quota')],
      ];
      for (const [over, expected] of cases) {
        expect(services.tasks.check(input(over))).toEqual(expected);
        expect(await writesNothing(() => services.tasks.create(as(office), input(over)))).toEqual(expected);
      }
    });

    it.skipIf(!!backend.skipped)('refuses the office (生态委办公室, office: true in the org file) as a lead, alone or in an import, writing nothing', async () => {
      const officeUnit = await database.prisma.unit.findFirstOrThrow({ where: { office: true } });
      expect(officeUnit.name).toBe('县生态委办公室');
      const led = input({ assignments: [{ unitId: officeUnit.id, role: 'lead', quota: null }, { unitId: cg.id, role: 'cooperating', quota: null }] });
      expect(await writesNothing(() => services.tasks.create(as(office), led))).toEqual(refusal('task-lead-office', { unit: '县生态委办公室' }));
      const preview = await services.taskImports.preview({ fileName: 'a.xlsx', tasks: [{ rows: [2], input: led }], rejected: [] });
      expect(preview.rows).toEqual([{ outcome: 'rejected', rows: [2], title: led.title, errors: [{ row: 2, column: '', key: 'task-lead-office', vars: { unit: '县生态委办公室' } }] }]);
      // As a cooperating unit it is accepted.
      const cooperating = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: null }, { unitId: officeUnit.id, role: 'cooperating', quota: null }] });
      expect(cooperating.assignments.map((a) => a.unitId)).toContain(officeUnit.id);
    });

    it.skipIf(!!backend.skipped)("judges 'in the past' by the county's date, not UTC's", async () => {
      // 2026-11-20T16:30Z is already 2026-11-21 00:30 in Asia/Shanghai.
      clock = new Date('2026-11-20T16:30:00Z');
      expect(await writesNothing(() => services.tasks.create(as(office), input({ dueDate: '2026-11-20' })))).toEqual(
        refusal('task-due-in-past', { date: '2026-11-20' }),
      );
      expect((await create({ dueDate: '2026-11-21' })).dueDate).toBe('2026-11-21');
    });

    it.skipIf(!!backend.skipped)('rolls back as a whole when the database refuses a part (an unknown unit)', async () => {
      await writesNothing(async () => {
        await expect(
          services.tasks.create(as(office), input({ assignments: [{ unitId: cg.id, role: 'lead', quota: null }, { unitId: 987_654, role: 'cooperating', quota: null }] })),
        ).rejects.toThrow();
      });
    });
  });

  // ───────────────────────────── createMany ─────────────────────────────

  describe('import', () => {
    const sheet = (...tasks: NewTaskInput[]) => ({ fileName: '清单.xlsx', tasks: tasks.map((t, i) => ({ rows: [i + 2], input: t })), rejected: [] });
    const outcomes = (plan: { rows: { outcome: string; rows: number[] }[] }) => plan.rows.map((r) => [r.rows[0], r.outcome]);

    it.skipIf(!!backend.skipped)('re-importing the same file adds nothing: 0 added, every row unchanged, no duplicate, one task.import row each time', async () => {
      const file = sheet(input({ title: '导入甲' }), input({ title: '导入乙', committeeId: air }));
      const preview = await services.taskImports.preview(file);
      expect(outcomes(preview)).toEqual([[2, 'added'], [3, 'added']]);
      expect(await database.prisma.task.count({ where: { title: { in: ['导入甲', '导入乙'] } } })).toBe(0);
      const importRows = () => database.prisma.auditLog.count({ where: { action: 'task.import' } });
      const before = await importRows();
      const first = await services.taskImports.apply(as(office), file);
      expect(await importRows()).toBe(before + 1);
      const ids = first.rows.map((r) => ('taskId' in r ? r.taskId : null));
      for (const id of ids) expect((await auditOf(id!)).map((a) => a.action)).toEqual(['task.create']);
      // Confirm pressed on a second preview of the same file (or the file sent again): nothing is added.
      const again = await services.taskImports.apply(as(office), file);
      expect(again.rows.map((r) => [r.outcome, 'taskId' in r ? r.taskId : null])).toEqual(ids.map((id) => ['unchanged', id]));
      expect(await database.prisma.task.count({ where: { title: { in: ['导入甲', '导入乙'] } } })).toBe(2);
      expect(await importRows()).toBe(before + 2);
      const imports = await database.prisma.auditLog.findMany({ where: { action: 'task.import' }, orderBy: { id: 'desc' }, take: 2 });
      expect(JSON.parse(imports[0]!.after!)).toMatchObject({ added: [], unchanged: ids.map((id) => `T${id}`) });
      expect(JSON.parse(imports[1]!.after!)).toMatchObject({ added: ids.map((id) => `T${id}`), unchanged: [] });
    });

    it.skipIf(!!backend.skipped)('a changed row updates its task: parts on the task deadline move, an extended part keeps its own, quotas and units follow', async () => {
      const [row] = (await services.taskImports.apply(as(office), sheet(input({ title: '导入丙' })))).rows;
      const taskId = (row as { taskId: number }).taskId;
      // 王庄镇's part was moved on its own (as an approved extension does).
      valueOf(await services.tasks.edit(as(office), taskId, { field: 'dueDate', value: '2026-12-10', unitId: wz.id, reason: '顺延' }));
      const changed = input({
        title: '导入丙',
        dueDate: '2026-12-05',
        assignments: [
          { unitId: cg.id, role: 'lead', quota: 12 },
          { unitId: wz.id, role: 'cooperating', quota: 5 },
          { unitId: eco.id, role: 'cooperating', quota: null },
        ],
      });
      const [updated] = (await services.taskImports.apply(as(office), sheet(changed))).rows;
      expect(updated).toMatchObject({ outcome: 'updated', taskId, changes: [{ kind: 'due', from: '2026-11-30', to: '2026-12-05' }, { kind: 'quota', unitId: cg.id, from: 10, to: 12 }, { kind: 'unit-added', unitId: eco.id, quota: null }] });
      const task = await taskRow(taskId);
      expect(task.dueDate).toBe('2026-12-05');
      expect(task.assignments.map((a) => [a.unitId, a.quota, a.dueDate])).toEqual([
        [cg.id, 12, '2026-12-05'],
        [wz.id, 5, '2026-12-10'],
        [eco.id, null, '2026-12-05'],
      ]);
      expect((await auditOf(taskId)).at(-1)).toMatchObject({ action: 'task.import-update', before: { dueDate: '2026-11-30' }, after: { dueDate: '2026-12-05', units: ['城关镇'] } });
      // Taking a unit off that has reported is refused for that row; the rest of the file goes on.
      valueOf(await report(liaison(wz), taskId, wz, amount(1)));
      const withoutWz = { ...changed, assignments: changed.assignments.filter((a) => a.unitId !== wz.id) };
      const plan = await services.taskImports.apply(as(office), sheet(withoutWz, input({ title: '导入丁' })));
      expect(plan.rows.map((r) => [r.outcome, r.outcome === 'rejected' ? r.errors[0]!.key : null])).toEqual([
        ['rejected', 'import-unit-has-work'],
        ['added', null],
      ]);
      expect((await taskRow(taskId)).assignments.map((a) => a.unitId)).toContain(wz.id);
    });

    it.skipIf(!!backend.skipped)('the same list imported after its deadline is unchanged, not refused; a past deadline for a new task or as a new deadline is refused', async () => {
      const kept = input({ title: '导入庚', dueDate: '2026-11-30' });
      const [row] = (await services.taskImports.apply(as(office), sheet(kept))).rows;
      const taskId = (row as { taskId: number }).taskId;
      // The reader marks a deadline that has passed by the time the file comes again.
      const pastDue = (date: string) => ({ row: 2, column: '完成时限', key: 'sheet-past-date', vars: { date, today: '2026-12-02' } });
      const later = (...tasks: NewTaskInput[]) => ({ fileName: '清单.xlsx', tasks: tasks.map((t, i) => ({ rows: [i + 2], input: t, pastDue: pastDue(t.dueDate) })), rejected: [] });
      expect(outcomes(await services.taskImports.apply(as(office), later(kept)))).toEqual([[2, 'unchanged']]);
      const plan = await services.taskImports.apply(as(office), later({ ...kept, dueDate: '2026-11-25' }, input({ title: '导入辛', dueDate: '2026-11-20' })));
      expect(plan.rows.map((r) => [r.rows[0], r.outcome, r.outcome === 'rejected' ? r.errors[0]!.key : null])).toEqual([
        [2, 'rejected', 'sheet-past-date'],
        [3, 'rejected', 'sheet-past-date'],
      ]);
      expect((await taskRow(taskId)).dueDate).toBe('2026-11-30');
      expect(await database.prisma.task.count({ where: { title: '导入辛' } })).toBe(0);
    });

    it.skipIf(!!backend.skipped)('keeps the sheet’s rejected rows and rejects what check() refuses, writing only the good rows', async () => {
      const rejected = [{ rows: [3, 4], title: '坏行', errors: [{ row: 4, column: '牵头单位', key: 'unit-unknown', vars: { name: '火星局' } }] }];
      const file = { fileName: 'a.xlsx', tasks: [{ rows: [2], input: input({ title: '导入戊' }) }, { rows: [5], input: input({ title: '导入己', dueDate: '2026-01-01' }) }], rejected };
      const plan = await services.taskImports.apply(as(office), file);
      expect(outcomes(plan)).toEqual([[2, 'added'], [3, 'rejected'], [5, 'rejected']]);
      expect(await database.prisma.task.count({ where: { title: { in: ['导入戊', '导入己', '坏行'] } } })).toBe(1);
    });
  });

  // ───────────────────────────── report ─────────────────────────────

  describe('report', () => {
    it.skipIf(!!backend.skipped)('sums amounts on a quota task, refuses what goes over it with the remainder, and moves open → in_progress', async () => {
      const task = await create();
      const code = `T${task.id}`;
      const cgLiaison = liaison(cg);
      const first = valueOf(await report(cgLiaison, task.id, cg, amount(4), [], '第一批'));
      expect(first).toMatchObject({ code, unitName: '城关镇', measure: '处', quota: 10, done: 4, ratio: 0.4, evidenceIds: [] });
      expect((await taskRow(task.id)).status).toBe('in_progress');

      clock = local('2026-11-21');
      expect(valueOf(await report(cgLiaison, task.id, cg, amount(3)))).toMatchObject({ done: 7, ratio: 0.7 });
      expect((await taskRow(task.id)).status).toBe('in_progress');
      expect(await writesNothing(() => report(cgLiaison, task.id, cg, amount(3.5)))).toEqual(
        refusal('report-over-quota', { code, quota: 10, remaining: 3, measure: '处' }),
      );
      expect(valueOf(await report(cgLiaison, task.id, cg, amount(3), [], '第三批'))).toMatchObject({ done: 10, ratio: 1 });
      expect(await writesNothing(() => report(cgLiaison, task.id, cg, amount(0.5)))).toEqual(
        refusal('report-over-quota', { code, quota: 10, remaining: 0, measure: '处' }),
      );

      const reports = await database.prisma.progressReport.findMany({ where: { taskId: task.id }, orderBy: { id: 'asc' } });
      expect(reports.map((r) => [r.unitId, r.amount, r.percent, r.reporterTelegramId, r.reporterName, r.createdAt])).toEqual([
        [cg.id, 4, null, cgLiaison.telegramId, '城关镇联络员', local(TODAY)],
        [cg.id, 3, null, cgLiaison.telegramId, '城关镇联络员', local('2026-11-21')],
        [cg.id, 3, null, cgLiaison.telegramId, '城关镇联络员', local('2026-11-21')],
      ]);
      const trail = await auditOf(task.id);
      expect(trail.map((a) => a.action)).toEqual(['task.create', 'task.report', 'task.report', 'task.report']);
      expect(trail[1]).toEqual({
        action: 'task.report',
        at: local(TODAY),
        actor: cgLiaison.telegramId,
        chat: -1004n,
        before: null,
        after: { unit: '城关镇', amount: 4, note: '第一批', evidence: 0 },
      });
      expect((await summary(task.id)).parts.find((p) => p.unitId === cg.id)).toMatchObject({ done: 10, ratio: 1 });
    });

    it.skipIf(!!backend.skipped)('reads a quota of amounts that do not add up exactly in binary (0.1 + 0.2 …) without refusing the last one', async () => {
      const task = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: 0.6 }] });
      for (const n of [0.1, 0.2, 0.3]) expect((await report(office, task.id, cg, amount(n))).ok).toBe(true);
    });

    it.skipIf(!!backend.skipped)('asks for a percent on a task without quota and an amount on one with, writing nothing', async () => {
      const counted = await create();
      const plain = await percentTask();
      expect(await writesNothing(() => report(office, plain.id, cg, amount(3)))).toEqual(refusal('report-needs-percent', { code: `T${plain.id}` }));
      expect(await writesNothing(() => report(office, counted.id, cg, percent(50)))).toEqual(
        refusal('report-needs-amount', { code: `T${counted.id}`, quota: 10, measure: '处' }),
      );
      expect(valueOf(await report(liaison(wz), plain.id, wz, percent(30)))).toMatchObject({ unitName: '王庄镇', quota: null, done: 30, ratio: 0.3 });
      clock = local('2026-11-21');
      expect(valueOf(await report(liaison(wz), plain.id, wz, percent(60)))).toMatchObject({ done: 60, ratio: 0.6 });
      // On the older task, the status was still open: both tasks are in progress now.
      expect((await taskRow(plain.id)).status).toBe('in_progress');
      expect((await taskRow(counted.id)).status).toBe('open');
    });

    it.skipIf(!!backend.skipped)('refuses a unit not assigned, another unit’s liaison, a member, an unknown task; lets an admin report for any unit', async () => {
      const task = await create();
      const code = `T${task.id}`;
      expect(await writesNothing(() => report(office, task.id, eco, amount(1)))).toEqual(refusal('task-not-assigned', { code }));
      expect(await writesNothing(() => report(liaison(eco), task.id, eco, amount(1)))).toEqual(refusal('task-not-assigned', { code }));
      expect(await writesNothing(() => report(liaison(wz), task.id, cg, amount(1)))).toEqual(refusal('task-not-your-unit'));
      expect(await writesNothing(() => report(member, task.id, cg, amount(1)))).toEqual(refusal('task-not-your-unit'));
      expect(await writesNothing(() => report(office, 987_654, cg, amount(1)))).toEqual(refusal('task-unknown', { code: 'T987654' }));
      expect(valueOf(await report(office, task.id, wz, amount(2)))).toMatchObject({ unitName: '王庄镇', done: 2, quota: 5, ratio: 0.4 });
      const [row] = await database.prisma.progressReport.findMany({ where: { taskId: task.id } });
      expect(row).toMatchObject({ unitId: wz.id, reporterTelegramId: 900n, amount: 2 });
    });

    it.skipIf(!!backend.skipped)('refuses a closed or cancelled task, writing nothing; takes a late addition on a done task', async () => {
      const closed = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: 10 }] });
      valueOf(await report(liaison(cg), closed.id, cg, amount(9)));
      valueOf(await done(office, closed.id, cg, '第10处已现场核实'));
      expect(valueOf(await report(liaison(cg), closed.id, cg, amount(1)))).toMatchObject({ done: 10, ratio: 1 });
      expect((await taskRow(closed.id)).status).toBe('done');
      valueOf(await services.tasks.decide(as(office), closed.id, 'close', null));
      expect(await writesNothing(() => report(liaison(cg), closed.id, cg, amount(1)))).toEqual(refusal('task-is-closed', { code: `T${closed.id}` }));

      const cancelled = await create();
      valueOf(await services.tasks.decide(as(office), cancelled.id, 'cancel', '重复立项'));
      expect(await writesNothing(() => report(office, cancelled.id, cg, amount(1)))).toEqual(refusal('task-is-cancelled', { code: `T${cancelled.id}` }));
    });

    it.skipIf(!!backend.skipped)('writes the evidence rows with the report', async () => {
      const task = await create();
      const files: EvidenceInput[] = [
        { kind: 'photo', fileId: 'AgACAgUAAx-photo', fileUniqueId: 'AQADphoto', fileName: null },
        { kind: 'document', fileId: 'BQACAgUAAx-doc', fileUniqueId: 'AQADdoc', fileName: '整改台账.xlsx' },
      ];
      const receipt = valueOf(await report(liaison(cg), task.id, cg, amount(2), files, '附照片'));
      expect(receipt.evidenceIds).toHaveLength(2);
      const rows = await database.prisma.evidence.findMany({ where: { id: { in: receipt.evidenceIds } }, orderBy: { id: 'asc' } });
      expect(rows.map((r) => ({ id: r.id, reportId: r.reportId, kind: r.kind, fileId: r.fileId, fileUniqueId: r.fileUniqueId, fileName: r.fileName, storedPath: r.storedPath, createdAt: r.createdAt }))).toEqual(
        files.map((f, i) => ({ id: receipt.evidenceIds[i], reportId: receipt.reportId, ...f, storedPath: null, createdAt: clock })),
      );
      expect((await auditOf(task.id)).at(-1)?.after).toEqual({ unit: '城关镇', amount: 2, note: '附照片', evidence: 2 });
      await services.tasks.keepEvidenceCopy(receipt.evidenceIds[0]!, '/data/evidence/1.jpg');
      expect((await database.prisma.evidence.findUniqueOrThrow({ where: { id: receipt.evidenceIds[0]! } })).storedPath).toBe('/data/evidence/1.jpg');
      // A refused report keeps none of its files.
      expect(await writesNothing(() => report(liaison(cg), task.id, cg, amount(50), files))).toMatchObject({ ok: false, error: { key: 'report-over-quota' } });
    });
  });

  // ───────────────────────────── markDone ─────────────────────────────

  describe('markDone', () => {
    it.skipIf(!!backend.skipped)('takes a cooperating unit’s part, blocks the lead until every cooperating unit is done, refuses twice', async () => {
      const task = await percentTask();
      const code = `T${task.id}`;
      const blockedBy = async () => {
        const result = await writesNothing(() => done(liaison(cg), task.id, cg));
        expect(result).toMatchObject({ ok: false, error: { key: 'done-blocked', vars: { code } } });
        return String((result as { error: UserError }).error.vars!.units).split('、').sort();
      };
      expect(await blockedBy()).toEqual(['王庄镇', '生态环境局'].sort());

      clock = local('2026-11-22');
      const part = valueOf(await done(liaison(wz), task.id, wz, null, '已完成排查'));
      expect(part.finished).toBe(false);
      expect(part.task.status).toBe('in_progress');
      expect(part.task.assignments.find((a) => a.unitId === wz.id)).toMatchObject({ doneAt: clock, doneNote: '已完成排查' });
      expect((await auditOf(task.id)).at(-1)).toEqual({
        action: 'task.part-done',
        at: clock,
        actor: liaison(wz).telegramId,
        chat: -1004n,
        before: { status: 'open' },
        after: { status: 'in_progress', unit: '王庄镇', note: '已完成排查' },
      });
      expect(await writesNothing(() => done(liaison(wz), task.id, wz))).toEqual(refusal('done-part-already', { code, unit: '王庄镇' }));
      expect(await blockedBy()).toEqual(['生态环境局']);
      expect(await writesNothing(() => done(liaison(eco), task.id, wz))).toEqual(refusal('task-not-your-unit'));

      valueOf(await done(liaison(eco), task.id, eco));
      const finished = valueOf(await done(liaison(cg), task.id, cg, null, '全部完成'));
      expect(finished.finished).toBe(true);
      expect(finished.task.status).toBe('done');
      expect((await auditOf(task.id)).at(-1)).toMatchObject({
        action: 'task.done',
        before: { status: 'in_progress' },
        after: { status: 'done', unit: '城关镇', note: '全部完成' },
      });
      expect(await writesNothing(() => done(liaison(cg), task.id, cg))).toEqual(refusal('task-already-done', { code }));
      expect(await writesNothing(() => done(office, task.id, cg, '再次确认'))).toEqual(refusal('task-already-done', { code }));
    });

    it.skipIf(!!backend.skipped)('accepts an admin’s override with a reason and audits it; refuses a non-admin’s', async () => {
      const task = await percentTask();
      expect(await writesNothing(() => done(liaison(cg), task.id, cg, '我说了算'))).toEqual(refusal('done-override-admin-only'));
      const result = valueOf(await done(office, task.id, cg, '配合单位已线下确认'));
      expect(result.finished).toBe(true);
      expect(result.task.status).toBe('done');
      expect(result.task.assignments.filter((a) => a.doneAt !== null).map((a) => a.unitId)).toEqual([cg.id]);
      expect((await auditOf(task.id)).at(-1)).toEqual({
        action: 'task.done',
        at: clock,
        actor: 900n,
        chat: -1004n,
        before: { status: 'open' },
        after: { status: 'done', unit: '城关镇', note: null, override: '配合单位已线下确认' },
      });
    });

    it.skipIf(!!backend.skipped)('lets a lead with no cooperating units finish straight away, without an override in the audit', async () => {
      const task = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: 10 }] });
      valueOf(await report(liaison(cg), task.id, cg, amount(10)));
      expect(valueOf(await done(liaison(cg), task.id, cg)).finished).toBe(true);
      expect((await auditOf(task.id)).at(-1)?.after).toEqual({ status: 'done', unit: '城关镇', note: null });
    });
  });

  // ───────────────────────────── extensions ─────────────────────────────

  describe('extensions', () => {
    it.skipIf(!!backend.skipped)('requests, approves, denies, and refuses what it must, writing nothing then', async () => {
      const task = await create();
      const code = `T${task.id}`;
      const request = (actor: Actor, unit: Unit, toDate: string, reason = '雨季施工受阻') =>
        services.tasks.requestExtension(as(actor), { taskId: task.id, unitId: unit.id, toDate, reason });

      expect(await writesNothing(() => request(liaison(cg), cg, '2026-11-30'))).toEqual(refusal('extend-not-later', { code, due: '2026-11-30' }));
      expect(await writesNothing(() => request(liaison(cg), cg, '2026-11-25'))).toEqual(refusal('extend-not-later', { code, due: '2026-11-30' }));
      expect(await writesNothing(() => request(liaison(wz), cg, '2026-12-10'))).toEqual(refusal('task-not-your-unit'));
      expect(await writesNothing(() => request(liaison(eco), eco, '2026-12-10'))).toEqual(refusal('task-not-assigned', { code }));

      const first = valueOf(await request(liaison(cg), cg, '2026-12-10'));
      expect(await database.prisma.extension.findUniqueOrThrow({ where: { id: first.extensionId } })).toMatchObject({
        taskId: task.id,
        unitId: cg.id,
        requestedByTelegramId: liaison(cg).telegramId,
        requestedByName: '城关镇联络员',
        requestChatId: -1004n,
        fromDate: '2026-11-30',
        toDate: '2026-12-10',
        reason: '雨季施工受阻',
        status: 'pending',
        decidedByTelegramId: null,
        decidedAt: null,
        createdAt: clock,
      });
      expect((await auditOf(task.id)).at(-1)).toMatchObject({
        action: 'task.extend-request',
        before: { dueDate: '2026-11-30' },
        after: { dueDate: '2026-12-10', unit: '城关镇', reason: '雨季施工受阻' },
      });
      // One pending request per task and unit; another unit may have its own.
      expect(await writesNothing(() => request(liaison(cg), cg, '2026-12-15'))).toEqual(refusal('extend-pending', { code }));
      const second = valueOf(await request(liaison(wz), wz, '2026-12-20'));

      // Only the office decides.
      expect(await writesNothing(() => services.tasks.decideExtension(as(liaison(cg)), first.extensionId, { approve: true }))).toEqual(
        refusal('errors-not-allowed-action'),
      );

      clock = local('2026-11-21');
      const approved = valueOf(await services.tasks.decideExtension(as(office), first.extensionId, { approve: true }));
      expect(approved).toMatchObject({ code, unitName: '城关镇', extension: { status: 'approved', decidedByTelegramId: 900n, decidedAt: clock } });
      // The asking unit's part moves; the task and the other unit stay on the original deadline.
      expect((await taskRow(task.id)).dueDate).toBe('2026-11-30');
      expect((await taskRow(task.id)).assignments.map((a) => [a.unitId, a.dueDate])).toEqual([
        [cg.id, '2026-12-10'],
        [wz.id, '2026-11-30'],
      ]);
      expect((await auditOf(task.id)).at(-1)).toEqual({
        action: 'task.extend-approved',
        at: clock,
        actor: 900n,
        chat: -1004n,
        before: { dueDate: '2026-11-30' },
        after: { dueDate: '2026-12-10', unit: '城关镇', reason: '雨季施工受阻' },
      });
      expect(await writesNothing(() => services.tasks.decideExtension(as(office), first.extensionId, { approve: true }))).toEqual(refusal('extend-decided', { code }));
      expect(await writesNothing(() => services.tasks.decideExtension(as(office), first.extensionId, { approve: false, reason: '理由不充分' }))).toEqual(refusal('extend-decided', { code }));

      // A denial needs a reason; without one nothing changes.
      expect(await writesNothing(() => services.tasks.decideExtension(as(office), second.extensionId, { approve: false, reason: '  ' }))).toEqual(
        refusal('extend-deny-reason-needed'),
      );
      // A denial states the denied unit's actual deadline, not the one another unit's extension gave.
      expect(valueOf(await services.tasks.decideExtension(as(office), second.extensionId, { approve: false, reason: '理由不充分' })).dueDate).toBe('2026-11-30');
      expect((await taskRow(task.id)).assignments.map((a) => a.dueDate)).toEqual(['2026-12-10', '2026-11-30']);
      expect((await database.prisma.extension.findUniqueOrThrow({ where: { id: second.extensionId } })).status).toBe('denied');
      expect((await auditOf(task.id)).at(-1)).toMatchObject({
        action: 'task.extend-denied',
        before: { dueDate: '2026-11-30' },
        after: { dueDate: '2026-11-30', unit: '王庄镇', reason: '理由不充分' },
      });
      expect(await writesNothing(() => services.tasks.decideExtension(as(office), second.extensionId, { approve: true }))).toEqual(refusal('extend-decided', { code }));
      expect(await writesNothing(() => services.tasks.decideExtension(as(office), 987_654, { approve: true }))).toEqual(refusal('extend-unknown'));

      // Decided, the unit may ask again, later than the new date.
      expect(await writesNothing(() => request(liaison(cg), cg, '2026-12-05'))).toEqual(refusal('extend-not-later', { code, due: '2026-12-10' }));
      expect((await request(liaison(cg), cg, '2026-12-12')).ok).toBe(true);
    });

    it.skipIf(!!backend.skipped)('refuses a request on a closed task', async () => {
      const task = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: null }] });
      valueOf(await done(office, task.id, cg));
      valueOf(await services.tasks.decide(as(office), task.id, 'close', null));
      expect(
        await writesNothing(() => services.tasks.requestExtension(as(liaison(cg)), { taskId: task.id, unitId: cg.id, toDate: '2026-12-31', reason: 'x' })),
      ).toEqual(refusal('task-is-closed', { code: `T${task.id}` }));
    });
  });

  // ───────────────────────────── decide ─────────────────────────────

  describe('decide', () => {
    it.skipIf(!!backend.skipped)('closes only a done task; reject sends it back and clears the lead’s done; reopen and cancel', async () => {
      const task = await create();
      const code = `T${task.id}`;
      const decide = (action: 'close' | 'reject' | 'reopen' | 'cancel', reason: string | null = null, actor = office) =>
        services.tasks.decide(as(actor), task.id, action, reason);

      expect(await writesNothing(() => decide('close'))).toEqual(refusal('task-not-done', { code }));
      expect(await writesNothing(() => decide('reject'))).toEqual(refusal('task-not-done', { code }));
      expect(await writesNothing(() => decide('reopen'))).toEqual(refusal('task-not-reopenable', { code }));
      expect(await writesNothing(() => decide('close', null, liaison(cg)))).toEqual(refusal('errors-not-allowed-action'));
      expect(await writesNothing(() => services.tasks.decide(as(office), 987_654, 'close', null))).toEqual(refusal('task-unknown', { code: 'T987654' }));

      valueOf(await report(liaison(cg), task.id, cg, amount(10)));
      expect(await writesNothing(() => decide('close'))).toEqual(refusal('task-not-done', { code }));
      valueOf(await report(liaison(wz), task.id, wz, amount(5)));
      valueOf(await done(liaison(wz), task.id, wz));
      valueOf(await done(liaison(cg), task.id, cg));

      clock = local('2026-11-23');
      const rejected = valueOf(await decide('reject', '台账不全'));
      expect(rejected.before).toBe('done');
      expect(rejected.task.status).toBe('in_progress');
      const parts = (await taskRow(task.id)).assignments;
      expect(parts.find((a) => a.unitId === cg.id)?.doneAt).toBeNull();
      expect(parts.find((a) => a.unitId === wz.id)?.doneAt).not.toBeNull();
      expect((await auditOf(task.id)).at(-1)).toEqual({
        action: 'task.reject',
        at: clock,
        actor: 900n,
        chat: -1004n,
        before: { status: 'done' },
        after: { status: 'in_progress', reason: '台账不全' },
      });
      expect(await writesNothing(() => decide('close'))).toEqual(refusal('task-not-done', { code }));

      valueOf(await done(liaison(cg), task.id, cg));
      const closed = valueOf(await decide('close'));
      expect([closed.before, closed.task.status]).toEqual(['done', 'closed']);
      expect(await writesNothing(() => decide('close'))).toEqual(refusal('task-is-closed', { code }));
      expect(await writesNothing(() => decide('cancel'))).toEqual(refusal('task-is-closed', { code }));

      const reopened = valueOf(await decide('reopen', '群众再次举报'));
      expect([reopened.before, reopened.task.status]).toEqual(['closed', 'in_progress']);
      expect(reopened.task.assignments.find((a) => a.unitId === cg.id)?.doneAt).toBeNull();

      const cancelled = valueOf(await decide('cancel', '并入T1'));
      expect([cancelled.before, cancelled.task.status]).toEqual(['in_progress', 'cancelled']);
      expect(await writesNothing(() => decide('cancel'))).toEqual(refusal('task-is-cancelled', { code }));
      expect(valueOf(await decide('reopen')).task.status).toBe('in_progress');

      expect((await auditOf(task.id)).map((a) => a.action)).toEqual([
        'task.create',
        'task.report',
        'task.report',
        'task.part-done',
        'task.done',
        'task.reject',
        'task.done',
        'task.close',
        'task.reopen',
        'task.cancel',
        'task.reopen',
      ]);
    });

    it.skipIf(!!backend.skipped)('cancels an open or a done task', async () => {
      const open = await create();
      expect(valueOf(await services.tasks.decide(as(office), open.id, 'cancel', null)).task.status).toBe('cancelled');
      const finished = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: null }] });
      valueOf(await done(office, finished.id, cg));
      expect(valueOf(await services.tasks.decide(as(office), finished.id, 'cancel', null)).task.status).toBe('cancelled');
    });
  });

  // ───────────────────────────── edit ─────────────────────────────

  describe('edit', () => {
    it.skipIf(!!backend.skipped)('edits title, dates not in the past, committee and quotas of assigned units, auditing before and after', async () => {
      const task = await create();
      const code = `T${task.id}`;
      const edit = (change: Parameters<Services['tasks']['edit']>[2], actor = office) => services.tasks.edit(as(actor), task.id, change);

      expect(await writesNothing(() => edit({ field: 'title', value: '别人改的' }, liaison(cg)))).toEqual(refusal('errors-not-allowed-action'));
      expect(valueOf(await edit({ field: 'title', value: '整治城区及城郊黑臭水体' })).title).toBe('整治城区及城郊黑臭水体');
      expect((await auditOf(task.id)).at(-1)).toEqual({
        action: 'task.edit',
        at: clock,
        actor: 900n,
        chat: -1004n,
        before: { title: '整治城区黑臭水体' },
        after: { title: '整治城区及城郊黑臭水体' },
      });

      expect(await writesNothing(() => edit({ field: 'dueDate', value: '2026-11-19', unitId: null, reason: null }))).toEqual(refusal('task-due-in-past', { date: '2026-11-19' }));
      expect(valueOf(await edit({ field: 'dueDate', value: TODAY, unitId: null, reason: null })).dueDate).toBe(TODAY);
      expect((await auditOf(task.id)).at(-1)).toMatchObject({ before: { dueDate: '2026-11-30' }, after: { dueDate: TODAY } });

      expect(valueOf(await edit({ field: 'committeeId', value: air })).committeeId).toBe(air);
      expect((await auditOf(task.id)).at(-1)).toMatchObject({ before: { committeeId: water }, after: { committeeId: air } });
      expect(valueOf(await edit({ field: 'description', value: null })).description).toBeNull();

      // A quota list naming a unit without a part changes nothing, not even the units that have one.
      expect(
        await writesNothing(() =>
          edit({
            field: 'quota',
            value: [
              { unitId: cg.id, quota: 20 },
              { unitId: dt.id, quota: 5 },
            ],
          }),
        ),
      ).toEqual(refusal('edit-quota-not-assigned', { code }));
      const edited = valueOf(
        await edit({
          field: 'quota',
          value: [
            { unitId: cg.id, quota: 20 },
            { unitId: wz.id, quota: null },
          ],
        }),
      );
      expect(edited.assignments.map((a) => [a.unitId, a.quota]).sort()).toEqual(
        [
          [cg.id, 20],
          [wz.id, null],
        ].sort(),
      );
      expect((await auditOf(task.id)).at(-1)).toMatchObject({
        action: 'task.edit',
        before: {
          quota: [
            { unit: '城关镇', quota: 10 },
            { unit: '王庄镇', quota: 5 },
          ],
        },
        after: {
          quota: [
            { unitId: cg.id, quota: 20 },
            { unitId: wz.id, quota: null },
          ],
        },
      });
      // 王庄镇 now reports in percent.
      expect((await report(liaison(wz), task.id, wz, percent(50))).ok).toBe(true);

      valueOf(await services.tasks.decide(as(office), task.id, 'cancel', null));
      expect(await writesNothing(() => edit({ field: 'title', value: '取消后修改' }))).toEqual(refusal('task-is-cancelled', { code }));
      expect(await writesNothing(() => services.tasks.edit(as(office), 987_654, { field: 'title', value: 'x' }))).toEqual(
        refusal('task-unknown', { code: 'T987654' }),
      );
    });
  });

  // ───────────────────────────── queries ─────────────────────────────

  describe('queries', () => {
    it.skipIf(!!backend.skipped)('lights and overdue days follow the clock: yellow on the due day, red the day after, back after an extension', async () => {
      const task = await create({ dueDate: '2026-11-30' });
      const at = async (instant: Date) => {
        clock = instant;
        const s = await summary(task.id);
        return [s.light, s.overdueDays];
      };
      expect(await at(local('2026-11-20'))).toEqual(['green', 0]);
      expect(await at(local('2026-11-26', '23:59:00'))).toEqual(['green', 0]);
      expect(await at(local('2026-11-27', '00:01:00'))).toEqual(['yellow', 0]);
      expect(await at(local('2026-11-30', '00:00:00'))).toEqual(['yellow', 0]);
      expect(await at(local('2026-11-30', '23:59:59'))).toEqual(['yellow', 0]);
      expect(await at(local('2026-12-01', '00:00:01'))).toEqual(['red', 1]);
      expect(await at(local('2026-12-03'))).toEqual(['red', 3]);

      const requested = valueOf(await services.tasks.requestExtension(as(liaison(cg)), { taskId: task.id, unitId: cg.id, toDate: '2026-12-05', reason: '设备未到' }));
      expect(await at(local('2026-12-03'))).toEqual(['red', 3]);
      valueOf(await services.tasks.decideExtension(as(office), requested.extensionId, { approve: true }));
      // 城关镇's part turns back from red; 王庄镇 stays red on the original deadline, and so does the task.
      expect(await at(local('2026-12-03'))).toEqual(['red', 3]);
      const parts = async () => (await summary(task.id)).parts.map((p) => [p.unitName, p.dueDate, p.light, p.overdueDays]);
      expect(await parts()).toEqual([
        ['城关镇', '2026-12-05', 'yellow', 0],
        ['王庄镇', '2026-11-30', 'red', 3],
      ]);
      expect(await at(local('2026-12-06'))).toEqual(['red', 6]);
      expect(await parts()).toEqual([
        ['城关镇', '2026-12-05', 'red', 1],
        ['王庄镇', '2026-11-30', 'red', 6],
      ]);

      valueOf(await done(office, task.id, cg, '已验收'));
      expect(await at(local('2026-12-06'))).toEqual(['done', 0]);
      // Finished late, each part keeps the days it was late when the task was finished.
      clock = local('2026-12-20');
      expect(await parts()).toEqual([
        ['城关镇', '2026-12-05', 'done', 1],
        ['王庄镇', '2026-11-30', 'done', 6],
      ]);
    });

    it.skipIf(!!backend.skipped)('sums amounts against quotas, and takes the latest percent without', async () => {
      const counted = await create({
        assignments: [
          { unitId: cg.id, role: 'lead', quota: 10 },
          { unitId: wz.id, role: 'cooperating', quota: 5 },
          { unitId: eco.id, role: 'cooperating', quota: null },
        ],
      });
      valueOf(await report(liaison(cg), counted.id, cg, amount(4)));
      clock = local('2026-11-21');
      valueOf(await report(liaison(cg), counted.id, cg, amount(3)));
      valueOf(await report(liaison(wz), counted.id, wz, amount(5)));
      valueOf(await report(liaison(eco), counted.id, eco, percent(10)));
      const s = await summary(counted.id);
      // Every part weighs the same: (0.7 + 1 + 0.1) / 3.
      expect(s.progress).toBeCloseTo(0.6, 10);
      expect(s.parts.map((p) => [p.unitName, p.role, p.quota, p.done, p.ratio, p.lastReportAt])).toEqual([
        ['城关镇', 'lead', 10, 7, 0.7, local('2026-11-21')],
        ['王庄镇', 'cooperating', 5, 5, 1, local('2026-11-21')],
        ['生态环境局', 'cooperating', null, 10, 0.1, local('2026-11-21')],
      ]);

      const plain = await percentTask();
      clock = local('2026-11-21');
      valueOf(await report(liaison(cg), plain.id, cg, percent(30)));
      valueOf(await report(liaison(wz), plain.id, wz, percent(20)));
      clock = local('2026-11-22');
      valueOf(await report(liaison(cg), plain.id, cg, percent(60)));
      const p = await summary(plain.id);
      // 生态环境局 never reported: it counts 0, (0.6 + 0.2 + 0) / 3.
      expect(p.progress).toBeCloseTo(0.8 / 3, 10);
      expect(p.parts.map((x) => [x.unitName, x.done, x.ratio, x.lastReportAt])).toEqual([
        ['城关镇', 60, 0.6, local('2026-11-22')],
        ['王庄镇', 20, 0.2, local('2026-11-21')],
        ['生态环境局', 0, null, null],
      ]);
      // A later, smaller percent is still the latest.
      clock = local('2026-11-23');
      valueOf(await report(liaison(cg), plain.id, cg, percent(50)));
      expect((await summary(plain.id)).parts[0]).toMatchObject({ done: 50, ratio: 0.5 });
    });

    it.skipIf(!!backend.skipped)('orders by urgency and filters by unit, overdue and finished', async () => {
      const only = (over: Partial<NewTaskInput>) => create({ assignments: [{ unitId: dt.id, role: 'lead', quota: null }], ...over });
      const overdue3 = await only({ title: '逾期三天', dueDate: '2026-11-20' });
      const overdue1 = await only({ title: '逾期一天', dueDate: '2026-11-22' });
      const yellow = await only({ title: '临期', dueDate: '2026-11-25' });
      const green = await only({ title: '未到期', dueDate: '2026-12-10' });
      const finished = await only({ title: '已完成', dueDate: '2026-11-21' });
      const closed = await only({ title: '已销号', dueDate: '2026-11-21' });
      const cancelled = await only({ title: '已取消', dueDate: '2026-11-21' });
      const elsewhere = await create({ title: '其他单位', dueDate: '2026-11-21' });
      valueOf(await done(office, finished.id, dt));
      valueOf(await done(office, closed.id, dt));
      valueOf(await services.tasks.decide(as(office), closed.id, 'close', null));
      valueOf(await services.tasks.decide(as(office), cancelled.id, 'cancel', null));
      valueOf(await report(liaison(dt), overdue1.id, dt, percent(10)));

      clock = local('2026-11-23');
      const ids = [green, finished, yellow, overdue1, overdue3, closed, cancelled, elsewhere].map((t) => t.id);
      const codes = (list: { id: number; light: string; overdueDays: number }[]) => list.map((s) => [s.id, s.light, s.overdueDays]);
      const unitFiltered = await services.tasks.queries.summaries({ unitId: dt.id });
      expect(codes(unitFiltered)).toEqual([
        [overdue3.id, 'red', 3],
        [overdue1.id, 'red', 1],
        [yellow.id, 'yellow', 0],
        [green.id, 'green', 0],
        [finished.id, 'done', 0],
      ]);
      expect(codes(await services.tasks.queries.summaries({ unitId: dt.id, includeFinished: true }))).toEqual([
        [overdue3.id, 'red', 3],
        [overdue1.id, 'red', 1],
        [yellow.id, 'yellow', 0],
        [green.id, 'green', 0],
        [finished.id, 'done', 0],
        [closed.id, 'done', 0],
        [cancelled.id, 'done', 0],
      ]);
      expect(codes(await services.tasks.queries.summaries({ taskIds: ids, overdueOnly: true }))).toEqual([
        [overdue3.id, 'red', 3],
        [elsewhere.id, 'red', 2],
        [overdue1.id, 'red', 1],
      ]);
      expect(codes(await services.tasks.queries.summaries({ taskIds: ids, overdueOnly: true, unitId: dt.id }))).toEqual([
        [overdue3.id, 'red', 3],
        [overdue1.id, 'red', 1],
      ]);
      expect((await services.tasks.queries.summaries({ taskIds: ids, committeeId: air })).length).toBe(0);
      expect((await services.tasks.queries.summaries({ taskIds: [elsewhere.id], committeeId: water })).map((s) => s.committee)).toEqual(['水']);
    });

    it.skipIf(!!backend.skipped)('missing() lists a unit silent for staleDays, not before, and not a unit whose part is done', async () => {
      const task = await percentTask({
        committeeId: air,
        assignments: [
          { unitId: dc.id, role: 'lead', quota: null },
          { unitId: xc.id, role: 'cooperating', quota: null },
          { unitId: kfq.id, role: 'cooperating', quota: null },
        ],
      });
      const code = `T${task.id}`;
      const silent = async (instant: Date) => {
        clock = instant;
        const list = await services.tasks.queries.missing();
        return list.flatMap((c) => c.units.filter((u) => u.tasks.includes(code)).map((u) => `${c.committee}:${u.unitName}`)).sort();
      };
      expect(config.rules.staleDays).toBe(7);
      clock = local('2026-11-23');
      valueOf(await report(liaison(xc), task.id, xc, percent(40)));
      clock = local('2026-11-24');
      valueOf(await done(liaison(kfq), task.id, kfq));

      expect(await silent(local('2026-11-26', '23:59:59'))).toEqual([]);
      expect(await silent(local('2026-11-27', '00:00:01'))).toEqual(['大气:东城街道']);
      expect(await silent(local('2026-11-29', '23:59:59'))).toEqual(['大气:东城街道']);
      expect(await silent(local('2026-11-30', '00:00:01'))).toEqual(['大气:东城街道', '大气:西城街道'].sort());

      // Once the lead finished the task, nobody is chased for it.
      valueOf(await done(office, task.id, dc, '已验收'));
      expect(await silent(local('2026-12-05'))).toEqual([]);
    });
  });

  // ───────────────────────────── concurrency ─────────────────────────────

  // ───────────────────────────── numbers an office can trust ─────────────────────────────

  describe('numbers an office can trust', () => {
    it.skipIf(!!backend.skipped)("an edit moves the task's deadline with the parts still on it, or one unit's part alone, with the reason in the history", async () => {
      const task = await create();
      const code = `T${task.id}`;
      const edit = (value: string, unit: Unit | null, reason: string | null) =>
        services.tasks.edit(as(office), task.id, { field: 'dueDate', value, unitId: unit?.id ?? null, reason });
      const deadlines = async () => (await taskRow(task.id)).assignments.map((a) => a.dueDate);

      valueOf(await edit('2026-12-04', wz, '省厅同意王庄镇顺延'));
      expect((await taskRow(task.id)).dueDate).toBe('2026-11-30');
      expect(await deadlines()).toEqual(['2026-11-30', '2026-12-04']);
      expect((await auditOf(task.id)).at(-1)).toMatchObject({ action: 'task.edit', actor: 900n, at: clock, before: { dueDate: '2026-11-30' }, after: { dueDate: '2026-12-04', unit: '王庄镇', reason: '省厅同意王庄镇顺延' } });

      // The task's deadline moves 城关镇, still on it; 王庄镇 keeps its own.
      valueOf(await edit('2026-12-02', null, '县政府调整'));
      expect((await taskRow(task.id)).dueDate).toBe('2026-12-02');
      expect(await deadlines()).toEqual(['2026-12-02', '2026-12-04']);
      expect((await auditOf(task.id)).at(-1)).toMatchObject({ before: { dueDate: '2026-11-30' }, after: { dueDate: '2026-12-02', units: ['城关镇'], reason: '县政府调整' } });

      expect(await writesNothing(() => edit('2026-12-09', eco, null))).toEqual(refusal('task-not-assigned', { code }));
      expect(await writesNothing(() => edit('2026-11-01', wz, null))).toEqual(refusal('task-due-in-past', { date: '2026-11-01' }));

      // The history shows each change with who, when and why.
      const detail = (await services.tasks.queries.detail(task.id))!;
      const trail = renderTaskDetail(translate, detail, TODAY, config.timeZone);
      expect(trail).toContain('王庄镇完成时限 2026-11-30 → 2026-12-04，理由：省厅同意王庄镇顺延');
      expect(trail).toContain('任务完成时限 2026-11-30 → 2026-12-02（随同调整：城关镇），理由：县政府调整');
      expect(trail).toContain('• 🟢 王庄镇（配合）时限 2026-12-04 还有 14 天');
    });

    it.skipIf(!!backend.skipped)('done means done: a part with its quota unmet is refused with what is left, unless the office marks it done with a reason', async () => {
      const task = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: 8 }], measure: '村' });
      const code = `T${task.id}`;
      valueOf(await report(liaison(cg), task.id, cg, amount(3)));
      expect(await writesNothing(() => done(liaison(cg), task.id, cg))).toEqual(
        refusal('done-quota-unmet', { code, unit: '城关镇', done: 3, quota: 8, remaining: 5, measure: '村' }),
      );
      expect(await writesNothing(() => done(office, task.id, cg))).toMatchObject({ ok: false, error: { key: 'done-quota-unmet' } });
      expect(await writesNothing(() => done(liaison(cg), task.id, cg, '我说了算'))).toEqual(refusal('done-override-admin-only'));

      valueOf(await done(office, task.id, cg, '其余5村并入新任务'));
      const part = (await summary(task.id)).parts[0]!;
      // The part counts as done, but keeps what was counted, and the office's reason.
      expect([part.done, part.quota, part.ratio, part.doneOverride]).toEqual([3, 8, 1, '其余5村并入新任务']);
      expect((await auditOf(task.id)).at(-1)?.after).toEqual({ status: 'done', unit: '城关镇', note: null, override: '其余5村并入新任务' });
      const shown = renderTaskDetail(translate, (await services.tasks.queries.detail(task.id))!, TODAY, config.timeZone);
      expect(shown).toContain('已完成 3/8村（100%）');
      expect(shown).toContain('办公室认定完成：其余5村并入新任务');

      // Met, the quota is done without a word from the office; a done percent part is 100%.
      const met = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: 2 }] });
      valueOf(await report(liaison(cg), met.id, cg, amount(2)));
      expect(valueOf(await done(liaison(cg), met.id, cg)).finished).toBe(true);
      const plain = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: null }], measure: null });
      valueOf(await report(liaison(cg), plain.id, cg, percent(60)));
      valueOf(await done(liaison(cg), plain.id, cg));
      expect((await summary(plain.id)).parts[0]).toMatchObject({ done: 100, ratio: 1 });
    });

    it.skipIf(!!backend.skipped)("a silent unit counts as zero in a task's progress", async () => {
      const units = [cg, wz, eco, dt, kfq];
      const task = await create({ measure: null, assignments: units.map((u, i) => ({ unitId: u.id, role: i === 0 ? 'lead' : 'cooperating', quota: null })) });
      valueOf(await report(liaison(cg), task.id, cg, percent(100)));
      expect((await summary(task.id)).progress).toBeCloseTo(0.2, 10);
    });

    it.skipIf(!!backend.skipped)('the on-time rate is over the parts whose deadline has come, and a finished part is never red', async () => {
      clock = local('2026-11-20');
      const ll = valueOf(await services.org.resolveUnit('柳林镇'));
      const hd = valueOf(await services.org.resolveUnit('河东乡'));
      const qy = valueOf(await services.org.resolveUnit('前营乡'));
      const digestAt = () => services.digests.compute(clock, local('2026-11-01'));
      clock = local('2026-11-27');
      const before = (await digestAt()).totals;
      clock = local('2026-11-20');
      const task = await create({
        dueDate: '2026-11-25',
        measure: null,
        assignments: [
          { unitId: ll.id, role: 'lead', quota: null },
          { unitId: hd.id, role: 'cooperating', quota: null },
          { unitId: qy.id, role: 'cooperating', quota: null },
        ],
      });
      clock = local('2026-11-24');
      valueOf(await done(office, task.id, hd)); // on time
      clock = local('2026-11-27');
      // 前营乡 has its own, later deadline: not judged yet.
      const request = valueOf(await services.tasks.requestExtension(as(office), { taskId: task.id, unitId: qy.id, toDate: '2026-12-05', reason: '设备未到' }));
      valueOf(await services.tasks.decideExtension(as(office), request.extensionId, { approve: true }));
      const after = (await digestAt()).totals;
      // Due: 柳林镇 (open, 2 days late) and 河东乡 (finished on time): one of two.
      expect([after.onTimeDue - before.onTimeDue, after.onTime - before.onTime]).toEqual([2, 1]);
      expect(after.red - before.red).toBe(1);
      const parts = (await summary(task.id)).parts.map((p) => [p.unitName, p.light, p.overdueDays]);
      expect(parts).toEqual([
        ['柳林镇', 'red', 2],
        ['河东乡', 'done', 0],
        ['前营乡', 'green', 0],
      ]);
      const hdTasks = await services.tasks.queries.summaries({ unitId: hd.id });
      expect(taskLine(translate, hdTasks.find((x) => x.id === task.id)!, hd.id)).toMatch(/^✅ .*时限 2026-11-25（已完成）/u);
    });
  });

  describe('corrections', () => {
    const corrections = () => services.corrections;
    const last = (taskId: number, unit: Unit) => ({ kind: 'last' as const, taskId, unitId: unit.id });

    it.skipIf(!!backend.skipped)("a liaison corrects or withdraws the unit's last report within the window, not after; totals follow", async () => {
      const task = await create();
      const code = `T${task.id}`;
      valueOf(await report(liaison(cg), task.id, cg, amount(1), [], '南屯村已验收'));
      valueOf(await report(liaison(cg), task.id, cg, amount(13 - 10)));
      // A typo: 3 meant 2. Corrected, the total follows.
      expect(await writesNothing(() => corrections().correct(as(liaison(cg)), last(task.id, cg), amount(20), null))).toEqual(
        refusal('report-over-quota', { code, quota: 10, remaining: 9, measure: '处' }),
      );
      expect(await writesNothing(() => corrections().correct(as(liaison(wz)), last(task.id, cg), amount(2), null))).toEqual(refusal('task-not-your-unit'));
      const fixed = valueOf(await corrections().correct(as(liaison(cg)), last(task.id, cg), amount(2), '笔误'));
      expect(fixed).toMatchObject({ code, unitName: '城关镇', before: { kind: 'amount', amount: 3 }, after: { kind: 'amount', amount: 2 } });
      expect((await summary(task.id)).parts[0]).toMatchObject({ done: 3, ratio: 0.3 });
      expect((await auditOf(task.id)).at(-1)).toMatchObject({ action: 'task.report-corrected', actor: liaison(cg).telegramId, before: { amount: 3 }, after: { amount: 2, unit: '城关镇', reason: '笔误' } });

      // Withdrawn, it counts for nothing; the one before becomes the last.
      valueOf(await corrections().withdraw(as(liaison(cg)), last(task.id, cg), null));
      expect((await summary(task.id)).parts[0]).toMatchObject({ done: 1 });
      clock = new Date(clock.getTime() + 25 * 3_600_000);
      expect(await writesNothing(() => corrections().withdraw(as(liaison(cg)), last(task.id, cg), null))).toEqual(refusal('correct-window-passed', { code, hours: 24 }));
      expect(await writesNothing(() => corrections().withdraw(as(liaison(wz)), last(task.id, wz), null))).toEqual(refusal('correct-nothing', { code }));

      // The office corrects any report, with a reason; by number.
      const first = (await database.prisma.progressReport.findFirstOrThrow({ where: { taskId: task.id, unitId: cg.id, withdrawnAt: null } })).id;
      expect(await writesNothing(() => corrections().correct(as(liaison(cg)), { kind: 'id', reportId: first }, amount(2), '改'))).toEqual(refusal('correct-office-only'));
      expect(await writesNothing(() => corrections().correct(as(office), { kind: 'id', reportId: first }, amount(2), null))).toEqual(refusal('correct-needs-reason'));
      valueOf(await corrections().correct(as(office), { kind: 'id', reportId: first }, amount(2), '核实为2处'));
      expect((await summary(task.id)).parts[0]).toMatchObject({ done: 2 });
      const shown = renderTaskDetail(translate, (await services.tasks.queries.detail(task.id))!, TODAY, config.timeZone);
      expect(shown).toContain(`R${first}`);
      expect(shown).toContain('（已更正：核实为2处）');
      expect(shown).toContain('（已撤回）');
      expect(shown).toContain(`更正汇报：R${first} 城关镇 +1 → +2，理由：核实为2处`);
    });

    it.skipIf(!!backend.skipped)('an identical report within 10 minutes asks for confirmation instead of counting twice', async () => {
      const task = await create();
      const code = `T${task.id}`;
      valueOf(await report(liaison(wz), task.id, wz, amount(1), [], '南屯村已验收'));
      clock = new Date(clock.getTime() + 9 * 60_000);
      expect(await writesNothing(() => report(liaison(wz), task.id, wz, amount(1), [], '南屯村已验收'))).toEqual(refusal('report-duplicate', { code, minutes: 10 }));
      // Confirmed, it counts; a different note or amount is not a duplicate.
      valueOf(await services.tasks.report(as(liaison(wz)), { taskId: task.id, unitId: wz.id, value: amount(1), note: '南屯村已验收', evidence: [], confirmedDuplicate: true }));
      valueOf(await report(liaison(wz), task.id, wz, amount(1), [], '北屯村已验收'));
      expect((await summary(task.id)).parts[1]).toMatchObject({ done: 3 });
      clock = new Date(clock.getTime() + 11 * 60_000);
      valueOf(await report(liaison(wz), task.id, wz, amount(1), [], '北屯村已验收'));
      expect((await summary(task.id)).parts[1]).toMatchObject({ done: 4 });
    });
  });

  describe('the ledger keeps history', () => {
    it.skipIf(!!backend.skipped)("each part's own deadline, the original when extended, when it finished, days late at completion, 销号 and 已取消", async () => {
      const task = await create({ description: '城区 10 处黑臭水体，11月底前完成', measure: null, assignments: [
        { unitId: cg.id, role: 'lead', quota: null },
        { unitId: wz.id, role: 'cooperating', quota: null },
      ] });
      const cancelled = await create({ title: '重复导入的任务' });
      const request = valueOf(await services.tasks.requestExtension(as(liaison(wz)), { taskId: task.id, unitId: wz.id, toDate: '2026-12-04', reason: '雨雪天气' }));
      valueOf(await services.tasks.decideExtension(as(office), request.extensionId, { approve: true }));
      clock = local('2026-12-03');
      valueOf(await done(liaison(wz), task.id, wz)); // on time by its own deadline
      clock = local('2026-12-06');
      valueOf(await done(liaison(cg), task.id, cg)); // 6 days late
      clock = local('2026-12-07');
      valueOf(await services.tasks.decide(as(office), task.id, 'close', null));
      valueOf(await services.tasks.decide(as(office), cancelled.id, 'cancel', '重复导入'));

      clock = local('2026-12-20');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await services.ledger.workbook(translate, '台账')) as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('台账')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      const rows = (sheet.getSheetValues().slice(2) as unknown[][]).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i + 1] ?? null])));
      const of = (code: string, unit: string) => rows.find((r) => r['任务编号'] === code && r['责任单位'] === unit)!;
      const day = (d: unknown) => (d as Date).toISOString().slice(0, 16);

      const lead = of(`T${task.id}`, '城关镇');
      expect([lead['状态'], lead['灯号'], day(lead['完成时限']), lead['原完成时限'], lead['逾期天数'], day(lead['完成时间']), day(lead['销号时间'])]).toEqual([
        '已销号', '已完成', '2026-11-30T00:00', null, 6, '2026-12-06T10:00', '2026-12-07T10:00',
      ]);
      expect([lead['任务说明'], lead['配合单位']]).toEqual(['城区 10 处黑臭水体，11月底前完成', '王庄镇']);
      const coop = of(`T${task.id}`, '王庄镇');
      expect([day(coop['完成时限']), day(coop['原完成时限']), coop['逾期天数'], day(coop['完成时间'])]).toEqual(['2026-12-04T00:00', '2026-11-30T00:00', 0, '2026-12-03T10:00']);
      expect(coop['延期记录']).toBe('2026-11-30→2026-12-04 已批准');
      const gone = of(`T${cancelled.id}`, '城关镇');
      expect([gone['状态'], gone['灯号'], gone['逾期天数']]).toEqual(['已取消', '已取消', 0]);
    });
  });

  /**
   * Records the names of the named statements run on the pool (Prisma's own are not named) into `names`, passing
   * every call on as it came (pg calls it with callbacks too); returns the pool's own query, to put back.
   */
  const recordNamed = (pool: pg.Pool, names: string[]): typeof pool.query => {
    const query = pool.query;
    pool.query = function (this: pg.Pool, ...args: unknown[]) {
      const config = args[0] as pg.QueryConfig;
      if (typeof config === 'object' && config.name) names.push(config.name);
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pool.query;
    return query;
  };

  describe('concurrency', () => {
    it.skipIf(!!backend.skipped)('two reports racing on one quota never together exceed it', async () => {
      const task = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: 10 }] });
      const results = await Promise.all([report(liaison(cg), task.id, cg, amount(6)), report(office, task.id, cg, amount(6))]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([refusal('report-over-quota', { code: `T${task.id}`, quota: 10, remaining: 4, measure: '处' })]);
      const sum = await database.prisma.progressReport.aggregate({ where: { taskId: task.id }, _sum: { amount: true }, _count: true });
      expect([sum._sum.amount, sum._count]).toEqual([6, 1]);
      expect((await auditOf(task.id)).filter((a) => a.action === 'task.report')).toHaveLength(1);
    });

    it.skipIf(!!backend.skipped)('eight reports racing on one quota fill it exactly as far as they fit', async () => {
      const task = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: 10 }] });
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => report(i % 2 ? office : liaison(cg), task.id, cg, amount(3), [], `第${i + 1}批`)));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      const sum = await database.prisma.progressReport.aggregate({ where: { taskId: task.id }, _sum: { amount: true } });
      expect(sum._sum.amount).toBe(9);
      expect((await summary(task.id)).status).toBe('in_progress');
    });

    it.skipIf(!!backend.skipped)('the same report sent eight times at once counts once', async () => {
      const task = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: 10 }] });
      const results = await Promise.all(Array.from({ length: 8 }, () => report(liaison(cg), task.id, cg, amount(1), [], '南屯村已验收')));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => (r as { error: UserError }).error.key)).toEqual(Array(7).fill('report-duplicate'));
      expect((await summary(task.id)).parts[0]).toMatchObject({ done: 1 });
    });

    it.skipIf(backend.name !== 'PostgreSQL' || !!backend.skipped)('a percent report is one statement, refusals included; a quota report reads and writes under the lock', async () => {
      const task = await percentTask();
      const quota = await create({ assignments: [{ unitId: cg.id, role: 'lead', quota: 10 }] });
      const pool = poolOf(database.prisma)!;
      const names: string[] = [];
      const nameOf = (config: unknown) => (typeof config === 'string' ? config : ((config as pg.QueryConfig).name ?? (config as pg.QueryConfig).text));
      const query = recordNamed(pool, names);
      const connect = pool.connect;
      // And every statement of a connection taken for the locked way. pg calls these with callbacks too:
      // everything is passed on as it came.
      pool.connect = function (this: pg.Pool, ...args: unknown[]) {
        if (args.length > 0) return (connect as (...a: unknown[]) => unknown).apply(this, args);
        return ((connect as (...a: unknown[]) => Promise<pg.PoolClient>).call(this)).then((client) => {
          const clientQuery = client.query;
          client.query = function (this: pg.PoolClient, ...a: unknown[]) {
            names.push(nameOf(a[0]));
            return (clientQuery as (...b: unknown[]) => unknown).apply(this, a);
          } as typeof client.query;
          const release = client.release;
          client.release = function (this: pg.PoolClient, ...a: unknown[]) {
            client.query = clientQuery;
            client.release = release;
            return (release as (...b: unknown[]) => unknown).apply(this, a);
          } as typeof client.release;
          return client;
        });
      } as typeof pool.connect;
      const percent = (n: number) => ({ kind: 'percent' as const, percent: n });
      try {
        expect((await report(liaison(cg), task.id, cg, percent(40))).ok).toBe(true);
        expect(names.splice(0)).toEqual(['report-at-once']);
        expect(await report(liaison(wz), task.id, cg, percent(50))).toEqual(refusal('task-not-your-unit'));
        expect((await report(liaison(cg), task.id, cg, percent(40))).ok).toBe(false);
        await database.prisma.task.update({ where: { id: task.id }, data: { status: 'closed' } });
        expect(await report(liaison(cg), task.id, cg, percent(60))).toEqual(refusal('task-is-closed', { code: `T${task.id}` }));
        expect(names.splice(0)).toEqual(['report-at-once', 'report-at-once', 'report-at-once']);
        expect((await report(liaison(cg), quota.id, cg, amount(2))).ok).toBe(true);
        expect(names.splice(0)).toEqual(['BEGIN', 'report-lock', 'report-part', 'report-write', 'COMMIT']);
      } finally {
        pool.query = query;
        pool.connect = connect;
      }
      expect(await database.prisma.progressReport.count({ where: { taskId: task.id } })).toBe(1);
      // The audit row as the other path writes it, to the character.
      const audits = await database.prisma.auditLog.findMany({ where: { action: 'task.report', entityId: String(task.id) } });
      expect(audits.map((a) => a.after)).toEqual([JSON.stringify({ unit: '城关镇', percent: 40, note: null, evidence: 0 })]);
      expect((await summary(task.id)).status).toBe('closed');
    });

    it.skipIf(backend.name !== 'PostgreSQL' || !!backend.skipped)('the percent reports of a burst share one statement, each written, refused or counted once as if alone', async () => {
      const task = await percentTask();
      const other = await percentTask();
      const pool = poolOf(database.prisma)!;
      const names: string[] = [];
      const query = recordNamed(pool, names);
      const percent = (n: number) => ({ kind: 'percent' as const, percent: n });
      let results: Awaited<ReturnType<typeof report>>[];
      try {
        results = await Promise.all([
          report(liaison(cg), task.id, cg, percent(30)),
          report(liaison(cg), task.id, cg, percent(30)), // the same, in the same burst: a duplicate
          report(liaison(wz), task.id, cg, percent(50)), // not the liaison's unit
          report(liaison(cg), other.id, cg, percent(70)),
          report(office, task.id, cg, percent(35), [], '第"二"批, 含\\反斜杠 {括号} NULL'),
        ]);
        expect(names).toEqual(['report-at-once']);
      } finally {
        pool.query = query;
      }
      expect(results.map((r) => (r.ok ? 'ok' : r.error.key))).toEqual(['ok', 'report-duplicate', 'task-not-your-unit', 'ok', 'ok']);
      const written = await database.prisma.progressReport.findMany({ where: { taskId: { in: [task.id, other.id] } }, orderBy: { id: 'asc' } });
      expect(written.map((r) => [r.taskId, r.percent, r.note])).toEqual([[task.id, 30, null], [other.id, 70, null], [task.id, 35, '第"二"批, 含\\反斜杠 {括号} NULL']]);
      // Each report's answer names its own row, and each has its own audit row.
      expect(results.flatMap((r) => (r.ok ? [r.value.reportId] : []))).toEqual(written.map((r) => r.id));
      const audits = await database.prisma.auditLog.findMany({ where: { action: 'task.report', entityId: { in: [String(task.id), String(other.id)] } } });
      expect(audits).toHaveLength(3);
      expect((await summary(task.id)).status).toBe('in_progress');
      expect((await summary(other.id)).status).toBe('in_progress');
    });

    it.skipIf(backend.name !== 'PostgreSQL' || !!backend.skipped)('a burst whose statement fails is tried again report by report: the bad one fails alone', async () => {
      const task = await percentTask();
      const percent = { kind: 'percent' as const, percent: 40 };
      // A task id PostgreSQL's integer cannot hold makes the whole burst's statement fail.
      const results = await Promise.allSettled([report(liaison(cg), task.id, cg, percent), report(liaison(cg), 2 ** 31, cg, percent)]);
      expect(results[0]).toMatchObject({ status: 'fulfilled', value: { ok: true } });
      expect(results[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('out of range') } });
      expect(await database.prisma.progressReport.count({ where: { taskId: task.id } })).toBe(1);
    });

    it.skipIf(!!backend.skipped)('a report marks its update handled in the transaction that writes it', async () => {
      const task = await percentTask();
      const update = { update_id: 880_001, message: { message_id: 1, date: 0, chat: { id: -1004, type: 'group', title: '城关镇' }, text: '/report' } } as unknown as Update;
      expect(await services.updates.receive(update)).toBe(true);
      const result = await services.tasks.report({ ...as(liaison(cg)), updateId: update.update_id }, { taskId: task.id, unitId: cg.id, value: { kind: 'percent', percent: 40 }, note: null, evidence: [] });
      expect(result.ok).toBe(true);
      const row = await database.prisma.processedUpdate.findUniqueOrThrow({ where: { updateId: BigInt(update.update_id) } });
      expect([row.handledAt !== null, row.payload]).toEqual([true, null]);
      // A refused report marks nothing: the handler's own mark does, after the answer.
      const refused = { ...update, update_id: 880_002 };
      expect(await services.updates.receive(refused)).toBe(true);
      await services.tasks.report({ ...as(member), updateId: refused.update_id }, { taskId: task.id, unitId: cg.id, value: { kind: 'percent', percent: 50 }, note: null, evidence: [] });
      expect((await database.prisma.processedUpdate.findUniqueOrThrow({ where: { updateId: BigInt(refused.update_id) } })).handledAt).toBeNull();
    });

    it.skipIf(!!backend.skipped)('two extension requests racing for one unit leave one pending request', async () => {
      const task = await create();
      const results = await Promise.all(
        ['2026-12-10', '2026-12-15'].map((toDate) =>
          services.tasks.requestExtension(as(liaison(cg)), { taskId: task.id, unitId: cg.id, toDate, reason: '重复点击' }),
        ),
      );
      expect(await database.prisma.extension.count({ where: { taskId: task.id, unitId: cg.id, status: 'pending' } })).toBe(1);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([refusal('extend-pending', { code: `T${task.id}` })]);
    });
  });
});
