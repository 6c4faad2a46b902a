/**
 * The image of deploy/Dockerfile, built and started the way a county's server would run it: non-root, the
 * HEALTHCHECK passing, the bot answering through the fake Bot API, and `stop` ending it with exit 0.
 *
 * It needs podman or docker that can start containers, and a Node base image on the machine (node:20-bookworm-slim,
 * or the stand-in deploy/stand-in-node-image.sh builds where Docker Hub is out of reach; TEST_NODE_IMAGE names
 * another). Where any of that is missing it says so loudly and skips.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateChat, startFakeTelegram, user, type FakeTelegram } from '../support/fake-telegram/index.ts';
import { TEST_TOKEN } from '../support/harness.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const IMAGE = 'localhost/duban:test';

type Readiness = { ok: true; engine: string; nodeImage: string } | { ok: false; reason: string };

async function engine(bin: string, args: string[], timeoutMs = 60_000) {
  return run(bin, args, { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
}

const lastLine = (err: unknown) => String((err as { stderr?: string }).stderr || (err as Error).message).trim().split('\n').pop();

async function readiness(): Promise<Readiness> {
  const found: string[] = [];
  for (const bin of ['podman', 'docker']) {
    try {
      await engine(bin, ['--version'], 10_000);
      found.push(bin);
    } catch {
      // not installed
    }
  }
  if (found.length === 0) return { ok: false, reason: 'neither podman nor docker is installed' };
  const reasons: string[] = [];
  for (const bin of found) {
    const candidates = [process.env.TEST_NODE_IMAGE, 'node:20-bookworm-slim', 'localhost/duban-node-base:20'].filter((c): c is string => Boolean(c));
    let nodeImage: string | undefined;
    for (const candidate of candidates) {
      try {
        await engine(bin, ['image', 'inspect', candidate], 20_000);
        nodeImage = candidate;
        break;
      } catch {
        // not on this machine
      }
    }
    if (!nodeImage) {
      reasons.push(`${bin}: no Node base image here (pull node:20-bookworm-slim, or run deploy/stand-in-node-image.sh)`);
      continue;
    }
    try {
      await engine(bin, ['run', '--rm', '--network=host', nodeImage, 'node', '-e', '0'], 60_000);
      return { ok: true, engine: bin, nodeImage };
    } catch (err) {
      reasons.push(`${bin} cannot start a container here: ${lastLine(err)}`);
    }
  }
  return { ok: false, reason: reasons.join('; ') };
}

const ready = await readiness();
if (!ready.ok) {
  const bar = '!'.repeat(100);
  console.warn(`\n${bar}\n!! SKIPPED: the container image test (deploy/Dockerfile)\n!! ${ready.reason}\n${bar}\n`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!ready.ok)('the container image', () => {
  const { engine: bin, nodeImage } = ready as Extract<Readiness, { ok: true }>;
  let tg: FakeTelegram;
  let container = '';
  beforeAll(async () => {
    tg = await startFakeTelegram();
    // podman writes OCI images by default, which drop HEALTHCHECK; the docker format keeps it.
    await engine(bin, ['build', ...(bin === 'podman' ? ['--format', 'docker'] : []), '--build-arg', `NODE_IMAGE=${nodeImage}`, '-f', 'deploy/Dockerfile', '-t', IMAGE, '.'], 15 * 60_000);
  }, 16 * 60_000);
  afterAll(async () => {
    if (container) await engine(bin, ['rm', '-f', container]).catch(() => undefined);
    await tg?.close();
  });

  it('runs as a non-root user, passes its HEALTHCHECK, answers /start, and stops with exit 0', async () => {
    const port = await freePort();
    // The host's network: the fake Bot API listens on 127.0.0.1 only, as every test server does.
    const started = await engine(bin, ['run', '-d', '--network=host', '-e', `BOT_TOKEN=${TEST_TOKEN}`, '-e', `TELEGRAM_API_ROOT=${tg.apiRoot}`, '-e', 'HOST=127.0.0.1', '-e', `PORT=${port}`, IMAGE]);
    container = started.stdout.trim();
    await tg.waitForCall('deleteWebhook', { timeoutMs: 60_000 });

    const uid = await engine(bin, ['exec', container, 'id', '-u']);
    expect(uid.stdout.trim()).not.toBe('0');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    if (bin === 'podman') await engine(bin, ['healthcheck', 'run', container]);

    const alice = user(5101, { first_name: 'Alice', language_code: 'en' });
    const reply = await tg.pushAndWait(tg.message({ from: alice, chat: privateChat(alice), text: '/start' }), 'sendMessage', { timeoutMs: 20_000 });
    expect(String(reply.params.text)).toContain('Duban');

    await engine(bin, ['stop', '-t', '20', container], 60_000);
    const exit = await engine(bin, ['inspect', '--format', '{{.State.ExitCode}}', container]);
    expect(exit.stdout.trim()).toBe('0');
    const logs = await engine(bin, ['logs', container]);
    expect(logs.stdout + logs.stderr).not.toContain(TEST_TOKEN);
  }, 180_000);
});
