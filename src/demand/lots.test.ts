import { expect, it } from 'vitest';
import { runCommand } from '../platform/command.ts';
import { accessWorld } from '../testing/access-world.ts';
import { activeAgreement, lot155 } from '../testing/agreements.ts';
import { postLine, shellLine } from '../testing/demand.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { setSharing, withdrawSignal } from './commands.ts';

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

describeEachDialect('proposed lots', (database) => {
  it("pools France and Germany on the PzH 2000's items, prices the lot from the agreement in force, and shows each nation what was agreed", async () => {
    const { app, runtime, callers } = await accessWorld(database().db);
    const agreement = await activeAgreement(runtime, lot155());
    await postLine(runtime, shellLine('DEU', { quantity: 30_000n, neededBy: '2024-02' }));
    await postLine(
      runtime,
      shellLine('FRA', {
        quantity: 25_000n,
        platform: 'PZH2000',
        neededBy: '2024-03',
        firmness: 'indicative',
      }),
    );
    const gone = await postLine(
      runtime,
      shellLine('FRA', { quantity: 99_000n, platform: 'PZH2000' }),
    );
    await runCommand(runtime, 'user:rep', (scope) => withdrawSignal(scope, gone, 'covered'));

    const asOfficer = await app.inject({
      url: '/demand/lots?period=quarter',
      headers: bearer(callers['agency-officer'].own.bearer),
    });
    expect(asOfficer.statusCode).toBe(200);
    const [lot] = asOfficer.json();
    expect(lot).toMatchObject({
      family: '155mm projectile',
      period: { label: '2024-Q1', from: '2024-01', to: '2024-03' },
      items: ['1320-12-100-0121', '1320-12-100-0702'],
      pooled: true,
      quantity: '55000',
      firm: '30000',
      indicative: '25000',
      neededBy: { earliest: '2024-02', latest: '2024-03' },
      nations: [
        { nation: 'DEU', quantity: '30000', shareBp: 5454 },
        { nation: 'FRA', quantity: '25000', shareBp: 4545 },
      ],
      hidden: null,
    });
    const arsenal = lot.tiers.find((t: { supplier: string }) => t.supplier === 'F0001');
    expect(arsenal).toMatchObject({
      agreement,
      nsn: '1320-12-100-0121',
      pooledUnitPrice: '260000',
      // Alone, each nation's volume reaches the 10,000 tier (2,800.00); pooled, the 50,000 one.
      saving: String(55_000n * 20_000n),
    });
    expect(arsenal.tiers.map((t: { unlocked: boolean }) => t.unlocked)).toEqual([true, true, true]);

    const france = bearer(callers['nation-rep'].own.bearer);
    const seen = async () =>
      (await app.inject({ url: '/demand/lots?period=quarter', headers: france })).json()[0];
    expect(await seen()).toMatchObject({
      quantity: '55000',
      nations: [{ nation: 'FRA', quantity: '25000' }],
      hidden: { nations: 1, quantity: '30000', shareBp: 5454 },
    });
    await runCommand(runtime, 'user:rep', (scope) => setSharing(scope, 'FRA', true));
    expect((await seen()).hidden).not.toBeNull();
    await runCommand(runtime, 'user:rep', (scope) => setSharing(scope, 'DEU', true));
    expect(await seen()).toMatchObject({
      hidden: null,
      nations: [{ nation: 'DEU' }, { nation: 'FRA' }],
    });
  });
});
