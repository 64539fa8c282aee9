// The agreements context's only SQL lives in store/, one file per table family; the rest of the
// context imports it through this door.
export * from './store/agreements.ts';
export * from './store/call-offs.ts';
export * from './store/proposals.ts';
export { AGREEMENT_TABLES } from './store/tables.ts';
