// What changes demand: posting, revising and withdrawing signals, importing them in bulk, and a
// nation's consent to share its lines.
export { reviseSignal, setSharing, withdrawSignal } from './commands/change-signal.ts';
export { SignalFacts } from './commands/facts.ts';
export { postSignal } from './commands/post-signals.ts';
export { tenderFromLots } from './commands/tender.ts';
