import { findItem } from '../../catalogue/queries.ts';
import { findParty } from '../../parties/queries.ts';
import type { CommandScope } from '../../platform/command.ts';
import type { Executor } from '../../platform/db/database.ts';
import { DomainError, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { streamVersion } from '../../platform/ledger/store.ts';
import type { ProductionLine } from '../production-line.ts';
import { findLine, linesOfPairs } from '../store.ts';
import { event, lineStream } from './events.ts';

/** A supplier's capacity for an item, as entered or imported. */
export interface Capacity {
  supplier: string;
  nsn: string;
  monthlyCapacity: bigint;
  /** `YYYY-MM`: the first month the line produces. */
  from: string;
}

/** What is wrong with a capacity's supplier and item, by field, none when both are known. */
export async function capacityProblems(
  db: Executor,
  capacity: Pick<Capacity, 'supplier' | 'nsn'>,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const party = await findParty(db, capacity.supplier);
  if (party?.kind !== 'supplier')
    problems.push({ path: 'supplier', message: `${capacity.supplier} is not a known supplier` });
  if ((await findItem(db, capacity.nsn)) === undefined)
    problems.push({ path: 'nsn', message: `${capacity.nsn} is not in the catalogue` });
  return problems;
}

function refuse(problems: readonly FieldProblem[]): never {
  throw new DomainError(
    'VALIDATION_FAILED',
    problems.map((p) => `${p.path}: ${p.message}`).join('; '),
    problems,
  );
}

/** The event of a new line with a capacity. */
const added = (id: string, capacity: Capacity) =>
  event('ProductionLineAdded', {
    line: id,
    supplier: capacity.supplier,
    nsn: capacity.nsn,
    monthlyCapacity: capacity.monthlyCapacity.toString(),
    from: capacity.from,
  });

/** Adds a supplier's production line of an item; a second line of the same pair is refused. */
export async function addLine(scope: CommandScope, capacity: Capacity): Promise<string> {
  const problems = await capacityProblems(scope.trx, capacity);
  if (problems.length > 0) refuse(problems);
  const known = await linesOfPairs(scope.trx, [capacity]);
  const existing = known.get(`${capacity.supplier} ${capacity.nsn}`);
  if (existing !== undefined)
    throw new DomainError(
      'ALREADY_EXISTS',
      `${capacity.supplier} has a production line of ${capacity.nsn} already (${existing.id}).`,
    );
  const id = newId();
  await scope.record(lineStream(id), 0n, [added(id, capacity)]);
  return id;
}

/**
 * Records capacities in one command: a pair without a line gets one, a line whose capacity or
 * start month differ is revised, and one already as given is left alone, so that the same file
 * imported again appends nothing. Returns what happened to each.
 */
export async function recordCapacities(
  scope: CommandScope,
  capacities: readonly Capacity[],
): Promise<('added' | 'revised' | 'unchanged')[]> {
  const known = await linesOfPairs(scope.trx, capacities);
  const seen = new Map<string, Capacity>();
  const streams: { stream: string; expectedVersion: bigint; events: ReturnType<typeof event>[] }[] =
    [];
  const outcomes: ('added' | 'revised' | 'unchanged')[] = [];
  for (const capacity of capacities) {
    const key = `${capacity.supplier} ${capacity.nsn}`;
    const line = known.get(key);
    const earlier = seen.get(key);
    seen.set(key, capacity);
    const current = earlier ?? line;
    if (
      current !== undefined &&
      current.monthlyCapacity === capacity.monthlyCapacity &&
      current.from === capacity.from
    ) {
      outcomes.push('unchanged');
      continue;
    }
    if (line === undefined && earlier === undefined) {
      const id = newId();
      known.set(key, { ...capacity, id, rampUps: [] });
      streams.push({
        stream: lineStream(id),
        expectedVersion: 0n,
        events: [added(id, capacity)],
      });
      outcomes.push('added');
      continue;
    }
    const id = (known.get(key) as ProductionLine).id;
    const revision = event('ProductionLineRevised', {
      line: id,
      monthlyCapacity: capacity.monthlyCapacity.toString(),
      from: capacity.from,
    });
    const pending = streams.find((s) => s.stream === lineStream(id));
    if (pending !== undefined) pending.events.push(revision);
    else
      streams.push({
        stream: lineStream(id),
        expectedVersion: await streamVersion(scope.trx, lineStream(id)),
        events: [revision],
      });
    outcomes.push('revised');
  }
  if (streams.length > 0) await scope.recordStreams(streams);
  return outcomes;
}

/** A decided investment in a line, as entered. */
export interface RampUpInput {
  addedPerMonth: bigint;
  decidedIn: string;
  leadMonths: number;
  note: string;
}

/** Records a ramp-up of a line: more capacity from its lead time after the decision month. */
export async function decideRampUp(
  scope: CommandScope,
  lineId: string,
  input: RampUpInput,
): Promise<string> {
  const line = await findLine(scope.trx, lineId);
  if (line === undefined) throw new DomainError('NOT_FOUND', `No production line ${lineId}.`);
  const id = newId();
  await scope.record(lineStream(lineId), await streamVersion(scope.trx, lineStream(lineId)), [
    event('RampUpDecided', {
      line: lineId,
      rampUp: id,
      addedPerMonth: input.addedPerMonth.toString(),
      decidedIn: input.decidedIn,
      leadMonths: input.leadMonths,
      note: input.note,
    }),
  ]);
  return id;
}
