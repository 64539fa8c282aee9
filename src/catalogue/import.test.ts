import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { projectors } from '../contexts.ts';
import type { Clock } from '../platform/clock.ts';
import { replay } from '../platform/ledger/projector.ts';
import { readHead } from '../platform/ledger/store.ts';
import { verifyLedger } from '../platform/ledger/verify.ts';
import type { NumberedRecord } from '../platform/spreadsheet/records.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { importItems } from './import.ts';
import { findItem } from './queries.ts';
import { countItems } from './store.ts';

const clock: Clock = { now: () => new Date('2023-09-28T10:00:00.000Z') };
const good = (n: number) => ({
  nsn: `1320-14-555-${String(n).padStart(4, '0')}`,
  name: `Shell ${n}`,
  family: '155mm projectile',
  standards: 'STANAG 4425;JBMoU',
  reference_price_minor: '350000',
  reference_currency: 'EUR',
  verified: 'false',
  source: 'test',
});
const file = (records: Record<string, unknown>[]) =>
  async function* (): AsyncGenerator<NumberedRecord> {
    for (const [index, record] of records.entries()) yield { row: index + 2, record };
  };

describeEachDialect('catalogue import', (database) => {
  it('imports nothing when a row is bad, the good rows with skipInvalid, and nothing new the second time', async () => {
    const { db } = database();
    const runtime = { db, clock, projectors };
    const rows = [good(1), good(2), { ...good(3), nsn: '1320-14-555-03' }, good(4)];

    const refused = await importItems(runtime, 'test', file(rows), { skipInvalid: false });
    expect(refused).toMatchObject({ rows: 4, imported: false, created: 0 });
    expect(refused.problems).toEqual([
      {
        row: 4,
        column: 'nsn',
        value: '1320-14-555-03',
        reason: 'an NSN has 13 characters (4 + 2 + 3 + 4), this has 11',
      },
    ]);
    expect((await readHead(db))?.seq).toBe(0n);

    const skipped = await importItems(runtime, 'test', file(rows), { skipInvalid: true });
    expect(skipped).toMatchObject({ imported: true, created: 3, revised: 0, unchanged: 0 });
    expect(await findItem(db, '1320-14-555-0002')).toMatchObject({
      standards: ['STANAG 4425', 'JBMoU'],
      referencePrice: { minor: 350000n, currency: 'EUR' },
    });
    const head = await readHead(db);

    const again = await importItems(runtime, 'test', file(rows), { skipInvalid: true });
    expect(again).toMatchObject({ created: 0, revised: 0, unchanged: 3 });
    expect(await readHead(db)).toEqual(head);

    const revised = await importItems(runtime, 'test', file([{ ...good(1), name: 'Shell one' }]), {
      skipInvalid: false,
    });
    expect(revised).toMatchObject({ created: 0, revised: 1 });
  });

  it('lets the later row of an NSN win, within a batch and across batches, keeping both in its history', async () => {
    const { db } = database();
    const runtime = { db, clock, projectors };
    // Over three batches of rows: shell 8 comes back two rows later, shells 7 and 9 in the last
    // batch; more rows than replay writes in one statement.
    const rows = [
      ...Array.from({ length: 5100 }, (_, i) => good(i)),
      { ...good(7), name: 'Shell seven' },
      { ...good(9), name: 'Shell nine' },
    ];
    rows.splice(10, 0, { ...good(8), name: 'Shell eight' });
    const report = await importItems(runtime, 'test', file(rows), { skipInvalid: false });
    expect(report).toMatchObject({ rows: 5103, created: 5100, revised: 3, unchanged: 0 });
    expect((await findItem(db, '1320-14-555-0007'))?.name).toBe('Shell seven');
    expect((await findItem(db, '1320-14-555-0008'))?.name).toBe('Shell eight');
    expect((await findItem(db, '1320-14-555-0009'))?.name).toBe('Shell nine');
    expect(await countItems(db)).toBe(5100);
    // Events of many items each, which name every row that created or revised an item.
    const verified = await verifyLedger(db);
    expect(verified).toMatchObject({ ok: true });
    expect(verified.events).toBeLessThan(100n);
    const registrations = await sql<{ nsn: string; name: string }>`
      SELECT i->>'nsn' AS nsn, i->>'name' AS name
      FROM ledger_events, jsonb_array_elements(payload->'items') AS i
      WHERE type = 'ItemsImported' ORDER BY seq`.execute(db);
    expect(registrations.rows).toHaveLength(5103);
    expect(registrations.rows.filter((r) => r.nsn === '1320-14-555-0009')).toEqual([
      { nsn: '1320-14-555-0009', name: 'Shell 9' },
      { nsn: '1320-14-555-0009', name: 'Shell nine' },
    ]);

    const before = await sql`SELECT * FROM catalogue_items ORDER BY nsn`.execute(db);
    await replay(db, projectors);
    expect((await sql`SELECT * FROM catalogue_items ORDER BY nsn`.execute(db)).rows).toEqual(
      before.rows,
    );

    const again = await importItems(runtime, 'test', file(rows), { skipInvalid: false });
    expect(again).toMatchObject({ created: 0 });
    expect((await findItem(db, '1320-14-555-0009'))?.name).toBe('Shell nine');
  });
});
