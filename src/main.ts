import { setFlagsFromString } from 'node:v8';
import { parseConfig, readEnvironment } from './config/index.ts';
import { startApp } from './app.ts';
import { StartAborted } from './bot/reach.ts';
import { createLogger } from './logger.ts';

// V8's memory reducer gives the start's garbage back once the bot idles: by default with two or three full GCs in a
// row, about 20 s after start, where the first already shrinks the heap to its live size (60 MB committed to 28 MB)
// and the others find nothing more (28 MB to 28 MB). On an idle bot those extra GCs were half the CPU of its
// first minute (bench:footprint); one GC keeps the same RSS. Read by V8 when the reducer runs, so set here in time.
setFlagsFromString('--memory-reducer-single-gc');

const parsed = parseConfig(readEnvironment());
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(1);
}
const { config } = parsed;

// One line, no stack: a start failure is almost always the network or the database URL.
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replaceAll(config.botToken, '[redacted]');

const logger = createLogger(config.logLevel, [config.botToken, config.webhook?.secret ?? '']);
const startAborted = new AbortController();
const starting = startApp(config, { logger, signal: startAborted.signal, onFatal: () => void shutdown('fatal', 1) });

// Signals are handled from the first moment: a stop during start (waiting for Telegram) ends it at once, a
// stop after it drains and exits cleanly.
let stopping = false;
async function shutdown(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  // Logged as JSON like every other line, so a log collector reads the stop as it reads the rest.
  logger.info({ signal }, 'stopping: finishing updates in flight');
  startAborted.abort();
  let app: Awaited<typeof starting>;
  try {
    app = await starting;
  } catch (error) {
    if (error instanceof StartAborted) process.exit(code);
    logger.fatal({ err: oneLine(error) }, `Duban could not start: ${oneLine(error)}`);
    process.exit(1);
  }
  try {
    await app.stop();
    process.exit(code);
  } catch (error) {
    logger.error({ err: oneLine(error) }, 'Duban did not stop cleanly');
    process.exit(1);
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

starting.catch((error: unknown) => {
  if (stopping) return;
  logger.fatal({ err: oneLine(error) }, `Duban could not start: ${oneLine(error)}`);
  process.exit(1);
});
