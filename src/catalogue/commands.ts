import type { CommandScope } from '../platform/command.ts';
import { DomainError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { JsonObject } from '../platform/ledger/model.ts';
import { streamVersion } from '../platform/ledger/store.ts';
import type { CatalogueEventPayload, CatalogueEventType } from './events.ts';
import { type Compatibility, type Item, type Platform, sameItem } from './model/catalogue.ts';
import type { Level } from './model/compatibility.ts';
import { findItem, findPlatform } from './store.ts';

function event<T extends CatalogueEventType>(type: T, payload: CatalogueEventPayload<T>) {
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

/** Registers an item, or revises it when its NSN is known; an identical registration changes nothing. */
export async function registerItem(
  scope: CommandScope,
  item: Item,
): Promise<'created' | 'revised' | 'unchanged'> {
  const existing = await findItem(scope.trx, item.nsn);
  if (existing !== undefined && sameItem(existing, item)) return 'unchanged';
  const price = item.referencePrice;
  await record(scope, `item:${item.nsn}`, 'ItemRegistered', {
    ...item,
    referencePrice:
      price === null ? null : { minor: price.minor.toString(), currency: price.currency },
  });
  return existing === undefined ? 'created' : 'revised';
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
