import type { ScheduleRules } from '../domain/rules.ts';
import type { Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { localDate, localTime } from '../domain/calendar.ts';
import { JOB_NAMES, latestDailySlot, latestWeeklySlot, nextSlotStart, runsOn, type JobName } from '../domain/schedule.ts';

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
  /**
   * Runs at every tick after the slotted jobs (the alert roll-call's re-sends); its own keys make it safe to repeat.
   * While it answers true (an alert is open) the clock ticks every minute.
   */
  everyTick?: () => Promise<boolean>;
  /** Runs at the tick of each full hour: pruning what only grows. */
  hourly?: () => Promise<unknown>;
  metrics?: Pick<Metrics, 'jobRan'>;
}

/**
 * Runs each job once per slot. A slot is claimed in the database (JobRun, unique per job and slot) before
 * the job runs, so among several instances exactly one runs it; a slot missed while the bot was down runs
 * at the next tick if it is still within the catch-up window.
 *
 * The clock is one timer, set to the next tick that can have work: the next job's time on a day it runs, the
 * next full hour, the next minute while an alert is open or a failed job waits to be tried again, and at most
 * MAX_SLEEP_MS away. Idle, it reads the database a few times an hour instead of every minute.
 *
 * A claimed slot always finishes: the instance running a job renews its claim, and a claim left unfinished
 * (the process was killed while the job computed its messages) is taken over once its lease has run out — on
 * SQLite, where one instance runs, at once. Running a job again is safe: its outbox keys are deterministic, so
 * what the first run already recorded is not owed twice.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private running: Promise<unknown> = Promise.resolve();
  private readonly leaseMs: number;
  /** What the last tick left that needs the next minute: an open alert, a failed job inside its window. */
  private minutely = false;
  /** The next tick's instant as the last one computed it, from the times it read. */
  private nextSlot: Date | undefined;

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
    this.nextSlot = nextSlotStart(instant, times, schedule, timeZone);
    let failed = false;
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
        failed = true;
        this.options.metrics?.jobRan(job, 'failed', ranFor(), now());
        // Give the slot back so the next tick (still inside the window) tries again; the outbox keys make a
        // second run harmless.
        await this.options.db.jobRun.deleteMany({ where: mine }).catch(() => undefined);
        this.options.logger.error({ job, slot, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'job failed');
      } finally {
        clearInterval(renewing);
      }
    }
    // A failed periodic task is tried again at the next minute, like a failed job.
    const watching = await this.guarded('tick', this.options.everyTick);
    if (time.endsWith(':00')) await this.guarded('hourly', this.options.hourly);
    this.minutely = failed || watching !== false;
    return ran;
  }

  /** Runs a periodic task; its failure is logged and waits for the next tick. */
  private async guarded<T>(name: string, task: (() => Promise<T>) | undefined): Promise<T | false | undefined> {
    if (!task) return false;
    try {
      return await task();
    } catch (error) {
      this.options.logger.error({ task: name, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, `${name} failed`);
      return undefined;
    }
  }

  /** Ticks now, then at each instant that can have work (see the class comment). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.tick();
  }

  /**
   * Something the clock reads changed here (a job's time set with /schedule, an alert issued): tick now rather
   * than at the instant computed before. Another instance's change is seen at its next tick, MAX_SLEEP_MS at most.
   */
  wake(): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.tick();
  }

  private tick(): void {
    this.running = this.running
      .then(() => this.runDue())
      .catch((error: unknown) => {
        this.minutely = true;
        this.options.logger.error({ err: String(error) }, 'scheduler tick failed');
      })
      .finally(() => this.arm());
  }

  private arm(): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    const now = this.options.now().getTime();
    const minute = Math.floor(now / 60_000) * 60_000;
    // Zone offsets are whole minutes: the local hour turns when the local minute reaches 60.
    const nextHour = minute + (60 - Number(localTime(new Date(now), this.options.timeZone).slice(3))) * 60_000;
    const at = Math.min(now + MAX_SLEEP_MS, nextHour, this.nextSlot?.getTime() ?? Infinity, this.minutely ? minute + 60_000 : Infinity);
    this.timer = setTimeout(() => this.tick(), Math.max(0, at - now));
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
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

/**
 * The longest the clock sleeps: the net under what it cannot be told of. A job's time changed or an alert issued on
 * another instance (PostgreSQL), and a clock that jumped or a machine that slept through its timer (a timer counts
 * neither), are seen within this; a slot so found is still inside its catch-up window.
 */
const MAX_SLEEP_MS = 5 * 60_000;
