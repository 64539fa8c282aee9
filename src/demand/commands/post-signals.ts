import type { CommandScope } from '../../platform/command.ts';
import { DomainError, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { NewEvent } from '../../platform/ledger/model.ts';
import { type SignalTerms, termsProblems } from '../model/signal.ts';
import type { DraftSignal } from '../model/signal-record.ts';
import { importKeyOf } from '../model/signal-record.ts';
import { knownImportKeys } from '../store.ts';
import { event, signalStream, termsPayload } from './events.ts';
import type { SignalFacts } from './facts.ts';

/** A line ready to post: whose it is, its reference, and its terms checked against the catalogue. */
export interface Line {
  nation: string;
  reference: string | null;
  terms: SignalTerms;
}

/**
 * Posts lines in one command, one new stream each. A line whose import key the nation has used
 * already (the same reference, or the same content) is left alone, as is the second of two alike
 * in one batch, so that importing a file again appends nothing. Returns what happened to each.
 */
export async function postLines(
  scope: CommandScope,
  lines: readonly Line[],
): Promise<('posted' | 'unchanged')[]> {
  const keyed = lines.map((line) => ({
    line,
    nation: line.nation,
    importKey: importKeyOf(line.nation, line.reference, line.terms),
  }));
  const known = await knownImportKeys(scope.trx, keyed);
  const streams: { stream: string; expectedVersion: bigint; events: NewEvent[] }[] = [];
  const outcomes = keyed.map(({ line, importKey }) => {
    const key = `${line.nation} ${importKey}`;
    if (known.has(key)) return 'unchanged' as const;
    known.add(key);
    const id = newId();
    streams.push({
      stream: signalStream(id),
      expectedVersion: 0n,
      events: [
        event('SignalPosted', {
          signal: id,
          nation: line.nation,
          reference: line.reference,
          importKey,
          terms: termsPayload(line.terms),
        }),
      ],
    });
    return 'posted' as const;
  });
  if (streams.length > 0) await scope.recordStreams(streams);
  return outcomes;
}

/** The problems of a draft as field paths of the API, refused as VALIDATION_FAILED. */
export function refuse(problems: readonly { field: string; message: string }[]): never {
  const errors: FieldProblem[] = problems.map((p) => ({ path: p.field, message: p.message }));
  throw new DomainError(
    'VALIDATION_FAILED',
    errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
  );
}

/**
 * Posts one signal as a nation's representative enters it. Its reference, when it gives one,
 * must be new for the nation (ALREADY_EXISTS); without one, every posting is a line of its own.
 */
export async function postSignal(
  scope: CommandScope,
  facts: SignalFacts,
  draft: DraftSignal,
): Promise<string> {
  const resolved = await facts.resolve(draft);
  if (Array.isArray(resolved)) refuse(resolved);
  const problems = termsProblems(resolved, draft.nation);
  if (problems.length > 0) refuse(problems);
  const id = newId();
  const importKey =
    draft.reference === null ? `id:${id}` : importKeyOf(draft.nation, draft.reference, resolved);
  const known = await knownImportKeys(scope.trx, [{ nation: draft.nation, importKey }]);
  if (known.size > 0)
    throw new DomainError(
      'ALREADY_EXISTS',
      `${draft.nation} has a signal with the reference ${draft.reference} already.`,
    );
  await scope.record(signalStream(id), 0n, [
    event('SignalPosted', {
      signal: id,
      nation: draft.nation,
      reference: draft.reference,
      importKey,
      terms: termsPayload(resolved),
    }),
  ]);
  return id;
}
