import { expect, it } from 'vitest';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { refusal } from '../testing/refusal.ts';
import { bid155, publishedTender, registerBidders, THIRD_SUPPLIER } from '../testing/tenders.ts';
import {
  amendDocuments,
  approveAward,
  cancelTender,
  confirmBid,
  decideChallenge,
  declareNoConflict,
  evaluateTender,
  lodgeChallenge,
  markRequirement,
  openTender,
  proposeAward,
  registerSupplier,
  replaceBid,
  submitBid,
  withdrawBid,
} from './commands.ts';
import { bidsOf, tenderOr404 } from './queries.ts';

const DAY = 86_400_000;

const bidFor = (runtime: CommandRuntime, tender: string, supplier: string, price: bigint) =>
  runCommand(runtime, `user:${supplier}`, (scope) =>
    submitBid(
      scope,
      { tender, supplier, lot: 'lot-1', content: bid155(price) },
      runtime.masterKey as Uint8Array,
    ),
  );

describeEachDialect('tender commands', (database) => {
  it('takes bids only from eligible suppliers, one live bid per lot (a withdrawn one makes room), until the deadline', {
    timeout: 60_000,
  }, async () => {
    const { runtime, clock } = await accessWorld(database().db);
    await registerBidders(runtime);
    await runCommand(runtime, 'user:officer', (scope) =>
      registerSupplier(scope, 'D0002', ['1315']),
    );
    const tender = await publishedTender(runtime);
    expect((await refusal(bidFor(runtime, tender, 'D0002', 2_800_00n))).message).toMatch(
      /not registered for supply class 1320/,
    );
    const withdrawn = await bidFor(runtime, tender, 'F0001', 2_800_00n);
    expect((await refusal(bidFor(runtime, tender, 'F0001', 2_700_00n))).code).toBe(
      'ALREADY_EXISTS',
    );
    await runCommand(runtime, 'user:F0001', (scope) =>
      withdrawBid(scope, { tender, bid: withdrawn, supplier: 'F0001' }),
    );
    await bidFor(runtime, tender, 'F0001', 2_700_00n);
    clock.advance(8 * DAY);
    expect((await refusal(bidFor(runtime, tender, THIRD_SUPPLIER, 2_700_00n))).code).toBe(
      'TENDER_CLOSED',
    );
  });

  it('a replaced bid counts from its replacement; a bid an amendment invalidated and nobody re-confirmed is set aside at the opening', {
    timeout: 60_000,
  }, async () => {
    const { runtime, clock } = await accessWorld(database().db);
    await registerBidders(runtime);
    const tender = await publishedTender(runtime);
    const key = runtime.masterKey as Uint8Array;
    const first = await bidFor(runtime, tender, 'F0001', 2_800_00n);
    const second = await bidFor(runtime, tender, 'D0002', 2_800_00n);
    const third = await bidFor(runtime, tender, THIRD_SUPPLIER, 2_800_00n);
    clock.advance(DAY);
    await runCommand(runtime, 'user:officer', (scope) =>
      amendDocuments(scope, tender, 'Version 2: delivery to Poland added.', 'new destination'),
    );
    expect((await bidsOf(runtime.db, tender)).map((b) => b.state)).toEqual([
      'invalidated',
      'invalidated',
      'invalidated',
    ]);
    clock.advance(DAY);
    await runCommand(runtime, 'user:F0001', (scope) =>
      replaceBid(scope, { tender, bid: first, supplier: 'F0001', content: bid155(2_790_00n) }, key),
    );
    await runCommand(runtime, 'user:D0002', (scope) =>
      confirmBid(scope, { tender, bid: second, supplier: 'D0002' }),
    );
    const bids = await bidsOf(runtime.db, tender);
    expect(bids.find((b) => b.id === first)?.finalSubmittedAt).toBe(clock.now().toISOString());
    clock.advance(6 * DAY);
    const opening = await runCommand(runtime, 'user:officer', (scope) =>
      openTender(scope, tender, key),
    );
    expect(opening.opened.map((o) => o.bid).sort()).toEqual([first, second].sort());
    expect(opening.setAside).toEqual([
      expect.objectContaining({ bid: third, reason: 'not-confirmed' }),
    ]);
  });

  it('an upheld challenge sends the tender back to evaluation; a cancellation keeps its reason', {
    timeout: 60_000,
  }, async () => {
    const { runtime, clock } = await accessWorld(database().db);
    await registerBidders(runtime);
    const tender = await publishedTender(runtime);
    const key = runtime.masterKey as Uint8Array;
    const bids = [
      await bidFor(runtime, tender, 'F0001', 2_800_00n),
      await bidFor(runtime, tender, 'D0002', 2_750_00n),
    ];
    clock.advance(8 * DAY);
    await runCommand(runtime, 'user:officer', (scope) => openTender(scope, tender, key));
    const evaluator = (work: Parameters<typeof runCommand>[2]) =>
      runCommand(runtime, 'user:evaluator', work);
    await evaluator((scope) => declareNoConflict(scope, tender, 'none'));
    const markAll = async (pass: (bid: string) => boolean) => {
      for (const bid of bids) {
        for (const requirement of ['R1', 'R2']) {
          await evaluator((scope) =>
            markRequirement(scope, {
              tender,
              bid,
              requirement,
              pass: pass(bid),
              justification: 'read',
            }),
          );
        }
      }
    };
    await markAll((bid) => bid === bids[0]);
    await evaluator((scope) => evaluateTender(scope, tender));
    await runCommand(runtime, 'user:officer-a', (scope) => proposeAward(scope, tender));
    await runCommand(runtime, 'user:officer-b', (scope) => approveAward(scope, tender));
    const challenge = await runCommand(runtime, 'user:D0002', (scope) =>
      lodgeChallenge(scope, { tender, supplier: 'D0002', reason: 'R2 was met', documents: [] }),
    );
    await runCommand(runtime, 'user:officer-a', (scope) =>
      decideChallenge(scope, { tender, challenge, upheld: true, reason: 'R2 was misread' }),
    );
    expect(await tenderOr404(runtime.db, tender)).toMatchObject({ state: 'opened', award: null });
    await markAll(() => true);
    await evaluator((scope) => evaluateTender(scope, tender));
    await runCommand(runtime, 'user:officer-a', (scope) => proposeAward(scope, tender));
    const award = (await tenderOr404(runtime.db, tender)).award ?? [];
    expect(award.map((a) => a.supplier)).toEqual(['D0002', 'F0001']);

    await runCommand(runtime, 'user:officer-a', (scope) =>
      cancelTender(scope, tender, 'the nations withdrew their demand'),
    );
    expect(await tenderOr404(runtime.db, tender)).toMatchObject({
      state: 'cancelled',
      cancelReason: 'the nations withdrew their demand',
    });
    expect(
      (await refusal(runCommand(runtime, 'user:officer-b', (scope) => approveAward(scope, tender))))
        .code,
    ).toBe('INVALID_TRANSITION');
  });
});
