import type {
  LineInput,
  LineOption,
  PlanInput,
  ProductionInput,
} from '../src/planning/model/build.ts';
import { generator } from '../src/testing/call-off-load.ts';

/** The dimensions of one generated plan. */
export interface PlannerSize {
  name: 'S' | 'M' | 'L';
  nations: number;
  items: number;
  suppliers: number;
  months: number;
}

/** S for a quick look, M ≈ 75 k arcs, L as the issue sets it: 31 × 20 × 20 × 36. */
export const PLANNER_SIZES: readonly PlannerSize[] = [
  { name: 'S', nations: 6, items: 8, suppliers: 6, months: 12 },
  { name: 'M', nations: 16, items: 12, suppliers: 12, months: 24 },
  { name: 'L', nations: 31, items: 20, suppliers: 20, months: 36 },
];

const SEED = 20230928;
/** Items of one family (one calibre, say) can stand in for each other at some level. */
const FAMILY = 4;

/**
 * A plan with the structure of the real one: items in families of four (substitutes within a
 * family: a nation accepting only qualified rounds takes its own item and one other, a nation
 * accepting compatible ones takes the whole family); each supplier makes the items of one
 * family or more, with monthly capacity that ramps up part-way through the plan (some lines only start
 * then); prices per item with supplier and nation factors (transport, offsets) and a premium on a
 * substitute; three priority classes — firm call-offs (class 0) served only by their agreement's
 * suppliers of their own item, then urgent and ordinary open demand (classes 1 and 2) that may
 * substitute; nations of very different sizes; demand about 15 % above capacity, so there is a
 * shortfall to share. Every figure is drawn from one fixed seed.
 */
export function generatePlan(size: PlannerSize): PlanInput {
  const draw = generator(SEED + size.nations * 1_000_003 + size.months);
  const between = (low: number, high: number) => low + (high - low) * draw();
  const whole = (low: number, high: number) => Math.floor(between(low, high + 1));
  const { months } = size;
  const item = (i: number) => `item-${String(i).padStart(2, '0')}`;
  const supplier = (s: number) => `supplier-${String(s).padStart(2, '0')}`;
  const nation = (n: number) => `nation-${String(n).padStart(2, '0')}`;
  const families = Math.ceil(size.items / FAMILY);
  const familyOf = (i: number) => Math.floor(i / FAMILY);
  const basePrice = Array.from({ length: size.items }, (_, i) =>
    // Shells of a few thousand euros, missiles of a hundred thousand and more, in cents.
    familyOf(i) % 3 === 1 ? whole(8_000_000, 20_000_000) : whole(250_000, 900_000),
  );

  const production: ProductionInput[] = [];
  const makers: number[][] = Array.from({ length: size.items }, () => []);
  const supplierFactor = Array.from({ length: size.suppliers }, () => between(0.85, 1.2));
  for (let s = 0; s < size.suppliers; s++) {
    // Each supplier makes a family's items with a fixed chance (at least one family).
    const makes = Array.from({ length: families }, () => draw() < 0.3);
    if (!makes.includes(true)) makes[whole(0, families - 1)] = true;
    for (let i = 0; i < size.items; i++) {
      if (!makes[familyOf(i)]) continue;
      const base = whole(200, 2_000);
      const start = draw() < 0.2 ? whole(3, Math.floor(months / 2)) : 0;
      const rampAt = whole(Math.floor(months / 4), Math.floor((3 * months) / 4));
      const ramp = between(1.3, 2);
      const capacity = Array.from({ length: months }, (_, m) =>
        m < start ? 0 : m < rampAt ? base : Math.round(base * ramp),
      );
      production.push({ supplier: supplier(s), item: item(i), capacity });
      makers[i]?.push(s);
    }
  }
  const totalCapacity = production.reduce(
    (sum, p) => sum + p.capacity.reduce((a, b) => a + b, 0),
    0,
  );

  const nationWeight = Array.from({ length: size.nations }, () => Math.exp(between(-1.5, 1.5)));
  const nationFactor = Array.from({ length: size.nations }, () => between(0.95, 1.05));
  const acceptsCompatible = Array.from({ length: size.nations }, () => draw() < 0.4);
  const excluded = Array.from({ length: size.nations }, () =>
    Array.from({ length: size.suppliers }, () => draw() < 0.1),
  );
  const price = (n: number, s: number, i: number, premium: number) =>
    Math.round((basePrice[i] ?? 0) * (supplierFactor[s] ?? 1) * (nationFactor[n] ?? 1) * premium);

  type Draft = Omit<LineInput, 'quantity'> & { weight: number };
  const drafts: Draft[] = [];
  for (let n = 0; n < size.nations; n++) {
    for (let i = 0; i < size.items; i++) {
      const sources = (makers[i] ?? []).filter((s) => !excluded[n]?.[s]);
      if (draw() < 0.5 && sources.length > 0) {
        // A firm call-off: its agreement's suppliers (up to three) of its own item.
        const agreement = sources.filter(() => draw() < 0.5).slice(0, 3);
        const named = agreement.length > 0 ? agreement : sources.slice(0, 1);
        drafts.push({
          nation: nation(n),
          priority: 0,
          due: whole(1, months - 1),
          options: named.map((s) => ({
            supplier: supplier(s),
            item: item(i),
            price: price(n, s, i, 1),
          })),
          weight: (nationWeight[n] ?? 1) * between(0.5, 1.5),
        });
      }
      for (const priority of [1, 2]) {
        if (draw() < 0.35) continue;
        const family = familyOf(i);
        const substitutes = [];
        for (let j = family * FAMILY; j < Math.min(size.items, (family + 1) * FAMILY); j++) {
          if (j === i || acceptsCompatible[n] || j === family * FAMILY + ((i + 1) % FAMILY)) {
            substitutes.push(j);
          }
        }
        const options: LineOption[] = [];
        for (const j of substitutes) {
          for (const s of makers[j] ?? []) {
            if (excluded[n]?.[s]) continue;
            options.push({
              supplier: supplier(s),
              item: item(j),
              price: price(n, s, j, j === i ? 1 : 1.03),
            });
          }
        }
        drafts.push({
          nation: nation(n),
          priority,
          due: whole(0, months - 1),
          options,
          weight: (nationWeight[n] ?? 1) * between(0.5, 1.5),
        });
      }
    }
  }
  const classShare = [0.35, 0.45, 0.35];
  const lines: LineInput[] = [];
  for (const priority of [0, 1, 2]) {
    const ofClass = drafts.filter((d) => d.priority === priority);
    const weight = ofClass.reduce((sum, d) => sum + d.weight, 0);
    for (const { weight: w, ...line } of ofClass) {
      const quantity = Math.round(((classShare[priority] ?? 0) * totalCapacity * w) / weight);
      lines.push({ ...line, quantity });
    }
  }
  return { months, priorities: 3, production, lines };
}
