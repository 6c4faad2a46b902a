/**
 * The bare grammY + runner echo bot of bench/throughput.ts, as a process of its own (--child), so that it is
 * measured as Duban's child is: across processes from the fake Bot API. Reads BOT_TOKEN and TELEGRAM_API_ROOT;
 * prints {"event":"started"} once polling.
 */
import { Bot } from 'grammy';
import { run } from '@grammyjs/runner';

const bot = new Bot(process.env.BOT_TOKEN!, { client: { apiRoot: process.env.TELEGRAM_API_ROOT! } });
bot.on('message:text', (ctx) => ctx.reply(ctx.msg.text));
bot.catch(() => {
  /* a failed reply shows up as a missing answer */
});
await bot.init();
const runner = run(bot);
console.log(JSON.stringify({ event: 'started' }));
process.once('SIGTERM', () => void runner.stop().then(() => process.exit(0)));
