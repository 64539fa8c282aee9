import type { Dialect } from '../platform/db/database.ts';

/**
 * The dialects this test run covers: both, unless QM_TEST_DIALECTS narrows it (CI's extra run on
 * a newer Node uses `pglite` alone, having no server to start).
 */
export function testDialects(): Dialect[] {
  const wanted = process.env.QM_TEST_DIALECTS;
  if (wanted === undefined || wanted === '') return ['pglite', 'postgres'];
  const chosen = wanted.split(',').map((d) => d.trim());
  for (const d of chosen) {
    if (d !== 'pglite' && d !== 'postgres')
      throw new Error(`QM_TEST_DIALECTS: unknown dialect ${d}`);
  }
  return chosen as Dialect[];
}
