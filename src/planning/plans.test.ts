import { expect, it } from 'vitest';
import { substitutesFor } from '../catalogue/queries.ts';
import { projectors } from '../contexts.ts';
import { runCommand } from '../platform/command.ts';
import { replay } from '../platform/ledger/projector.ts';
import { readHead } from '../platform/ledger/store.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { HORIZON, planningWorld } from '../testing/planning.ts';
import { projectionRows } from '../testing/projection-rows.ts';
import { computePlan } from './commands/compute-plan.ts';
import type { StoredInput, StoredResults } from './events.ts';
import { capacityByMonth, monthIndex, monthOf } from './production-line.ts';
import { planningProjector } from './projector.ts';
import { findPlan, listLines } from './queries.ts';
import { solvePlan } from './solve.ts';
import { whatIf } from './what-if.ts';

/** Units delivered per production line (`supplier item`) and month. */
function deliveredBy(results: StoredResults): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const line of results.lines)
    for (const d of line.deliveries) {
      const key = `${d.supplier} ${d.item}`;
      const months = out.get(key) ?? new Map<string, number>();
      months.set(d.month, (months.get(d.month) ?? 0) + d.units);
      out.set(key, months);
    }
  return out;
}

/** Units a line may deliver by each month: what it made up to then (units wait for due months). */
function madeBy(input: StoredInput, key: string): number[] {
  const production = input.production.find((p) => `${p.supplier} ${p.item}` === key);
  let sum = 0;
  return (production?.capacity ?? []).map((c) => {
    sum += c;
    return sum;
  });
}

describeEachDialect('plans', (database) => {
  it('computes a plan from the store and keeps it with its ledger position; it computes again the same and replays', {
    timeout: 60_000,
  }, async () => {
    const { runtime } = await accessWorld(database().db);
    await planningWorld(runtime);
    const before = (await readHead(runtime.db))?.seq;
    const id = await runCommand(runtime, 'user:officer', (scope) =>
      computePlan(scope, HORIZON, 'network'),
    );
    const plan = await findPlan(runtime.db, id);
    if (plan === undefined) throw new Error('no plan stored');
    expect(plan.inputsAt).toBe(before);
    expect(plan.input.lines.map((l) => [l.kind, l.nation, l.priority, l.quantity, l.due])).toEqual(
      expect.arrayContaining([
        ['call-off', 'FRA', 0, 3000, 1],
        ['call-off', 'DEU', 0, 2000, 2],
        ['call-off', 'DEU', 0, 2000, 3],
        ['demand', 'DEU', 1, 2000, 5],
        ['demand', 'FRA', 2, 1500, 4],
      ]),
    );
    const { results } = plan;
    // Class 1 is served in full; France's indicative line has nothing it may take.
    expect(results.shares.filter((s) => s.priority === 0).map((s) => s.served)).toEqual(
      expect.arrayContaining(['3000', '4000']),
    );
    const france = results.lines.find(
      (l) =>
        plan.input.lines[l.index]?.kind === 'demand' && plan.input.lines[l.index]?.nation === 'FRA',
    );
    expect(france).toMatchObject({ served: 0, shortfall: 1500, deliveries: [] });
    expect(results.explanations.map((e) => e.nation).sort()).toEqual(['DEU', 'FRA']);
    // By January the agreement's two suppliers make 6,400 of the 7,000 units its call-offs need by
    // then: 600 more, from either, made in time for the first due month, serve class 1 on time.
    // (Which supplier is a tie the line order settles, and line ids are random.)
    const additions = results.capacityAdditions ?? [];
    expect(additions.reduce((sum, a) => sum + a.units, 0)).toBe(600);
    for (const addition of additions) {
      expect(addition).toMatchObject({ priority: 0, item: '1320-12-100-0121', dualPrice: '1' });
      expect(['F0001', 'D0002']).toContain(addition.supplier);
      expect(addition.month <= '2023-11').toBe(true);
    }

    // Capacity is never exceeded: what a line delivers by a month, it made by then.
    for (const [key, months] of deliveredBy(results)) {
      const made = madeBy(plan.input, key);
      let delivered = 0;
      for (let m = 0; m < HORIZON.months; m++) {
        delivered += months.get(monthOf(monthIndex(HORIZON.firstMonth) + m)) ?? 0;
        expect(delivered).toBeLessThanOrEqual(made[m] ?? 0);
      }
    }
    const lines = await listLines(runtime.db, {});
    const rheinwerk = lines.find((l) => l.supplier === 'D0002');
    expect(plan.input.production.find((p) => p.supplier === 'D0002')?.capacity).toEqual(
      capacityByMonth(rheinwerk as NonNullable<typeof rheinwerk>, '2023-10', 12),
    );
    for (const line of results.lines) {
      const asked = plan.input.lines[line.index];
      if (asked === undefined) throw new Error('a result without its line');
      // No line is over-delivered, and each is served only by an option it had.
      expect(line.served).toBeLessThanOrEqual(asked.quantity);
      for (const d of line.deliveries)
        expect(asked.options.some((o) => o.supplier === d.supplier && o.item === d.item)).toBe(
          true,
        );
      // Substitutes only along the catalogue's edges, at the nation's level; call-offs as ordered.
      if (asked.kind === 'call-off') {
        expect(line.deliveries.every((d) => d.item === asked.nsn)).toBe(true);
        continue;
      }
      for (const d of line.deliveries) {
        const stand = await substitutesFor(runtime.db, { nation: asked.nation, nsn: d.item });
        expect(stand?.items.map((i) => i.nsn)).toContain(d.item);
      }
    }

    expect(await solvePlan(plan.input, 'network')).toEqual(results);
    const reference = await solvePlan(plan.input, 'highs');
    expect(reference.totals).toEqual(results.totals);

    const tables = await projectionRows(runtime.db, planningProjector.tables);
    await replay(runtime.db, projectors);
    expect(await projectionRows(runtime.db, planningProjector.tables)).toEqual(tables);
  });

  it('tries a scenario against the plan as it stands and appends nothing', {
    timeout: 60_000,
  }, async () => {
    const { runtime } = await accessWorld(database().db);
    await planningWorld(runtime);
    const head = await readHead(runtime.db);
    const tried = await whatIf(
      runtime.db,
      HORIZON,
      {
        capacity: [{ supplier: 'F0001', nsn: '1320-12-100-0121', from: '2023-10', units: 1000 }],
        priorities: [],
        levels: [{ nation: 'FRA', family: '155mm projectile', level: 'compatible-unqualified' }],
      },
      'network',
    );
    expect(await readHead(runtime.db)).toEqual(head);
    const france = tried.comparison.nations.find((n) => n.nation === 'FRA');
    expect(france?.base.served).toBe(3000);
    expect(france?.other.served).toBe(4500);
    expect(tried.comparison.totals.delta.shortfall).toBeLessThan(0);
  });
});
