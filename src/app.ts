import './bot/without-node-fetch.ts';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Api, GrammyError } from 'grammy';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { COMMANDS } from '../commands/index.ts';
import { createBroadcasts } from './broadcasts/index.ts';
import { planDay } from './broadcasts/preview.ts';
import type { Config } from './config/index.ts';
import type { ChatMenus, Services } from './container.ts';
import { openDatabase, type Database } from './db/client.ts';
import type { Db } from './db/types.ts';
import { CHANNELS, LOCKS, notifyIn, type PgSession } from './db/session.ts';
import { createBot } from './bot/create-bot.ts';
import { MenuPublisher, type MenuDirectory } from './bot/menus.ts';
import { outboxKeys, robotKeys } from './delivery/keys.ts';
import { Outbox } from './delivery/outbox.ts';
import { Sender } from './delivery/sender.ts';
import { RobotSender } from './delivery/robots/sender.ts';
import { robotMessages } from './broadcasts/robots.ts';
import type { Limits } from './delivery/pacer.ts';
import { escapeVars, type Translate } from './render/html.ts';
import type { RankingChartInput } from './render/chart.ts';
import { previewListing } from './render/preview.ts';
import { createI18n } from './i18n/index.ts';
import { htmlMessages } from './render/messages.ts';
import { chatEvents } from './bot/chat-events.ts';
import { botApiClient } from './bot/bot-api-fetch.ts';
import { Receipts } from './bot/receipts.ts';
import { answersDelivered, identify, measured, onlyOnce } from './bot/middleware.ts';
import { DEFAULT_API_ROOT, initWhenReachable, oneLine, pollingStopped } from './bot/reach.ts';
import { installCommands } from './bot/router.ts';
import { installHints } from './bot/hints.ts';
import { webhookHandler } from './bot/webhook.ts';
import { createLogger, type Logger } from './logger.ts';
import { Metrics } from './metrics.ts';
import { closeServer, startHttpServer, type Readiness, type RequestHandler } from './http.ts';
import { AccessService } from './services/access.ts';
import { AlertService } from './services/alerts.ts';
import { writeAudit } from './services/audit.ts';
import { BulletinService } from './services/bulletins.ts';
import { ChatService } from './services/chats.ts';
import { DigestService } from './services/digest.ts';
import { DraftService } from './services/drafts.ts';
import { ReportCorrections } from './services/report-corrections.ts';
import { TaskEscalations } from './services/escalations.ts';
import { LedgerService } from './services/ledger.ts';
import { MemberService } from './services/members.ts';
import { OrgService } from './services/org.ts';
import { seedIfEmpty } from './services/org-seed.ts';
import { PauseService } from './services/pauses.ts';
import { ProblemService } from './services/problems.ts';
import { RobotService } from './services/robots.ts';
import { ScheduleService } from './services/schedule.ts';
import { TaskQueries } from './services/task-queries.ts';
import { TaskSheets } from './services/task-sheets.ts';
import { TaskImports } from './services/task-import.ts';
import { TaskService } from './services/tasks.ts';
import { UpdateLog } from './services/updates.ts';
import { Scheduler } from './scheduler/scheduler.ts';

interface AppOptions {
  logger?: Logger;
  /** The clock; tests inject one. */
  now?: () => Date;
  /** false: the clock is not started; tests run `services.scheduler.runDue()` at the times they choose. */
  scheduler?: boolean;
  /** The sender's pacing; tests that compress days into seconds loosen the per-chat limits. */
  deliveryLimits?: Partial<Limits>;
  /** Aborting it stops a start that is still waiting (for Telegram): startApp rejects with StartAborted. */
  signal?: AbortSignal;
  /** The bot cannot go on (polling refused for good: 409, 401); the reason is already logged, in one line. */
  onFatal?: (reason: string) => void;
}

export interface App {
  services: Services;
  sender: Sender;
  robotSender: RobotSender;
  database: Database;
  httpPort: number;
  /** Stops taking updates, lets the ones in flight finish, closes the database. */
  stop(): Promise<void>;
}

/** What the container is built from: the database, the clock, the default locale's translate and the edges. */
interface ServiceDeps {
  config: Config;
  db: Db;
  provider: Database['provider'];
  /** PostgreSQL: the session through which instances tell each other what changed. */
  session?: PgSession | undefined;
  logger: Logger;
  now: () => Date;
  outbox: Outbox;
  /** Wakes the sender after messages were recorded. */
  nudge: () => void;
  /** The default locale's translate, escaping variables, for chats with no single reader. */
  translate: Translate;
  renderChart: Services['renderChart'];
  instanceId: string;
  menus: ChatMenus;
  commands: Services['commands'];
  metrics?: Metrics;
}

/** Builds the one Services container: the services, then the broadcasts and the clock on top of them. */
export function buildServices(deps: ServiceDeps): Services {
  const { db, config, now, logger } = deps;
  const queries = new TaskQueries(db, deps.provider, config.rules, config.timeZone, now);
  const chats = new ChatService(db);
  const org = new OrgService(db);
  const drafts = new DraftService(db, now);
  // The clock is told of what changes when it should tick (it is built last, on top of the broadcasts).
  const wakeClock = () => scheduler.wake();
  const schedule = new ScheduleService(db, config.rules.schedule, wakeClock);
  const problems = new ProblemService(db, now, config.timeZone, config.rules.problemDeadlineDays);
  const updates = new UpdateLog(db, now, deps.instanceId);
  const tasks = new TaskService(db, queries, now, updates);
  const core = {
    config,
    logger,
    now,
    t: deps.translate,
    outbox: deps.outbox,
    nudge: deps.nudge,
    renderChart: deps.renderChart,
    menus: deps.menus,
    commands: deps.commands,
    members: new MemberService(db, config.adminIds, deps.session ? (tx, telegramId) => notifyIn(tx, CHANNELS.member, telegramId.toString()) : undefined),
    chats,
    org,
    drafts,
    schedule,
    tasks,
    corrections: new ReportCorrections(db, config.rules.correctionHours, now),
    problems,
    access: new AccessService(db, queries, problems),
    alerts: new AlertService(db, chats, now, wakeClock),
    digests: new DigestService(db, deps.provider, config.rules, config.timeZone),
    escalations: new TaskEscalations(db, now),
    bulletins: new BulletinService(db, drafts, config.timeZone, now),
    pauses: new PauseService(db, org),
    ledger: new LedgerService(db, queries, config.timeZone, now),
    taskSheets: new TaskSheets(org, queries),
    taskImports: new TaskImports(db, tasks, now),
    updates,
    robots: new RobotService(db, { publicUrl: config.publicUrl, imageKey: config.botToken }),
    audit: (entry: Parameters<Services['audit']>[0]) => writeAudit(db, entry),
  };
  const broadcasts = createBroadcasts(core);
  const scheduler = new Scheduler({
    db,
    provider: deps.provider,
    schedule: config.rules.schedule,
    timeZone: config.timeZone,
    now,
    instanceId: deps.instanceId,
    logger,
    times: () => schedule.times(),
    jobs: {
      reminders: (slot) => broadcasts.reminders.run(slot),
      escalations: (slot) => broadcasts.escalations.run(slot),
      digest: (slot) => broadcasts.digest.run(slot),
      bulletin: (slot) => broadcasts.bulletin.run(slot),
    },
    everyTick: async () => (await broadcasts.alerts.tick()).open > 0,
    hourly: () => prune(core, config.retention),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  const preview = async (date: string, until?: string) =>
    planDay({
      db,
      date,
      until,
      times: await schedule.times(),
      rules: config.rules.schedule,
      timeZone: config.timeZone,
      // The same container on the dry run's client, clock and outbox: the jobs as they would really run.
      jobs: (dryDb, dryNow, dryOutbox) => buildServices({ ...deps, db: dryDb, now: dryNow, outbox: dryOutbox, nudge: () => undefined }).broadcasts,
    });
  return Object.assign(core, { broadcasts, scheduler, preview });
}

/**
 * The digest's charts, drawn by Skia (@napi-rs/canvas, a native module) in Noto Sans SC: loaded when a chart is
 * first drawn, not at start, so a bot that has not sent a digest yet carries neither.
 */
const drawChart = async (input: RankingChartInput): Promise<Buffer> => (await import('./render/chart.ts')).renderRankingChart(input);

/** The tables that only grow, pruned at start and every hour: expired drafts, old update ids, old delivered rows. */
async function prune(services: Pick<Services, 'drafts' | 'updates' | 'outbox' | 'logger'>, retention: Config['retention']): Promise<void> {
  const [drafts, updates, outbox] = await Promise.all([services.drafts.prune(), services.updates.prune(retention.updateDays), services.outbox.prune(retention.outboxDays)]);
  if (drafts + updates + outbox > 0) services.logger.info({ drafts, updates, outbox }, 'pruned');
}

/** Menus for a container that talks to no chat (the command-line dry run). */
const NO_MENUS: ChatMenus = { publishForChat: async () => undefined, publishForAdmin: async () => undefined, clearForAdmin: async () => undefined, clearForChat: async () => undefined };

/**
 * The dry run from the command line (`npm run preview`): the database opened as it is (it must be up to date;
 * nothing is migrated), the day planned as /preview plans it, every message listed in the default locale.
 */
export async function previewListingFor(config: Config, date: string, until: string | undefined, logger: Logger): Promise<string> {
  const database = await openDatabase(config.databaseUrl, { migrate: false, poolSize: config.databasePoolSize });
  try {
    const i18n = createI18n(config.defaultLocale, () => config.defaultLocale);
    const translate: Translate = (key, vars) => i18n.t(config.defaultLocale, key, vars && escapeVars(vars));
    const now = () => new Date();
    const services = buildServices({
      config,
      db: database.prisma,
      provider: database.provider,
      logger,
      now,
      menus: NO_MENUS,
      commands: COMMANDS,
      outbox: new Outbox(database.prisma, now),
      nudge: () => undefined,
      translate,
      renderChart: drawChart,
      instanceId: `preview:${hostname()}:${process.pid}`,
    });
    const plan = await services.preview(date, until);
    return previewListing(translate, plan, await services.chats.names(plan.messages.map((m) => m.message.chatId)));
  } finally {
    await database.close();
  }
}

export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel, [config.botToken, config.webhook?.secret ?? '']);
  const now = options.now ?? (() => new Date());
  const metrics = new Metrics();

  // The port is taken first: a port in use fails the start before any migration runs, and a supervisor's
  // probes are answered (503 until the bot has started) from the first moment.
  let database: Database | undefined;
  let started = false;
  let botApiReachable = async () => false;
  let webhook: RequestHandler | undefined;
  let robotImage: (token: string) => Promise<Buffer | null> = async () => null;
  const http = await startHttpServer({
    ...config.http,
    healthy: async () => (database ? database.ping() : false),
    ready: async (): Promise<Readiness> => {
      const [db, botApi] = await Promise.all([database ? database.ping() : false, botApiReachable()]);
      return { started, database: db, botApi };
    },
    metrics,
    robotImage: (token) => robotImage(token),
    ...(config.webhook
      ? {
          webhook: {
            path: new URL(config.webhook.url).pathname,
            // Telegram retries a 5xx: an update that arrives during the start comes back once the bot is up.
            handle: (req, res) => (webhook ? webhook(req, res) : Promise.resolve(void res.writeHead(503).end())),
          },
        }
      : {}),
  });

  try {
    const opened = (database = await openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize }));
    if (database.appliedMigrations.length > 0) logger.info({ migrations: database.appliedMigrations }, 'migrations applied');
    const seeded = await seedIfEmpty(database.prisma, config.orgFile);
    if (seeded) logger.info({ added: seeded.added.length }, 'default organisation loaded');

    const { bot, i18n } = createBot(config, logger, metrics);
    // Who gets a menu of their own is read when one is published, from the services built below.
    const directory: MenuDirectory = { admins: () => services.members.admins(), memberMenuGroups: () => services.chats.memberMenuGroups() };
    const menus = new MenuPublisher(bot.api, COMMANDS, (locale, key) => i18n.t(locale, key), config.defaultLocale, directory, logger);
    const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const session = opened.session?.(logger);
    // Enqueuing wakes the senders: in process, and on PostgreSQL every instance's by NOTIFY after the commit.
    // (Bound once the senders exist; until then nothing is owed that they would miss: they claim when they start.)
    let wakeSenders = () => undefined as void;
    const outbox = new Outbox(database.prisma, now, { provider: database.provider, recorded: () => wakeSenders() });
    metrics.observeOutbox(() => outbox.depth());
    const translate: Translate = (key, vars) => i18n.t(config.defaultLocale, key, vars && escapeVars(vars));
    const services = buildServices({
      config,
      db: database.prisma,
      provider: database.provider,
      session,
      logger,
      now,
      menus,
      commands: COMMANDS,
      outbox,
      nudge: () => wakeSenders(),
      translate,
      renderChart: drawChart,
      instanceId,
      metrics,
    });
    if (session) {
      // A role granted or revoked on another instance holds here at once (within the notification's delay).
      session.onReset(() => services.members.forgetAll());
      await session.listen(CHANNELS.member, (telegramId) => services.members.forget(BigInt(telegramId)));
      // Rows another instance recorded; after a lost connection, whatever was recorded meanwhile.
      session.onReset(() => wakeSenders());
      await session.listen(CHANNELS.outbox, () => wakeSenders());
    }
    // Tables that only grow: what a restart can forget, it forgets here and every hour after.
    await prune(services, config.retention);
    // The sender has its own Api without auto-retry: it paces itself and handles 429s row by row.
    const senderApi = new Api(config.botToken, botApiClient(config.telegramApiRoot));
    senderApi.config.use(metrics.botApi());
    const sender = new Sender({
      db: database.prisma,
      provider: database.provider,
      api: senderApi,
      logger,
      now,
      instanceId,
      ...(options.deliveryLimits ? { limits: options.deliveryLimits } : {}),
      // A clock a test injects may jump ahead by hours: the sender cannot sleep until a notBefore read on it.
      ...(options.now ? { maxIdleMs: TEST_CLOCK_IDLE_MS } : {}),
      // One instance sends for the bot, so the instances share one flood budget; another takes over when it dies.
      ...(session ? { elected: () => session.holds(LOCKS.sender) } : {}),
      onPermanentFailure: async (chatId, description) => {
        // The office hears once per chat and episode; the key keeps it to one message per chat and day.
        const text = translate('delivery-failed', { chat: chatId.toString(), description });
        const day = new Date(now()).toISOString().slice(0, 10);
        const offices = (await services.chats.officeChats()).filter((office) => office !== chatId);
        await outbox.enqueue([
          ...offices.flatMap((office) => htmlMessages(outboxKeys.deliveryFailed(chatId, day, office), office, 'delivery-failed', text)),
          ...(await robotMessages(services, await services.robots.office(), (robotId) => robotKeys.deliveryFailed(chatId, day, robotId), 'delivery-failed', { html: text })),
        ]);
      },
    });
    // The group robots' rows: the same outbox, a sender of their own (src/delivery/robots/).
    const opening = database;
    const robotSender = new RobotSender({
      db: opening.prisma,
      provider: opening.provider,
      logger,
      now,
      instanceId,
      secret: (name) => config.robotSecrets.get(name),
      ...(options.now ? { maxIdleMs: TEST_CLOCK_IDLE_MS } : {}),
      onPermanentFailure: async (robot, reason) => {
        // Once per robot and episode (the sender claims the episode); the key keeps it once across a restart.
        const whose = robot.unitName ?? translate(`robot-owner-${robot.owner === 'leadership' ? 'leadership' : 'office'}`);
        const text = translate('robot-failed', { whose, kind: translate(`robot-kind-${robot.kind}`), robot: robot.label, reason });
        const since = (await opening.prisma.robot.findUnique({ where: { id: robot.id }, select: { failingSince: true } }))?.failingSince?.toISOString() ?? 'now';
        const offices = await services.chats.officeChats();
        const officeRobots = (await services.robots.office()).filter((r) => r.id !== robot.id);
        await outbox.enqueue([
          ...offices.flatMap((office) => htmlMessages(outboxKeys.robotFailed(robot.id, since, { chat: office }), office, 'delivery-failed', text)),
          ...(await robotMessages(services, officeRobots, (robotId) => outboxKeys.robotFailed(robot.id, since, { robot: robotId }), 'delivery-failed', { html: text })),
        ]);
        sender.nudge();
      },
    });
    wakeSenders = () => {
      sender.nudge();
      robotSender.nudge();
    };
    robotImage = (token) => services.robots.image(token);

    bot.use(measured(metrics, COMMANDS));
    // Recorded before they wait for their chat: the updates of one getUpdates go as one receive statement.
    const receipts = new Receipts();
    bot.use(onlyOnce(services, receipts));
    // Outside the chat's turn: an update waits for its answers after its chat has moved on to the next one.
    bot.use(answersDelivered());
    // One chat's updates are handled in order; different chats run concurrently.
    bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
    bot.use(chatEvents(services));
    bot.use(identify(services));
    bot.use(i18n);
    // Before the commands: a hint's own buttons are no command's, and its messages are none of theirs.
    installHints(bot, COMMANDS, services);
    installCommands(bot, COMMANDS, services);

    const apiRoot = config.telegramApiRoot ?? DEFAULT_API_ROOT;
    await initWhenReachable(bot, senderApi, apiRoot, logger, options.signal);
    // Asked through the sender's Api: the bot's own would wait out retries where a probe wants an answer.
    botApiReachable = cachedProbe(READINESS_PROBE_MS, (signal) => senderApi.getMe(signal as Parameters<typeof senderApi.getMe>[0]).then(() => true));

    // Updates a stopped process received and never finished: Telegram will not send them again.
    const handleUnfinished = async () => {
      const { updates, givenUp } = await services.updates.unfinished(opened.provider, UPDATE_LEASE_MS);
      if (givenUp.length > 0) logger.error({ updateIds: givenUp }, 'updates given up: their handling was started 3 times and never finished');
      if (updates.length > 0) logger.warn({ updateIds: updates.map((u) => u.update_id) }, 'handling again the updates a stopped process did not finish');
      for (const update of updates) await bot.handleUpdate(update);
    };
    await handleUnfinished();

    let runner: RunnerHandle | undefined;
    if (config.webhook) {
      webhook = webhookHandler(bot, config.webhook.secret, logger);
      await bot.api.setWebhook(config.webhook.url, { secret_token: config.webhook.secret, allowed_updates: ALLOWED_UPDATES });
    } else {
      await bot.api.deleteWebhook();
      // The runner's own error printing is raw stacks on stderr; its failures are logged here, in one line.
      bot.api.config.use(async (prev, method, payload, signal) => {
        try {
          return await prev(method, payload, signal);
        } catch (error) {
          const final = error instanceof GrammyError && (error.error_code === 401 || error.error_code === 409);
          if (method === 'getUpdates' && !signal?.aborted && !final) logger.warn({ err: oneLine(error) }, 'fetching updates failed; the runner tries again');
          throw error;
        }
      });
      // The next getUpdates confirms the last one's updates to Telegram: not before they are recorded.
      bot.api.config.use(receipts.beforeConfirming());
      runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
      runner.task()?.catch((error: unknown) => {
        const reason = pollingStopped(error);
        logger.error({ apiRoot }, reason);
        options.onFatal?.(reason);
      });
    }
    sender.start();
    robotSender.start();
    if (options.scheduler !== false) services.scheduler.start();
    // The BotFather menus (a dozen setMyCommands) once the bot is already taking updates: they are a convenience,
    // and the first getUpdates should not wait for them.
    try {
      await menus.publishDefaults();
    } catch (error) {
      logger.warn({ err: String(error) }, 'command menus not published');
    }
    started = true;
    logger.info({ mode: config.webhook ? 'webhook' : 'polling', bot: bot.botInfo.username, http: http.port, instanceId }, 'duban started');

    // On PostgreSQL another instance may die at any time: its unfinished updates are taken after the lease.
    const unfinishedTimer =
      opened.provider === 'postgresql'
        ? setInterval(() => void handleUnfinished().catch((error: unknown) => logger.error({ err: String(error) }, 'unfinished updates not handled')), 60_000)
        : undefined;
    let stopping: Promise<void> | undefined;
    return {
      services,
      sender,
      robotSender,
      database: opened,
      httpPort: http.port,
      stop() {
        stopping ??= (async () => {
          clearInterval(unfinishedTimer);
          if (runner?.isRunning()) await runner.stop();
          await closeServer(http.server);
          await services.scheduler.stop();
          await sender.stop();
          await robotSender.stop();
          await opened.close();
          logger.info('duban stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await closeServer(http.server);
    await database?.close().catch(() => undefined);
    throw error;
  }
}

/** How long the senders sleep at most on an injected clock (tests): as often as they polled before they slept. */
const TEST_CLOCK_IDLE_MS = 250;

/** An update claimed longer ago than this and not handled was another instance's that died (PostgreSQL). */
const UPDATE_LEASE_MS = 5 * 60_000;

/** How long a Bot API that answered is taken as up: a probe every few seconds must not become a getMe each. */
const READINESS_PROBE_MS = 10_000;

/** `probe`, given 5 s; a success is reused for `ttlMs`, a failure or a timeout is `false` and asked again next time. */
function cachedProbe(ttlMs: number, probe: (signal: AbortSignal) => Promise<boolean>): () => Promise<boolean> {
  let upSince: number | undefined;
  return async () => {
    if (upSince !== undefined && performance.now() - upSince < ttlMs) return true;
    const up = await probe(AbortSignal.timeout(5_000)).catch(() => false);
    upSince = up ? performance.now() : undefined;
    return up;
  };
}

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member', 'chat_member'] as const;
