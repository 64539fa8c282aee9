import { describe, expect, it } from 'vitest';
import { buildInstance } from './build.ts';
import { schedule } from './schedule.ts';

const { instance } = buildInstance({
  months: 3,
  priorities: 1,
  production: [{ supplier: 'Nammo', item: '155-HE', capacity: [0, 0, 5] }],
  lines: [
    {
      nation: 'EE',
      priority: 0,
      quantity: 4,
      due: 0,
      options: [{ supplier: 'Nammo', item: '155-HE', price: 100 }],
    },
    {
      nation: 'LV',
      priority: 0,
      quantity: 4,
      due: 2,
      options: [{ supplier: 'Nammo', item: '155-HE', price: 100 }],
    },
  ],
});

describe('the whole-unit schedule', () => {
  it('serves the most units within the bounds, late only where it must be', () => {
    const plan = schedule(instance, {
      lower: Float64Array.of(1, 1),
      upper: Float64Array.of(4, 4),
    });
    // Five units made in month 3: all five served; LV's on time first, EE's late by two months.
    expect(plan.units).toBe(5);
    expect(plan.lateness).toBe(2);
  });

  it('refuses bounds that no flow can meet', () => {
    expect(() =>
      schedule(instance, { lower: Float64Array.of(3, 3), upper: Float64Array.of(4, 4) }),
    ).toThrow('no schedule meets the claim bounds');
  });
});
