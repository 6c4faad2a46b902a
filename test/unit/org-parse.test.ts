import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveDatabaseUrl } from '../../src/config/database-url.ts';
import { checkOrg } from '../../src/org/checks.ts';
import { parseOrgFile } from '../../src/org/parse.ts';
import { formatOrgErrors, type OrgFileError } from '../../src/org/positions.ts';
import type { OrgDocument } from '../../src/org/schema.ts';

const ORG_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/org.yaml');
const defaultText = readFileSync(ORG_FILE, 'utf8');

function parseOk(text: string): OrgDocument {
  const r = parseOrgFile(text);
  if (!r.ok) throw new Error(formatOrgErrors('org.yaml', r.errors));
  return r.org;
}

function parseErrors(text: string): OrgFileError[] {
  const r = parseOrgFile(text);
  if (r.ok) throw new Error('expected the file to be rejected');
  return r.errors;
}

/** 1-based line of the first line of `text` containing `needle` (after `from`, if given). */
function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  const i = lines.findIndex((l, idx) => idx >= from && l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}

describe('the default prisma/org.yaml', () => {
  const org = parseOk(defaultText);
  const byName = new Map(org.units.map((u) => [u.name, u]));
  const PRINCIPAL = '县委县政府主要负责人';

  const chain = (name: string): string[] => {
    const out: string[] = [];
    let cur = byName.get(name);
    while (cur) {
      out.push(cur.name);
      if (out.length > 20) throw new Error(`chain of ${name} does not end`);
      cur = cur.parent === null ? undefined : byName.get(cur.parent);
    }
    return out;
  };

  it('has exactly the 14 professional committees, each with an office unit', () => {
    expect(org.committees).toHaveLength(14);
    expect(org.committees.map((c) => c.code)).toEqual([
      'air', 'water', 'soil', 'agriculture', 'industry', 'dust', 'transport',
      'urban', 'burning', 'energy', 'ecology', 'waste', 'market', 'inspection',
    ]);
    for (const c of org.committees) {
      expect(c.officeUnit, c.code).not.toBeNull();
      expect(byName.has(c.officeUnit!), c.code).toBe(true);
      expect(c.name).toMatch(/专业委员会$/);
    }
    const office = Object.fromEntries(org.committees.map((c) => [c.code, c.officeUnit]));
    expect(office).toMatchObject({ air: '生态环境局', agriculture: '农业农村局', dust: '住建局', transport: '交通运输局', urban: '综合执法局', burning: '农业农村局', energy: '发改局', industry: '工信局', ecology: '自然资源局', market: '市场监管局' });
  });

  it('marks exactly one unit as the office (office: true), and refuses a second', () => {
    expect(org.units.filter((u) => u.office).map((u) => u.name)).toEqual(['县生态委办公室']);
    const twice = defaultText.replace('  - name: 城关镇\n', '  - name: 城关镇\n    office: true\n');
    expect(formatOrgErrors('org.yaml', parseErrors(twice))).toContain(`org.yaml:${lineOf(twice, '  - name: 城关镇') + 1}:13: units[27].office: only one unit can be the office`);
  });

  it('has the departments named in the speech and a realistic number of townships', () => {
    for (const d of ['发改局', '生态环境局', '市场监管局', '住建局', '综合执法局', '公安局', '交通运输局', '商务局', '工信局', '农业农村局']) {
      expect(byName.get(d)?.kind, d).toBe('department');
    }
    const townships = org.units.filter((u) => u.kind === 'township');
    expect(townships.length).toBeGreaterThanOrEqual(10);
    expect(townships.length).toBeLessThanOrEqual(25);
    for (const t of townships) expect(t.shortName, t.name).not.toBeNull();
  });

  it('gives every township and department a chain up to the principal leaders', () => {
    const principal = byName.get(PRINCIPAL);
    expect(principal).toMatchObject({ kind: 'leader', parent: null });
    for (const u of org.units.filter((u) => u.kind === 'township' || u.kind === 'department')) {
      const c = chain(u.name);
      expect(c.at(-1), u.name).toBe(PRINCIPAL);
      expect(byName.get(c[1]!)?.kind, `${u.name}'s parent`).toBe('leader');
    }
    // the example grid walks the whole chain of the speech: grid → district → township → leader → principal
    const grid = org.units.find((u) => u.kind === 'grid')!;
    expect(chain(grid.name).map((n) => byName.get(n)!.kind)).toEqual(['grid', 'district', 'township', 'leader', 'leader']);
  });

  it('has unique, typeable short names', () => {
    const shorts = [...org.units.map((u) => u.shortName), ...org.committees.map((c) => c.shortName)].filter((s) => s !== null);
    expect(new Set(shorts).size).toBe(shorts.length);
    for (const s of shorts) expect(s).toMatch(/^\S{1,12}$/u);
    expect(checkOrg(org)).toEqual([]);
  });
});

describe('malformed organisation files', () => {
  const minimal = (units: string, committees = '[]') => `committees: ${committees}\nunits:\n${units}`;

  it('reports a YAML syntax error with its line', () => {
    const text = minimal('  - name: 城关镇\n    kind: township\n  - name: "王庄镇\n    kind: township\n');
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^YAML: /);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(5);
  });

  it('reports duplicate keys as YAML errors', () => {
    const errors = parseErrors(minimal('  - name: 城关镇\n    kind: township\n    name: 王庄镇\n'));
    expect(errors[0]).toMatchObject({ line: 5, message: expect.stringMatching(/unique/) });
  });

  it('points a missing name at the unit', () => {
    const errors = parseErrors(minimal('  - name: 城关镇\n    kind: township\n  - shortName: 王庄\n    kind: township\n'));
    expect(errors).toEqual([{ line: 5, column: 5, message: 'units[1].name: missing required field "name"' }]);
  });

  it('points an empty name at its key', () => {
    const errors = parseErrors(minimal('  - name:\n    kind: township\n'));
    expect(errors).toEqual([{ line: 3, column: 5, message: 'units[0].name: required field has no value' }]);
  });

  it('points an unknown parent at the parent value', () => {
    const text = minimal('  - name: 王庄镇\n    kind: township\n  - name: 王庄镇第一管区\n    kind: district\n    parent: 王庄镇x\n');
    expect(parseErrors(text)).toEqual([{ line: 7, column: 13, message: 'units[1].parent: no unit named 王庄镇x' }]);
  });

  it('points an unknown office unit at the committee', () => {
    const text = minimal('  - name: 生态环境局\n    kind: department\n', '\n  - code: air\n    name: 大气污染防治专业委员会\n    shortName: 大气\n    officeUnit: 环保局\n');
    expect(text.split('\n')[4]).toBe('    officeUnit: 环保局');
    expect(parseErrors(text)).toEqual([{ line: 5, column: 17, message: 'committees[0].officeUnit: no unit named 环保局' }]);
  });

  it('reports a duplicate shortName at the second one', () => {
    const text = minimal('  - name: 城关镇\n    shortName: 城关\n    kind: township\n  - name: 城关街道\n    shortName: 城关\n    kind: township\n');
    expect(text.split('\n')[6]).toBe('    shortName: 城关');
    expect(parseErrors(text)).toEqual([{ line: 7, column: 16, message: 'units[1].shortName: duplicate shortName 城关 (also units[0])' }]);
  });

  it('compares short names as chat input is matched (NFKC, case-insensitive) and keeps them off other names and codes', () => {
    const text = minimal(
      '  - { name: 城关镇, shortName: Ab, kind: township }\n  - { name: 王庄镇, shortName: ａｂ, kind: township }\n  - { name: 大屯镇, shortName: 城关镇, kind: township }\n',
      '\n  - { code: air, name: 大气污染防治专业委员会, shortName: water }\n  - { code: water, name: 水污染防治专业委员会, shortName: 水 }\n',
    );
    expect(parseErrors(text).map((e) => e.message)).toEqual([
      'committees[0].shortName: shortName water is the code of committees[1]',
      'units[1].shortName: duplicate shortName ａｂ (also units[0])',
      'units[2].shortName: shortName 城关镇 is the full name of units[0]',
    ]);
  });

  it('reports duplicate names and committee codes', () => {
    const text = minimal(
      '  - name: 城关镇\n    kind: township\n  - name: 城关镇\n    kind: township\n',
      '\n  - { code: air, name: A, shortName: a }\n  - { code: air, name: B, shortName: b }\n',
    );
    const messages = parseErrors(text).map((e) => `${e.line}: ${e.message}`);
    expect(messages).toEqual(['3: committees[1].code: duplicate committee code air (also committees[0])', '8: units[1].name: duplicate unit name 城关镇 (also units[0])']);
  });

  it('reports a cycle in parent links once, at its first member', () => {
    const text = minimal(
      '  - name: A镇\n    kind: township\n    parent: C片\n  - name: B管区\n    kind: district\n    parent: A镇\n  - name: C片\n    kind: leader\n    parent: B管区\n',
    );
    expect(parseErrors(text)).toEqual([{ line: 5, column: 13, message: 'units[0].parent: cycle in parent links: A镇 → C片 → B管区 → A镇' }]);
  });

  it('reports type errors, unknown fields and bad kinds at their nodes', () => {
    const text = 'version: 2\ncommittees:\n  - code: Air\n    name: 大气\n    shortName: 大 气\n    offce: 生态环境局\nunits:\n  - name: 城关镇\n    kind: town\n';
    expect(formatOrgErrors('org.yaml', parseErrors(text)).split('\n')).toEqual([
      'org.yaml:1:10: version: must be 1',
      'org.yaml:3:11: committees[0].code: must be 1–32 characters of a-z, 0-9, "-" or "_", starting with a letter',
      'org.yaml:5:16: committees[0].shortName: must not contain spaces',
      'org.yaml:6:5: committees[0].offce: unknown field "offce"',
      'org.yaml:9:11: units[0].kind: must be one of: department, township, leader, district, grid, other',
    ]);
  });

  it('rejects an empty file and a file that is not a mapping', () => {
    expect(parseErrors('')).toEqual([{ line: 1, column: 1, message: '(document): the file is empty' }]);
    expect(parseErrors('- a\n')[0]!.message).toBe('(document): expected a mapping, got a list');
    expect(parseErrors('units: []\n')[0]!.message).toBe('committees: missing required field "committees"');
  });

  it('locates an error introduced into the default file on the edited line', () => {
    const edited = defaultText.replace('    parent: 县领导（包联东部片区）\n    headName: 陶某某', '    parent: 县领导（包联东部片区x）\n    headName: 陶某某');
    expect(edited).not.toBe(defaultText);
    const errors = parseErrors(edited);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(lineOf(edited, '县领导（包联东部片区x）'));
    expect(errors[0]!.message).toMatch(/^units\[\d+\]\.parent: no unit named 县领导（包联东部片区x）$/);
  });

  it('treats empty optional fields as none', () => {
    const org = parseOk(minimal('  - name: 城关镇\n    shortName: ""\n    kind: township\n    headName:\n'));
    expect(org.units[0]).toEqual({ name: '城关镇', shortName: null, aliases: [], kind: 'township', parent: null, headName: null, headTitle: null, robots: [], office: false });
  });

  it('reads the robots of the units, the leadership and the office', () => {
    const org = parseOk(
      `${minimal('  - name: 城关镇\n    kind: township\n    robots:\n      - { kind: wecom, url: "http://127.0.0.1:9/cgi-bin/webhook/send?key=abcd-1234", mention: ["13800000000"] }\n')}` +
        'robots:\n  leadership:\n    - { kind: dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=abcdef123456", secret: DINGTALK_LEADERSHIP_SECRET }\n',
    );
    expect(org.units[0]!.robots).toEqual([{ kind: 'wecom', url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=abcd-1234', secret: null, mention: ['13800000000'] }]);
    expect(org.robots).toEqual({ leadership: [{ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456', secret: 'DINGTALK_LEADERSHIP_SECRET', mention: [] }], office: [] });
  });

  it('rejects a robot’s wrong URL, a secret given as a value, an unknown kind, a twice-listed robot and an unset variable, each at its line', () => {
    const text =
      minimal(
        [
          '  - name: 城关镇',
          '    kind: township',
          '    robots:',
          '      - { kind: dingtalk, url: "https://oapi.dingtalk.com/robot/send" }',
          '      - { kind: feishu, url: "https://open.feishu.cn/open-apis/bot/v2/hook/0123456789", secret: "SECabc123" }',
          '      - { kind: slack, url: "https://hooks.slack.com/x" }',
          '      - { kind: wecom, url: "https://q/cgi-bin/webhook/send?key=abcd-1234" }',
          '      - { kind: wecom, url: "https://q/cgi-bin/webhook/send?key=abcd-1234" }',
          '',
        ].join('\n'),
      ) + 'robots:\n  office:\n    - { kind: feishu, url: "https://open.feishu.cn/open-apis/bot/v2/hook/0123456789ab", secret: FEISHU_OFFICE_SECRET }\n';
    const errors = parseErrors(text);
    expect(errors.map((e) => [e.line, e.message.replace(/:.*/, '')])).toEqual([
      [lineOf(text, 'robot/send"'), 'units[0].robots[0].url'],
      [lineOf(text, 'SECabc123'), 'units[0].robots[1].secret'],
      [lineOf(text, 'slack'), 'units[0].robots[2].kind'],
    ]);
    // The schema passes; the cross-checks and the environment are looked at next.
    const fixed = text.replace(/ {6}- \{ kind: dingtalk.*\n/, '').replace(', secret: "SECabc123"', '').replace(/ {6}- \{ kind: slack.*\n/, '');
    const later = parseOrgFile(fixed, { secretIsSet: () => false });
    expect(later.ok).toBe(false);
    if (later.ok) return;
    expect(later.errors.map((e) => [e.line, e.message])).toEqual([
      [lineOf(fixed, 'key=abcd-1234', lineOf(fixed, 'key=abcd-1234')), 'units[0].robots[2].url: the same robot is listed twice (also units[0].robots[1])'],
      [lineOf(fixed, 'FEISHU_OFFICE_SECRET'), 'robots.office[0].secret: the environment variable FEISHU_OFFICE_SECRET is not set'],
    ]);
    expect(parseOrgFile(fixed.replace(/ {6}- \{ kind: wecom.*\n(?= {6}- \{ kind: wecom)/, ''), { secretIsSet: (n) => n === 'FEISHU_OFFICE_SECRET' }).ok).toBe(true);
  });
});

describe('resolveDatabaseUrl (for the org:import CLI)', () => {
  it('defaults to the SQLite file the app uses', () => {
    expect(resolveDatabaseUrl({})).toBe('file:./data/duban.db');
    expect(resolveDatabaseUrl({ DATABASE_URL: '  ' })).toBe('file:./data/duban.db');
  });
  it('takes DATABASE_URL for SQLite and PostgreSQL', () => {
    expect(resolveDatabaseUrl({ DATABASE_URL: 'file:/srv/duban.db' })).toBe('file:/srv/duban.db');
    expect(resolveDatabaseUrl({ DATABASE_URL: 'postgresql://u:p@db/duban' })).toBe('postgresql://u:p@db/duban');
  });
  it('rejects anything else without echoing it', () => {
    expect(() => resolveDatabaseUrl({ DATABASE_URL: 'mysql://u:secret@db/x' })).toThrow(/^Configuration error: DATABASE_URL must start with file:/);
    expect(() => resolveDatabaseUrl({ DATABASE_URL: 'mysql://u:secret@db/x' })).not.toThrow(/secret/);
  });
});

describe('a file with many errors', () => {
  it('shows the first 30 with their positions, then how many more', () => {
    const errors: OrgFileError[] = Array.from({ length: 1122 }, (_, i) => ({ line: i + 1, column: 1, message: 'bad indentation' }));
    const lines = formatOrgErrors('org.yaml', errors).split('\n');
    expect(lines).toHaveLength(31);
    expect(lines[0]).toBe('org.yaml:1:1: bad indentation');
    expect(lines.at(-1)).toBe('org.yaml: … and 1092 more errors');
  });
});
