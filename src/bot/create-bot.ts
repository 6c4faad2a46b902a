import { Bot, GrammyError, HttpError } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import type { Config } from '../config/index.ts';
import { createI18n, localeFromLanguageCode } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { BotContext } from './context.ts';
import { inChatOrder } from './chat-order.ts';
import { botApiClient } from './bot-api-fetch.ts';

/** The grammY bot with its plumbing; commands are installed on it once services exist. */
export function createBot(config: Config, logger: Logger, metrics: Metrics) {
  const bot = new Bot<BotContext>(config.botToken, { client: botApiClient(config.telegramApiRoot) });
  // Counted inside the retries, so every call Telegram answered is one sample.
  bot.api.config.use(metrics.botApi());
  // Interactive answers wait out a short flood wait; bulk sends have their own paced sender.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  // Outermost: a chat's messages in the order they were sent, a retried one in its place.
  bot.api.config.use(inChatOrder());

  const i18n = createI18n<BotContext>(config.defaultLocale, (ctx) =>
    ctx.actor?.locale ?? localeFromLanguageCode(ctx.from?.language_code) ?? config.defaultLocale,
  );

  bot.catch(async (err) => {
    const { ctx, error } = err;
    logger.error(
      { updateId: ctx.update.update_id, chatId: ctx.chat?.id, err: describe(error) },
      'update handler failed',
    );
    if (!ctx.chat) return;
    try {
      const locale = ctx.actor?.locale ?? localeFromLanguageCode(ctx.from?.language_code) ?? config.defaultLocale;
      await ctx.api.sendMessage(ctx.chat.id, i18n.t(locale, 'errors-internal'));
    } catch (replyError) {
      logger.warn({ updateId: ctx.update.update_id, err: describe(replyError) }, 'apology not delivered');
    }
  });

  return { bot, i18n };
}

function describe(error: unknown) {
  if (error instanceof GrammyError) return { type: 'telegram', method: error.method, code: error.error_code, description: error.description };
  if (error instanceof HttpError) return { type: 'http', message: error.message };
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { type: 'unknown', value: String(error) };
}
