import { spawn } from 'node:child_process';
import { openDatabase } from '../../src/db/client.ts';
import { seedIfEmpty } from '../../src/services/org-seed.ts';
import { childArgs } from './children.ts';
import { ORG_FILE } from './databases.ts';


export interface ChildProcess {
  pid: number | undefined;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  events(): Array<Record<string, unknown>>;
  output(): string;
  /** Resolves with the first event of this name; rejects when the process exits first or after timeoutMs. */
  event(name: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/**
 * Starts a child process in `cwd` (an empty folder of the test's: the clone's .env and ./data are never seen),
 * with only the environment given, and `nodeOptions` before the script (a bench gives the production start's). The
 * caller kills every child in finally (see `killAll`).
 */
export function spawnChild(children: Set<ChildProcess>, script: string, args: string[], env: Record<string, string>, cwd: string, nodeOptions: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeOptions, ...childArgs(script, ...args)], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ORG_FILE, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let all = '';
  child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), (all += chunk.toString())));
  child.stderr.on('data', (chunk: Buffer) => (all += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const events = () => stdout.split('\n').filter((l) => l.startsWith('{"event"')).map((l) => JSON.parse(l) as Record<string, unknown>);
  let gone = false;
  const handle: ChildProcess = {
    pid: child.pid,
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    exited,
    events,
    output: () => all,
    async event(name, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events().find((e) => e.event === name);
        if (found) return found;
        if (gone) throw new Error(`the child exited before "${name}": ${all}`);
        if (Date.now() > deadline) throw new Error(`no "${name}" from the child after ${timeoutMs} ms: ${all}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
  void exited.then(() => {
    gone = true;
    children.delete(handle);
  });
  children.add(handle);
  return handle;
}

export function killAll(children: Set<ChildProcess>): void {
  for (const child of children) child.kill('SIGKILL');
}

/**
 * A county as the office has set it up: the default organisation, `groups` group chats bound to its units in
 * turn, and one task overdue since 20 November for every unit (so each group is owed a morning reminder).
 * Returns the groups' chat ids.
 */
export async function prepareCounty(databaseUrl: string, groups: number): Promise<bigint[]> {
  const database = await openDatabase(databaseUrl);
  try {
    await seedIfEmpty(database.prisma, ORG_FILE);
    const units = await database.prisma.unit.findMany({ orderBy: { id: 'asc' } });
    const committee = await database.prisma.committee.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const chats = Array.from({ length: groups }, (_, i) => BigInt(-1_003_000_000_000 - i));
    await database.prisma.chatBinding.createMany({ data: chats.map((chatId, i) => ({ chatId, kind: 'unit', unitId: units[i % units.length]!.id, title: `group ${i}` })) });
    await database.prisma.task.create({
      data: {
        title: '农村生活污水治理验收',
        committeeId: committee.id,
        dueDate: '2026-11-20',
        assignments: { create: units.map((unit, i) => ({ unitId: unit.id, role: i === 0 ? 'lead' : 'cooperating', dueDate: '2026-11-20' })) },
      },
    });
    return chats;
  } finally {
    await database.close();
  }
}
