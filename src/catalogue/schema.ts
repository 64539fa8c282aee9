import { z } from 'zod';
import { LEVELS } from './model/compatibility.ts';
import { isNsn, parseNsn } from './model/nsn.ts';

/** An NSN in either written form, answered in the canonical one. */
export const ZNsnInput = z.string().transform((text, ctx) => {
  const parsed = parseNsn(text);
  if (isNsn(parsed)) return parsed.canonical;
  ctx.addIssue({ code: 'custom', message: parsed.reason });
  return z.NEVER;
});

const ZLevel = z.enum(LEVELS);
/** Levels a nation may accept: `not-compatible` is never acceptable. */
const ZAcceptable = z.enum(['qualified', 'compatible-unqualified']);

/** An item as the API shows it. */
export const ZItem = z
  .object({
    nsn: z.string().describe('NATO Stock Number, NNNN-NN-NNN-NNNN.'),
    supplyClass: z.string(),
    ncb: z.string().describe('The NATO Codification Bureau that codified it.'),
    name: z.string(),
    family: z.string(),
    standards: z.array(z.string()),
    unitOfIssue: z.string(),
    referencePrice: z
      .object({ minor: z.string().describe('Integer minor units.'), currency: z.string() })
      .nullable(),
    restricted: z.boolean(),
    verified: z.boolean().describe('False for illustrative or unconfirmed facts.'),
    source: z.string(),
  })
  .meta({ id: 'Item' });

/** Registering or revising an item (its NSN is in the path). */
export const ZItemInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    family: z.string().trim().min(1).max(80),
    standards: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
    unitOfIssue: z.string().trim().min(1).max(20).default('EA'),
    referencePrice: z
      .object({
        minor: z.string().regex(/^\d{1,18}$/, 'integer minor units, as a string of digits'),
        currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
      })
      .nullable()
      .default(null),
    restricted: z.boolean().default(false),
    verified: z.boolean(),
    source: z.string().trim().min(1).max(500),
  })
  .meta({ id: 'ItemRegistration' });

/** A weapon platform. */
export const ZPlatform = z
  .object({
    id: z.string(),
    name: z.string(),
    family: z.string().describe('The family of items it fires.'),
    description: z.string(),
    verified: z.boolean(),
    source: z.string(),
  })
  .meta({ id: 'Platform' });

/** Registering or revising a platform (its id is in the path). */
export const ZPlatformInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    family: z.string().trim().min(1).max(80),
    description: z.string().trim().max(500).default(''),
    verified: z.boolean(),
    source: z.string().trim().min(1).max(500),
  })
  .meta({ id: 'PlatformRegistration' });

/** An assessed compatibility edge. */
export const ZCompatibility = z
  .object({
    nsn: z.string(),
    platform: z.string(),
    level: ZLevel,
    source: z.string().trim().min(1).max(500),
    asOf: z.iso.date(),
  })
  .meta({ id: 'Compatibility' });

/** One assessment in an edge's history. */
export const ZAssessment = z
  .object({
    nsn: z.string(),
    platform: z.string(),
    level: ZLevel,
    source: z.string(),
    asOf: z.iso.date(),
    recordedBy: z.string().describe('Who recorded it: `user:ID`, or `system:…` for imports.'),
    recordedAt: z.iso.datetime().describe('When the ledger recorded it.'),
  })
  .meta({ id: 'Assessment' });

/** Search parameters. */
export const ZItemSearch = z.object({
  nsn: z.string().max(16).optional().describe('An NSN or its beginning, with or without dashes.'),
  supplyClass: z
    .string()
    .regex(/^\d{4}$/, 'four digits')
    .optional(),
  family: z.string().max(80).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Words of the name or family.'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** A level to ask views at. */
export const ZLevelQuery = z.object({ level: ZAcceptable.default('qualified') });

/** A fleet entry. */
export const ZFleetCount = z
  .object({ count: z.number().int().min(0).max(100_000) })
  .meta({ id: 'FleetCount' });

/** The level a nation accepts for a family. */
export const ZAcceptedLevel = z.object({ level: ZAcceptable }).meta({ id: 'AcceptedLevel' });

/** Substitutes on a line. */
export const ZSubstitutes = z
  .object({ accepted: ZLevel, platforms: z.array(z.string()), items: z.array(ZItem) })
  .meta({ id: 'Substitutes' });

/** A nation's interoperability for a family. */
export const ZInteroperability = z
  .object({
    nation: z.string(),
    family: z.string(),
    accepted: ZLevel,
    scores: z.array(z.object({ nsn: z.string(), share: z.number().min(0).max(1) })),
  })
  .meta({ id: 'Interoperability' });

/** A nation code in a path. */
export const ZNation = z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3');
