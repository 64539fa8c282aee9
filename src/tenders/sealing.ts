import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type BidContent, bidJson, bidOfJson, canonicalBid } from './model/bid.ts';

/** AES-256-GCM: a 32-byte key, a 12-byte nonce, a 16-byte tag appended to the ciphertext. */
const CIPHER = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 32;

/** Ciphertext as it is stored: the nonce it was sealed with, and the ciphertext with its tag. */
export interface Sealed {
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

function seal(key: Uint8Array, context: string, plaintext: Uint8Array): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
  // The context (what the ciphertext is of) is authenticated, so a ciphertext moved onto another
  // bid or tender no longer opens.
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce, ciphertext: body };
}

/** The plaintext, or undefined when the ciphertext, its nonce or its context was altered. */
function unseal(key: Uint8Array, context: string, sealed: Sealed): Buffer | undefined {
  const body = Buffer.from(sealed.ciphertext);
  if (body.length < TAG_BYTES || sealed.nonce.length !== NONCE_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(CIPHER, key, sealed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
}

/** A fresh key for one tender's bids. */
export function newTenderKey(): Buffer {
  return randomBytes(32);
}

/** A tender's key wrapped by the master key, as stored beside the bids. */
export function wrapTenderKey(masterKey: Uint8Array, tenderId: string, key: Uint8Array): Sealed {
  return seal(masterKey, `tender-key:${tenderId}`, key);
}

/** A tender's key, unwrapped; throws when the master key is not the one it was wrapped with. */
export function unwrapTenderKey(masterKey: Uint8Array, tenderId: string, wrapped: Sealed): Buffer {
  const key = unseal(masterKey, `tender-key:${tenderId}`, wrapped);
  if (key === undefined) {
    throw new Error(`the master key does not unwrap tender ${tenderId}'s key`);
  }
  return key;
}

/** sha256(salt ‖ canonical bid), hex: what the ledger records at submission. */
function commitmentOf(salt: Uint8Array, canonical: string): string {
  return createHash('sha256').update(salt).update(canonical, 'utf8').digest('hex');
}

/** A sealed bid and the commitment the ledger keeps of it. */
export interface SealedBid {
  sealed: Sealed;
  commitment: string;
}

const bidContext = (tenderId: string, bidId: string) => `bid:${tenderId}:${bidId}`;

/**
 * Seals a bid under its tender's key. A fresh random salt goes inside the ciphertext with the
 * content, so the commitment cannot be matched against guessed price lists.
 */
export function sealBid(
  key: Uint8Array,
  tenderId: string,
  bidId: string,
  content: BidContent,
): SealedBid {
  const salt = randomBytes(SALT_BYTES);
  const plaintext = JSON.stringify({ salt: salt.toString('hex'), bid: bidJson(content) });
  return {
    sealed: seal(key, bidContext(tenderId, bidId), Buffer.from(plaintext, 'utf8')),
    commitment: commitmentOf(salt, canonicalBid(content)),
  };
}

/** What opening a sealed bid gives: its content and salt, or why it is set aside. */
export type Opening =
  | { kind: 'opened'; content: BidContent; salt: string }
  | { kind: 'set-aside'; reason: 'undecryptable' | 'commitment-mismatch'; detail: string };

/**
 * Opens a sealed bid and checks it against the commitment recorded at submission: a bid that does
 * not decrypt, and one that decrypts to something other than what was committed, are set aside for
 * distinct reasons.
 */
export function openBid(
  key: Uint8Array,
  tenderId: string,
  bidId: string,
  sealed: Sealed,
  commitment: string,
): Opening {
  const plaintext = unseal(key, bidContext(tenderId, bidId), sealed);
  if (plaintext === undefined) {
    return {
      kind: 'set-aside',
      reason: 'undecryptable',
      detail: 'the ciphertext fails its authentication tag under the tender key',
    };
  }
  const { salt, bid } = JSON.parse(plaintext.toString('utf8')) as {
    salt: string;
    bid: ReturnType<typeof bidJson>;
  };
  const content = bidOfJson(bid);
  const recomputed = commitmentOf(Buffer.from(salt, 'hex'), canonicalBid(content));
  if (recomputed !== commitment) {
    return {
      kind: 'set-aside',
      reason: 'commitment-mismatch',
      detail: `the content hashes to ${recomputed}, not to the commitment ${commitment} recorded at submission`,
    };
  }
  return { kind: 'opened', content, salt };
}
