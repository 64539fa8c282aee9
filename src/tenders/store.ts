// The tenders context's only SQL lives in store/; the rest of the context imports it through this door.
export * from './store/reads.ts';
export * from './store/sealed.ts';
export { json, TENDER_TABLES } from './store/tables.ts';
export * from './store/tenders.ts';
export * from './store/writes.ts';
