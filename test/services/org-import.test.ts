import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOrgImportCli } from '../../src/cli/org-import.ts';
import { openDatabase } from '../../src/db/client.ts';
import type { Db } from '../../src/db/types.ts';
import { createTempPgSchema, pgForSuite } from '../support/postgres.ts';
import { OrgImportError, parseOrgFile } from '../../src/org/parse.ts';
import type { OrgDocument } from '../../src/org/schema.ts';
import { importOrg } from '../../src/services/org-import.ts';
import { seedIfEmpty } from '../../src/services/org-seed.ts';

const ORG_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/org.yaml');
const defaultText = readFileSync(ORG_FILE, 'utf8');

function parse(text: string): OrgDocument {
  const r = parseOrgFile(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.org;
}

/** Everything the import may touch, in a comparable form. */
async function snapshot(db: Db) {
  const [units, committees, audits] = await Promise.all([
    db.unit.findMany({ orderBy: { name: 'asc' } }),
    db.committee.findMany({ orderBy: { code: 'asc' } }),
    db.auditLog.count(),
  ]);
  return { units, committees, audits };
}

interface Backend {
  name: string;
  /** opens a fresh, empty, migrated database; returns its URL and handle */
  open(): Promise<{ url: string; db: Db; close(): Promise<void> }>;
}

const work = mkdtempSync(path.join(tmpdir(), 'duban-org-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sqlite: Backend = {
  name: 'SQLite',
  async open() {
    const url = `file:${path.join(work, `org-${Math.random().toString(36).slice(2)}.db`)}`;
    const database = await openDatabase(url);
    return { url, db: database.prisma, close: () => database.close() };
  },
};

const pg = await pgForSuite('organisation import on PostgreSQL (test/services/org-import.test.ts)');

const postgres: Backend = {
  name: 'PostgreSQL',
  async open() {
    const tmp = await createTempPgSchema('org_import');
    try {
      const database = await openDatabase(tmp.url);
      return {
        url: tmp.url,
        db: database.prisma,
        close: async () => {
          await database.close();
          await tmp.drop();
        },
      };
    } catch (e) {
      await tmp.drop();
      throw e;
    }
  },
};

describe('organisation import on SQLite', () => importSuite(sqlite));
describe.skipIf(!pg.ok)('organisation import on PostgreSQL', () => importSuite(postgres));

function importSuite(backend: Backend): void {
  let db: Db;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, url, close } = await backend.open());
  });
  afterAll(async () => {
    await close?.();
  });

  it('seeds the default organisation into an empty database, once', async () => {
    const report = await seedIfEmpty(db, ORG_FILE);
    expect(report).not.toBeNull();
    const org = parse(defaultText);
    expect(report!.added).toHaveLength(org.units.length + org.committees.length);
    expect(report!.changed).toEqual([]);
    expect(report!.unchanged).toEqual([]);
    expect(report!.notInFile).toEqual([]);
    expect(report!.added).toContain('unit 城关镇');
    expect(report!.added).toContain('committee air');

    expect(await db.committee.count()).toBe(14);
    expect(await db.unit.count()).toBe(org.units.length);
    const air = await db.committee.findUniqueOrThrow({ where: { code: 'air' }, include: { officeUnit: true } });
    expect(air).toMatchObject({ name: '大气污染防治专业委员会', shortName: '大气', sortOrder: 0, officeUnit: { name: '生态环境局' } });

    // the responsibility chain is linked in the database
    const grid = await db.unit.findUniqueOrThrow({
      where: { name: '城关镇第一管区第1网格' },
      include: { parent: { include: { parent: { include: { parent: { include: { parent: true } } } } } } },
    });
    expect(grid.parent?.name).toBe('城关镇第一管区');
    expect(grid.parent?.parent?.name).toBe('城关镇');
    expect(grid.parent?.parent?.parent?.name).toBe('县领导（包联城区片区）');
    expect(grid.parent?.parent?.parent?.parent).toMatchObject({ name: '县委县政府主要负责人', parentId: null, kind: 'leader' });

    const audits = await db.auditLog.findMany({ where: { action: 'org.import' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entity: 'org', actorTelegramId: null });
    expect(JSON.parse(audits[0]!.after!)).toMatchObject({ added: org.units.length + 14, changed: 0, unchanged: 0, notInFile: 0 });

    expect(await seedIfEmpty(db, ORG_FILE)).toBeNull();
  });

  it('says it loaded nothing when another instance loaded the organisation after its check found the database empty', async () => {
    // The check saw an empty database; by the import, another instance's had committed (instances starting together).
    await seedIfEmpty(db, ORG_FILE);
    const staleCheck = new Proxy(db, {
      get(target, prop) {
        if (prop === 'unit' || prop === 'committee') return { count: async () => 0 };
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const before = await snapshot(db);
    expect(await seedIfEmpty(staleCheck, ORG_FILE)).toBeNull();
    expect(await snapshot(db)).toEqual(before);
  });

  it('reports everything unchanged on a second import and writes nothing', async () => {
    const before = await snapshot(db);
    const report = await importOrg(db, parse(defaultText), { actorTelegramId: 42n });
    expect(report.added).toEqual([]);
    expect(report.changed).toEqual([]);
    expect(report.notInFile).toEqual([]);
    expect(report.unchanged).toHaveLength(before.units.length + before.committees.length);
    expect(await snapshot(db)).toEqual(before); // not even updatedAt moves, and no audit row
  });

  it('reports exactly the fields an edited file changes', async () => {
    const edited = defaultText
      .replace('    headName: 曹某某\n', '    headName: 李某某\n')
      .replace('    shortName: 土壤\n    officeUnit: 生态环境局\n', '    shortName: 土壤\n    officeUnit: 自然资源局\n')
      .concat('\n  - name: 新城街道\n    shortName: 新城\n    kind: township\n    parent: 县领导（包联城区片区）\n');
    const before = await snapshot(db);

    const preview = await importOrg(db, parse(edited), { dryRun: true });
    expect(preview.dryRun).toBe(true);
    expect(await snapshot(db)).toEqual(before);

    const report = await importOrg(db, parse(edited), { actorTelegramId: 42n });
    expect(report.changed).toEqual(['unit 城关镇: headName 曹某某 → 李某某', 'committee soil: officeUnit 生态环境局 → 自然资源局']);
    expect(report.added).toEqual(['unit 新城街道']);
    expect(report.unchanged).toHaveLength(before.units.length + before.committees.length - 2);
    expect({ ...preview, dryRun: false }).toEqual(report);

    const unit = await db.unit.findUniqueOrThrow({ where: { name: '新城街道' }, include: { parent: true } });
    expect(unit).toMatchObject({ shortName: '新城', kind: 'township', sortOrder: before.units.length, parent: { name: '县领导（包联城区片区）' } });
    expect((await db.unit.findUniqueOrThrow({ where: { name: '城关镇' } })).headName).toBe('李某某');

    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'org.import' }, orderBy: { id: 'desc' } });
    expect(audit.actorTelegramId).toBe(42n);
    expect(JSON.parse(audit.after!)).toMatchObject({ added: 1, changed: 2 });

    // and importing the edited file again changes nothing
    const again = await importOrg(db, parse(edited));
    expect([again.added, again.changed]).toEqual([[], []]);
  });

  it('leaves alone what the file does not mention, and clears optional fields it leaves out', async () => {
    const trimmed = defaultText.replace(/\n  - name: 城关镇第二管区第1网格\n[\s\S]*$/, '\n').replace('    shortName: 开发区\n', '');
    const report = await importOrg(db, parse(trimmed));
    expect(report.notInFile).toEqual(['unit 城关镇第二管区第1网格', 'unit 新城街道']);
    expect(report.changed).toEqual(['unit 城关镇: headName 李某某 → 曹某某', 'unit 经济开发区: shortName 开发区 → (none)', 'committee soil: officeUnit 自然资源局 → 生态环境局']);
    expect(await db.unit.findUnique({ where: { name: '城关镇第二管区第1网格' } })).not.toBeNull();
    expect(await db.unit.findUnique({ where: { name: '新城街道' } })).not.toBeNull();
    expect((await db.unit.findUniqueOrThrow({ where: { name: '经济开发区' } })).shortName).toBeNull();
  });

  it('lets short names and committee names move between entries of the file', async () => {
    const swapped = defaultText
      .replace('    shortName: 东城\n', '    shortName: TMP\n')
      .replace('    shortName: 西城\n', '    shortName: 东城\n')
      .replace('    shortName: TMP\n', '    shortName: 西城\n')
      .replace('    name: 大气污染防治专业委员会\n    shortName: 大气\n', '    name: TMP\n    shortName: TMP\n')
      .replace('    name: 水污染防治专业委员会\n    shortName: 水\n', '    name: 大气污染防治专业委员会\n    shortName: 大气\n')
      .replace('    name: TMP\n    shortName: TMP\n', '    name: 水污染防治专业委员会\n    shortName: 水\n');
    const report = await importOrg(db, parse(swapped));
    expect(report.changed).toEqual(
      expect.arrayContaining([
        'unit 东城街道: shortName 东城 → 西城',
        'unit 西城街道: shortName 西城 → 东城',
        'committee air: name 大气污染防治专业委员会 → 水污染防治专业委员会; shortName 大气 → 水',
        'committee water: name 水污染防治专业委员会 → 大气污染防治专业委员会; shortName 水 → 大气',
      ]),
    );
    expect((await db.unit.findUniqueOrThrow({ where: { name: '东城街道' } })).shortName).toBe('西城');
    expect((await db.committee.findUniqueOrThrow({ where: { code: 'water' } })).shortName).toBe('大气');
    // back to the default for the tests below
    const back = await importOrg(db, parse(defaultText));
    expect(back.changed).toHaveLength(4);
  });

  it('refuses, changing nothing, a file that takes a short name from a unit it does not mention', async () => {
    await db.unit.update({ where: { name: '北关镇' }, data: { shortName: '北关镇' } });
    await db.unit.update({ where: { name: '新城街道' }, data: { shortName: '北关' } });
    const before = await snapshot(db);
    const edited = defaultText.replace('    headName: 曹某某\n', '    headName: 周某某\n');
    await expect(importOrg(db, parse(edited))).rejects.toThrow(OrgImportError);
    await expect(importOrg(db, parse(edited))).rejects.toThrow(/shortName 北关 is already used by unit 新城街道, which is not in the file/);
    expect(await snapshot(db)).toEqual(before);
    await db.unit.update({ where: { name: '新城街道' }, data: { shortName: '新城' } });
    await importOrg(db, parse(defaultText));
  });

  it('rolls back every write when the import fails part-way', async () => {
    const before = await snapshot(db);
    const failing = db.$extends({
      query: {
        auditLog: {
          create() {
            throw new Error('audit store down');
          },
        },
      },
    }) as unknown as Db;
    const edited = defaultText.replace('    headName: 曹某某\n', '    headName: 周某某\n').concat('\n  - name: 新区街道\n    kind: township\n');
    await expect(importOrg(failing, parse(edited))).rejects.toThrow('audit store down');
    expect(await snapshot(db)).toEqual(before);
  });

  it('CLI: a malformed file prints file:line:col errors, exits 1 and changes nothing', async () => {
    const bad = path.join(work, `bad-${backend.name}.yaml`);
    writeFileSync(bad, defaultText.replace('    parent: 城关镇第一管区\n', '    parent: 城关镇第三管区\n').replace('    headName: 曹某某\n', '    headName: 钱某某\n'));
    const before = await snapshot(db);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runOrgImportCli([bad, '--database-url', url], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code).toBe(1);
    const line = readFileSync(bad, 'utf8').split('\n').findIndex((l) => l.includes('城关镇第三管区')) + 1;
    expect(err.join('\n')).toContain(`${bad}:${line}:13: units[`);
    expect(err.join('\n')).toContain('no unit named 城关镇第三管区');
    expect(out).toEqual([]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('CLI: --dry-run previews, a real run imports and prints the field diffs', async () => {
    const file = path.join(work, `edited-${backend.name}.yaml`);
    writeFileSync(file, defaultText.replace('    headName: 曹某某\n', '    headName: 钱某某\n'));
    const before = await snapshot(db);
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runOrgImportCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out, err };
    };

    const dry = await run([file, '--dry-run', `--database-url=${url}`]);
    expect(dry.err).toEqual([]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('  ~ unit 城关镇: headName 曹某某 → 钱某某');
    expect(dry.out).toContain('Dry run: nothing was written.');
    expect(await snapshot(db)).toEqual(before);

    // A dry run against a database that does not exist yet reports everything as new and creates nothing.
    const absent = path.join(work, `absent-${backend.name}`, 'duban.db');
    const fresh = await run([file, '--dry-run', `--database-url=file:${absent}`]);
    expect(fresh.code).toBe(0);
    expect(fresh.out.join('\n')).toMatch(/Would add \(\d+\):/);
    expect(fresh.out).toContain('Dry run: nothing was written.');
    expect(existsSync(absent)).toBe(false);
    expect(existsSync(path.dirname(absent))).toBe(false);

    const real = await run([file, '--database-url', url]);
    expect(real.code).toBe(0);
    expect(real.out).toContain('Changed (1):');
    expect(real.out).toContain('  ~ unit 城关镇: headName 曹某某 → 钱某某');
    expect(real.out).toContain('Left alone: in the database, not in the file (1):');
    expect(real.out).toContain('  = unit 新城街道');
    expect((await db.unit.findUniqueOrThrow({ where: { name: '城关镇' } })).headName).toBe('钱某某');

    const usage = await run([]);
    expect(usage.code).toBe(2);
  });

  it('imports robots by URL, reports them without their keys, makes a dropped robot inactive and retries a changed one', async () => {
    const wecomUrl = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-secretkey1';
    const leadUrl = 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789token9';
    const withRobots = (units: string) =>
      defaultText.replace(/\n {2}- name: 城关镇\n/, `\n  - name: 城关镇\n    robots:\n${units}`) +
      `\nrobots:\n  leadership:\n    - { kind: dingtalk, url: "${leadUrl}", secret: DINGTALK_LEADERSHIP_SECRET }\n`;
    const first = await importOrg(db, parse(withRobots(`      - { kind: wecom, url: "${wecomUrl}", mention: ["13800000000"] }\n`)));
    expect(first.added).toEqual(expect.arrayContaining(['robot 城关镇 wecom qyapi.weixin.qq.com…key1', 'robot leadership dingtalk oapi.dingtalk.com…ken9']));
    expect(JSON.stringify(first)).not.toContain('secretkey1');
    const cg = await db.unit.findUniqueOrThrow({ where: { name: '城关镇' } });
    expect(await db.robot.findUniqueOrThrow({ where: { url: wecomUrl } })).toMatchObject({ kind: 'wecom', owner: 'unit', unitId: cg.id, mentions: '["13800000000"]', active: true });
    await db.robot.update({ where: { url: wecomUrl }, data: { failingSince: new Date() } });

    const changed = await importOrg(db, parse(withRobots(`      - { kind: wecom, url: "${wecomUrl}" }\n`).replace(/\nrobots:\n[\s\S]*$/, '\n')));
    expect(changed.changed).toEqual(expect.arrayContaining([expect.stringContaining('robot 城关镇 wecom qyapi.weixin.qq.com…key1: mention'), expect.stringContaining('active true → false')]));
    expect(await db.robot.findUniqueOrThrow({ where: { url: wecomUrl } })).toMatchObject({ mentions: '[]', failingSince: null });
    expect(await db.robot.findUniqueOrThrow({ where: { url: leadUrl } })).toMatchObject({ active: false });
  });
}
