// npm run preview -- [--date 2026-12-07] [--at 08:30]
//
// Prints every message the bot would send on its own on a day (tomorrow by default) — reminders, escalations,
// the digest, the bulletin draft — with its time and chat, from the real database, writing nothing and
// sending nothing. --at keeps the jobs due by that time of day. Reads the bot's configuration (.env) as the
// bot does; the database must exist and be up to date (nothing is migrated).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { previewListingFor } from '../app.ts';
import { parseConfig, readEnvironment } from '../config/index.ts';
import { addDays, isCalendarDate, localDate } from '../domain/calendar.ts';
import { isClockTime } from '../domain/schedule.ts';

const USAGE = `usage: npm run preview -- [--date YYYY-MM-DD] [--at HH:MM]

  --date YYYY-MM-DD   the day to preview (default: tomorrow in the county's time zone)
  --at HH:MM          only the jobs due by this time of day`;

interface CliIo {
  out: (text: string) => void;
  err: (line: string) => void;
}

/** Runs the command; returns the exit code. */
export async function runPreviewCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo = { out: (t) => process.stdout.write(t), err: (l) => console.error(l) },
): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: [...argv], options: { date: { type: 'string' }, at: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    io.err(`preview: ${(e as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  if (args.values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const at = args.values.at?.padStart(5, '0');
  if ((args.values.date !== undefined && !isCalendarDate(args.values.date)) || (at !== undefined && !isClockTime(at))) {
    io.err(`preview: ${args.values.date !== undefined && !isCalendarDate(args.values.date) ? `not a date: ${args.values.date}` : `not a time of day: ${args.values.at}`}`);
    io.err(USAGE);
    return 2;
  }
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    io.err(parsed.error);
    return 1;
  }
  const { config } = parsed;
  const date = args.values.date ?? addDays(localDate(new Date(), config.timeZone), 1);
  try {
    io.out(await previewListingFor(config, date, at, pino({ level: 'silent' })));
    return 0;
  } catch (e) {
    io.err(`preview failed: ${(e as Error).message}; nothing was written or sent.`);
    return 1;
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await runPreviewCli(process.argv.slice(2), readEnvironment());
}
