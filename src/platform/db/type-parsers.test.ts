import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../testing/dialects.ts';

describeEachDialect('database values', (database) => {
  it('returns int8, numeric and aggregates as bigint, without losing digits', async () => {
    const { db } = database();
    const { rows } = await sql<{
      big: bigint;
      exact: bigint;
      total: bigint;
      counted: bigint;
      small: number;
    }>`
      SELECT 9007199254740993::int8 AS big,
             123456789012345678901234567890::numeric AS exact,
             sum(v) AS total,
             count(*) AS counted,
             7::int4 AS small
      FROM (VALUES (9007199254740993::int8), (1::int8)) AS t(v)`.execute(db);
    expect(rows[0]).toEqual({
      big: 9007199254740993n,
      exact: 123456789012345678901234567890n,
      total: 9007199254740994n,
      counted: 2n,
      small: 7,
    });
  });

  it('accepts bigint parameters', async () => {
    const { db } = database();
    const { rows } = await sql<{
      doubled: bigint;
    }>`SELECT ${9007199254740993n}::int8 * 2 AS doubled`.execute(db);
    expect(rows[0]?.doubled).toBe(18014398509481986n);
  });

  it('refuses to round a fractional numeric into money', async () => {
    const { db } = database();
    await expect(sql`SELECT 1.5::numeric AS n`.execute(db)).rejects.toThrow(/has a fraction/);
  });
});
