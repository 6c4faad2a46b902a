// npm run backup -- <dir>     a consistent copy of the SQLite database and the evidence folder, while the bot runs
// npm run restore -- <dir>    puts such a copy back (the bot stopped); refuses to overwrite without --force
//
// The copy uses SQLite's online backup API: it is one consistent state of the database however much the bot
// writes meanwhile, WAL included. PostgreSQL has its own tools: pg_dump and pg_restore (see the README).
import { cp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import { resolveStorage } from '../config/database-url.ts';
import { parseDatabaseUrl } from '../db/client.ts';

const DB_FILE = 'duban.db';
const EVIDENCE = 'evidence';

const exists = (file: string) => stat(file).then(() => true, () => false);

/** Copies the database (online) and the evidence folder into `dir`, which must not exist yet. */
export async function backupSqlite(databaseFile: string, evidenceDir: string, dir: string): Promise<{ pages: number; evidence: boolean }> {
  if (!(await exists(databaseFile))) throw new Error(`no database at ${databaseFile}`);
  if (await exists(dir)) throw new Error(`${dir} already exists; back up into a new folder`);
  await mkdir(dir, { recursive: true });
  const source = new Sqlite(databaseFile, { fileMustExist: true });
  let pages = 0;
  try {
    const result = await source.backup(path.join(dir, DB_FILE));
    pages = result.totalPages;
  } finally {
    source.close();
  }
  const evidence = await exists(evidenceDir);
  if (evidence) await cp(evidenceDir, path.join(dir, EVIDENCE), { recursive: true });
  await writeFile(path.join(dir, 'backup.json'), `${JSON.stringify({ at: new Date().toISOString(), database: path.resolve(databaseFile), pages, evidence }, null, 2)}\n`);
  return { pages, evidence };
}

/** Puts a backup back: the database file (its old WAL files removed) and the evidence folder. */
export async function restoreSqlite(dir: string, databaseFile: string, evidenceDir: string, force = false): Promise<void> {
  const copy = path.join(dir, DB_FILE);
  if (!(await exists(copy))) throw new Error(`${dir} holds no ${DB_FILE}: not a backup of this bot`);
  if ((await exists(databaseFile)) && !force) throw new Error(`${databaseFile} exists; stop the bot and pass --force to replace it`);
  await mkdir(path.dirname(databaseFile), { recursive: true });
  for (const suffix of ['-wal', '-shm']) await rm(`${databaseFile}${suffix}`, { force: true });
  await cp(copy, databaseFile);
  if (await exists(path.join(dir, EVIDENCE))) {
    await rm(evidenceDir, { recursive: true, force: true });
    await cp(path.join(dir, EVIDENCE), evidenceDir, { recursive: true });
  }
}

const USAGE = `usage: npm run backup -- <dir>
       npm run restore -- <dir> [--force]

  <dir>     backup: a new folder for the copy; restore: a folder a backup wrote
  --force   restore over an existing database (stop the bot first)

DATABASE_URL (.env is read; default file:./data/duban.db) and EVIDENCE_DIR (default data/evidence) say what to copy.`;

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: { force: { type: 'boolean' } }, allowPositionals: true });
  const dir = positionals[0];
  if ((verb !== 'backup' && verb !== 'restore') || !dir || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const { databaseUrl, evidenceDir } = resolveStorage();
  const parsed = parseDatabaseUrl(databaseUrl);
  if (parsed.provider !== 'sqlite') {
    console.error('DATABASE_URL is PostgreSQL: use pg_dump -Fc and pg_restore (README, "Backups").');
    return 2;
  }
  if (verb === 'backup') {
    const { pages, evidence } = await backupSqlite(parsed.file, evidenceDir, dir);
    console.log(`backed up ${parsed.file} (${pages} pages)${evidence ? ` and ${evidenceDir}` : ''} to ${dir}`);
  } else {
    await restoreSqlite(dir, parsed.file, evidenceDir, values.force === true);
    console.log(`restored ${dir} to ${parsed.file}`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
