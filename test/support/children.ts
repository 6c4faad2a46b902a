import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('../../', import.meta.url).pathname;
const preload = (path: string) => pathToFileURL(join(ROOT, path)).href;

/**
 * The node arguments for a process a test starts: TypeScript through tsx, and the orphan guard, so the child dies
 * with its runner even when the runner gets no chance to kill it.
 */
export function childArgs(script: string, ...args: string[]): string[] {
  // The guard learns its parent from here: a child whose parent died before the guard ran would see init instead.
  const guard = `${preload('test/support/orphan-guard.ts')}?parent=${process.pid}`;
  return ['--import', preload('node_modules/tsx/dist/loader.mjs'), '--import', guard, join(ROOT, script), ...args];
}

/**
 * The node options of the production start, as `npm run start:prod` gives them (`exec node <options> dist/src/main.js`):
 * the benches start the bot with the same ones, and the deployment files are checked against them.
 */
export function productionNodeOptions(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts['start:prod'] ?? '').split(' ');
  if (words[0] !== 'exec' || words[1] !== 'node' || words.at(-1) !== 'dist/src/main.js') throw new Error(`start:prod is not "exec node … dist/src/main.js": ${scripts['start:prod']}`);
  return words.slice(2, -1);
}
