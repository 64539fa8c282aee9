import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../contexts.ts';
import { openDatabase } from '../platform/db/connect.ts';
import { pgliteDir } from '../platform/db/data-dir.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { readRecords } from '../platform/spreadsheet/records.ts';
import { accessWorld } from '../testing/access-world.ts';
import { testDialects } from '../testing/selection.ts';
import { runQm } from '../testing/server-process.ts';
import { temporaryDirectory } from '../testing/temporary-directory.ts';

const HEADER = 'reference,nation,family,platform,quantity,needed_by,purpose,recipient,firmness';
const good = (n: number) =>
  `FRA-${n},FRA,155mm projectile,CAESAR,${n * 10},2024-06,replenish,,firm`;

describe.skipIf(!testDialects().includes('pglite'))('qm demand and qm templates', () => {
  const dataDir = temporaryDirectory('qm-demand-');

  it('imports nothing from a file with bad rows and names them; --skip-invalid the rest; again, nothing', {
    // Nine runs of qm, each opening the embedded database: minutes on a busy machine.
    timeout: 600_000,
  }, async () => {
    // Nations and the demo catalogue, as the fixtures of the access tests have them.
    const opened = await openDatabase({ kind: 'pglite', dataDir: pgliteDir(dataDir()) });
    await migrateToLatest(opened.db, migrations);
    await (await accessWorld(opened.db)).app.close();
    await opened.close();
    const env = { QM_DATA_DIR: dataDir() };

    const csv = join(dataDir(), 'demand.csv');
    await writeFile(
      csv,
      [
        HEADER,
        good(1),
        'FRA-2,FRA,155mm projectile,CAESAR,many,2024-06,replenish,,firm',
        good(3),
        'FRA-4,FRA,155mm projectile,LEO2-L55,40,2024-06,replenish,,firm',
        'FRA-5,FRA,155mm projectile,,40,2024-06,donate,,firm',
        good(6),
      ].join('\n'),
    );
    const refused = await runQm(['demand', 'import', csv], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe(
      [
        'row 3, quantity "many": is a whole number of units',
        'row 5, platform "LEO2-L55": fires 120mm tank round, not 155mm projectile',
        'row 6, recipient "": a donation names the nation it goes to',
        '',
      ].join('\n'),
    );
    expect(refused.stderr).toBe(
      'qm: 6 rows, 3 problem(s): nothing imported; fix them or use --skip-invalid\n',
    );
    const head = (await runQm(['ledger', 'head'], env)).stdout;

    const skipped = await runQm(['demand', 'import', csv, '--skip-invalid'], env);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout.split('\n').at(-2)).toBe(
      '6 rows: 3 posted, 0 already there, 3 problem(s) skipped',
    );
    const after = (await runQm(['ledger', 'head'], env)).stdout;
    expect(after).not.toBe(head);
    const again = await runQm(['demand', 'import', csv, '--skip-invalid'], env);
    expect(again.stdout.split('\n').at(-2)).toBe(
      '6 rows: 0 posted, 3 already there, 3 problem(s) skipped',
    );
    expect((await runQm(['ledger', 'head'], env)).stdout).toBe(after);

    const exported = join(dataDir(), 'signals.xlsx');
    expect(
      (await runQm(['demand', 'export', '--nation', 'FRA', '--out', exported], env)).code,
    ).toBe(0);
    const references: unknown[] = [];
    for await (const { record } of readRecords(exported, 'xlsx')) references.push(record.reference);
    expect(references.sort()).toEqual(['FRA-1', 'FRA-3', 'FRA-6']);

    const template = join(dataDir(), 'template.xlsx');
    expect((await runQm(['templates', 'demand', '--out', template], env)).code).toBe(0);
    const fromTemplate = await runQm(['demand', 'import', template], env);
    expect(fromTemplate.stdout).toBe('1 rows: 1 posted, 0 already there, 0 problem(s) skipped\n');
    expect((await readFile(template)).subarray(0, 2).toString()).toBe('PK');
  });
});
