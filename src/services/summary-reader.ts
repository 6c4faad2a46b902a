// A task's summary worked out from its rows: TaskQueries.summaries() hands this reader each part as its row comes
// (task-parts.ts), and the reader builds the part's progress, light and days there and then, so no row outlives
// its part's turn.
import { daysBetween } from '../domain/calendar.ts';
import { byUrgency, partDaysLate, partLight, progressOfRatios, TASK_STATUSES, taskCode, unitProgress, type Light, type TaskStatus } from '../domain/tasks.ts';
import { progressInput, toDate, type PartReader, type PartRow, type TaskRow } from './task-parts.ts';

/** One unit's part of a task, with its progress worked out. */
export interface UnitPart {
  unitId: number;
  unitName: string;
  role: 'lead' | 'cooperating';
  quota: number | null;
  done: number;
  ratio: number | null;
  lastReportAt: Date | null;
  doneAt: Date | null;
  /** The part's own deadline (the task's unless an extension or an edit moved it for this unit). */
  dueDate: string;
  /** Local date the part was finished (the unit said done, or the task was finished), or null. */
  finishedOn: string | null;
  /** The office's reason when it marked the part done with its quota unmet. */
  doneOverride: string | null;
  /** By the part's own deadline; a finished part is done, never red. */
  light: Light;
  /** Days late: at completion for a finished part, to today for an open one. */
  overdueDays: number;
  daysLeft: number;
}

export interface TaskSummary {
  id: number;
  code: string;
  title: string;
  committeeId: number;
  committee: string;
  status: TaskStatus;
  dueDate: string;
  measure: string | null;
  /** The most urgent of its unfinished parts' lights; done once the task is finished or cancelled. */
  light: Light;
  /** The most days any unfinished part is past its deadline. */
  overdueDays: number;
  /** Days to the nearest deadline among its unfinished parts (the task's own when none is left). */
  daysLeft: number;
  progress: number | null;
  parts: UnitPart[];
  createdAt: Date;
}

const LIGHT_RANK: Record<Light, number> = { red: 0, yellow: 1, green: 2, done: 3 };

interface Timing {
  /** The deadline's text, one copy for every part and task that has it. */
  dueDate: string;
  light: Light;
  daysLate: number;
  daysLeft: number;
}

/** The task whose parts are coming in, and what its parts have made of it so far. */
interface OpenTask {
  row: TaskRow;
  id: number;
  status: TaskStatus;
  finished: boolean;
  leadDoneAt: Date | null;
  light: Light;
  overdueDays: number;
  daysLeft: number | null;
}

/** Builds the summaries of the tasks read, most urgent first, from their parts' rows in task order, each task's lead first. */
export class SummaryReader implements PartReader<TaskSummary[]> {
  private readonly summaries: TaskSummary[] = [];
  /** The first task row not yet opened. */
  private next = 0;
  private task: OpenTask | null = null;
  /** The open task's parts so far. */
  private readonly parts: UnitPart[] = [];
  // A part's light and days late follow from its deadline and the day it was finished alone: a county has a few
  // hundred deadlines, so they are worked out once each rather than once per part.
  private readonly timings = new Map<string, Map<string | null, Timing>>();
  // Every row brings its own copy of a text most rows share (a status, a role, a committee, a deadline): one copy of
  // each is kept (the deadline's in its timing), so the summaries hold a few hundred such texts, not 250,000.
  private readonly committees = new Map<number, string>();

  constructor(
    private readonly tasks: TaskRow[],
    private readonly unitNames: Map<number, string>,
    private readonly today: string,
    private readonly yellowDays: number,
    private readonly dayOf: (instant: Date) => string,
  ) {}

  part(row: PartRow): void {
    const task = this.taskOf(Number(row[0]));
    // Read through a transaction of the caller's (a dry run), the two statements may see different moments: a
    // part of a task the first did not pick is passed over.
    if (!task) return;
    const input = progressInput(row);
    if (input.role === 'lead') task.leadDoneAt = input.doneAt;
    const unit = unitProgress(input);
    // A part of a finished task is finished with it (the lead's word, or the office's override).
    const finishedAt = input.doneAt ?? (task.finished ? task.leadDoneAt : null);
    const finishedOn = finishedAt ? this.dayOf(finishedAt) : null;
    const timing = this.timingOf(row[4], finishedOn);
    const light: Light = finishedOn !== null || task.finished ? 'done' : timing.light;
    const overdueDays = task.status === 'cancelled' ? 0 : timing.daysLate;
    this.parts.push({
      unitId: input.unitId,
      unitName: this.unitNames.get(input.unitId)!,
      role: input.role,
      quota: input.quota,
      done: unit.done,
      ratio: unit.ratio,
      lastReportAt: unit.lastReportAt,
      doneAt: input.doneAt,
      dueDate: timing.dueDate,
      finishedOn,
      doneOverride: row[6],
      light,
      overdueDays,
      daysLeft: timing.daysLeft,
    });
    // The task's light, days late and days left are its unfinished parts' most urgent.
    if (!task.finished && light !== 'done') {
      if (LIGHT_RANK[light] < LIGHT_RANK[task.light]) task.light = light;
      task.overdueDays = Math.max(task.overdueDays, overdueDays);
      task.daysLeft = task.daysLeft === null ? timing.daysLeft : Math.min(task.daysLeft, timing.daysLeft);
    }
  }

  end(): TaskSummary[] {
    this.close();
    return this.summaries.sort(byUrgency);
  }

  /** The open task of this id: the one open already, or the next in the rows (a task with no part is passed, never listed). */
  private taskOf(id: number): OpenTask | null {
    if (this.task?.id === id) return this.task;
    this.close();
    while (this.next < this.tasks.length && Number(this.tasks[this.next]![0]) < id) this.next++;
    const row = this.tasks[this.next];
    if (!row || Number(row[0]) !== id) return null;
    this.next++;
    const status = TASK_STATUSES.find((known) => known === row[4]) ?? (row[4] as TaskStatus);
    this.task = { row, id, status, finished: status === 'done' || status === 'closed' || status === 'cancelled', leadDoneAt: null, light: 'done', overdueDays: 0, daysLeft: null };
    return this.task;
  }

  private close(): void {
    const task = this.task;
    if (!task) return;
    this.task = null;
    const [, title, committeeId, committee, , dueDate, measure, createdAt] = task.row;
    const due = this.timingOf(dueDate, null);
    this.summaries.push({
      id: task.id,
      code: taskCode(task.id),
      title,
      committeeId: Number(committeeId),
      committee: this.committeeName(Number(committeeId), committee),
      status: task.status,
      dueDate: due.dueDate,
      measure,
      light: task.light,
      overdueDays: task.overdueDays,
      daysLeft: task.daysLeft ?? due.daysLeft,
      progress: progressOfRatios(this.parts.map((p) => p.ratio)),
      // A copy its own size: an array grown by push keeps room for 17 parts, most of it never used.
      parts: this.parts.slice(),
      createdAt: toDate(createdAt),
    });
    this.parts.length = 0;
  }

  private committeeName(id: number, name: string): string {
    const kept = this.committees.get(id);
    if (kept !== undefined) return kept;
    this.committees.set(id, name);
    return name;
  }

  private timingOf(dueDate: string, finishedOn: string | null): Timing {
    let byFinish = this.timings.get(dueDate);
    if (!byFinish) this.timings.set(dueDate, (byFinish = new Map()));
    let timing = byFinish.get(finishedOn);
    if (!timing) {
      const part = { dueDate, finishedOn };
      timing = { dueDate, light: partLight(part, this.today, this.yellowDays), daysLate: partDaysLate(part, this.today), daysLeft: daysBetween(this.today, dueDate) };
      byFinish.set(finishedOn, timing);
    }
    return timing;
  }
}
