// The layout rules of the code base, checked against its import graph.
//
// Every file of src/ (but the generated Prisma clients) and commands/ is parsed with the TypeScript compiler
// (syntax only, no type checking) and its imports, `import type`, `export … from` and `import()` included,
// are resolved to files. Each rule below is one `it`; a failure lists every offence, sorted, as
// `file -> import` (or `file:line: text` for the rules that read the source text), so it says what to fix.
// The tables here are the rules: change them here when the layout changes.
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  allExportsOf,
  createProject,
  lineOf,
  ts,
  listTsFiles,
  loadProject,
  within,
  type ModuleInfo,
  type Project,
} from './support/import-graph.ts';

// ---------------------------------------------------------------------------------------------------------
// The rules as data.

/** The code the rules are about. */
const CHECKED = ['src', 'commands'];
/** Never parsed: generated code. */
const EXCLUDED = ['src/db/generated'];
/** Code that may use the exports of CHECKED (rule 7) without being checked itself. */
const USERS = ['test', 'bench', 'scripts'];

/** Rule 4. Lowest first; a file may import from its own layer or a lower one. An entry is a file or a folder. */
const LAYERS: readonly (readonly string[])[] = [
  ['src/domain'],
  ['src/config'],
  ['src/logger.ts', 'src/metrics.ts', 'src/db'],
  ['src/i18n', 'src/sheets', 'src/org'],
  ['src/delivery'],
  ['src/services'],
  ['src/render'],
  ['src/broadcasts'],
  ['src/scheduler'],
  ['src/container.ts'],
  ['src/bot'],
  ['commands'],
  ['src/app.ts', 'src/http.ts', 'src/main.ts', 'src/cli'],
];

/** Rule 2. src/domain imports only itself and these pure libraries (no builtins: no node:fs, node:net, …). */
const DOMAIN = 'src/domain';
const DOMAIN_PACKAGES = ['chinese-days', 'zod'];

/** Rule 3. The database: the folder (the generated clients live in it) and the drivers. `x/*` is any `x/…`. */
const DB_FILES = ['src/db'];
const DB_PACKAGES = ['@prisma/*', 'pg', 'better-sqlite3'];
/** Who may import the database: its own folder, the services, the jobs, the outbox and sender, the composition root, the CLI. */
const DB_IMPORTERS = ['src/db', 'src/services', 'src/broadcasts', 'src/scheduler', 'src/delivery', 'src/app.ts', 'src/cli'];

/** Rule 5. `commands/<feature>/<file>.ts` is a command, but for the helpers in COMMANDS_SHARED. */
const COMMANDS_DIR = 'commands';
const COMMANDS_SHARED = 'commands/shared';
/** No file under commands/ imports these. */
const COMMANDS_MAY_NOT_IMPORT = ['src/scheduler', 'src/delivery', 'src/db'];
/** No file under commands/ reaches past the services into the database. */
const SERVICES_DB = [/\bservices\s*\??\.\s*db\b/, /\{[^}]*\bdb\b[^}]*\}\s*=\s*services\b/];

/** Rule 6. One of each. */
const ACTION_CONTEXT = 'ActionContext';
const ACTION_CONTEXT_UNDER = 'src';
const ESCAPE_HTML = 'escapeHtml';
/** Only the renderer strips tags: `/<[^>]+>/`, `/<\/?[^>]*>/` and the like. */
const TAG_STRIPPERS_UNDER = ['src/render'];
const TAG_STRIPPING_REGEX = /<(?:\\?\/\??)?\[\^>\]/;
/** The calendar turns instants into local dates and times; no other file constructs an Intl.DateTimeFormat. */
const DATE_FORMAT_FILES = ['src/domain/calendar.ts'];
/** The one translate for a reader, escaping every variable for HTML; grammY's own ctx.t is called only there. */
const ESCAPING_T = 'src/bot/reply.ts';
const RAW_T = /\bctx\.t\(/;
const NEW_DATE_FORMAT = /\bnew\s+Intl\s*\.\s*DateTimeFormat\s*\(/;
/** The one file that builds the Services container (buildServices, or a Services object by hand). */
const COMPOSITION_ROOT = 'src/app.ts';
const SERVICES_TYPE = 'Services';
const SERVICES_FACTORY = 'buildServices';

// ---------------------------------------------------------------------------------------------------------
// The checks. Each returns its offences, sorted; [] is a pass.

/** Deduplicated, in file order, `a.ts:9:` before `a.ts:10:`. */
const sorted = (lines: Iterable<string>) => [...new Set(lines)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const inAny = (file: string, prefixes: readonly string[]) => prefixes.some((p) => within(file, p));
const matchesPackage = (pkg: string, patterns: readonly string[]) =>
  patterns.some((p) => (p.endsWith('/*') ? pkg.startsWith(p.slice(0, -1)) : pkg === p));
/** What an import is called in a report: the file it resolves to, or the specifier of a package. */
const shown = (e: ModuleInfo['imports'][number]) => e.target ?? e.specifier;
const checked = (project: Project) => project.under(...CHECKED);
/** `file:line: the line`, for the rules that read source text. */
const at = (m: ModuleInfo, offset: number) => {
  const line = lineOf(m, offset);
  return `${m.path}:${line}: ${m.text.split('\n')[line - 1]!.trim()}`;
};
const textMatches = (m: ModuleInfo, pattern: RegExp) => {
  const out: string[] = [];
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (const match of m.text.matchAll(global)) out.push(at(m, match.index));
  return out;
};

/** Relative imports must resolve (the generated clients may not be there before `prisma generate`). */
function unresolvedImports(project: Project): string[] {
  return sorted(
    [...project.modules.values()].flatMap((m) =>
      m.imports.filter((e) => e.missing && !inAny(e.target!, EXCLUDED)).map((e) => `${m.path} -> ${e.specifier} (no such file)`),
    ),
  );
}

/** Rule 1: each cycle as `a.ts -> b.ts -> a.ts`, starting at its first file in sort order; type-only imports count. */
function importCycles(project: Project): string[] {
  const nodes = checked(project).map((m) => m.path);
  const isNode = new Set(nodes);
  const next = new Map(
    nodes.map((n) => [n, sorted(project.modules.get(n)!.imports.flatMap((e) => (e.target && isNode.has(e.target) ? [e.target] : [])))]),
  );

  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.set(w, components);
      } while (w !== v);
      components++;
    }
  };
  for (const n of nodes) if (!index.has(n)) connect(n);

  // For every import inside a component, the shortest cycle through it: every import that takes part in a
  // cycle shows up in at least one reported cycle, without listing the exponentially many of a big tangle.
  const shortestPath = (from: string, to: string): string[] => {
    const previous = new Map<string, string | null>([[from, null]]);
    const queue = [from];
    while (queue.length > 0) {
      const v = queue.shift()!;
      if (v === to) break;
      for (const w of next.get(v)!) {
        if (component.get(w) !== component.get(from) || previous.has(w)) continue;
        previous.set(w, v);
        queue.push(w);
      }
    }
    const path: string[] = [];
    for (let v: string | null | undefined = to; v != null; v = previous.get(v)) path.unshift(v);
    return path;
  };
  const cycles: string[] = [];
  for (const u of nodes) {
    for (const v of next.get(u)!) {
      if (component.get(u) !== component.get(v)) continue;
      const loop = u === v ? [u] : [u, ...shortestPath(v, u).slice(0, -1)];
      const first = loop.indexOf([...loop].sort()[0]!);
      const rotated = [...loop.slice(first), ...loop.slice(0, first)];
      cycles.push([...rotated, rotated[0]].join(' -> '));
    }
  }
  return sorted(cycles);
}

/** Rule 2. */
function domainImports(project: Project): string[] {
  return sorted(
    project.under(DOMAIN).flatMap((m) =>
      m.imports
        .filter((e) => (e.target ? !within(e.target, DOMAIN) : !DOMAIN_PACKAGES.includes(e.pkg!)))
        .map((e) => `${m.path} -> ${shown(e)}`),
    ),
  );
}

/** Rule 3. */
function databaseImports(project: Project): string[] {
  return sorted(
    checked(project)
      .filter((m) => !inAny(m.path, DB_IMPORTERS))
      .flatMap((m) =>
        m.imports
          .filter((e) => (e.target ? inAny(e.target, DB_FILES) : matchesPackage(e.pkg!, DB_PACKAGES)))
          .map((e) => `${m.path} -> ${shown(e)}`),
      ),
  );
}

/** The layer of a file: the index in LAYERS of its longest matching entry, or -1. */
function layerOf(file: string): { index: number; entry: string } {
  let best = { index: -1, entry: '' };
  LAYERS.forEach((entries, index) => {
    for (const entry of entries) if (within(file, entry) && entry.length > best.entry.length) best = { index, entry };
  });
  return best;
}

/** Rule 4. */
function layerViolations(project: Project): string[] {
  const out: string[] = [];
  for (const m of checked(project)) {
    const own = layerOf(m.path);
    if (own.index < 0) {
      out.push(`${m.path}: in no layer; add it to LAYERS`);
      continue;
    }
    for (const e of m.imports) {
      if (!e.target) continue;
      const theirs = layerOf(e.target);
      if (theirs.index < 0) out.push(`${m.path} -> ${e.target} (in no layer)`);
      else if (theirs.index > own.index) out.push(`${m.path} -> ${e.target} (${own.entry} is below ${theirs.entry})`);
    }
  }
  return sorted(out);
}

const isCommand = (file: string) =>
  within(file, COMMANDS_DIR) && file.slice(COMMANDS_DIR.length + 1).includes('/') && !within(file, COMMANDS_SHARED);

/** Rule 5. */
function commandViolations(project: Project): string[] {
  const out: string[] = [];
  for (const m of project.under(COMMANDS_DIR)) {
    const mayImportCommands = !isCommand(m.path) && !within(m.path, COMMANDS_SHARED); // commands/index.ts lists them all
    for (const e of m.imports) {
      if (!e.target) continue;
      if (!mayImportCommands && isCommand(e.target) && e.target !== m.path) out.push(`${m.path} -> ${e.target} (another command)`);
      if (inAny(e.target, COMMANDS_MAY_NOT_IMPORT)) out.push(`${m.path} -> ${e.target}`);
    }
    for (const pattern of SERVICES_DB) out.push(...textMatches(m, pattern));
  }
  return sorted(out);
}

/** Calls `visit` on every node of a file. */
function walk(m: ModuleInfo, visit: (node: TS.Node) => void) {
  const go = (node: TS.Node): void => {
    visit(node);
    ts.forEachChild(node, go);
  };
  go(m.source);
}

const start = (m: ModuleInfo, node: TS.Node) => node.getStart(m.source);

/** Rule 6a: where ActionContext is declared, if that is not exactly once under src/. */
function actionContextDeclarations(project: Project): string[] {
  const found: { file: string; where: string }[] = [];
  for (const m of checked(project)) {
    walk(m, (node) => {
      if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.name.text === ACTION_CONTEXT) found.push({ file: m.path, where: at(m, start(m, node)) });
    });
  }
  if (found.length === 1 && within(found[0]!.file, ACTION_CONTEXT_UNDER)) return [];
  return found.length === 0 ? [`no file under ${ACTION_CONTEXT_UNDER}/ declares ${ACTION_CONTEXT}`] : sorted(found.map((f) => f.where));
}

/** Rule 6b: where escapeHtml is defined, if that is not exactly once. */
function escapeHtmlDefinitions(project: Project): string[] {
  const found: string[] = [];
  for (const m of checked(project)) {
    walk(m, (node) => {
      const named =
        (ts.isFunctionDeclaration(node) && node.name?.text === ESCAPE_HTML) ||
        (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === ESCAPE_HTML) ||
        ((ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node)) && ts.isIdentifier(node.name) && node.name.text === ESCAPE_HTML);
      if (named) found.push(at(m, start(m, node)));
    });
  }
  return found.length === 1 ? [] : found.length === 0 ? [`no file defines ${ESCAPE_HTML}`] : sorted(found);
}

/** Rule 6c. */
function tagStripping(project: Project): string[] {
  return sorted(checked(project).filter((m) => !inAny(m.path, TAG_STRIPPERS_UNDER)).flatMap((m) => textMatches(m, TAG_STRIPPING_REGEX)));
}

/** Rule 6d. */
function dateFormats(project: Project): string[] {
  return sorted(checked(project).filter((m) => !DATE_FORMAT_FILES.includes(m.path)).flatMap((m) => textMatches(m, NEW_DATE_FORMAT)));
}

const isServicesType = (type: TS.TypeNode | undefined): boolean => {
  if (!type || !ts.isTypeReferenceNode(type)) return false;
  const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return name === SERVICES_TYPE || (name === 'Promise' && isServicesType(type.typeArguments?.[0]));
};
const unwrap = (e: TS.Expression): TS.Expression =>
  ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) ? unwrap(e.expression) : e;
/** A function body returns an object literal (not counting nested functions). */
const returnsObjectLiteral = (body: TS.Node): boolean => {
  if (ts.isExpression(body)) return ts.isObjectLiteralExpression(unwrap(body));
  let found = false;
  const go = (node: TS.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && ts.isObjectLiteralExpression(unwrap(node.expression))) found = true;
    else ts.forEachChild(node, go);
  };
  ts.forEachChild(body, go);
  return found;
};

/** Rule 6e: every place that builds the Services container, if any is outside the composition root (or there is none). */
function servicesConstruction(project: Project): string[] {
  const found: { file: string; where: string }[] = [];
  for (const m of checked(project)) {
    const site = (node: TS.Node, what: string) => found.push({ file: m.path, where: `${at(m, start(m, node))}  [${what}]` });
    walk(m, (node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        if (name === SERVICES_FACTORY) site(node, `calls ${SERVICES_FACTORY}`);
      } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === SERVICES_TYPE) {
        site(node, `new ${SERVICES_TYPE}`);
      } else if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const fn = node as TS.FunctionLikeDeclaration;
        if (fn.name && ts.isIdentifier(fn.name) && fn.name.text === SERVICES_FACTORY) site(node, `defines ${SERVICES_FACTORY}`);
        else if (isServicesType(fn.type) && returnsObjectLiteral(fn.body!)) site(node, `builds a ${SERVICES_TYPE} object`);
      } else if (ts.isVariableDeclaration(node) && isServicesType(node.type) && node.initializer && ts.isObjectLiteralExpression(unwrap(node.initializer))) {
        site(node, `builds a ${SERVICES_TYPE} object`);
      } else if ((ts.isSatisfiesExpression(node) || ts.isAsExpression(node)) && isServicesType(node.type) && ts.isObjectLiteralExpression(unwrap(node.expression))) {
        site(node, `builds a ${SERVICES_TYPE} object`);
      }
    });
  }
  if (!found.some((f) => f.file === COMPOSITION_ROOT)) return [`${COMPOSITION_ROOT} does not build the ${SERVICES_TYPE} container`, ...sorted(found.map((f) => f.where))];
  return sorted(found.filter((f) => f.file !== COMPOSITION_ROOT).map((f) => f.where));
}

/** Rule 7: `file: name` for every export of CHECKED that no other file imports. */
function unusedExports(project: Project): string[] {
  const used = new Map<string, Set<string>>();
  const use = (file: string, name: string, seen = new Set<string>()) => {
    const m = project.modules.get(file);
    if (!m || seen.has(file)) return;
    seen.add(file);
    if (m.exports.has(name)) {
      if (!used.has(file)) used.set(file, new Set());
      used.get(file)!.add(name);
    } else if (name !== 'default') {
      for (const star of m.starExports) use(star, name, seen);
    }
  };
  for (const importer of project.modules.values()) {
    for (const e of importer.imports) {
      if (!e.target || e.target === importer.path || e.star) continue;
      const names = e.names.all ? [...allExportsOf(project, e.target)] : e.names.names;
      for (const name of names) use(e.target, name);
    }
  }
  return sorted(
    checked(project).flatMap((m) => [...m.exports].filter((name) => !used.get(m.path)?.has(name)).map((name) => `${m.path}: ${name}`)),
  );
}

/** Fails with every offence on its own line (and no stack: the place to look is in the message). */
function expectNone(what: string, offences: readonly string[]) {
  if (offences.length === 0) return;
  const error = new Error(`${offences.length} ${what}:\n${offences.map((o) => `  ${o}`).join('\n')}\n`);
  error.name = 'ArchitectureError';
  error.stack = `${error.name}: ${error.message}`;
  throw error;
}

// ---------------------------------------------------------------------------------------------------------
// The tree.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const project = loadProject(ROOT, [...CHECKED, ...USERS].flatMap((dir) => listTsFiles(ROOT, dir, EXCLUDED)));

describe('architecture', () => {
  it('reads the import graph of src/ and commands/, every relative import resolving to a file', () => {
    expect(checked(project).length).toBeGreaterThan(0);
    expect(checked(project).some((m) => m.imports.length > 0)).toBe(true);
    expectNone('relative imports that resolve to no file', unresolvedImports(project));
  });

  it('1. has no import cycles (type-only imports count)', () => {
    expectNone('import cycles (the shortest through each import involved; break one import of each)', importCycles(project));
  });

  it(`2. ${DOMAIN}/ imports only itself and ${DOMAIN_PACKAGES.join(', ')}`, () => {
    expectNone(`imports out of ${DOMAIN}/`, domainImports(project));
  });

  it(`3. only ${DB_IMPORTERS.join(', ')} import the database (${[...DB_FILES, ...DB_PACKAGES].join(', ')})`, () => {
    expectNone('database imports from elsewhere', databaseImports(project));
  });

  it('4. imports only from its own layer or a lower one', () => {
    expectNone(`imports up the layers (lowest first: ${LAYERS.map((l) => l.join(' ')).join(' < ')})`, layerViolations(project));
  });

  it('5. commands import no other command, nor the scheduler, the delivery or the database, and never touch services.db', () => {
    expectNone('command offences', commandViolations(project));
  });

  describe('6. one of each', () => {
    it(`declares ${ACTION_CONTEXT} once, under ${ACTION_CONTEXT_UNDER}/`, () => {
      expectNone(`declarations of ${ACTION_CONTEXT} (want exactly one)`, actionContextDeclarations(project));
    });
    it(`defines ${ESCAPE_HTML} once`, () => {
      expectNone(`definitions of ${ESCAPE_HTML} (want exactly one)`, escapeHtmlDefinitions(project));
    });
    it(`strips HTML tags with a regex only under ${TAG_STRIPPERS_UNDER.join(', ')}`, () => {
      expectNone('tag-stripping regexes outside the renderer', tagStripping(project));
    });
    it(`constructs Intl.DateTimeFormat only in ${DATE_FORMAT_FILES.join(' and ')}`, () => {
      expectNone('date formats built elsewhere', dateFormats(project));
    });
    it(`builds the ${SERVICES_TYPE} container only in ${COMPOSITION_ROOT}`, () => {
      expectNone(`places that build the ${SERVICES_TYPE} container outside ${COMPOSITION_ROOT}`, servicesConstruction(project));
    });
    it(`translates with the one t that escapes its variables (grammY's raw ctx.t only in ${ESCAPING_T})`, () => {
      expectNone('raw translations', sorted(checked(project).filter((m) => m.path !== ESCAPING_T).flatMap((m) => textMatches(m, RAW_T))));
    });
  });

  it(`7. every export is imported by another file of ${[...CHECKED, ...USERS].join(', ')}`, () => {
    expectNone('unused exports', unusedExports(project));
  });
});

// ---------------------------------------------------------------------------------------------------------
// The checks themselves, on a made-up tree with one of each offence: a check that finds nothing here is broken.

describe('the architecture checks catch what they are meant to', () => {
  const fixture = createProject(
    new Map(
      Object.entries({
        'src/domain/rules.ts': [
          "import { z } from 'zod';",
          "import days from 'chinese-days';",
          "import { readFile } from 'node:fs/promises';",
          "import type { Bot } from 'grammy';",
          "import type { Db } from '../db/types.ts';",
          "import { tick } from './calendar';",
          'export const rules = z.object({});',
          'export const unused = 1, { a, b: [c] } = { a: 1, b: [2] };',
        ].join('\n'),
        'src/domain/calendar.ts': "export const tick = 1;\nexport function fmt() { return new Intl.DateTimeFormat('en'); }",
        'src/db/types.ts': "import type { PrismaClient } from './generated/sqlite/client.ts';\nexport type Db = PrismaClient;",
        'src/bot/menus.ts': "import type { CommandDef } from './registry.ts';\nexport class MenuPublisher {}",
        'src/bot/registry.ts': "import type { Services } from '../services/index.ts';\nexport interface CommandDef {}",
        'src/bot/router.ts': "export const plain = (s: string) => s.replace(/<[^>]+>/g, '').replace(/<\\/?[^>]*>/g, '');",
        'src/services/index.ts': [
          "import { Outbox } from '../delivery/outbox.ts';",
          'export interface Services { db: unknown }',
          "export type ActionContext = { actor: string };",
          'export function buildServices(): Services { return { db: 1 }; }',
          "export const lazy = async () => (await import('../bot/menus.ts')).MenuPublisher;",
        ].join('\n'),
        'src/services/tasks.ts': "export interface ActionContext { actor: string }\nexport * from './index.ts';",
        'src/delivery/outbox.ts': "import pg from 'pg';\nexport class Outbox {}",
        'src/render/html.ts': "export const escapeHtml = (s: string) => s;\nexport const strip = (s: string) => s.replace(/<[^>]+>/g, '');",
        'src/render/format.ts': "export const f = new Intl.DateTimeFormat('en-CA');",
        'src/config/index.ts': "export function escapeHtml(s: string) { return s; }\nexport const tz = new  Intl.DateTimeFormat('en', {});",
        'src/render/messages.ts': [
          "import type { Db } from '../db/types.ts';",
          "import type { PrismaClient } from '@prisma/client';",
          "import { Prisma } from '../db/generated/sqlite/client.ts';",
          "import { html } from './html.ts';",
          "export type M = import('../bot/registry.ts').CommandDef;",
        ].join('\n'),
        'src/app.ts': "import * as services from './services/tasks.ts';\nconst s = services.buildServices();",
        'src/stray.ts': "import { rules } from './domain/rules.ts';",
        'commands/index.ts': "import reject from './tasks/reject.ts';\nimport fixed from './problems/fixed.ts';\nexport const COMMANDS = [reject, fixed];",
        'commands/tasks/reject.ts': [
          "import fixed from '../problems/fixed.ts';",
          "import { verdict } from '../shared/verdict.ts';",
          "import type { Scheduler } from '../../src/scheduler/scheduler.ts';",
          'export default { run: async (services: { db: unknown }) => services.db };',
        ].join('\n'),
        'commands/problems/fixed.ts': 'const { db } = services;\nexport default {};',
        'commands/shared/verdict.ts': "import reject from '../tasks/reject.ts';\nexport const verdict = 1;",
        'test/uses.test.ts': "import { Outbox } from '../src/delivery/outbox.ts';\nimport { COMMANDS } from '../commands/index.ts';\nimport { nothing } from '../src/gone.ts';",
      }),
    ),
  );

  it('finds the relative imports that resolve to no file', () => {
    expect(unresolvedImports(fixture)).toEqual([
      'commands/tasks/reject.ts -> ../../src/scheduler/scheduler.ts (no such file)',
      'test/uses.test.ts -> ../src/gone.ts (no such file)',
    ]);
  });

  it('1. finds cycles, type-only and dynamic imports included', () => {
    expect(importCycles(fixture)).toEqual([
      'commands/shared/verdict.ts -> commands/tasks/reject.ts -> commands/shared/verdict.ts',
      'src/bot/menus.ts -> src/bot/registry.ts -> src/services/index.ts -> src/bot/menus.ts',
    ]);
  });

  it('2. finds imports out of the domain', () => {
    expect(domainImports(fixture)).toEqual([
      'src/domain/rules.ts -> grammy',
      'src/domain/rules.ts -> node:fs/promises',
      'src/domain/rules.ts -> src/db/types.ts',
    ]);
  });

  it('3. finds database imports from elsewhere', () => {
    expect(databaseImports(fixture)).toEqual([
      'src/domain/rules.ts -> src/db/types.ts',
      'src/render/messages.ts -> @prisma/client',
      'src/render/messages.ts -> src/db/generated/sqlite/client.ts',
      'src/render/messages.ts -> src/db/types.ts',
    ]);
  });

  it('4. finds imports up the layers, import() types included, and files in no layer', () => {
    expect(layerViolations(fixture)).toEqual([
      'src/domain/rules.ts -> src/db/types.ts (src/domain is below src/db)',
      'src/render/messages.ts -> src/bot/registry.ts (src/render is below src/bot)',
      'src/services/index.ts -> src/bot/menus.ts (src/services is below src/bot)',
      'src/stray.ts: in no layer; add it to LAYERS',
    ]);
  });

  it('5. finds commands importing commands, the scheduler, the delivery or the database, and services.db', () => {
    expect(commandViolations(fixture)).toEqual([
      'commands/problems/fixed.ts:1: const { db } = services;',
      'commands/shared/verdict.ts -> commands/tasks/reject.ts (another command)',
      'commands/tasks/reject.ts -> commands/problems/fixed.ts (another command)',
      'commands/tasks/reject.ts -> src/scheduler/scheduler.ts',
      'commands/tasks/reject.ts:4: export default { run: async (services: { db: unknown }) => services.db };',
    ]);
  });

  it('6. finds two of what there should be one of', () => {
    expect(actionContextDeclarations(fixture)).toEqual([
      'src/services/index.ts:3: export type ActionContext = { actor: string };',
      'src/services/tasks.ts:1: export interface ActionContext { actor: string }',
    ]);
    expect(escapeHtmlDefinitions(fixture)).toEqual([
      'src/config/index.ts:1: export function escapeHtml(s: string) { return s; }',
      'src/render/html.ts:1: export const escapeHtml = (s: string) => s;',
    ]);
    expect(tagStripping(fixture)).toEqual(["src/bot/router.ts:1: export const plain = (s: string) => s.replace(/<[^>]+>/g, '').replace(/<\\/?[^>]*>/g, '');"]);
    expect(dateFormats(fixture)).toEqual(["src/config/index.ts:2: export const tz = new  Intl.DateTimeFormat('en', {});", "src/render/format.ts:1: export const f = new Intl.DateTimeFormat('en-CA');"]);
    expect(servicesConstruction(fixture)).toEqual(['src/services/index.ts:4: export function buildServices(): Services { return { db: 1 }; }  [defines buildServices]']);
  });

  it('7. finds exports nobody imports, following re-exports and namespace imports', () => {
    expect(unusedExports(fixture)).toEqual([
      'src/bot/router.ts: plain',
      'src/config/index.ts: escapeHtml',
      'src/config/index.ts: tz',
      'src/domain/calendar.ts: fmt',
      'src/domain/rules.ts: a',
      'src/domain/rules.ts: c',
      'src/domain/rules.ts: unused',
      'src/render/format.ts: f',
      'src/render/html.ts: escapeHtml',
      'src/render/html.ts: strip',
      'src/render/messages.ts: M',
      // tasks.ts's own ActionContext hides the one `export *` would bring from index.ts
      'src/services/index.ts: ActionContext',
    ]);
  });
});
