import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { startFakeTelegram } from '../support/fake-telegram/index.ts';
import { TEST_TOKEN } from '../support/harness.ts';
import { killAll, spawnChild, type ChildProcess } from '../support/bot-processes.ts';
import { createTempPgSchema, pgForSuite } from '../support/postgres.ts';

/** Several instances of the bot on one PostgreSQL database, as a county running it with webhooks would. */
const pg = await pgForSuite('instances on PostgreSQL (test/e2e/instances.test.ts)');
const children = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  killAll(children);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!pg.ok)('instances on PostgreSQL', () => {
  it('three started at once on an empty database all come up, and the organisation is loaded once', async () => {
    const tg = await startFakeTelegram();
    const schema = await createTempPgSchema('duban_start_race');
    const dir = mkdtempSync(join(tmpdir(), 'duban-instances-'));
    cleanups.push(() => tg.close(), () => schema.drop(), () => rmSync(dir, { recursive: true, force: true }));
    const env = {
      BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: tg.apiRoot,
      DATABASE_URL: schema.url,
      PORT: '0',
      WEBHOOK_URL: 'https://duban.example.org/telegram/hook',
      WEBHOOK_SECRET: 'race-secret',
    };
    const bots = [1, 2, 3].map(() => spawnChild(children, 'src/main.ts', [], env, dir));
    const deadline = Date.now() + 60_000;
    while (!bots.every((bot) => bot.output().includes('"msg":"duban started"'))) {
      const dead = bots.find((bot) => bot.output().includes('could not start'));
      if (dead) throw new Error(`an instance died at start: ${dead.output()}`);
      if (Date.now() > deadline) throw new Error(`not all started: ${bots.map((b) => b.output()).join('\n---\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const bot of bots) bot.kill('SIGTERM');
    for (const bot of bots) expect((await bot.exited).code, bot.output()).toBe(0);
    const loaded = bots.filter((bot) => bot.output().includes('default organisation loaded'));
    expect(loaded).toHaveLength(1);

    const database = await openDatabase(schema.url);
    try {
      expect(await database.prisma.auditLog.count({ where: { action: 'org.import' } })).toBe(1);
      const units = await database.prisma.unit.findMany({ select: { name: true } });
      expect(units.length).toBeGreaterThan(20);
      expect(new Set(units.map((u) => u.name)).size).toBe(units.length);
    } finally {
      await database.close();
    }
  }, 120_000);
});
