import { execFileSync, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { privateChat, startFakeTelegram, user, type FakeTelegram } from '../support/fake-telegram/index.ts';
import { childArgs, productionNodeOptions } from '../support/children.ts';
import { startHarness, TEST_TOKEN, type Harness } from '../support/harness.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
/** The children still running: each is killed after its test, whatever the test did. */
const children = new Set<ReturnType<typeof spawn>>();

/**
 * Runs `npm start`'s entry point as a child process, the way a person would, but in an empty folder of its own:
 * the clone's `.env` (which may hold a real token) and `./data` are never seen.
 */
function startBot(env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, childArgs('src/main.ts'), {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ORG_FILE: join(ROOT, 'prisma/org.yaml'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('the bot as a process', () => {
  let tg: FakeTelegram;
  let dir: string;
  beforeAll(async () => {
    tg = await startFakeTelegram();
    dir = mkdtempSync(join(tmpdir(), 'duban-proc-'));
  });
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
  });
  afterAll(async () => {
    await tg.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on a fresh database, answers /start, and exits 0 on SIGTERM', async () => {
    const env = { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_URL: `file:${join(dir, 'p.db')}`, PORT: '0' };
    const bot = startBot(env, dir);
    // deleteWebhook is the last call before polling starts; a long poll is never "done" while it waits.
    await tg.waitForCall('deleteWebhook', { timeoutMs: 20_000 });
    const alice = user(3001, { first_name: 'Alice', language_code: 'en' });
    const reply = await tg.pushAndWait(tg.message({ from: alice, text: '/start' }), 'sendMessage', { timeoutMs: 10_000 });
    expect(String(reply.params.text)).toContain('Duban');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toContain('"msg":"migrations applied"');
    expect(bot.output()).not.toContain(TEST_TOKEN);
    // Every line is JSON, the stop included: a log collector reads them all the same way.
    for (const line of bot.output().trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
    expect(bot.output()).toContain('"msg":"stopping: finishing updates in flight"');

    // A second start applies no migration and seeds nothing again.
    const again = startBot(env, dir);
    const since = tg.mark();
    await tg.waitForCall('deleteWebhook', { timeoutMs: 20_000, since });
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
    expect(again.output()).not.toContain('migrations applied');
    expect(again.output()).not.toContain('default organisation loaded');
  }, 60_000);

  it('npm run start:prod runs the compiled JavaScript with node alone, and SIGTERM to its PID exits 0 with nothing left', async () => {
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod'];
    // V8's helper threads sized to the machine's cores (Node's default is 4 whatever the machine): on 2 cores an idle
    // bot's one memory-reducer GC cost a third less CPU with 1 helper than with 4 (bench/footprint.ts).
    expect(script).toBe('exec node --v8-pool-size=0 dist/src/main.js');
    // Built into a folder of its own inside the checkout (node finds node_modules from there), removed after.
    const out = mkdtempSync(join(ROOT, '.test-build-'));
    try {
      execFileSync(process.execPath, childArgs('scripts/build.ts', '--out', out), { stdio: 'pipe', timeout: 240_000 });
      // The script as npm runs it (sh -c), its dist/ being the test's build, in an empty folder: exec leaves one PID.
      const env = { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_URL: `file:${join(dir, 'prod.db')}`, PORT: '0' };
      const child = spawn('sh', ['-c', script!.replace('dist/', `${out}/`)], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ORG_FILE: join(ROOT, 'prisma/org.yaml'),
          // The tests' orphan guard (TypeScript, so through tsx) comes in from the environment; the command stays npm's.
          NODE_OPTIONS: childArgs('src/main.ts').slice(0, 4).join(' '),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const since = tg.mark();
      await tg.waitForCall('deleteWebhook', { timeoutMs: 30_000, since });
      const bob = user(3002, { first_name: 'Bob', language_code: 'en' });
      const reply = await tg.pushAndWait(tg.message({ from: bob, text: '/start' }), 'sendMessage', { timeoutMs: 10_000 });
      expect(String(reply.params.text)).toContain('Duban');
      // One process, node on the compiled entry: sh exec'd it, as npm's script does.
      expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1)).toEqual([...productionNodeOptions(), `${out}/src/main.js`]);
      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      expect(() => process.kill(child.pid!, 0)).toThrow();
      for (const line of output.trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);

  it('the systemd unit, the image and npm start run node with the production start\'s options', () => {
    const options = productionNodeOptions();
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start']).toBe(['exec node', ...options, '--import tsx src/main.ts'].join(' '));
    expect(readFileSync(join(ROOT, 'deploy/duban.service'), 'utf8')).toContain(`\nExecStart=${['/usr/bin/node', ...options, 'dist/src/main.js'].join(' ')}\n`);
    expect(readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8')).toContain(`\nCMD ${JSON.stringify(['node', ...options, 'dist/src/main.js']).replaceAll(',', ', ')}\n`);
  });

  it('says when Telegram cannot be reached, tries again with back-off, and stops at once on SIGTERM meanwhile', async () => {
    // A port nobody listens on: every try is refused at once.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const root = `http://127.0.0.1:${port}`;
    const env = { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: root, DATABASE_URL: `file:${join(dir, 'away.db')}`, PORT: '0' };
    const bot = startBot(env, dir);
    // A loaded machine may take 20 s to get this far: migrations, the organisation, then the first tries.
    const deadline = Date.now() + 60_000;
    while (!bot.output().includes('(retrying in 2 s)')) {
      if (Date.now() > deadline) throw new Error(`no retry line: ${bot.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(bot.output()).toContain(`"msg":"cannot reach the Telegram Bot API at ${root} (retrying in 1 s)"`);
    // Each try is one request, so the line says why it failed, not that a retry of its own was cut short.
    expect(bot.output()).toContain('ECONNREFUSED');
    const stoppedAt = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(3000);
    expect(bot.output()).not.toContain('could not start');

    // An address that takes the connection and never answers: SIGTERM while the first try hangs.
    const sockets = new Set<Socket>();
    const blackhole = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    try {
      const silent = startBot({ ...env, TELEGRAM_API_ROOT: `http://127.0.0.1:${(blackhole.address() as { port: number }).port}` }, dir);
      for (let i = 0; i < 600 && sockets.size === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sockets.size).toBeGreaterThan(0);
      const at = Date.now();
      silent.child.kill('SIGTERM');
      expect(await silent.exited).toBe(0);
      expect(Date.now() - at).toBeLessThan(3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackhole.close(() => resolve()));
    }
  }, 120_000);

  it.each([
    [409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running', 'long polling is one instance only; to run several instances, set WEBHOOK_URL'],
    [401, 'Unauthorized', 'Telegram no longer accepts the bot token (401 Unauthorized)'],
  ])('a %i while polling is one clear line and exit 1, never a stack trace', async (code, description, line) => {
    const env = { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_URL: `file:${join(dir, `poll-${code}.db`)}`, PORT: '0' };
    tg.onRequest = ({ method }) => (method === 'getUpdates' ? { reply: { ok: false, error_code: code, description } } : undefined);
    try {
      const bot = startBot(env, dir);
      expect(await bot.exited, bot.output()).toBe(1);
      expect(bot.output()).toContain(line);
      expect(bot.output()).not.toMatch(/\n\s+at /);
      for (const text of bot.output().trim().split('\n')) expect(() => JSON.parse(text), text).not.toThrow();
      expect(bot.output()).not.toContain(TEST_TOKEN);
    } finally {
      tg.onRequest = undefined;
    }
  }, 60_000);

  it('a bot started by a test stops by itself when the test runner is killed and cannot kill it', async () => {
    // A stand-in for the runner: it starts the bot the way the tests do, says the bot's PID, and is SIGKILLed.
    const env = { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_URL: `file:${join(dir, 'orphan.db')}`, PORT: '0' };
    const runnerScript = [
      "const { spawn } = await import('node:child_process');",
      // childArgs names the process that calls it as the parent; here the stand-in is the parent.
      `const args = ${JSON.stringify(childArgs('src/main.ts'))}.map((a) => a.replace(/\\?parent=\\d+$/, '?parent=' + process.pid));`,
      `const bot = spawn(process.execPath, args, { env: ${JSON.stringify({ PATH: process.env.PATH ?? '', ORG_FILE: join(ROOT, 'prisma/org.yaml'), ...env })}, cwd: ${JSON.stringify(dir)}, stdio: 'ignore' });`,
      'process.stdout.write(String(bot.pid) + "\\n");',
      'setInterval(() => undefined, 1000);',
    ].join('\n');
    const since = tg.mark();
    const runner = spawn(process.execPath, ['--input-type=module', '-e', runnerScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(runner);
    let botPid = 0;
    try {
      botPid = await new Promise<number>((resolve, reject) => {
        runner.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
        runner.once('exit', () => reject(new Error('the runner exited before starting the bot')));
      });
      // Dead once it has exited: an orphan's zombie waits for init to reap it, and kill(pid, 0) would still find it.
      const alive = (pid: number) => {
        try {
          return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return false;
        }
      };
      await tg.waitForCall('deleteWebhook', { timeoutMs: 30_000, since });
      expect(alive(botPid)).toBe(true);
      runner.kill('SIGKILL');
      // Half a second once its event loop is free; a loaded machine may keep it busy a while longer.
      for (let i = 0; i < 300 && alive(botPid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(alive(botPid), 'the orphaned bot is still running').toBe(false);
    } finally {
      runner.kill('SIGKILL');
      if (botPid) {
        try {
          process.kill(botPid, 'SIGKILL');
        } catch {
          // already gone: what the test wants
        }
      }
    }
  }, 60_000);

  it('stops with one clear line naming a missing or malformed variable, and no token', async () => {
    const missing = startBot({}, dir);
    expect(await missing.exited).toBe(1);
    expect(missing.output().trim()).toBe('Configuration error: BOT_TOKEN is required');

    const malformed = startBot({ BOT_TOKEN: TEST_TOKEN, DATABASE_URL: 'mysql://nope' }, dir);
    expect(await malformed.exited).toBe(1);
    expect(malformed.output().trim()).toBe('Configuration error: DATABASE_URL must start with file: (SQLite) or postgresql:// or postgres:// (PostgreSQL)');
    expect(malformed.output()).not.toContain(TEST_TOKEN);
  }, 30_000);
});

describe('webhook mode', () => {
  let h: Harness;
  const secret = 'webhook_secret-123';
  beforeAll(async () => {
    h = await startHarness({ env: { WEBHOOK_URL: 'https://duban.example.org/telegram/hook', WEBHOOK_SECRET: secret } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (body: unknown, headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${h.app.httpPort}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('registers the webhook with its secret instead of polling', () => {
    expect(h.tg.calls('setWebhook')[0]?.params).toMatchObject({ url: 'https://duban.example.org/telegram/hook', secret_token: secret });
    expect(h.tg.calls('getUpdates')).toHaveLength(0);
  });

  it('rejects requests without the right secret and handles the rest once', async () => {
    const carol = user(4001, { first_name: 'Carol', language_code: 'en' });
    const update = { update_id: 9001, ...h.tg.message({ from: carol, chat: privateChat(carol), text: '/start' }) };
    expect((await post(update, {})).status).toBe(401);
    expect((await post(update, { 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
    expect(h.tg.sent(carol.id)).toHaveLength(0);

    expect((await post(update, { 'X-Telegram-Bot-Api-Secret-Token': secret })).status).toBe(200);
    // Telegram retries a webhook it thinks failed: the retry is acknowledged and not handled again.
    expect((await post(update, { 'X-Telegram-Bot-Api-Secret-Token': secret })).status).toBe(200);
    expect(h.tg.sent(carol.id)).toHaveLength(1);
    expect(h.tg.sent(carol.id)[0]).toContain('Duban');
  });

  it('refuses what it cannot use with 400, never 500, and goes on handling updates', async () => {
    const raw = (body: string) =>
      fetch(`http://127.0.0.1:${h.app.httpPort}/telegram/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
        body,
      });
    for (const body of ['{"update_id": 12, "message": ', '[]', '[{"update_id": 13}]', 'null', '42', '"update"', '{}', '{"message": {}}', '{"update_id": "14"}', '{"update_id": -1}', '']) {
      expect((await raw(body)).status, body).toBe(400);
    }
    const dave = user(4002, { first_name: 'Dave', language_code: 'en' });
    const update = { update_id: 9002, ...h.tg.message({ from: dave, chat: privateChat(dave), text: '/start' }) };
    expect((await post(update, { 'X-Telegram-Bot-Api-Secret-Token': secret })).status).toBe(200);
    expect(h.tg.sent(dave.id)).toHaveLength(1);
  });

  it('refuses a body over 1 MB while reading it (413), without reading the rest', async () => {
    // Declared too large: refused before a byte of it is read.
    const declared = await fetch(`http://127.0.0.1:${h.app.httpPort}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(declared.status).toBe(413);

    // Streamed without a length (chunked), 300 MB if it were let: refused once 1 MB has come, and the
    // connection closed, so the writer stops long before the end.
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const { status, written } = await new Promise<{ status: number; written: number }>((resolve, reject) => {
      let written = 0;
      let answered: number | undefined;
      const req = request({ host: '127.0.0.1', port: h.app.httpPort, path: '/telegram/hook', method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': secret } }, (res) => {
        answered = res.statusCode;
        res.resume();
      });
      const finish = () => (answered === undefined ? reject(new Error('no answer')) : resolve({ status: answered, written }));
      req.on('error', finish);
      req.on('close', finish);
      const pump = () => {
        while (answered === undefined && written < 300 * 1024 * 1024 && !req.destroyed) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
    console.log(`[webhook] a 300 MB chunked body refused with ${status} after ${(written / 1024 / 1024).toFixed(1)} MB were written`);
    expect(status).toBe(413);
    expect(written).toBeLessThan(50 * 1024 * 1024);
    expect((await fetch(`http://127.0.0.1:${h.app.httpPort}/healthz`)).status).toBe(200);
  });
});
