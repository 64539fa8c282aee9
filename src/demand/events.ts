import { z } from 'zod';
import { FIRMNESS, PRIORITIES, PURPOSES } from './model/signal.ts';

const ZDigits = z.string().regex(/^\d+$/);

/** A signal's terms as the ledger keeps them: quantities and money as strings of digits. */
const ZTerms = z.object({
  nsn: z.string().nullable(),
  family: z.string(),
  platform: z.string().nullable(),
  quantity: ZDigits,
  neededBy: z.string().regex(/^\d{4}-\d{2}$/),
  purpose: z.enum(PURPOSES),
  recipient: z.string().nullable(),
  priority: z.union(PRIORITIES.map((p) => z.literal(p))),
  priceCap: z.object({ minor: ZDigits, currency: z.string() }).nullable(),
  firmness: z.enum(FIRMNESS),
});
export type TermsPayload = z.infer<typeof ZTerms>;

/**
 * The demand context's events. Each signal is the stream `demand-signal:<id>`; a nation's consent
 * to share its lines with the other nations of a lot is the stream `demand-sharing:<nation>`.
 * Changing one is changing history: add a new event type instead.
 */
export const demandEvents = {
  SignalPosted: z.object({
    signal: z.string(),
    nation: z.string(),
    reference: z.string().nullable(),
    importKey: z.string(),
    terms: ZTerms,
  }),
  SignalRevised: z.object({ signal: z.string(), terms: ZTerms, reason: z.string() }),
  SignalWithdrawn: z.object({ signal: z.string(), reason: z.string() }),
  SharingSet: z.object({ nation: z.string(), share: z.boolean() }),
} as const;

export type DemandEventType = keyof typeof demandEvents;
export type DemandEventPayload<T extends DemandEventType> = z.infer<(typeof demandEvents)[T]>;
