import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedCatalogue } from '../catalogue/seed.ts';
import { migrations, projectors } from '../contexts.ts';
import { seedDemo } from '../demo/seed.ts';
import { systemClock } from '../platform/clock.ts';
import { openDatabase } from '../platform/db/connect.ts';
import { pgliteDir } from '../platform/db/data-dir.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { testDialects } from '../testing/selection.ts';
import { runQm } from '../testing/server-process.ts';
import { temporaryDirectory } from '../testing/temporary-directory.ts';

describe.skipIf(!testDialects().includes('pglite'))('qm plan and qm lines', () => {
  const dataDir = temporaryDirectory('qm-plan-');

  it('plans the demo with a shortfall and keeps the plan; a scenario keeps nothing; a bad one is one line', {
    // Twelve runs of qm, each opening the embedded database: minutes on a busy machine.
    timeout: 600_000,
  }, async () => {
    const opened = await openDatabase({ kind: 'pglite', dataDir: pgliteDir(dataDir()) });
    await migrateToLatest(opened.db, migrations);
    const runtime = { db: opened.db, clock: systemClock, projectors };
    await seedCatalogue(runtime);
    await seedDemo(runtime);
    await opened.close();
    const env = { QM_DATA_DIR: dataDir() };

    const lines = await runQm(['lines', 'list'], env);
    expect(lines.stdout).toContain('D1A01  1320-12-100-0121      3000 a month from');
    expect(lines.stdout).toContain('  + 2000 a month from');

    const bad = join(dataDir(), 'bad.json');
    await writeFile(bad, JSON.stringify({ levels: [{ nation: 'FRA', level: 'any' }] }));
    const refused = await runQm(['plan', '--scenario', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^qm: .*bad\.json levels\.0\.family: .*\n$/);

    const head = (await runQm(['ledger', 'head'], env)).stdout;
    const scenario = join(dataDir(), 'scenario.json');
    await writeFile(
      scenario,
      JSON.stringify({
        capacity: [{ supplier: 'H1K10', nsn: '1315-12-100-0120', from: '2020-01', units: 400 }],
      }),
    );
    const tried = await runQm(['plan', '--scenario', scenario], env);
    expect(tried.code).toBe(0);
    expect(tried.stdout.split('\n')[0]).toBe('what-if (nothing kept): base → scenario');
    expect(tried.stdout).toMatch(/ {2}all {2}served +[\d,]+ → +[\d,]+ .*short -/);
    expect((await runQm(['ledger', 'head'], env)).stdout).toBe(head);

    const planned = await runQm(['plan'], env);
    expect(planned.code).toBe(0);
    const [title, horizon, pool] = planned.stdout.split('\n');
    expect(title).toMatch(/^plan [0-9a-f-]{36} \(network, inputs at ledger seq \d+\)$/);
    expect(horizon).toMatch(/: 23 lines, 7 production lines$/);
    expect(pool).toMatch(/^pool: 166,000 needed, [\d,]+ served \(\d+ %\), [1-9][\d,]* short, /);
    expect(planned.stdout).toContain('fully used in months');
    expect(planned.stdout).toMatch(/^class 1 served in full and on time with [\d,]+ units more:$/m);
    expect(planned.stdout).toMatch(/^ {2}\d{4}-\d{2} \S+ \d{4}-\d{2}-\d{3}-\d{4} \+[\d,]+$/m);
    expect((await runQm(['ledger', 'head'], env)).stdout).not.toBe(head);

    const listed = JSON.parse((await runQm(['plan', 'list', '--json'], env)).stdout);
    expect(listed).toHaveLength(1);
    const id = listed[0].id as string;
    const compared = await runQm(['plan', 'compare', id, id], env);
    expect(compared.stdout.split('\n')[0]).toMatch(
      /short \+0, late \+0 unit-months, cost \+EUR 0\.00$/,
    );

    const again = await runQm(['plan', 'recompute', id], env);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe(
      `plan ${id} (inputs at ledger seq ${listed[0].inputsAt}) computed again by network: the same results, delivery by delivery`,
    );
    const wrongSolver = await runQm(['plan', 'recompute', id, '--solver', 'simplex'], env);
    expect(wrongSolver.code).toBe(1);
    expect(wrongSolver.stderr).toMatch(/^qm: qm plan recompute --solver: .*\n$/);

    const csv = join(dataDir(), 'capacity.csv');
    await writeFile(
      csv,
      'supplier,nsn,monthly_capacity,from\nH1K10,1315-12-100-0120,900,2030-01\nH1K10,1315-12-100-0120,lots,2030-01\n',
    );
    const imported = await runQm(['lines', 'import', csv, '--skip-invalid'], env);
    expect(imported).toEqual({
      code: 0,
      stdout: [
        'row 3, monthly_capacity "lots": is a whole number of units a month',
        '2 rows: 0 added, 1 revised, 0 already so, 1 problem(s) skipped',
        '',
      ].join('\n'),
      stderr: '',
    });
  });
});
