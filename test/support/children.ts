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
