import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { projectors } from '../contexts.ts';
import { replay } from '../platform/ledger/projector.ts';
import { verifyLedger } from '../platform/ledger/verify.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import {
  bid155,
  bidBody,
  registerBidders,
  THIRD_SUPPLIER,
  tenderBody,
  thirdSupplierBearer,
} from '../testing/tenders.ts';
import { tendersProjector } from './projector.ts';
import { tickTenders } from './scheduler.ts';

const DAY = 86_400_000;

describeEachDialect('tenders over HTTP', (database) => {
  it('publish → clarification → 3 sealed bids → deadline → opening → evaluation → award → challenge rejected → standstill ends → agreements at the awarded prices', {
    timeout: 120_000,
  }, async () => {
    const world = await accessWorld(database().db);
    const { app, callers, clock, runtime } = world;
    await registerBidders(runtime);
    const as = (bearer: string) => ({ authorization: `Bearer ${bearer}` });
    const officer = as(callers['agency-officer'].own.bearer);
    const secondOfficer = as(callers['agency-officer'].other.bearer);
    const evaluator = as(callers.evaluator.own.bearer);
    const arsenal = as(callers['supplier-rep'].own.bearer); // F0001
    const rheinwerk = as(callers['supplier-rep'].other.bearer); // D0002
    const polska = as(await thirdSupplierBearer(world));

    const created = await app.inject({
      method: 'POST',
      url: '/tenders',
      headers: officer,
      payload: tenderBody(clock.now()),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await app.inject({ url: `/tenders/${id}`, headers: arsenal })).statusCode).toBe(404);
    const published = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/publish`,
      headers: officer,
    });
    expect(published.json()).toMatchObject({ state: 'published' });

    // A question from Arsenal Nord: the others read it and its answer, not who asked.
    const asked = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/clarifications`,
      headers: arsenal,
      payload: { question: 'May L15A1 be offered instead of DM121?' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const answered = await app.inject({
      method: 'PUT',
      url: `/tenders/${id}/clarifications/${asked.json().id}/answer`,
      headers: officer,
      payload: { answer: 'Yes: both items are in the lot.' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const seenByOther = (
      await app.inject({ url: `/tenders/${id}/clarifications`, headers: rheinwerk })
    ).json();
    expect(seenByOther).toEqual([
      expect.objectContaining({ askedBy: null, answer: 'Yes: both items are in the lot.' }),
    ]);
    const seenByAsker = (
      await app.inject({ url: `/tenders/${id}/clarifications`, headers: arsenal })
    ).json();
    expect(seenByAsker[0].askedBy).toBe('F0001');

    // Three sealed bids; Rheinwerk is cheapest but will fail a requirement.
    const bids: Record<string, string> = {};
    for (const [name, headers, price] of [
      ['F0001', arsenal, 2_800_00n],
      ['D0002', rheinwerk, 2_750_00n],
      [THIRD_SUPPLIER, polska, 2_900_00n],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url: `/tenders/${id}/bids`,
        headers,
        payload: bidBody(bid155(price)),
      });
      expect(response.statusCode, response.body).toBe(201);
      bids[name] = response.json().id;
    }
    const own = await app.inject({
      url: `/tenders/${id}/bids/${bids.F0001}/content`,
      headers: arsenal,
    });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ code: 'BID_SEALED' });

    // The deadline passes: the clock closes the tender, the officer opens it.
    clock.advance(8 * DAY);
    expect(await tickTenders(runtime)).toEqual([{ tender: id, to: 'closed' }]);
    const late = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/bids`,
      headers: polska,
      payload: bidBody(bid155(1_00n)),
    });
    expect(late.json()).toMatchObject({ code: 'TENDER_CLOSED' });
    const opened = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/opening`,
      headers: officer,
    });
    expect(opened.json().opened).toHaveLength(3);
    expect(opened.json().setAside).toEqual([]);

    // Evaluation: a declaration first, then every requirement of every bid.
    const early = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/marks`,
      headers: evaluator,
      payload: { bid: bids.F0001, requirement: 'R1', pass: true, justification: 'report 17' },
    });
    expect(early.json()).toMatchObject({ code: 'CONFLICT_NOT_DECLARED' });
    const declared = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/declarations`,
      headers: evaluator,
      payload: { statement: 'I have no interest in any bidder.' },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    for (const [supplier, bid] of Object.entries(bids)) {
      for (const requirement of ['R1', 'R2']) {
        const pass = !(supplier === 'D0002' && requirement === 'R2');
        const marked = await app.inject({
          method: 'POST',
          url: `/tenders/${id}/marks`,
          headers: evaluator,
          payload: {
            bid,
            requirement,
            pass,
            justification: pass ? 'evidence checked' : 'certificate expired',
          },
        });
        expect(marked.statusCode, marked.body).toBe(200);
      }
    }
    const content = await app.inject({
      url: `/tenders/${id}/bids/${bids.F0001}/content`,
      headers: evaluator,
    });
    expect(content.json()).toMatchObject({
      supplier: 'F0001',
      tiers: [{ from: '1' }, { from: '10000', unitPrice: '280000' }],
    });
    const evaluated = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/evaluation`,
      headers: evaluator,
    });
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    expect(evaluated.json().map((r: { supplier: string }) => r.supplier)).toEqual([
      'F0001',
      THIRD_SUPPLIER,
    ]);
    expect(evaluated.json()[0].price).toBe((20_000n * 2_800_00n).toString());
    const ledgerBefore = await sql<{
      n: string;
    }>`SELECT count(*)::text AS n FROM ledger_events`.execute(database().db);
    const whatIf = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/what-if`,
      headers: officer,
      payload: {
        method: { kind: 'best-value', weights: { price: 50, capacity: 0, leadTime: 50 } },
      },
    });
    expect(whatIf.statusCode, whatIf.body).toBe(200);
    const ledgerAfter = await sql<{
      n: string;
    }>`SELECT count(*)::text AS n FROM ledger_events`.execute(database().db);
    expect(ledgerAfter.rows).toEqual(ledgerBefore.rows);

    // Award: proposed by one officer, approved by another.
    const proposed = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/award`,
      headers: officer,
    });
    expect(proposed.json().award).toHaveLength(2);
    const selfApproved = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/award/approval`,
      headers: officer,
    });
    expect(selfApproved.json()).toMatchObject({ code: 'SECOND_APPROVER_REQUIRED' });
    const approved = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/award/approval`,
      headers: secondOfficer,
    });
    expect(approved.json()).toMatchObject({ state: 'awarded' });

    // Rheinwerk challenges; the challenge is rejected with its reason.
    const challenged = await app.inject({
      method: 'POST',
      url: `/tenders/${id}/challenges`,
      headers: rheinwerk,
      payload: { reason: 'Our AQAP-2110 certificate was renewed.', documents: ['renewal.pdf'] },
    });
    expect(challenged.statusCode, challenged.body).toBe(201);
    const rejected = await app.inject({
      method: 'PUT',
      url: `/tenders/${id}/challenges/${challenged.json().id}/decision`,
      headers: officer,
      payload: { upheld: false, reason: 'The renewal is dated after the bid deadline.' },
    });
    expect(rejected.json()).toMatchObject({ state: 'awarded' });

    // The standstill ends: the award is final and the framework agreement exists.
    clock.advance(11 * DAY);
    expect(await tickTenders(runtime)).toEqual([{ tender: id, to: 'final' }]);
    const final = (await app.inject({ url: `/tenders/${id}`, headers: officer })).json();
    expect(final.state).toBe('final');
    const agreementId = final.lots[0].agreementId as string;
    const agreement = (
      await app.inject({ url: `/agreements/${agreementId}`, headers: officer })
    ).json();
    expect(agreement).toMatchObject({ state: 'active', ceiling: { minor: '100000000000' } });
    expect(
      agreement.suppliers.map(
        (s: {
          supplier: string;
          rank: number;
          prices: { tiers: { unitPrice: { minor: string } }[] }[];
        }) => [s.supplier, s.rank, s.prices[0]?.tiers.map((t) => t.unitPrice.minor)],
      ),
    ).toEqual([
      ['F0001', 1, ['300000', '280000']],
      [THIRD_SUPPLIER, 2, ['310000', '290000']],
    ]);

    const { rows } = await sql<{ type: string }>`
      SELECT type FROM ledger_events WHERE stream = ${`tender:${id}`} ORDER BY seq`.execute(
      database().db,
    );
    const types = rows.map((r) => r.type);
    for (const step of [
      'TenderCreated',
      'TenderPublished',
      'ClarificationAsked',
      'ClarificationAnswered',
      'BidSubmitted',
      'TenderClosed',
      'TenderOpened',
      'ConflictOfInterestDeclared',
      'RequirementMarked',
      'TenderEvaluated',
      'AwardProposed',
      'AwardApproved',
      'ChallengeLodged',
      'ChallengeDecided',
      'AwardFinal',
    ]) {
      expect(types, step).toContain(step);
    }
    expect(types.filter((t) => t === 'BidSubmitted')).toHaveLength(3);
    expect((await verifyLedger(database().db)).ok).toBe(true);

    // The read tables come back the same from the ledger; the ciphertexts are left alone.
    const tables = async () => {
      const out: unknown[] = [];
      for (const table of [...tendersProjector.tables, 'sealed_bids', 'tender_keys']) {
        const { rows } = await sql`SELECT * FROM ${sql.table(table)} t ORDER BY t::text`.execute(
          database().db,
        );
        out.push(table, rows);
      }
      return out;
    };
    const before = await tables();
    await replay(database().db, projectors);
    expect(await tables()).toEqual(before);
  });
});
