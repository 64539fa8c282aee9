import { expect, it } from 'vitest';
import { readHead } from '../platform/ledger/store.ts';
import { accessWorld } from '../testing/access-world.ts';
import { activeAgreement, agreementBody, DM121, lot155, pairLot } from '../testing/agreements.ts';
import { describeEachDialect } from '../testing/dialects.ts';

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
const callOff = (overrides: Record<string, unknown> = {}) => ({
  nsn: DM121,
  quantity: 100,
  schedule: [{ month: '2024-01', quantity: 100 }],
  destination: 'Unterlüß',
  ...overrides,
});

describeEachDialect('agreements over HTTP', (database) => {
  it('answers bad input with problem+json naming the field, and appends nothing', async () => {
    const { app, runtime, callers, clock, issueBearer } = await accessWorld(database().db);
    const germany = bearer(callers['nation-rep'].other.bearer);
    const france = bearer(callers['nation-rep'].own.bearer);
    const officer = bearer(callers['agency-officer'].own.bearer);
    const id = await activeAgreement(runtime, lot155({ validTo: '2023-12-31' }));
    const onlyGermany = await activeAgreement(runtime, pairLot('DEU', 'F0001'));
    const events = async () => (await readHead(runtime.db))?.seq;
    const before = await events();

    const cases: [string, Record<string, string>, string, unknown, number, string, string?][] = [
      [
        'zero quantity',
        germany,
        id,
        callOff({ quantity: 0 }),
        400,
        'VALIDATION_FAILED',
        'body.quantity',
      ],
      [
        'negative quantity',
        germany,
        id,
        callOff({ quantity: -5 }),
        400,
        'VALIDATION_FAILED',
        'body.quantity',
      ],
      [
        'an NSN that does not parse',
        germany,
        id,
        callOff({ nsn: '1320-XX' }),
        400,
        'VALIDATION_FAILED',
        'body.nsn',
      ],
      [
        'an item outside the lot',
        germany,
        id,
        callOff({ nsn: '1320-01-100-0107' }),
        400,
        'VALIDATION_FAILED',
        'body.nsn',
      ],
      [
        'a month that is not one',
        germany,
        id,
        callOff({ schedule: [{ month: '2024-13', quantity: 100 }] }),
        400,
        'VALIDATION_FAILED',
        'body.schedule.0.month',
      ],
      ['a nation outside the agreement', france, onlyGermany, callOff(), 422, 'NOT_A_PARTICIPANT'],
    ];
    for (const [what, headers, agreement, payload, status, code, path] of cases) {
      const response = await app.inject({
        method: 'POST',
        url: `/agreements/${agreement}/call-offs`,
        headers,
        payload: payload as object,
      });
      expect(response.statusCode, what).toBe(status);
      expect(response.headers['content-type'], what).toMatch(/^application\/problem\+json/);
      expect(response.json(), what).toMatchObject({ code });
      if (path !== undefined) expect(response.json().errors[0].path, what).toBe(path);
    }
    const malformed = await app.inject({
      method: 'POST',
      url: '/agreements',
      headers: officer,
      payload: { ...agreementBody(), ceiling: '12.50' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].path).toBe('body.ceiling');
    const unknownItem = await app.inject({
      method: 'POST',
      url: '/agreements',
      headers: officer,
      payload: { ...agreementBody(), items: [DM121, '1320-55-555-5555'] },
    });
    expect(unknownItem.json().errors[0].path).toBe('body.items.1');
    expect(await events()).toBe(before);

    clock.advance(120 * 86_400_000);
    const fresh = await issueBearer(callers['nation-rep'].other.userId);
    const afterIssue = await events();
    const expired = await app.inject({
      method: 'POST',
      url: `/agreements/${id}/call-offs`,
      headers: bearer(fresh.bearer),
      payload: callOff(),
    });
    expect(expired.statusCode).toBe(409);
    expect(expired.json().code).toBe('AGREEMENT_NOT_ACTIVE');
    expect(await events()).toBe(afterIssue);
  });

  it('refuses a call-off over the ceiling with the room left, and shows the figures to each side', async () => {
    const { app, runtime, callers } = await accessWorld(database().db);
    const germany = bearer(callers['nation-rep'].other.bearer);
    const france = bearer(callers['nation-rep'].own.bearer);
    const id = await activeAgreement(
      runtime,
      lot155({
        ceiling: 1_000_000_00n,
        nations: [
          { nation: 'FRA', subCeiling: null },
          { nation: 'DEU', subCeiling: null },
        ],
      }),
    );
    const placed = await app.inject({
      method: 'POST',
      url: `/agreements/${id}/call-offs`,
      headers: germany,
      payload: callOff({ quantity: 300, schedule: [{ month: '2024-01', quantity: 300 }] }),
    });
    expect(placed.statusCode).toBe(201);
    expect(placed.json()).toMatchObject({
      nation: 'DEU',
      supplier: 'F0001',
      unitPrice: { minor: '300000', currency: 'EUR' },
      value: { minor: '90000000', currency: 'EUR' },
      state: 'placed',
    });
    const over = await app.inject({
      method: 'POST',
      url: `/agreements/${id}/call-offs`,
      headers: france,
      payload: callOff({ quantity: 40, schedule: [{ month: '2024-01', quantity: 40 }] }),
    });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({
      code: 'CEILING_EXCEEDED',
      remaining: { minor: '10000000', currency: 'EUR' },
    });
    const mine = await app.inject({ url: `/agreements/${id}/figures`, headers: france });
    expect(mine.json().nations.map((n: { nation: string }) => n.nation)).toEqual(['FRA']);
    expect(mine.json().total).toMatchObject({ ceiling: '100000000', committed: '90000000' });
    const frenchCallOffs = await app.inject({ url: '/call-offs', headers: france });
    expect(frenchCallOffs.json()).toEqual([]);
    const pool = await app.inject({ url: '/figures' });
    expect(pool.json().totals).toEqual([
      {
        currency: 'EUR',
        ceiling: '100000000',
        committed: '90000000',
        delivered: '0',
        remaining: '10000000',
        callOffs: 1,
      },
    ]);
  });

  it('answers a placement with the call-off exactly as reading it back shows it', async () => {
    const { app, runtime, callers } = await accessWorld(database().db);
    const germany = bearer(callers['nation-rep'].other.bearer);
    const id = await activeAgreement(runtime);
    const place = (schedule: { month: string; quantity: number }[]) =>
      app.inject({
        method: 'POST',
        url: `/agreements/${id}/call-offs`,
        headers: germany,
        payload: callOff({
          supplier: 'F0001',
          quantity: schedule.reduce((sum, m) => sum + m.quantity, 0),
          // Months out of order: the call-off read back lists them in order.
          schedule,
        }),
      });
    const readBack = async (placed: { json(): { id: string } }) =>
      (await app.inject({ url: `/call-offs/${placed.json().id}`, headers: germany })).json();
    const first = await place([
      { month: '2024-02', quantity: 3000 },
      { month: '2024-01', quantity: 3000 },
    ]);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual(await readBack(first));
    // The second reaches the cheaper tier: the first is rebated, the second is priced at it.
    const second = await place([
      { month: '2024-03', quantity: 2000 },
      { month: '2024-02', quantity: 3000 },
    ]);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(await readBack(second));
    expect(second.json()).toMatchObject({
      unitPrice: { minor: '280000' },
      rebated: { minor: '0' },
    });
    expect(await readBack(first)).toMatchObject({ rebated: { minor: '120000000' } });
  });
});
