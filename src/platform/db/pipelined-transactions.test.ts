import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../testing/dialects.ts';
import { inlineParameters, sendWithCommit, WritesNotCommitted } from './pipelined-transactions.ts';

describe('inlined parameters', () => {
  it('replaces each placeholder by its value as a literal', () => {
    expect(inlineParameters('SELECT $1::int, $2::text, $1', [7, "it's"])).toBe(
      "SELECT E'7'::int, E'it''s'::text, E'7'",
    );
    expect(inlineParameters('SELECT $1, $2', [null, Buffer.from([0, 255])])).toBe(
      "SELECT NULL, '\\x00ff'::bytea",
    );
  });

  it('leaves what only looks like a placeholder: in strings, names, comments and bodies', () => {
    const text = [
      "SELECT '$1', 'it''s $1', \"$1\", $1 -- $1",
      '/* $1 */ $$ $1 $$, $fn$ $1 $fn$, a$1',
    ].join('\n');
    expect(inlineParameters(text, ['x'])).toBe(
      [
        "SELECT '$1', 'it''s $1', \"$1\", E'x' -- $1",
        "/* $1 */ $$ $1 $$, $fn$ $1 $fn$, aE'x'",
      ].join('\n'),
    );
  });

  it('refuses a placeholder without a value, and an unterminated quote', () => {
    expect(() => inlineParameters('SELECT $2', [1])).toThrow('no value for $2');
    expect(() => inlineParameters("SELECT '$1", [1])).toThrow('unterminated');
  });
});

// Characters that quoting must get right, among ordinary ones.
const tricky = fc.string({
  unit: fc.constantFrom("'", '\\', '"', '$', '1', 'a', 'é', '\n', '😀', '{', '}', ','),
});

describeEachDialect('pipelined transactions', (database) => {
  it('read every value back inlined as it reads sent as a parameter', async () => {
    const { db } = database();
    const typed = fc.oneof(
      tricky.map((v) => ({ v, type: 'text' })),
      fc.integer().map((v) => ({ v, type: 'int4' })),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v) => ({ v, type: 'int8' })),
      fc.boolean().map((v) => ({ v, type: 'bool' })),
      fc.constant({ v: null, type: 'text' }),
      fc.array(tricky, { maxLength: 4 }).map((v) => ({ v, type: 'text[]' })),
      fc.uint8Array({ maxLength: 16 }).map((v) => ({ v: Buffer.from(v), type: 'bytea' })),
      fc
        .date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
        .map((v) => ({ v, type: 'timestamptz' })),
      fc.dictionary(tricky, tricky, { maxKeys: 3 }).map((v) => ({ v, type: 'jsonb' })),
    );
    await fc.assert(
      fc.asyncProperty(typed, async ({ v, type }) => {
        const asParameter = await sql<{ v: unknown }>`SELECT ${v}::${sql.raw(type)} AS v`.execute(
          db,
        );
        const inlined = await sql
          .raw<{ v: unknown }>(inlineParameters(`SELECT $1::${type} AS v`, [v]))
          .execute(db);
        expect(inlined.rows).toEqual(asParameter.rows);
      }),
      { numRuns: 200 },
    );
  });

  it('commit the writes sent with the commit together, or none of them', async () => {
    const { db, dialect } = database();
    await sql`CREATE TABLE pipelined_notes (id int PRIMARY KEY, note text NOT NULL)`.execute(db);
    try {
      const notes = async () =>
        (await sql<{ id: number }>`SELECT id FROM pipelined_notes ORDER BY id`.execute(db)).rows;
      const seen = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{
          n: number;
        }>`SELECT count(*)::int4 AS n FROM pipelined_notes`.execute(trx);
        await sendWithCommit(trx);
        await sql`INSERT INTO pipelined_notes VALUES (${1}, ${"it's"})`.execute(trx);
        await sql`INSERT INTO pipelined_notes VALUES (${2}, ${'$1'})`.execute(trx);
        return rows[0]?.n;
      });
      expect(seen).toBe(0);
      expect(await notes()).toEqual([{ id: 1 }, { id: 2 }]);
      // The second write breaks the key: the first, sent with it, is not committed either. On
      // PostgreSQL both travel with the COMMIT, which fails; PGlite runs each as it comes.
      await expect(
        db.transaction().execute(async (trx) => {
          await sendWithCommit(trx);
          await sql`INSERT INTO pipelined_notes VALUES (${3}, ${'kept'})`.execute(trx);
          await sql`INSERT INTO pipelined_notes VALUES (${1}, ${'again'})`.execute(trx);
        }),
      ).rejects.toThrow(dialect === 'postgres' ? WritesNotCommitted : /duplicate key/);
      expect(await notes()).toEqual([{ id: 1 }, { id: 2 }]);
      const { rows } = await sql<{
        note: string;
      }>`SELECT note FROM pipelined_notes ORDER BY id`.execute(db);
      expect(rows.map((r) => r.note)).toEqual(["it's", '$1']);
    } finally {
      await sql`DROP TABLE pipelined_notes`.execute(db);
    }
  });

  it('prepare a write that repeats once per connection, and again after a failure', async () => {
    const { db, dialect } = database();
    await sql`CREATE TABLE pipelined_counts (id int PRIMARY KEY, n int NOT NULL)`.execute(db);
    try {
      await db.connection().execute(async (connection) => {
        const write = (id: number) =>
          connection.transaction().execute(async (trx) => {
            await sendWithCommit(trx);
            await sql`INSERT INTO pipelined_counts VALUES (${id}, ${id * 10})`.execute(trx);
          });
        for (let id = 1; id <= 7; id++) await write(id);
        // A key already there fails the write, and the commit with it; the next still prepares.
        await expect(write(3)).rejects.toThrow();
        await write(8);
        const { rows } = await sql<{
          n: number;
        }>`SELECT n FROM pipelined_counts ORDER BY id`.execute(connection);
        expect(rows.map((r) => r.n)).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
        if (dialect !== 'postgres') return;
        const prepared = await sql<{ statement: string }>`
          SELECT statement FROM pg_prepared_statements WHERE starts_with(name, 'piped_')`.execute(
          connection,
        );
        expect(prepared.rows.map((r) => r.statement)).toEqual([
          expect.stringContaining('INSERT INTO pipelined_counts VALUES ($1, $2)'),
        ]);
      });
    } finally {
      await sql`DROP TABLE pipelined_counts`.execute(db);
    }
  });

  it('end a transaction that sent nothing, leaving its connection outside any', async () => {
    const { db } = database();
    await db.connection().execute(async (connection) => {
      expect(await connection.transaction().execute(async () => 'done')).toBe('done');
      await expect(
        connection.transaction().execute(async () => {
          throw new Error('changed its mind');
        }),
      ).rejects.toThrow('changed its mind');
      // Outside a transaction, each statement has a moment of its own.
      const moment = async () =>
        (await sql<{ at: Date }>`SELECT now() AS at`.execute(connection)).rows[0]?.at.getTime();
      const first = await moment();
      await sleep(5);
      expect(await moment()).not.toBe(first);
    });
  });
});
