/**
 * The task force's rules in one place: when things turn yellow or stale, when a late task goes up the chain,
 * how units are scored for the rankings, and when the bot speaks on its own. Defaults follow DOMAIN.md:
 * outcomes count, not activity ("every fire point found by a city-level check is a deduction").
 */
import type { FoundBy, ProblemKind } from './problems.ts';

export interface Rules {
  /** A task turns yellow this many days before its deadline (the deadline day is yellow too). */
  yellowDays: number;
  /** A unit silent on a task for this many days is stale. */
  staleDays: number;
  /** A liaison may withdraw or correct the unit's last report for this many hours after sending it. */
  correctionHours: number;
  /**
   * Days a task stays red (counted from its deadline, or from the unit's last report if later, since a
   * unit that reports is working) before each escalation level: [to the supervising leader, to the
   * principal leaders / leadership group].
   */
  escalationGraceDays: number[];
  /**
   * The rectification deadline (整改时限) a problem gets when none is typed, in days after the day it is
   * entered: a fire point (着火点 / straw burning) must be put out and cleared the next day; dust (扬尘) within
   * 3 days; a complaint (信访) within the 15 days of the complaint rules; an inspector's finding (督察反馈)
   * within 30 days; anything else within 7. A typed deadline always wins.
   */
  problemDeadlineDays: Record<ProblemKind, number>;
  alerts: AlertRules;
  scoring: ScoringRules;
  digest: DigestRules;
  schedule: ScheduleRules;
}

/**
 * The alert roll-call: a copy not acknowledged `resendMinutes` after it was last sent is sent again, until
 * `maxSends` copies went out; `resendMinutes` after the last one it is escalated up the unit's chain (once).
 * An alert outranks quiet hours: a warning does not wait for morning.
 */
export interface AlertRules {
  resendMinutes: number;
  maxSends: number;
}

/**
 * The outcome score, 0–100, over a unit's parts whose deadline has come: each earns 1 finished on time and
 * loses `lateCreditPerDay` per day late (a part still open keeps losing until it reaches 0; one finished late
 * keeps at least `minFinishedLateCredit`), as the share of what the parts could earn, minus points per open
 * problem. Lateness is weighed by days, so one part a day late costs a unit a tenth of that part, not its score.
 */
export interface ScoringRules {
  /**
   * A unit is ranked only once this many of its parts have come due: with fewer, one late part would put it
   * last and none would put it first. Units below it are listed apart, not ranked.
   */
  minDueParts: number;
  /** Credit a part loses per day late, of the 1 an on-time part earns… */
  lateCreditPerDay: number;
  /** …never below this for a part finished late: finishing late still counts. */
  minFinishedLateCredit: number;
  /** Points taken per open problem (fire point, complaint, inspection finding), by who found it. */
  problemPenalty: Record<FoundBy, number>;
}

/** What the daily digest shows, so that it stays short enough to read on a phone. */
interface DigestRules {
  /** The units furthest behind named, each with at most `laggardParts` of its overdue parts. */
  laggardUnits: number;
  laggardParts: number;
  /**
   * Headline quota tasks (a count per unit, e.g. villages per township): the unfinished tasks with a quota for
   * at least `headlineMinUnits` units, those with most such units first, at most `headlineTasks` of them.
   */
  headlineTasks: number;
  headlineMinUnits: number;
}

export interface ScheduleRules {
  /** Local times, HH:MM, in the county's zone. */
  reminderTime: string;
  escalationTime: string;
  digestTime: string;
  /** The weekly bulletin draft: ISO weekday (1 = Monday) and time. */
  bulletinWeekday: number;
  bulletinTime: string;
  /** Reminders and escalations only on official working days (the Chinese calendar, with 调休 make-up days). */
  workdaysOnly: boolean;
  /** No reminder is sent inside these local hours; one due then waits for their end. */
  quietHours: { from: string; to: string } | null;
  /** A slot missed while the bot was down still runs at start if no more than this late. */
  catchUpMinutes: number;
}

export const DEFAULT_RULES: Rules = {
  yellowDays: 3,
  staleDays: 7,
  correctionHours: 24,
  escalationGraceDays: [2, 5],
  problemDeadlineDays: { fire: 1, dust: 3, complaint: 15, inspection: 30, other: 7 },
  alerts: { resendMinutes: 15, maxSends: 3 },
  scoring: {
    minDueParts: 3,
    lateCreditPerDay: 0.1,
    minFinishedLateCredit: 0.5,
    problemPenalty: { county: 2, city: 5, province: 10, central: 20 },
  },
  digest: { laggardUnits: 5, laggardParts: 3, headlineTasks: 3, headlineMinUnits: 2 },
  schedule: {
    reminderTime: '08:30',
    escalationTime: '08:45',
    digestTime: '09:00',
    bulletinWeekday: 1,
    bulletinTime: '09:30',
    workdaysOnly: true,
    quietHours: { from: '22:00', to: '07:30' },
    catchUpMinutes: 120,
  },
};
