import { describe, expect, it } from 'vitest';
import { dueMove, mayMove, TENDER_STATES, takesBids } from './lifecycle.ts';

describe('tender lifecycle', () => {
  it('goes forward one step at a time, and ends at final or cancelled', () => {
    expect(mayMove('draft', 'published')).toBe(true);
    expect(mayMove('draft', 'opened')).toBe(false);
    expect(mayMove('published', 'opened')).toBe(false);
    expect(mayMove('awarded', 'opened')).toBe(true);
    for (const to of TENDER_STATES) {
      expect(mayMove('final', to)).toBe(false);
      expect(mayMove('cancelled', to)).toBe(false);
    }
    for (const from of TENDER_STATES.filter((s) => s !== 'final' && s !== 'cancelled')) {
      expect(mayMove(from, 'cancelled')).toBe(true);
    }
  });

  it('closes at the bid deadline and takes no bid from then on', () => {
    const tender = {
      state: 'published' as const,
      bidDeadline: '2024-03-01T12:00:00.000Z',
      standstillEndsAt: null,
      pendingChallenges: 0,
    };
    expect(dueMove(tender, new Date('2024-03-01T11:59:59.999Z'))).toBeUndefined();
    expect(takesBids(tender, new Date('2024-03-01T11:59:59.999Z'))).toBe(true);
    expect(dueMove(tender, new Date('2024-03-01T12:00:00.000Z'))).toBe('closed');
    expect(takesBids(tender, new Date('2024-03-01T12:00:00.000Z'))).toBe(false);
  });

  it('makes an award final when the standstill ends, unless a challenge is pending', () => {
    const awarded = {
      state: 'awarded' as const,
      bidDeadline: '2024-03-01T12:00:00.000Z',
      standstillEndsAt: '2024-04-01T00:00:00.000Z',
      pendingChallenges: 0,
    };
    const after = new Date('2024-04-01T00:00:00.000Z');
    expect(dueMove(awarded, new Date('2024-03-31T23:59:59.999Z'))).toBeUndefined();
    expect(dueMove(awarded, after)).toBe('final');
    expect(dueMove({ ...awarded, pendingChallenges: 1 }, after)).toBeUndefined();
  });
});
