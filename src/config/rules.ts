/**
 * The task force's rules in one place: when things turn yellow or stale, when a late task goes up the chain,
 * how units are scored for the rankings, and when the bot speaks on its own. Defaults follow DOMAIN.md:
 * outcomes count, not activity ("every fire point found by a city-level check is a deduction").
 */
export interface Rules {
  /** A task turns yellow this many days before its deadline (the deadline day is yellow too). */
  yellowDays: number;
  /** A unit silent on a task for this many days is stale. */
  staleDays: number;
  /**
   * Days a task stays red (counted from its deadline, or from the unit's last report if later, since a
   * unit that reports is working) before each escalation level: [to the supervising leader, to the
   * principal leaders / leadership group].
   */
  escalationGraceDays: number[];
  scoring: ScoringRules;
  schedule: ScheduleRules;
}

export interface ScoringRules {
  /** Credit for a part finished after its deadline, against 1 for on time. */
  lateCredit: number;
  /** Points taken per day a part is overdue and still open… */
  overduePenaltyPerDay: number;
  /** …up to this many points per unit. */
  maxOverduePenalty: number;
  /** Points taken per open problem (fire point, complaint, inspection finding), by who found it. */
  problemPenalty: Record<'county' | 'city' | 'province' | 'central', number>;
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
  escalationGraceDays: [2, 5],
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
