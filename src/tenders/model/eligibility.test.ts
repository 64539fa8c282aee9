import { describe, expect, it } from 'vitest';
import { ineligibility, supplyClassOf } from './eligibility.ts';

describe('eligibility', () => {
  const rules = { supplyClasses: ['1320'], countries: ['DEU', 'FRA'] };
  it('admits a supplier registered for every class, from an admitted country', () => {
    expect(
      ineligibility(rules, {
        supplier: 'F0001',
        country: 'FRA',
        registeredClasses: ['1320', '1315'],
      }),
    ).toBeUndefined();
  });
  it('names the country or the class that keeps a supplier out', () => {
    expect(
      ineligibility(rules, { supplier: 'U0001', country: 'USA', registeredClasses: ['1320'] }),
    ).toMatch(/USA/);
    expect(
      ineligibility(rules, { supplier: 'F0001', country: 'FRA', registeredClasses: ['1315'] }),
    ).toMatch(/supply class 1320/);
  });
  it('admits any country when the tender names none', () => {
    expect(
      ineligibility(
        { supplyClasses: [], countries: [] },
        { supplier: 'U0001', country: 'USA', registeredClasses: [] },
      ),
    ).toBeUndefined();
  });
  it('reads the supply class from the first four digits of an NSN', () => {
    expect(supplyClassOf('1320-12-345-6789')).toBe('1320');
  });
});
