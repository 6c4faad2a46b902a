import { schedule as cronSchedule, type ScheduledTask } from 'node-cron';
import type { ScheduleRules } from '../domain/rules.ts';
import type { Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { localDate, localTime } from '../domain/calendar.ts';
import { JOB_NAMES, latestDailySlot, latestWeeklySlot, runsOn, type JobName } from '../domain/schedule.ts';

interface SchedulerOptions {
  db: Db;
  schedule: ScheduleRules;
  timeZone: string;
  now: () => Date;
  instanceId: string;
  logger: Logger;
  /** The time of day each job runs at, as the office set it. */
  times: () => Promise<Record<JobName, string>>;
  jobs: Record<JobName, (slot: string) => Promise<unknown>>;
  /** Runs at every tick after the slotted jobs (the alert roll-call's re-sends); its own keys make it safe to repeat. */
  everyTick?: () => Promise<unknown>;
  /** Runs at the tick of each full hour: pruning what only grows. */
  hourly?: () => Promise<unknown>;
  metrics?: Pick<Metrics, 'jobRan'>;
}

/**
 * Runs each job once per slot. A slot is claimed in the database (JobRun, unique per job and slot) before
 * the job runs, so among several instances exactly one runs it; a slot missed while the bot was down runs
 * at the next tick if it is still within the catch-up window. node-cron only provides the minute tick.
 */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {}

  /** Runs whatever is due now; returns `job:slot` for each run. */
  async runDue(): Promise<string[]> {
    const { schedule, timeZone, now } = this.options;
    const instant = now();
    const today = localDate(instant, timeZone);
    const time = localTime(instant, timeZone);
    const times = await this.options.times();
    const ran: string[] = [];
    for (const job of JOB_NAMES) {
      const { slot, minutesLate } =
        job === 'bulletin' ? latestWeeklySlot(today, time, schedule.bulletinWeekday, times[job]) : latestDailySlot(today, time, times[job]);
      if (minutesLate > schedule.catchUpMinutes) continue;
      if (!runsOn(job, slot, schedule)) continue;
      if (!(await this.claim(job, slot))) continue;
      const started = performance.now();
      const ranFor = () => (performance.now() - started) / 1000;
      try {
        await this.options.jobs[job](slot);
        await this.options.db.jobRun.update({ where: { job_slot: { job, slot } }, data: { finishedAt: now() } });
        this.options.metrics?.jobRan(job, 'ok', ranFor(), now());
        ran.push(`${job}:${slot}`);
      } catch (error) {
        this.options.metrics?.jobRan(job, 'failed', ranFor(), now());
        // Give the slot back so the next tick (still inside the window) tries again; the outbox keys make a
        // second run harmless.
        await this.options.db.jobRun.delete({ where: { job_slot: { job, slot } } }).catch(() => undefined);
        this.options.logger.error({ job, slot, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'job failed');
      }
    }
    await this.guarded('tick', this.options.everyTick);
    if (time.endsWith(':00')) await this.guarded('hourly', this.options.hourly);
    return ran;
  }

  /** Runs a periodic task; its failure is logged and waits for the next tick. */
  private async guarded(name: string, task: (() => Promise<unknown>) | undefined): Promise<void> {
    if (!task) return;
    try {
      await task();
    } catch (error) {
      this.options.logger.error({ task: name, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, `${name} failed`);
    }
  }

  start(): void {
    const tick = () => {
      this.running = this.running.then(() => this.runDue()).catch((error: unknown) => this.options.logger.error({ err: String(error) }, 'scheduler tick failed'));
    };
    tick();
    this.task = cronSchedule('* * * * *', tick, { timezone: this.options.timeZone });
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running;
  }

  private async claim(job: JobName, slot: string): Promise<boolean> {
    try {
      await this.options.db.jobRun.create({ data: { job, slot, instance: this.options.instanceId, startedAt: this.options.now() } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
