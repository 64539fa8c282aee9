/** Where time comes from. Commands take it as a parameter so rules stay testable. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
