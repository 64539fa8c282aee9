import type { CommandScope } from '../platform/command.ts';
import { DomainError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { JsonObject, NewEvent } from '../platform/ledger/model.ts';
import { streamVersion } from '../platform/ledger/store.ts';
import type { CatalogueEventPayload, CatalogueEventType } from './events.ts';
import {
  type Compatibility,
  type Item,
  type Platform,
  type Registration,
  registrationOf,
} from './model/catalogue.ts';
import type { Level } from './model/compatibility.ts';
import { findItem, findPlatform, itemsByNsn } from './store.ts';

function event<T extends CatalogueEventType>(type: T, payload: CatalogueEventPayload<T>): NewEvent {
  return { id: newId(), type, payload: payload as unknown as JsonObject };
}

async function record<T extends CatalogueEventType>(
  scope: CommandScope,
  stream: string,
  type: T,
  payload: CatalogueEventPayload<T>,
): Promise<void> {
  await scope.record(stream, await streamVersion(scope.trx, stream), [event(type, payload)]);
}

const itemStream = (nsn: string) => `item:${nsn}`;

/** An item as an event carries it: the price in minor units as a string of digits. */
function registeredItem(item: Item): CatalogueEventPayload<'ItemRegistered'> {
  const price = item.referencePrice;
  return {
    ...item,
    referencePrice:
      price === null ? null : { minor: price.minor.toString(), currency: price.currency },
  };
}

/** Registers an item, or revises it when its NSN is known; an identical registration changes nothing. */
export async function registerItem(scope: CommandScope, item: Item): Promise<Registration> {
  const outcome = registrationOf(await findItem(scope.trx, item.nsn), item);
  if (outcome !== 'unchanged')
    await record(scope, itemStream(item.nsn), 'ItemRegistered', registeredItem(item));
  return outcome;
}

/**
 * Items per ItemsImported event. The database parses each event's text into its jsonb payload,
 * and that costs per byte several times more for a document of thousands of items than for one
 * of a hundred; an event per item would instead cost a ledger row, three index entries and a
 * stream each.
 */
const ITEMS_PER_EVENT = 100;

/**
 * Registers a batch of an import's items in one command, each item as if on its own: an item new
 * to the catalogue is created, a known one revised, an identical one left alone (and when none
 * changes, nothing is appended). The items that changed are recorded in file order, a hundred to
 * an event; when an NSN comes twice, the later item wins and both registrations stay in the
 * ledger. The batch has a stream of its own, so that batches of one import can be written side
 * by side. Returns what happened to each item.
 */
export async function importItemBatch(
  scope: CommandScope,
  items: readonly Item[],
): Promise<Registration[]> {
  const nsns = [...new Set(items.map((item) => item.nsn))];
  const catalogue = new Map((await itemsByNsn(scope.trx, nsns)).map((item) => [item.nsn, item]));
  const changed: CatalogueEventPayload<'ItemRegistered'>[] = [];
  const outcomes = items.map((item) => {
    const outcome = registrationOf(catalogue.get(item.nsn), item);
    if (outcome === 'unchanged') return outcome;
    catalogue.set(item.nsn, item);
    changed.push(registeredItem(item));
    return outcome;
  });
  const events: NewEvent[] = [];
  for (let start = 0; start < changed.length; start += ITEMS_PER_EVENT)
    events.push(event('ItemsImported', { items: changed.slice(start, start + ITEMS_PER_EVENT) }));
  if (events.length > 0) await scope.record(`items-imported:${newId()}`, 0n, events);
  return outcomes;
}

/** Registers a weapon platform, or revises it. */
export async function registerPlatform(scope: CommandScope, platform: Platform): Promise<Platform> {
  await record(scope, `platform:${platform.id}`, 'PlatformRegistered', platform);
  return platform;
}

/** Records how an item fits a platform; the previous level stays in the ledger as history. */
export async function assessCompatibility(
  scope: CommandScope,
  edge: Compatibility,
): Promise<Compatibility> {
  if ((await findItem(scope.trx, edge.nsn)) === undefined) {
    throw new DomainError('VALIDATION_FAILED', `body.nsn: no item ${edge.nsn}.`, [
      { path: 'body.nsn', message: `no item ${edge.nsn}` },
    ]);
  }
  if ((await findPlatform(scope.trx, edge.platform)) === undefined) {
    throw new DomainError('VALIDATION_FAILED', `body.platform: no platform ${edge.platform}.`, [
      { path: 'body.platform', message: `no platform ${edge.platform}` },
    ]);
  }
  await record(scope, `compatibility:${edge.nsn}:${edge.platform}`, 'CompatibilityAssessed', edge);
  return edge;
}

/** Sets how many of a platform a nation fields (0 removes it). */
export async function setFleetCount(
  scope: CommandScope,
  nation: string,
  platform: string,
  count: number,
): Promise<void> {
  if ((await findPlatform(scope.trx, platform)) === undefined) {
    throw new DomainError('VALIDATION_FAILED', `body.platform: no platform ${platform}.`, [
      { path: 'body.platform', message: `no platform ${platform}` },
    ]);
  }
  await record(scope, `fleet:${nation}`, 'FleetSet', { nation, platform, count });
}

/** Sets the level a nation accepts for substitutes in a family. */
export async function setAcceptedLevelOf(
  scope: CommandScope,
  nation: string,
  family: string,
  level: Level,
): Promise<void> {
  await record(scope, `accepted-level:${nation}`, 'AcceptedLevelSet', { nation, family, level });
}
