// Semantic checks, shared by parseOrgFile and importOrg: what the schema cannot see.
import { normalizeName } from '../domain/names.ts';
import { formatPath, type Path } from './positions.ts';
import type { OrgDocument } from './schema.ts';

interface SemanticIssue {
  path: Path;
  message: string;
  /** point at the key of the last path segment rather than its value */
  atKey?: boolean;
}

/** Every robot of the file with where it stands. */
export function robotsOf(org: OrgDocument): { robot: OrgDocument['units'][number]['robots'][number]; path: Path }[] {
  return [
    ...org.robots.leadership.map((robot, i) => ({ robot, path: ['robots', 'leadership', i] as Path })),
    ...org.robots.office.map((robot, i) => ({ robot, path: ['robots', 'office', i] as Path })),
    ...org.units.flatMap((u, i) => u.robots.map((robot, j) => ({ robot, path: ['units', i, 'robots', j] as Path }))),
  ];
}

/** A robot's secret names a variable that must be set where the bot runs (checked by org:import, not at every parse). */
export function checkRobotSecrets(org: OrgDocument, isSet: (name: string) => boolean): SemanticIssue[] {
  return robotsOf(org)
    .filter(({ robot }) => robot.secret !== null && !isSet(robot.secret))
    .map(({ robot, path }) => ({ path: [...path, 'secret'], message: `the environment variable ${robot.secret} is not set` }));
}

/** Referential checks: duplicates, unknown parents and office units, cycles in parent links, a robot listed twice. */
export function checkOrg(org: OrgDocument): SemanticIssue[] {
  const issues: SemanticIssue[] = [];

  const firstRobotByUrl = new Map<string, string>();
  for (const { robot, path } of robotsOf(org)) {
    const prev = firstRobotByUrl.get(robot.url);
    if (prev !== undefined) issues.push({ path: [...path, 'url'], message: `the same robot is listed twice (also ${prev})` });
    else firstRobotByUrl.set(robot.url, formatPath(path));
  }

  const firstUnitByName = new Map<string, number>();
  org.units.forEach((u, i) => {
    const prev = firstUnitByName.get(u.name);
    if (prev !== undefined) issues.push({ path: ['units', i, 'name'], message: `duplicate unit name ${u.name} (also units[${prev}])` });
    else firstUnitByName.set(u.name, i);
  });
  const offices = org.units.flatMap((u, i) => (u.office ? [i] : []));
  for (const i of offices.slice(1)) issues.push({ path: ['units', i, 'office'], message: `only one unit can be the office (also units[${offices[0]}])` });

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

  // An alias is typed in place of a unit's name, so it must name one unit only (compared as chat input is).
  const unitOwners = new Map<string, number>();
  org.units.forEach((u, i) => {
    for (const name of [u.name, u.shortName]) if (name !== null && !unitOwners.has(normalizeName(name))) unitOwners.set(normalizeName(name), i);
  });
  org.units.forEach((u, i) => {
    u.aliases.forEach((alias, j) => {
      const owner = unitOwners.get(normalizeName(alias));
      if (owner !== undefined && owner !== i) issues.push({ path: ['units', i, 'aliases', j], message: `alias ${alias} already names units[${owner}]` });
      else unitOwners.set(normalizeName(alias), i);
    });
  });

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
