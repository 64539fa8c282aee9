import { projectors } from '../contexts.ts';
import type { Config } from '../platform/config.ts';
import type { LedgerHead } from '../platform/ledger/model.ts';
import { replay } from '../platform/ledger/projector.ts';
import { readHead } from '../platform/ledger/store.ts';
import { VERIFY_CONNECTIONS, verifyLedger } from '../platform/ledger/verify.ts';
import { withDatabase } from './database.ts';
import { CliError, print } from './output.ts';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

// `SEQ:HASH`, as `qm ledger head` prints it.
function parseHead(text: string): LedgerHead {
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (match === null) {
    throw new CliError(
      `--expect: expected SEQ:HASH (a sequence number, a colon, 64 hex digits), got "${text}"`,
    );
  }
  return { seq: BigInt(match[1] as string), hash: Buffer.from(match[2] as string, 'hex') };
}

/** `qm ledger head`: where the chain stands, as SEQ:HASH. */
export async function printHead(config: Config, json: boolean): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const head = await readHead(db);
    if (head === undefined)
      throw new CliError('the ledger head row is missing: the ledger has been tampered with');
    print(json, { seq: head.seq, hash: hex(head.hash) }, `${head.seq}:${hex(head.hash)}`);
  });
}

/** `qm ledger verify [--expect SEQ:HASH]`: exits 2 naming the first event that does not hold. */
export async function verify(
  config: Config,
  expectText: string | undefined,
  json: boolean,
): Promise<void> {
  const expect = expectText === undefined ? undefined : parseHead(expectText);
  await withDatabase(config, 'require', async ({ db, dialect }) => {
    const started = performance.now();
    const connections = dialect === 'postgres' ? VERIFY_CONNECTIONS : 1;
    const result = await verifyLedger(
      db,
      expect === undefined ? { connections } : { expect, connections },
    );
    const seconds = (performance.now() - started) / 1000;
    if (!result.ok) {
      if (json) print(true, result, '');
      throw new CliError(`ledger broken at seq ${result.seq}: ${result.reason}`, 2);
    }
    print(
      json,
      {
        ok: true,
        events: result.events,
        head: { seq: result.head.seq, hash: hex(result.head.hash) },
        seconds,
      },
      `ledger verified: ${result.events} events, head ${result.head.seq}:${hex(result.head.hash)}`,
    );
  });
}

/** `qm ledger replay`: rebuilds every read model from the ledger. */
export async function replayAll(config: Config, json: boolean): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const result = await replay(db, projectors);
    print(
      json,
      { events: result.events, projectors: projectors.map((p) => p.name) },
      `replayed ${result.events} events into ${projectors.length} read model(s)`,
    );
  });
}
