import { z } from 'zod';

const ZDigits = z.string().regex(/^\d+$/);
const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** A line of a plan's input as the ledger keeps it: the price as a string of digits. */
const ZStoredLine = z.object({
  kind: z.enum(['call-off', 'demand']),
  id: z.string(),
  nation: z.string(),
  nsn: z.string().nullable(),
  family: z.string(),
  priority: z.number().int(),
  quantity: z.number().int(),
  due: z.number().int(),
  options: z.array(z.object({ supplier: z.string(), item: z.string(), price: ZDigits })),
});

/**
 * Everything a plan was computed from, so that it can be computed again and compared: the
 * production lines' monthly capacities and the lines with their options, months counted from
 * `firstMonth`.
 */
const ZStoredInput = z.object({
  firstMonth: ZMonth,
  months: z.number().int(),
  currency: z.string(),
  priorities: z.number().int(),
  production: z.array(
    z.object({ supplier: z.string(), item: z.string(), capacity: z.array(z.number().int()) }),
  ),
  lines: z.array(ZStoredLine),
});
export type StoredInput = z.infer<typeof ZStoredInput>;

const ZCount = z.number().int();

/** What a plan's schedule comes to, summed over some lines. */
const ZFigures = {
  need: ZCount,
  served: ZCount,
  shortfall: ZCount,
  /** Unit-months late. */
  lateness: ZCount,
  /** Minor units of the plan's currency. */
  cost: ZDigits,
};

/** A plan's results: what each line and nation receives, month by month, and why. */
const ZStoredResults = z.object({
  totals: z.object(ZFigures),
  lines: z.array(
    z.object({
      /** The line's place in the input's `lines`. */
      index: ZCount,
      ...ZFigures,
      deliveries: z.array(
        z.object({ month: ZMonth, supplier: z.string(), item: z.string(), units: ZCount }),
      ),
    }),
  ),
  nations: z.array(
    z.object({
      nation: z.string(),
      ...ZFigures,
      months: z.array(z.object({ month: ZMonth, units: ZCount })),
    }),
  ),
  /** Each (nation, class)'s exact fair share of its need, as units served: `n/d` or whole. */
  shares: z.array(
    z.object({ nation: z.string(), priority: ZCount, need: ZCount, served: z.string() }),
  ),
  explanations: z.array(z.object({ nation: z.string(), sentence: z.string() })),
  /**
   * The smallest capacity additions that would close each class's shortfall by its due dates,
   * with their dual prices; null until the allocator computes them.
   */
  capacityAdditions: z
    .array(
      z.object({
        priority: ZCount,
        supplier: z.string(),
        item: z.string(),
        month: ZMonth,
        units: ZCount,
        dualPrice: z.string(),
      }),
    )
    .nullable(),
});
export type StoredResults = z.infer<typeof ZStoredResults>;

/**
 * The planning context's events. A production line is the stream `production-line:<id>`; a plan
 * the stream `plan:<id>`. Changing one is changing history: add a new event type instead.
 */
export const planningEvents = {
  ProductionLineAdded: z.object({
    line: z.string(),
    supplier: z.string(),
    nsn: z.string(),
    monthlyCapacity: ZDigits,
    from: ZMonth,
  }),
  ProductionLineRevised: z.object({ line: z.string(), monthlyCapacity: ZDigits, from: ZMonth }),
  RampUpDecided: z.object({
    line: z.string(),
    rampUp: z.string(),
    addedPerMonth: ZDigits,
    decidedIn: ZMonth,
    leadMonths: z.number().int(),
    note: z.string(),
  }),
  PlanComputed: z.object({
    plan: z.string(),
    /** The ledger head's seq when the inputs were read: the plan is of the ledger up to there. */
    inputsAt: ZDigits,
    solver: z.enum(['network', 'highs']),
    input: ZStoredInput,
    results: ZStoredResults,
  }),
} as const;

export type PlanningEventType = keyof typeof planningEvents;
export type PlanningEventPayload<T extends PlanningEventType> = z.infer<(typeof planningEvents)[T]>;
