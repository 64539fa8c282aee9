import { z } from 'zod';
import { ZNsnInput } from '../catalogue/schema.ts';
import { ZRowProblem } from '../platform/http/spreadsheet-files.ts';
import { textOf } from '../platform/money.ts';
import type { SeenLot } from './model/aggregation.ts';
import { FIRMNESS, PRIORITIES, PURPOSES, SIGNAL_STATES, type Signal } from './model/signal.ts';
import type { DraftSignal } from './model/signal-record.ts';

const ZParty = z.string().regex(/^[A-Z0-9]{1,16}$/, 'a party id such as FRA');
const ZMinor = z
  .string()
  .regex(/^\d{1,18}$/, 'integer minor units, as a string of digits')
  .describe('Integer minor units (cents for EUR), as a string of digits.');
const ZReason = z.string().trim().min(1).max(500);

/** What a nation asks for, as the API takes it. */
const ZTermsInput = z.object({
  nsn: ZNsnInput.nullable()
    .default(null)
    .describe('The item; null when any item of the family will do.'),
  family: z.string().trim().min(1).max(80).nullable().default(null),
  platform: z.string().trim().min(1).max(40).nullable().default(null),
  quantity: z.number().int().min(1).max(1_000_000_000),
  neededBy: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM'),
  purpose: z.enum(PURPOSES).default('replenish'),
  recipient: ZParty.nullable().default(null).describe('The nation a donation goes to.'),
  priority: z
    .union(PRIORITIES.map((p) => z.literal(p)))
    .default(2)
    .describe('Priority class: 1 is the most urgent.'),
  priceCap: z
    .object({ minor: ZMinor, currency: z.string().regex(/^[A-Z]{3}$/) })
    .nullable()
    .default(null),
  firmness: z.enum(FIRMNESS).default('indicative'),
});

const itemOrFamily = (t: { nsn: string | null; family: string | null }) =>
  t.nsn !== null || t.family !== null;
const NAME_ONE = { message: 'name an item (nsn) or a family', path: ['family'] };

/** Posting a signal for the caller's nation. */
export const ZSignalInput = ZTermsInput.extend({
  nation: ZParty.optional(),
  reference: z.string().trim().min(1).max(80).nullable().default(null),
}).refine(itemOrFamily, NAME_ONE);

/** Revising a signal's terms, with the reason. */
export const ZRevision = ZTermsInput.extend({ reason: ZReason }).refine(itemOrFamily, NAME_ONE);
export const ZWithdrawal = z.object({ reason: ZReason });
export const ZSharing = z.object({ nation: ZParty.optional(), share: z.boolean() });

/** The terms of an API body as a draft line. */
export function draftOf(
  body: z.infer<typeof ZTermsInput>,
  nation: string,
  reference: string | null,
): DraftSignal {
  return {
    nation,
    reference,
    nsn: body.nsn,
    family: body.family,
    platform: body.platform,
    quantity: BigInt(body.quantity),
    neededBy: body.neededBy,
    purpose: body.purpose,
    recipient: body.recipient,
    priority: body.priority,
    priceCap:
      body.priceCap === null
        ? null
        : { minor: BigInt(body.priceCap.minor), currency: body.priceCap.currency },
    firmness: body.firmness,
  };
}

export const ZId = z.object({ id: z.uuid() });

export const ZSignalQuery = z.object({
  nation: ZParty.optional(),
  state: z.enum(SIGNAL_STATES).optional(),
  family: z.string().optional(),
  after: z.uuid().optional().describe('The last id of the page before.'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const ZExportQuery = ZSignalQuery.omit({ after: true, limit: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
});

export const ZImportReport = z.object({
  rows: z.number(),
  posted: z.number(),
  unchanged: z.number(),
  imported: z.boolean(),
  problems: z.array(ZRowProblem),
});

export const ZSignal = z
  .object({
    id: z.string(),
    nation: z.string(),
    state: z.enum(SIGNAL_STATES),
    reference: z.string().nullable(),
    revision: z.number(),
    nsn: z.string().nullable(),
    family: z.string(),
    platform: z.string().nullable(),
    quantity: z.number(),
    neededBy: z.string(),
    purpose: z.enum(PURPOSES),
    recipient: z.string().nullable(),
    priority: z.number(),
    priceCap: z.object({ minor: z.string(), currency: z.string() }).nullable(),
    firmness: z.enum(FIRMNESS),
    postedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'DemandSignal' });

/** A signal as the API shows it: quantities as numbers, money as strings of digits. */
export function shownSignal(s: Signal): z.infer<typeof ZSignal> {
  return {
    id: s.id,
    nation: s.nation,
    state: s.state,
    reference: s.reference,
    revision: s.revision,
    nsn: s.nsn,
    family: s.family,
    platform: s.platform,
    quantity: Number(s.quantity),
    neededBy: s.neededBy,
    purpose: s.purpose,
    recipient: s.recipient,
    priority: s.priority,
    priceCap: s.priceCap === null ? null : textOf(s.priceCap),
    firmness: s.firmness,
    postedAt: s.postedAt,
    updatedAt: s.updatedAt,
  };
}

const ZQuantity = z.string().regex(/^\d+$/).describe('A count of units, as a string of digits.');

/** How the lots' delivery periods are cut. */
export const PERIODS = { month: 1, quarter: 3, half: 6, year: 12 } as const;
export const ZLotQuery = z.object({
  period: z.enum(['month', 'quarter', 'half', 'year']).default('half'),
});

/** A proposed lot, as a nation or the agency sees it. */
export const ZLot = z
  .object({
    id: z.string(),
    family: z.string(),
    period: z.object({ label: z.string(), from: z.string(), to: z.string() }),
    items: z.array(z.string()),
    pooled: z.boolean(),
    quantity: ZQuantity,
    firm: ZQuantity,
    indicative: ZQuantity,
    neededBy: z.object({ earliest: z.string(), latest: z.string() }),
    nations: z.array(
      z.object({
        nation: z.string(),
        quantity: ZQuantity,
        shareBp: z.number().describe('Share of the lot, in basis points.'),
        signals: z.array(z.string()),
      }),
    ),
    hidden: z
      .object({ nations: z.number(), quantity: ZQuantity, shareBp: z.number() })
      .nullable()
      .describe(
        "The other nations' parts, summed, unless every nation of the lot agreed to share.",
      ),
    tiers: z.array(
      z.object({
        agreement: z.string(),
        supplier: z.string(),
        nsn: z.string(),
        currency: z.string(),
        tiers: z.array(
          z.object({
            from: ZQuantity,
            unitPrice: ZMinor,
            unlocked: z.boolean(),
            toUnlock: ZQuantity,
          }),
        ),
        pooledUnitPrice: ZMinor,
        saving: ZMinor.describe(
          'What the nations save pooled, against each buying its part alone.',
        ),
      }),
    ),
  })
  .meta({ id: 'ProposedLot' });

/** A lot as the API shows it: counts and money as strings of digits. */
export function shownLot(lot: SeenLot): z.infer<typeof ZLot> {
  const digits = (n: bigint) => n.toString();
  return {
    ...lot,
    quantity: digits(lot.quantity),
    firm: digits(lot.firm),
    indicative: digits(lot.indicative),
    nations: lot.nations.map((n) => ({ ...n, quantity: digits(n.quantity) })),
    hidden: lot.hidden === null ? null : { ...lot.hidden, quantity: digits(lot.hidden.quantity) },
    tiers: lot.tiers.map((t) => ({
      ...t,
      tiers: t.tiers.map((x) => ({
        from: digits(x.from),
        unitPrice: digits(x.unitPrice),
        unlocked: x.unlocked,
        toUnlock: digits(x.toUnlock),
      })),
      pooledUnitPrice: digits(t.pooledUnitPrice),
      saving: digits(t.saving),
    })),
  };
}
