// The organisation file (prisma/org.yaml): parsing with line-level errors, and an idempotent import.
//
// parseOrgFile is pure. importOrg upserts units by name and committees by code in one transaction,
// never deletes, and reports what it added, changed (field by field), left unchanged and left alone.
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import type { Db, Tx } from '../db/types.ts';
import { writeAudit } from '../services/audit.ts';

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

export const ORG_UNIT_KINDS = ['department', 'township', 'leader', 'district', 'grid', 'other'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** Longest short name accepted: short names are typed in chat commands. */
export const SHORT_NAME_MAX = 12;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** An optional text field; an empty value (`headName:`) means "none". */
const optionalText = (max: number) =>
  z
    .union([z.null(), z.literal('').transform(() => null), text(max)])
    .optional()
    .transform((v) => v ?? null);

const shortNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(SHORT_NAME_MAX, `must be at most ${SHORT_NAME_MAX} characters`)
  .regex(/^\S+$/u, 'must not contain spaces');

const unitSchema = z.strictObject({
  name: text(100),
  shortName: z
    .union([z.null(), z.literal('').transform(() => null), shortNameSchema])
    .optional()
    .transform((v) => v ?? null),
  kind: z.enum(ORG_UNIT_KINDS, { error: `must be one of: ${ORG_UNIT_KINDS.join(', ')}` }),
  parent: optionalText(100),
  headName: optionalText(100),
  headTitle: optionalText(100),
});

const committeeSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be 1–32 characters of a-z, 0-9, "-" or "_", starting with a letter'),
  name: text(100),
  shortName: shortNameSchema,
  officeUnit: optionalText(100),
});

const orgSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }).optional(),
  committees: z.array(committeeSchema),
  units: z.array(unitSchema),
});

export type OrgUnit = z.output<typeof unitSchema>;
export type OrgCommittee = z.output<typeof committeeSchema>;
/** A parsed and checked organisation file. The order of each list is the display order (sortOrder). */
export type OrgDocument = z.output<typeof orgSchema>;

export interface OrgFileError {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  message: string;
}

export type ParseOrgResult = { ok: true; org: OrgDocument } | { ok: false; errors: OrgFileError[] };

type Path = readonly (string | number)[];

/** `units[3].parent` */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? '(document)' : out;
}

// ---------------------------------------------------------------------------------------------
// Semantic checks (shared by parseOrgFile and importOrg)
// ---------------------------------------------------------------------------------------------

interface SemanticIssue {
  path: Path;
  message: string;
  /** point at the key of the last path segment rather than its value */
  atKey?: boolean;
}

/** Referential checks: duplicates, unknown parents and office units, cycles in parent links. */
export function checkOrg(org: OrgDocument): SemanticIssue[] {
  const issues: SemanticIssue[] = [];

  const firstUnitByName = new Map<string, number>();
  org.units.forEach((u, i) => {
    const prev = firstUnitByName.get(u.name);
    if (prev !== undefined) issues.push({ path: ['units', i, 'name'], message: `duplicate unit name ${u.name} (also units[${prev}])` });
    else firstUnitByName.set(u.name, i);
  });

  const firstCode = new Map<string, number>();
  const firstCommitteeName = new Map<string, number>();
  org.committees.forEach((c, i) => {
    const prevCode = firstCode.get(c.code);
    if (prevCode !== undefined) issues.push({ path: ['committees', i, 'code'], message: `duplicate committee code ${c.code} (also committees[${prevCode}])` });
    else firstCode.set(c.code, i);
    const prevName = firstCommitteeName.get(c.name);
    if (prevName !== undefined) issues.push({ path: ['committees', i, 'name'], message: `duplicate committee name ${c.name} (also committees[${prevName}])` });
    else firstCommitteeName.set(c.name, i);
  });

  // Short names are typed in chat, so one short name must mean one thing across units and committees,
  // and must not be another unit's or committee's full name or another committee's code. Compared the
  // way chat input is matched (src/domain/names.ts): NFKC, case-insensitive.
  const norm = (v: string) => v.normalize('NFKC').trim().toLowerCase();
  const unitIdxByNorm = new Map<string, number>();
  org.units.forEach((u, i) => {
    if (!unitIdxByNorm.has(norm(u.name))) unitIdxByNorm.set(norm(u.name), i);
  });
  const committeeIdxByNorm = new Map<string, number>();
  const committeeIdxByCode = new Map<string, number>();
  org.committees.forEach((c, i) => {
    if (!committeeIdxByNorm.has(norm(c.name))) committeeIdxByNorm.set(norm(c.name), i);
    if (!committeeIdxByCode.has(norm(c.code))) committeeIdxByCode.set(norm(c.code), i);
  });
  const shortOwners = new Map<string, string>();
  const shortNamed = [
    ...org.units.map((u, i) => ({ short: u.shortName, path: ['units', i, 'shortName'] as Path, label: `units[${i}]` })),
    ...org.committees.map((c, i) => ({ short: c.shortName, path: ['committees', i, 'shortName'] as Path, label: `committees[${i}]` })),
  ];
  for (const { short, path, label } of shortNamed) {
    if (short === null) continue;
    const key = norm(short);
    const prev = shortOwners.get(key);
    if (prev !== undefined) {
      issues.push({ path, message: `duplicate shortName ${short} (also ${prev})` });
      continue;
    }
    shortOwners.set(key, label);
    const ownUnitIdx = path[0] === 'units' ? path[1] : -1;
    const ownCommitteeIdx = path[0] === 'committees' ? path[1] : -1;
    const unitIdx = unitIdxByNorm.get(key);
    if (unitIdx !== undefined && unitIdx !== ownUnitIdx) {
      issues.push({ path, message: `shortName ${short} is the full name of units[${unitIdx}]` });
    }
    const committeeIdx = committeeIdxByNorm.get(key);
    if (committeeIdx !== undefined && committeeIdx !== ownCommitteeIdx) {
      issues.push({ path, message: `shortName ${short} is the full name of committees[${committeeIdx}]` });
    }
    const codeIdx = committeeIdxByCode.get(key);
    if (codeIdx !== undefined && codeIdx !== ownCommitteeIdx) {
      issues.push({ path, message: `shortName ${short} is the code of committees[${codeIdx}]` });
    }
  }

  org.units.forEach((u, i) => {
    if (u.parent === null) return;
    if (u.parent === u.name) issues.push({ path: ['units', i, 'parent'], message: `a unit cannot be its own parent (${u.name})` });
    else if (!firstUnitByName.has(u.parent)) issues.push({ path: ['units', i, 'parent'], message: `no unit named ${u.parent}` });
  });
  org.committees.forEach((c, i) => {
    if (c.officeUnit !== null && !firstUnitByName.has(c.officeUnit)) {
      issues.push({ path: ['committees', i, 'officeUnit'], message: `no unit named ${c.officeUnit}` });
    }
  });

  // Cycles: walk each chain; report every cycle once, at the member that appears first in the file.
  const parentOf = new Map<string, string>();
  for (const u of org.units) if (u.parent !== null && u.parent !== u.name && !parentOf.has(u.name)) parentOf.set(u.name, u.parent);
  const reported = new Set<string>();
  const done = new Set<string>();
  for (const start of org.units.map((u) => u.name)) {
    if (done.has(start)) continue;
    const trail: string[] = [];
    const onTrail = new Set<string>();
    let cur: string | undefined = start;
    while (cur !== undefined && !done.has(cur) && !onTrail.has(cur)) {
      trail.push(cur);
      onTrail.add(cur);
      cur = parentOf.get(cur);
    }
    if (cur !== undefined && onTrail.has(cur)) {
      const cycle = trail.slice(trail.indexOf(cur));
      const first = cycle.reduce((a, b) => ((firstUnitByName.get(a) ?? 0) <= (firstUnitByName.get(b) ?? 0) ? a : b));
      if (!reported.has(first)) {
        cycle.forEach((n) => reported.add(n));
        const from = cycle.indexOf(first);
        const ordered = [...cycle.slice(from), ...cycle.slice(0, from), first];
        issues.push({ path: ['units', firstUnitByName.get(first) ?? 0, 'parent'], message: `cycle in parent links: ${ordered.join(' → ')}` });
      }
    }
    trail.forEach((n) => done.add(n));
  }

  return issues;
}

// ---------------------------------------------------------------------------------------------
// Parsing with positions
// ---------------------------------------------------------------------------------------------

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

function positionOf(doc: Document, lc: LineCounter, path: Path, atKey = false): { line: number; column: number } {
  const node = nodeAt(doc, path, atKey);
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

function describeZodIssue(issue: z.core.$ZodIssue, input: unknown): { path: Path; message: string; atKey?: boolean }[] {
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

/**
 * Parse an organisation file. Every error carries the 1-based line and column of the offending node;
 * nothing is reported as ok unless the YAML, the schema and the cross-references are all valid.
 */
export function parseOrgFile(textIn: string): ParseOrgResult {
  const lc = new LineCounter();
  const doc = parseDocument(textIn, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lc.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ ...at(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]}` })),
    };
  }

  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, errors: [{ line: 1, column: 1, message: `YAML: ${(e as Error).message}` }] };
  }

  const parsed = orgSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues
      .flatMap((issue) => describeZodIssue(issue, input))
      .map((i) => ({ ...positionOf(doc, lc, i.path, i.atKey), message: `${formatPath(i.path)}: ${i.message}` }));
    return { ok: false, errors: sortErrors(errors) };
  }

  const issues = checkOrg(parsed.data);
  if (issues.length > 0) {
    return {
      ok: false,
      errors: sortErrors(issues.map((i) => ({ ...positionOf(doc, lc, i.path, i.atKey), message: `${formatPath(i.path)}: ${i.message}` }))),
    };
  }
  return { ok: true, org: parsed.data };
}

function sortErrors(errors: OrgFileError[]): OrgFileError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `file:line:col: message`, one per line, as compilers print them. */
export function formatOrgErrors(file: string, errors: readonly OrgFileError[]): string {
  return errors.map((e) => `${file}:${e.line}:${e.column}: ${e.message}`).join('\n');
}

/** Thrown for a file that does not parse, or an import that conflicts with the database. */
export class OrgImportError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(details.length > 0 ? `${message}\n${details.map((d) => `  ${d}`).join('\n')}` : message);
    this.name = 'OrgImportError';
  }
}

/** Read and parse a file; throws OrgImportError with `file:line:col: message` lines if it is malformed. */
export async function loadOrgFile(filePath: string): Promise<OrgDocument> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (e) {
    throw new OrgImportError(`cannot read the organisation file ${filePath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = parseOrgFile(text);
  if (!parsed.ok) throw new OrgImportError(`${filePath} is not a valid organisation file`, formatOrgErrors(filePath, parsed.errors).split('\n'));
  return parsed.org;
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

export interface OrgFieldChange {
  field: string;
  from: string | number | null;
  to: string | number | null;
}

export interface OrgEntityReport {
  entity: 'unit' | 'committee';
  /** unit name or committee code */
  key: string;
  status: 'added' | 'changed' | 'unchanged' | 'notInFile';
  /** for changed entities: the fields that change; for added ones: the fields set */
  changes: OrgFieldChange[];
}

export interface OrgImportReport {
  /** `unit 城关镇`, `committee air` */
  added: string[];
  /** `unit 城关镇: headName 张某某 → 李某某; headTitle 党委书记 → 镇长` */
  changed: string[];
  unchanged: string[];
  /** in the database but not in the file: left alone, never deleted */
  notInFile: string[];
  /** the same, structured */
  entries: OrgEntityReport[];
  /** true when nothing was written (dry run) */
  dryRun: boolean;
}

export interface ImportOrgOptions {
  actorTelegramId?: bigint;
  /** compute the report without writing anything */
  dryRun?: boolean;
  /** recorded in the audit row, e.g. the file path */
  source?: string;
}

interface DbUnitRow {
  id: number;
  name: string;
  shortName: string | null;
  kind: string;
  parentId: number | null;
  headName: string | null;
  headTitle: string | null;
  sortOrder: number;
}

interface DbCommitteeRow {
  id: number;
  code: string;
  name: string;
  shortName: string;
  officeUnitId: number | null;
  sortOrder: number;
}

type Reader = Pick<Tx, 'unit' | 'committee'>;

interface UnitPlan {
  file: OrgUnit;
  sortOrder: number;
  existing: DbUnitRow | undefined;
  changes: OrgFieldChange[];
}

interface CommitteePlan {
  file: OrgCommittee;
  sortOrder: number;
  existing: DbCommitteeRow | undefined;
  changes: OrgFieldChange[];
}

interface Plan {
  units: UnitPlan[];
  committees: CommitteePlan[];
  unitsNotInFile: DbUnitRow[];
  committeesNotInFile: DbCommitteeRow[];
}

const UNIT_SELECT = { id: true, name: true, shortName: true, kind: true, parentId: true, headName: true, headTitle: true, sortOrder: true } as const;
const COMMITTEE_SELECT = { id: true, code: true, name: true, shortName: true, officeUnitId: true, sortOrder: true } as const;

function diff(changes: OrgFieldChange[], field: string, from: string | number | null, to: string | number | null): void {
  if (from !== to) changes.push({ field, from, to });
}

async function plan(db: Reader, org: OrgDocument): Promise<Plan> {
  const issues = checkOrg(org);
  if (issues.length > 0) {
    throw new OrgImportError('the organisation document is inconsistent', issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }

  const [dbUnits, dbCommittees] = await Promise.all([
    db.unit.findMany({ select: UNIT_SELECT, orderBy: { id: 'asc' } }) as Promise<DbUnitRow[]>,
    db.committee.findMany({ select: COMMITTEE_SELECT, orderBy: { id: 'asc' } }) as Promise<DbCommitteeRow[]>,
  ]);
  const unitByName = new Map(dbUnits.map((u) => [u.name, u]));
  const unitById = new Map(dbUnits.map((u) => [u.id, u]));
  const committeeByCode = new Map(dbCommittees.map((c) => [c.code, c]));
  const fileUnitNames = new Set(org.units.map((u) => u.name));
  const fileCodes = new Set(org.committees.map((c) => c.code));
  const nameOfUnitId = (id: number | null) => (id === null ? null : (unitById.get(id)?.name ?? `#${id}`));

  const units: UnitPlan[] = org.units.map((file, sortOrder) => {
    const existing = unitByName.get(file.name);
    const changes: OrgFieldChange[] = [];
    const from = existing
      ? { ...existing, parent: nameOfUnitId(existing.parentId) }
      : { shortName: null, kind: null, parent: null, headName: null, headTitle: null, sortOrder: null };
    diff(changes, 'shortName', from.shortName, file.shortName);
    diff(changes, 'kind', from.kind, file.kind);
    diff(changes, 'parent', from.parent, file.parent);
    diff(changes, 'headName', from.headName, file.headName);
    diff(changes, 'headTitle', from.headTitle, file.headTitle);
    diff(changes, 'sortOrder', from.sortOrder, sortOrder);
    return { file, sortOrder, existing, changes };
  });

  const committees: CommitteePlan[] = org.committees.map((file, sortOrder) => {
    const existing = committeeByCode.get(file.code);
    const changes: OrgFieldChange[] = [];
    diff(changes, 'name', existing?.name ?? null, file.name);
    diff(changes, 'shortName', existing?.shortName ?? null, file.shortName);
    diff(changes, 'officeUnit', existing ? nameOfUnitId(existing.officeUnitId) : null, file.officeUnit);
    diff(changes, 'sortOrder', existing?.sortOrder ?? null, sortOrder);
    return { file, sortOrder, existing, changes };
  });

  const unitsNotInFile = dbUnits.filter((u) => !fileUnitNames.has(u.name));
  const committeesNotInFile = dbCommittees.filter((c) => !fileCodes.has(c.code));

  // Unique columns held by rows the file does not mention cannot be taken over: say so before writing.
  const conflicts: string[] = [];
  for (const u of org.units) {
    const holder = u.shortName === null ? undefined : unitsNotInFile.find((d) => d.shortName === u.shortName);
    if (holder) conflicts.push(`unit ${u.name}: shortName ${u.shortName} is already used by unit ${holder.name}, which is not in the file`);
  }
  for (const c of org.committees) {
    const byName = committeesNotInFile.find((d) => d.name === c.name);
    if (byName) conflicts.push(`committee ${c.code}: name ${c.name} is already used by committee ${byName.code}, which is not in the file`);
    const byShort = committeesNotInFile.find((d) => d.shortName === c.shortName);
    if (byShort) conflicts.push(`committee ${c.code}: shortName ${c.shortName} is already used by committee ${byShort.code}, which is not in the file`);
  }

  // Cycles through units the file does not mention (their parent links stay as they are).
  const parentAfter = new Map<string, string | null>();
  for (const u of dbUnits) parentAfter.set(u.name, nameOfUnitId(u.parentId));
  for (const u of org.units) parentAfter.set(u.name, u.parent);
  for (const u of org.units) {
    const seen = new Set<string>([u.name]);
    let cur = parentAfter.get(u.name) ?? null;
    while (cur !== null && !seen.has(cur)) {
      seen.add(cur);
      cur = parentAfter.get(cur) ?? null;
    }
    if (cur !== null && cur === u.name) {
      conflicts.push(`unit ${u.name}: parent links would form a cycle through units not in the file: ${[...seen, u.name].join(' → ')}`);
    }
  }
  if (conflicts.length > 0) throw new OrgImportError('the file conflicts with the database; nothing was changed', conflicts);

  return { units, committees, unitsNotInFile, committeesNotInFile };
}

const show = (v: string | number | null) => (v === null ? '(none)' : /^\s|\s$|^$/.test(String(v)) ? JSON.stringify(v) : String(v));

function report(p: Plan, dryRun: boolean): OrgImportReport {
  const entries: OrgEntityReport[] = [
    ...p.units.map((u): OrgEntityReport => ({
      entity: 'unit',
      key: u.file.name,
      status: !u.existing ? 'added' : u.changes.length > 0 ? 'changed' : 'unchanged',
      changes: u.changes,
    })),
    ...p.committees.map((c): OrgEntityReport => ({
      entity: 'committee',
      key: c.file.code,
      status: !c.existing ? 'added' : c.changes.length > 0 ? 'changed' : 'unchanged',
      changes: c.changes,
    })),
    ...p.unitsNotInFile.map((u): OrgEntityReport => ({ entity: 'unit', key: u.name, status: 'notInFile', changes: [] })),
    ...p.committeesNotInFile.map((c): OrgEntityReport => ({ entity: 'committee', key: c.code, status: 'notInFile', changes: [] })),
  ];
  const label = (e: OrgEntityReport) => `${e.entity} ${e.key}`;
  return {
    added: entries.filter((e) => e.status === 'added').map(label),
    changed: entries
      .filter((e) => e.status === 'changed')
      .map((e) => `${label(e)}: ${e.changes.map((c) => `${c.field} ${show(c.from)} → ${show(c.to)}`).join('; ')}`),
    unchanged: entries.filter((e) => e.status === 'unchanged').map(label),
    notInFile: entries.filter((e) => e.status === 'notInFile').map(label),
    entries,
    dryRun,
  };
}

async function apply(tx: Tx, p: Plan): Promise<void> {
  const idByName = new Map<string, number>();
  for (const u of p.units) if (u.existing) idByName.set(u.file.name, u.existing.id);
  for (const u of p.unitsNotInFile) idByName.set(u.name, u.id);
  const changed = (u: UnitPlan | CommitteePlan, field: string) => u.changes.some((c) => c.field === field);

  // 1. Free unique values that move between rows of the file (a shortName handed from one unit to
  //    another, two committees swapping names), so the updates below never collide mid-way.
  for (const u of p.units) {
    if (u.existing && u.existing.shortName !== null && changed(u, 'shortName')) {
      await tx.unit.update({ where: { id: u.existing.id }, data: { shortName: null } });
    }
  }
  for (const c of p.committees) {
    if (c.existing && (changed(c, 'name') || changed(c, 'shortName'))) {
      await tx.committee.update({
        where: { id: c.existing.id },
        data: { name: `~import~${c.existing.id}~name`, shortName: `~import~${c.existing.id}~short` },
      });
    }
  }

  // 2. Create new units without parents, so every parent exists before links are resolved.
  for (const u of p.units) {
    if (u.existing) continue;
    const created = await tx.unit.create({
      data: {
        name: u.file.name,
        shortName: u.file.shortName,
        kind: u.file.kind,
        headName: u.file.headName,
        headTitle: u.file.headTitle,
        sortOrder: u.sortOrder,
      },
      select: { id: true },
    });
    idByName.set(u.file.name, created.id);
  }

  // 3. Update changed units and set parent links.
  const parentId = (name: string | null): number | null => {
    if (name === null) return null;
    const id = idByName.get(name);
    if (id === undefined) throw new OrgImportError(`no unit named ${name}`);
    return id;
  };
  for (const u of p.units) {
    if (!u.existing) {
      if (u.file.parent !== null) await tx.unit.update({ where: { id: idByName.get(u.file.name)! }, data: { parentId: parentId(u.file.parent) } });
      continue;
    }
    if (u.changes.length === 0) continue;
    await tx.unit.update({
      where: { id: u.existing.id },
      data: {
        shortName: u.file.shortName,
        kind: u.file.kind,
        parentId: parentId(u.file.parent),
        headName: u.file.headName,
        headTitle: u.file.headTitle,
        sortOrder: u.sortOrder,
      },
    });
  }

  // 4. Committees.
  for (const c of p.committees) {
    const data = {
      name: c.file.name,
      shortName: c.file.shortName,
      officeUnitId: parentId(c.file.officeUnit),
      sortOrder: c.sortOrder,
    };
    if (!c.existing) await tx.committee.create({ data: { code: c.file.code, ...data } });
    else if (c.changes.length > 0) await tx.committee.update({ where: { id: c.existing.id }, data });
  }
}

/**
 * Import an organisation document: one transaction, units upserted by name and committees by code,
 * parent links resolved after all units exist, nothing deleted. Writes one audit row (`org.import`)
 * when something changed; a second import of the same document writes nothing.
 * Throws OrgImportError (and changes nothing) when the document conflicts with the database.
 */
export async function importOrg(db: Db, org: OrgDocument, opts: ImportOrgOptions = {}): Promise<OrgImportReport> {
  if (opts.dryRun) return report(await plan(db, org), true);

  return db.$transaction(
    async (tx) => {
      const p = await plan(tx, org);
      const r = report(p, false);
      if (r.added.length === 0 && r.changed.length === 0) return r;
      await apply(tx, p);
      await writeAudit(tx, {
        actorTelegramId: opts.actorTelegramId ?? null,
        action: 'org.import',
        entity: 'org',
        before: null,
        after: {
          source: opts.source ?? null,
          added: r.added.length,
          changed: r.changed.length,
          unchanged: r.unchanged.length,
          notInFile: r.notInFile.length,
          addedList: r.added,
          changedList: r.changed,
        },
      });
      return r;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/**
 * On first start (no units and no committees) load the organisation file; returns the report, or
 * null when the database already holds an organisation.
 */
export async function seedIfEmpty(db: Db, filePath: string, opts: Omit<ImportOrgOptions, 'dryRun'> = {}): Promise<OrgImportReport | null> {
  const [units, committees] = await Promise.all([db.unit.count(), db.committee.count()]);
  if (units > 0 || committees > 0) return null;
  const org = await loadOrgFile(filePath);
  return importOrg(db, org, { source: filePath, ...opts });
}
