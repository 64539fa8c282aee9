/**
 * Production lines: what one supplier can make of one item each month, and the ramp-ups that add
 * to it. Pure rules over plain values; months are `YYYY-MM` on one calendar.
 */

/** A decided investment: `addedPerMonth` more units a month from `leadMonths` after `decidedIn`. */
export interface RampUp {
  id: string;
  addedPerMonth: bigint;
  decidedIn: string;
  leadMonths: number;
  note: string;
}

/** A supplier's production of one item. */
export interface ProductionLine {
  id: string;
  supplier: string;
  nsn: string;
  /** Units a month from `from` on, before ramp-ups. */
  monthlyCapacity: bigint;
  from: string;
  rampUps: RampUp[];
}

/** The month index of `YYYY-MM`: months since year 0, so that differences are month counts. */
export function monthIndex(month: string): number {
  const [year, number] = month.split('-').map(Number);
  return (year ?? 0) * 12 + (number ?? 1) - 1;
}

/** `YYYY-MM` of a month index. */
export function monthOf(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month a ramp-up starts to add capacity: its decision month plus its lead time. */
export function effectiveFrom(rampUp: Pick<RampUp, 'decidedIn' | 'leadMonths'>): string {
  return monthOf(monthIndex(rampUp.decidedIn) + rampUp.leadMonths);
}

/** Units the line can make in each of `months` months from `first`: base plus ramp-ups in effect. */
export function capacityByMonth(line: ProductionLine, first: string, months: number): number[] {
  const start = monthIndex(first);
  const from = monthIndex(line.from);
  const steps = line.rampUps.map((r) => ({
    at: monthIndex(effectiveFrom(r)),
    units: r.addedPerMonth,
  }));
  return Array.from({ length: months }, (_, m) => {
    const month = start + m;
    if (month < from) return 0;
    const added = steps.filter((s) => s.at <= month).reduce((sum, s) => sum + s.units, 0n);
    return Number(line.monthlyCapacity + added);
  });
}
