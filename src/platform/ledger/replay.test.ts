import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../testing/dialects.ts';
import type { Clock } from '../clock.ts';
import { type CommandRuntime, runCommand } from '../command.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Projector } from './projector.ts';
import { replay } from './projector.ts';
import { readHead, streamVersion } from './store.ts';
import { verifyLedger } from './verify.ts';

// A read model made for this test: running totals per stream, and the last event's id.
const totals: Projector = {
  name: 'test-totals',
  tables: ['test_totals'],
  async project(trx, events) {
    for (const event of events) {
      await sql`
        INSERT INTO test_totals (stream, events, amount, last_event, last_at)
        VALUES (${event.stream}, 1, ${String(event.payload.amount ?? '0')}::bigint, ${event.id}, ${event.recordedAt})
        ON CONFLICT (stream) DO UPDATE SET
          events = test_totals.events + 1,
          amount = test_totals.amount + EXCLUDED.amount,
          last_event = EXCLUDED.last_event,
          last_at = EXCLUDED.last_at`.execute(trx);
    }
  },
};

async function snapshot(db: Db): Promise<unknown[]> {
  const { rows } = await sql`SELECT * FROM test_totals ORDER BY stream`.execute(db);
  return rows;
}

describeEachDialect('replay', (database) => {
  let tick = 0;
  const clock: Clock = { now: () => new Date(Date.UTC(2023, 8, 28, 10, 0, 0, tick++)) };

  async function createTable(db: Db) {
    await sql`DROP TABLE IF EXISTS test_totals`.execute(db);
    await sql`
      CREATE TABLE test_totals (
        stream text PRIMARY KEY, events int NOT NULL, amount bigint NOT NULL,
        last_event uuid NOT NULL, last_at timestamptz NOT NULL
      )`.execute(db);
  }

  async function placeCallOff(runtime: CommandRuntime, stream: string, amount: bigint) {
    await runCommand(runtime, 'user:officer', async (scope) => {
      const version = await streamVersion(scope.trx, stream);
      await scope.record(stream, version, [
        { id: newId(), type: 'CallOffPlaced', payload: { amount: amount.toString() } },
      ]);
    });
  }

  it('rebuilds read tables identical to the live ones', async () => {
    const { db } = database();
    await createTable(db);
    const runtime: CommandRuntime = { db, clock, projectors: [totals] };
    for (let i = 0; i < 25; i++)
      await placeCallOff(runtime, `agreement:${i % 4}`, 1_000_000_000_000n + BigInt(i));
    const live = await snapshot(db);
    expect(live).toHaveLength(4);

    await sql`UPDATE test_totals SET amount = 0`.execute(db);
    const result = await replay(db, [totals], { batchSize: 7 });
    expect(result.events).toBe(25n);
    expect(await snapshot(db)).toEqual(live);
  });

  it('a rejected command leaves no event and no projection behind', async () => {
    const { db } = database();
    await createTable(db);
    const runtime: CommandRuntime = { db, clock, projectors: [totals] };
    await placeCallOff(runtime, 'agreement:a', 5n);
    await expect(
      runCommand(runtime, 'user:officer', async (scope) => {
        await scope.record('agreement:a', 1n, [
          { id: newId(), type: 'CallOffPlaced', payload: { amount: '7' } },
        ]);
        throw new DomainError('VALIDATION_FAILED', 'refused after recording');
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await readHead(db))?.seq).toBe(1n);
    expect(await snapshot(db)).toMatchObject([{ stream: 'agreement:a', events: 1, amount: 5n }]);
  });

  it('leaves the ledger itself untouched', async () => {
    const { db } = database();
    await createTable(db);
    await placeCallOff({ db, clock, projectors: [totals] }, 'agreement:a', 5n);
    const before = await readHead(db);
    await replay(db, [totals]);
    expect(await readHead(db)).toEqual(before);
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: 1n });
  });
});
