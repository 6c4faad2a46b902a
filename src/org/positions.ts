// Where in the organisation file a problem is, and how it is worded: every error names a line and a column.
import { isMap, isScalar, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';

export interface OrgFileError {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  message: string;
}

export type Path = readonly (string | number)[];

/** `units[3].parent` */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? '(document)' : out;
}

function nodeAt(doc: Document, path: Path, atKey: boolean): YamlNode | null {
  // Find the deepest existing node along the path; for the last segment, prefer the key when asked
  // to, or when the value is empty (`name:` has a zero-width null value after the colon).
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) return node;
      const value = pair.value;
      const last = i === path.length - 1;
      const emptyValue = value === null || (isScalar(value) && value.value === null && value.source === '');
      if (last && (atKey || emptyValue) && isScalar(pair.key)) return pair.key;
      if (value === null || value === undefined) return isScalar(pair.key) ? pair.key : node;
      node = value;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const item = typeof seg === 'number' ? (node as { items: unknown[] }).items[seg] : undefined;
      if (item === undefined || item === null) return node as YamlNode;
      node = item;
    } else {
      break;
    }
  }
  return (node as YamlNode | null) ?? null;
}

export function positionOf(doc: Document, lc: LineCounter, path: Path, atKey = false): { line: number; column: number } {
  const node = nodeAt(doc, path, atKey);
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

export function describeZodIssue(issue: z.core.$ZodIssue, input: unknown): { path: Path; message: string; atKey?: boolean }[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  let value: unknown = input;
  for (const seg of path) value = value != null && typeof value === 'object' ? (value as Record<string | number, unknown>)[seg] : undefined;

  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], atKey: true, message: `unknown field "${key}"` }));
  }
  if (value === undefined && path.length > 0) {
    return [{ path, message: `missing required field "${String(path[path.length - 1])}"` }];
  }
  if (value === null && issue.code !== 'invalid_union') {
    return [{ path, message: path.length === 0 ? 'the file is empty' : 'required field has no value' }];
  }
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`;
    return [{ path, message: `expected ${expected}, got ${describeValue(value)}` }];
  }
  if (issue.code === 'invalid_union') {
    // Our unions are null | text: report the text branch's complaint.
    for (const branch of issue.errors) {
      const inner = branch.find((i) => !(i.code === 'invalid_type' && i.expected === 'null') && !(i.code === 'invalid_value' && i.values.includes('')));
      if (inner) return describeZodIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, input);
    }
  }
  return [{ path, message: issue.message }];
}

function describeValue(v: unknown): string {
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function sortErrors(errors: OrgFileError[]): OrgFileError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `file:line:col: message`, one per line, as compilers print them. */
/** A broken indentation can make every later line an error: the first `max` are shown, then how many more. */
const ERRORS_SHOWN = 30;

export function formatOrgErrors(file: string, errors: readonly OrgFileError[], max = ERRORS_SHOWN): string {
  const lines = errors.slice(0, max).map((e) => `${file}:${e.line}:${e.column}: ${e.message}`);
  if (errors.length > max) lines.push(`${file}: … and ${errors.length - max} more errors`);
  return lines.join('\n');
}
