import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/bot/args.ts';
import { matchByName } from '../../src/domain/names.ts';
import { accessOf, placeOf } from '../../src/domain/roles.ts';
import { splitMessage, escapeHtml } from '../../src/render/html.ts';

describe('tokenize', () => {
  it.each([
    ['', []],
    ['  a  b ', ['a', 'b']],
    ['"两个 词" c', ['两个 词', 'c']],
    ['“城关 镇” 5', ['城关 镇', '5']],
    ['「note with space」', ['note with space']],
    ['a"b c"', ['a"b', 'c"']],
    ['"unclosed quote', ['unclosed quote']],
    ['tab\tand\nnewline', ['tab', 'and', 'newline']],
  ])('%j → %j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});

describe('matchByName', () => {
  const units = [
    { name: '城关镇', alias: '城关' },
    { name: '城南街道', alias: '城南' },
    { name: '生态环境局', alias: '环境局' },
    { name: 'Water Office', alias: null },
  ];
  const names = (u: (typeof units)[number]) => [u.name, u.alias];
  it('prefers an exact name or alias', () => {
    expect(matchByName(units, '城关', names)).toEqual({ kind: 'one', item: units[0] });
    expect(matchByName(units, '环境局', names)).toEqual({ kind: 'one', item: units[2] });
  });
  it('accepts a unique prefix, case- and width-insensitively', () => {
    expect(matchByName(units, '生态', names)).toEqual({ kind: 'one', item: units[2] });
    expect(matchByName(units, 'ｗａｔｅｒ', names)).toEqual({ kind: 'one', item: units[3] });
  });
  it('lists candidates for an ambiguous prefix', () => {
    expect(matchByName(units, '城', names)).toEqual({ kind: 'many', items: [units[0], units[1]] });
  });
  it('finds nothing for an unknown or empty name', () => {
    expect(matchByName(units, '王庄', names)).toEqual({ kind: 'none', closest: [] });
    expect(matchByName(units, '  ', names)).toEqual({ kind: 'none', closest: [] });
  });
});

describe('roles and places', () => {
  it('places a chat by its type and binding', () => {
    expect(placeOf('private', null)).toBe('private');
    expect(placeOf('supergroup', null)).toBe('unbound');
    expect(placeOf('group', { kind: 'leadership' })).toBe('leadership');
  });
  it('checks the role before the place', () => {
    const bind = { roles: ['admin'] as const, places: ['unit', 'unbound'] as const };
    expect(accessOf(bind, 'admin', 'unbound')).toBe('allowed');
    expect(accessOf(bind, 'liaison', 'private')).toBe('wrong-role');
    expect(accessOf(bind, 'admin', 'private')).toBe('wrong-place');
  });
});

describe('splitMessage', () => {
  it('keeps short texts whole', () => {
    expect(splitMessage('a\nb')).toEqual(['a\nb']);
  });
  it('splits at line breaks under the limit', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `第${i}行 ${'字'.repeat(20)}`);
    const parts = splitMessage(lines.join('\n'));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(lines.join('\n'));
  });
  it('cuts a single over-long line', () => {
    const parts = splitMessage('x'.repeat(9000));
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 808]);
  });
  it('escapes HTML', () => {
    expect(escapeHtml('<b>&"</b>')).toBe('&lt;b&gt;&amp;&quot;&lt;/b&gt;');
  });
});
