import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../testing/dialects.ts';
import { StatementNames } from './prepared-statements.ts';

describe('statement names', () => {
  it('names a statement from its fifth run on, the same name every time', () => {
    const names = new StatementNames();
    const runs = Array.from({ length: 7 }, () => names.nameFor('SELECT $1'));
    expect(runs.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(runs[4]).toMatch(/^qm_[\w-]{32}$/);
    expect(new Set(runs.slice(4)).size).toBe(1);
    expect(names.nameFor('SELECT $2')).toBeUndefined();
  });

  it('gives different texts different names, and stops naming at its limit', () => {
    const names = new StatementNames();
    const named = new Set<string>();
    for (let i = 0; i < 300; i++) {
      for (let run = 0; run < 5; run++) {
        const name = names.nameFor(`SELECT ${i}, $1`);
        if (name !== undefined) named.add(name);
      }
    }
    expect(named.size).toBe(256);
    expect(names.size).toBe(256);
    for (let run = 0; run < 5; run++) expect(names.nameFor('SELECT 299, $1')).toBeUndefined();
    expect(names.nameFor('SELECT 0, $1')).toBeDefined();
  });
});

describeEachDialect('repeated statements', (database) => {
  it('give the same answers once they run under a name', async () => {
    const { db, dialect } = database();
    // One connection, so that the statement prepared is the one asked about.
    await db.connection().execute(async (connection) => {
      const answers: number[] = [];
      for (let i = 0; i < 8; i++) {
        const { rows } = await sql<{ n: number }>`SELECT ${i}::int4 + 1 AS n`.execute(connection);
        answers.push(rows[0]?.n ?? -1);
      }
      expect(answers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      if (dialect !== 'postgres') return;
      const { rows } = await sql<{ statement: string }>`
        SELECT statement FROM pg_prepared_statements WHERE name LIKE 'qm\\_%'`.execute(connection);
      expect(rows.map((r) => r.statement)).toContain('SELECT $1::int4 + 1 AS n');
    });
  });

  it('are planned each time when they carry many parameters, as bulk statements do', async () => {
    const { db, dialect } = database();
    await db.connection().execute(async (connection) => {
      const keys = Array.from({ length: 17 }, (_, i) => `key ${i}`);
      for (let i = 0; i < 8; i++) {
        const { rows } = await sql<{ n: number }>`
          SELECT count(*)::int4 AS n FROM unnest(ARRAY[${sql.join(keys)}]::text[]) AS k
          WHERE k IN (${sql.join(keys.slice(0, 16))})`.execute(connection);
        expect(rows[0]?.n).toBe(16);
      }
      if (dialect !== 'postgres') return;
      const { rows } = await sql<{ statement: string }>`
        SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%unnest(ARRAY[%'`.execute(
        connection,
      );
      expect(rows).toEqual([]);
    });
  });
});
