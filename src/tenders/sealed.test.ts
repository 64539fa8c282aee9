import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../contexts.ts';
import { ROLES } from '../platform/access/policy.ts';
import { runCommand } from '../platform/command.ts';
import { openDatabase } from '../platform/db/connect.ts';
import { pgliteDir } from '../platform/db/data-dir.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import type { AccessWorld } from '../testing/access-world.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { testDialects } from '../testing/selection.ts';
import { runQm } from '../testing/server-process.ts';
import { temporaryDirectory } from '../testing/temporary-directory.ts';
import { bid155, registerBidders, THIRD_SUPPLIER, tenderBody } from '../testing/tenders.ts';
import { askClarification, createTender, publishTender, submitBid } from './commands.ts';
import { tenderInputOf, ZTenderInput } from './schema.ts';

// A marker in each bid's evidence and a unit price found nowhere else: neither may show up in any
// answer before the opening.
const MARKER = 'SEALED-MARKER-c41d';
const PRICE = 2_777_77n;

/** A published tender, bids due a day after `deadlineFrom`, with three sealed bids and a question. */
async function sealedTender(world: AccessWorld, deadlineFrom: Date) {
  const { runtime } = world;
  await registerBidders(runtime);
  const input = tenderInputOf(ZTenderInput.parse(tenderBody(deadlineFrom, 1)));
  const tender = await runCommand(runtime, 'user:officer', (scope) => createTender(scope, input));
  const key = runtime.masterKey as Uint8Array;
  await runCommand(runtime, 'user:officer', (scope) => publishTender(scope, tender, key));
  const bids: string[] = [];
  for (const supplier of ['F0001', 'D0002', THIRD_SUPPLIER]) {
    bids.push(
      await runCommand(runtime, `user:${supplier}`, (scope) =>
        submitBid(scope, { tender, supplier, lot: 'lot-1', content: bid155(PRICE, MARKER) }, key),
      ),
    );
  }
  const clarification = await runCommand(runtime, 'user:supplier', (scope) =>
    askClarification(scope, { tender, supplier: 'F0001', question: 'Which fuze?' }),
  );
  return { tender, bids, clarification };
}

const leaks = (text: string) => text.includes(MARKER) || text.includes(PRICE.toString());

describeEachDialect('sealed before the opening, over HTTP', (database) => {
  it('no route answers any role with bid content; the content route answers BID_SEALED to each role allowed to ask', {
    timeout: 240_000,
  }, async () => {
    const world = await accessWorld(database().db);
    const { tender, bids, clarification } = await sealedTender(world, world.clock.now());
    const routes = world.app.declaredRoutes.filter((r) => r.method !== 'HEAD');
    const callers = [
      undefined,
      ...ROLES.flatMap((role) => [world.callers[role].own, world.callers[role].other]),
    ];
    const found: string[] = [];
    const contentAnswers = new Set<string>();
    let requests = 0;
    for (const route of routes) {
      const urls = (route.url.includes(':bid') ? bids : [bids[0] as string]).map((bid) =>
        route.url
          .replace(':id', tender)
          .replace(':bid', bid)
          .replace(':clarification', clarification)
          .replace(':challenge', clarification)
          .replace(':supplier', 'F0001')
          .replace(':nsn', '1320-12-100-0121')
          .replace(':platform', 'x'),
      );
      for (const url of urls) {
        for (const caller of callers) {
          const response = await world.app.inject({
            method: route.method as 'GET',
            url,
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
            headers: caller === undefined ? {} : { authorization: `Bearer ${caller.bearer}` },
          });
          requests += 1;
          if (leaks(response.body))
            found.push(`${route.method} ${url} as ${caller?.username ?? 'public'}`);
          if (route.url === '/tenders/:id/bids/:bid/content') {
            contentAnswers.add(`${response.statusCode} ${response.json().code}`);
          }
        }
      }
    }
    expect(found).toEqual([]);
    expect(requests).toBeGreaterThan(routes.length * callers.length);
    // Allowed roles hear BID_SEALED; the others are refused before the question arises.
    expect([...contentAnswers].sort()).toEqual([
      '401 UNAUTHENTICATED',
      '403 BID_SEALED',
      '403 FORBIDDEN',
      '404 NOT_FOUND',
    ]);
    // Even the supplier's own bid, and the what-if, stay sealed.
    const own = await world.app.inject({
      url: `/tenders/${tender}/bids/${bids[0]}/content`,
      headers: { authorization: `Bearer ${world.callers['supplier-rep'].own.bearer}` },
    });
    expect(own.json()).toMatchObject({ code: 'BID_SEALED' });
    const whatIf = await world.app.inject({
      method: 'POST',
      url: `/tenders/${tender}/what-if`,
      payload: { method: { kind: 'lptc' } },
      headers: { authorization: `Bearer ${world.callers.auditor.own.bearer}` },
    });
    expect(whatIf.json()).toMatchObject({ code: 'BID_SEALED' });
  });
});

describe.skipIf(!testDialects().includes('pglite'))(
  'sealed before the opening, on the command line',
  () => {
    const dataDir = temporaryDirectory('qm-sealed-');

    it('no qm tenders command prints bid content; qm tenders content answers that the bid is sealed', {
      timeout: 300_000,
    }, async () => {
      const masterKey = Buffer.alloc(32, 7);
      const opened = await openDatabase({ kind: 'pglite', dataDir: pgliteDir(dataDir()) });
      let ids: Awaited<ReturnType<typeof sealedTender>>;
      try {
        await migrateToLatest(opened.db, migrations);
        const world = await accessWorld(opened.db);
        world.runtime.masterKey = masterKey;
        ids = await sealedTender(world, new Date());
        await world.app.close();
      } finally {
        await opened.close();
      }
      const file = join(dataDir(), 'tender.json');
      await writeFile(file, JSON.stringify(tenderBody(new Date(), 3)));
      const env = { QM_DATA_DIR: dataDir(), QM_MASTER_KEY: masterKey.toString('hex') };
      const { tender, bids } = ids;
      // Every subcommand once: each run starts a process, which is slow on a shared machine.
      const runs: string[][] = [
        ['tenders', 'list', '--json'],
        ['tenders', 'show', tender, '--json'],
        ['tenders', 'bids', tender, '--json'],
        ['tenders', 'content', tender, bids[1] as string, '--json'],
        ['tenders', 'create', file],
        ['tenders', 'publish', tender],
        ['tenders', 'tick', '--json'],
        ['tenders', 'open', tender, '--json'],
        ['tenders', 'cancel', tender, '--reason', 'the test is over'],
      ];
      for (const args of runs) {
        const run = await runQm(args, env);
        expect(leaks(run.stdout + run.stderr), args.join(' ')).toBe(false);
        if (args[1] === 'bids') expect(JSON.parse(run.stdout)).toHaveLength(3);
        if (args[1] === 'content') {
          expect(run.code).toBe(1);
          expect(run.stderr).toBe('qm: The bid is sealed until the tender is opened.\n');
        }
        if (args[1] === 'open') {
          expect(run.stderr).toBe('qm: The tender is published; this needs it closed.\n');
        }
      }
    });
  },
);
