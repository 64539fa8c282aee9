import { z } from 'zod';
import { LEVELS } from './model/compatibility.ts';

/** An item as its registration carries it. */
const registeredItem = z.object({
  nsn: z.string(),
  supplyClass: z.string(),
  ncb: z.string(),
  name: z.string(),
  family: z.string(),
  standards: z.array(z.string()),
  unitOfIssue: z.string(),
  referencePrice: z.object({ minor: z.string().regex(/^\d+$/), currency: z.string() }).nullable(),
  restricted: z.boolean(),
  verified: z.boolean(),
  source: z.string(),
});

/**
 * The catalogue's events, as written to the ledger. Changing one is changing history: add a new
 * event type instead. Money travels as a string of digits (minor units).
 */
export const catalogueEvents = {
  ItemRegistered: registeredItem,
  /**
   * Rows of an import that created or revised an item, in file order (the later row of an NSN
   * wins): an event for many items rather than one each keeps a million-row import to thousands
   * of ledger rows instead of a million.
   */
  ItemsImported: z.object({ items: z.array(registeredItem) }),
  PlatformRegistered: z.object({
    id: z.string(),
    name: z.string(),
    family: z.string(),
    description: z.string(),
    verified: z.boolean(),
    source: z.string(),
  }),
  CompatibilityAssessed: z.object({
    nsn: z.string(),
    platform: z.string(),
    level: z.enum(LEVELS),
    source: z.string(),
    asOf: z.string(),
  }),
  FleetSet: z.object({ nation: z.string(), platform: z.string(), count: z.number().int().min(0) }),
  AcceptedLevelSet: z.object({ nation: z.string(), family: z.string(), level: z.enum(LEVELS) }),
} as const;

export type CatalogueEventType = keyof typeof catalogueEvents;
export type CatalogueEventPayload<T extends CatalogueEventType> = z.infer<
  (typeof catalogueEvents)[T]
>;
