import { parseConfig, readEnvironment } from './config/index.ts';
import { startApp } from './app.ts';

const parsed = parseConfig(readEnvironment());
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(1);
}

try {
  const app = await startApp(parsed.config);
  const shutdown = (signal: string) => {
    console.error(`${signal} received, finishing updates in flight`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  // One line, no stack: a start failure is almost always the network or the database URL.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Duban could not start: ${message.replaceAll(parsed.config.botToken, '[redacted]')}`);
  process.exit(1);
}
