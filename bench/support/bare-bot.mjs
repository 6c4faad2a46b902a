// The baseline of bench/footprint.ts: a bare grammY bot (long polling, one command), plain JavaScript run by node.
import { Bot } from 'grammy';

const bot = new Bot(process.env.BOT_TOKEN, { client: { apiRoot: process.env.TELEGRAM_API_ROOT } });
bot.command('start', (ctx) => ctx.reply('hello'));
process.once('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
await bot.start();
