/**
 * Fan-out bench: the morning reminders for N unit groups (default 500) through the real delivery engine
 * against a fake Bot API that enforces Telegram's flood limits (30 messages a second for the bot, 20 a
 * minute per group, answering 429 with retry_after beyond them).
 *
 *   npx tsx bench/fanout.ts [--groups 500]
 *
 * Prints delivered/s sustained, 429s, duplicates, lost, time to the last delivery, and the ratio to the
 * 30 msg/s limit (target ≥ 0.9 with no 429).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApp } from '../src/app.ts';
import { parseConfig } from '../src/config/index.ts';
import { startFakeTelegram } from '../test/support/fake-telegram/index.ts';

const args = process.argv.slice(2);
const groups = Number(args[args.indexOf('--groups') + 1] ?? 500) || 500;
const LIMIT = 30;

const tg = await startFakeTelegram({ rateLimit: { globalPerSecond: LIMIT, perChatPerMinute: 20 } });
const dir = mkdtempSync(join(tmpdir(), 'duban-fanout-'));
const parsed = parseConfig({
  BOT_TOKEN: '123456789:BENCH-token-for-the-fake-bot-api_01',
  TELEGRAM_API_ROOT: tg.apiRoot,
  DATABASE_URL: `file:${join(dir, 'fanout.db')}`,
  PORT: '0',
  QUIET_HOURS: 'off',
});
if (!parsed.ok) throw new Error(parsed.error);
const clock = new Date('2026-12-01T00:30:00Z'); // 08:30 in the county, a Tuesday
const app = await startApp(parsed.config, { logger: pino({ level: 'silent' }), scheduler: false, now: () => clock });
const db = app.database.prisma;

// A county of N townships, each with its group and one overdue task (not timed).
const committee = await db.committee.findFirstOrThrow();
await db.unit.createMany({ data: Array.from({ length: groups }, (_, i) => ({ name: `压测乡镇${i + 1}`, kind: 'township', sortOrder: 1000 + i })) });
const units = await db.unit.findMany({ where: { name: { startsWith: '压测乡镇' } }, orderBy: { id: 'asc' } });
await db.chatBinding.createMany({ data: units.map((u, i) => ({ chatId: BigInt(-1_000_000_000 - i), kind: 'unit', unitId: u.id })) });
for (const unit of units) {
  await db.task.create({
    data: { title: `${unit.name}散煤清零`, committeeId: committee.id, dueDate: '2026-11-28', createdAt: new Date('2026-11-01T00:00:00Z'), assignments: { create: { unitId: unit.id, role: 'lead', dueDate: '2026-11-28' } } },
  });
}

const since = tg.mark();
const started = performance.now();
const owed = await app.services.broadcasts.reminders.run('2026-12-01');
await app.sender.drain(600_000);
const elapsed = (performance.now() - started) / 1000;

const chatIds = new Set(units.map((_, i) => String(-1_000_000_000 - i)));
const delivered = tg.sentItems().filter((s) => s.seq >= since && chatIds.has(String(s.chatId)));
const perChat = new Map<string, number>();
for (const item of delivered) perChat.set(String(item.chatId), (perChat.get(String(item.chatId)) ?? 0) + 1);
const duplicates = [...perChat.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
const lost = [...chatIds].filter((id) => !perChat.has(id)).length;
const times = tg
  .calls('sendMessage')
  .filter((c) => c.seq >= since && c.response?.ok)
  .map((c) => c.at)
  .sort((a, b) => a - b);
const span = (times.at(-1)! - times[0]!) / 1000;
const sustained = (times.length - 1) / span;

console.log(`node ${process.version}, ${cpus().length} CPUs; ${groups} unit groups, limits ${LIMIT}/s per bot, 20/min per group`);
console.log(`owed (recorded)        ${owed}`);
console.log(`delivered              ${delivered.length}`);
console.log(`duplicates             ${duplicates}`);
console.log(`lost                   ${lost}`);
console.log(`429 answers            ${tg.tooManyRequests}`);
console.log(`time to last delivery  ${elapsed.toFixed(2)} s (job + sending)`);
console.log(`delivered/s sustained  ${sustained.toFixed(2)} (first to last send ${span.toFixed(2)} s)`);
console.log(`ratio to ${LIMIT} msg/s      ${(sustained / LIMIT).toFixed(3)}  target ≥ 0.9 with 0 × 429: ${sustained / LIMIT >= 0.9 && tg.tooManyRequests === 0 ? 'met' : 'NOT met'}`);

await app.stop();
await tg.close();
rmSync(dir, { recursive: true, force: true });
