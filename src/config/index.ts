import { existsSync } from 'node:fs';
import { z } from 'zod';
import { PROBLEM_KINDS, type ProblemKind } from '../domain/problems.ts';
import { DEFAULT_RULES, type Rules } from '../domain/rules.ts';
import { LOCALES, type Locale } from '../domain/locales.ts';
import { isTimeZone } from '../domain/calendar.ts';
import { DEFAULT_DATABASE_URL, DEFAULT_EVIDENCE_DIR, robotSecretsFrom } from './database-url.ts';


const DEADLINE_DAYS_PATTERN = new RegExp(`^\\s*(${PROBLEM_KINDS.join('|')})\\s*:\\s*([1-9]\\d{0,2})\\s*(,\\s*(${PROBLEM_KINDS.join('|')})\\s*:\\s*([1-9]\\d{0,2})\\s*)*$`);

const DEADLINE_DAYS_MESSAGE = `must be kind:days pairs, e.g. fire:1,dust:3 (kinds: ${PROBLEM_KINDS.join(', ')}; days 1–365)`;

/** `fire:1,dust:3` → the default days with those kinds changed. */
function parseDeadlineDays(text: string): Record<ProblemKind, number> {
  const days = { ...DEFAULT_RULES.problemDeadlineDays };
  for (const pair of text.split(',')) {
    const [kind, value] = pair.split(':').map((s) => s.trim()) as [ProblemKind, string];
    days[kind] = Number(value);
  }
  return days;
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const ConfigSchema = z
  .object({
    BOT_TOKEN: z
      .string({ error: 'is required' })
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456789:AA… (the token BotFather gave you)'),
    TELEGRAM_API_ROOT: optionalText.pipe(z.url({ error: 'must be a URL such as https://api.telegram.org' }).optional()),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// or postgres:// (PostgreSQL)')
        .optional(),
    ),
    ADMIN_IDS: optionalText.pipe(
      z
        .string()
        .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be a comma-separated list of numeric Telegram user ids')
        .optional(),
    ),
    TIMEZONE: optionalText.pipe(z.string().refine(isTimeZone, 'is not a known IANA time zone').optional()),
    DEFAULT_LOCALE: optionalText.pipe(z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).optional()),
    WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    WEBHOOK_SECRET: optionalText.pipe(
      z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1–256 characters of A–Z, a–z, 0–9, _ and -').optional(),
    ),
    HOST: optionalText,
    PORT: optionalText.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, 'must be a port number (0–65535)')
        .transform(Number)
        .refine((port) => port <= 65535, 'must be a port number (0–65535)')
        .optional(),
    ),
    LOG_LEVEL: optionalText.pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be a pino level' }).optional(),
    ),
    ORG_FILE: optionalText,
    EVIDENCE_DIR: optionalText,
    YELLOW_DAYS: optionalText.pipe(z.string().regex(/^\d{1,2}$/, 'must be a whole number of days (0–99)').transform(Number).optional()),
    CORRECTION_HOURS: optionalText.pipe(
      z
        .string()
        .regex(/^\d{1,3}$/, 'must be a whole number of hours (1–168)')
        .transform(Number)
        .refine((hours) => hours >= 1 && hours <= 168, 'must be a whole number of hours (1–168)')
        .optional(),
    ),
    STALE_DAYS: optionalText.pipe(z.string().regex(/^[1-9]\d?$/, 'must be a whole number of days (1–99)').transform(Number).optional()),
    ESCALATION_GRACE_DAYS: optionalText.pipe(
      z.string().regex(/^\d{1,2}(,\d{1,2})*$/, 'must be comma-separated days, e.g. 2,5').transform((v) => v.split(',').map(Number)).optional(),
    ),
    QUIET_HOURS: optionalText.pipe(
      z.string().regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be HH:MM-HH:MM (e.g. 22:00-07:30) or off').optional(),
    ),
    WORKDAYS_ONLY: optionalText.pipe(z.enum(['true', 'false'], { error: 'must be true or false' }).optional()),
    PROBLEM_DEADLINE_DAYS: optionalText.pipe(
      z
        .string()
        .regex(DEADLINE_DAYS_PATTERN, DEADLINE_DAYS_MESSAGE)
        .transform(parseDeadlineDays)
        .refine((days) => Object.values(days).every((d) => d <= 365), DEADLINE_DAYS_MESSAGE)
        .optional(),
    ),
    ALERT_RESEND_MINUTES: optionalText.pipe(
      z
        .string()
        .regex(/^\d{1,4}$/, 'must be a whole number of minutes (1–1440)')
        .transform(Number)
        .refine((minutes) => minutes >= 1 && minutes <= 1440, 'must be a whole number of minutes (1–1440)')
        .optional(),
    ),
    PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://duban.example.gov.cn' }).optional()),
    ALERT_MAX_SENDS: optionalText.pipe(z.string().regex(/^([1-9]|10)$/, 'must be a whole number of copies (1–10)').transform(Number).optional()),
    OUTBOX_RETENTION_DAYS: optionalText.pipe(z.string().regex(/^[1-9]\d{0,3}$/, 'must be a whole number of days (1–9999)').transform(Number).optional()),
    // Telegram re-delivers an update for a day at most: a shorter memory could handle one twice.
    UPDATE_RETENTION_DAYS: optionalText.pipe(z.string().regex(/^([2-9]|[1-9]\d{1,2})$/, 'must be a whole number of days (2–999)').transform(Number).optional()),
    DATABASE_POOL_SIZE: optionalText.pipe(z.string().regex(/^([1-9]|[1-9]\d|100)$/, 'must be a whole number of connections (1–100)').transform(Number).optional()),
  })
  .superRefine((env, ctx) => {
    if (env.WEBHOOK_URL && !env.WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'is required when WEBHOOK_URL is set' });
    }
  });

export interface Config {
  botToken: string;
  telegramApiRoot: string | undefined;
  databaseUrl: string;
  adminIds: ReadonlySet<number>;
  timeZone: string;
  defaultLocale: Locale;
  webhook: { url: string; secret: string } | undefined;
  http: { host: string; port: number };
  logLevel: string;
  orgFile: string;
  /** Where copies of evidence photos and documents are kept. */
  evidenceDir: string;
  rules: Rules;
  /** Where the bot is reachable from outside: DingTalk and Feishu robots fetch chart images from here. */
  publicUrl: string | undefined;
  /** The robots' signing secrets by variable name (the organisation file names the variable). */
  robotSecrets: ReadonlyMap<string, string>;
  /** Days a sent or failed outbox row (with a chart's PNG) and a handled update id are kept: pruned every hour. */
  retention: { outboxDays: number; updateDays: number };
  /** PostgreSQL: connections in this instance's pool (Prisma's, besides the one session connection). */
  databasePoolSize: number;
}

/** Defaults of the retention settings and the pool. */
const RETENTION_DEFAULTS = { outboxDays: 30, updateDays: 7 } as const;
const DEFAULT_POOL_SIZE = 10;

type ConfigResult = { ok: true; config: Config } | { ok: false; error: string };

/** Validates the environment once; the error names the variable and never echoes a value. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const message = issue.code === 'invalid_type' && env[variable] === undefined ? 'is required' : issue.message;
    return { ok: false, error: `Configuration error: ${variable} ${message}` };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      botToken: e.BOT_TOKEN,
      telegramApiRoot: e.TELEGRAM_API_ROOT,
      databaseUrl: e.DATABASE_URL ?? DEFAULT_DATABASE_URL,
      adminIds: new Set((e.ADMIN_IDS ?? '').split(',').filter((s) => s.trim() !== '').map((s) => Number(s.trim()))),
      // Not the process TZ: servers commonly run in UTC while the county lives in its own zone.
      timeZone: e.TIMEZONE ?? 'Asia/Shanghai',
      defaultLocale: e.DEFAULT_LOCALE ?? 'zh-CN',
      webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } : undefined,
      http: { host: e.HOST ?? '127.0.0.1', port: e.PORT ?? 8080 },
      logLevel: e.LOG_LEVEL ?? 'info',
      orgFile: e.ORG_FILE ?? 'prisma/org.yaml',
      evidenceDir: e.EVIDENCE_DIR ?? DEFAULT_EVIDENCE_DIR,
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      robotSecrets: robotSecretsFrom(env),
      retention: { outboxDays: e.OUTBOX_RETENTION_DAYS ?? RETENTION_DEFAULTS.outboxDays, updateDays: e.UPDATE_RETENTION_DAYS ?? RETENTION_DEFAULTS.updateDays },
      databasePoolSize: e.DATABASE_POOL_SIZE ?? DEFAULT_POOL_SIZE,
      rules: {
        ...DEFAULT_RULES,
        yellowDays: e.YELLOW_DAYS ?? DEFAULT_RULES.yellowDays,
        staleDays: e.STALE_DAYS ?? DEFAULT_RULES.staleDays,
        correctionHours: e.CORRECTION_HOURS ?? DEFAULT_RULES.correctionHours,
        escalationGraceDays: e.ESCALATION_GRACE_DAYS ?? DEFAULT_RULES.escalationGraceDays,
        problemDeadlineDays: e.PROBLEM_DEADLINE_DAYS ?? DEFAULT_RULES.problemDeadlineDays,
        alerts: {
          resendMinutes: e.ALERT_RESEND_MINUTES ?? DEFAULT_RULES.alerts.resendMinutes,
          maxSends: e.ALERT_MAX_SENDS ?? DEFAULT_RULES.alerts.maxSends,
        },
        schedule: {
          ...DEFAULT_RULES.schedule,
          workdaysOnly: e.WORKDAYS_ONLY === undefined ? DEFAULT_RULES.schedule.workdaysOnly : e.WORKDAYS_ONLY === 'true',
          quietHours:
            e.QUIET_HOURS === undefined
              ? DEFAULT_RULES.schedule.quietHours
              : e.QUIET_HOURS === 'off'
                ? null
                : { from: e.QUIET_HOURS.slice(0, 5), to: e.QUIET_HOURS.slice(6) },
        },
      },
    },
  };
}

/** The process environment with `.env` (if present) loaded underneath it. */
export function readEnvironment(envFile = '.env'): Record<string, string | undefined> {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return { ...process.env };
}
