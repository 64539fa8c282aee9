import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { runCommand } from '../platform/command.ts';
import { openDatabase } from '../platform/db/connect.ts';
import type { Hearer, Notifications } from '../platform/db/notifications.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { revokeToken } from './commands.ts';
import { TokenHolders } from './token-holders.ts';

/** Notifications a test sends by hand. */
function handNotifications() {
  const hearers: Hearer[] = [];
  const notifications: Notifications = {
    listen: (_channel, hearer) => void hearers.push(hearer),
    close: async () => undefined,
  };
  const tell = (what: keyof Hearer) => {
    for (const hearer of hearers) hearer[what]();
  };
  return { notifications, tell };
}

/** Waits for `condition`, up to two seconds. */
async function eventually(condition: () => Promise<boolean> | boolean): Promise<boolean> {
  for (let waited = 0; waited < 2_000; waited += 10) {
    if (await condition()) return true;
    await sleep(10);
  }
  return false;
}

describeEachDialect('token holders', (database) => {
  it('remember a token only while the database is heard, and forget it on every notice', async () => {
    const { db, admin } = database();
    const world = await accessWorld(db);
    await world.app.close();
    const { id } = await world.issueBearer(world.callers['nation-rep'].own.userId);
    // Behind the application's back, and unheard: only a lookup that was not remembered sees it.
    const revokeUnheard = (at: string | null) =>
      sql`UPDATE api_tokens SET revoked_at = ${at} WHERE id = ${id}`.execute(admin);
    const { notifications, tell } = handNotifications();
    const holders = new TokenHolders(db, notifications);
    const revokedAt = async () => (await holders.find(id))?.token.revokedAt ?? null;

    expect(await revokedAt()).toBeNull();
    await revokeUnheard('2024-01-01T00:00:00Z');
    expect(await revokedAt()).not.toBeNull();
    await revokeUnheard(null);

    tell('listening');
    expect(holders.remembering).toBe(true);
    expect(await revokedAt()).toBeNull();
    await revokeUnheard('2024-01-01T00:00:00Z');
    expect(await revokedAt()).toBeNull();
    tell('heard');
    expect(await revokedAt()).not.toBeNull();

    await revokeUnheard(null);
    tell('lost');
    expect(holders.remembering).toBe(false);
    expect(await revokedAt()).toBeNull();
    await revokeUnheard('2024-01-01T00:00:00Z');
    expect(await revokedAt()).not.toBeNull();
  });

  it('remember nothing read before or during a change this process makes', async () => {
    const { db, admin } = database();
    const world = await accessWorld(db);
    await world.app.close();
    const { id } = await world.issueBearer(world.callers['nation-rep'].own.userId);
    const { notifications, tell } = handNotifications();
    const holders = new TokenHolders(db, notifications);
    tell('listening');
    const revokedAt = async () => (await holders.find(id))?.token.revokedAt ?? null;
    expect(await revokedAt()).toBeNull();
    await holders.whileChanging(async () => {
      // Read while the change runs, before it commits: not remembered.
      expect(await revokedAt()).toBeNull();
      await sql`UPDATE api_tokens SET revoked_at = now() WHERE id = ${id}`.execute(admin);
    });
    expect(await revokedAt()).not.toBeNull();
  });

  it('hear a revocation made by another process', async () => {
    const { db, dialect, appUrl } = database();
    const world = await accessWorld(db);
    await world.app.close();
    const { id } = await world.issueBearer(world.callers['nation-rep'].own.userId);
    const holders = new TokenHolders(db);
    expect(await eventually(() => holders.remembering)).toBe(true);
    const revokedAt = async () => (await holders.find(id))?.token.revokedAt ?? null;
    expect(await revokedAt()).toBeNull();
    // PGlite runs in one process: its CLI and its server cannot share a data dir at once.
    const other =
      dialect === 'postgres' && appUrl !== undefined
        ? await openDatabase({ kind: 'postgres', url: appUrl, poolSize: 1 })
        : undefined;
    try {
      await runCommand({ ...world.runtime, db: other?.db ?? db }, 'user:cli', (scope) =>
        revokeToken(scope, id),
      );
    } finally {
      await other?.close();
    }
    expect(await eventually(async () => (await revokedAt()) !== null)).toBe(true);
  });
});
