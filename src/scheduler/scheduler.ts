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
  /** SQLite: one instance, so a slot left unfinished by another process is a dead one's and is taken at once. */
  provider: 'sqlite' | 'postgresql';
  /** A slot claimed, unfinished and not renewed for this long is run again (its process died). Default 2 min. */
  leaseMs?: number;
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
 *
 * A claimed slot always finishes: the instance running a job renews its claim, and a claim left unfinished
 * (the process was killed while the job computed its messages) is taken over once its lease has run out — on
 * SQLite, where one instance runs, at once. Running a job again is safe: its outbox keys are deterministic, so
 * what the first run already recorded is not owed twice.
 */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private readonly leaseMs: number;

  constructor(private readonly options: SchedulerOptions) {
    this.leaseMs = options.leaseMs ?? 120_000;
  }

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
      const mine = { job, slot, instance: this.options.instanceId, finishedAt: null };
      const renewing = setInterval(() => void this.renew(job, slot), Math.max(1000, Math.floor(this.leaseMs / 4)));
      try {
        await this.options.jobs[job](slot);
        const { count } = await this.options.db.jobRun.updateMany({ where: mine, data: { finishedAt: now() } });
        if (count === 0) this.options.logger.warn({ job, slot }, 'job finished after its claim was taken over');
        this.options.metrics?.jobRan(job, 'ok', ranFor(), now());
        ran.push(`${job}:${slot}`);
      } catch (error) {
        this.options.metrics?.jobRan(job, 'failed', ranFor(), now());
        // Give the slot back so the next tick (still inside the window) tries again; the outbox keys make a
        // second run harmless.
        await this.options.db.jobRun.deleteMany({ where: mine }).catch(() => undefined);
        this.options.logger.error({ job, slot, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'job failed');
      } finally {
        clearInterval(renewing);
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

  /** Claims a slot: a new one, or one whose claim was left unfinished by a dead process. */
  private async claim(job: JobName, slot: string): Promise<boolean> {
    const { db, instanceId, provider, logger } = this.options;
    const now = this.options.now();
    try {
      await db.jobRun.create({ data: { job, slot, instance: instanceId, startedAt: now, heartbeatAt: now } });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const expired = new Date(now.getTime() - this.leaseMs);
    const abandoned =
      provider === 'sqlite'
        ? { instance: { not: instanceId } }
        : { OR: [{ heartbeatAt: { lt: expired } }, { heartbeatAt: null, startedAt: { lt: expired } }] };
    const { count } = await db.jobRun.updateMany({
      where: { job, slot, finishedAt: null, ...abandoned },
      data: { instance: instanceId, heartbeatAt: now },
    });
    if (count > 0) logger.warn({ job, slot }, 'job claimed by a process that did not finish it: running it again');
    return count > 0;
  }

  /** Tells the other instances this job is still running here. */
  private async renew(job: JobName, slot: string): Promise<void> {
    try {
      await this.options.db.jobRun.updateMany({ where: { job, slot, instance: this.options.instanceId, finishedAt: null }, data: { heartbeatAt: this.options.now() } });
    } catch (error) {
      this.options.logger.warn({ job, slot, err: String(error) }, 'job claim not renewed');
    }
  }
}
