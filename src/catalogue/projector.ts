import type { Projector } from '../platform/ledger/projector.ts';
import { type CatalogueEventPayload, catalogueEvents } from './events.ts';
import type { Item } from './model/catalogue.ts';
import {
  addAssessment,
  CATALOGUE_TABLES,
  type RegisteredItem,
  setAcceptedLevel,
  setFleet,
  upsertCompatibility,
  upsertItems,
  upsertPlatform,
} from './store.ts';

/** Keeps the catalogue's tables in step with the ledger. */
export const catalogueProjector: Projector = {
  name: 'catalogue',
  tables: CATALOGUE_TABLES,
  async project(trx, events) {
    // Runs of item registrations (an import's batches, a replay) are written in one statement.
    let items: RegisteredItem[] = [];
    for (const event of events) {
      if (event.type === 'ItemRegistered') {
        items.push({
          item: itemOf(catalogueEvents.ItemRegistered.parse(event.payload)),
          eventId: event.id,
        });
        continue;
      }
      if (event.type === 'ItemsImported') {
        for (const item of catalogueEvents.ItemsImported.parse(event.payload).items)
          items.push({ item: itemOf(item), eventId: event.id });
        continue;
      }
      await upsertItems(trx, items);
      items = [];
      switch (event.type) {
        case 'PlatformRegistered':
          await upsertPlatform(
            trx,
            catalogueEvents.PlatformRegistered.parse(event.payload),
            event.id,
          );
          break;
        case 'CompatibilityAssessed': {
          const edge = catalogueEvents.CompatibilityAssessed.parse(event.payload);
          await upsertCompatibility(trx, edge, event.id);
          await addAssessment(trx, edge, {
            eventId: event.id,
            actor: event.actor,
            recordedAt: event.recordedAt,
          });
          break;
        }
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
    await upsertItems(trx, items);
  },
};

function itemOf(item: CatalogueEventPayload<'ItemRegistered'>): Item {
  const price = item.referencePrice;
  return {
    ...item,
    referencePrice:
      price === null ? null : { minor: BigInt(price.minor), currency: price.currency },
  };
}
