import type { Command } from 'commander';
import { projectors } from '../contexts.ts';
import { loadConfig } from '../platform/config.ts';
import type { LedgerHead } from '../platform/ledger/model.ts';
import { replay } from '../platform/ledger/projector.ts';
import { readHead } from '../platform/ledger/store.ts';
import { verifyLedger } from '../platform/ledger/verify.ts';
import { withMigratedDatabase } from './database.ts';
import { CliError, print } from './output.ts';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Parses `SEQ:HASH` as printed by `qm ledger head`. */
export function parseHead(text: string): LedgerHead {
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (match === null)
    throw new CliError(
      `--expect: expected SEQ:HASH (a sequence number, a colon, 64 hex digits), got "${text}"`,
    );
  return { seq: BigInt(match[1] as string), hash: Buffer.from(match[2] as string, 'hex') };
}

/** `qm ledger head|verify|replay`. */
export function ledgerCommands(program: Command): void {
  const ledger = program
    .command('ledger')
    .description('the tamper-evident ledger every change is written to');

  ledger
    .command('head')
    .description('print where the chain stands, as SEQ:HASH, for publishing or for verify --expect')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withMigratedDatabase(loadConfig(process.env), async ({ db }) => {
        const head = await readHead(db);
        if (head === undefined)
          throw new CliError('the ledger head row is missing: the ledger has been tampered with');
        print(
          options.json === true,
          { seq: head.seq, hash: hex(head.hash) },
          `${head.seq}:${hex(head.hash)}`,
        );
      });
    });

  ledger
    .command('verify')
    .description('recompute the hash chain and name the first event that does not match')
    .option('--expect <SEQ:HASH>', 'also prove the chain still reaches a head published earlier')
    .option('--json', 'print JSON')
    .action(async (options: { expect?: string; json?: boolean }) => {
      const expect = options.expect === undefined ? undefined : parseHead(options.expect);
      await withMigratedDatabase(loadConfig(process.env), async ({ db }) => {
        const started = performance.now();
        const result = await verifyLedger(db, expect === undefined ? {} : { expect });
        const seconds = (performance.now() - started) / 1000;
        if (result.ok) {
          print(
            options.json === true,
            {
              ok: true,
              events: result.events,
              head: { seq: result.head.seq, hash: hex(result.head.hash) },
              seconds,
            },
            `ledger verified: ${result.events} events, head ${result.head.seq}:${hex(result.head.hash)}`,
          );
          return;
        }
        if (options.json === true) print(true, result, '');
        throw new CliError(`ledger broken at seq ${result.seq}: ${result.reason}`, 2);
      });
    });

  ledger
    .command('replay')
    .description('rebuild every read table from the ledger (the ledger itself is only read)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withMigratedDatabase(loadConfig(process.env), async ({ db }) => {
        const result = await replay(db, projectors);
        print(
          options.json === true,
          { events: result.events, projectors: projectors.map((p) => p.name) },
          `replayed ${result.events} events into ${projectors.length} read model(s)`,
        );
      });
    });
}
