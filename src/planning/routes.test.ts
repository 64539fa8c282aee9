import { expect, it } from 'vitest';
import { readHead } from '../platform/ledger/store.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { planningWorld } from '../testing/planning.ts';

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
const DM121 = '1320-12-100-0121';

describeEachDialect('planning over HTTP', (database) => {
  it('takes a supplier its own lines and ramp-ups, shows it only its own; bad input names the field', async () => {
    const { app, runtime, callers } = await accessWorld(database().db);
    const arsenal = bearer(callers['supplier-rep'].own.bearer);
    const officer = bearer(callers['agency-officer'].own.bearer);
    const before = (await readHead(runtime.db))?.seq;

    const bad = await app.inject({
      method: 'POST',
      url: '/production-lines',
      headers: arsenal,
      payload: { supplier: 'F0001', nsn: DM121, monthlyCapacity: -5, from: '2024-13' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.monthlyCapacity',
      'body.from',
    ]);
    const unknown = await app.inject({
      method: 'POST',
      url: '/production-lines',
      headers: officer,
      payload: { supplier: 'FRA', nsn: DM121, monthlyCapacity: 5, from: '2024-01' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { path: 'supplier', message: 'FRA is not a known supplier' },
    ]);
    expect((await readHead(runtime.db))?.seq).toBe(before);

    const entered = await app.inject({
      method: 'POST',
      url: '/production-lines',
      headers: arsenal,
      payload: { supplier: 'F0001', nsn: DM121, monthlyCapacity: 2000, from: '2023-10' },
    });
    expect(entered.statusCode).toBe(201);
    const { id } = entered.json();
    await app.inject({
      method: 'POST',
      url: '/production-lines',
      headers: officer,
      payload: { supplier: 'D0002', nsn: DM121, monthlyCapacity: 1000, from: '2023-10' },
    });
    const rampedUp = await app.inject({
      method: 'POST',
      url: `/production-lines/${id}/ramp-ups`,
      headers: arsenal,
      payload: { addedPerMonth: 1000, decidedIn: '2023-10', leadMonths: 12, note: 'new hall' },
    });
    expect(rampedUp.statusCode).toBe(201);
    expect(rampedUp.json().rampUps).toMatchObject([{ effectiveFrom: '2024-10' }]);

    const own = await app.inject({ method: 'GET', url: '/production-lines', headers: arsenal });
    expect(own.json().map((l: { supplier: string }) => l.supplier)).toEqual(['F0001']);
    const all = await app.inject({ method: 'GET', url: '/production-lines', headers: officer });
    expect(all.json().map((l: { supplier: string }) => l.supplier)).toEqual(['D0002', 'F0001']);
    const other = await app.inject({
      method: 'GET',
      url: `/production-lines/${all.json()[0].id}`,
      headers: arsenal,
    });
    expect(other.statusCode).toBe(404);
  });

  it('computes and keeps a plan for the agency, shows a nation its own part, tries scenarios keeping nothing', {
    timeout: 60_000,
  }, async () => {
    const { app, runtime, callers } = await accessWorld(database().db);
    await planningWorld(runtime);
    const officer = bearer(callers['agency-officer'].own.bearer);
    const france = bearer(callers['nation-rep'].own.bearer);
    const before = (await readHead(runtime.db))?.seq;

    const bad = await app.inject({
      method: 'POST',
      url: '/plans',
      headers: officer,
      payload: { solver: 'simplex', months: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.solver',
      'body.months',
    ]);
    const badScenario = await app.inject({
      method: 'POST',
      url: '/plans/what-if',
      headers: officer,
      payload: {
        scenario: { levels: [{ nation: 'FRA', family: '155mm projectile', level: 'any' }] },
      },
    });
    expect(badScenario.statusCode).toBe(400);
    expect(badScenario.json().errors[0].path).toBe('body.scenario.levels.0.level');
    const tried = await app.inject({
      method: 'POST',
      url: '/plans/what-if',
      headers: officer,
      payload: {
        firstMonth: '2023-10',
        months: 12,
        scenario: {
          levels: [{ nation: 'FRA', family: '155mm projectile', level: 'compatible-unqualified' }],
        },
      },
    });
    expect(tried.statusCode).toBe(200);
    const fra = tried.json().comparison.nations.find((n: { nation: string }) => n.nation === 'FRA');
    expect(fra.delta.served).toBeGreaterThan(0);
    expect((await readHead(runtime.db))?.seq).toBe(before);

    const computed = await app.inject({
      method: 'POST',
      url: '/plans',
      headers: officer,
      payload: { firstMonth: '2023-10', months: 12 },
    });
    expect(computed.statusCode).toBe(201);
    const plan = computed.json();
    expect(plan.inputsAt).toBe(String(before));
    expect(new Set(plan.lines.map((l: { nation: string }) => l.nation))).toEqual(
      new Set(['FRA', 'DEU']),
    );
    const seen = (
      await app.inject({ method: 'GET', url: `/plans/${plan.id}`, headers: france })
    ).json();
    expect(seen.totals).toEqual(plan.totals);
    expect(new Set(seen.lines.map((l: { nation: string }) => l.nation))).toEqual(new Set(['FRA']));
    expect(seen.explanations.map((e: { nation: string }) => e.nation)).toEqual(['FRA']);
    const listed = await app.inject({ method: 'GET', url: '/plans', headers: france });
    expect(listed.json().map((p: { id: string }) => p.id)).toEqual([plan.id]);
    const refused = await app.inject({
      method: 'POST',
      url: '/plans',
      headers: france,
      payload: {},
    });
    expect(refused.statusCode).toBe(403);

    // An auditor computes the stored plan again from its input, by either solver; a nation may not.
    const auditor = bearer(callers.auditor.own.bearer);
    const again = await app.inject({
      method: 'GET',
      url: `/plans/${plan.id}/recomputation`,
      headers: auditor,
    });
    expect(again.json()).toMatchObject({ solver: 'network', identical: true, sameTotals: true });
    expect(again.json().comparison.totals.delta).toEqual({
      served: 0,
      shortfall: 0,
      lateness: 0,
      cost: '0',
    });
    const byHighs = await app.inject({
      method: 'GET',
      url: `/plans/${plan.id}/recomputation?solver=highs`,
      headers: auditor,
    });
    expect(byHighs.json()).toMatchObject({ solver: 'highs', sameTotals: true });
    const badSolver = await app.inject({
      method: 'GET',
      url: `/plans/${plan.id}/recomputation?solver=simplex`,
      headers: auditor,
    });
    expect(badSolver.statusCode).toBe(400);
    expect(badSolver.json().errors[0].path).toBe('querystring.solver');
    const notTheirs = await app.inject({
      method: 'GET',
      url: `/plans/${plan.id}/recomputation`,
      headers: france,
    });
    expect(notTheirs.statusCode).toBe(403);
    expect((await readHead(runtime.db))?.seq).toBe(BigInt(plan.inputsAt) + 1n);
  });
});
