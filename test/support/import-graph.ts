// The import graph of the repository, read from syntax alone: every file is parsed with ts.createSourceFile
// (no Program, no type checking), so building the graph of the whole tree takes well under a second.
// test/architecture.test.ts checks its rules against it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript';

/** The compiler, loaded through require: a static ESM import of its 9 MB CommonJS file takes a second longer. */
export const ts: typeof TS = createRequire(import.meta.url)('typescript');

/** Which names of the imported module an import uses; `all` for namespace imports and dynamic import(). */
export type UsedNames = { readonly all: true } | { readonly all: false; readonly names: readonly string[] };

export interface ImportEdge {
  /** The importing file, relative to the root, with forward slashes. */
  readonly from: string;
  /** As written. */
  readonly specifier: string;
  /** For a relative specifier: the file it resolves to, relative to the root (it may not exist, see `missing`). */
  readonly target: string | null;
  /** For a bare specifier: the package, `node:` prefixed for builtins (`node:fs/promises` is `node:fs`). */
  readonly pkg: string | null;
  readonly missing: boolean;
  /** `import type`, `export type`, `{ type A }` only, or `import('x').T` in a type position. */
  readonly typeOnly: boolean;
  /** `import` and `export … from` declarations, `import()` calls, `import('x')` types. */
  readonly kind: 'import' | 'export' | 'dynamic' | 'type';
  /** For `export * from`: re-exports every name, uses none itself. */
  readonly star: boolean;
  readonly names: UsedNames;
  readonly line: number;
}

export interface ModuleInfo {
  readonly path: string;
  readonly text: string;
  readonly source: TS.SourceFile;
  readonly imports: readonly ImportEdge[];
  /** Names this file exports itself: declarations, `export { a }`, `export { a } from`, `export * as ns from`. */
  readonly exports: ReadonlySet<string>;
  /** Resolved targets of `export * from`. */
  readonly starExports: readonly string[];
}

export interface Project {
  readonly modules: ReadonlyMap<string, ModuleInfo>;
  /** Every module under one of these prefixes (`src/`, `commands/`), sorted. */
  under(...prefixes: string[]): ModuleInfo[];
}

/** `path` is `prefix` itself or lies under the folder `prefix`. */
export const within = (file: string, prefix: string): boolean => {
  const p = prefix.replace(/\/+$/, '');
  return file === p || file.startsWith(`${p}/`);
};

const toPosix = (p: string) => p.split(path.sep).join('/');

/** Every `.ts` file under `dir` (relative to `root`), skipping anything under one of `exclude`. */
export function listTsFiles(root: string, dir: string, exclude: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    if (exclude.some((e) => within(rel, e))) return;
    const abs = path.join(root, rel);
    let entries: string[];
    try {
      entries = readdirSync(abs);
    } catch {
      return; // a folder someone just moved away
    }
    for (const name of entries) {
      if (name === 'node_modules') continue;
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (exclude.some((e) => within(childRel, e))) continue;
      let isDir = false;
      try {
        isDir = statSync(path.join(abs, name)).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(childRel);
      else if (name.endsWith('.ts')) out.push(childRel);
    }
  };
  walk(toPosix(dir).replace(/^\.\/?/, '').replace(/\/+$/, ''));
  return out.sort();
}

/** Reads and parses the given files (relative to root). */
export function loadProject(root: string, files: readonly string[]): Project {
  const texts = new Map(files.map((f) => [f, readFileSync(path.join(root, f), 'utf8')] as const));
  return createProject(texts, (f) => texts.has(f) || existsSync(path.join(root, f)));
}

/** Builds a project from in-memory sources; `fileExists` answers for files outside `sources`. */
export function createProject(sources: ReadonlyMap<string, string>, fileExists: (file: string) => boolean = () => false): Project {
  const exists = (f: string) => sources.has(f) || fileExists(f);
  const modules = new Map<string, ModuleInfo>();
  for (const [file, text] of [...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    modules.set(file, parseModule(file, text, exists));
  }
  return {
    modules,
    under: (...prefixes) => [...modules.values()].filter((m) => prefixes.some((p) => within(m.path, p))),
  };
}

function resolveRelative(from: string, specifier: string, exists: (f: string) => boolean): { target: string; missing: boolean } {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = /\.(c|m)?js$/.test(base)
    ? [base.replace(/\.(c|m)?js$/, '.$1ts'), base]
    : /\.[cm]?tsx?$|\.json$/.test(base)
      ? [base]
      : [base, `${base}.ts`, `${base}/index.ts`];
  const found = candidates.find(exists);
  if (found) return { target: found, missing: false };
  return { target: /\.[cm]?tsx?$|\.json$/.test(candidates[0]!) ? candidates[0]! : `${base}.ts`, missing: true };
}

/** `grammy/types` is `grammy`, `@prisma/client/runtime` is `@prisma/client`, `fs` and `node:fs/promises` are `node:fs`. */
export function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return `node:${specifier.slice(5).split('/')[0]}`;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.slice(0, 2).join('/');
  if (isBuiltin(specifier)) return `node:${parts[0]}`;
  return parts[0]!;
}

const hasModifier = (node: TS.Node, kind: TS.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

function bindingNames(name: TS.BindingName, out: string[]) {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
}

/** The leftmost name of `A.B.C`. */
const leftmost = (name: TS.EntityName): string => (ts.isIdentifier(name) ? name.text : leftmost(name.left));

function parseModule(file: string, text: string, exists: (f: string) => boolean): ModuleInfo {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const imports: ImportEdge[] = [];
  const exports = new Set<string>();
  const starExports: string[] = [];

  const edge = (
    specifierNode: TS.Node | undefined,
    kind: ImportEdge['kind'],
    typeOnly: boolean,
    names: UsedNames,
    star = false,
  ): ImportEdge | undefined => {
    if (!specifierNode || !ts.isStringLiteralLike(specifierNode)) return undefined; // import(someVariable)
    const specifier = specifierNode.text;
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
    const resolved = relative ? resolveRelative(file, specifier, exists) : null;
    const e: ImportEdge = {
      from: file,
      specifier,
      target: resolved?.target ?? null,
      pkg: relative ? null : packageOf(specifier),
      missing: resolved?.missing ?? false,
      typeOnly,
      kind,
      star,
      names,
      line: source.getLineAndCharacterOfPosition(specifierNode.getStart(source)).line + 1,
    };
    imports.push(e);
    return e;
  };

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const names: string[] = [];
      let all = false;
      let typeOnly = false;
      if (clause) {
        if (clause.name) names.push('default');
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) all = true;
        else if (bindings) for (const el of bindings.elements) names.push((el.propertyName ?? el.name).text);
        typeOnly =
          clause.isTypeOnly ||
          (!clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((el) => el.isTypeOnly));
      }
      edge(statement.moduleSpecifier, 'import', typeOnly, all ? { all: true } : { all: false, names });
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier) {
        if (!clause) {
          const e = edge(statement.moduleSpecifier, 'export', statement.isTypeOnly, { all: false, names: [] }, true);
          if (e?.target) starExports.push(e.target);
        } else if (ts.isNamespaceExport(clause)) {
          exports.add(clause.name.text);
          edge(statement.moduleSpecifier, 'export', statement.isTypeOnly, { all: true });
        } else {
          for (const el of clause.elements) exports.add(el.name.text);
          edge(
            statement.moduleSpecifier,
            'export',
            statement.isTypeOnly || (clause.elements.length > 0 && clause.elements.every((el) => el.isTypeOnly)),
            { all: false, names: clause.elements.map((el) => (el.propertyName ?? el.name).text) },
          );
        }
      } else if (clause && ts.isNamedExports(clause)) {
        for (const el of clause.elements) exports.add(el.name.text);
      }
    } else if (ts.isExportAssignment(statement)) {
      if (!statement.isExportEquals) exports.add('default');
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      edge(statement.moduleReference.expression, 'import', statement.isTypeOnly, { all: true });
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      if (ts.isVariableStatement(statement)) {
        const names: string[] = [];
        for (const d of statement.declarationList.declarations) bindingNames(d.name, names);
        for (const n of names) exports.add(n);
      } else if (isDefault) {
        exports.add('default');
      } else if (
        (ts.isFunctionDeclaration(statement) ||
          ts.isClassDeclaration(statement) ||
          ts.isInterfaceDeclaration(statement) ||
          ts.isTypeAliasDeclaration(statement) ||
          ts.isEnumDeclaration(statement) ||
          ts.isModuleDeclaration(statement)) &&
        statement.name &&
        ts.isIdentifier(statement.name)
      ) {
        exports.add(statement.name.text);
      }
    }
  }

  // import() calls and import('x').T types can sit anywhere.
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      edge(node.arguments[0], 'dynamic', false, { all: true });
    } else if (ts.isImportTypeNode(node)) {
      const literal = ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined;
      edge(literal, 'type', true, node.qualifier && !node.isTypeOf ? { all: false, names: [leftmost(node.qualifier)] } : { all: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  return { path: file, text, source, imports, exports, starExports };
}

/** Everything a module exports, following `export * from` (which never passes on `default`). */
export function allExportsOf(project: Project, file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  const m = project.modules.get(file);
  if (!m || seen.has(file)) return out;
  seen.add(file);
  for (const n of m.exports) out.add(n);
  for (const star of m.starExports) for (const n of allExportsOf(project, star, seen)) if (n !== 'default') out.add(n);
  return out;
}

/** 1-based line of a character offset. */
export const lineOf = (m: ModuleInfo, offset: number): number => m.source.getLineAndCharacterOfPosition(offset).line + 1;
