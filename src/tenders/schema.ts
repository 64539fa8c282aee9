import { z } from 'zod';
import { isNsn, parseNsn } from '../catalogue/model/nsn.ts';
import type { BidContent } from './model/bid.ts';
import { TENDER_STATES } from './model/lifecycle.ts';
import { BID_STATES, type BidEnvelope, type Tender } from './model/tender.ts';

const ZMinor = z
  .string()
  .regex(/^\d{1,18}$/, 'integer minor units, as a string of digits')
  .describe('Integer minor units (cents for EUR), as a string of digits.');
const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const ZCount = z.number().int().min(1).max(1_000_000_000);
const ZParty = z.string().regex(/^[A-Z0-9]{1,16}$/, 'a party id');
const ZText = z.string().trim().min(1).max(2000);
const ZName = z.string().trim().min(1).max(80);

/** An NSN in either written form, answered in the canonical one. */
const ZNsnInput = z.string().transform((text, ctx) => {
  const parsed = parseNsn(text);
  if (isNsn(parsed)) return parsed.canonical;
  ctx.addIssue({ code: 'custom', message: parsed.reason });
  return z.NEVER;
});

export const ZId = z.object({ id: z.uuid() });
export const ZBidParams = z.object({ id: z.uuid(), bid: z.uuid() });
export const ZClarificationParams = z.object({ id: z.uuid(), clarification: z.uuid() });
export const ZChallengeParams = z.object({ id: z.uuid(), challenge: z.uuid() });

const ZWeights = z.object({
  price: z.number().int().min(0).max(100),
  capacity: z.number().int().min(0).max(100),
  leadTime: z.number().int().min(0).max(100),
});
const ZMethod = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('lptc') }),
    z.object({ kind: z.literal('best-value'), weights: ZWeights }),
  ])
  .describe('Lowest Price Technically Compliant, or best value under weights adding up to 100.');

/** Drafting a tender with its lots. */
export const ZTenderInput = z.object({
  title: z.string().trim().min(1).max(200),
  currency: ZCurrency,
  currencies: z.array(ZCurrency).min(1).max(10).optional(),
  bidDeadline: z.iso.datetime().transform((t) => new Date(t).toISOString()),
  standstillDays: z.number().int().min(0).max(90).default(10),
  eligibility: z
    .object({
      supplyClasses: z.array(z.string().regex(/^\d{4}$/, 'a 4-digit supply class')).max(20),
      countries: z.array(z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3')).max(60),
    })
    .default({ supplyClasses: [], countries: [] }),
  method: ZMethod.default({ kind: 'lptc' }),
  documents: ZText,
  lots: z
    .array(
      z.object({
        lot: ZName,
        title: z.string().trim().min(1).max(200),
        items: z.array(ZNsnInput).min(1).max(50),
        quantity: ZCount,
        nations: z.array(ZParty).min(1).max(60),
        requirements: z.array(z.object({ id: ZName, text: ZText })).max(50),
        ceiling: ZMinor,
        durationMonths: z.number().int().min(1).max(120),
        awards: z.number().int().min(1).max(20),
      }),
    )
    .min(1)
    .max(20),
});

/** The tender command's input from a request body. */
export function tenderInputOf(body: z.infer<typeof ZTenderInput>) {
  return {
    ...body,
    currencies: [...new Set([body.currency, ...(body.currencies ?? [])])],
    lots: body.lots.map((l) => ({ ...l, quantity: l.quantity.toString() })),
  };
}

/** A sealed bid's content, as a supplier sends it. */
export const ZBidInput = z.object({
  lot: ZName,
  nsn: ZNsnInput,
  currency: ZCurrency,
  tiers: z
    .array(z.object({ from: ZCount, unitPrice: ZMinor }))
    .min(1)
    .max(20),
  monthlyCapacity: ZCount,
  leadTimeDays: z.number().int().min(0).max(3650),
  answers: z
    .array(z.object({ requirement: ZName, answer: ZText, evidence: z.array(ZText).max(20) }))
    .max(50),
});

/** The bid command's content from a request body. */
export function bidContentOf(body: z.infer<typeof ZBidInput>): BidContent {
  return {
    nsn: body.nsn,
    currency: body.currency,
    tiers: body.tiers.map((t) => ({ from: BigInt(t.from), unitPrice: BigInt(t.unitPrice) })),
    monthlyCapacity: BigInt(body.monthlyCapacity),
    leadTimeDays: body.leadTimeDays,
    answers: body.answers,
  };
}

export const ZReasonInput = z.object({ reason: ZText });
export const ZDocumentsInput = z.object({ documents: ZText, reason: ZText });
export const ZQuestionInput = z.object({ question: ZText });
export const ZAnswerInput = z.object({ answer: ZText });
export const ZDeclarationInput = z.object({
  statement: ZText.describe('The evaluator states that they have no conflict of interest.'),
});
export const ZMarkInput = z.object({
  bid: z.uuid(),
  requirement: ZName,
  pass: z.boolean(),
  justification: ZText,
});
export const ZChallengeInput = z.object({
  reason: ZText,
  documents: z.array(ZText).max(20).default([]),
});
export const ZChallengeDecision = z.object({ upheld: z.boolean(), reason: ZText });
export const ZRegistrationInput = z.object({
  supplyClasses: z.array(z.string().regex(/^\d{4}$/, 'a 4-digit supply class')).max(50),
});
export const ZWhatIfInput = z.object({ method: ZMethod });

const ZConversion = z.object({
  from: z.string(),
  to: z.string(),
  rate: z.string(),
  inverted: z.boolean(),
  day: z.string(),
});

export const ZTender = z
  .object({
    id: z.string(),
    title: z.string(),
    currency: z.string(),
    state: z.enum(TENDER_STATES),
    bidDeadline: z.string(),
    standstillDays: z.number(),
    standstillEndsAt: z.string().nullable(),
    eligibility: z.object({ supplyClasses: z.array(z.string()), countries: z.array(z.string()) }),
    conversions: z.array(ZConversion),
    method: ZMethod,
    documents: z.string(),
    documentsVersion: z.number(),
    publishedAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    award: z
      .array(
        z.object({
          lot: z.string(),
          rank: z.number(),
          bid: z.string(),
          supplier: z.string(),
          price: z.string(),
        }),
      )
      .nullable(),
    lots: z.array(
      z.object({
        lot: z.string(),
        title: z.string(),
        items: z.array(z.string()),
        quantity: z.string(),
        nations: z.array(z.string()),
        requirements: z.array(z.object({ id: z.string(), text: z.string() })),
        ceiling: z.string(),
        durationMonths: z.number(),
        awards: z.number(),
        agreementId: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Tender' });

/** A tender as the API shows it: money and counts as digits. */
export function shownTender(t: Tender): z.infer<typeof ZTender> {
  return {
    id: t.id,
    title: t.title,
    currency: t.currency,
    state: t.state,
    bidDeadline: t.bidDeadline,
    standstillDays: t.standstillDays,
    standstillEndsAt: t.standstillEndsAt,
    eligibility: t.eligibility,
    conversions: t.conversions,
    method: t.method,
    documents: t.documents,
    documentsVersion: t.documentsVersion,
    publishedAt: t.publishedAt,
    cancelReason: t.cancelReason,
    award: t.award?.map((a) => ({ ...a, price: a.price.toString() })) ?? null,
    lots: t.lots.map((l) => ({
      ...l,
      quantity: l.quantity.toString(),
      ceiling: l.ceiling.toString(),
    })),
  };
}

export const ZBidEnvelope = z
  .object({
    id: z.string(),
    tender: z.string(),
    lot: z.string(),
    supplier: z.string(),
    state: z.enum(BID_STATES),
    commitment: z
      .string()
      .describe('sha256 of the salt and the canonical bid, as the ledger records it.'),
    submittedAt: z.string(),
    finalSubmittedAt: z.string(),
    documentsVersion: z.number(),
    setAsideReason: z.string().nullable(),
    setAsideDetail: z.string().nullable(),
  })
  .meta({ id: 'BidEnvelope' });

export function shownBid(b: BidEnvelope): z.infer<typeof ZBidEnvelope> {
  return { ...b };
}

export const ZBidContent = z
  .object({
    bid: z.string(),
    supplier: z.string(),
    lot: z.string(),
    nsn: z.string(),
    currency: z.string(),
    tiers: z.array(z.object({ from: z.string(), unitPrice: z.string() })),
    monthlyCapacity: z.string(),
    leadTimeDays: z.number(),
    answers: z.array(
      z.object({ requirement: z.string(), answer: z.string(), evidence: z.array(z.string()) }),
    ),
  })
  .meta({ id: 'BidContent' });

export const ZOpening = z.object({
  opened: z.array(z.string()),
  setAside: z.array(z.object({ bid: z.string(), reason: z.string(), detail: z.string() })),
});

export const ZClarification = z.object({
  id: z.string(),
  question: z.string(),
  askedBy: z
    .string()
    .nullable()
    .describe('Shown to the agency and to the supplier that asked only.'),
  askedAt: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

export const ZRanking = z.array(
  z.object({
    lot: z.string(),
    rank: z.number(),
    bid: z.string(),
    supplier: z.string(),
    price: z.string(),
    score: z.string().nullable(),
  }),
);

export const ZChallenge = z.object({
  id: z.string(),
  supplier: z.string(),
  reason: z.string(),
  documents: z.array(z.string()),
  state: z.enum(['pending', 'upheld', 'rejected']),
  decisionReason: z.string().nullable(),
  lodgedAt: z.string(),
});

export const ZCreated = z.object({ id: z.string() });
