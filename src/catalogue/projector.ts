import type { Projector } from '../platform/ledger/projector.ts';
import { catalogueEvents } from './events.ts';
import {
  CATALOGUE_TABLES,
  setAcceptedLevel,
  setFleet,
  upsertCompatibility,
  upsertItem,
  upsertPlatform,
} from './store.ts';

/** Keeps the catalogue's tables in step with the ledger. */
export const catalogueProjector: Projector = {
  name: 'catalogue',
  tables: CATALOGUE_TABLES,
  async project(trx, events) {
    for (const event of events) {
      switch (event.type) {
        case 'ItemRegistered': {
          const item = catalogueEvents.ItemRegistered.parse(event.payload);
          const price = item.referencePrice;
          await upsertItem(
            trx,
            {
              ...item,
              referencePrice:
                price === null ? null : { minor: BigInt(price.minor), currency: price.currency },
            },
            event.id,
          );
          break;
        }
        case 'PlatformRegistered':
          await upsertPlatform(
            trx,
            catalogueEvents.PlatformRegistered.parse(event.payload),
            event.id,
          );
          break;
        case 'CompatibilityAssessed':
          await upsertCompatibility(
            trx,
            catalogueEvents.CompatibilityAssessed.parse(event.payload),
            event.id,
          );
          break;
        case 'FleetSet': {
          const { nation, platform, count } = catalogueEvents.FleetSet.parse(event.payload);
          await setFleet(trx, nation, platform, count, event.id);
          break;
        }
        case 'AcceptedLevelSet': {
          const { nation, family, level } = catalogueEvents.AcceptedLevelSet.parse(event.payload);
          await setAcceptedLevel(trx, nation, family, level, event.id);
          break;
        }
      }
    }
  },
};
