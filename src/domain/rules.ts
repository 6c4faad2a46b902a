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

export interface ScoringRules {
  /** Credit for a part finished after its deadline, against 1 for on time. */
  lateCredit: number;
  /** Points taken per day a part is overdue and still open… */
  overduePenaltyPerDay: number;
  /** …up to this many points per unit. */
  maxOverduePenalty: number;
  /** Points taken per open problem (fire point, complaint, inspection finding), by who found it. */
  problemPenalty: Record<FoundBy, number>;
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
    lateCredit: 0.5,
    overduePenaltyPerDay: 1,
    maxOverduePenalty: 40,
    problemPenalty: { county: 2, city: 5, province: 10, central: 20 },
  },
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
