import { describe, expect, it } from 'vitest';
import { AgreementFacts } from './placement-facts.ts';
import { PlacementMemory } from './placement-memory.ts';

const facts = (version: bigint) =>
  new AgreementFacts(
    { loads: [], pooled: [], prices: [], nationCommitted: new Map() },
    0n,
    version,
  );

const placing = (id: string) => ({ agreement: id, facts: facts(1n) });

describe('placement memory', () => {
  it('recalls a group only when every agreement, item and month of it is remembered', () => {
    const memory = new PlacementMemory<string>();
    const asked = { agreementIds: ['a', 'b'], nsns: ['n1'], months: ['2024-01'] };
    expect(memory.recall(asked)).toBeUndefined();
    const read = memory.toRead(asked);
    memory.keep(
      read,
      new Map([
        ['a', placing('a')],
        ['b', placing('b')],
      ]),
    );
    expect([...(memory.recall(asked)?.keys() ?? [])]).toEqual(['a', 'b']);
    expect(memory.recall({ ...asked, agreementIds: ['a'] })?.size).toBe(1);
    expect(memory.recall({ ...asked, agreementIds: ['a', 'c'] })).toBeUndefined();
    expect(memory.recall({ ...asked, nsns: ['n2'] })).toBeUndefined();
    expect(memory.recall({ ...asked, months: ['2024-01', '2024-02'] })).toBeUndefined();
    memory.forget();
    expect(memory.recall(asked)).toBeUndefined();
  });

  it('reads what is asked with what is remembered, and forgets what was read for less', () => {
    const memory = new PlacementMemory<string>();
    const first = { agreementIds: ['a'], nsns: ['n1'], months: ['2024-01'] };
    memory.keep(memory.toRead(first), new Map([['a', placing('a')]]));
    const second = { agreementIds: ['b'], nsns: ['n2'], months: ['2024-02'] };
    const read = memory.toRead(second);
    expect(read).toEqual({
      agreementIds: ['b'],
      nsns: ['n1', 'n2'],
      months: ['2024-01', '2024-02'],
    });
    memory.keep(read, new Map([['b', placing('b')]]));
    // 'a' was read for n1 in January only: it is not known for n2 or February.
    expect(memory.recall({ ...first, agreementIds: ['a'] })).toBeUndefined();
    expect(memory.recall({ agreementIds: ['b'], nsns: ['n1'], months: ['2024-02'] })?.size).toBe(1);
  });

  it('starts again from what is asked once the months remembered grow past twenty years', () => {
    const memory = new PlacementMemory<string>();
    const months = Array.from({ length: 240 }, (_, i) => `m${i}`);
    memory.keep({ agreementIds: ['a'], nsns: ['n'], months }, new Map([['a', placing('a')]]));
    const read = memory.toRead({ agreementIds: ['a'], nsns: ['n'], months: ['another'] });
    expect(read.months).toEqual(['another']);
  });
});
