import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Db } from '../../src/db/types.ts';
import { JOB_NAMES, nextSlotStart, type JobName } from '../../src/domain/schedule.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';

/**
 * The scheduler is one timer set to the next instant that can have work: each job's time on the days it runs,
 * the full hours, every minute only while an alert is open or a failed job waits, and never more than a few
 * minutes away. Driven here by fake timers over simulated days; the job slots are claimed in a stand-in table.
 */
const { rules, timeZone } = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
  if (!parsed.ok) throw new Error(parsed.error);
  return { rules: parsed.config.rules.schedule, timeZone: parsed.config.timeZone };
})();
const TIMES: Record<JobName, string> = { reminders: '08:30', escalations: '08:45', digest: '09:00', bulletin: '09:30' };

describe('nextSlotStart', () => {
  it('is the next job time on a day it runs, in the county zone', () => {
    // Tuesday 1 December 2026, 08:00 in Asia/Shanghai.
    expect(nextSlotStart(new Date('2026-12-01T00:00:00Z'), TIMES, rules, timeZone)?.toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(nextSlotStart(new Date('2026-12-01T00:30:00Z'), TIMES, rules, timeZone)?.toISOString()).toBe('2026-12-01T00:45:00.000Z');
    // After Tuesday's digest: Wednesday's reminders.
    expect(nextSlotStart(new Date('2026-12-01T01:00:00Z'), TIMES, rules, timeZone)?.toISOString()).toBe('2026-12-02T00:30:00.000Z');
  });

  it('skips the days a job does not run: a weekend with working days only, the bulletin outside its weekday', () => {
    // Friday 4 December, 10:00: nothing until Monday 7 December's reminders.
    expect(nextSlotStart(new Date('2026-12-04T02:00:00Z'), TIMES, rules, timeZone)?.toISOString()).toBe('2026-12-07T00:30:00.000Z');
    // Monday 09:10: the bulletin at 09:30 is Monday's alone.
    expect(nextSlotStart(new Date('2026-12-07T01:10:00Z'), TIMES, rules, timeZone)?.toISOString()).toBe('2026-12-07T01:30:00.000Z');
    expect(nextSlotStart(new Date('2026-12-08T01:10:00Z'), TIMES, rules, timeZone)?.toISOString()).toBe('2026-12-09T00:30:00.000Z');
  });
});

describe('the scheduler clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // Tuesday 1 December 2026, 07:01:30 in the county.
    vi.setSystemTime(new Date('2026-11-30T23:01:30Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A started scheduler whose jobs record their runs; `reads` counts how often it read the times (one per tick). */
  function started(options: { open?: () => boolean; times?: () => Record<JobName, string>; failReminders?: () => boolean } = {}) {
    const claimed = new Set<string>();
    const db = {
      jobRun: {
        create: async ({ data }: { data: { job: string; slot: string } }) => {
          const key = `${data.job}:${data.slot}`;
          if (claimed.has(key)) throw Object.assign(new Error('unique'), { code: 'P2002' });
          claimed.add(key);
        },
        updateMany: async () => ({ count: 0 }),
        deleteMany: async ({ where }: { where: { job: string; slot: string } }) => void claimed.delete(`${where.job}:${where.slot}`),
      },
    } as unknown as Db;
    const runs: string[] = [];
    const ticks: string[] = [];
    const jobs = Object.fromEntries(
      JOB_NAMES.map((job) => [
        job,
        async (slot: string) => {
          if (job === 'reminders' && options.failReminders?.()) throw new Error('database away');
          runs.push(`${job}:${slot}@${new Date().toISOString().slice(11, 16)}`);
        },
      ]),
    ) as Record<JobName, (slot: string) => Promise<unknown>>;
    const hourly: string[] = [];
    const scheduler = new Scheduler({
      db,
      provider: 'sqlite',
      schedule: rules,
      timeZone,
      now: () => new Date(),
      instanceId: 'clock-test',
      logger: pino({ level: 'silent' }),
      times: async () => {
        ticks.push(new Date().toISOString().slice(11, 19));
        return options.times?.() ?? TIMES;
      },
      jobs,
      everyTick: async () => options.open?.() ?? false,
      hourly: async () => void hourly.push(new Date().toISOString().slice(11, 16)),
    });
    scheduler.start();
    return { scheduler, runs, ticks, hourly };
  }

  it('runs each job at its time and the hourly task on the hour, ticking a few times an hour instead of every minute', async () => {
    const { scheduler, runs, ticks, hourly } = started();
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    await scheduler.stop();
    expect(runs).toEqual(['reminders:2026-12-01@00:30', 'escalations:2026-12-01@00:45', 'digest:2026-12-01@01:00']);
    expect(hourly).toHaveLength(24);
    // The start, 12 a hour at most (the longest sleep is 5 minutes), and the job times.
    expect(ticks.length).toBeLessThanOrEqual(1 + 24 * 12 + 3);
    expect(ticks.length).toBeGreaterThan(24);
  });

  it('ticks every minute while an alert is open, and stops when it closes', async () => {
    let open = true;
    const { scheduler, ticks } = started({ open: () => open });
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(ticks.length).toBeGreaterThanOrEqual(30);
    open = false;
    await vi.advanceTimersByTimeAsync(60_000);
    const closedAt = ticks.length;
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    await scheduler.stop();
    expect(ticks.length - closedAt).toBeLessThanOrEqual(7);
  });

  it('tries a failed job again at the next minute, inside its window', async () => {
    let failing = true;
    const { scheduler, runs } = started({ failReminders: () => failing });
    await vi.advanceTimersByTimeAsync(91 * 60_000); // 08:32:30: the runs at 08:30, 08:31 and 08:32 failed
    expect(runs).toEqual([]);
    failing = false;
    await vi.advanceTimersByTimeAsync(60_000);
    await scheduler.stop();
    expect(runs).toEqual(['reminders:2026-12-01@00:33']);
  });

  it('takes a job time changed here at once (wake), and one changed elsewhere within its longest sleep', async () => {
    let times = TIMES;
    const { scheduler, runs } = started({ times: () => times });
    await vi.advanceTimersByTimeAsync(10 * 60_000); // 07:11:30
    times = { ...TIMES, reminders: '07:12' };
    scheduler.wake();
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(runs).toEqual(['reminders:2026-12-01@23:12']);
    // Another instance moves the digest to 07:20 and cannot wake this one: it runs within 5 minutes of 07:20.
    times = { ...TIMES, reminders: '07:12', digest: '07:20' };
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    await scheduler.stop();
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatch(/^digest:2026-12-01@23:2[0-5]$/);
  });

  it('runs a slot missed while the machine slept (the wall clock jumped past its timer) at the next tick', async () => {
    const { scheduler, runs } = started();
    await vi.advanceTimersByTimeAsync(60_000);
    // Suspended from 07:02 to 08:50: the wall clock moves on, the timers did not count the time.
    vi.setSystemTime(new Date('2026-12-01T00:50:30Z'));
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await scheduler.stop();
    expect(runs).toEqual([expect.stringMatching(/^reminders:2026-12-01@00:5\d$/), expect.stringMatching(/^escalations:2026-12-01@00:5\d$/)]);
  });
});
