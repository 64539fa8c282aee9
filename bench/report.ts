import { writeFile } from 'node:fs/promises';
import type { Dialect } from '../src/platform/db/database.ts';
import { VERIFY_BATCH_SIZE, VERIFY_CONNECTIONS } from '../src/platform/ledger/verify.ts';
import type { AppendRate, AppendWindow } from './ledger-append.ts';
import type { VerifyRate } from './ledger-verify.ts';
import type { Machine } from './machine.ts';
import type { PgbenchRate } from './pgbench.ts';
import type { VerifyBreakdown } from './verify-breakdown.ts';

/** What verification of a PostgreSQL ledger must reach, in events per second. */
const VERIFY_GOAL = 200_000;

/** Everything one run measured, as BENCHMARKS.md presents it. */
export interface BenchResults {
  startedAt: Date;
  seconds: number;
  machine: Machine;
  loadAverage: number;
  window: AppendWindow;
  payloadBytes: number;
  append: { dialect: Dialect; rate: AppendRate }[];
  pgbench: PgbenchRate[];
  verify: { dialect: Dialect; rate: VerifyRate }[];
  breakdown: VerifyBreakdown;
}

const DATABASE: Record<Dialect, string> = { postgres: 'PostgreSQL', pglite: 'PGlite' };

/** A count as people read it: rounded, with thousands separators. */
export function whole(n: number | bigint): string {
  return Math.round(Number(n)).toLocaleString('en');
}

const oneDecimal = (n: number) => n.toFixed(1);
const twoDecimals = (n: number) => n.toFixed(2);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function machineSection(r: BenchResults): string {
  const m = r.machine;
  return `## Machine

${table(
  ['', ''],
  [
    ['CPU', m.cpu],
    ['Cores', String(m.cores)],
    ['Memory', `${m.memoryGiB} GiB`],
    ['OS', m.os],
    ['Node.js', m.node],
    ['PostgreSQL', `${m.postgres}, a throwaway cluster on 127.0.0.1 with fsync on`],
    ['PGlite', `PostgreSQL ${m.pglite} in WASM, in-process, data dir on disk in a temp folder`],
    ['Load average when the run started', twoDecimals(r.loadAverage)],
  ],
)}

The machine is not reserved for benchmarks: other work running beside them lowers every
figure, and by more when the load average above approaches the number of cores.`;
}

function appendSection(r: BenchResults): string {
  const rows = r.append.map(({ dialect, rate }) => [
    DATABASE[dialect],
    String(rate.writers),
    whole(rate.events),
    oneDecimal(rate.seconds),
    whole(rate.eventsPerSecond),
  ]);
  return `## 1. Ledger append rate

A writer runs one transaction after another, each calling \`append\` with one call-off event (a
JSON payload of ${whole(r.payloadBytes)} bytes, money as strings of digits). Each writer appends to a stream of
its own, so none conflicts with another: what they share is the head lock, taken last in every
transaction. On PostgreSQL every writer has its own connection; on PGlite all writers share the
one in-process database, which runs one transaction at a time. ${r.window.warmupMs / 1000} s of
warm-up, then ${r.window.measureMs / 1000} s counted. The head lock is held until commit, so
appends commit one at a time, each after its own WAL flush: more writers overlap only the work
done before the lock.

Goal: none set. Read it against pgbench on the same cluster (figure 2).

${table(['Database', 'Writers', 'Events', 'Seconds', 'Events/s'], rows)}`;
}

function pgbenchSection(r: BenchResults): string {
  const rows = r.pgbench.map((p) => [
    String(p.clients),
    String(p.threads),
    String(p.seconds),
    whole(p.tps),
  ]);
  const ratios = r.pgbench.flatMap((p) => {
    const ledger = r.append.find((a) => a.dialect === 'postgres' && a.rate.writers === p.clients);
    if (ledger === undefined) return [];
    const percent = Math.round((ledger.rate.eventsPerSecond / p.tps) * 100);
    return [
      `- ${p.clients} ${p.clients === 1 ? 'writer' : 'writers'}: the ledger appends ${whole(ledger.rate.eventsPerSecond)} events/s, ${percent}% of pgbench's ${whole(p.tps)} tps.`,
    ];
  });
  return `## 2. The peer: pgbench on the same cluster

\`pgbench -N\` (TPC-B-like "simple update": one UPDATE, one SELECT and one INSERT per
transaction, without the updates of tellers and branches), scale 1, in a database of its own on
the same cluster, measured in the same run.

Goal: none; it is the yardstick for figure 1.

${table(['Clients', 'Threads', 'Seconds', 'tps'], rows)}

${ratios.join('\n')}`;
}

function verifyVerdict(r: BenchResults): string {
  const postgres = r.verify.find((v) => v.dialect === 'postgres');
  if (postgres === undefined) return '';
  const rate = postgres.rate.eventsPerSecond;
  const oneCore = 1e6 / r.breakdown.wholeMicros;
  const verdict =
    rate >= VERIFY_GOAL
      ? `**Met** on PostgreSQL: ${whole(rate)} events/s.`
      : `**Not met** on PostgreSQL: ${whole(rate)} events/s against ${whole(VERIFY_GOAL)}.`;
  return `${verdict} The goal leaves ${twoDecimals(1e6 / VERIFY_GOAL)} µs per event. On one connection the whole
check takes ${twoDecimals(r.breakdown.wholeMicros)} µs per event (${whole(oneCore)} events/s, below); the figure above
spreads the rows over ${VERIFY_CONNECTIONS} connections, one server process each, so it depends on how many cores are free.`;
}

function verifySection(r: BenchResults): string {
  const rows = r.verify.map(({ dialect, rate }) => {
    const goal = dialect === 'postgres' ? `≥ ${whole(VERIFY_GOAL)}` : 'none (reported only)';
    const met = dialect === 'postgres' ? (rate.eventsPerSecond >= VERIFY_GOAL ? 'yes' : 'no') : '—';
    return [
      DATABASE[dialect],
      whole(rate.events),
      oneDecimal(rate.seconds),
      whole(rate.eventsPerSecond),
      goal,
      met,
    ];
  });
  const b = r.breakdown;
  const steps = [
    ['Read the rows in seq order', b.readMicros],
    ['… and sha256 over prev_hash and the stored canonical JSON', b.hashMicros],
    ["… and compare the row's other columns with that JSON", b.fieldsMicros],
    ['The whole check (`checkBatch`: all of it, and the links between rows)', b.wholeMicros],
  ] as const;
  return `## 3. \`qm ledger verify\`

\`verifyLedger\`, which \`qm ledger verify\` runs, recomputing the whole chain in one
repeatable-read snapshot. Each row keeps the exact canonical JSON its hash covers, and its payload
is generated from that text by PostgreSQL (docs/decisions/0004), so the check runs in SQL, one
statement per ${whole(VERIFY_BATCH_SIZE)} rows: each row's hash against sha256 of its prev_hash and its
canonical JSON, its other columns against that JSON, its seq and prev_hash against the row before.
On PostgreSQL the rows are split over ${VERIFY_CONNECTIONS} connections that import one exported
snapshot, as \`qm ledger verify\` does; PGlite has one connection. The ledger is filled first
with chained call-off events (written in bulk, COPY on PostgreSQL and multi-row INSERTs on PGlite; the events
appended in figure 1 come first), then vacuumed (and on PostgreSQL checkpointed) as an older
ledger would be; the filled chain must verify.

Goal: ≥ ${whole(VERIFY_GOAL)} events/s on PostgreSQL over 1,000,000 events.

${table(['Database', 'Events', 'Seconds', 'Events/s', 'Goal (events/s)', 'Met'], rows)}

${verifyVerdict(r)}

### Where the time goes

Each statement timed on its own over the first ${whole(b.events)} events on PostgreSQL, on one
connection with PostgreSQL's parallel workers off (one core), after the run above. Each line does
the work of the line before it and more.

${table(
  ['Statement', 'µs per event'],
  steps.map(([step, micros]) => [step, twoDecimals(micros)]),
)}`;
}

// The machine, then a table per figure with its goal.
function renderReport(r: BenchResults): string {
  return `# Benchmarks

Measured on ${r.startedAt.toISOString().slice(0, 10)} by \`npm run bench\` (\`bench/run.ts\`),
which rewrites this file; the run took ${whole(r.seconds)} s. Compare figures only with figures
from the same run and machine.

${machineSection(r)}

${appendSection(r)}

${pgbenchSection(r)}

${verifySection(r)}
`;
}

/** Writes BENCHMARKS.md at the root of the repository. */
export async function writeReport(results: BenchResults): Promise<string> {
  const path = new URL('../BENCHMARKS.md', import.meta.url);
  await writeFile(path, renderReport(results));
  return path.pathname;
}
