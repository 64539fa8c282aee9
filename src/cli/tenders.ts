import { projectors } from '../contexts.ts';
import { systemClock } from '../platform/clock.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/database.ts';
import { resolveMasterKey } from '../platform/master-key.ts';
import { formatMoney } from '../platform/money.ts';
import { cancelTender, createTender, openTender, publishTender } from '../tenders/commands.ts';
import { bidContent, bidOr404, bidsOf, listTenders, tenderOr404 } from '../tenders/queries.ts';
import { tickTenders } from '../tenders/scheduler.ts';
import { shownBid, shownTender, tenderInputOf, ZTenderInput } from '../tenders/schema.ts';
import { readBody } from './agreements.ts';
import { withDatabase } from './database.ts';
import { CliError, print } from './output.ts';

const ACTOR = 'system:cli';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function requireId(id: string, what: string): string {
  if (!UUID.test(id)) throw new CliError(`no ${what} ${id}`);
  return id;
}

/** Runs work on the database with a runtime that holds the master key, for commands that seal or open. */
async function withRuntime<T>(config: Config, work: (runtime: CommandRuntime) => Promise<T>) {
  const { key } = await resolveMasterKey(config);
  return withDatabase(config, 'apply', ({ db }) =>
    work({ db, clock: systemClock, projectors, masterKey: key }),
  );
}

/** `qm tenders list`: one line per tender, drafts included (the CLI is the agency's). */
export async function listTendersCommand(config: Config, json: boolean): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const tenders = await listTenders(db);
    print(
      json,
      tenders.map(shownTender),
      tenders.length === 0
        ? 'no tenders'
        : tenders
            .map((t) => `${t.id}  ${t.state.padEnd(9)}  bids due ${t.bidDeadline}  ${t.title}`)
            .join('\n'),
    );
  });
}

/** `qm tenders show ID`: a tender, its lots and its award; never a bid's content. */
export async function showTenderCommand(config: Config, id: string, json: boolean) {
  await withDatabase(config, 'require', async ({ db }) => {
    const tender = shownTender(await tenderOr404(db, requireId(id, 'tender')));
    print(
      json,
      tender,
      [
        `${tender.title} (${tender.state}; bids due ${tender.bidDeadline}; ${tender.method.kind})`,
        ...tender.lots.map(
          (l) =>
            `${l.lot}: ${l.title}, ${l.quantity} units, ceiling ${formatMoney({ minor: BigInt(l.ceiling), currency: tender.currency })}, ${l.awards} award(s)${l.agreementId === null ? '' : `, agreement ${l.agreementId}`}`,
        ),
      ].join('\n'),
    );
  });
}

/** `qm tenders create FILE`: drafts a tender from a JSON file shaped as POST /tenders. */
export async function createTenderCommand(config: Config, path: string, json: boolean) {
  const input = tenderInputOf(await readBody(path, ZTenderInput));
  await withDatabase(config, 'apply', async ({ db }) => {
    const runtime = { db, clock: systemClock, projectors };
    const id = await runCommand(runtime, ACTOR, (scope) => createTender(scope, input));
    print(json, { id }, `drafted tender ${id}`);
  });
}

/** `qm tenders publish ID`: fixes the exchange rates and makes the tender's bid key. */
export async function publishTenderCommand(config: Config, id: string): Promise<void> {
  await withRuntime(config, async (runtime) => {
    await runCommand(runtime, ACTOR, (scope) =>
      publishTender(scope, requireId(id, 'tender'), runtime.masterKey as Uint8Array),
    );
    print(false, null, `tender ${id} is published`);
  });
}

/** `qm tenders cancel ID --reason TEXT`. */
export async function cancelTenderCommand(config: Config, id: string, reason: string) {
  await withDatabase(config, 'apply', async ({ db }) => {
    const runtime = { db, clock: systemClock, projectors };
    await runCommand(runtime, ACTOR, (scope) =>
      cancelTender(scope, requireId(id, 'tender'), reason),
    );
    print(false, null, `tender ${id} is cancelled`);
  });
}

/** `qm tenders tick`: makes the moves due now (deadlines, ends of standstill), as the server does. */
export async function tickCommand(config: Config, json: boolean): Promise<void> {
  await withRuntime(config, async (runtime) => {
    const moves = await tickTenders(runtime);
    print(
      json,
      moves,
      moves.length === 0 ? 'nothing is due' : moves.map((m) => `${m.tender} is ${m.to}`).join('\n'),
    );
  });
}

/** `qm tenders open ID`: opens the bids after the deadline, each checked against its commitment. */
export async function openTenderCommand(config: Config, id: string, json: boolean) {
  await withRuntime(config, async (runtime) => {
    const opening = await runCommand(runtime, ACTOR, (scope) =>
      openTender(scope, requireId(id, 'tender'), runtime.masterKey as Uint8Array),
    );
    const summary = { opened: opening.opened.map((o) => o.bid), setAside: opening.setAside };
    print(
      json,
      summary,
      [
        `opened ${summary.opened.length} bid(s)`,
        ...summary.setAside.map((s) => `set aside ${s.bid}: ${s.reason} (${s.detail})`),
      ].join('\n'),
    );
  });
}

async function bidsTable(db: Db, tender: string) {
  return (await bidsOf(db, tender)).map(shownBid);
}

/** `qm tenders bids ID`: who bid, when, and each commitment; never content. */
export async function listBidsCommand(config: Config, id: string, json: boolean) {
  await withDatabase(config, 'require', async ({ db }) => {
    const bids = await bidsTable(db, requireId(id, 'tender'));
    print(
      json,
      bids,
      bids.length === 0
        ? 'no bids'
        : bids
            .map(
              (b) =>
                `${b.id}  ${b.state.padEnd(11)}  ${b.supplier}  ${b.lot}  ${b.finalSubmittedAt}  commitment ${b.commitment}`,
            )
            .join('\n'),
    );
  });
}

/** `qm tenders content TENDER BID`: what an opened bid offers; sealed before the opening. */
export async function bidContentCommand(
  config: Config,
  tender: string,
  bid: string,
  json: boolean,
) {
  await withDatabase(config, 'require', async ({ db }) => {
    const envelope = await bidOr404(db, requireId(tender, 'tender'), requireId(bid, 'bid'));
    const content = await bidContent(db, envelope);
    print(
      json,
      content,
      [
        `${content.supplier} on ${content.lot}: ${content.nsn}, ${content.monthlyCapacity} a month, ${content.leadTimeDays} days' lead time`,
        ...content.tiers.map(
          (t) =>
            `  from ${t.from}: ${formatMoney({ minor: BigInt(t.unitPrice), currency: content.currency })}`,
        ),
      ].join('\n'),
    );
  });
}
