import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.ts';
import { buildInstance } from './build.ts';
import { deliveriesOf, explanations, nationDeliveriesOf, shortfallOf } from './results.ts';

const plan = buildInstance({
  months: 3,
  priorities: 1,
  production: [{ supplier: 'Nammo', item: '155-HE', capacity: [4, 0, 4] }],
  lines: [
    {
      nation: 'EE',
      priority: 0,
      quantity: 6,
      due: 1,
      options: [{ supplier: 'Nammo', item: '155-HE', price: 100 }],
    },
    {
      nation: 'LV',
      priority: 0,
      quantity: 6,
      due: 0,
      options: [{ supplier: 'Nammo', item: '155-HE', price: 100 }],
    },
  ],
});

describe('the results of a plan', () => {
  const { instance, nations } = plan;
  const allocation = allocate(instance);
  const { flow } = allocation.schedule;

  it('delivers early units on the due month and late ones when made, within the 8 made', () => {
    const deliveries = deliveriesOf(instance, flow);
    expect(deliveries.every((d) => d.month >= (instance.lineDue[d.line] ?? 0))).toBe(true);
    expect(deliveries.reduce((sum, d) => sum + d.units, 0)).toBe(8);
    expect(Array.from(shortfallOf(instance, flow))).toEqual([2, 2]);
  });

  it('adds each nation’s deliveries up month by month', () => {
    const perNation = nationDeliveriesOf(instance, flow);
    for (const [n] of nations.entries()) {
      const own = deliveriesOf(instance, flow).filter((d) => instance.lineNation[d.line] === n);
      const months = [...new Set(own.map((d) => d.month))].sort((a, b) => a - b);
      expect(perNation.filter((d) => d.nation === n)).toEqual(
        months.map((month) => ({
          nation: n,
          month,
          units: own.filter((d) => d.month === month).reduce((sum, d) => sum + d.units, 0),
        })),
      );
    }
    expect(perNation.reduce((sum, d) => sum + d.units, 0)).toBe(8);
  });

  it('says what share each nation received and which fully used line held it back', () => {
    const production = Array.from(instance.sourceMonth, () => 'Nammo 155-HE');
    const sentences = explanations(instance, allocation.shares, flow, { nations, production });
    expect(sentences).toEqual([
      'EE received 67 % of need (class 1 67 %); short because Nammo 155-HE fully used in months 1–3.',
      'LV received 67 % of need (class 1 67 %); short because Nammo 155-HE fully used in months 1–3.',
    ]);
  });
});
