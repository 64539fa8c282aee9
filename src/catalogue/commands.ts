import type { CommandScope } from '../platform/command.ts';
import { DomainError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { JsonObject, NewEvent } from '../platform/ledger/model.ts';
import { streamVersion, streamVersions } from '../platform/ledger/store.ts';
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

function itemRegistered(item: Item): NewEvent {
  const price = item.referencePrice;
  return event('ItemRegistered', {
    ...item,
    referencePrice:
      price === null ? null : { minor: price.minor.toString(), currency: price.currency },
  });
}

/**
 * Registers items in one command, each as if on its own: an item new to the catalogue is created,
 * a known one revised, an identical one left alone (nothing appended). When an NSN comes twice,
 * the later item wins and both registrations stay in its history. Returns what happened to each.
 */
export async function registerItems(
  scope: CommandScope,
  items: readonly Item[],
): Promise<Registration[]> {
  const nsns = [...new Set(items.map((item) => item.nsn))];
  const catalogue = new Map((await itemsByNsn(scope.trx, nsns)).map((item) => [item.nsn, item]));
  const versions = await streamVersions(scope.trx, nsns.map(itemStream));
  const appends = new Map<
    string,
    { stream: string; expectedVersion: bigint; events: NewEvent[] }
  >();
  const outcomes = items.map((item) => {
    const outcome = registrationOf(catalogue.get(item.nsn), item);
    if (outcome === 'unchanged') return outcome;
    catalogue.set(item.nsn, item);
    const stream = itemStream(item.nsn);
    const appending = appends.get(stream) ?? {
      stream,
      expectedVersion: versions.get(stream) ?? 0n,
      events: [],
    };
    appending.events.push(itemRegistered(item));
    appends.set(stream, appending);
    return outcome;
  });
  await scope.recordStreams([...appends.values()]);
  return outcomes;
}

/** Registers an item, or revises it when its NSN is known; an identical registration changes nothing. */
export async function registerItem(scope: CommandScope, item: Item): Promise<Registration> {
  const [outcome] = await registerItems(scope, [item]);
  return outcome ?? 'unchanged';
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
