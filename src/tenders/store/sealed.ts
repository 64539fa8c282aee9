import type { Executor } from '../../platform/db/database.ts';
import type { Sealed } from '../sealing.ts';

/** Keeps a tender's wrapped key: primary data, written once at publication. */
export async function putTenderKey(db: Executor, tenderId: string, wrapped: Sealed): Promise<void> {
  await db
    .insertInto('tender_keys')
    .values({ tender_id: tenderId, nonce: wrapped.nonce, wrapped_key: wrapped.ciphertext })
    .execute();
}

/** A tender's wrapped key, if it was published. */
export async function tenderKeyOf(db: Executor, tenderId: string): Promise<Sealed | undefined> {
  const row = await db
    .selectFrom('tender_keys')
    .select(['nonce', 'wrapped_key'])
    .where('tender_id', '=', tenderId)
    .executeTakeFirst();
  return row === undefined ? undefined : { nonce: row.nonce, ciphertext: row.wrapped_key };
}

/** Stores a bid's ciphertext, replacing the one it had. */
export async function putSealedBid(
  db: Executor,
  tenderId: string,
  bidId: string,
  sealed: Sealed,
): Promise<void> {
  await db
    .insertInto('sealed_bids')
    .values({
      bid_id: bidId,
      tender_id: tenderId,
      nonce: sealed.nonce,
      ciphertext: sealed.ciphertext,
    })
    .onConflict((oc) =>
      oc.column('bid_id').doUpdateSet((eb) => ({
        nonce: eb.ref('excluded.nonce'),
        ciphertext: eb.ref('excluded.ciphertext'),
      })),
    )
    .execute();
}

/** Forgets a withdrawn bid's ciphertext. */
export async function deleteSealedBid(db: Executor, bidId: string): Promise<void> {
  await db.deleteFrom('sealed_bids').where('bid_id', '=', bidId).execute();
}

/** Every ciphertext of a tender, by bid. */
export async function sealedBidsOf(db: Executor, tenderId: string): Promise<Map<string, Sealed>> {
  const rows = await db
    .selectFrom('sealed_bids')
    .select(['bid_id', 'nonce', 'ciphertext'])
    .where('tender_id', '=', tenderId)
    .execute();
  return new Map(rows.map((r) => [r.bid_id, { nonce: r.nonce, ciphertext: r.ciphertext }]));
}
