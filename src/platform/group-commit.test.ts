import { expect, it } from 'vitest';
import { describeEachDialect } from '../testing/dialects.ts';
import { systemClock } from './clock.ts';
import {
  type CommandRuntime,
  type CommandScope,
  type Grouping,
  runCommand,
  runGrouped,
} from './command.ts';
import type { Trx } from './db/database.ts';
import { DomainError } from './errors.ts';
import { newId } from './ids.ts';
import type { ProjectedEvent } from './ledger/model.ts';
import { readEventsAfter, streamVersion } from './ledger/store.ts';
import { verifyLedger } from './ledger/verify.ts';

const STREAM = 'lane:test';

/** What a test command asks: a note to append, or a way to end. */
interface Note {
  text: string;
  ends?: 'refused' | 'set aside' | 'spoils the group' | 'stale';
}

const noted = (text: string) => [{ id: newId(), type: 'Noted', payload: { text } }];

function refusal(note: Note): DomainError | undefined {
  return note.ends === 'refused'
    ? new DomainError('CAPACITY_EXCEEDED', `no capacity left for ${note.text}`)
    : undefined;
}

/** Appends each note to one stream: alone at the version it reads, in a group at the group's. */
const notes: Grouping<Note, string> = {
  laneOf: () => 'test',
  memory: () => undefined,
  forget: () => undefined,
  async alone(scope: CommandScope, note: Note) {
    const refused = refusal(note);
    if (refused !== undefined) throw refused;
    const version = note.ends === 'stale' ? 0n : await streamVersion(scope.trx, STREAM);
    await scope.record(STREAM, version, noted(note.text));
    return note.text;
  },
  async together(scope, commands) {
    if (commands.some((c) => c.input.ends === 'spoils the group')) throw new Error('spoilt');
    const found = await streamVersion(scope.trx, STREAM);
    return commands.map(({ actor, input }) => {
      const refused = refusal(input);
      if (refused !== undefined) return { refused };
      if (input.ends === 'set aside') return { alone: true };
      scope.record(actor, STREAM, input.ends === 'stale' ? 0n : found, noted(input.text));
      return { value: input.text };
    });
  },
};

describeEachDialect('group commit', (database) => {
  /** A runtime whose one projector keeps each batch of events it is given. */
  const runtimeOf = () => {
    const batches: string[][] = [];
    const runtime: CommandRuntime = {
      db: database().db,
      clock: systemClock,
      projectors: [
        {
          name: 'notes',
          tables: [],
          async project(_trx: Trx, events: readonly ProjectedEvent[]) {
            batches.push(events.map((e) => String(e.payload.text)));
          },
        },
      ],
    };
    return { runtime, batches };
  };

  const texts = async (runtime: CommandRuntime) =>
    (await readEventsAfter(runtime.db, 0n, 100)).map((e) => e.payload.text);

  it('commits a busy lane in one group, projected in one pass, leaving out the refused', async () => {
    const { runtime, batches } = runtimeOf();
    const asked: Note[] = Array.from({ length: 12 }, (_, i) => ({
      text: `call-off ${i}`,
      ...(i === 3 ? { ends: 'refused' as const } : {}),
      ...(i === 5 ? { ends: 'set aside' as const } : {}),
    }));
    const outcomes = await Promise.allSettled(
      asked.map((note) => runGrouped(runtime, 'user:test', note, notes)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(
      asked.map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')),
    );
    expect(outcomes[3]).toMatchObject({ reason: { code: 'CAPACITY_EXCEEDED' } });
    // The first came as a group of its own, the lane being quiet; the rest came as one group; the
    // one set aside ran alone after it.
    const group = asked.slice(1).filter((_, i) => i !== 2 && i !== 4);
    expect(batches).toEqual([['call-off 0'], group.map((n) => n.text), ['call-off 5']]);
    expect(await texts(runtime)).toEqual(['call-off 0', ...group.map((n) => n.text), 'call-off 5']);
    const events = await readEventsAfter(runtime.db, 0n, 100);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => BigInt(i + 1)));
    expect(await verifyLedger(runtime.db)).toMatchObject({ ok: true, events: 11n });
  });

  it('runs a spoilt group’s commands again alone, in order', async () => {
    const { runtime, batches } = runtimeOf();
    const outcomes = await Promise.allSettled([
      runGrouped(runtime, 'user:test', { text: 'first' }, notes),
      runGrouped(runtime, 'user:test', { text: 'second' }, notes),
      runGrouped(runtime, 'user:test', { text: 'third', ends: 'spoils the group' }, notes),
      runGrouped(runtime, 'user:test', { text: 'fourth', ends: 'refused' }, notes),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    expect(batches).toEqual([['first'], ['second'], ['third']]);
    expect(await texts(runtime)).toEqual(['first', 'second', 'third']);
    expect(await verifyLedger(runtime.db)).toMatchObject({ ok: true, events: 3n });
  });

  it('refuses a group as it chains when a stream is not where its claims found it', async () => {
    const { runtime } = runtimeOf();
    await runCommand(runtime, 'user:test', (scope) => notes.alone(scope, { text: 'first' }));
    const outcomes = await Promise.allSettled([
      runGrouped(runtime, 'user:test', { text: 'second' }, notes),
      // These two form a group whose only claim is stale: only the chaining can see it. Alone
      // again, the stale one loses its race every time and is refused as a conflict.
      runGrouped(runtime, 'user:test', { text: 'stale', ends: 'stale' }, notes),
      runGrouped(runtime, 'user:test', { text: 'third', ends: 'refused' }, notes),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(outcomes[1]).toMatchObject({ reason: { code: 'STREAM_VERSION_CONFLICT' } });
    expect(outcomes[2]).toMatchObject({ reason: { code: 'CAPACITY_EXCEEDED' } });
    expect(await texts(runtime)).toEqual(['first', 'second']);
    expect(await verifyLedger(runtime.db)).toMatchObject({ ok: true, events: 2n });
  });
});
