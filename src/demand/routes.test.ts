import { expect, it } from 'vitest';
import { readHead } from '../platform/ledger/store.ts';
import { readRecords } from '../platform/spreadsheet/records.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { tenderBody } from '../testing/tenders.ts';

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

async function rowsOf(bytes: Buffer, format: 'csv' | 'xlsx') {
  const rows: Record<string, unknown>[] = [];
  for await (const { record } of readRecords(bytes, format)) rows.push(record);
  return rows;
}

describeEachDialect('demand over HTTP', (database) => {
  it('takes a nation its own signals and shows them to it alone; bad input names the field', async () => {
    const { app, runtime, callers } = await accessWorld(database().db);
    const france = bearer(callers['nation-rep'].own.bearer);
    const germany = bearer(callers['nation-rep'].other.bearer);
    const before = (await readHead(runtime.db))?.seq;

    const bad = await app.inject({
      method: 'POST',
      url: '/demand/signals',
      headers: france,
      payload: { family: '155mm projectile', quantity: 100, neededBy: '2024-13' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'body.neededBy', message: 'a month, YYYY-MM' }]);
    const donation = await app.inject({
      method: 'POST',
      url: '/demand/signals',
      headers: france,
      payload: {
        family: '155mm projectile',
        quantity: 100,
        neededBy: '2024-06',
        purpose: 'donate',
        recipient: 'XYZ',
      },
    });
    expect(donation.statusCode).toBe(400);
    expect(donation.json().errors).toEqual([
      { path: 'recipient', message: 'XYZ is not a nation known here' },
    ]);
    expect((await readHead(runtime.db))?.seq).toBe(before);

    const posted = await app.inject({
      method: 'POST',
      url: '/demand/signals',
      headers: france,
      payload: {
        nsn: '1320121000121',
        platform: 'CAESAR',
        quantity: 400,
        neededBy: '2024-06',
        firmness: 'firm',
      },
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.json()).toMatchObject({
      nation: 'FRA',
      nsn: '1320-12-100-0121',
      family: '155mm projectile',
      quantity: 400,
      state: 'open',
    });
    const id = posted.json().id as string;
    expect((await app.inject({ url: `/demand/signals/${id}`, headers: germany })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ url: '/demand/signals', headers: germany })).json()).toEqual([]);

    const exported = await app.inject({
      url: '/demand/signals/export?format=xlsx',
      headers: france,
    });
    expect(exported.headers['content-type']).toMatch(/spreadsheetml/);
    expect(await rowsOf(exported.rawPayload, 'xlsx')).toMatchObject([
      { id, state: 'open', nation: 'FRA', nsn: '1320-12-100-0121', quantity: '400' },
    ]);
  });

  it('imports an upload row by row, with a template to start from', async () => {
    const { app, runtime, callers } = await accessWorld(database().db);
    const france = bearer(callers['nation-rep'].own.bearer);
    const template = await app.inject({ url: '/demand/template?format=xlsx', headers: france });
    expect(template.statusCode).toBe(200);
    const [example] = await rowsOf(template.rawPayload, 'xlsx');
    expect(example).toMatchObject({
      nation: 'FRA',
      family: '155mm projectile',
      needed_by: '2024-06',
    });

    const csv = [
      'family,quantity,needed_by,purpose,recipient',
      '155mm projectile,100,2024-06,replenish,',
      '155mm projectile,200,2024-06,donate,DEU',
      '155mm projectile,-3,2024-06,replenish,',
    ].join('\n');
    const upload = (skipInvalid: boolean) =>
      app.inject({
        method: 'POST',
        url: '/demand/imports',
        headers: france,
        payload: { format: 'csv', content: Buffer.from(csv).toString('base64'), skipInvalid },
      });
    const refused = await upload(false);
    expect(refused.json()).toMatchObject({
      imported: false,
      posted: 0,
      problems: [{ row: 4, column: 'quantity', value: '-3', reason: 'is a whole number of units' }],
    });
    expect((await upload(true)).json()).toMatchObject({ imported: true, posted: 2, unchanged: 0 });
    const seq = (await readHead(runtime.db))?.seq;
    expect((await upload(true)).json()).toMatchObject({ imported: true, posted: 0, unchanged: 2 });
    expect((await readHead(runtime.db))?.seq).toBe(seq);

    const garbage = await app.inject({
      method: 'POST',
      url: '/demand/imports',
      headers: france,
      payload: { format: 'xlsx', content: Buffer.from('not a workbook').toString('base64') },
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().errors).toEqual([
      { path: 'content', message: 'not a readable xlsx file' },
    ]);
  });

  it('drafts a tender from proposed lots, taking items, quantity and nations from the lot', async () => {
    const { app, runtime, callers, clock } = await accessWorld(database().db);
    const officer = bearer(callers['agency-officer'].own.bearer);
    for (const [caller, quantity] of [
      [callers['nation-rep'].own, 400],
      [callers['nation-rep'].other, 600],
    ] as const) {
      const posted = await app.inject({
        method: 'POST',
        url: '/demand/signals',
        headers: bearer(caller.bearer),
        payload: { family: '155mm projectile', quantity, neededBy: '2024-06', firmness: 'firm' },
      });
      expect(posted.statusCode).toBe(201);
    }
    const lots = await app.inject({
      method: 'GET',
      url: '/demand/lots?period=quarter',
      headers: officer,
    });
    const [lot] = lots.json() as {
      id: string;
      items: string[];
      quantity: string;
      nations: { nation: string }[];
    }[];
    if (lot === undefined) throw new Error('no proposed lot');
    const { lots: _tendered, ...tender } = tenderBody(clock.now());
    const terms = {
      lot: 'LOT-155',
      title: '155 mm for the pool',
      requirements: [{ id: 'R1', text: 'STANAG 4425 qualified' }],
      ceiling: '500000000',
      durationMonths: 24,
      awards: 2,
    };
    const before = (await readHead(runtime.db))?.seq;
    const stale = await app.inject({
      method: 'POST',
      url: '/demand/lots/tender',
      headers: officer,
      payload: { ...tender, period: 'quarter', lots: [{ ...terms, proposed: 'no-such-lot' }] },
    });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().errors).toEqual([
      {
        path: 'body.lots.0.proposed',
        message: 'no such proposed lot among the open signals of this period',
      },
    ]);
    expect((await readHead(runtime.db))?.seq).toBe(before);

    const drafted = await app.inject({
      method: 'POST',
      url: '/demand/lots/tender',
      headers: officer,
      payload: { ...tender, period: 'quarter', lots: [{ ...terms, proposed: lot.id }] },
    });
    expect(drafted.statusCode).toBe(201);
    const shown = await app.inject({
      method: 'GET',
      url: `/tenders/${drafted.json().id}`,
      headers: officer,
    });
    expect(shown.json()).toMatchObject({
      state: 'draft',
      lots: [
        {
          lot: 'LOT-155',
          items: lot.items,
          quantity: lot.quantity,
          nations: lot.nations.map((share) => share.nation),
          ceiling: '500000000',
        },
      ],
    });
  });
});
