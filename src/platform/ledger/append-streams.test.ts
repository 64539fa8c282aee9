import { expect, it } from 'vitest';
import { describeEachDialect } from '../../testing/dialects.ts';
import { openDatabase } from '../db/connect.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { type AppendInput, appendStreams } from './append.ts';
import { readEventsAfter, readHead, streamVersion } from './store.ts';
import { verifyLedger } from './verify.ts';

const at = new Date('2023-09-28T10:00:00.000Z');

const input = (stream: string, expectedVersion: bigint, count: number): AppendInput => ({
  stream,
  expectedVersion,
  events: Array.from({ length: count }, (_, i) => ({
    id: newId(),
    type: 'Tested',
    payload: { stream, i },
  })),
  actor: 'user:test',
  recordedAt: at,
});

const appendAll = (db: Db, inputs: readonly AppendInput[]) =>
  db.transaction().execute((trx) => appendStreams(trx, inputs));

describeEachDialect('ledger append to several streams', (database) => {
  it('chains the events of every stream in the order given, each stream at its own version', async () => {
    const { db } = database();
    await appendAll(db, [input('item:b', 0n, 1)]);
    const recorded = await appendAll(db, [
      input('item:c', 0n, 2),
      input('item:b', 1n, 1),
      input('item:a', 0n, 1),
    ]);
    expect(recorded.map((e) => [e.seq, e.stream, e.version])).toEqual([
      [2n, 'item:c', 1n],
      [3n, 'item:c', 2n],
      [4n, 'item:b', 2n],
      [5n, 'item:a', 1n],
    ]);
    expect(await streamVersion(db, 'item:b')).toBe(2n);
    expect(await streamVersion(db, 'item:c')).toBe(2n);
    expect((await readHead(db))?.seq).toBe(5n);
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: 5n });
  });

  it('carries thousands of streams in one append, beyond one statement’s parameters', async () => {
    const { db } = database();
    const inputs = Array.from({ length: 3500 }, (_, i) => input(`item:${i}`, 0n, 1));
    await appendAll(db, inputs);
    await appendAll(
      db,
      inputs.map((first) => input(first.stream, 1n, 1)),
    );
    expect(await streamVersion(db, 'item:3499')).toBe(2n);
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: 7000n });
  });

  it('refuses the whole append when any stream moved, and writes nothing', async () => {
    const { db } = database();
    await appendAll(db, [input('item:a', 0n, 1), input('item:b', 0n, 1)]);
    const head = await readHead(db);
    await expect(
      appendAll(db, [input('item:a', 1n, 1), input('item:b', 0n, 1)]),
    ).rejects.toMatchObject({ code: 'STREAM_VERSION_CONFLICT' });
    await expect(
      appendAll(db, [input('item:new', 0n, 1), input('item:a', 5n, 1)]),
    ).rejects.toMatchObject({ code: 'STREAM_VERSION_CONFLICT' });
    expect(await readHead(db)).toEqual(head);
    expect(await streamVersion(db, 'item:a')).toBe(1n);
    expect(await streamVersion(db, 'item:new')).toBe(0n);
    expect(await readEventsAfter(db, 0n, 10)).toHaveLength(2);
  });

  it('refuses a stream named twice: its versions would not chain', async () => {
    const { db } = database();
    await expect(appendAll(db, [input('item:a', 0n, 1), input('item:a', 1n, 1)])).rejects.toThrow(
      /appended to twice/,
    );
  });

  it('two appenders of the same streams in opposite orders queue: one lands, one conflicts, none deadlocks', async () => {
    const { db, appUrl } = database();
    await appendAll(db, [input('item:a', 0n, 1), input('item:b', 0n, 1)]);
    const pools =
      appUrl === undefined
        ? []
        : await Promise.all(
            [0, 1].map(() => openDatabase({ kind: 'postgres', url: appUrl, poolSize: 1 })),
          );
    const [first, second] = pools.length === 2 ? pools.map((p) => p.db) : [db, db];
    try {
      for (let round = 1n; round <= 5n; round++) {
        const outcomes = await Promise.allSettled([
          appendAll(first ?? db, [input('item:a', round, 1), input('item:b', round, 1)]),
          appendAll(second ?? db, [input('item:b', round, 1), input('item:a', round, 1)]),
        ]);
        const lost = outcomes.filter((o) => o.status === 'rejected');
        expect(lost).toHaveLength(1);
        expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({
          code: 'STREAM_VERSION_CONFLICT',
        });
      }
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    expect(await streamVersion(db, 'item:a')).toBe(6n);
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: 12n });
  });
});
