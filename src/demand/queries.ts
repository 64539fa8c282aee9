import type { Executor } from '../platform/db/database.ts';
import type { Signal } from './model/signal.ts';
import { type SignalFilter, signalsAfter } from './store.ts';

export type { SignalFilter } from './store.ts';
export { findSignal, nationOfSignal, sharingNations } from './store.ts';

/** A page of signals in id order, after `after` (the last id of the page before). */
export function listSignals(
  db: Executor,
  filter: SignalFilter,
  page: { after?: string; limit: number },
): Promise<Signal[]> {
  return signalsAfter(db, filter, page.after ?? '00000000-0000-0000-0000-000000000000', page.limit);
}

/** Every signal a filter selects, read a page at a time so that memory stays flat. */
export async function* everySignal(db: Executor, filter: SignalFilter): AsyncGenerator<Signal> {
  let after: string | undefined;
  for (;;) {
    const page = await listSignals(db, filter, {
      ...(after === undefined ? {} : { after }),
      limit: 1000,
    });
    yield* page;
    const last = page.at(-1);
    if (last === undefined || page.length < 1000) return;
    after = last.id;
  }
}

export { proposedLots } from './lots.ts';
