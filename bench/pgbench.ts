/**
 * pgbench running, for each update, the statements Duban runs for a /report on PostgreSQL — the receive
 * (PG_RECEIVE) and the report (AT_ONCE), each for one update alone, as prepared statements — with one client
 * per chat, on the bench's own schema. This is the yardstick the issue set: the database's speed for the bot's
 * statements, without the bot. Duban groups a burst's statements (src/db/batches.ts), which pgbench does not.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duplicateSince } from '../src/domain/reports.ts';
import { AT_ONCE, REPORTABLE } from '../src/services/task-report-pg.ts';
import { PG_RECEIVE } from '../src/services/updates.ts';

export interface PgbenchChat {
  unitId: number;
  chatId: number;
  reporterTelegramId: number;
  reporterName: string;
  taskId: number;
}

export type PgbenchResult = { ok: true; tps: number; transactions: number; clients: number } | { ok: false; reason: string };

/**
 * A statement's $n parameters as pgbench expressions: `values[n]` replaces `$n` and its cast. pgbench sends
 * each `:variable` as a parameter of the prepared statement, as pg does Duban's.
 */
function withVariables(sql: string, values: Record<number, string>): string {
  return sql.replace(/\$(\d+)(::[a-z0-9]+(\[\])?)?/g, (whole, n: string) => {
    const value = values[Number(n)];
    if (value === undefined) throw new Error(`pgbench: no value for ${whole}`);
    return value;
  });
}

/** One script per chat: a random update id and percent per transaction, the chat's unit, liaison and task fixed. */
function script(chat: PgbenchChat): string {
  const receive = withVariables(PG_RECEIVE, { 1: 'ARRAY[:uid]::bigint[]', 2: 'ARRAY[:payload::text]', 3: ':at::timestamp', 4: ':instance::text' });
  const report = withVariables(AT_ONCE, {
    1: 'ARRAY[:at::timestamp]',
    2: `ARRAY[${chat.unitId}]`,
    3: `ARRAY[${chat.taskId}]`,
    4: 'ARRAY[true]',
    5: 'ARRAY[:since::timestamp]',
    6: 'ARRAY[NULL::float8]',
    7: 'ARRAY[:pct::float8]',
    // A note of its own per report, as the bot's bench sends: none is a twin of an earlier one.
    8: "ARRAY['pgbench ' || :uid::text]",
    9: `ARRAY[${chat.reporterTelegramId}::bigint]`,
    10: 'ARRAY[:reporter::text]',
    11: `ARRAY[${chat.chatId}::bigint]`,
    12: 'ARRAY[:after::text]',
    13: 'ARRAY[:uid]::bigint[]',
    14: 'ARRAY[true]',
    15: ':at::timestamp',
    16: ':from::text[]',
    17: ':to::text[]',
  });
  const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();
  return ['\\set uid random(1000000000000, 9000000000000)', '\\set pct random(1, 100)', `${oneLine(receive)};`, `${oneLine(report)};`, ''].join('\n');
}

const arrayLiteral = (items: readonly string[]) => `{${items.join(',')}}`;

/** Runs pgbench (when it is on PATH) for `transactions` updates over `chats`, on the schema of `url`. */
export async function runPgbench(url: string, chats: readonly PgbenchChat[], transactions: number, at: Date): Promise<PgbenchResult> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  const dir = mkdtempSync(join(tmpdir(), 'duban-pgbench-'));
  try {
    const files = chats.map((chat, i) => {
      const file = join(dir, `chat-${i}.sql`);
      writeFileSync(file, script(chat));
      return file;
    });
    const perClient = Math.max(1, Math.round(transactions / chats.length));
    const args = [
      '-n', '-M', 'prepared', '-c', String(chats.length), '-j', '2', '-t', String(perClient),
      '-D', `at=${at.toISOString()}`,
      '-D', `since=${duplicateSince(at).toISOString()}`,
      '-D', `payload=${JSON.stringify({ update_id: 0, message: { message_id: 1, date: 0, text: '/report T1 50% pgbench' } })}`,
      '-D', 'instance=pgbench',
      '-D', 'reporter=联络员',
      '-D', `after=${JSON.stringify({ taskId: 0, percent: 50, note: 'pgbench' })}`,
      '-D', `from=${arrayLiteral(REPORTABLE.map((r) => r.from))}`,
      '-D', `to=${arrayLiteral(REPORTABLE.map((r) => r.to))}`,
      ...files.flatMap((file) => ['-f', file]),
      '-h', parsed.hostname, '-p', parsed.port || '5432', '-U', decodeURIComponent(parsed.username || 'postgres'),
      decodeURIComponent(parsed.pathname.slice(1)),
    ];
    const { code, out } = await run('pgbench', args, { PGOPTIONS: `-c search_path=${schema}`, ...(parsed.password ? { PGPASSWORD: decodeURIComponent(parsed.password) } : {}) });
    if (code === null) return { ok: false, reason: out };
    if (code !== 0) return { ok: false, reason: `pgbench exited with ${code}: ${out.trim().split('\n').slice(-3).join(' / ')}` };
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
    const failed = /number of failed transactions: (\d+)/.exec(out)?.[1];
    if (!tps) return { ok: false, reason: `no tps in pgbench's output: ${out.slice(-300)}` };
    if (failed && Number(failed) > 0) return { ok: false, reason: `${failed} pgbench transactions failed` };
    return { ok: true, tps: Number(tps), transactions: perClient * chats.length, clients: chats.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The command's exit code and output; code null when it could not be started (pgbench not installed). */
function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, out: `${command} could not be started (${error.message})` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}
