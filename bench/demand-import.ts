import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { seedCatalogue } from '../src/catalogue/seed.ts';
import { projectors } from '../src/contexts.ts';
import { importSignals } from '../src/demand/import.ts';
import { SIGNAL_COLUMNS } from '../src/demand/model/signal-record.ts';
import { demoNations } from '../src/demo/nations.ts';
import { registerParty } from '../src/parties/commands.ts';
import { systemClock } from '../src/platform/clock.ts';
import { type CommandRuntime, runCommand } from '../src/platform/command.ts';
import type { Db, Dialect } from '../src/platform/db/database.ts';
import { readHead } from '../src/platform/ledger/store.ts';
import { readRecords, writeRecords } from '../src/platform/spreadsheet/records.ts';
import { whole } from './markdown.ts';
import { progress } from './progress.ts';

/** One import of a generated XLSX file of demand lines, and the same file again. */
export interface DemandImportRate {
  dialect: Dialect;
  rows: number;
  fileMiB: number;
  seconds: number;
  rowsPerSecond: number;
  /** The second import of the same file: every row checked, found, and nothing appended. */
  againSeconds: number;
}

// The demo's 155 mm platforms; every line is valid, and each is a line of its own.
const PLATFORMS: Record<string, string[]> = {
  DEU: ['', 'PZH2000'],
  FRA: ['', 'CAESAR'],
  POL: ['', 'KRAB'],
  USA: ['', 'M777', 'M109A7'],
  GBR: ['', 'AS90'],
};

/** The `n`th generated line of demand, spread over five nations, items, months and purposes. */
function line(n: number): Record<string, unknown> {
  const nation = Object.keys(PLATFORMS)[n % 5] as string;
  const platforms = PLATFORMS[nation] as string[];
  const donate = n % 7 === 0;
  return {
    reference: `BENCH-${n}`,
    nation,
    nsn: '',
    family: '155mm projectile',
    platform: platforms[n % platforms.length],
    quantity: String(100 + (n % 5000)),
    needed_by: `${2024 + (n % 3)}-${String((n % 12) + 1).padStart(2, '0')}`,
    purpose: donate ? 'donate' : n % 3 === 0 ? 'reserve' : 'replenish',
    recipient: donate ? 'UKR' : '',
    priority: String((n % 3) + 1),
    price_cap_minor: n % 4 === 0 ? String(300_000 + (n % 100_000)) : '',
    price_cap_currency: n % 4 === 0 ? 'EUR' : '',
    firmness: n % 2 === 0 ? 'firm' : 'indicative',
  };
}

/** Writes `rows` generated lines to an XLSX file with the streaming writer. */
async function writeLinesFile(path: string, rows: number): Promise<void> {
  async function* lines() {
    for (let n = 0; n < rows; n++) yield line(n);
  }
  const out = createWriteStream(path);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', () => resolve());
    out.on('error', reject);
  });
  await writeRecords(lines(), 'xlsx', SIGNAL_COLUMNS, out);
  await closed;
}

/**
 * Imports `rows` generated demand lines from an XLSX file into a migrated, empty database with the
 * demo's nations and catalogue, as `qm demand import` does (the file read twice, checked against
 * the catalogue, then posted 2,000 lines per command), and then the same file again.
 */
export async function measureDemandImport(
  dialect: Dialect,
  db: Db,
  rows: number,
  scratch: string,
): Promise<DemandImportRate> {
  const runtime: CommandRuntime = { db, clock: systemClock, projectors };
  for (const nation of demoNations)
    await runCommand(runtime, 'bench', (scope) => registerParty(scope, nation));
  await seedCatalogue(runtime, 'bench');
  const file = join(scratch, `demand-${dialect}.xlsx`);
  progress(`${dialect}: writing ${whole(rows)} demand lines to an XLSX file`);
  await writeLinesFile(file, rows);
  const { size } = await stat(file);
  progress(`${dialect}: importing ${whole(rows)} demand lines from XLSX`);
  let shown = 0;
  const start = performance.now();
  const report = await importSignals(runtime, 'bench', () => readRecords(file, 'xlsx'), {
    skipInvalid: false,
    onProgress: (done, total) => {
      if (done - shown >= total / 5 || done === total) {
        shown = done;
        progress(`  ${whole(done)} of ${whole(total)} lines`);
      }
    },
  });
  const seconds = (performance.now() - start) / 1000;
  if (!report.imported || report.posted !== rows)
    throw new Error(
      `the import posted ${report.posted} of ${rows}: ${JSON.stringify(report.problems.slice(0, 3))}`,
    );
  const head = await readHead(db);
  const again = performance.now();
  const second = await importSignals(runtime, 'bench', () => readRecords(file, 'xlsx'), {
    skipInvalid: false,
  });
  const againSeconds = (performance.now() - again) / 1000;
  if (second.unchanged !== rows || (await readHead(db))?.seq !== head?.seq)
    throw new Error('importing the same file again appended to the ledger');
  const rate: DemandImportRate = {
    dialect,
    rows,
    fileMiB: size / 2 ** 20,
    seconds,
    rowsPerSecond: rows / seconds,
    againSeconds,
  };
  progress(
    `  ${seconds.toFixed(1)} s, ${whole(rate.rowsPerSecond)} rows/s; again (no-op) ${againSeconds.toFixed(1)} s`,
  );
  return rate;
}
