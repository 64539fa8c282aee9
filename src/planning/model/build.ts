import type { PlanningInstance } from './instance.ts';

/** A production line: what one supplier can make of one item, month by month from month 0. */
export interface ProductionInput {
  supplier: string;
  item: string;
  /** Units per month; index = month of the plan. */
  capacity: readonly number[];
}

/** One way a line may be served: an item from a supplier, at a unit price for that nation. */
export interface LineOption {
  supplier: string;
  item: string;
  /** Minor units of the plan's currency per unit. */
  price: number;
}

/** A call-off or demand line as the plan sees it. */
export interface LineInput {
  nation: string;
  /** 0 is served first. */
  priority: number;
  quantity: number;
  /** Month of the plan by which it is wanted. */
  due: number;
  /** Which (supplier, item) may serve it: the catalogue's substitutes and the nation's terms. */
  options: readonly LineOption[];
}

/** Everything the allocator needs, in domain terms. */
export interface PlanInput {
  months: number;
  priorities: number;
  production: readonly ProductionInput[];
  lines: readonly LineInput[];
}

/** The instance and the names behind its indices. */
export interface BuiltPlan {
  instance: PlanningInstance;
  nations: string[];
}

/**
 * The allocation network of a plan: one source per production line and month, one arc per line
 * option and month (a unit made in any month may serve the line: early units wait for the due
 * month, late ones count as late). Options naming no production line have no arcs.
 */
export function buildInstance(plan: PlanInput): BuiltPlan {
  const { months } = plan;
  const productionIndex = new Map<string, number>();
  plan.production.forEach((p, i) => {
    productionIndex.set(`${p.supplier}\u0000${p.item}`, i);
  });
  const sources = plan.production.length * months;
  const sourceMonth = new Int32Array(sources);
  const sourceCapacity = new Float64Array(sources);
  const sourceProduction = new Int32Array(sources);
  plan.production.forEach((p, i) => {
    for (let m = 0; m < months; m++) {
      sourceMonth[i * months + m] = m;
      sourceCapacity[i * months + m] = p.capacity[m] ?? 0;
      sourceProduction[i * months + m] = i;
    }
  });

  const nationIndex = new Map<string, number>();
  const lines = plan.lines.length;
  const lineNation = new Int32Array(lines);
  const linePriority = new Int32Array(lines);
  const lineQuantity = new Float64Array(lines);
  const lineDue = new Int32Array(lines);
  let arcs = 0;
  const optionProduction = plan.lines.map((line) =>
    line.options.map((o) => productionIndex.get(`${o.supplier}\u0000${o.item}`) ?? -1),
  );
  for (const list of optionProduction) for (const p of list) if (p >= 0) arcs += months;
  const arcSource = new Int32Array(arcs);
  const arcLine = new Int32Array(arcs);
  const arcPrice = new Float64Array(arcs);
  let arc = 0;
  plan.lines.forEach((line, l) => {
    let nation = nationIndex.get(line.nation);
    if (nation === undefined) {
      nation = nationIndex.size;
      nationIndex.set(line.nation, nation);
    }
    lineNation[l] = nation;
    linePriority[l] = line.priority;
    lineQuantity[l] = line.quantity;
    lineDue[l] = line.due;
    line.options.forEach((option, o) => {
      const p = optionProduction[l]?.[o] ?? -1;
      if (p < 0) return;
      for (let m = 0; m < months; m++) {
        arcSource[arc] = p * months + m;
        arcLine[arc] = l;
        arcPrice[arc] = option.price;
        arc++;
      }
    });
  });
  return {
    instance: {
      nations: nationIndex.size,
      priorities: plan.priorities,
      sourceMonth,
      sourceCapacity,
      sourceProduction,
      lineNation,
      linePriority,
      lineQuantity,
      lineDue,
      arcSource,
      arcLine,
      arcPrice,
    },
    nations: [...nationIndex.keys()],
  };
}
