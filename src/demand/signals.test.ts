import { expect, it } from 'vitest';
import { projectors } from '../contexts.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import type { Db } from '../platform/db/database.ts';
import { replay } from '../platform/ledger/projector.ts';
import { readHead } from '../platform/ledger/store.ts';
import { accessWorld } from '../testing/access-world.ts';
import { postLine, shellLine } from '../testing/demand.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { projectionRows } from '../testing/projection-rows.ts';
import { refusal } from '../testing/refusal.ts';
import { reviseSignal, SignalFacts, setSharing, withdrawSignal } from './commands.ts';
import { demandProjector } from './projector.ts';
import { findSignal, listSignals, sharingNations } from './queries.ts';

const seq = async (db: Db) => (await readHead(db))?.seq ?? 0n;

describeEachDialect('demand signals', (database) => {
  async function world(): Promise<CommandRuntime> {
    return (await accessWorld(database().db)).runtime;
  }

  it('posts, revises and withdraws a signal with reasons; replay rebuilds the same tables', async () => {
    const runtime = await world();
    const id = await postLine(
      runtime,
      shellLine('FRA', { nsn: '1320-12-100-0121', family: null, platform: 'CAESAR' }),
    );
    expect(await findSignal(runtime.db, id)).toMatchObject({
      nation: 'FRA',
      family: '155mm projectile',
      nsn: '1320-12-100-0121',
      quantity: 1000n,
      state: 'open',
      revision: 1,
    });

    const { nation: _n, reference: _r, ...terms } = shellLine('FRA', { quantity: 1500n });
    await runCommand(runtime, 'user:rep', (scope) =>
      reviseSignal(scope, new SignalFacts(scope.trx), id, terms, 'the plan grew'),
    );
    expect(await findSignal(runtime.db, id)).toMatchObject({
      quantity: 1500n,
      nsn: null,
      revision: 2,
    });

    await runCommand(runtime, 'user:rep', (scope) =>
      withdrawSignal(scope, id, 'covered by stocks'),
    );
    await runCommand(runtime, 'user:rep', (scope) => setSharing(scope, 'FRA', true));
    expect(await findSignal(runtime.db, id)).toMatchObject({ state: 'withdrawn' });
    expect(await sharingNations(runtime.db)).toEqual(new Set(['FRA']));

    const before = await projectionRows(runtime.db, demandProjector.tables);
    await replay(runtime.db, projectors);
    expect(await projectionRows(runtime.db, demandProjector.tables)).toEqual(before);
  });

  it('refuses what the catalogue or the signal state rules out, appending nothing', async () => {
    const runtime = await world();
    const start = await seq(runtime.db);
    const unknownItem = await refusal(
      postLine(runtime, shellLine('FRA', { nsn: '1320-12-999-9999' })),
    );
    expect(unknownItem.errors).toContainEqual({ path: 'nsn', message: 'is not in the catalogue' });
    const wrongPlatform = await refusal(
      postLine(runtime, shellLine('FRA', { platform: 'LEO2-L55' })),
    );
    expect(wrongPlatform.errors).toEqual([
      { path: 'platform', message: 'fires 120mm tank round, not 155mm projectile' },
    ]);
    const donation = await refusal(postLine(runtime, shellLine('FRA', { purpose: 'donate' })));
    expect(donation.errors).toEqual([
      { path: 'recipient', message: 'a donation names the nation it goes to' },
    ]);
    expect(await seq(runtime.db)).toBe(start);

    const id = await postLine(runtime, shellLine('DEU', { reference: 'DEU-7' }));
    const twice = await refusal(postLine(runtime, shellLine('DEU', { reference: 'DEU-7' })));
    expect(twice.code).toBe('ALREADY_EXISTS');
    await runCommand(runtime, 'user:rep', (scope) => withdrawSignal(scope, id, 'no longer needed'));
    const after = await seq(runtime.db);
    const again = await refusal(
      runCommand(runtime, 'user:rep', (scope) => withdrawSignal(scope, id, 'twice')),
    );
    expect(again.code).toBe('INVALID_TRANSITION');
    expect(await seq(runtime.db)).toBe(after);
  });

  it('lists a nation its own signals, a page at a time', async () => {
    const runtime = await world();
    for (const nation of ['FRA', 'DEU', 'FRA']) await postLine(runtime, shellLine(nation));
    const french = await listSignals(runtime.db, { nation: 'FRA' }, { limit: 1 });
    expect(french).toHaveLength(1);
    const rest = await listSignals(
      runtime.db,
      { nation: 'FRA' },
      { after: french[0]?.id as string, limit: 10 },
    );
    expect(rest.map((s) => s.nation)).toEqual(['FRA']);
    expect(await listSignals(runtime.db, { state: 'open' }, { limit: 10 })).toHaveLength(3);
  });
});
