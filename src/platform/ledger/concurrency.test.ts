import { expect, it } from 'vitest';
import { describeEachDialect } from '../../testing/dialects.ts';
import { systemClock } from '../clock.ts';
import { runCommand } from '../command.ts';
import { openDatabase } from '../db/connect.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { append } from './append.ts';
import { readEventsAfter, streamVersion } from './store.ts';
import { verifyLedger } from './verify.ts';

const WRITERS = 8;

describeEachDialect('ledger under concurrent writers', (database) => {
  /** Eight writers, each on its own connection (on PostgreSQL); PGlite has one and queues them. */
  async function withWriters<T>(work: (writers: Db[]) => Promise<T>): Promise<T> {
    const { db, appUrl } = database();
    if (appUrl === undefined) return work(Array.from({ length: WRITERS }, () => db));
    const pools = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        openDatabase({ kind: 'postgres', url: appUrl, poolSize: 1 }),
      ),
    );
    try {
      return await work(pools.map((p) => p.db));
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  }

  it('exactly one of eight writers wins each version of a stream; seq has no gap', async () => {
    const { db } = database();
    const rounds = 6;
    const outcomes = await withWriters(async (writers) => {
      const results: PromiseSettledResult<unknown>[] = [];
      for (let round = 0; round < rounds; round++) {
        const version = await streamVersion(db, 'agreement:contested');
        results.push(
          ...(await Promise.allSettled(
            writers.map((writer, w) =>
              writer.transaction().execute((trx) =>
                append(trx, {
                  stream: 'agreement:contested',
                  expectedVersion: version,
                  events: [{ id: newId(), type: 'CallOffPlaced', payload: { writer: w, round } }],
                  actor: `writer:${w}`,
                  recordedAt: new Date(),
                }),
              ),
            ),
          )),
        );
      }
      return results;
    });
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(rounds);
    expect(lost).toHaveLength(rounds * (WRITERS - 1));
    for (const loss of lost) {
      expect((loss as PromiseRejectedResult).reason).toMatchObject({
        code: 'STREAM_VERSION_CONFLICT',
      });
    }
    const events = await readEventsAfter(db, 0n, 1000);
    expect(events.map((e) => e.seq)).toEqual(
      Array.from({ length: rounds }, (_, i) => BigInt(i + 1)),
    );
    expect(events.map((e) => e.version)).toEqual(
      Array.from({ length: rounds }, (_, i) => BigInt(i + 1)),
    );
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: BigInt(rounds) });
  });

  it('commands that lose a race are retried; each lands once or is refused whole', async () => {
    const { db } = database();
    const perWriter = 5;
    let landed = 0;
    await withWriters((writers) =>
      Promise.all(
        writers.map(async (writer, w) => {
          for (let i = 0; i < perWriter; i++) {
            await runCommand(
              { db: writer, clock: systemClock, projectors: [] },
              `writer:${w}`,
              async (scope) => {
                const version = await streamVersion(
                  scope.trx,
                  w % 2 === 0 ? 'stream:even' : 'stream:odd',
                );
                await scope.record(w % 2 === 0 ? 'stream:even' : 'stream:odd', version, [
                  { id: newId(), type: 'Counted', payload: { writer: w, i } },
                ]);
                landed += 1;
              },
            ).catch((error: unknown) => {
              // Under heavy contention a command may still lose four times; that is a 409 to the
              // caller, and it must have written nothing.
              expect(error).toMatchObject({ code: 'STREAM_VERSION_CONFLICT' });
            });
          }
        }),
      ),
    );
    const events = await readEventsAfter(db, 0n, 1000);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => BigInt(i + 1)));
    expect(events).toHaveLength(landed);
    expect(landed).toBeGreaterThan(WRITERS);
    const even = events.filter((e) => e.stream === 'stream:even').map((e) => e.version);
    expect(even).toEqual(even.map((_, i) => BigInt(i + 1)));
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: BigInt(events.length) });
  });
});
