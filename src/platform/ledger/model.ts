import { createHash } from 'node:crypto';
import { canonicalJson, type JsonObject, type JsonValue } from './canonical.ts';

export type { JsonObject, JsonValue };

/** An event a command decided on, before the ledger gives it a place in the chain. */
export interface NewEvent {
  id: string;
  type: string;
  payload: JsonObject;
}

/** An event as projectors see it: live, just before it is appended, or replayed from the ledger. */
export interface ProjectedEvent extends NewEvent {
  stream: string;
  actor: string;
  recordedAt: string;
}

/** The fields of one ledger row that its hash covers. */
export interface LedgerEntry extends ProjectedEvent {
  seq: bigint;
  version: bigint;
}

/** A ledger row: the entry and its place in the hash chain. */
export interface RecordedEvent extends LedgerEntry {
  prevHash: Uint8Array;
  hash: Uint8Array;
}

/** A row as `append` writes it: with the exact canonical JSON its hash covers, stored beside it. */
export interface ChainedEvent extends RecordedEvent {
  canonical: string;
}

/** Where the chain stands: the last sequence number and its hash. */
export interface LedgerHead {
  seq: bigint;
  hash: Uint8Array;
}

/** The hash the first event chains from. */
export const GENESIS_HASH: Uint8Array = new Uint8Array(32);

/**
 * The RFC 8785 canonical JSON an entry's hash covers. Counts are strings of digits and the time is
 * an ISO 8601 UTC string with milliseconds, so that anyone can recompute it from the published
 * data without caring how a database prints numbers or timestamps.
 */
export function canonicalEntry(entry: LedgerEntry): string {
  const { before, after } = canonicalAround(entry);
  return `${before}${entry.seq}${after}`;
}

/**
 * An entry's canonical JSON without its seq: the text before the seq's digits and the text after
 * them. The seq is the one field only the head's lock decides, so the database splices it in.
 */
export function canonicalAround(entry: Omit<LedgerEntry, 'seq'>): {
  before: string;
  after: string;
} {
  // The keys below are already in RFC 8785 order; only the payload needs sorting.
  return {
    before: `{"actor":${canonicalJson(entry.actor)},"id":${canonicalJson(entry.id)},"payload":${canonicalJson(
      entry.payload,
    )},"recorded_at":${canonicalJson(entry.recordedAt)},"seq":"`,
    after: `","stream":${canonicalJson(entry.stream)},"type":${canonicalJson(
      entry.type,
    )},"version":"${entry.version}"}`,
  };
}

/** hash = sha256(prev_hash ‖ canonical_json(entry)). */
function hashCanonical(prevHash: Uint8Array, canonical: string): Buffer {
  return createHash('sha256').update(prevHash).update(canonical, 'utf8').digest();
}

/** Milliseconds are the precision the hash covers; finer digits would not read back the same. */
export function ledgerTimestamp(at: Date): string {
  return new Date(Math.floor(at.getTime())).toISOString();
}

/** Gives each new event its seq, version, prev_hash and hash, chaining from `head`. */
export function chainEvents(
  head: LedgerHead,
  stream: string,
  firstVersion: bigint,
  actor: string,
  recordedAt: string,
  events: readonly NewEvent[],
): ChainedEvent[] {
  let prevHash = head.hash;
  return events.map((event, index) => {
    const entry: LedgerEntry = {
      ...event,
      seq: head.seq + BigInt(index + 1),
      version: firstVersion + BigInt(index),
      stream,
      actor,
      recordedAt,
    };
    const canonical = canonicalEntry(entry);
    const hash = hashCanonical(prevHash, canonical);
    const recorded = { ...entry, prevHash, hash, canonical };
    prevHash = hash;
    return recorded;
  });
}

/** Byte-wise equality of two hashes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

/**
 * The first place in a payload that would not survive jsonb byte-for-byte, or undefined.
 * Money and counts travel as strings of digits; other numbers must be safe integers.
 */
export function payloadProblem(value: JsonValue, path = 'payload'): string | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? undefined : `${path} is a non-integer or unsafe number`;
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return `${path} contains a NUL character`;
    return value.isWellFormed() ? undefined : `${path} contains a lone surrogate`;
  }
  if (value === null || typeof value === 'boolean') return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = payloadProblem(item, `${path}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value !== 'object') return `${path} is not JSON`;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) return `${path}.${key} is undefined`;
    if (!key.isWellFormed() || key.includes('\u0000'))
      return `${path} has a key that JSON cannot carry`;
    const problem = payloadProblem(item, `${path}.${key}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
