// What changes tenders: each command locks its tender, decides, and records its events on the
// tender's stream.
export * from './commands/award.ts';
export * from './commands/bids.ts';
export * from './commands/clarifications.ts';
export * from './commands/evaluation.ts';
export * from './commands/opening.ts';
export { requireMasterKey } from './commands/shared.ts';
export * from './commands/tenders.ts';
