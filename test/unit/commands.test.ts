import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import { tokenize } from '../../src/bot/args.ts';
import { descriptionKey, usageKey } from '../../src/bot/registry.ts';
import { LOCALES } from '../../src/domain/locales.ts';
import { LOCALES_DIR } from '../../src/i18n/index.ts';

const keysOf = (locale: string) =>
  new Set(
    readFileSync(`${LOCALES_DIR}${locale}.ftl`, 'utf8')
      .split('\n')
      .map((line) => /^([a-zA-Z][\w-]*)\s*=/.exec(line)?.[1])
      .filter((k): k is string => !!k),
  );

const command = (name: string) => {
  const def = COMMANDS.find((c) => c.name === name);
  if (!def) throw new Error(`no command ${name}`);
  return def;
};
const parse = (name: string, text: string) => command(name).args.safeParse(tokenize(text));

describe('locales', () => {
  const [first, ...others] = LOCALES.map((l) => ({ locale: l, keys: keysOf(l) }));
  it.each(others.map((o) => [o.locale, o]))('%s has exactly the keys of the default locale', (_l, other) => {
    expect([...first!.keys].filter((k) => !other.keys.has(k))).toEqual([]);
    expect([...other.keys].filter((k) => !first!.keys.has(k))).toEqual([]);
  });

  it('has a description and a usage for every command, and every args- key a schema can raise', () => {
    const commandDir = new URL('../../commands/', import.meta.url);
    const raised = readdirSync(commandDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => readFileSync(new URL(file, commandDir), 'utf8').match(/'args-[\w-]+'/g) ?? [])
      .map((quoted) => quoted.slice(1, -1));
    expect(raised.length).toBeGreaterThan(0);
    for (const { keys } of [first!, ...others]) {
      for (const key of raised) expect(keys.has(key), key).toBe(true);
      for (const def of COMMANDS) {
        expect(keys.has(descriptionKey(def.name)), descriptionKey(def.name)).toBe(true);
        expect(keys.has(usageKey(def.name)), usageKey(def.name)).toBe(true);
      }
    }
  });

  it('command names are valid for BotFather and unique', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9_]{1,32}$/);
  });
});

describe('argument schemas', () => {
  it('/lang takes zh or en', () => {
    expect(parse('lang', 'zh')).toMatchObject({ success: true, data: ['zh-CN'] });
    expect(parse('lang', 'EN')).toMatchObject({ success: true, data: ['en'] });
    for (const bad of ['', 'fr', 'zh en', '<b>']) {
      const result = parse('lang', bad);
      expect(result.success, bad).toBe(false);
    }
    expect(parse('lang', 'fr').error?.issues[0]?.message).toBe('args-lang');
  });

  it('/grant takes a person, a role and an optional unit', () => {
    expect(parse('grant', '@alice_w liaison 城关镇')).toMatchObject({ success: true, data: { typed: '@alice_w', role: 'liaison', unit: '城关镇' } });
    expect(parse('grant', '12345 admin')).toMatchObject({ success: true, data: { typed: '12345', role: 'admin', unit: null } });
    expect(parse('grant', '领导')).toMatchObject({ success: true, data: { typed: null, role: 'leader', unit: null } });
    expect(parse('grant', 'Alice liaison')).toMatchObject({ success: true, data: { typed: null, role: 'liaison' } });
    for (const bad of ['', '@alice_w', '@alice_w boss', 'boss 城关镇']) {
      expect(parse('grant', bad).error?.issues[0]?.message, bad).toBe('args-grant-role');
    }
  });

  it('/bind needs a target, /unbind and /whoami take nothing, /help at most one command', () => {
    expect(parse('bind', '').error?.issues[0]?.message).toBe('args-bind-target');
    expect(parse('bind', '城关镇')).toMatchObject({ success: true, data: '城关镇' });
    expect(parse('unbind', 'x').success).toBe(false);
    expect(parse('whoami', '').success).toBe(true);
    expect(parse('help', 'bind')).toMatchObject({ success: true, data: ['bind'] });
    expect(parse('help', 'a b').success).toBe(false);
    expect(parse('help', '<script>').error?.issues[0]?.message).toBe('args-help-command');
  });

  it('/revoke takes a person or nothing (a reply)', () => {
    expect(parse('revoke', '@bob_b')).toMatchObject({ success: true, data: '@bob_b' });
    expect(parse('revoke', '')).toMatchObject({ success: true, data: null });
    expect(parse('revoke', 'bob').error?.issues[0]?.message).toBe('args-revoke-person');
  });
});
