import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { runCommand } from '../platform/command.ts';
import type { Db } from '../platform/db/database.ts';
import { verifyLedger } from '../platform/ledger/verify.ts';
import { accessWorld } from '../testing/access-world.ts';
import { asIntruder, describeEachDialect } from '../testing/dialects.ts';
import { bid155, publishedTender, registerBidders, THIRD_SUPPLIER } from '../testing/tenders.ts';
import { openTender, submitBid } from './commands.ts';
import type { BidContent } from './model/bid.ts';
import { sealBid, unwrapTenderKey } from './sealing.ts';
import { tenderKeyOf } from './store.ts';

const DAY = 86_400_000;

/** A published tender with three sealed bids, one per supplier; the third carries `marker`. */
async function threeBids(db: Db, marker = 'no marker') {
  const world = await accessWorld(db);
  const { runtime } = world;
  await registerBidders(runtime);
  const tender = await publishedTender(runtime);
  const bids: Record<string, string> = {};
  const prices: [string, bigint][] = [
    ['F0001', 2_800_00n],
    ['D0002', 2_750_00n],
    [THIRD_SUPPLIER, 2_900_00n],
  ];
  for (const [supplier, price] of prices) {
    bids[supplier] = await runCommand(runtime, `user:${supplier}`, (scope) =>
      submitBid(
        scope,
        {
          tender,
          supplier,
          lot: 'lot-1',
          content: bid155(price, supplier === THIRD_SUPPLIER ? marker : 'report'),
        },
        runtime.masterKey as Uint8Array,
      ),
    );
  }
  return { world, runtime, tender, bids };
}

async function openedEvent(db: Db, tender: string) {
  const { rows } = await sql<{
    payload: { setAside: { bid: string; reason: string }[]; opened: { bid: string }[] };
  }>`
    SELECT payload FROM ledger_events WHERE stream = ${`tender:${tender}`} AND type = 'TenderOpened'`.execute(
    db,
  );
  return rows[0]?.payload;
}

/** Every row of every table, as text: what someone with a copy of the database would read. */
async function everyRowAsText(db: Db): Promise<string> {
  const { rows: tables } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  let text = '';
  for (const { tablename } of tables) {
    const { rows } = await sql<{
      row: string;
    }>`SELECT t::text AS row FROM ${sql.table(tablename)} t`.execute(db);
    for (const { row } of rows) text += `${row}\n`;
  }
  return text;
}

describeEachDialect('sealed bids', (database) => {
  it('a bid validly sealed under the tender key but not the one committed to is set aside as such', {
    timeout: 60_000,
  }, async () => {
    const { world, runtime, tender, bids } = await threeBids(database().db);
    const forged = bids.D0002 as string;
    const wrapped = await tenderKeyOf(database().db, tender);
    const key = unwrapTenderKey(runtime.masterKey as Uint8Array, tender, wrapped as never);
    const cheaper: BidContent = bid155(1_00n);
    const { sealed } = sealBid(key, tender, forged, cheaper);
    await asIntruder(database().admin, (trx) =>
      sql`UPDATE sealed_bids SET nonce = ${sealed.nonce}, ciphertext = ${sealed.ciphertext} WHERE bid_id = ${forged}`.execute(
        trx,
      ),
    );
    world.clock.advance(8 * DAY);
    const opening = await runCommand(runtime, 'user:officer', (scope) =>
      openTender(scope, tender, runtime.masterKey as Uint8Array),
    );
    expect(opening.setAside).toEqual([
      expect.objectContaining({ bid: forged, reason: 'commitment-mismatch' }),
    ]);
    expect(opening.opened.map((o) => o.bid).sort()).toEqual(
      [bids.F0001, bids[THIRD_SUPPLIER]].sort(),
    );
    const recorded = await openedEvent(database().db, tender);
    expect(recorded?.setAside).toEqual([
      expect.objectContaining({ bid: forged, reason: 'commitment-mismatch' }),
    ]);
    expect((await verifyLedger(database().db)).ok).toBe(true);
  });

  it('a ciphertext with one byte flipped is set aside as undecryptable, the others open', {
    timeout: 60_000,
  }, async () => {
    const { world, runtime, tender, bids } = await threeBids(database().db);
    const flipped = bids.F0001 as string;
    await asIntruder(database().admin, (trx) =>
      sql`UPDATE sealed_bids SET ciphertext = overlay(ciphertext placing decode(lpad(to_hex(get_byte(ciphertext, 5) # 1), 2, '0'), 'hex') from 6 for 1) WHERE bid_id = ${flipped}`.execute(
        trx,
      ),
    );
    world.clock.advance(8 * DAY);
    await runCommand(runtime, 'user:officer', (scope) =>
      openTender(scope, tender, runtime.masterKey as Uint8Array),
    );
    const recorded = await openedEvent(database().db, tender);
    expect(recorded?.setAside).toEqual([
      expect.objectContaining({ bid: flipped, reason: 'undecryptable' }),
    ]);
    expect(recorded?.opened.map((o) => o.bid).sort()).toEqual(
      [bids.D0002, bids[THIRD_SUPPLIER]].sort(),
    );
  });

  it('no table holds a bid in plaintext before the opening; the ledger holds it after', {
    timeout: 60_000,
  }, async () => {
    const marker = 'PLAINTEXT-MARKER-7f3a9c';
    const hex = Buffer.from(marker, 'utf8').toString('hex');
    const { world, runtime, tender } = await threeBids(database().db, marker);
    const before = await everyRowAsText(database().admin);
    expect(before).toContain('lot-1');
    expect(before).not.toContain(marker);
    expect(before.toLowerCase()).not.toContain(hex);
    world.clock.advance(8 * DAY);
    await runCommand(runtime, 'user:officer', (scope) =>
      openTender(scope, tender, runtime.masterKey as Uint8Array),
    );
    expect(await everyRowAsText(database().admin)).toContain(marker);
  });
});
