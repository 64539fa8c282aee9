/** Where time comes from. Commands take it as a parameter so rules stay testable. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** The calendar day of an instant in UTC, `YYYY-MM-DD`: the day validity and rates are read for. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
