import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { projectors } from '../contexts.ts';
import { replay } from '../platform/ledger/projector.ts';
import { verifyLedger } from '../platform/ledger/verify.ts';
import { accessWorld } from '../testing/access-world.ts';
import { activeAgreement, agreementTables } from '../testing/agreements.ts';
import {
  type Answer,
  attempts,
  race,
  raceLot,
  type Send,
  UNIT_PRICE,
} from '../testing/call-off-load.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { type ServerProcess, startQuietServerProcess } from '../testing/server-process.ts';
import { agreementAsOf, agreementFigures } from './queries.ts';

const LARGEST = 100;

describeEachDialect('concurrent call-offs against ceilings', (database) => {
  it('fills every ceiling and sub-ceiling exactly, refusing only with ceiling problems', {
    timeout: 600_000,
  }, async () => {
    const { dialect, db, appUrl } = database();
    const world = await accessWorld(db);
    // PostgreSQL: 4 server processes × 16 connections, 64 clients; PGlite, in process, smaller.
    const [agreementCount, count, clients] =
      dialect === 'postgres' ? [4, 10_000, 64] : [2, 600, 16];
    const perAgreement = BigInt(count / agreementCount);
    const averageValue = (BigInt(LARGEST + 1) * UNIT_PRICE) / 2n;
    // About half of what is tried fits under each ceiling; France may use a fifth of it.
    const ceiling = (perAgreement * averageValue) / 2n;
    const subCeiling = ceiling / 5n;
    const agreements: string[] = [];
    for (let i = 0; i < agreementCount; i++) {
      agreements.push(await activeAgreement(world.runtime, raceLot(ceiling, subCeiling)));
    }
    // Server processes run on the real clock: bring the fixtures' clock to it, and issue tokens then.
    world.clock.advance(Date.now() - world.clock.now().getTime());
    const tokenOf = async (caller: 'own' | 'other') =>
      (await world.issueBearer(world.callers['nation-rep'][caller].userId)).bearer;
    const bearerOf: Record<string, string> = {
      FRA: await tokenOf('own'),
      DEU: await tokenOf('other'),
    };
    const tried = attempts(agreements, count, LARGEST);

    let send: Send;
    const servers: ServerProcess[] = [];
    try {
      if (dialect === 'postgres') {
        const env = {
          DATABASE_URL: appUrl,
          QM_MASTER_KEY: randomBytes(32).toString('hex'),
          QM_DB_POOL_SIZE: '16',
        };
        for (let i = 0; i < 4; i++) servers.push(await startQuietServerProcess(env));
        send = async (attempt, client) => {
          const server = servers[client % servers.length] as ServerProcess;
          const response = await fetch(`${server.url}/agreements/${attempt.agreement}/call-offs`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${bearerOf[attempt.nation]}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(attempt.body),
          });
          return { status: response.status, body: (await response.json()) as Answer['body'] };
        };
      } else {
        send = async (attempt) => {
          const response = await world.app.inject({
            method: 'POST',
            url: `/agreements/${attempt.agreement}/call-offs`,
            headers: { authorization: `Bearer ${bearerOf[attempt.nation]}` },
            payload: attempt.body,
          });
          return { status: response.statusCode, body: response.json() };
        };
      }
      const answers = await race(tried, clients, send);

      const refusals = answers.filter((a) => a.status !== 201);
      const unexpected = refusals.filter(
        (a) =>
          a.status !== 409 ||
          (a.body.code !== 'CEILING_EXCEEDED' && a.body.code !== 'SUBCEILING_EXCEEDED'),
      );
      expect(unexpected.slice(0, 5).map((a) => JSON.stringify(a))).toEqual([]);
      expect(refusals.length).toBeGreaterThan(count / 4);

      for (const id of agreements) {
        const mine = tried
          .map((attempt, i) => ({ attempt, answer: answers[i] as Answer }))
          .filter(({ attempt }) => attempt.agreement === id);
        const accepted = (nation?: string) =>
          mine
            .filter(
              ({ answer, attempt }) =>
                answer.status === 201 && (nation ?? attempt.nation) === attempt.nation,
            )
            .reduce((sum, { attempt }) => sum + attempt.value, 0n);
        const largest = (nation?: string) =>
          mine
            .filter(({ attempt }) => (nation ?? attempt.nation) === attempt.nation)
            .map(({ attempt }) => attempt.value)
            .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))[0] ?? 0n;

        const agreement = await agreementAsOf(db, id, '2026-01-01');
        if (agreement === undefined) throw new Error('the agreement is gone');
        const figures = await agreementFigures(db, agreement);
        const france = figures.nations.find((n) => n.nation === 'FRA');
        expect(agreement.committed).toBe(accepted());
        expect(france?.committed).toBe(accepted('FRA'));
        // Never over a ceiling…
        expect(accepted() <= ceiling).toBe(true);
        expect(accepted('FRA') <= subCeiling).toBe(true);
        // …and never refusing what would have fitted.
        expect(accepted() > ceiling - largest()).toBe(true);
        expect(accepted('FRA') > subCeiling - largest('FRA')).toBe(true);
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }

    expect((await verifyLedger(db)).ok).toBe(true);
    const before = await agreementTables(db);
    await replay(db, projectors);
    expect(await agreementTables(db)).toEqual(before);
  });
});
