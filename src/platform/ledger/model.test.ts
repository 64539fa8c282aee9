import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalEntry,
  chainEvents,
  checkLink,
  GENESIS_HASH,
  type JsonObject,
  type NewEvent,
  payloadProblem,
  type RecordedEvent,
} from './model.ts';

const payloadArb: fc.Arbitrary<JsonObject> = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
  { maxKeys: 4 },
);
const eventArb: fc.Arbitrary<NewEvent> = fc.record({
  id: fc.uuid(),
  type: fc.constantFrom('CallOffPlaced', 'CeilingRaised', 'BidSubmitted'),
  payload: payloadArb,
});

function verifyChain(rows: readonly RecordedEvent[]): bigint | undefined {
  let prev: Uint8Array = GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    const seq = BigInt(index + 1);
    if (checkLink(seq, prev, row) !== undefined) return seq;
    prev = row.hash;
  }
  return undefined;
}

describe('ledger hash chain', () => {
  it('canonical JSON sorts keys and writes counts as strings', () => {
    const text = canonicalEntry({
      seq: 7n,
      version: 2n,
      id: '00000000-0000-4000-8000-000000000000',
      stream: 'agreement:1',
      type: 'CallOffPlaced',
      payload: { b: 1, a: '10000' },
      actor: 'user:1',
      recordedAt: '2023-09-28T10:00:00.000Z',
    });
    expect(text).toBe(
      '{"actor":"user:1","id":"00000000-0000-4000-8000-000000000000","payload":{"a":"10000","b":1},"recorded_at":"2023-09-28T10:00:00.000Z","seq":"7","stream":"agreement:1","type":"CallOffPlaced","version":"2"}',
    );
  });

  it('any chained sequence verifies', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const rows = chainEvents(
          { seq: 0n, hash: GENESIS_HASH },
          's',
          1n,
          'a',
          '2023-09-28T10:00:00.000Z',
          events,
        );
        expect(verifyChain(rows)).toBeUndefined();
      }),
    );
  });

  it('changing any field of any row is caught at that row', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.constantFrom(
          'type',
          'stream',
          'actor',
          'recordedAt',
          'payload',
          'version',
          'id',
          'hash',
          'prevHash',
        ),
        (events, pick, field) => {
          const rows = chainEvents(
            { seq: 0n, hash: GENESIS_HASH },
            's',
            1n,
            'a',
            '2023-09-28T10:00:00.000Z',
            events,
          );
          const index = pick % rows.length;
          const row = rows[index] as RecordedEvent;
          const tampered: RecordedEvent = { ...row };
          if (field === 'hash' || field === 'prevHash') {
            const bytes = Buffer.from(row[field]);
            bytes[0] = (bytes[0] ?? 0) ^ 1;
            tampered[field] = bytes;
          } else if (field === 'payload')
            tampered.payload = { ...row.payload, __tampered__: 'yes' };
          else if (field === 'version') tampered.version = row.version + 1n;
          else if (field === 'recordedAt') tampered.recordedAt = '2023-09-28T10:00:00.001Z';
          else tampered[field] = `${row[field]}x`;
          const copy: RecordedEvent[] = [...rows];
          copy[index] = tampered;
          expect(verifyChain(copy)).toBe(BigInt(index + 1));
        },
      ),
    );
  });
});

describe('ledger payload rule', () => {
  it('accepts strings of digits and safe integers', () => {
    expect(
      payloadProblem({ amount: '240000000000', quantity: 5, nested: [{ ok: true }] }),
    ).toBeUndefined();
  });
  it('refuses numbers that would not read back identically', () => {
    expect(payloadProblem({ price: 1.5 })).toBe('payload.price is a non-integer or unsafe number');
    expect(payloadProblem({ n: 2 ** 60 })).toBe('payload.n is a non-integer or unsafe number');
    expect(payloadProblem({ a: ['x\u0000'] })).toBe('payload.a[0] contains a NUL character');
  });
});
