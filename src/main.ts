import { parseConfig, readEnvironment } from './config/index.ts';
import { startApp } from './app.ts';
import { createLogger } from './logger.ts';

const parsed = parseConfig(readEnvironment());
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(1);
}
const { config } = parsed;

// One line, no stack: a start failure is almost always the network or the database URL.
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replaceAll(config.botToken, '[redacted]');

const logger = createLogger(config.logLevel, [config.botToken, config.webhook?.secret ?? '']);
const starting = startApp(config, { logger });

// Signals are handled from the first moment, so a stop during start still drains and exits cleanly.
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  // Logged as JSON like every other line, so a log collector reads the stop as it reads the rest.
  logger.info({ signal }, 'stopping: finishing updates in flight');
  try {
    const app = await starting;
    await app.stop();
    process.exit(0);
  } catch (error) {
    logger.error({ err: oneLine(error) }, 'Duban did not stop cleanly');
    process.exit(1);
  }
};
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

starting.catch((error: unknown) => {
  logger.fatal({ err: oneLine(error) }, `Duban could not start: ${oneLine(error)}`);
  process.exit(1);
});
