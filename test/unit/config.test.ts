import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('parseConfig', () => {
  it('fills the documented defaults from a token alone', () => {
    const result = parseConfig({ BOT_TOKEN: TOKEN });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      botToken: TOKEN,
      telegramApiRoot: undefined,
      databaseUrl: 'file:./data/duban.db',
      timeZone: 'Asia/Shanghai',
      defaultLocale: 'zh-CN',
      webhook: undefined,
      http: { host: '127.0.0.1', port: 8080 },
      retention: { outboxDays: 30, updateDays: 7 },
      databasePoolSize: 10,
    });
    expect([...result.config.adminIds]).toEqual([]);
  });

  it('reads every variable', () => {
    const result = parseConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      DATABASE_URL: 'postgresql://localhost/duban',
      ADMIN_IDS: '11, 22,33',
      TIMEZONE: 'Asia/Urumqi',
      DEFAULT_LOCALE: 'en',
      WEBHOOK_URL: 'https://bot.example.org/tg/hook',
      WEBHOOK_SECRET: 's3cret_-x',
      PORT: '0',
      HOST: '0.0.0.0',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.config.adminIds]).toEqual([11, 22, 33]);
    expect(result.config.webhook).toEqual({ url: 'https://bot.example.org/tg/hook', secret: 's3cret_-x' });
    expect(result.config).toMatchObject({ timeZone: 'Asia/Urumqi', defaultLocale: 'en', http: { host: '0.0.0.0', port: 0 } });
  });

  it('reads the retention settings and the pool size', () => {
    const result = parseConfig({ BOT_TOKEN: TOKEN, OUTBOX_RETENTION_DAYS: '365', UPDATE_RETENTION_DAYS: '14', DATABASE_POOL_SIZE: '4' });
    if (!result.ok) throw new Error(result.error);
    expect(result.config.retention).toEqual({ outboxDays: 365, updateDays: 14 });
    expect(result.config.databasePoolSize).toBe(4);
  });

  it('reads the problem deadlines and the alert roll-call rules, changing only the kinds named', () => {
    const result = parseConfig({ BOT_TOKEN: TOKEN, PROBLEM_DEADLINE_DAYS: ' fire:2, complaint : 10', ALERT_RESEND_MINUTES: '5', ALERT_MAX_SENDS: '4' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.rules.problemDeadlineDays).toEqual({ fire: 2, dust: 3, complaint: 10, inspection: 30, other: 7 });
    expect(result.config.rules.alerts).toEqual({ resendMinutes: 5, maxSends: 4 });
    const defaults = parseConfig({ BOT_TOKEN: TOKEN });
    expect(defaults.ok && defaults.config.rules.alerts).toEqual({ resendMinutes: 15, maxSends: 3 });
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    const result = parseConfig({ BOT_TOKEN: TOKEN, ADMIN_IDS: '', WEBHOOK_URL: '  ', TELEGRAM_API_ROOT: '' });
    expect(result.ok && result.config.webhook === undefined && result.config.telegramApiRoot === undefined).toBe(true);
  });

  it.each([
    [{}, 'BOT_TOKEN is required'],
    [{ BOT_TOKEN: 'nonsense' }, 'BOT_TOKEN must look like'],
    [{ BOT_TOKEN: TOKEN, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with'],
    [{ BOT_TOKEN: TOKEN, ADMIN_IDS: '12,abc' }, 'ADMIN_IDS must be'],
    [{ BOT_TOKEN: TOKEN, TIMEZONE: 'Mars/Olympus' }, 'TIMEZONE is not a known'],
    [{ BOT_TOKEN: TOKEN, DEFAULT_LOCALE: 'fr' }, 'DEFAULT_LOCALE must be one of'],
    [{ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://x.org/hook' }, 'WEBHOOK_SECRET is required when WEBHOOK_URL'],
    [{ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://x.org/h', WEBHOOK_SECRET: 'has space' }, 'WEBHOOK_SECRET must be'],
    [{ BOT_TOKEN: TOKEN, PORT: '70000' }, 'PORT must be a port number'],
    [{ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'not a url' }, 'TELEGRAM_API_ROOT must be a URL'],
    [{ BOT_TOKEN: TOKEN, PROBLEM_DEADLINE_DAYS: 'smoke:2' }, 'PROBLEM_DEADLINE_DAYS must be kind:days pairs'],
    [{ BOT_TOKEN: TOKEN, PROBLEM_DEADLINE_DAYS: 'fire:0' }, 'PROBLEM_DEADLINE_DAYS must be kind:days pairs'],
    [{ BOT_TOKEN: TOKEN, PROBLEM_DEADLINE_DAYS: 'fire:400' }, 'PROBLEM_DEADLINE_DAYS must be kind:days pairs'],
    [{ BOT_TOKEN: TOKEN, ALERT_RESEND_MINUTES: '0' }, 'ALERT_RESEND_MINUTES must be'],
    [{ BOT_TOKEN: TOKEN, ALERT_RESEND_MINUTES: '15m' }, 'ALERT_RESEND_MINUTES must be'],
    [{ BOT_TOKEN: TOKEN, ALERT_MAX_SENDS: '11' }, 'ALERT_MAX_SENDS must be'],
    [{ BOT_TOKEN: TOKEN, OUTBOX_RETENTION_DAYS: '0' }, 'OUTBOX_RETENTION_DAYS must be'],
    [{ BOT_TOKEN: TOKEN, OUTBOX_RETENTION_DAYS: '30d' }, 'OUTBOX_RETENTION_DAYS must be'],
    [{ BOT_TOKEN: TOKEN, UPDATE_RETENTION_DAYS: '1' }, 'UPDATE_RETENTION_DAYS must be'],
    [{ BOT_TOKEN: TOKEN, DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE must be'],
    [{ BOT_TOKEN: TOKEN, DATABASE_POOL_SIZE: '101' }, 'DATABASE_POOL_SIZE must be'],
  ])('rejects %o with one line naming the variable', (env, expected) => {
    const result = parseConfig(env as Record<string, string>);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(`Configuration error: ${expected}`);
    expect(result.error.split('\n')).toHaveLength(1);
  });

  it('never echoes the token, even a malformed one', () => {
    const secret = '99:short-but-secret';
    const result = parseConfig({ BOT_TOKEN: secret });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe('the documented configuration', () => {
  const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const variables = [...read('src/config/index.ts').matchAll(/^ {4}([A-Z][A-Z_]+): /gm)].map((m) => m[1]!);

  it('lists every variable the configuration reads, in the README table and in .env.example', () => {
    expect(variables.length).toBeGreaterThan(20);
    const readme = read('README.md');
    const example = read('.env.example');
    expect(variables.filter((v) => !readme.includes(`| \`${v}\``) && !readme.includes(`, \`${v}\` |`))).toEqual([]);
    expect(variables.filter((v) => !new RegExp(`^#? ?${v}=`, 'm').test(example))).toEqual([]);
  });
});
