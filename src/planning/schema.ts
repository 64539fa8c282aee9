import { z } from 'zod';
import { ZNsnInput } from '../catalogue/schema.ts';
import type { Capacity, RampUpInput } from './commands/lines.ts';
import { effectiveFrom, type ProductionLine } from './production-line.ts';

const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
const ZParty = z.string().regex(/^[A-Z0-9]{1,16}$/, 'a party id');
const ZUnits = z.number().int().min(0).max(1_000_000_000);

export const ZId = z.object({ id: z.uuid() });

/** A production line as entered: a supplier's monthly capacity for an item from a month. */
export const ZLineInput = z.object({
  supplier: ZParty.describe('The supplier, by its party id (NCAGE).'),
  nsn: ZNsnInput,
  monthlyCapacity: ZUnits.describe('Units a month, before any ramp-up.'),
  from: ZMonth.describe('The first month the line produces.'),
});

export const capacityOf = (body: z.output<typeof ZLineInput>): Capacity => ({
  ...body,
  monthlyCapacity: BigInt(body.monthlyCapacity),
});

/** A ramp-up as decided: more units a month, after a lead time from the decision month. */
export const ZRampUpInput = z.object({
  addedPerMonth: ZUnits.min(1),
  decidedIn: ZMonth.describe('The month the investment was decided.'),
  leadMonths: z.number().int().min(0).max(120).describe('Months until the capacity is there.'),
  note: z.string().trim().min(1).max(500).describe('What the investment is, for the record.'),
});

export const rampUpOf = (body: z.output<typeof ZRampUpInput>): RampUpInput => ({
  ...body,
  addedPerMonth: BigInt(body.addedPerMonth),
});

export const ZLineQuery = z.object({
  supplier: ZParty.optional(),
  nsn: ZNsnInput.optional(),
});

/** A production line as the API shows it, with its ramp-ups and when each takes effect. */
export const ZLine = z
  .object({
    id: z.uuid(),
    supplier: z.string(),
    nsn: z.string(),
    monthlyCapacity: z.number(),
    from: z.string(),
    rampUps: z.array(
      z.object({
        id: z.uuid(),
        addedPerMonth: z.number(),
        decidedIn: z.string(),
        leadMonths: z.number(),
        effectiveFrom: z.string(),
        note: z.string(),
      }),
    ),
  })
  .meta({ id: 'ProductionLine' });

export function shownLine(line: ProductionLine): z.infer<typeof ZLine> {
  return {
    ...line,
    monthlyCapacity: Number(line.monthlyCapacity),
    rampUps: line.rampUps.map((r) => ({
      ...r,
      addedPerMonth: Number(r.addedPerMonth),
      effectiveFrom: effectiveFrom(r),
    })),
  };
}
