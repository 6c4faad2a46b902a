import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, HttpError, InputFile } from 'grammy';
import { botApiClient } from '../../src/bot/bot-api-fetch.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/index.ts';
import { TEST_TOKEN } from '../support/harness.ts';
import { killAll, spawnChild, type ChildProcess } from '../support/bot-processes.ts';

describe('the Bot API calls over node:http (botApiClient)', () => {
  let tg: FakeTelegram;
  let api: Api;
  beforeAll(async () => {
    tg = await startFakeTelegram();
    api = new Api(TEST_TOKEN, botApiClient(tg.apiRoot));
  });
  afterAll(async () => {
    await tg?.close();
  });

  it('sends a call as JSON and returns its result', async () => {
    const sent = await api.sendMessage(-100123, '<b>城关镇</b> 已报送', { parse_mode: 'HTML' });
    expect(sent.text).toBe('城关镇 已报送');
    const call = tg.calls('sendMessage').at(-1)!;
    expect(call.params).toMatchObject({ chat_id: -100123, text: '<b>城关镇</b> 已报送', parse_mode: 'HTML' });
  });

  it('uploads a file as multipart, byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    await api.sendDocument(-100123, new InputFile(bytes, '台账.xlsx'), { caption: '本周台账' });
    const call = tg.calls('sendDocument').at(-1)!;
    expect(call.params.caption).toBe('本周台账');
    expect(call.files?.[0]?.filename).toBe('台账.xlsx');
    expect(Buffer.compare(call.files![0]!.bytes, bytes)).toBe(0);
  });

  it('gives up a call when its signal aborts (a long poll as the runner stops)', async () => {
    tg.onRequest = (req) => (req.method === 'getMe' ? { delayMs: 30_000 } : undefined);
    try {
      const controller = new AbortController();
      const call = api.getMe(controller.signal as Parameters<typeof api.getMe>[0]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const abortedAt = performance.now();
      controller.abort();
      await expect(call).rejects.toBeInstanceOf(HttpError);
      expect(performance.now() - abortedAt).toBeLessThan(5_000);
    } finally {
      tg.onRequest = undefined;
    }
  });

  it('fails a call whose connection is dropped, as a network error, and the next call goes through', async () => {
    let dropped = false;
    tg.onRequest = (req) => {
      if (req.method !== 'getChat' || dropped) return undefined;
      dropped = true;
      return { drop: true };
    };
    try {
      await expect(api.getChat(-100123)).rejects.toBeInstanceOf(HttpError);
      expect((await api.getMe()).is_bot).toBe(true);
    } finally {
      tg.onRequest = undefined;
    }
  });

  it('reaches an https API root, as the real Bot API is', async () => {
    const tls = join(import.meta.dirname, '../support/tls');
    const paths: string[] = [];
    const server = createServer({ key: readFileSync(join(tls, '127.0.0.1.key')), cert: readFileSync(join(tls, '127.0.0.1.crt')) }, (req, res) => {
      paths.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, result: { id: 42, is_bot: true, first_name: '督办', username: 'duban_bot' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const children = new Set<ChildProcess>();
    const dir = mkdtempSync(join(tmpdir(), 'duban-tls-'));
    try {
      const root = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const child = spawnChild(children, 'test/support/bot-api-call.ts', [], { BOT_TOKEN: TEST_TOKEN, BOT_API_ROOT: root, NODE_EXTRA_CA_CERTS: join(tls, '127.0.0.1.crt') }, dir);
      expect((await child.event('called')).me).toMatchObject({ id: 42, username: 'duban_bot' });
      expect(paths).toEqual([`/bot${TEST_TOKEN}/getMe`]);
    } finally {
      killAll(children);
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
