import type { Dialect } from '../src/platform/db/database.ts';
import { VERIFY_BATCH_SIZE, VERIFY_CONNECTIONS } from '../src/platform/ledger/verify.ts';
import type { CallOffRate } from './call-offs.ts';
import type { InProcessCallOffRate } from './call-offs-in-process.ts';
import type { CatalogueFigures } from './catalogue.ts';
import type { DemandImportRate } from './demand-import.ts';
import type { AppendRate, AppendWindow } from './ledger-append.ts';
import type { VerifyRate } from './ledger-verify.ts';
import { table, whole } from './markdown.ts';
import type { PgbenchRate } from './pgbench.ts';
import type { PlannerFigures } from './planner.ts';
import { plannerSection } from './planner-report.ts';
import { type Run, runHeader } from './run-header.ts';
import type { VerifyBreakdown } from './verify-breakdown.ts';

/** What verification of a PostgreSQL ledger must reach, in events per second. */
const VERIFY_GOAL = 200_000;
/** The catalogue's goals on PostgreSQL: a million items imported, then read. */
const IMPORT_GOAL = { items: 1_000_000, seconds: 60 };
const LOOKUP_P50_GOAL_MS = 1;
const SEARCH_P95_GOAL_MS = 50;

/** Everything one run of the stores' benchmarks measured, as BENCHMARKS.md presents it. */
export interface StoreResults extends Run {
  window: AppendWindow;
  payloadBytes: number;
  append: { dialect: Dialect; rate: AppendRate }[];
  pgbench: PgbenchRate[];
  verify: { dialect: Dialect; rate: VerifyRate }[];
  breakdown: VerifyBreakdown;
  catalogue: CatalogueFigures[];
  callOffs: CallOffRate[];
  callOffsInProcess: InProcessCallOffRate;
  demandImport: DemandImportRate[];
}

/** One run of the planner's benchmark. */
export interface PlannerResults extends Run {
  planner: PlannerFigures;
}

const DATABASE: Record<Dialect, string> = { postgres: 'PostgreSQL', pglite: 'PGlite' };

const oneDecimal = (n: number) => n.toFixed(1);
const twoDecimals = (n: number) => n.toFixed(2);

function appendSection(r: StoreResults): string {
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

function pgbenchSection(r: StoreResults): string {
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

Goal: none; it is the yardstick for figures 1 and 6.

${table(['Clients', 'Threads', 'Seconds', 'tps'], rows)}

${ratios.join('\n')}`;
}

function verifyVerdict(r: StoreResults): string {
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

function verifySection(r: StoreResults): string {
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

const met = (ok: boolean) => (ok ? 'yes' : 'no');

function importVerdict(r: StoreResults): string {
  const postgres = r.catalogue.find((c) => c.dialect === 'postgres')?.import;
  if (postgres === undefined) return '';
  if (postgres.items >= IMPORT_GOAL.items && postgres.seconds <= IMPORT_GOAL.seconds) {
    return `**Met** on PostgreSQL: ${whole(postgres.items)} items in ${oneDecimal(postgres.seconds)} s.`;
  }
  const microsPerItem = (seconds: number) => twoDecimals((seconds * 1e6) / postgres.items);
  return `**Not met** on PostgreSQL: ${oneDecimal(postgres.seconds)} s against ${IMPORT_GOAL.seconds} s.
The goal leaves ${microsPerItem(IMPORT_GOAL.seconds)} µs per item. The \`qm\` process alone spent
${oneDecimal(postgres.cpuSeconds)} s on the CPU (${microsPerItem(postgres.cpuSeconds)} µs per item): reading and checking the file
twice, deciding each row and the canonical JSON of the events; PostgreSQL, on the same two cores,
wrote each catalogue row with its four indexes (one of them the full-text GIN index), parsed the
events' text into their jsonb payloads and flushed every batch's WAL at commit. The first pass
over the file runs before anything may be written, so the database waits for it; untried here:
one parse of the file instead of two, and COPY instead of a JSON parameter.`;
}

function catalogueImportSection(r: StoreResults): string {
  const rows = r.catalogue.map(({ dialect, import: i }) => [
    DATABASE[dialect],
    whole(i.items),
    oneDecimal(i.seconds),
    whole(i.itemsPerSecond),
    whole(i.peakRssMiB),
    oneDecimal(i.cpuSeconds),
    dialect === 'postgres' ? `≤ ${IMPORT_GOAL.seconds} s` : 'none (reported only)',
    dialect === 'postgres'
      ? met(i.items >= IMPORT_GOAL.items && i.seconds <= IMPORT_GOAL.seconds)
      : '—',
  ]);
  return `## 4. \`qm catalogue import\`

\`qm catalogue import FILE\` run as a process of its own (\`node bin/qm.js\`) over a CSV file of
generated items (12 families, names of a kind, family, model and lot; every twentieth item
restricted), into an empty, migrated catalogue. The import reads the file twice (every row
checked first, nothing written if one is bad), then registers 2,000 rows per command: one
transaction that decides each row against the catalogue, writes the catalogue rows in one
statement (the rows as one JSON parameter) and appends the rows that changed to the ledger as
events of a hundred items each, in one append; two batches are written at once (on
PostgreSQL, by two connections) while the next is read. Seconds are from start to exit of the
process; peak RSS and CPU seconds are that process's own (\`process.resourceUsage()\`). The peak
is mostly the garbage collector's headroom: the batches already written are garbage that V8 lets
build up to a few hundred MiB before a full collection, which brings the heap back to about
100–200 MiB however long the file (sampled once a second over a 1,000,000-item import).

Goal: ${whole(IMPORT_GOAL.items)} items in ≤ ${IMPORT_GOAL.seconds} s on PostgreSQL, memory flat.

${table(['Database', 'Items', 'Seconds', 'Items/s', 'Peak RSS (MiB)', 'CPU seconds of qm', 'Goal', 'Met'], rows)}

${importVerdict(r)}`;
}

function catalogueReadsSection(r: StoreResults): string {
  const rows = r.catalogue.map(({ dialect, import: i, lookup, search }) => [
    DATABASE[dialect],
    whole(i.items),
    twoDecimals(lookup.p50),
    twoDecimals(search.p50),
    twoDecimals(search.p95),
    dialect === 'postgres'
      ? `${met(lookup.p50 <= LOOKUP_P50_GOAL_MS)} / ${met(search.p95 <= SEARCH_P95_GOAL_MS)}`
      : '—',
  ]);
  const postgres = r.catalogue.find((c) => c.dialect === 'postgres');
  const misses =
    postgres === undefined
      ? []
      : [
          postgres.lookup.p50 > LOOKUP_P50_GOAL_MS
            ? `**Not met**: NSN lookup p50 ${twoDecimals(postgres.lookup.p50)} ms against ${LOOKUP_P50_GOAL_MS} ms.`
            : '',
          postgres.search.p95 > SEARCH_P95_GOAL_MS
            ? `**Not met**: name search p95 ${twoDecimals(postgres.search.p95)} ms against ${SEARCH_P95_GOAL_MS} ms.`
            : '',
        ].filter(Boolean);
  const first = r.catalogue[0];
  return `## 5. Catalogue reads over the imported items

Right after the import above, on the same database, after \`ANALYZE\` (which autovacuum would
run on a server; PGlite runs no autovacuum): ${whole(first?.lookup.samples ?? 0)} lookups of one item by NSN with
\`findItem\` (what \`GET /catalogue/items/:nsn\` runs), then ${whole(first?.search.samples ?? 0)} searches with
\`searchItems\` (what \`GET /catalogue/items?q=\` runs) for two words of a name as the public asks
(restricted items hidden, 50 results at most), a kind and a model, e.g. \`HE QM1234\`, which
match about twenty items in a million. NSNs and words are spread over the whole catalogue, the
same on both databases; each read is timed from the call to its result in this process, over one
connection.

Goal on PostgreSQL over 1,000,000 items: lookup p50 ≤ ${LOOKUP_P50_GOAL_MS} ms, search p95 ≤ ${SEARCH_P95_GOAL_MS} ms.

${table(['Database', 'Items', 'Lookup p50 (ms)', 'Search p50 (ms)', 'Search p95 (ms)', 'Met (lookup / search)'], rows)}${misses.length > 0 ? `\n\n${misses.join('\n')}` : ''}`;
}

/** Call-off placement must reach half of pgbench's tps at the same number of clients. */
const CALL_OFF_SHARE_OF_PGBENCH = 0.5;

function callOffSection(r: StoreResults): string {
  const peer = r.pgbench.find((p) => p.clients === r.callOffs[0]?.clients);
  const rows = r.callOffs.map((c) => [
    DATABASE[c.dialect],
    String(c.clients),
    oneDecimal(c.seconds),
    whole(c.requests),
    whole(c.requestsPerSecond),
    String(c.p50),
    String(c.p99),
    whole(c.refused),
    c.cpuMsPerCallOff.server.toFixed(2),
    c.cpuMsPerCallOff.database?.toFixed(2) ?? 'in qm serve',
    c.cpuMsPerCallOff.clients.toFixed(2),
  ]);
  const postgres = r.callOffs.find((c) => c.dialect === 'postgres');
  const inProcess = r.callOffsInProcess;
  const withoutHttp = `Without HTTP, on PostgreSQL: the same call-offs, sent straight to the command's lane (as the route sends them) by ${inProcess.clients} concurrent callers in the bench's process, place **${whole(inProcess.callOffsPerSecond)} a second** (${whole(inProcess.callOffs)} in ${oneDecimal(inProcess.seconds)} s), with ${twoDecimals(inProcess.cpuMsPerCallOff.process)} ms of that process's CPU and ${twoDecimals(inProcess.cpuMsPerCallOff.database)} ms of PostgreSQL's per call-off.`;
  const verdict =
    postgres === undefined || peer === undefined
      ? ''
      : (() => {
          const goal = peer.tps * CALL_OFF_SHARE_OF_PGBENCH;
          const share = Math.round((postgres.requestsPerSecond / peer.tps) * 100);
          if (postgres.requestsPerSecond >= goal) {
            return `**Met** on PostgreSQL: ${whole(postgres.requestsPerSecond)} call-offs/s, ${share}% of pgbench's ${whole(peer.tps)} tps with ${peer.clients} clients.`;
          }
          const cpu = postgres.cpuMsPerCallOff;
          const total = cpu.server + (cpu.database ?? 0) + cpu.clients;
          const bound = (r.machine.cores * 1000) / total;
          const boundSays =
            bound < goal
              ? 'below the goal: reaching it needs less CPU per call-off, not only the cores kept busy'
              : 'above the goal: the cores are not kept busy';
          return `**Not met** on PostgreSQL: ${whole(postgres.requestsPerSecond)} call-offs/s is ${share}% of pgbench's ${whole(peer.tps)} tps with ${peer.clients} clients (goal ${whole(goal)}). A call-off is one HTTP request (authentication, its token's holder remembered; validation) and its share of a group's transaction (up to 32 call-offs, placed together, decided on the facts the last group left): one message with BEGIN, the lock of the group's agreements, the projection of its placements, the ledger append and COMMIT. Groups share the agreements' locks and the ledger's head, so they run one after another, and each waits for its answer on the same Node.js event loop as the requests: the lane places ${whole(inProcess.callOffsPerSecond)} a second without them, which the goal asks ${Math.round((goal / inProcess.callOffsPerSecond) * 100)}% of. Over HTTP a call-off costs ${twoDecimals(total)} ms of CPU in all (qm serve ${twoDecimals(cpu.server)}, PostgreSQL ${twoDecimals(cpu.database ?? 0)}, the clients ${twoDecimals(cpu.clients)}): on ${r.machine.cores} cores that bounds the rate at ${whole(bound)} a second with no core ever idle, ${boundSays}. pgbench's transaction is three statements between BEGIN and END, sent by a C client.`;
        })();
  return `## 6. Call-off placement over HTTP

\`POST /agreements/:id/call-offs\` to one \`qm serve\` process (a pool of ${r.callOffs[0]?.clients ?? 0} connections on
PostgreSQL; PGlite in process) from ${r.callOffs[0]?.clients ?? 0} concurrent clients (autocannon, in the bench's process),
each request a call-off of 1 to 100 units by France or Germany on one of 8 active agreements in
turn, signed with a bearer token. Every call-off runs the whole command: the agreement's row lock,
the nation, item, schedule and capacity checks, tier pricing, the ceiling and sub-ceiling checks
(the ceilings are set out of reach, so that every answer is a 201), the projections and the
ledger append. 2 s of warm-up, then 10 s counted; latencies in milliseconds. CPU per call-off
is the CPU time each side used in the counted window (\`/proc\`; on PostgreSQL, the postmaster
and its processes) over the call-offs placed: "clients" is the bench's process driving the load.

Goal: ≥ ${CALL_OFF_SHARE_OF_PGBENCH} × pgbench -N tps on PostgreSQL with the same number of clients (figure 2).

${table(['Database', 'Clients', 'Seconds', 'Call-offs', 'Call-offs/s', 'p50 (ms)', 'p99 (ms)', 'Not 201', 'CPU ms/call-off: qm serve', 'PostgreSQL', 'clients'], rows)}

${withoutHttp}

${verdict}`;
}

function demandImportSection(r: StoreResults): string {
  const rows = r.demandImport.map((d) => [
    DATABASE[d.dialect],
    whole(d.rows),
    oneDecimal(d.fileMiB),
    oneDecimal(d.seconds),
    whole(d.rowsPerSecond),
    oneDecimal(d.againSeconds),
  ]);
  return `## 7. Demand import from XLSX

\`importSignals\`, what \`qm demand import FILE.xlsx\` runs, in the bench's process, over a generated
workbook of ${whole(r.demandImport[0]?.rows ?? 0)} demand lines (five nations, items named or a family, platforms,
months over three years, donations to Ukraine, price caps), each with a reference of its own, into
a database holding the demo's nations and catalogue and no signals. The workbook is streamed
twice: every row is checked (against the catalogue and the parties too, each item, platform and
party asked once), then the lines are posted 2,000 per command (one transaction: the known import
keys read, 2,000 new streams projected and appended). Then the same file again, which must find
every line and append nothing.

${table(['Database', 'Rows', 'File (MiB)', 'Seconds', 'Rows/s', 'Again, no-op (s)'], rows)}`;
}

/** The stores' part: the machine and run, then a table per figure with its goal. */
export function storePart(r: StoreResults): string {
  return `${runHeader('Ledger, catalogue, call-offs and imports', 'store', r)}

${appendSection(r)}

${pgbenchSection(r)}

${verifySection(r)}

${catalogueImportSection(r)}

${catalogueReadsSection(r)}

${callOffSection(r)}

${demandImportSection(r)}`;
}

/** The planner's part: the machine and run, then its figure. */
export function plannerPart(r: PlannerResults): string {
  return `${runHeader('The production planner', 'planner', r)}

${plannerSection(r.planner)}`;
}
