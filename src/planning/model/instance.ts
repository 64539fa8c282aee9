/**
 * The allocation problem as the allocator reads it: plain numbers in typed arrays, so that an
 * instance of half a million arcs costs a few megabytes and no objects.
 *
 * Sources are (supplier, item, month) with a capacity; lines are demand or call-off lines, each of
 * one nation and one priority class (0 is served first), with a quantity and a due month; an arc
 * says that a source's production may serve a line, at a unit price. Months are whole numbers on
 * one calendar (0 = the plan's first month). All quantities, prices and months are integers.
 *
 * Delivery and lateness: a unit is delivered in the later of its production month and its line's
 * due month. A supplier holds what it makes early until the line is due (never before: nations
 * plan storage and transport around due months), so early production is allowed and costs
 * nothing; a unit made after the due month is late by (production month − due month) months.
 * Lateness of a schedule is the sum over units of their months late (unit-months).
 */
export interface PlanningInstance {
  /** How many nations; `lineNation` values are below it. */
  nations: number;
  /** How many priority classes; `linePriority` values are below it, 0 first. */
  priorities: number;
  sourceMonth: Int32Array;
  sourceCapacity: Float64Array;
  /**
   * The production line (supplier × item) each source is a month of. A line served by every month
   * of a production line at one price lets the schedule replace those arcs by one (see schedule.ts).
   */
  sourceProduction: Int32Array;
  lineNation: Int32Array;
  linePriority: Int32Array;
  lineQuantity: Float64Array;
  lineDue: Int32Array;
  arcSource: Int32Array;
  arcLine: Int32Array;
  /** Unit price on the arc, in minor units of the plan's currency. */
  arcPrice: Float64Array;
}

/** The months late a unit on `arc` arrives: production after the due month, never negative. */
export function monthsLate(instance: PlanningInstance, arc: number): number {
  const made = instance.sourceMonth[instance.arcSource[arc] as number] as number;
  const due = instance.lineDue[instance.arcLine[arc] as number] as number;
  return made > due ? made - due : 0;
}

/** A (nation, priority class) pair's index: its row in the fairness stages and in the results. */
export function claimantOf(instance: PlanningInstance, line: number): number {
  return (
    (instance.linePriority[line] as number) * instance.nations +
    (instance.lineNation[line] as number)
  );
}

/** Each (nation, priority class) pair's total need: the sum of its lines' quantities. */
export function needs(instance: PlanningInstance): Float64Array {
  const need = new Float64Array(instance.nations * instance.priorities);
  for (let line = 0; line < instance.lineQuantity.length; line++) {
    const claimant = claimantOf(instance, line);
    need[claimant] = (need[claimant] as number) + (instance.lineQuantity[line] as number);
  }
  return need;
}

/** Why an instance cannot be planned, or undefined when it is well formed. */
export function instanceFault(instance: PlanningInstance): string | undefined {
  const integral = (values: ArrayLike<number>, what: string) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isSafeInteger(v) || v < 0) return `${what} ${i} is not a whole number ≥ 0`;
    }
    return undefined;
  };
  const lines = instance.lineQuantity.length;
  const sources = instance.sourceCapacity.length;
  for (let arc = 0; arc < instance.arcSource.length; arc++) {
    const s = instance.arcSource[arc] as number;
    const l = instance.arcLine[arc] as number;
    if (s < 0 || s >= sources || l < 0 || l >= lines) return `arc ${arc} joins no source and line`;
  }
  if (instance.sourceProduction.length !== sources || instance.sourceMonth.length !== sources) {
    return 'every source needs a month and a production line';
  }
  if (instance.sourceProduction.some((p) => p < 0)) return 'a source names no production line';
  for (let line = 0; line < lines; line++) {
    const n = instance.lineNation[line] as number;
    const p = instance.linePriority[line] as number;
    if (n < 0 || n >= instance.nations || p < 0 || p >= instance.priorities) {
      return `line ${line} names no nation or priority class of the plan`;
    }
  }
  return (
    integral(instance.sourceCapacity, 'capacity of source') ??
    integral(instance.lineQuantity, 'quantity of line') ??
    integral(instance.arcPrice, 'price on arc')
  );
}
