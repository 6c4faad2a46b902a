import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { startHarness, TEST_TOKEN, type Harness } from '../support/harness.ts';

const office = user(1001, { first_name: '王', last_name: '主任', username: 'office_wang', language_code: 'zh-hans' });
const bob = user(2002, { first_name: '李四', language_code: 'zh-hans' });
const townGroup = group(-100111, '城关镇工作群');

/** The value of one series in Prometheus text, or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('what an operator sees: /metrics, /readyz, /healthz', () => {
  let h: Harness;
  const get = (path: string) => fetch(`http://127.0.0.1:${h.app.httpPort}${path}`);
  // A working Wednesday at 09:05 in the county: the morning's reminders, escalation and digest are all due.
  const now = new Date('2026-12-02T01:05:00Z');
  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => now });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('/metrics counts updates by command and outcome, Bot API calls, the outbox and job runs', async () => {
    await h.say(bob, privateChat(bob), '/start');
    await h.say(bob, privateChat(bob), '/start');
    await h.say(bob, privateChat(bob), '/lang klingon');
    await h.say(bob, townGroup, '/bind 城关镇');
    // One flood wait, as Telegram would answer it.
    let limited = false;
    h.tg.onRequest = (req) => {
      if (!limited && req.method === 'sendMessage' && Number(req.params.chat_id) === bob.id) {
        limited = true;
        return { reply: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } };
      }
      return undefined;
    };
    try {
      const since = h.tg.mark();
      h.tg.pushUpdate(h.tg.message({ from: bob, text: '/whoami' }));
      // Answered after the flood wait, by grammY's auto-retry.
      const answered = await h.tg.waitForCall('sendMessage', { chatId: bob.id, since, where: (c) => c.response?.ok === true });
      expect(answered.params.text).toContain('身份：未授权人员');
    } finally {
      h.tg.onRequest = undefined;
    }
    expect(await h.app.services.scheduler.runDue()).toEqual(['reminders:2026-12-02', 'escalations:2026-12-02', 'digest:2026-12-02']);

    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(sample(text, 'duban_updates_total{command="/start",outcome="ok"}')).toBe(2);
    expect(sample(text, 'duban_updates_total{command="/lang",outcome="invalid"}')).toBe(1);
    expect(sample(text, 'duban_updates_total{command="/bind",outcome="refused"}')).toBe(1);
    expect(sample(text, 'duban_update_handler_seconds_count{command="/start"}')).toBe(2);
    expect(sample(text, 'duban_bot_api_calls_total{method="sendMessage",status="ok"}')).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'duban_bot_api_calls_total{method="sendMessage",status="429"}')).toBe(1);
    expect(sample(text, 'duban_bot_api_429_total{method="sendMessage"}')).toBe(1);
    expect(sample(text, 'duban_bot_api_calls_total{method="getMe",status="ok"}')).toBe(1);
    expect(text).toMatch(/^duban_outbox_oldest_pending_seconds \d/m);
    expect(text).toContain('# TYPE duban_outbox_messages gauge');
    for (const job of ['reminders', 'escalations', 'digest']) {
      expect(sample(text, `duban_job_runs_total{job="${job}",outcome="ok"}`), job).toBe(1);
      expect(sample(text, `duban_job_duration_seconds_count{job="${job}"}`), job).toBe(1);
    }
    expect(sample(text, 'duban_last_digest_success_timestamp_seconds')).toBe(now.getTime() / 1000);
    expect(text).toMatch(/^duban_process_resident_memory_bytes \d/m);
  });

  it('/metrics shows the outbox by status and how long the oldest due row has waited', async () => {
    const chat = BigInt(townGroup.id);
    await h.app.services.outbox.enqueue([{ key: 'metrics-test:1', chatId: chat, kind: 'notice', method: 'sendMessage', params: { text: '测试' } }]);
    await h.app.services.outbox.enqueue([
      { key: 'metrics-test:later', chatId: chat, kind: 'notice', method: 'sendMessage', params: { text: '以后' }, notBefore: new Date(now.getTime() + 3_600_000) },
    ]);
    h.app.services.nudge();
    await h.tg.waitForCall('sendMessage', { chatId: townGroup.id, where: (c) => c.params.text === '测试' });
    await expect.poll(async () => (await h.app.database.prisma.outbox.findUnique({ where: { key: 'metrics-test:1' } }))?.status).toBe('sent');
    const text = await (await get('/metrics')).text();
    expect(sample(text, 'duban_outbox_messages{status="sent"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'duban_outbox_messages{status="pending"}')).toBe(1);
    // The row due in an hour is not late.
    expect(sample(text, 'duban_outbox_oldest_pending_seconds')).toBe(0);
  });

  it('/readyz is 200 with the database and the Bot API up, 503 naming the Bot API when it is away', async () => {
    h.tg.onRequest = (req) => (req.method === 'getMe' ? { reply: { ok: false, error_code: 502, description: 'Bad Gateway' }, status: 502 } : undefined);
    try {
      const down = await get('/readyz');
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ok: false, started: true, database: true, botApi: false });
    } finally {
      h.tg.onRequest = undefined;
    }
    const up = await get('/readyz');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ok: true, started: true, database: true, botApi: true });
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('the start takes its port before it touches the database', () => {
  let blocker: Server;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-port-'));
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a port in use fails the start before any migration runs, and creates no database', async () => {
    const port = (blocker.address() as { port: number }).port;
    const file = join(dir, 'duban.db');
    const parsed = parseConfig({
      BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      DATABASE_URL: `file:${file}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      EVIDENCE_DIR: join(dir, 'evidence'),
    });
    if (!parsed.ok) throw new Error(parsed.error);
    await expect(startApp(parsed.config, { logger: pino({ level: 'silent' }), scheduler: false })).rejects.toThrow(/EADDRINUSE/);
    expect(existsSync(file)).toBe(false);
  });
});
