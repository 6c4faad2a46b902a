import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Database } from '../../src/db/client.ts';
import { JOB_NAMES, type JobName } from '../../src/domain/schedule.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { backends } from '../support/databases.ts';

/**
 * Invariant: a claimed job slot always finishes. A slot claimed by a process that died while the job computed
 * (JobRun claimed, nothing recorded) is run again: on SQLite (one instance) at once, on PostgreSQL once the
 * dead claim's lease has run out; a live instance's claim, renewed while its job runs, is left alone.
 */
const all = await backends('job claims on PostgreSQL (test/services/job-claims.test.ts)');
const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', QUIET_HOURS: 'off' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();
// Tuesday 1 December 2026, 08:31 in the county: the reminders' slot (08:30) is due.
const AT_0831 = new Date('2026-12-01T00:31:00Z');

describe.each(all)('job claims on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open({ seeded: false }));
  });
  afterAll(async () => {
    await close?.();
  });

  /** A scheduler as an instance builds it, whose jobs only count their runs. */
  function instance(id: string, clock: () => Date, runs: string[], options: { leaseMs?: number; reminders?: (slot: string) => Promise<void> } = {}) {
    const jobs = Object.fromEntries(
      JOB_NAMES.map((name) => [name, async (slot: string) => void runs.push(`${id}:${name}:${slot}`)]),
    ) as Record<JobName, (slot: string) => Promise<unknown>>;
    if (options.reminders) jobs.reminders = options.reminders;
    return new Scheduler({
      db: database.prisma,
      provider: database.provider,
      leaseMs: options.leaseMs ?? 120_000,
      schedule: config.rules.schedule,
      timeZone: config.timeZone,
      now: clock,
      instanceId: id,
      logger: pino({ level: 'silent' }),
      times: async () => ({ reminders: '08:30', escalations: '23:00', digest: '23:00', bulletin: '23:00' }),
      jobs,
    });
  }

  it.skipIf(backend.skipped)('runs a slot again that a dead process claimed and never finished, once', async () => {
    await database.prisma.jobRun.deleteMany();
    // What a SIGKILL inside the reminders' computation leaves: the slot claimed, unfinished, no outbox row.
    await database.prisma.jobRun.create({ data: { job: 'reminders', slot: '2026-12-01', instance: 'dead', startedAt: new Date('2026-12-01T00:30:00Z'), heartbeatAt: new Date('2026-12-01T00:30:00Z') } });
    const runs: string[] = [];
    let clock = AT_0831;
    const restarted = instance('restarted', () => clock, runs);
    await restarted.runDue();
    if (backend.name === 'SQLite') {
      // One instance: the claim is a dead process's, taken at once.
      expect(runs).toEqual(['restarted:reminders:2026-12-01']);
    } else {
      // Another instance may still be computing: only a claim not renewed for the lease is taken.
      expect(runs).toEqual([]);
      clock = new Date(AT_0831.getTime() + 120_000);
      await restarted.runDue();
      expect(runs).toEqual(['restarted:reminders:2026-12-01']);
    }
    const run = await database.prisma.jobRun.findUniqueOrThrow({ where: { job_slot: { job: 'reminders', slot: '2026-12-01' } } });
    expect(run).toMatchObject({ instance: 'restarted', finishedAt: clock });
    // Finished: never again, by anyone.
    clock = new Date(clock.getTime() + 600_000);
    await restarted.runDue();
    await instance('third', () => clock, runs).runDue();
    expect(runs).toEqual(['restarted:reminders:2026-12-01']);
  });

  it.skipIf(backend.skipped || backend.name === 'SQLite')('leaves alone a claim its live instance keeps renewing, however long the job takes', async () => {
    await database.prisma.jobRun.deleteMany();
    let wall = AT_0831.getTime();
    const clock = () => new Date(wall);
    const runs: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    // A fast lease so the renewals (every quarter of it) come within the test.
    const running = instance('live', clock, runs, {
      leaseMs: 4000,
      reminders: async (slot) => {
        runs.push(`live:reminders:${slot}`);
        await slow;
      },
    });
    const first = running.runDue();
    for (let i = 0; i < 20 && runs.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    // Time passes well beyond the lease while the job computes; its claim is renewed meanwhile.
    wall += 60_000;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await instance('other', clock, runs, { leaseMs: 4000 }).runDue();
    expect(runs).toEqual(['live:reminders:2026-12-01']);
    release();
    await first;
    expect((await database.prisma.jobRun.findUniqueOrThrow({ where: { job_slot: { job: 'reminders', slot: '2026-12-01' } } })).instance).toBe('live');
  });
});
