import { z } from 'zod';

const ZDigits = z.string().regex(/^\d+$/);
const ZInstant = z.string();
const ZTiers = z.array(z.object({ from: ZDigits, unitPrice: ZDigits }));

/** A bid's content as JSON, as it is revealed at the opening. */
export const ZBidJson = z.object({
  nsn: z.string(),
  currency: z.string(),
  tiers: ZTiers,
  monthlyCapacity: ZDigits,
  leadTimeDays: z.number().int(),
  answers: z.array(
    z.object({ requirement: z.string(), answer: z.string(), evidence: z.array(z.string()) }),
  ),
});

const ZConversion = z.object({
  from: z.string(),
  to: z.string(),
  rate: z.string(),
  inverted: z.boolean(),
  day: z.string(),
});

const ZMethod = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lptc') }),
  z.object({
    kind: z.literal('best-value'),
    weights: z.object({
      price: z.number().int(),
      capacity: z.number().int(),
      leadTime: z.number().int(),
    }),
  }),
]);

const ZLot = z.object({
  lot: z.string(),
  title: z.string(),
  items: z.array(z.string()),
  quantity: ZDigits,
  nations: z.array(z.string()),
  requirements: z.array(z.object({ id: z.string(), text: z.string() })),
  ceiling: ZDigits,
  durationMonths: z.number().int(),
  awards: z.number().int(),
});

const ZAwardee = z.object({
  lot: z.string(),
  rank: z.number().int(),
  bid: z.string(),
  supplier: z.string(),
  price: ZDigits,
});

/**
 * The tenders' events, each on the stream `tender:<id>` (a supplier's registration on
 * `supplier-register:<ncage>`). A bid's content never appears before `TenderOpened`; until then
 * the ledger holds its salted commitment only. Money travels as strings of digits (minor units).
 * Changing one is changing history: add a new event type instead.
 */
export const tenderEvents = {
  TenderCreated: z.object({
    id: z.string(),
    title: z.string(),
    currency: z.string(),
    currencies: z.array(z.string()),
    bidDeadline: ZInstant,
    standstillDays: z.number().int(),
    eligibility: z.object({ supplyClasses: z.array(z.string()), countries: z.array(z.string()) }),
    method: ZMethod,
    documents: z.string(),
    lots: z.array(ZLot),
  }),
  TenderPublished: z.object({ tender: z.string(), conversions: z.array(ZConversion) }),
  TenderDocumentsAmended: z.object({
    tender: z.string(),
    documents: z.string(),
    version: z.number().int(),
    reason: z.string(),
    invalidatedBids: z.array(z.string()),
  }),
  SupplierRegistered: z.object({ supplier: z.string(), supplyClasses: z.array(z.string()) }),
  ClarificationAsked: z.object({
    tender: z.string(),
    clarification: z.string(),
    askedBy: z.string(),
    question: z.string(),
  }),
  ClarificationAnswered: z.object({
    tender: z.string(),
    clarification: z.string(),
    answer: z.string(),
  }),
  BidSubmitted: z.object({
    tender: z.string(),
    bid: z.string(),
    lot: z.string(),
    supplier: z.string(),
    commitment: z.string(),
    documentsVersion: z.number().int(),
  }),
  BidReplaced: z.object({
    tender: z.string(),
    bid: z.string(),
    commitment: z.string(),
    documentsVersion: z.number().int(),
  }),
  BidConfirmed: z.object({
    tender: z.string(),
    bid: z.string(),
    documentsVersion: z.number().int(),
  }),
  BidWithdrawn: z.object({ tender: z.string(), bid: z.string() }),
  TenderClosed: z.object({ tender: z.string() }),
  TenderOpened: z.object({
    tender: z.string(),
    opened: z.array(z.object({ bid: z.string(), salt: z.string(), content: ZBidJson })),
    setAside: z.array(
      z.object({
        bid: z.string(),
        reason: z.enum(['undecryptable', 'commitment-mismatch', 'not-confirmed']),
        detail: z.string(),
      }),
    ),
  }),
  ConflictOfInterestDeclared: z.object({
    tender: z.string(),
    evaluator: z.string(),
    statement: z.string(),
  }),
  RequirementMarked: z.object({
    tender: z.string(),
    bid: z.string(),
    requirement: z.string(),
    pass: z.boolean(),
    justification: z.string(),
    evaluator: z.string(),
  }),
  TenderEvaluated: z.object({
    tender: z.string(),
    method: ZMethod,
    ranking: z.array(
      z.object({
        lot: z.string(),
        rank: z.number().int(),
        bid: z.string(),
        supplier: z.string(),
        price: ZDigits,
        score: ZDigits.nullable(),
      }),
    ),
  }),
  AwardProposed: z.object({ tender: z.string(), awardees: z.array(ZAwardee) }),
  AwardApproved: z.object({ tender: z.string(), standstillEndsAt: ZInstant }),
  ChallengeLodged: z.object({
    tender: z.string(),
    challenge: z.string(),
    supplier: z.string(),
    reason: z.string(),
    documents: z.array(z.string()),
  }),
  ChallengeDecided: z.object({
    tender: z.string(),
    challenge: z.string(),
    upheld: z.boolean(),
    reason: z.string(),
  }),
  AwardFinal: z.object({
    tender: z.string(),
    agreements: z.array(z.object({ lot: z.string(), agreement: z.string() })),
  }),
  TenderCancelled: z.object({ tender: z.string(), from: z.string(), reason: z.string() }),
} as const;

export type TenderEventType = keyof typeof tenderEvents;
export type TenderEventPayload<T extends TenderEventType> = z.infer<(typeof tenderEvents)[T]>;
