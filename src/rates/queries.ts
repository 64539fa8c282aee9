/** What other contexts may read about exchange rates. */
export { latestRate } from './store.ts';
