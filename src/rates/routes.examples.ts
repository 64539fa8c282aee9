import type { RouteExamples } from '../testing/route-example.ts';

/** Requests for the exchange-rate routes, for the access matrix. */
export const ratesRouteExamples: RouteExamples = {
  'GET /exchange-rates': () => ({ url: '/exchange-rates?currency=USD' }),
  'POST /exchange-rates': () => ({
    payload: {
      source: 'ECB reference rates',
      rates: [{ day: '2023-09-27', base: 'EUR', quote: 'USD', rate: '1.0565' }],
    },
  }),
};
