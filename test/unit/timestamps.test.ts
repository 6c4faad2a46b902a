// The digit-by-digit reading of the databases' timestamp texts (src/db/timestamps.ts) must give what Date's own
// parser gives, for every text it takes; anything else it leaves to that parser.
import { describe, expect, it } from 'vitest';
import { utcInstantMs } from '../../src/db/timestamps.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A pseudo-random but repeatable sequence (the same texts every run). */
function* random(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x / 2 ** 31;
  }
}

describe('utcInstantMs', () => {
  it("reads PostgreSQL's and SQLite's texts as Date does, whatever the fraction's length", () => {
    const next = random(7);
    const int = (below: number) => Math.floor(next.next().value * below);
    for (let i = 0; i < 20_000; i++) {
      const instant = new Date(Date.UTC(1970 + int(130), 0, 1) + int(366 * 86_400_000));
      const fraction = int(10);
      const digits = fraction === 0 ? '' : `.${pad(int(10 ** fraction), fraction)}`;
      const date = `${pad(instant.getUTCFullYear(), 4)}-${pad(instant.getUTCMonth() + 1, 2)}-${pad(instant.getUTCDate(), 2)}`;
      const time = `${pad(instant.getUTCHours(), 2)}:${pad(instant.getUTCMinutes(), 2)}:${pad(instant.getUTCSeconds(), 2)}${digits}`;
      // PostgreSQL: a space, no offset (the pool's parser reads it as UTC).
      const postgres = `${date} ${time}`;
      expect(utcInstantMs(postgres, [''])).toBe(new Date(`${postgres.replace(' ', 'T')}Z`).getTime());
      // SQLite: as the Prisma adapter writes it, and as toISOString() does.
      for (const suffix of ['+00:00', 'Z']) {
        const sqlite = `${date}T${time}${suffix}`;
        expect(utcInstantMs(sqlite, ['+00:00', 'Z'])).toBe(new Date(sqlite).getTime());
      }
    }
  });

  it('takes the last days of months and leap days as Date does', () => {
    for (const text of ['2024-02-29T23:59:59.999Z', '2000-02-29T00:00:00Z', '2026-04-30T12:00:00Z', '2026-12-31T23:59:59Z', '0100-01-01T00:00:00Z']) {
      expect(utcInstantMs(text, ['Z'])).toBe(new Date(text).getTime());
    }
  });

  it('leaves every other text to Date', () => {
    for (const text of [
      '2026-02-29 00:00:00', // not a leap year
      '2026-02-30 00:00:00',
      '2026-04-31 00:00:00',
      '2026-13-01 00:00:00',
      '2026-00-10 00:00:00',
      '2026-01-01 24:00:00',
      '2026-01-01 23:60:00',
      '2026-01-01 23:59:60',
      '0050-01-01 00:00:00', // Date.UTC would read the year as 1950
      '0044-03-15 12:00:00 BC',
      '12026-01-01 00:00:00',
      'infinity',
      '-infinity',
      '2026-01-01',
      '2026-01-01 00:00',
      '2026-01-01 00:00:00.',
      '2026-01-01 00:00:00+08',
      '2026-1-01 00:00:00',
      '2026-01-01x00:00:00',
      '20a6-01-01 00:00:00',
      '2026-01-01 0a:00:00',
    ]) {
      expect(utcInstantMs(text, [''])).toBeNull();
    }
    expect(utcInstantMs('2026-01-01T00:00:00+08:00', ['+00:00', 'Z'])).toBeNull();
    expect(utcInstantMs('2026-01-01T00:00:00', ['+00:00', 'Z'])).toBeNull(); // no offset: Date reads it as local time
  });
});
