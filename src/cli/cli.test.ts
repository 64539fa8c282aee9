import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../contexts.ts';
import { openDatabase } from '../platform/db/connect.ts';
import { pgliteDir } from '../platform/db/data-dir.ts';
import type { Db } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { newId } from '../platform/ids.ts';
import { append } from '../platform/ledger/append.ts';
import { asIntruder, describeEachDialect } from '../testing/dialects.ts';
import { testDialects } from '../testing/selection.ts';
import { runQm, startServerProcess } from '../testing/server-process.ts';
import { temporaryDirectory } from '../testing/temporary-directory.ts';

const MASTER_KEY = 'ab'.repeat(32);

describe('qm configuration errors', () => {
  it.each([
    [{ QM_PORT: 'abc' }, 'qm: QM_PORT: expected an integer port from 0 to 65535, got "abc"'],
    [{ QM_PORT: '70000' }, 'qm: QM_PORT: expected an integer port from 0 to 65535, got "70000"'],
    [
      { DATABASE_URL: 'postgres://127.0.0.1:1/none', QM_MASTER_KEY: '' },
      'qm: QM_MASTER_KEY: required when DATABASE_URL is set, so that every API process shares it',
    ],
    [{ QM_MASTER_KEY: 'short' }, 'qm: QM_MASTER_KEY: expected 32 bytes as 64 hex digits or base64'],
    [
      { DATABASE_URL: 'mysql://x' },
      'qm: DATABASE_URL: expected a postgres:// or postgresql:// URL',
    ],
  ])('refuses %o with one line', async (env, line) => {
    const run = await runQm(['serve'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${line}\n`);
    expect(run.stdout).toBe('');
  });

  it('answers an unknown command with usage and a non-zero exit', async () => {
    const run = await runQm(['bogus']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/unknown command 'bogus'/);
  });
});

describe.skipIf(!testDialects().includes('pglite'))('qm serve on the embedded database', () => {
  const dataDir = temporaryDirectory('qm-serve-');

  it('serves, stops cleanly on SIGTERM, and reuses its data dir on the next start', {
    timeout: 120_000,
  }, async () => {
    const first = await startServerProcess({ QM_DATA_DIR: dataDir() });
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${first.url}/readyz`)).json()).toEqual({
      status: 'ready',
      migrations: migrations.length,
    });
    const busy = await runQm(['ledger', 'head'], { QM_DATA_DIR: dataDir() });
    expect(busy.stderr).toMatch(/^qm: .* is in use by process \d+/);
    expect(await first.stop()).toBe(0);
    expect(first.logs().join('\n')).toMatch(/"msg":"stopped"/);
    const oneTime = /created the administrator "admin" with the one-time password\s+(\S+)/.exec(
      first.logs().join('\n'),
    );
    expect(oneTime?.[1]).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const key = await readFile(join(dataDir(), 'master.key'), 'utf8');

    const second = await startServerProcess({ QM_DATA_DIR: dataDir() });
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    expect(await second.stop()).toBe(0);
    const logs = second.logs().join('\n');
    expect(logs).not.toMatch(/"msg":"migrated"/);
    expect(logs).not.toMatch(/generated a new master key/);
    expect(logs).not.toMatch(/one-time password/);
    expect(logs).not.toContain(key.trim());
    expect(await readFile(join(dataDir(), 'master.key'), 'utf8')).toBe(key);
  });
});

describe.skipIf(!testDialects().includes('pglite'))(
  'the first administrator and an API token, as the README shows',
  () => {
    const dataDir = temporaryDirectory('qm-admin-');

    it('qm users create --admin, qm tokens issue, then the token works over HTTP until revoked', {
      timeout: 600_000,
    }, async () => {
      const env = { QM_DATA_DIR: dataDir() };
      const created = await runQm(
        ['users', 'create', 'alice', '--admin', '--name', 'Alice Officer'],
        env,
      );
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(
        /^created alice \(admin\) of NSPA\npassword \(shown once\): \S{24}\n$/,
      );
      const issued = await runQm(['tokens', 'issue', '--user', 'alice', '--label', 'curl'], env);
      expect(issued.code).toBe(0);
      const [summary, bearer] = issued.stdout.trim().split('\n');
      expect(bearer).toMatch(/^qm_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
      const tokenId = /^token (\S+) for alice/.exec(summary ?? '')?.[1] as string;

      const server = await startServerProcess(env);
      try {
        const me = await fetch(`${server.url}/sessions/current`, {
          headers: { authorization: `Bearer ${bearer}` },
        });
        expect(me.status).toBe(200);
        expect(await me.json()).toMatchObject({
          user: { username: 'alice', partyId: 'NSPA' },
          via: 'token',
          roles: ['admin'],
        });
        expect(server.logs().join('\n')).not.toMatch(/one-time password/);
      } finally {
        expect(await server.stop()).toBe(0);
      }
      // The first start loaded the demo catalogue; the command line reads it too.
      const found = await runQm(['catalogue', 'search', 'excalibur'], env);
      expect(found.stdout).toMatch(/^1320-01-100-0982 {2}155mm projectile +M982 Excalibur/);
      const fired = await runQm(['catalogue', 'compat', '1320991000015', '--json'], env);
      expect(JSON.parse(fired.stdout)).toMatchObject({
        item: '1320-99-100-0015',
        platforms: [{ id: 'AS90' }, { id: 'PZH2000' }],
      });
      const neither = await runQm(['catalogue', 'compat', 'nothing'], env);
      expect(neither).toMatchObject({
        code: 1,
        stderr: 'qm: nothing is neither an NSN nor a known platform\n',
      });

      // Export and import round-trip; a file with a bad row changes nothing.
      const exported = await runQm(['catalogue', 'export'], env);
      expect(exported.stdout.split('\n')[0]).toBe(
        'nsn,name,family,standards,unit_of_issue,reference_price_minor,reference_currency,restricted,verified,source',
      );
      const csv = join(dataDir(), 'items.csv');
      await writeFile(csv, exported.stdout);
      expect((await runQm(['catalogue', 'import', csv], env)).stdout).toBe(
        '12 rows: 0 created, 0 revised, 12 unchanged, 0 problem(s) skipped\n',
      );
      await writeFile(
        csv,
        `${exported.stdout.trim()}\n1320-11-000-001,Broken,155mm projectile,,EA,,,false,false,test\n`,
      );
      const refused = await runQm(['catalogue', 'import', csv], env);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe(
        'row 14, nsn "1320-11-000-001": an NSN has 13 characters (4 + 2 + 3 + 4), this has 12\n',
      );
      expect(refused.stderr).toBe(
        'qm: 13 rows, 1 problem(s): nothing imported; fix them or use --skip-invalid\n',
      );

      // The first start loaded the demo's agreements too: the seeds' figures, computed.
      const figures = await runQm(['agreements', 'figures'], env);
      expect(figures.stdout).toBe(
        'EUR: ceilings EUR 2,400,000,000.00, committed EUR 1,000,000,000.00, delivered EUR 0.00, 23 call-offs\n',
      );
      const agreements = JSON.parse((await runQm(['agreements', 'list', '--json'], env)).stdout);
      const atgm = agreements.find((a: { lot: string }) => a.lot === 'DEMO-ATGM-LOT1');
      const outsider = await runQm(
        ['calloffs', 'place', atgm.id, '--nation', 'ITA', '--nsn', '1410-01-100-0148'].concat([
          '--month',
          '2030-01:10',
          '--destination',
          'Roma',
        ]),
        env,
      );
      expect(outsider).toMatchObject({
        code: 1,
        stderr: 'qm: ITA does not take part in this agreement.\n',
      });
      // Raising a ceiling takes two officers, on the command line as over HTTP.
      for (const officer of ['bob', 'carol']) {
        const made = await runQm(
          ['users', 'create', officer, '--party', 'NSPA', '--role', 'agency-officer'],
          env,
        );
        expect(made.code).toBe(0);
      }
      const reason = ['--reason', 'second tranche of national demand'];
      const proposed = await runQm(
        [
          'agreements',
          'ceiling',
          'propose',
          atgm.id,
          '900,000,000.00',
          '--officer',
          'bob',
          '--json',
        ].concat(reason),
        env,
      );
      expect(proposed).toMatchObject({ code: 0, stderr: '' });
      const proposal = JSON.parse(proposed.stdout).id as string;
      const decide = (officer: string) =>
        runQm(
          [
            'agreements',
            'ceiling',
            'decide',
            atgm.id,
            proposal,
            '--approve',
            '--officer',
            officer,
          ].concat(reason),
          env,
        );
      expect(await decide('bob')).toMatchObject({
        code: 1,
        stderr: 'qm: Another officer must approve the ceiling you proposed.\n',
      });
      expect(await decide('carol')).toMatchObject({
        code: 0,
        stdout: `approved ${proposal}: the ceiling is EUR 900,000,000.00\n`,
      });
      expect(
        await runQm(
          ['agreements', 'ceiling', 'propose', atgm.id, '1.001', '--officer', 'bob'].concat(reason),
          env,
        ),
      ).toMatchObject({
        code: 1,
        stderr: 'qm: <amount>: expected an amount in EUR with at most 2 decimals, got "1.001"\n',
      });

      const rates = join(dataDir(), 'rates.csv');
      await writeFile(rates, 'day,base,quote,rate\n2023-09-27,EUR,USD,1.0565\n');
      const source = ['--source', 'ECB reference rates'];
      expect((await runQm(['rates', 'import', rates, ...source], env)).stdout).toBe(
        '1 rates read, 1 new or changed\n',
      );
      expect((await runQm(['rates', 'import', rates, ...source], env)).stdout).toBe(
        '1 rates read, 0 new or changed\n',
      );
      await writeFile(rates, 'day,base,quote,rate\n2023-09-27,EUR,USD,abc\n');
      const badRate = await runQm(['rates', 'import', rates, ...source], env);
      expect(badRate.code).toBe(1);
      expect(badRate.stderr).toMatch(/^qm: .*rates\.csv row 2/);

      const listed = await runQm(['tokens', 'list'], env);
      expect(listed.stdout).toMatch(new RegExp(`^${tokenId}\\s+active\\s`));
      expect(listed.stdout).not.toContain(bearer);
      // The whole run, so that a refusal shows its one line.
      expect(await runQm(['tokens', 'revoke', tokenId], env)).toMatchObject({
        code: 0,
        stderr: '',
      });
      expect((await runQm(['tokens', 'list'], env)).stdout).toMatch(
        new RegExp(`^${tokenId}\\s+revoked\\s`),
      );
      const duplicate = await runQm(['users', 'create', 'alice', '--admin'], env);
      expect(duplicate.code).toBe(1);
      expect(duplicate.stderr).toBe('qm: The user name alice is taken.\n');
    });
  },
);

describeEachDialect('qm ledger', (database) => {
  const dataDir = temporaryDirectory('qm-cli-');

  /** The environment `qm` runs with, and a way to reach the same data in-process between runs. */
  function target(): {
    env: NodeJS.ProcessEnv;
    use<T>(work: (db: Db, admin: Db) => Promise<T>): Promise<T>;
  } {
    const { dialect, db, admin, appUrl } = database();
    if (dialect === 'postgres') {
      return {
        env: { DATABASE_URL: appUrl, QM_MASTER_KEY: MASTER_KEY },
        use: (work) => work(db, admin),
      };
    }
    return {
      env: { QM_DATA_DIR: dataDir() },
      async use(work) {
        const opened = await openDatabase({ kind: 'pglite', dataDir: pgliteDir(dataDir()) });
        try {
          await migrateToLatest(opened.db, migrations);
          return await work(opened.db, opened.db);
        } finally {
          await opened.close();
        }
      },
    };
  }

  async function appendEvents(db: Db, stream: string, count: number, from = 0n) {
    await db.transaction().execute((trx) =>
      append(trx, {
        stream,
        expectedVersion: from,
        events: Array.from({ length: count }, () => ({
          id: newId(),
          type: 'Tested',
          payload: { amount: '100' },
        })),
        actor: 'user:test',
        recordedAt: new Date(),
      }),
    );
  }

  // Each step starts a `qm` process that opens the database, as a user's would.
  const processTimeout = { timeout: 120_000 };

  it(
    'migrates, prints the head, verifies, and proves a published head is still reached',
    processTimeout,
    async () => {
      const { env, use } = target();
      expect((await runQm(['migrate'], env)).code).toBe(0);
      expect((await runQm(['migrate'], env)).stdout).toBe('database is up to date\n');
      await use((db) => appendEvents(db, 'agreement:1', 3));

      const head = await runQm(['ledger', 'head'], env);
      expect(head.code).toBe(0);
      expect(head.stdout).toMatch(/^3:[0-9a-f]{64}\n$/);
      const published = head.stdout.trim();

      await use((db) => appendEvents(db, 'agreement:1', 2, 3n));
      const verified = await runQm(['ledger', 'verify', '--expect', published], env);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/^ledger verified: 5 events, head 5:[0-9a-f]{64}\n$/);

      const json = await runQm(['ledger', 'verify', '--json'], env);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, events: '5' });

      const elsewhere = await runQm(['ledger', 'verify', '--expect', `9:${'0'.repeat(64)}`], env);
      expect(elsewhere.code).toBe(2);
      expect(elsewhere.stderr).toBe(
        'qm: ledger broken at seq 6: the chain ends at 5, before the published head 9\n',
      );
    },
  );

  it('names the first tampered event in one line and exits non-zero', processTimeout, async () => {
    const { env, use } = target();
    await use(async (db, admin) => {
      await appendEvents(db, 'agreement:2', 4);
      await asIntruder(admin, (trx) =>
        sql`UPDATE ledger_events SET actor = 'user:forger' WHERE seq = 2`.execute(trx),
      );
    });
    const run = await runQm(['ledger', 'verify'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'qm: ledger broken at seq 2: its stored fields differ from the canonical JSON its hash covers\n',
    );
  });

  it('replays every read model', processTimeout, async () => {
    const { env, use } = target();
    await use((db) => appendEvents(db, 'agreement:3', 2));
    const run = await runQm(['ledger', 'replay'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^replayed \d+ events into \d+ read model\(s\)\n$/);
  });
});
