import { describe, expect, it } from 'vitest';
import { PLACES, readScope, scopeCovers, standingOf, type Place } from '../../src/domain/roles.ts';

const A = 1;
const B = 2;
const chat = (place: Place, unitId: number | null = null) => ({ place, unitId });
const everyChat = [...PLACES.map((p) => chat(p)), chat('unit', A), chat('unit', B)];

describe('who sees what (readScope)', () => {
  it('a stranger cannot read any task, in any chat', () => {
    const stranger = { role: 'member' as const, unitId: null };
    expect(standingOf(stranger)).toBe('stranger');
    for (const where of everyChat) expect(readScope(stranger, where)).toEqual({ kind: 'none' });
  });

  it('a group bound to nothing reads nothing, whoever asks', () => {
    for (const person of [{ role: 'admin' as const, unitId: null }, { role: 'leader' as const, unitId: A }, { role: 'liaison' as const, unitId: A }]) {
      expect(readScope(person, chat('unbound'))).toEqual({ kind: 'none' });
    }
  });

  it('a unit\'s group reads its own unit\'s work only, even when the office asks', () => {
    expect(readScope({ role: 'admin', unitId: null }, chat('unit', A))).toEqual({ kind: 'unit', unitId: A });
    expect(readScope({ role: 'leader', unitId: B }, chat('unit', A))).toEqual({ kind: 'unit', unitId: A });
    expect(readScope({ role: 'member', unitId: A }, chat('unit', A))).toEqual({ kind: 'unit', unitId: A });
  });

  it('a liaison or a member reads their own unit\'s work, never another\'s', () => {
    for (const role of ['liaison', 'member'] as const) {
      const person = { role, unitId: A };
      for (const place of ['private', 'leadership', 'admin'] as const) expect(readScope(person, chat(place))).toEqual({ kind: 'unit', unitId: A });
      expect(readScope(person, chat('unit', B))).toEqual({ kind: 'none' });
      expect(scopeCovers(readScope(person, chat('private')), [B])).toBe(false);
      expect(scopeCovers(readScope(person, chat('private')), [B, A])).toBe(true);
    }
  });

  it('leaders and the office read everything where every reader may', () => {
    for (const role of ['admin', 'leader'] as const) {
      for (const place of ['private', 'leadership', 'admin'] as const) expect(readScope({ role, unitId: null }, chat(place))).toEqual({ kind: 'all' });
    }
  });
});
