// streamRows hands a statement's rows over one by one, as queryRows would read them, and a reader that fails
// fails the read without leaving the connection unusable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { poolOf, queryRows, streamRows } from '../../src/db/pg-pool.ts';
import * as Prisma from '../../src/db/sql.ts';
import { createTempPgSchema, pgForSuite, type TempPgSchema } from '../support/postgres.ts';

const pg = await pgForSuite('streamRows on PostgreSQL (test/db/pg-stream.test.ts)');

describe.skipIf(!pg.ok)('streamRows', () => {
  let schema: TempPgSchema;
  let database: Database;
  beforeAll(async () => {
    schema = await createTempPgSchema('duban_stream');
    database = await openDatabase(schema.url);
  });
  afterAll(async () => {
    await database?.close();
    await schema?.drop();
  });

  // A timestamp without time zone holds UTC, as Prisma's DateTime columns do.
  const statement = Prisma.sql`SELECT n, (TIMESTAMP '2026-12-03 08:00:00' + n * INTERVAL '1 hour') AS at, ${'x'}::text AS tag FROM generate_series(1, 5000) n ORDER BY n`;

  it('gives every row in order, read as queryRows reads it, and never gathers them', async () => {
    const pool = poolOf(database.prisma)!;
    const client = await pool.connect();
    try {
      const streamed: unknown[][] = [];
      await streamRows(client, statement, (row) => streamed.push(row));
      expect(streamed).toEqual(await queryRows<unknown[]>(client, statement, 'array'));
      expect(streamed[0]).toEqual([1, new Date('2026-12-03T09:00:00.000Z'), 'x']);
      expect(streamed).toHaveLength(5000);
    } finally {
      client.release();
    }
  });

  it('fails with what the reader threw, once the statement is done, and the connection answers the next one', async () => {
    const pool = poolOf(database.prisma)!;
    const client = await pool.connect();
    try {
      let seen = 0;
      const read = streamRows(client, statement, () => {
        seen++;
        if (seen === 10) throw new Error('reader failed at row 10');
      });
      await expect(read).rejects.toThrow('reader failed at row 10');
      // The rows after the failure are not handed over.
      expect(seen).toBe(10);
      expect(await queryRows<{ one: number }>(client, Prisma.sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
  });

  it('fails with the database error of a statement that fails, and the connection answers the next one', async () => {
    const pool = poolOf(database.prisma)!;
    const client = await pool.connect();
    try {
      await expect(streamRows(client, Prisma.sql`SELECT 1 / (n - 3) FROM generate_series(1, 5) n`, () => undefined)).rejects.toThrow('division by zero');
      expect(await queryRows<{ one: number }>(client, Prisma.sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
  });
});
