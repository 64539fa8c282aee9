import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { asIntruder, describeEachDialect } from '../../testing/dialects.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { append } from './append.ts';
import { payloadDerivedFromCanonical } from './check-chain.ts';
import { generatePayloadFromCanonical } from './migrations.ts';
import { chainEvents, GENESIS_HASH, type JsonObject } from './model.ts';
import { readEventsAfter, readHead } from './store.ts';
import { verifyLedger } from './verify.ts';

const at = new Date('2023-09-28T10:00:00.123Z');

async function appendOne(
  db: Db,
  stream: string,
  expectedVersion: bigint,
  payload: JsonObject = {},
) {
  return db.transaction().execute((trx) =>
    append(trx, {
      stream,
      expectedVersion,
      events: [{ id: newId(), type: 'Tested', payload }],
      actor: 'user:test',
      recordedAt: at,
    }),
  );
}

/** Appends `count` events over a few streams; returns how many. */
async function fill(db: Db, plan: readonly { stream: number; events: number }[]): Promise<number> {
  const versions = new Map<string, bigint>();
  let total = 0;
  for (const step of plan) {
    const stream = `stream:${step.stream}`;
    const version = versions.get(stream) ?? 0n;
    await db.transaction().execute((trx) =>
      append(trx, {
        stream,
        expectedVersion: version,
        events: Array.from({ length: step.events }, (_, i) => ({
          id: newId(),
          type: 'Tested',
          payload: { index: i, amount: '1000000000000000000000', text: `row ${total + i}` },
        })),
        actor: 'user:test',
        recordedAt: at,
      }),
    );
    versions.set(stream, version + BigInt(step.events));
    total += step.events;
  }
  return total;
}

/** On PostgreSQL, verification spreads over connections; three spans cross small ledgers too. */
function spread(dialect: string): number {
  return dialect === 'postgres' ? 3 : 1;
}

const planArb = fc.array(fc.record({ stream: fc.nat(3), events: fc.integer({ min: 1, max: 4 }) }), {
  minLength: 1,
  maxLength: 6,
});

describeEachDialect('ledger', (database) => {
  it('chains in the database exactly as the model chains, whatever the payload holds', async () => {
    const { db } = database();
    const texts = fc.sample(fc.string({ unit: 'grapheme', maxLength: 12 }), {
      numRuns: 20,
      seed: 7,
    });
    const events = texts.map((text, index) => ({
      id: newId(),
      type: 'Tested',
      payload: { text: `${text} "quoted" \\ ü €`, index, amount: '12345678901234567890' },
    }));
    const head = (await readHead(db)) ?? { seq: 0n, hash: GENESIS_HASH };
    const recorded = await db.transaction().execute((trx) =>
      append(trx, {
        stream: 'model:check',
        expectedVersion: 0n,
        events,
        actor: 'user:ü',
        recordedAt: at,
      }),
    );
    const expected = chainEvents(head, 'model:check', 1n, 'user:ü', at.toISOString(), events);
    expect(recorded.map((e) => [e.seq, Buffer.from(e.prevHash), Buffer.from(e.hash)])).toEqual(
      expected.map((e) => [e.seq, Buffer.from(e.prevHash), Buffer.from(e.hash)]),
    );
    const stored = await sql<{ canonical: string }>`
      SELECT canonical FROM ledger_events WHERE stream = 'model:check' ORDER BY seq`.execute(db);
    expect(stored.rows.map((r) => r.canonical)).toEqual(expected.map((e) => e.canonical));
  });

  it('appends with a global sequence, per-stream versions and a head', async () => {
    const { db } = database();
    await appendOne(db, 'agreement:a', 0n);
    await appendOne(db, 'agreement:b', 0n);
    const [third] = await appendOne(db, 'agreement:a', 1n, { amount: '240000000000' });
    expect(third?.seq).toBe(3n);
    expect(third?.version).toBe(2n);
    const head = await readHead(db);
    expect(head?.seq).toBe(3n);
    expect(Buffer.from(head?.hash ?? [])).toEqual(Buffer.from(third?.hash ?? []));
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: 3n });
  });

  it('reads back every hashed value byte-identical', async () => {
    const { db } = database();
    const payload = { amount: '9007199254740993', count: 42, nested: { é: ['x', null, true] } };
    const [written] = await appendOne(db, 's', 0n, payload);
    const [read] = await readEventsAfter(db, 0n, 10);
    expect(read?.recordedAt).toBe('2023-09-28T10:00:00.123Z');
    expect(read?.payload).toEqual(payload);
    expect(typeof read?.seq).toBe('bigint');
    expect(Buffer.from(read?.hash ?? [])).toEqual(Buffer.from(written?.hash ?? []));
  });

  it('refuses a stale expected version and writes nothing', async () => {
    const { db } = database();
    await appendOne(db, 's', 0n);
    await expect(appendOne(db, 's', 0n)).rejects.toMatchObject({ code: 'STREAM_VERSION_CONFLICT' });
    await expect(appendOne(db, 's', 5n)).rejects.toBeInstanceOf(DomainError);
    expect((await readHead(db))?.seq).toBe(1n);
    expect(await readEventsAfter(db, 0n, 10)).toHaveLength(1);
  });

  it('refuses to rewrite history, even to the application itself', async () => {
    const { db, dialect } = database();
    await appendOne(db, 's', 0n);
    // On PostgreSQL the application's role holds no UPDATE, DELETE or TRUNCATE privilege at all;
    // PGlite runs as superuser, where the append-only trigger refuses instead.
    const refused =
      dialect === 'postgres' ? /permission denied for table ledger_events/ : /append-only/;
    await expect(sql`UPDATE ledger_events SET actor = 'someone else'`.execute(db)).rejects.toThrow(
      refused,
    );
    await expect(sql`UPDATE ledger_events SET canonical = '{}'`.execute(db)).rejects.toThrow(
      refused,
    );
    await expect(sql`DELETE FROM ledger_events`.execute(db)).rejects.toThrow(refused);
    await expect(sql`TRUNCATE ledger_events`.execute(db)).rejects.toThrow(refused);
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: 1n });
  });

  it('any sequence of appends verifies', async () => {
    const { db, admin, dialect } = database();
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        await resetLedger(admin);
        const total = await fill(db, plan);
        expect(
          await verifyLedger(db, { batchSize: 3, connections: spread(dialect) }),
        ).toMatchObject({
          ok: true,
          events: BigInt(total),
        });
      }),
      { numRuns: 15 },
    );
  });

  it('flipping a byte of any stored field names that event', async () => {
    const { db, admin, dialect } = database();
    await fc.assert(
      fc.asyncProperty(
        planArb,
        fc.nat(),
        fc.constantFrom(
          'id',
          'stream',
          'version',
          'type',
          'actor',
          'recorded_at',
          'prev_hash',
          'hash',
          'canonical',
        ),
        async (plan, pick, field) => {
          await resetLedger(admin);
          const total = await fill(db, plan);
          const seq = BigInt((pick % total) + 1);
          await asIntruder(admin, (trx) =>
            sql`UPDATE ledger_events SET ${sql.raw(flip(field))} WHERE seq = ${seq}`.execute(trx),
          );
          const result = await verifyLedger(db, { batchSize: 4, connections: spread(dialect) });
          expect(result).toMatchObject({ ok: false, seq });
        },
      ),
      { numRuns: 20 },
    );
  });

  it('verifies fields and payloads whatever characters they hold', async () => {
    const { db, admin } = database();
    // Graphemes, and any code point at all: quotes, backslashes, control characters, U+2028.
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc
        .string({ unit: 'binary', maxLength: 8 })
        .filter((t) => t.isWellFormed() && !t.includes('\u0000')),
    );
    await fc.assert(
      fc.asyncProperty(text, text, text, text, async (stream, actor, type, value) => {
        await resetLedger(admin);
        await db.transaction().execute((trx) =>
          append(trx, {
            stream,
            expectedVersion: 0n,
            events: [{ id: newId(), type, payload: { [value]: [value, { value }] } }],
            actor,
            recordedAt: at,
          }),
        );
        expect(await verifyLedger(db)).toMatchObject({ ok: true, events: 1n });
      }),
      { numRuns: 20 },
    );
  });

  it('keeps each payload generated from its canonical text, and checks it row by row once it is not', async () => {
    const { db, admin } = database();
    await fill(db, [{ stream: 1, events: 4 }]);
    await expect(
      asIntruder(admin, (trx) =>
        sql`UPDATE ledger_events SET payload = '{}' WHERE seq = 2`.execute(trx),
      ),
    ).rejects.toThrow(/payload/);
    expect(await admin.transaction().execute(payloadDerivedFromCanonical)).toBe(true);
    try {
      await asIntruder(admin, async (trx) => {
        await sql`ALTER TABLE ledger_events ALTER COLUMN payload DROP EXPRESSION`.execute(trx);
        await sql`UPDATE ledger_events SET payload = payload || '{"index": 7}' WHERE seq = 3`.execute(
          trx,
        );
      });
      expect(await admin.transaction().execute(payloadDerivedFromCanonical)).toBe(false);
      expect(await verifyLedger(db)).toMatchObject({
        ok: false,
        seq: 3n,
        reason: 'its payload differs from the canonical JSON its hash covers',
      });
    } finally {
      await asIntruder(admin, async (trx) => {
        await sql`ALTER TABLE ledger_events DROP COLUMN payload`.execute(trx);
        await generatePayloadFromCanonical(trx);
      });
    }
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: 4n });
  });

  it('deleting any row, the last one included, names the first missing event', async () => {
    const { db, admin, dialect } = database();
    await fc.assert(
      fc.asyncProperty(planArb, fc.nat(), async (plan, pick) => {
        await resetLedger(admin);
        const total = await fill(db, plan);
        const seq = BigInt((pick % total) + 1);
        await asIntruder(admin, (trx) =>
          sql`DELETE FROM ledger_events WHERE seq = ${seq}`.execute(trx),
        );
        expect(
          await verifyLedger(db, { batchSize: 2, connections: spread(dialect) }),
        ).toMatchObject({ ok: false, seq });
      }),
      { numRuns: 15 },
    );
  });

  it('swapping two rows names the first of them', async () => {
    const { db, admin, dialect } = database();
    await fc.assert(
      fc.asyncProperty(
        planArb.filter((p) => p.reduce((n, s) => n + s.events, 0) >= 2),
        fc.nat(),
        fc.nat(),
        async (plan, a, b) => {
          await resetLedger(admin);
          const total = await fill(db, plan);
          const first = BigInt((a % total) + 1);
          let second = BigInt((b % total) + 1);
          if (second === first) second = first === BigInt(total) ? 1n : first + 1n;
          await asIntruder(admin, async (trx) => {
            await sql`UPDATE ledger_events SET seq = -1 WHERE seq = ${first}`.execute(trx);
            await sql`UPDATE ledger_events SET seq = ${first} WHERE seq = ${second}`.execute(trx);
            await sql`UPDATE ledger_events SET seq = ${second} WHERE seq = -1`.execute(trx);
          });
          const low = first < second ? first : second;
          expect(await verifyLedger(db, { connections: spread(dialect) })).toMatchObject({
            ok: false,
            seq: low,
          });
        },
      ),
      { numRuns: 15 },
    );
  });

  it('--expect fails once the chain no longer reaches a head published earlier', async () => {
    const { db, admin, dialect } = database();
    await fill(db, [{ stream: 1, events: 3 }]);
    const published = await readHead(db);
    if (published === undefined) throw new Error('no head');
    await fill(db, [{ stream: 2, events: 2 }]);
    expect(
      await verifyLedger(db, { expect: published, connections: spread(dialect) }),
    ).toMatchObject({ ok: true, events: 5n });
    expect(
      await verifyLedger(db, {
        expect: { seq: 9n, hash: published.hash },
        connections: spread(dialect),
      }),
    ).toMatchObject({
      ok: false,
      seq: 6n,
    });

    // An intruder rewrites the whole chain consistently from event 2 on: every link holds again,
    // but the published head is no longer reached.
    await asIntruder(admin, async (trx) => {
      await sql`DELETE FROM ledger_events WHERE seq >= 2`.execute(trx);
      await sql`UPDATE ledger_head SET seq = 1, hash = (SELECT hash FROM ledger_events WHERE seq = 1)`.execute(
        trx,
      );
    });
    await fill(db, [{ stream: 3, events: 4 }]);
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events: 5n });
    expect(
      await verifyLedger(db, { expect: published, connections: spread(dialect) }),
    ).toMatchObject({ ok: false, seq: 3n });
  });

  it('catches a head that was moved back to hide a truncated tail', async () => {
    const { db, admin } = database();
    await fill(db, [{ stream: 1, events: 3 }]);
    await asIntruder(admin, (trx) => sql`UPDATE ledger_head SET seq = 2`.execute(trx));
    expect(await verifyLedger(db)).toMatchObject({ ok: false, seq: 3n });
  });
});

async function resetLedger(admin: Db): Promise<void> {
  await asIntruder(admin, async (trx) => {
    await sql`TRUNCATE ledger_events, ledger_streams`.execute(trx);
    await sql`UPDATE ledger_head SET seq = 0, hash = ${GENESIS_HASH}`.execute(trx);
  });
}

function flip(field: string): string {
  switch (field) {
    case 'id':
      // Always a different first digit: a uuid that already starts with 0 gets a 1.
      return `id = ((CASE WHEN left(id::text, 1) = '0' THEN '1' ELSE '0' END) || substr(id::text, 2))::uuid`;
    case 'version':
      return 'version = version + 1000';
    case 'canonical':
      // The payload changes with it: it is generated from the canonical text.
      return `canonical = replace(canonical, '"amount":"1000000000000000000000"', '"amount":"1000000000000000000001"')`;
    case 'recorded_at':
      return `recorded_at = recorded_at + interval '1 millisecond'`;
    case 'prev_hash':
    case 'hash':
      return `${field} = set_byte(${field}, 0, get_byte(${field}, 0) # 1)`;
    default:
      return `${field} = ${field} || 'x'`;
  }
}
