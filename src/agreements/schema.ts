import { z } from 'zod';
import { ZNsnInput } from '../catalogue/schema.ts';
import type { AgreementInput } from './commands.ts';
import { AGREEMENT_STATES, SETTABLE_STATES } from './model/agreement.ts';
import { CALL_OFF_STATES } from './model/call-off.ts';

const ZMinor = z
  .string()
  .regex(/^\d{1,18}$/, 'integer minor units, as a string of digits')
  .describe('Integer minor units (cents for EUR), as a string of digits.');
const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const ZDay = z.iso.date();
const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
const ZCount = z.number().int().min(1).max(1_000_000_000);
const ZParty = z.string().regex(/^[A-Z0-9]{1,16}$/, 'a party id');
const ZReason = z.string().trim().min(1).max(500);

const ZMoney = z.object({ minor: z.string(), currency: z.string() });

const ZTier = z.object({
  from: ZCount.describe('The pooled quantity from which this price applies; the first tier is 1.'),
  unitPrice: ZMinor,
});

/** Entering a framework agreement. */
export const ZAgreementInput = z.object({
  title: z.string().trim().min(1).max(200),
  lot: z.string().trim().min(1).max(80).nullable().default(null),
  currency: ZCurrency,
  ceiling: ZMinor,
  validFrom: ZDay,
  validTo: ZDay,
  priceVariationBoundBp: z
    .number()
    .int()
    .min(0)
    .max(5000)
    .default(0)
    .describe('How far an amendment may move a price, in basis points either way.'),
  items: z.array(ZNsnInput).min(1).max(50),
  nations: z
    .array(z.object({ nation: ZParty, subCeiling: ZMinor.nullable().default(null) }))
    .min(1)
    .max(60),
  suppliers: z
    .array(
      z.object({
        supplier: ZParty,
        rank: z.number().int().min(1).max(100),
        currency: ZCurrency,
        monthlyCapacity: ZCount,
        prices: z.array(z.object({ nsn: ZNsnInput, tiers: z.array(ZTier).min(1).max(20) })).min(1),
      }),
    )
    .min(1)
    .max(20),
});

/** An agreement as the commands take it: money and counts as bigint. */
export function agreementInputOf(body: z.output<typeof ZAgreementInput>): AgreementInput {
  return {
    ...body,
    ceiling: BigInt(body.ceiling),
    nations: body.nations.map((n) => ({
      nation: n.nation,
      subCeiling: n.subCeiling === null ? null : BigInt(n.subCeiling),
    })),
    suppliers: body.suppliers.map((s) => ({
      ...s,
      monthlyCapacity: BigInt(s.monthlyCapacity),
      prices: s.prices.map((p) => ({
        nsn: p.nsn,
        tiers: p.tiers.map((t) => ({ from: BigInt(t.from), unitPrice: BigInt(t.unitPrice) })),
      })),
    })),
  };
}

export const ZAgreement = z
  .object({
    id: z.string(),
    title: z.string(),
    lot: z.string().nullable(),
    currency: z.string(),
    ceiling: ZMoney,
    committed: ZMoney,
    remaining: ZMoney,
    validFrom: z.string(),
    validTo: z.string(),
    state: z.enum(AGREEMENT_STATES),
    priceVariationBoundBp: z.number(),
    items: z.array(z.string()),
    nations: z.array(z.object({ nation: z.string(), subCeiling: ZMoney.nullable() })),
    suppliers: z.array(
      z.object({
        supplier: z.string(),
        rank: z.number(),
        currency: z.string(),
        monthlyCapacity: z.number(),
        prices: z.array(
          z.object({
            nsn: z.string(),
            tiers: z.array(z.object({ from: z.number(), unitPrice: ZMoney })),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Agreement' });

export const ZStateChange = z.object({ state: z.enum(SETTABLE_STATES), reason: ZReason });

export const ZCeilingProposalInput = z.object({ ceiling: ZMinor, reason: ZReason });
export const ZCeilingDecision = z.object({ approve: z.boolean(), reason: ZReason });
export const ZCeilingProposal = z
  .object({
    id: z.string(),
    ceiling: ZMoney,
    reason: z.string(),
    proposedBy: z.string(),
    proposedAt: z.string(),
    state: z.enum(['pending', 'approved', 'rejected']),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionReason: z.string().nullable(),
  })
  .meta({ id: 'CeilingProposal' });

const ZFigures = z.object({
  currency: z.string(),
  ceiling: z.string().nullable(),
  committed: z.string(),
  delivered: z.string(),
  remaining: z.string().nullable(),
  callOffs: z.number(),
});

export const ZAgreementFigures = z
  .object({
    total: ZFigures,
    nations: z.array(ZFigures.extend({ nation: z.string() })),
    suppliers: z.array(ZFigures.extend({ supplier: z.string() })),
  })
  .meta({ id: 'AgreementFigures' });

export const ZPoolFigures = z
  .object({
    totals: z.array(ZFigures),
    agreements: z.array(
      ZFigures.extend({
        id: z.string(),
        title: z.string(),
        lot: z.string().nullable(),
        state: z.string(),
      }),
    ),
  })
  .meta({ id: 'PoolFigures' });

const ZScheduleInput = z
  .array(z.object({ month: ZMonth, quantity: ZCount }))
  .min(1)
  .max(120);

/** Placing a call-off. */
export const ZCallOffInput = z.object({
  nation: ZParty.optional().describe("Defaults to the caller's own nation."),
  supplier: ZParty.nullable()
    .default(null)
    .describe('Named, or null to let the cascade choose the best-ranked supplier with capacity.'),
  nsn: ZNsnInput,
  quantity: ZCount,
  schedule: ZScheduleInput,
  destination: z.string().trim().min(1).max(200),
});

export const ZAmendment = z.object({
  quantity: ZCount.optional(),
  schedule: ZScheduleInput.optional(),
  variationBp: z.number().int().min(-5000).max(5000).optional(),
  reason: ZReason,
});

export const ZCancellation = z.object({ reason: ZReason });

export const ZCallOff = z
  .object({
    id: z.string(),
    agreementId: z.string(),
    nation: z.string(),
    supplier: z.string(),
    nsn: z.string(),
    destination: z.string(),
    quantity: z.number(),
    schedule: z.array(z.object({ month: z.string(), quantity: z.number() })),
    unitPrice: ZMoney,
    placedUnitPrice: ZMoney,
    variationBp: z.number(),
    value: ZMoney,
    exchangeRate: z.object({
      rate: z.string(),
      inverted: z.boolean(),
      day: z.string(),
    }),
    ceilingValue: ZMoney.describe("What the call-off commits, in the agreement's currency."),
    rebated: ZMoney,
    state: z.enum(CALL_OFF_STATES),
    chosenBy: z.enum(['named', 'cascade']),
    placedAt: z.string(),
    cancelReason: z.string().nullable(),
    declaredQuantity: z.number(),
    acceptedQuantity: z.number(),
  })
  .meta({ id: 'CallOff' });

export const ZCallOffQuery = z.object({
  agreement: z.uuid().optional(),
  nation: ZParty.optional(),
  supplier: ZParty.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const ZTimelineEntry = z.object({
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

export const ZDeliveryInput = z.object({
  quantity: ZCount,
  lotNumber: z.string().trim().min(1).max(60),
  deliveredOn: ZDay,
});

export const ZDeliveryDecision = z.discriminatedUnion('accept', [
  z.object({ accept: z.literal(true) }),
  z.object({ accept: z.literal(false), reason: ZReason }),
]);

export const ZDelivery = z
  .object({
    id: z.string(),
    quantity: z.number(),
    lotNumber: z.string(),
    deliveredOn: z.string(),
    state: z.enum(['declared', 'accepted', 'rejected']),
    reason: z.string().nullable(),
    declaredAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'Delivery' });

export const ZId = z.object({ id: z.uuid() });
