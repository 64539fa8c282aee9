import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalEntry,
  chainEvents,
  GENESIS_HASH,
  type JsonObject,
  type NewEvent,
  payloadProblem,
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

  it('chains each event to the one before, hashing the canonical text it keeps', () => {
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
        let prevHash: Uint8Array = GENESIS_HASH;
        for (const [index, row] of rows.entries()) {
          expect(row.seq).toBe(BigInt(index + 1));
          expect(Buffer.from(row.prevHash)).toEqual(Buffer.from(prevHash));
          expect(row.canonical).toBe(canonicalEntry(row));
          const hash = createHash('sha256').update(prevHash).update(row.canonical, 'utf8').digest();
          expect(Buffer.from(row.hash)).toEqual(hash);
          prevHash = row.hash;
        }
      }),
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
