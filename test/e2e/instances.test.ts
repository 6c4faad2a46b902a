import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { privateChat, startFakeTelegram, user } from '../support/fake-telegram/index.ts';
import { startHarness, TEST_TOKEN, type Harness } from '../support/harness.ts';
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

describe.skipIf(!pg.ok)('roles across instances on PostgreSQL', () => {
  it('a grant and a revoke on one instance hold on the other within a second', async () => {
    const schema = await createTempPgSchema('duban_roles');
    cleanups.push(() => schema.drop());
    const office = user(6001, { first_name: '办公室', username: 'office_wang' });
    const zhao = user(6002, { first_name: '赵', username: 'zhao_x' });
    const one: Harness = await startHarness({ adminIds: [office.id], databaseUrl: schema.url });
    cleanups.push(() => one.close());
    const two: Harness = await startHarness({ adminIds: [office.id], databaseUrl: schema.url });
    cleanups.push(() => two.close());
    const alert = '/alert 橙色 启动橙色预警响应';
    const refused = '没有使用 /alert 的权限';

    // One bot's update ids are one sequence, whichever instance gets them: the two fakes must not repeat them.
    const first = await two.tg.pushAndWait({ update_id: 50_000, ...two.tg.message({ from: zhao, chat: privateChat(zhao), text: alert }) });
    // Instance 2 knows 赵 as a member (and caches the row); instance 1 makes 赵 an admin.
    expect(String(first.params.text)).toContain(refused);
    expect(await one.say(office, privateChat(office), '/grant @zhao_x admin')).toContain('赵');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await two.say(zhao, privateChat(zhao), alert)).not.toContain(refused);

    // Revoked on instance 1: refused on instance 2, whose cache held the admin row a moment ago.
    expect(await one.say(office, privateChat(office), '/revoke @zhao_x')).toContain('已取消');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await two.say(zhao, privateChat(zhao), alert)).toContain(refused);
  }, 60_000);
});
