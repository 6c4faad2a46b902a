import { dryRun } from '../db/dry-run.ts';
import type { Db, Tx } from '../db/types.ts';
import { Outbox, type OwedMessage } from '../delivery/outbox.ts';
import { localTime, zonedInstant } from '../domain/calendar.ts';
import { jobsOn, type JobName } from '../domain/schedule.ts';
import type { DayPlan, PlannedMessage } from '../render/preview.ts';
import type { Broadcasts } from './index.ts';

/** An outbox that records what it is handed and keeps it: the dry run's, so nothing is owed for real. */
class RecordingOutbox extends Outbox {
  readonly recorded: OwedMessage[] = [];

  override async enqueue(messages: OwedMessage[], _tx?: Tx): Promise<number> {
    this.recorded.push(...messages);
    return messages.length;
  }
}

/** The jobs of a dry run, built on its rolled-back client, its moving clock and its recording outbox. */
type DryRunJobs = (db: Db, now: () => Date, outbox: Outbox) => Pick<Broadcasts, JobName>;

interface PlanInput {
  db: Db;
  date: string;
  /** Only the jobs whose time is at or before this local HH:MM. */
  until?: string | undefined;
  times: Record<JobName, string>;
  rules: { workdaysOnly: boolean; bulletinWeekday: number };
  timeZone: string;
  jobs: DryRunJobs;
}

/**
 * A day of the bot's own messages, as the real jobs would owe them: each job due that day runs at its time
 * of day, in order (so the escalation sees the state the reminders left), on the real data, writing nothing
 * and sending nothing.
 */
export async function planDay(input: PlanInput): Promise<DayPlan> {
  const runs = jobsOn(input.date, input.times, input.rules).filter((run) => !input.until || run.time <= input.until);
  const messages = await dryRun(input.db, async (db) => {
    let clock = new Date(0);
    const outbox = new RecordingOutbox(db, () => clock);
    const jobs = input.jobs(db, () => clock, outbox);
    const planned: PlannedMessage[] = [];
    for (const { job, time } of runs) {
      clock = zonedInstant(input.date, time, input.timeZone);
      const from = outbox.recorded.length;
      await jobs[job].run(input.date);
      for (const message of outbox.recorded.slice(from)) {
        const at = message.notBefore && message.notBefore > clock ? localTime(message.notBefore, input.timeZone) : time;
        planned.push({ job, time: at, message });
      }
    }
    return planned;
  });
  return { date: input.date, jobs: runs, messages };
}
