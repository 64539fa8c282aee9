import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { decide } from '../../platform/access/policy.ts';
import type { Executor } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Item } from '../model/catalogue.ts';
import { isNsn, parseNsn } from '../model/nsn.ts';
import { findItem } from '../queries.ts';

/** An item as the API shows it: money as a string of digits. */
export function shown(item: Item) {
  return {
    ...item,
    referencePrice:
      item.referencePrice === null
        ? null
        : { minor: item.referencePrice.minor.toString(), currency: item.referencePrice.currency },
  };
}

/** Whether the caller may see restricted items. */
export const mayReadRestricted = (request: FastifyRequest) =>
  decide(request.principal, 'restricted-catalogue', 'read').allowed;

/** The item a path names, or a 404 when there is none or the caller may not see it. */
export async function visibleItem(
  db: Executor,
  request: FastifyRequest,
  nsn: string,
): Promise<Item> {
  const item = await findItem(db, nsnOf(nsn));
  if (item === undefined || (item.restricted && !mayReadRestricted(request))) {
    throw new DomainError('NOT_FOUND', `No item ${nsn}.`);
  }
  return item;
}

/** The NSN of a path, in canonical form, or a 400 naming the path parameter. */
export function nsnOf(text: string): string {
  const parsed = parseNsn(text);
  if (!isNsn(parsed))
    throw new DomainError('VALIDATION_FAILED', `params.nsn: ${parsed.reason}.`, [
      { path: 'params.nsn', message: parsed.reason },
    ]);
  return parsed.canonical;
}

/** A path parameter naming an item by NSN. */
export const ZNsnParams = z.object({ nsn: z.string().max(20) });
/** A path parameter naming a platform. */
export const ZPlatformParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'letters, digits, dots, dashes'),
});
