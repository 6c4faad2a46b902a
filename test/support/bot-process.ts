/**
 * The real app in a child process, for the crash tests: configured from the environment like `npm start`, on a
 * clock that starts at the given instant, with the scheduler not started (the test says when it runs), and
 * optionally stopping for good at one point inside its work, so the test can SIGKILL it exactly there.
 *
 *   node --import tsx test/support/bot-process.ts <now ISO> <mode> [hang point]
 *
 * mode:  tick   run the scheduler once, wait until the outbox is drained, stop, exit 0
 *        serve  handle updates until SIGTERM
 * hang:  enqueue       the first outbox write never returns (the job computed what it owes, recorded nothing)
 *        receive       the first update's record never returns (it was fetched, nothing recorded)
 *        alert-create  /alert's transaction never starts (the command was received, nothing recorded)
 *
 * stdout: one JSON line per event ({"event":"started"}, {"event":"hanging","at":…}, {"event":"ran","jobs":[…]},
 * {"event":"drained",…stats}); the app's logs (warn and up) on stderr.
 */
import { pino } from 'pino';
import { startApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config/index.ts';

const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const never = () => new Promise<never>(() => undefined);

const [at, mode, hang] = process.argv.slice(2);
if (process.argv[1]?.endsWith('bot-process.ts')) {
  const parsed = parseConfig(process.env);
  if (!parsed.ok || !at || (mode !== 'tick' && mode !== 'serve')) {
    process.stderr.write(`usage: bot-process.ts <now ISO> tick|serve [enqueue|receive|alert-create]\n${parsed.ok ? '' : parsed.error}\n`);
    process.exit(2);
  }
  const offset = new Date(at).getTime() - Date.now();
  const app = await startApp(parsed.config, {
    logger: pino({ level: 'warn', base: { pid: process.pid } }, pino.destination(2)),
    now: () => new Date(Date.now() + offset),
    scheduler: false,
  });
  const { services } = app;
  if (hang === 'enqueue') {
    services.outbox.enqueue = async () => {
      say({ event: 'hanging', at: 'enqueue' });
      return never();
    };
  }
  if (hang === 'receive') {
    const receive = services.updates.receive.bind(services.updates);
    let hung = false;
    services.updates.receive = async (update) => {
      if (hung) return receive(update);
      hung = true;
      say({ event: 'hanging', at: 'receive', updateId: update.update_id });
      return never();
    };
  }
  if (hang === 'alert-create') {
    services.alerts.create = async () => {
      say({ event: 'hanging', at: 'alert-create' });
      return never();
    };
  }
  say({ event: 'started' });
  process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
  if (mode === 'tick') {
    say({ event: 'ran', jobs: await services.scheduler.runDue() });
    await app.sender.drain(60_000);
    say({ event: 'drained', ...app.sender.stats() });
    await app.stop();
    process.exit(0);
  }
}
