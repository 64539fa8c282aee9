import { z } from 'zod';
import { SETTABLE_STATES } from './model/agreement.ts';

const ZDigits = z.string().regex(/^\d+$/);
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZMonth = z.string().regex(/^\d{4}-\d{2}$/);
const ZSchedule = z.array(z.object({ month: ZMonth, quantity: ZDigits }));
const ZConversion = z.object({
  from: z.string(),
  to: z.string(),
  rate: z.string(),
  inverted: z.boolean(),
  day: ZDay,
});

/** A call-off's terms before or after an amendment. */
const ZCallOffTerms = z.object({
  quantity: ZDigits,
  schedule: ZSchedule,
  unitPrice: ZDigits,
  variationBp: z.number().int(),
  value: ZDigits,
  ceilingValue: ZDigits,
});

/**
 * The agreements' events, as written to the ledger; every event of an agreement and of its
 * call-offs is on the stream `agreement:<id>`. Each carries the figures it decided (prices,
 * rebates, the exchange rate used), so that replay never recomputes them. Money travels as strings
 * of digits (minor units). Changing one is changing history: add a new event type instead.
 */
export const agreementEvents = {
  AgreementCreated: z.object({
    id: z.string(),
    title: z.string(),
    lot: z.string().nullable(),
    currency: z.string(),
    ceiling: ZDigits,
    validFrom: ZDay,
    validTo: ZDay,
    priceVariationBoundBp: z.number().int(),
    items: z.array(z.string()),
    nations: z.array(z.object({ nation: z.string(), subCeiling: ZDigits.nullable() })),
    suppliers: z.array(
      z.object({
        supplier: z.string(),
        rank: z.number().int(),
        currency: z.string(),
        monthlyCapacity: ZDigits,
        prices: z.array(
          z.object({
            nsn: z.string(),
            tiers: z.array(z.object({ from: ZDigits, unitPrice: ZDigits })),
          }),
        ),
      }),
    ),
  }),
  AgreementStateChanged: z.object({
    agreement: z.string(),
    from: z.string(),
    to: z.enum(SETTABLE_STATES),
    reason: z.string(),
  }),
  CeilingChangeProposed: z.object({
    agreement: z.string(),
    proposal: z.string(),
    ceiling: ZDigits,
    reason: z.string(),
  }),
  CeilingChangeDecided: z.object({
    agreement: z.string(),
    proposal: z.string(),
    approved: z.boolean(),
    from: ZDigits,
    to: ZDigits,
    reason: z.string(),
  }),
  CallOffPlaced: z.object({
    agreement: z.string(),
    callOff: z.string(),
    nation: z.string(),
    supplier: z.string(),
    nsn: z.string(),
    destination: z.string(),
    quantity: ZDigits,
    schedule: ZSchedule,
    currency: z.string(),
    tierFrom: ZDigits,
    unitPrice: ZDigits,
    value: ZDigits,
    conversion: ZConversion,
    ceilingValue: ZDigits,
    /** The supplier's pooled volume of the item on this agreement, with this call-off. */
    pooled: ZDigits,
    chosenBy: z.enum(['named', 'cascade']),
  }),
  CallOffRebated: z.object({
    agreement: z.string(),
    callOff: z.string(),
    fromUnitPrice: ZDigits,
    toUnitPrice: ZDigits,
    amount: ZDigits,
    ceilingAmount: ZDigits,
    pooled: ZDigits,
  }),
  CallOffConfirmed: z.object({ agreement: z.string(), callOff: z.string() }),
  CallOffAmended: z.object({
    agreement: z.string(),
    callOff: z.string(),
    reason: z.string(),
    before: ZCallOffTerms,
    after: ZCallOffTerms,
    pooled: ZDigits,
  }),
  CallOffCancelled: z.object({ agreement: z.string(), callOff: z.string(), reason: z.string() }),
  DeliveryDeclared: z.object({
    agreement: z.string(),
    callOff: z.string(),
    delivery: z.string(),
    quantity: ZDigits,
    lotNumber: z.string(),
    deliveredOn: ZDay,
  }),
  DeliveryAccepted: z.object({ agreement: z.string(), callOff: z.string(), delivery: z.string() }),
  DeliveryRejected: z.object({
    agreement: z.string(),
    callOff: z.string(),
    delivery: z.string(),
    reason: z.string(),
  }),
  CallOffClosed: z.object({ agreement: z.string(), callOff: z.string() }),
} as const;

export type AgreementEventType = keyof typeof agreementEvents;
export type AgreementEventPayload<T extends AgreementEventType> = z.infer<
  (typeof agreementEvents)[T]
>;
