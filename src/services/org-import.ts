// The organisation file into the database. importOrg upserts units by name and committees by code in one
// transaction, never deletes, and reports what it added, changed (field by field), left unchanged and left alone.
import { LONG_TRANSACTION, type Db, type Tx } from '../db/types.ts';
import { robotUrlLabel } from '../domain/robots.ts';
import { checkOrg, robotsOf } from '../org/checks.ts';
import { OrgImportError } from '../org/parse.ts';
import { formatPath } from '../org/positions.ts';
import type { OrgCommittee, OrgDocument, OrgUnit } from '../org/schema.ts';
import { writeAudit } from './audit.ts';

interface OrgFieldChange {
  field: string;
  from: string | number | null;
  to: string | number | null;
}

interface OrgEntityReport {
  entity: 'unit' | 'committee' | 'robot';
  /** unit name, committee code, or a robot's owner, kind and the end of its URL */
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
  aliases: string;
  kind: string;
  parentId: number | null;
  headName: string | null;
  headTitle: string | null;
  sortOrder: number;
  office: boolean;
}

interface DbCommitteeRow {
  id: number;
  code: string;
  name: string;
  shortName: string;
  officeUnitId: number | null;
  sortOrder: number;
}

interface DbRobotRow {
  id: number;
  url: string;
  kind: string;
  owner: string;
  unitId: number | null;
  secretEnv: string | null;
  mentions: string;
  sortOrder: number;
  active: boolean;
}

type Reader = Pick<Tx, 'unit' | 'committee' | 'robot'>;

/** A robot of the file: owned by a unit (by name), the leadership or the office. */
interface RobotPlan {
  url: string;
  kind: string;
  owner: 'unit' | 'leadership' | 'office';
  unitName: string | null;
  secretEnv: string | null;
  mentions: string;
  sortOrder: number;
  existing: DbRobotRow | undefined;
  changes: OrgFieldChange[];
}

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
  robots: RobotPlan[];
  /** active robots the file no longer lists: made inactive (never deleted, their deliveries stay on record) */
  robotsDropped: DbRobotRow[];
}

const UNIT_SELECT = { id: true, name: true, shortName: true, aliases: true, kind: true, parentId: true, headName: true, headTitle: true, sortOrder: true, office: true } as const;
const COMMITTEE_SELECT = { id: true, code: true, name: true, shortName: true, officeUnitId: true, sortOrder: true } as const;

/** A unit's aliases as stored: one per line. */
const aliasText = (aliases: readonly string[]): string => aliases.join('\n');

function diff(changes: OrgFieldChange[], field: string, from: string | number | null, to: string | number | null): void {
  if (from !== to) changes.push({ field, from, to });
}

async function plan(db: Reader, org: OrgDocument): Promise<Plan> {
  const issues = checkOrg(org);
  if (issues.length > 0) {
    throw new OrgImportError('the organisation document is inconsistent', issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }

  const [dbUnits, dbCommittees, dbRobots] = await Promise.all([
    db.unit.findMany({ select: UNIT_SELECT, orderBy: { id: 'asc' } }) as Promise<DbUnitRow[]>,
    db.committee.findMany({ select: COMMITTEE_SELECT, orderBy: { id: 'asc' } }) as Promise<DbCommitteeRow[]>,
    db.robot.findMany({ select: ROBOT_SELECT, orderBy: { id: 'asc' } }),
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
      : { shortName: null, aliases: null, kind: null, parent: null, headName: null, headTitle: null, sortOrder: null, office: null };
    diff(changes, 'shortName', from.shortName, file.shortName);
    if ((from.aliases ?? '') !== aliasText(file.aliases)) diff(changes, 'aliases', from.aliases || null, aliasText(file.aliases) || null);
    diff(changes, 'kind', from.kind, file.kind);
    diff(changes, 'parent', from.parent, file.parent);
    diff(changes, 'headName', from.headName, file.headName);
    diff(changes, 'headTitle', from.headTitle, file.headTitle);
    diff(changes, 'sortOrder', from.sortOrder, sortOrder);
    diff(changes, 'office', from.office === null ? null : String(from.office), String(file.office));
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

  const robotByUrl = new Map(dbRobots.map((r) => [r.url, r]));
  const robots: RobotPlan[] = robotsOf(org).map(({ robot, path }, sortOrder) => {
    const owner = path[0] === 'units' ? 'unit' : (path[1] as 'leadership' | 'office');
    const unitName = owner === 'unit' ? org.units[path[1] as number]!.name : null;
    const existing = robotByUrl.get(robot.url);
    const mentions = JSON.stringify(robot.mention);
    const changes: OrgFieldChange[] = [];
    diff(changes, 'kind', existing?.kind ?? null, robot.kind);
    diff(changes, 'owner', existing ? (existing.owner === 'unit' ? nameOfUnitId(existing.unitId) : existing.owner) : null, unitName ?? owner);
    diff(changes, 'secret', existing?.secretEnv ?? null, robot.secret);
    diff(changes, 'mention', existing?.mentions ?? null, mentions);
    diff(changes, 'sortOrder', existing?.sortOrder ?? null, sortOrder);
    if (existing && !existing.active) diff(changes, 'active', 'false', 'true');
    return { url: robot.url, kind: robot.kind, owner, unitName, secretEnv: robot.secret, mentions, sortOrder, existing, changes };
  });
  const fileUrls = new Set(robots.map((r) => r.url));
  const robotsDropped = dbRobots.filter((r) => r.active && !fileUrls.has(r.url));

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

  return { units, committees, unitsNotInFile, committeesNotInFile, robots, robotsDropped };
}

const ROBOT_SELECT = { id: true, url: true, kind: true, owner: true, unitId: true, secretEnv: true, mentions: true, sortOrder: true, active: true } as const;

/** A robot in reports: whose, which platform, the end of its address (never the whole: it holds the key). */
const robotKey = (owner: string, kind: string, url: string) => `${owner} ${kind} ${robotUrlLabel(url)}`;

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
    ...p.robots.map((r): OrgEntityReport => ({
      entity: 'robot',
      key: robotKey(r.unitName ?? r.owner, r.kind, r.url),
      status: !r.existing ? 'added' : r.changes.length > 0 ? 'changed' : 'unchanged',
      changes: r.existing ? r.changes : [],
    })),
    ...p.robotsDropped.map((r): OrgEntityReport => ({
      entity: 'robot',
      key: robotKey(r.owner, r.kind, r.url),
      status: 'changed',
      changes: [{ field: 'active', from: 'true', to: 'false (not in the file: no longer sent to)' }],
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
        aliases: aliasText(u.file.aliases),
        kind: u.file.kind,
        headName: u.file.headName,
        headTitle: u.file.headTitle,
        sortOrder: u.sortOrder,
        office: u.file.office,
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
        aliases: aliasText(u.file.aliases),
        kind: u.file.kind,
        parentId: parentId(u.file.parent),
        headName: u.file.headName,
        headTitle: u.file.headTitle,
        sortOrder: u.sortOrder,
        office: u.file.office,
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

  // 5. Robots, by URL; those the file dropped stop being sent to.
  for (const r of p.robots) {
    const data = { kind: r.kind, owner: r.owner, unitId: r.unitName === null ? null : parentId(r.unitName), secretEnv: r.secretEnv, mentions: r.mentions, sortOrder: r.sortOrder, active: true };
    if (!r.existing) await tx.robot.create({ data: { url: r.url, ...data } });
    // A robot changed in the file (its secret, its owner) is tried again.
    else if (r.changes.length > 0) await tx.robot.update({ where: { id: r.existing.id }, data: { ...data, failingSince: null } });
  }
  for (const r of p.robotsDropped) await tx.robot.update({ where: { id: r.id }, data: { active: false } });
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
    LONG_TRANSACTION,
  );
}
