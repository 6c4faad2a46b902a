import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout. Every line passes through a filter that blanks the bot token,
 * because grammY and fetch errors can carry request URLs that embed it.
 */
export function createLogger(level: string, secrets: string[]): Logger {
  const hidden = secrets.filter((s) => s.length > 0);
  const destination = {
    write(line: string) {
      let safe = line;
      for (const secret of hidden) safe = safe.replaceAll(secret, '[redacted]');
      process.stdout.write(safe);
    },
  };
  return pino({ level, base: { app: 'duban' } }, destination);
}
