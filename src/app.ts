import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Api, webhookCallback } from 'grammy';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { COMMANDS } from '../commands/index.ts';
import type { Config } from './config/index.ts';
import { openDatabase, type Database } from './db/client.ts';
import { createBot } from './bot/create-bot.ts';
import { MenuPublisher } from './bot/menus.ts';
import { htmlMessages } from './render/messages.ts';
import { Outbox } from './delivery/outbox.ts';
import { Sender } from './delivery/sender.ts';
import type { Limits } from './delivery/pacer.ts';
import { escapeVars } from './i18n/index.ts';
import { renderRankingChart } from './render/chart.ts';
import { identify, onlyOnce } from './bot/middleware.ts';
import { installCommands } from './bot/router.ts';
import { createLogger, type Logger } from './logger.ts';
import { closeServer, startHttpServer } from './http.ts';
import { createServices, type Services } from './services/index.ts';
import { seedIfEmpty } from './services/org-import.ts';

export interface AppOptions {
  logger?: Logger;
  /** The clock; tests inject one. */
  now?: () => Date;
  /** false: no minute tick; tests run `services.scheduler.runDue()` at the times they choose. */
  scheduler?: boolean;
  /** The sender's pacing; tests that compress days into seconds loosen the per-chat limits. */
  deliveryLimits?: Partial<Limits>;
}

export interface App {
  services: Services;
  sender: Sender;
  database: Database;
  httpPort: number;
  /** Stops taking updates, lets the ones in flight finish, closes the database. */
  stop(): Promise<void>;
}

const PROCESSED_UPDATE_RETENTION_MS = 7 * 24 * 3600 * 1000;

export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel, [config.botToken, config.webhook?.secret ?? '']);
  const now = options.now ?? (() => new Date());

  const database = await openDatabase(config.databaseUrl);
  if (database.appliedMigrations.length > 0) logger.info({ migrations: database.appliedMigrations }, 'migrations applied');
  const seeded = await seedIfEmpty(database.prisma, config.orgFile);
  if (seeded) logger.info({ added: seeded.added.length }, 'default organisation loaded');
  await database.prisma.processedUpdate.deleteMany({
    where: { receivedAt: { lt: new Date(now().getTime() - PROCESSED_UPDATE_RETENTION_MS) } },
  });

  const { bot, i18n } = createBot(config, logger);
  const menus = new MenuPublisher(bot.api, COMMANDS, (locale, key) => i18n.t(locale, key), config.defaultLocale);
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const outbox = new Outbox(database.prisma, now);
  const translate = (key: string, vars?: Parameters<typeof escapeVars>[0]) => i18n.t(config.defaultLocale, key, vars && escapeVars(vars));
  // The sender has its own Api without auto-retry: it paces itself and handles 429s row by row.
  const sender = new Sender({
    db: database.prisma,
    provider: database.provider,
    api: new Api(config.botToken, config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}),
    logger,
    now,
    instanceId,
    ...(options.deliveryLimits ? { limits: options.deliveryLimits } : {}),
    onPermanentFailure: async (chatId, description) => {
      // The office hears once per chat and episode; the key keeps it to one message per chat and day.
      const office = await database.prisma.chatBinding.findMany({ where: { kind: 'admin' }, select: { chatId: true } });
      const text = translate('delivery-failed', { chat: chatId.toString(), description });
      const day = new Date(now()).toISOString().slice(0, 10);
      await outbox.enqueue(office.filter((c) => c.chatId !== chatId).flatMap((c) => htmlMessages(`delivery-failed:${chatId}:${day}:chat:${c.chatId}`, c.chatId, 'delivery-failed', text)));
    },
  });
  const services = createServices({
    config,
    db: database.prisma,
    logger,
    now,
    menus,
    commands: COMMANDS,
    outbox,
    nudge: () => sender.nudge(),
    translate,
    renderChart: renderRankingChart,
    instanceId,
  });

  bot.use(onlyOnce(services));
  bot.use(identify(services));
  bot.use(i18n);
  installCommands(bot, COMMANDS, services);

  await bot.init();
  try {
    await menus.publishDefaults(config.adminIds);
  } catch (error) {
    // Menus are a convenience; the bot works without them.
    logger.warn({ err: String(error) }, 'command menus not published');
  }

  let runner: RunnerHandle | undefined;
  const http = await startHttpServer({
    ...config.http,
    healthy: () => database.ping(),
    ...(config.webhook
      ? {
          webhook: {
            path: new URL(config.webhook.url).pathname,
            handle: webhookCallback(bot, 'http', { secretToken: config.webhook.secret, onTimeout: 'return' }),
          },
        }
      : {}),
  });
  if (config.webhook) {
    await bot.api.setWebhook(config.webhook.url, { secret_token: config.webhook.secret, allowed_updates: ALLOWED_UPDATES });
  } else {
    await bot.api.deleteWebhook();
    runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
  }
  sender.start();
  if (options.scheduler !== false) services.scheduler.start();
  logger.info({ mode: config.webhook ? 'webhook' : 'polling', bot: bot.botInfo.username, http: http.port, instanceId }, 'duban started');

  let stopping: Promise<void> | undefined;
  return {
    services,
    sender,
    database,
    httpPort: http.port,
    stop() {
      stopping ??= (async () => {
        if (runner?.isRunning()) await runner.stop();
        await closeServer(http.server);
        await services.scheduler.stop();
        await sender.stop();
        await database.close();
        logger.info('duban stopped');
      })();
      return stopping;
    },
  };
}

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;
