import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { readHead } from '../platform/ledger/store.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { LOCKOUT } from './model.ts';
import { SESSION_TTL_MS } from './sign-in.ts';

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

describeEachDialect('sign-in, sessions and API tokens', (database) => {
  it('keeps only the hash of a token, and its secret nowhere else', async () => {
    const world = await accessWorld(database().db);
    const caller = world.callers['nation-rep'].own;
    const issued = await world.app.inject({
      method: 'POST',
      url: '/tokens',
      headers: bearer(caller.bearer),
      payload: { label: 'for a script' },
    });
    expect(issued.statusCode).toBe(201);
    const { token, bearer: value } = issued.json();
    const secret = (value as string).slice(-43);
    const { db } = database();
    const stored = await db
      .selectFrom('api_token_secrets')
      .selectAll()
      .where('token_id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.secret_hash)).toEqual(createHash('sha256').update(secret).digest());
    for (const table of [
      'api_tokens',
      'api_token_secrets',
      'ledger_events',
      'sessions',
      'security_events',
    ]) {
      const { rows } = await sql`SELECT * FROM ${sql.table(table)}`.execute(db);
      expect(
        JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
      ).not.toContain(secret);
    }
    const listed = await world.app.inject({ url: '/tokens', headers: bearer(caller.bearer) });
    expect(listed.body).not.toContain(secret);
    expect(
      (await world.app.inject({ url: '/sessions/current', headers: bearer(value) })).statusCode,
    ).toBe(200);
  });

  it('refuses a revoked token at once, and an expired one', async () => {
    const world = await accessWorld(database().db);
    const caller = world.callers['supplier-rep'].own;
    const fresh = await world.issueBearer(caller.userId, [], 1);
    expect(
      (await world.app.inject({ url: '/tokens', headers: bearer(fresh.bearer) })).statusCode,
    ).toBe(200);
    const revoked = await world.app.inject({
      method: 'DELETE',
      url: `/tokens/${fresh.id}`,
      headers: bearer(caller.bearer),
    });
    expect(revoked.json()).toMatchObject({ id: fresh.id, revokedAt: expect.any(String) });
    const after = await world.app.inject({ url: '/tokens', headers: bearer(fresh.bearer) });
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(after.json()).toMatchObject({
      code: 'UNAUTHENTICATED',
      detail: 'The API token is revoked.',
    });

    const shortLived = await world.issueBearer(caller.userId, [], 1);
    world.clock.advance(86_400_000 + 1);
    const expired = await world.app.inject({ url: '/tokens', headers: bearer(shortLived.bearer) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ detail: 'The API token is expired.' });
  });

  it('answers 403 when a token is scoped below what the request needs', async () => {
    const world = await accessWorld(database().db);
    const officer = world.callers['agency-officer'].own;
    const party = { id: 'TESTAGY', kind: 'agency', name: 'Test Agency' };
    const full = await world.app.inject({
      method: 'POST',
      url: '/parties',
      headers: bearer(officer.bearer),
      payload: party,
    });
    expect(full.statusCode).toBe(201);

    const admin = world.callers.admin.own;
    const changed = await world.app.inject({
      method: 'PUT',
      url: `/users/${officer.userId}/roles`,
      headers: bearer(admin.bearer),
      payload: { roles: ['agency-officer', 'auditor'] },
    });
    expect(changed.statusCode).toBe(200);
    const auditOnly = await world.issueBearer(officer.userId, ['auditor']);
    const refused = await world.app.inject({
      method: 'POST',
      url: '/parties',
      headers: bearer(auditOnly.bearer),
      payload: { ...party, id: 'TESTAGY2' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    const widen = await world.app.inject({
      method: 'POST',
      url: '/tokens',
      headers: bearer(auditOnly.bearer),
      payload: { label: 'wider', scopes: ['agency-officer'] },
    });
    expect(widen.statusCode).toBe(400);
  });

  it('locks an account after repeated failures: 429 with Retry-After, even for the right password, until the lock ends', async () => {
    const world = await accessWorld(database().db);
    const { username, password } = world.callers['nation-rep'].own;
    const headBefore = await readHead(database().db);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 20; i++) {
      const response = await world.app.inject({
        method: 'POST',
        url: '/sessions',
        payload: { username, password: `wrong ${i}` },
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) retryAfter = response.headers['retry-after'] as string;
      world.clock.advance(1000);
    }
    expect(statuses.slice(0, LOCKOUT.failures - 1).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LOCKOUT.failures - 1).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);

    const locked = await world.app.inject({
      method: 'POST',
      url: '/sessions',
      payload: { username, password },
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    world.clock.advance(Number(locked.headers['retry-after']) * 1000);
    const open = await world.app.inject({
      method: 'POST',
      url: '/sessions',
      payload: { username, password },
    });
    expect(open.statusCode).toBe(200);

    // Failures are security events, never procurement-ledger events.
    expect(await readHead(database().db)).toEqual(headBefore);
    const { rows } = await sql<{
      n: bigint;
    }>`SELECT count(*) AS n FROM security_events WHERE account = ${username}`.execute(
      database().db,
    );
    expect(rows[0]?.n).toBe(BigInt(LOCKOUT.failures + 1));
  });

  it('runs a web session: HttpOnly SameSite=Strict cookie, CSRF on changes, expiry and sign-out', async () => {
    const world = await accessWorld(database().db, { trustProxy: true });
    const { username, password } = world.callers['nation-rep'].own;
    const signedIn = await world.app.inject({
      method: 'POST',
      url: '/sessions',
      payload: { username, password },
    });
    expect(signedIn.statusCode).toBe(200);
    const setCookie = String(signedIn.headers['set-cookie']);
    expect(setCookie).toMatch(
      /^qm_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    const cookie = setCookie.split(';')[0] as string;
    const { csrfToken } = signedIn.json();

    const behindTls = await world.app.inject({
      method: 'POST',
      url: '/sessions',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username, password },
    });
    expect(String(behindTls.headers['set-cookie'])).toMatch(/; Secure$/);

    expect(
      (await world.app.inject({ url: '/sessions/current', headers: { cookie } })).json(),
    ).toMatchObject({ via: 'session' });
    const forged = await world.app.inject({
      method: 'POST',
      url: '/tokens',
      headers: { cookie },
      payload: { label: 'x' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    const wrong = await world.app.inject({
      method: 'POST',
      url: '/tokens',
      headers: { cookie, 'x-csrf-token': 'not-the-token' },
      payload: { label: 'x' },
    });
    expect(wrong.statusCode).toBe(403);
    const genuine = await world.app.inject({
      method: 'POST',
      url: '/tokens',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: { label: 'x' },
    });
    expect(genuine.statusCode).toBe(201);

    const signedOut = await world.app.inject({
      method: 'DELETE',
      url: '/sessions/current',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(signedOut.statusCode).toBe(204);
    expect(String(signedOut.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect(
      (await world.app.inject({ url: '/sessions/current', headers: { cookie } })).statusCode,
    ).toBe(401);

    const again = await world.app.inject({
      method: 'POST',
      url: '/sessions',
      payload: { username, password },
    });
    const second = String(again.headers['set-cookie']).split(';')[0] as string;
    expect(
      (await world.app.inject({ url: '/sessions/current', headers: { cookie: second } }))
        .statusCode,
    ).toBe(200);
    world.clock.advance(SESSION_TTL_MS);
    expect(
      (await world.app.inject({ url: '/sessions/current', headers: { cookie: second } }))
        .statusCode,
    ).toBe(401);
    // The next sign-in sweeps the expired sessions away: only its own remains.
    await world.app.inject({ method: 'POST', url: '/sessions', payload: { username, password } });
    const { rows } = await sql<{ n: bigint }>`SELECT count(*) AS n FROM sessions`.execute(
      database().db,
    );
    expect(rows[0]?.n).toBe(1n);
  });

  it('lets a user change their own password, which ends their web sessions', async () => {
    const world = await accessWorld(database().db);
    const me = world.callers['nation-rep'].own;
    const signIn = (password: string) =>
      world.app.inject({
        method: 'POST',
        url: '/sessions',
        payload: { username: me.username, password },
      });
    const cookie = String((await signIn(me.password)).headers['set-cookie']).split(
      ';',
    )[0] as string;
    const change = (currentPassword: string, caller = me) =>
      world.app.inject({
        method: 'PUT',
        url: `/users/${me.userId}/password`,
        headers: bearer(caller.bearer),
        payload: { currentPassword, newPassword: 'a brand new passphrase' },
      });
    const wrong = await change('not my password');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([
      { path: 'body.currentPassword', message: 'is not your current password' },
    ]);
    expect((await change(me.password, world.callers['nation-rep'].other)).statusCode).toBe(404);
    expect((await change(me.password)).statusCode).toBe(204);
    expect(
      (await world.app.inject({ url: '/sessions/current', headers: { cookie } })).statusCode,
    ).toBe(401);
    expect((await signIn(me.password)).statusCode).toBe(401);
    expect((await signIn('a brand new passphrase')).statusCode).toBe(200);
    const { rows } = await sql<{ payload: unknown }>`
      SELECT payload FROM ledger_events WHERE type = 'PasswordChanged'`.execute(database().db);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toMatch(/hash|passphrase/);
  });

  it('records token issue and revoke and role changes in the ledger, with no secret in them', async () => {
    const world = await accessWorld(database().db);
    const { db } = database();
    const { rows } = await sql<{
      type: string;
      payload: unknown;
    }>`SELECT type, payload FROM ledger_events ORDER BY seq`.execute(db);
    const types = new Set(rows.map((r) => r.type));
    expect([...types]).toEqual(
      expect.arrayContaining(['PartyRegistered', 'TokenIssued', 'UserCreated']),
    );
    // Signing in is not a procurement fact: no session or sign-in ever reaches the ledger.
    expect([...types].filter((t) => /session|sign|login/i.test(t))).toEqual([]);
    const admin = world.callers.admin.own;
    const target = world.callers.auditor.own;
    await world.app.inject({
      method: 'PUT',
      url: `/users/${target.userId}/roles`,
      headers: bearer(admin.bearer),
      payload: { roles: ['auditor'] },
    });
    const fresh = await world.issueBearer(target.userId);
    await world.app.inject({
      method: 'DELETE',
      url: `/tokens/${fresh.id}`,
      headers: bearer(admin.bearer),
    });
    const { rows: later } = await sql<{ type: string; payload: Record<string, unknown> }>`
      SELECT type, payload FROM ledger_events ORDER BY seq DESC LIMIT 3`.execute(db);
    expect(later.map((r) => r.type)).toEqual(['TokenRevoked', 'TokenIssued', 'RolesChanged']);
    expect(JSON.stringify(later)).not.toMatch(/hash|password|secret/i);
  });

  it('keeps security events append-only and bounds how fast one address writes them', {
    // Sixty-one failed logins, each checking a password hash: slow on a busy machine.
    timeout: 120_000,
  }, async () => {
    const world = await accessWorld(database().db);
    for (let i = 0; i < 61; i++) {
      await world.app.inject({
        method: 'POST',
        url: '/sessions',
        payload: { username: `nobody-${i}`, password: 'wrong password' },
      });
    }
    const { db } = database();
    const { rows } = await sql<{ n: bigint }>`SELECT count(*) AS n FROM security_events`.execute(
      db,
    );
    expect(rows[0]?.n).toBe(60n);
    await expect(sql`UPDATE security_events SET kind = 'nothing'`.execute(db)).rejects.toThrow(
      /permission denied|append-only/,
    );
    await expect(sql`DELETE FROM security_events`.execute(db)).rejects.toThrow(
      /permission denied|append-only/,
    );
  });
});
