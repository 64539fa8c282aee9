import type { RouteExamples } from '../testing/route-example.ts';

const item = {
  name: 'Example 155 mm HE projectile',
  family: '155mm projectile',
  standards: ['STANAG 4425'],
  unitOfIssue: 'EA',
  referencePrice: { minor: '350000', currency: 'EUR' },
  verified: false,
  source: 'access matrix',
};

/** Requests for every catalogue route, for the access matrix (the demo catalogue is loaded). */
export const catalogueRouteExamples: RouteExamples = {
  'GET /catalogue/items': () => ({ url: '/catalogue/items?q=projectile' }),
  'GET /catalogue/items/:nsn': () => ({ url: '/catalogue/items/1320991000015' }),
  // Registering an NSN again revises the item, so a repeated number is as good as a new one.
  'PUT /catalogue/items/:nsn': () => {
    const digits = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0');
    return {
      url: `/catalogue/items/1320-11-${digits.slice(0, 3)}-${digits.slice(3)}`,
      payload: item,
    };
  },
  'GET /catalogue/items/:nsn/platforms': () => ({
    url: '/catalogue/items/1320-99-100-0015/platforms?level=compatible-unqualified',
  }),
  'GET /catalogue/items/:nsn/platforms/:platform/history': () => ({
    url: '/catalogue/items/1320-99-100-0015/platforms/CAESAR/history',
  }),
  'GET /catalogue/items/:nsn/substitutes': () => ({
    url: '/catalogue/items/1320-12-100-0121/substitutes?nation=DEU',
  }),
  'GET /catalogue/platforms': () => ({}),
  'GET /catalogue/platforms/:id': () => ({ url: '/catalogue/platforms/PZH2000' }),
  'PUT /catalogue/platforms/:id': ({ unique }) => ({
    url: `/catalogue/platforms/TEST-${unique()}`,
    payload: {
      name: 'Test howitzer',
      family: '155mm projectile',
      verified: false,
      source: 'access matrix',
    },
  }),
  'GET /catalogue/platforms/:id/items': () => ({ url: '/catalogue/platforms/M777/items' }),
  'PUT /catalogue/compatibility': () => ({
    payload: {
      nsn: '1320-99-100-0015',
      platform: 'CAESAR',
      level: 'compatible-unqualified',
      source: 'access matrix',
      asOf: '2023-09-28',
    },
  }),
  'GET /catalogue/groups': () => ({ url: '/catalogue/groups?family=155mm%20projectile' }),
  'PUT /nations/:nation/fleet/:platform': ({ target }) => ({
    url: `/nations/${nationOf(target.partyId)}/fleet/CAESAR`,
    payload: { count: 12 },
    owner: { partyId: nationOf(target.partyId) },
  }),
  'PUT /nations/:nation/accepted-levels/:family': ({ target }) => ({
    url: `/nations/${nationOf(target.partyId)}/accepted-levels/155mm%20projectile`,
    payload: { level: 'compatible-unqualified' },
    owner: { partyId: nationOf(target.partyId) },
  }),
  'GET /nations/:nation/interoperability': () => ({
    url: '/nations/UKR/interoperability?family=155mm%20projectile',
  }),
};

// Fleet routes take a nation code; callers of other parties aim at a nation that is not theirs.
function nationOf(partyId: string): string {
  return /^[A-Z]{3}$/.test(partyId) ? partyId : 'ITA';
}
