import { describe, expect, it } from 'vitest';
import type { BidContent } from './model/bid.ts';
import { newTenderKey, openBid, sealBid, unwrapTenderKey, wrapTenderKey } from './sealing.ts';

const content: BidContent = {
  nsn: '1320-12-100-0121',
  currency: 'EUR',
  tiers: [{ from: 1n, unitPrice: 3_000_00n }],
  monthlyCapacity: 5_000n,
  leadTimeDays: 90,
  answers: [{ requirement: 'R1', answer: 'STANAG 4425 qualified', evidence: ['report-17'] }],
};

describe('sealing bids', () => {
  it('opens what it sealed, and the commitment holds', () => {
    const key = newTenderKey();
    const { sealed, commitment } = sealBid(key, 't1', 'b1', content);
    expect(Buffer.from(sealed.ciphertext).toString('utf8')).not.toContain('STANAG');
    expect(openBid(key, 't1', 'b1', sealed, commitment)).toMatchObject({ kind: 'opened', content });
  });

  it('salts each commitment, so that one content never hashes the same twice', () => {
    const key = newTenderKey();
    expect(sealBid(key, 't1', 'b1', content).commitment).not.toBe(
      sealBid(key, 't1', 'b1', content).commitment,
    );
  });

  it('sets aside a ciphertext moved to another bid as undecryptable', () => {
    const key = newTenderKey();
    const { sealed, commitment } = sealBid(key, 't1', 'b1', content);
    expect(openBid(key, 't1', 'b2', sealed, commitment)).toMatchObject({ reason: 'undecryptable' });
  });

  it('sets aside a validly sealed bid that is not the one committed to', () => {
    const key = newTenderKey();
    const { commitment } = sealBid(key, 't1', 'b1', content);
    const cheaper = sealBid(key, 't1', 'b1', {
      ...content,
      tiers: [{ from: 1n, unitPrice: 1_00n }],
    });
    expect(openBid(key, 't1', 'b1', cheaper.sealed, commitment)).toMatchObject({
      reason: 'commitment-mismatch',
    });
  });

  it('wraps a tender key so that only the master key unwraps it, for that tender only', () => {
    const master = newTenderKey();
    const key = newTenderKey();
    const wrapped = wrapTenderKey(master, 't1', key);
    expect(unwrapTenderKey(master, 't1', wrapped).equals(key)).toBe(true);
    expect(() => unwrapTenderKey(newTenderKey(), 't1', wrapped)).toThrow(/master key/);
    expect(() => unwrapTenderKey(master, 't2', wrapped)).toThrow(/master key/);
  });
});
