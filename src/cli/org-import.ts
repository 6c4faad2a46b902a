// npm run org:import -- path/to/org.yaml [--dry-run] [--database-url URL]
//
// Imports the organisation file (committees and units) into the database: adds what is new, updates
// what differs, leaves alone what the file does not mention, and prints what it did. A malformed file
// prints `file:line:col: message` lines, exits 1 and changes nothing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveDatabaseUrl, resolveRobotSecrets } from '../config/database-url.ts';
import { openDatabase, parseDatabaseUrl } from '../db/client.ts';
import { OrgImportError, parseOrgFile } from '../org/parse.ts';
import { formatOrgErrors } from '../org/positions.ts';
import { importOrg, type OrgImportReport } from '../services/org-import.ts';

const USAGE = `usage: npm run org:import -- <file.yaml> [--dry-run] [--database-url URL]

  <file.yaml>          the organisation file (the default is prisma/org.yaml)
  --dry-run            show what would change; write nothing
  --database-url URL   file:./data/duban.db or postgresql://…; default: DATABASE_URL (.env is read), else file:./data/duban.db`;

interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Hides the password of a postgresql:// URL. */
function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

function formatOrgReport(report: OrgImportReport): string[] {
  const lines: string[] = [];
  const section = (title: string, items: string[], mark: string) => {
    lines.push(`${title} (${items.length})${items.length > 0 ? ':' : ''}`);
    for (const item of items) lines.push(`  ${mark} ${item}`);
  };
  section(report.dryRun ? 'Would add' : 'Added', report.added, '+');
  section(report.dryRun ? 'Would change' : 'Changed', report.changed, '~');
  lines.push(`Unchanged (${report.unchanged.length})`);
  section('Left alone: in the database, not in the file', report.notInFile, '=');
  if (report.dryRun) lines.push('Dry run: nothing was written.');
  else if (report.added.length === 0 && report.changed.length === 0) lines.push('Nothing to change: the database already matches the file.');
  return lines;
}

/** Runs the command; returns the exit code. */
export async function runOrgImportCli(
  argv: readonly string[],
  io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) },
): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        'database-url': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`org:import: ${(e as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  if (args.values.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) {
    io.err(args.positionals.length === 0 ? 'org:import: no file given' : 'org:import: give exactly one file');
    io.err(USAGE);
    return 2;
  }
  const file = args.positionals[0]!;
  const dryRun = args.values['dry-run'];

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.err(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 1;
  }
  // A robot's secret names a variable: it must be set here, where the bot will read it.
  const secrets = resolveRobotSecrets();
  const parsed = parseOrgFile(text, { secretIsSet: (name) => secrets.has(name) });
  if (!parsed.ok) {
    io.err(formatOrgErrors(file, parsed.errors));
    io.err(`${file}: ${parsed.errors.length} error${parsed.errors.length === 1 ? '' : 's'}; nothing was imported.`);
    return 1;
  }

  let url: string;
  try {
    url = args.values['database-url'] ?? resolveDatabaseUrl();
  } catch (e) {
    io.err((e as Error).message);
    return 1;
  }

  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let scratch: string | undefined;
  try {
    // A dry run against a SQLite file that does not exist yet must not create it (with its migrations):
    // the plan is made against an empty scratch copy instead.
    const sqlite = parseDatabaseUrl(url);
    const planAgainst = dryRun && sqlite.provider === 'sqlite' && !existsSync(sqlite.file) ? `file:${path.join((scratch = mkdtempSync(path.join(tmpdir(), 'duban-dry-'))), 'duban.db')}` : url;
    database = await openDatabase(planAgainst);
    io.out(`Importing ${file} into ${redactUrl(url)}${dryRun ? ' (dry run)' : ''}${scratch ? ', a database that does not exist yet' : ''}`);
    const report = await importOrg(database.prisma, parsed.org, { dryRun, source: path.normalize(file) });
    for (const line of formatOrgReport(report)) io.out(line);
    return 0;
  } catch (e) {
    if (e instanceof OrgImportError) {
      io.err(`${file}: ${e.message}`);
      return 1;
    }
    io.err(`org:import failed: ${(e as Error).message}; nothing was imported.`);
    return 1;
  } finally {
    await database?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  // `… | head` closing the pipe is not a failure of the import.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await runOrgImportCli(process.argv.slice(2));
}
