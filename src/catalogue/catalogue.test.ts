import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { projectors } from '../contexts.ts';
import { replay } from '../platform/ledger/projector.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';

const L15A1 = '1320-99-100-0015';
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
const ids = (rows: { id?: string; nsn?: string }[]) => rows.map((r) => r.id ?? r.nsn);

describeEachDialect('catalogue', (database) => {
  it('derives what fires what from the seeded edges, by level', async () => {
    const { app } = await accessWorld(database().db);
    const qualified = await app.inject({ url: `/catalogue/items/${L15A1}/platforms` });
    expect(ids(qualified.json())).toEqual(['AS90', 'PZH2000']);
    const loose = await app.inject({
      url: `/catalogue/items/1320991000015/platforms?level=compatible-unqualified`,
    });
    expect(ids(loose.json()).sort()).toEqual(['AS90', 'CAESAR', 'KRAB', 'M777', 'PZH2000']);
    const firedByPzh = await app.inject({ url: '/catalogue/platforms/PZH2000/items' });
    expect(ids(firedByPzh.json())).toEqual(['1320-12-100-0121', '1320-12-100-0702', L15A1]);
    const groups = await app.inject({ url: '/catalogue/groups?family=155mm%20projectile' });
    expect(groups.json()).toContainEqual(['1320-12-100-0121', '1320-12-100-0702']);
  });

  it('finds substitutes at the level a nation accepts, and scores its interoperability', async () => {
    const { app, callers } = await accessWorld(database().db);
    const officer = bearer(callers['agency-officer'].own.bearer);
    const strict = await app.inject({
      url: '/catalogue/items/1320-12-100-0121/substitutes?nation=DEU',
      headers: officer,
    });
    expect(strict.json()).toMatchObject({ accepted: 'qualified', platforms: ['PZH2000'] });
    expect(ids(strict.json().items)).toEqual(['1320-12-100-0121', '1320-12-100-0702', L15A1]);

    const onCaesar = await app.inject({
      url: `/catalogue/items/${L15A1}/substitutes?nation=FRA&platform=CAESAR`,
      headers: officer,
    });
    expect(ids(onCaesar.json().items)).toEqual(['1320-14-100-0002']);
    const loosen = await app.inject({
      method: 'PUT',
      url: '/nations/FRA/accepted-levels/155mm%20projectile',
      headers: bearer(callers['nation-rep'].own.bearer),
      payload: { level: 'compatible-unqualified' },
    });
    expect(loosen.statusCode).toBe(200);
    const looser = await app.inject({
      url: `/catalogue/items/${L15A1}/substitutes?nation=FRA&platform=CAESAR`,
      headers: officer,
    });
    expect(ids(looser.json().items)).toEqual(['1320-12-100-0121', '1320-14-100-0002', L15A1]);

    const score = await app.inject({
      url: '/nations/UKR/interoperability?family=155mm%20projectile',
      headers: officer,
    });
    const shares = Object.fromEntries(
      score.json().scores.map((s: { nsn: string; share: number }) => [s.nsn, s.share]),
    );
    // Ukraine's illustrative 155 mm fleet: 380 guns; Excalibur is qualified on M777 (150) and M109 (100).
    expect(shares['1320-01-100-0982']).toBeCloseTo(250 / 380, 12);
  });

  it('searches by NSN, prefix, supply class, family and words, hiding restricted items from the public', async () => {
    const { app, callers } = await accessWorld(database().db);
    const officer = bearer(callers['agency-officer'].own.bearer);
    expect((await app.inject({ url: '/catalogue/items/1320991000015' })).json()).toMatchObject({
      nsn: L15A1,
    });
    expect(ids((await app.inject({ url: '/catalogue/items?nsn=1320-01' })).json())).toHaveLength(4);
    expect(ids((await app.inject({ url: '/catalogue/items?nsn=131512' })).json())).toEqual([
      '1315-12-100-0120',
    ]);
    expect(
      ids((await app.inject({ url: '/catalogue/items?supplyClass=1410' })).json()),
    ).toHaveLength(2);
    expect(
      ids((await app.inject({ url: '/catalogue/items?family=120mm%20tank%20round' })).json()),
    ).toEqual(['1315-12-100-0120']);
    expect(ids((await app.inject({ url: '/catalogue/items?q=excalibur' })).json())).toEqual([
      '1320-01-100-0982',
    ]);

    const secret = await app.inject({
      method: 'PUT',
      url: '/catalogue/items/1320-11-999-0001',
      headers: officer,
      payload: {
        name: 'Restricted excalibur variant',
        family: '155mm projectile',
        verified: false,
        source: 'test',
        restricted: true,
      },
    });
    expect(secret.statusCode).toBe(200);
    expect(ids((await app.inject({ url: '/catalogue/items?q=excalibur' })).json())).toEqual([
      '1320-01-100-0982',
    ]);
    expect((await app.inject({ url: '/catalogue/items/1320-11-999-0001' })).statusCode).toBe(404);
    const secretHistory = '/catalogue/items/1320-11-999-0001/platforms/M777/history';
    expect((await app.inject({ url: secretHistory })).statusCode).toBe(404);
    expect((await app.inject({ url: secretHistory, headers: officer })).json()).toEqual([]);
    const secretPlatforms = '/catalogue/items/1320-11-999-0001/platforms';
    expect((await app.inject({ url: secretPlatforms })).statusCode).toBe(404);
    expect((await app.inject({ url: secretPlatforms, headers: officer })).statusCode).toBe(200);
    expect(
      ids(
        (await app.inject({ url: '/catalogue/items?q=excalibur', headers: officer })).json(),
      ).sort(),
    ).toEqual(['1320-01-100-0982', '1320-11-999-0001']);
  });

  it('refuses a malformed NSN with its path, and keeps every assessment of an edge as its history', async () => {
    const { app, callers } = await accessWorld(database().db);
    const officer = bearer(callers['agency-officer'].own.bearer);
    const bad = await app.inject({ url: '/catalogue/items/1320-99-100-001' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { path: 'params.nsn', message: 'an NSN has 13 characters (4 + 2 + 3 + 4), this has 12' },
    ]);

    const assess = (level: string, asOf: string) =>
      app.inject({
        method: 'PUT',
        url: '/catalogue/compatibility',
        headers: officer,
        payload: { nsn: L15A1, platform: 'CAESAR', level, source: 'firing trials', asOf },
      });
    expect((await assess('qualified', '2024-03-01')).statusCode).toBe(200);
    expect((await assess('not-compatible', '2024-06-01')).statusCode).toBe(200);
    const { rows } = await sql<{ level: string }>`
      SELECT payload->>'level' AS level FROM ledger_events
      WHERE stream = ${`compatibility:${L15A1}:CAESAR`} ORDER BY seq`.execute(database().db);
    expect(rows.map((r) => r.level)).toEqual([
      'compatible-unqualified',
      'qualified',
      'not-compatible',
    ]);
    const history = await app.inject({ url: `/catalogue/items/${L15A1}/platforms/CAESAR/history` });
    expect(history.statusCode).toBe(200);
    expect(history.json().map((a: { level: string }) => a.level)).toEqual(rows.map((r) => r.level));
    expect(history.json().at(-1)).toEqual({
      nsn: L15A1,
      platform: 'CAESAR',
      level: 'not-compatible',
      source: 'firing trials',
      asOf: '2024-06-01',
      recordedBy: `user:${callers['agency-officer'].own.userId}`,
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const noPlatform = await app.inject({
      url: `/catalogue/items/${L15A1}/platforms/NOPE/history`,
    });
    expect(noPlatform.statusCode).toBe(404);
    const platforms = await app.inject({
      url: `/catalogue/items/${L15A1}/platforms?level=compatible-unqualified`,
    });
    expect(ids(platforms.json())).not.toContain('CAESAR');
    const unknown = await app.inject({
      method: 'PUT',
      url: '/catalogue/compatibility',
      headers: officer,
      payload: {
        nsn: L15A1,
        platform: 'NOPE',
        level: 'qualified',
        source: 'x',
        asOf: '2024-01-01',
      },
    });
    expect(unknown.json()).toMatchObject({ status: 400, errors: [{ path: 'body.platform' }] });
  });

  it('rebuilds the catalogue tables identically from the ledger', async () => {
    const { db } = database();
    await accessWorld(db);
    const snapshot = async () => {
      const tables = [
        'catalogue_items',
        'catalogue_platforms',
        'catalogue_compatibility',
        'catalogue_compatibility_history',
        'catalogue_fleets',
        'catalogue_accepted_levels',
      ];
      const out: Record<string, unknown[]> = {};
      for (const table of tables) {
        out[table] = (await sql`SELECT * FROM ${sql.table(table)} ORDER BY 1, 2`.execute(db)).rows;
      }
      return out;
    };
    const live = await snapshot();
    expect(live.catalogue_items).toHaveLength(12);
    await replay(db, projectors);
    expect(await snapshot()).toEqual(live);
  });
});
