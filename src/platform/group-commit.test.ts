import { expect, it } from 'vitest';
import { describeEachDialect } from '../testing/dialects.ts';
import { systemClock } from './clock.ts';
import { type CommandRuntime, type CommandScope, runCommand } from './command.ts';
import { DomainError } from './errors.ts';
import { newId } from './ids.ts';
import { readEventsAfter, streamVersion } from './ledger/store.ts';
import { verifyLedger } from './ledger/verify.ts';

const STREAM = 'lane:test';

/** Appends one event to the lane's stream at the version the command reads. */
async function note(scope: CommandScope, text: string): Promise<string> {
  await scope.record(STREAM, await streamVersion(scope.trx, STREAM), [
    { id: newId(), type: 'Noted', payload: { text } },
  ]);
  return text;
}

/** Appends at version 0, as a command that read the stream before anything was appended. */
const stale = (scope: CommandScope) =>
  scope.record(STREAM, 0n, [{ id: newId(), type: 'Noted', payload: { text: 'stale' } }]);

describeEachDialect('group commit', (database) => {
  const runtimeOf = (): CommandRuntime => ({
    db: database().db,
    clock: systemClock,
    projectors: [],
  });

  it('commits a lane’s commands in order, leaving out those refused', async () => {
    const runtime = runtimeOf();
    const lane = { lane: 'test' };
    const placed = Array.from({ length: 12 }, (_, i) =>
      runCommand(
        runtime,
        'user:test',
        async (scope) => {
          // Refused on what it read, before recording: left out of its group.
          if (i === 3) throw new DomainError('CAPACITY_EXCEEDED', 'no capacity left');
          const text = await note(scope, `call-off ${i}`);
          // Refused after recording: its events and its claim on the stream must both go.
          if (i === 5) throw new DomainError('CEILING_EXCEEDED', 'no room left');
          return text;
        },
        lane,
      ),
    );
    const outcomes = await Promise.allSettled(placed);
    const refused = (i: number) => i === 3 || i === 5;
    expect(outcomes.map((o) => o.status)).toEqual(
      Array.from({ length: 12 }, (_, i) => (refused(i) ? 'rejected' : 'fulfilled')),
    );
    expect(outcomes[3]).toMatchObject({ reason: { code: 'CAPACITY_EXCEEDED' } });
    expect(outcomes[5]).toMatchObject({ reason: { code: 'CEILING_EXCEEDED' } });
    const events = await readEventsAfter(runtime.db, 0n, 100);
    expect(events.map((e) => [e.version, e.payload.text])).toEqual(
      Array.from({ length: 12 }, (_, i) => i)
        .filter((i) => !refused(i))
        .map((i, index) => [BigInt(index + 1), `call-off ${i}`]),
    );
    expect(await streamVersion(runtime.db, STREAM)).toBe(10n);
    expect(await verifyLedger(runtime.db)).toMatchObject({ ok: true, events: 10n });
  });

  it('runs a command that lost a race again alone, with the usual retries', async () => {
    const runtime = runtimeOf();
    await runCommand(runtime, 'user:test', (scope) => note(scope, 'first'));
    const outcomes = await Promise.allSettled([
      runCommand(runtime, 'user:test', (scope) => note(scope, 'second'), { lane: 'x' }),
      runCommand(runtime, 'user:test', stale, { lane: 'x' }),
      runCommand(runtime, 'user:test', (scope) => note(scope, 'third'), { lane: 'x' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({ reason: { code: 'STREAM_VERSION_CONFLICT' } });
    const events = await readEventsAfter(runtime.db, 0n, 100);
    expect(events.map((e) => e.payload.text)).toEqual(['first', 'second', 'third']);
    expect(await verifyLedger(runtime.db)).toMatchObject({ ok: true, events: 3n });
  });

  it('refuses a group as it chains when a stream is not where its claims found it', async () => {
    const runtime = runtimeOf();
    await runCommand(runtime, 'user:test', (scope) => note(scope, 'first'));
    const outcomes = await Promise.allSettled([
      runCommand(runtime, 'user:test', (scope) => note(scope, 'second'), { lane: 'x' }),
      // These two form a group: the stale claim is the only one, so only the chaining can see it.
      runCommand(runtime, 'user:test', stale, { lane: 'x' }),
      runCommand(
        runtime,
        'user:test',
        async () => {
          throw new DomainError('CAPACITY_EXCEEDED', 'no capacity left');
        },
        { lane: 'x' },
      ),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(outcomes[1]).toMatchObject({ reason: { code: 'STREAM_VERSION_CONFLICT' } });
    expect(outcomes[2]).toMatchObject({ reason: { code: 'CAPACITY_EXCEEDED' } });
    const events = await readEventsAfter(runtime.db, 0n, 100);
    expect(events.map((e) => e.payload.text)).toEqual(['first', 'second']);
    expect(await verifyLedger(runtime.db)).toMatchObject({ ok: true, events: 2n });
  });
});
